//! [`Simd`] on plain arrays: what the baseline build runs (the compiler maps
//! the lane loops onto SSE2 on x86-64, NEON on aarch64).

use super::{BASELINE_FMA, LANES, Lane, Simd};

/// The portable instruction set: arrays, one loop per operation.
#[derive(Clone, Copy, Debug, Default)]
pub struct Portable;

#[inline(always)]
fn map(a: Lane, f: impl Fn(f32) -> f32) -> Lane {
    std::array::from_fn(|l| f(a[l]))
}

#[inline(always)]
fn zip(a: Lane, b: Lane, f: impl Fn(f32, f32) -> f32) -> Lane {
    std::array::from_fn(|l| f(a[l], b[l]))
}

#[inline(always)]
fn fma32(a: f32, b: f32, c: f32) -> f32 {
    if BASELINE_FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

#[inline(always)]
fn fma64(a: f64, b: f64, c: f64) -> f64 {
    if BASELINE_FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

impl Simd for Portable {
    type F32 = Lane;
    type F64 = [f64; 4];

    #[inline(always)]
    fn splat(self, x: f32) -> Lane {
        [x; LANES]
    }
    #[inline(always)]
    fn load(self, lane: &Lane) -> Lane {
        *lane
    }
    #[inline(always)]
    fn store(self, v: Lane, lane: &mut Lane) {
        *lane = v;
    }
    #[inline(always)]
    fn read(self, x: &[f32]) -> Lane {
        x[..LANES].try_into().expect("eight samples")
    }
    #[inline(always)]
    fn write(self, v: Lane, x: &mut [f32]) {
        x[..LANES].copy_from_slice(&v);
    }
    #[inline(always)]
    fn to_array(self, v: Lane) -> Lane {
        v
    }
    #[inline(always)]
    fn add(self, a: Lane, b: Lane) -> Lane {
        zip(a, b, |a, b| a + b)
    }
    #[inline(always)]
    fn sub(self, a: Lane, b: Lane) -> Lane {
        zip(a, b, |a, b| a - b)
    }
    #[inline(always)]
    fn mul(self, a: Lane, b: Lane) -> Lane {
        zip(a, b, |a, b| a * b)
    }
    #[inline(always)]
    fn mul_add(self, a: Lane, b: Lane, c: Lane) -> Lane {
        std::array::from_fn(|l| fma32(a[l], b[l], c[l]))
    }
    #[inline(always)]
    fn min(self, a: Lane, b: Lane) -> Lane {
        zip(a, b, |a, b| if a < b { a } else { b })
    }
    #[inline(always)]
    fn max(self, a: Lane, b: Lane) -> Lane {
        zip(a, b, |a, b| if a > b { a } else { b })
    }
    #[inline(always)]
    fn abs(self, a: Lane) -> Lane {
        map(a, f32::abs)
    }
    #[inline(always)]
    fn recip(self, a: Lane) -> Lane {
        map(a, |a| 1.0 / a)
    }
    #[inline(always)]
    fn if_gt(self, a: Lane, b: Lane, then: Lane, other: Lane) -> Lane {
        std::array::from_fn(|l| if a[l] > b[l] { then[l] } else { other[l] })
    }
    #[inline(always)]
    fn if_ge(self, a: Lane, b: Lane, then: Lane, other: Lane) -> Lane {
        std::array::from_fn(|l| if a[l] >= b[l] { then[l] } else { other[l] })
    }
    #[inline(always)]
    fn swap_pairs(self, a: Lane) -> Lane {
        std::array::from_fn(|l| a[l ^ 1])
    }
    #[inline(always)]
    fn shift_up<const N: usize>(self, a: Lane) -> Lane {
        std::array::from_fn(|l| if l >= N { a[l - N] } else { 0.0 })
    }
    #[inline(always)]
    fn last(self, a: Lane) -> Lane {
        [a[LANES - 1]; LANES]
    }
    #[inline(always)]
    fn transpose(self, rows: [Lane; 8]) -> [Lane; 8] {
        std::array::from_fn(|i| std::array::from_fn(|j| rows[j][i]))
    }
    #[inline(always)]
    fn exponent(self, a: Lane) -> Lane {
        map(a, |a| (((a.to_bits() >> 23) & 0xff) as i32 - 127) as f32)
    }
    #[inline(always)]
    fn mantissa(self, a: Lane) -> Lane {
        map(a, |a| {
            f32::from_bits((a.to_bits() & 0x007f_ffff) | 0x3f80_0000)
        })
    }
    #[inline(always)]
    fn pow2_rounded(self, a: Lane) -> Lane {
        // n sits in the low mantissa bits; + 127 and a shift by 23 leave
        // exactly (n + 127) in the exponent field.
        map(a, |a| f32::from_bits(a.to_bits().wrapping_add(127) << 23))
    }
    #[inline(always)]
    fn splat64(self, x: f64) -> [f64; 4] {
        [x; 4]
    }
    #[inline(always)]
    fn read64(self, x: &[f64]) -> [f64; 4] {
        x[..4].try_into().expect("four values")
    }
    #[inline(always)]
    fn write64(self, v: [f64; 4], x: &mut [f64]) {
        x[..4].copy_from_slice(&v);
    }
    #[inline(always)]
    fn mul64(self, a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
        std::array::from_fn(|l| a[l] * b[l])
    }
    #[inline(always)]
    fn mul_add64(self, a: [f64; 4], b: [f64; 4], c: [f64; 4]) -> [f64; 4] {
        std::array::from_fn(|l| fma64(a[l], b[l], c[l]))
    }
    #[inline(always)]
    fn low64(self, v: Lane) -> [f64; 4] {
        std::array::from_fn(|l| v[l] as f64)
    }
    #[inline(always)]
    fn high64(self, v: Lane) -> [f64; 4] {
        std::array::from_fn(|l| v[l + 4] as f64)
    }
    #[inline(always)]
    fn narrow(self, low: [f64; 4], high: [f64; 4]) -> Lane {
        std::array::from_fn(|l| {
            if l < 4 {
                low[l] as f32
            } else {
                high[l - 4] as f32
            }
        })
    }
}
