//! First-order recursions y[n] = x[n] + a·y[n−1] over a block, eight
//! samples at a time.
//!
//! One sample after another, each step waits on the last multiply-add. As a
//! scan, three steps y[k] += aˢ·y[k − s] (s = 1, 2, 4) within eight samples
//! give y[k] = Σ_{j≤k} a^(k−j)·x[j], and the previous eight's last output
//! enters as a^(k+1)·y[−1]: the chain from one group of eight to the next is
//! one multiply-add. A one-pole low-pass, a DC blocker and a reverb line's
//! damping are all this recursion.

use super::simd::Simd;

/// The coefficient's powers a, a², a⁴ and a^(k+1) for k = 0…7.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Powers {
    steps: [f32; 3],
    carry: [f32; 8],
}

impl Powers {
    /// The powers of `a` (computed in f64).
    pub fn of(a: f32) -> Self {
        let a = a as f64;
        Self {
            steps: [a as f32, a.powi(2) as f32, a.powi(4) as f32],
            carry: std::array::from_fn(|k| a.powi(k as i32 + 1) as f32),
        }
    }

    /// a itself.
    pub fn a(&self) -> f32 {
        self.steps[0]
    }
}

/// y[n] = x[n] + a·y[n−1] over `x` in place, continuing from `last` (y[−1]),
/// which is left holding the block's last output. Call it from a kernel.
#[inline(always)]
pub fn one_pole<S: Simd>(s: S, x: &mut [f32], p: &Powers, last: &mut f32) {
    let (a1, a2, a4) = (
        s.splat(p.steps[0]),
        s.splat(p.steps[1]),
        s.splat(p.steps[2]),
    );
    let carry = s.read(&p.carry);
    let mut prev = s.splat(*last);
    let mut chunks = x.chunks_exact_mut(8);
    for chunk in &mut chunks {
        let mut y = s.read(chunk);
        y = s.mul_add(a1, s.shift_up::<1>(y), y);
        y = s.mul_add(a2, s.shift_up::<2>(y), y);
        y = s.mul_add(a4, s.shift_up::<4>(y), y);
        y = s.mul_add(carry, prev, y);
        s.write(y, chunk);
        prev = s.last(y);
    }
    let mut y = s.to_array(prev)[0];
    for v in chunks.into_remainder() {
        y = *v + p.steps[0] * y;
        *v = y;
    }
    *last = y;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::simd::{Isa, multiversion};

    fn run_kernel<S: Simd>(s: S, x: &mut [f32], p: &Powers, last: &mut f32) {
        one_pole(s, x, p, last);
    }

    multiversion! {
        fn run(x: &mut [f32], p: &Powers, last: &mut f32) => run_kernel
    }

    /// The scan gives what the recursion gives, on every instruction set,
    /// across calls and with a ragged end.
    #[test]
    fn the_scan_equals_the_recursion() {
        for a in [0.0f32, 0.3, -0.7, 0.999_345] {
            let p = Powers::of(a);
            let input: Vec<f32> = (0..203)
                .map(|i| ((i * 37 % 101) as f32 / 50.0 - 1.0) + 0.3)
                .collect();
            let mut y = 0.25f32;
            let want: Vec<f32> = input
                .iter()
                .map(|&x| {
                    y = x + a * y;
                    y
                })
                .collect();
            for isa in Isa::available() {
                let mut got = input.clone();
                let mut last = 0.25;
                run(isa, &mut got[..100], &p, &mut last);
                run(isa, &mut got[100..], &p, &mut last);
                for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                    assert!(
                        (g - w).abs() < 1e-4,
                        "a {a}, {} sample {i}: {g} vs {w}",
                        isa.name()
                    );
                }
                assert_eq!(last, got[202]);
            }
        }
    }
}
