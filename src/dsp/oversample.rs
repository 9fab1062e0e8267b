//! Polyphase FIR interpolation for true-peak estimation: the limiter and the
//! meters look at a 4× interpolated signal (ITU-R BS.1770-4 Annex 2). The
//! filter is a Kaiser-windowed sinc designed once at construction. (The
//! saturator oversamples with IIR half-bands instead, see
//! [`super::halfband`].)

use super::MAX_BLOCK;
use super::simd::{Isa, Simd, multiversion};

/// Modified Bessel function of the first kind, order 0 (power series).
fn bessel_i0(x: f64) -> f64 {
    let mut sum = 1.0;
    let mut term = 1.0;
    let half = x / 2.0;
    for k in 1..50 {
        term *= (half / k as f64).powi(2);
        sum += term;
        if term < 1e-12 * sum {
            break;
        }
    }
    sum
}

/// A linear-phase low-pass FIR: `taps` coefficients, cutoff as a fraction of
/// the sample rate (0.25 = a quarter of the rate), Kaiser window `beta`; unity
/// gain at DC.
pub fn kaiser_lowpass(taps: usize, cutoff: f64, beta: f64) -> Vec<f64> {
    let centre = (taps - 1) as f64 / 2.0;
    let norm = bessel_i0(beta);
    let mut h: Vec<f64> = (0..taps)
        .map(|i| {
            let t = i as f64 - centre;
            let sinc = if t == 0.0 {
                2.0 * cutoff
            } else {
                (2.0 * std::f64::consts::PI * cutoff * t).sin() / (std::f64::consts::PI * t)
            };
            let r = t / centre.max(1.0);
            sinc * bessel_i0(beta * (1.0 - r * r).max(0.0).sqrt()) / norm
        })
        .collect();
    let sum: f64 = h.iter().sum();
    for x in &mut h {
        *x /= sum;
    }
    h
}

/// A FIR filter run a block at a time, 64 outputs at once: their sums stay
/// in eight vector registers while every non-zero tap adds its shifted
/// inputs, so the taps' multiply-adds overlap instead of each waiting on
/// the last. Zero taps (every other tap of a half-band filter) cost
/// nothing, and the two taps of a symmetric pair share one multiply:
/// c·(x[a] + x[b]).
#[derive(Clone, Debug)]
struct BlockFir {
    isa: Isa,
    taps: Taps,
    /// The last `order` inputs, then room for one block.
    buf: Vec<f32>,
    order: usize,
}

/// A filter's non-zero taps: symmetric pairs (two delays, one coefficient)
/// and the rest, each as (delay in samples, coefficient).
#[derive(Clone, Debug)]
struct Taps {
    pairs: Vec<(usize, usize, f32)>,
    singles: Vec<(usize, f32)>,
}

impl Taps {
    fn of(h: &[f32]) -> Taps {
        let taps: Vec<(usize, f32)> = h
            .iter()
            .enumerate()
            .filter(|(_, c)| c.abs() > 1e-9)
            .map(|(k, &c)| (k, c))
            .collect();
        let n = taps.len();
        let span = taps.first().map_or(0, |t| t.0) + taps.last().map_or(0, |t| t.0);
        let symmetric = (0..n / 2).all(|i| {
            let (a, b) = (taps[i], taps[n - 1 - i]);
            a.1.to_bits() == b.1.to_bits() && a.0 + b.0 == span
        });
        if !symmetric {
            return Taps {
                pairs: Vec::new(),
                singles: taps,
            };
        }
        Taps {
            pairs: (0..n / 2)
                .map(|i| (taps[i].0, taps[n - 1 - i].0, taps[i].1))
                .collect(),
            singles: if n % 2 == 1 {
                vec![taps[n / 2]]
            } else {
                Vec::new()
            },
        }
    }

    fn order(&self) -> usize {
        let pairs = self.pairs.iter().map(|p| p.1);
        let singles = self.singles.iter().map(|s| s.0);
        pairs.chain(singles).max().unwrap_or(0)
    }
}

impl BlockFir {
    /// `h[k]` weighs the input `k` samples ago; blocks up to `max_len` long.
    fn new(h: &[f32], max_len: usize) -> Self {
        let taps = Taps::of(h);
        let order = taps.order();
        Self {
            isa: Isa::detect(),
            taps,
            buf: vec![0.0; order + max_len],
            order,
        }
    }

    /// Filters `x` into `y` (same length, at most `max_len`).
    fn run(&mut self, x: &[f32], y: &mut [f32]) {
        let (n, order) = (x.len(), self.order);
        self.buf[order..order + n].copy_from_slice(x);
        fir(
            self.isa,
            &self.taps,
            &self.buf[..order + n],
            order,
            &mut y[..n],
        );
        self.buf.copy_within(n..n + order, 0);
    }
}

multiversion! {
    fn fir(taps: &Taps, buf: &[f32], order: usize, y: &mut [f32]) => fir_kernel
}

/// `y[i] = Σ c·buf[order + i − k]` over the taps.
#[inline(always)]
fn fir_kernel<S: Simd>(s: S, taps: &Taps, buf: &[f32], order: usize, y: &mut [f32]) {
    let mut i = 0;
    while i + 64 <= y.len() {
        fir_outputs::<S, 8>(s, taps, buf, order + i, &mut y[i..i + 64]);
        i += 64;
    }
    while i + 8 <= y.len() {
        fir_outputs::<S, 1>(s, taps, buf, order + i, &mut y[i..i + 8]);
        i += 8;
    }
    for (j, out) in y.iter_mut().enumerate().skip(i) {
        let at = order + j;
        let pairs = taps
            .pairs
            .iter()
            .fold(0.0, |acc, &(a, b, c)| acc + c * (buf[at - a] + buf[at - b]));
        *out = taps
            .singles
            .iter()
            .fold(pairs, |acc, &(k, c)| acc + c * buf[at - k]);
    }
}

/// `8·V` consecutive outputs, the first at `buf[at]`'s position, their sums
/// in `V` vectors.
#[inline(always)]
fn fir_outputs<S: Simd, const V: usize>(s: S, taps: &Taps, buf: &[f32], at: usize, y: &mut [f32]) {
    let mut acc = [s.splat(0.0); V];
    for &(a, b, c) in &taps.pairs {
        let c = s.splat(c);
        let (xa, xb) = (&buf[at - a..at - a + 8 * V], &buf[at - b..at - b + 8 * V]);
        for (v, acc) in acc.iter_mut().enumerate() {
            let x = s.add(s.read(&xa[8 * v..]), s.read(&xb[8 * v..]));
            *acc = s.mul_add(c, x, *acc);
        }
    }
    for &(k, c) in &taps.singles {
        let (c, x) = (s.splat(c), &buf[at - k..at - k + 8 * V]);
        for (v, acc) in acc.iter_mut().enumerate() {
            *acc = s.mul_add(c, s.read(&x[8 * v..]), *acc);
        }
    }
    for (v, a) in acc.into_iter().enumerate() {
        s.write(a, &mut y[8 * v..]);
    }
}

/// Estimates the true peak of a sample stream at 4× oversampling
/// (ITU-R BS.1770-4 Annex 2).
///
/// The interpolator has 49 taps (13 per phase) with the cut-off at the input's
/// Nyquist frequency. That makes it a Nyquist filter: its group delay is
/// exactly [`TruePeak::LATENCY`] input samples and phase 0 reproduces the input
/// samples themselves, so a peak on a sample is never missed.
#[derive(Clone, Debug)]
pub struct TruePeak {
    phases: [BlockFir; 4],
    /// One phase's output for the block being processed.
    phase: Vec<f32>,
}

impl Default for TruePeak {
    fn default() -> Self {
        let h = kaiser_lowpass(49, 0.5 / 4.0, 7.0);
        Self {
            phases: std::array::from_fn(|p| {
                let taps: Vec<f64> = h.iter().skip(p).step_by(4).copied().collect();
                let sum: f64 = taps.iter().sum();
                let taps: Vec<f32> = taps.iter().map(|&t| (t / sum) as f32).collect();
                BlockFir::new(&taps, MAX_BLOCK)
            }),
            phase: vec![0.0; MAX_BLOCK],
        }
    }
}

impl TruePeak {
    /// Delay of the estimate, in input samples (the filter's group delay).
    pub const LATENCY: usize = 6;

    /// For each sample of `x`, writes into `peaks` the largest absolute value
    /// among the interpolated points since the previous sample (lagging the
    /// input by [`TruePeak::LATENCY`] samples). Any length.
    pub fn process(&mut self, x: &[f32], peaks: &mut [f32]) {
        for (x, peaks) in x.chunks(MAX_BLOCK).zip(peaks.chunks_mut(MAX_BLOCK)) {
            let phase = &mut self.phase[..x.len()];
            peaks.fill(0.0);
            for fir in &mut self.phases {
                fir.run(x, phase);
                for (p, v) in peaks.iter_mut().zip(phase.iter()) {
                    *p = p.max(v.abs());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowpass_has_unity_dc_gain_and_is_symmetric() {
        let h = kaiser_lowpass(63, 0.25, 8.0);
        assert!((h.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        for i in 0..31 {
            assert!((h[i] - h[62 - i]).abs() < 1e-15);
        }
    }

    #[test]
    fn true_peak_phase_zero_is_the_input_delayed() {
        let mut tp = TruePeak::default();
        let xs: Vec<f32> = (0..600)
            .map(|n| ((n * 7919) % 200) as f32 / 100.0 - 1.0)
            .collect();
        let mut phase0 = vec![0.0f32; xs.len()];
        for (x, y) in xs.chunks(MAX_BLOCK).zip(phase0.chunks_mut(MAX_BLOCK)) {
            tp.phases[0].run(x, y);
        }
        for n in TruePeak::LATENCY..xs.len() {
            assert!((phase0[n] - xs[n - TruePeak::LATENCY]).abs() < 1e-6);
        }
    }

    #[test]
    fn true_peak_finds_intersample_peak() {
        // A sine at fs/4 with 45° phase: samples sit at ±0.707, true peak is 1.
        let mut tp = TruePeak::default();
        let xs: Vec<f32> = (0..400)
            .map(|n| (std::f32::consts::FRAC_PI_2 * n as f32 + std::f32::consts::FRAC_PI_4).sin())
            .collect();
        let mut peaks = vec![0.0f32; xs.len()];
        tp.process(&xs, &mut peaks);
        let peak = peaks[50..].iter().fold(0.0f32, |m, &p| m.max(p));
        assert!((peak - 1.0).abs() < 0.02, "true peak {peak}");
    }
}
