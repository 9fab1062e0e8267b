//! Cheap approximations of log2, exp2 and tanh for per-sample dynamics and
//! saturation, on eight lanes at once ([`Simd`]). Accuracy is stated per
//! function and checked in the tests below on every instruction set.

use super::simd::{Portable, Simd};

/// 1.5·2²³: adding it rounds an f32 below 2²² to an integer, which then
/// sits in the low mantissa bits.
const ROUNDER: f32 = 12_582_912.0;

/// log2(x) for x > 0 (normal), absolute error < 1e-5 (6e-5 dB when scaled
/// to dB).
#[inline(always)]
pub fn log2<S: Simd>(s: S, x: S::F32) -> S::F32 {
    // Mantissa m in [1, 2); log2(m) by a minimax-style polynomial in (m - 1).
    let t = s.sub(s.mantissa(x), s.splat(1.0));
    let p = s.mul_add(t, s.splat(-0.026_464_7), s.splat(0.123_469_9));
    let p = s.mul_add(t, p, s.splat(-0.279_554_9));
    let p = s.mul_add(t, p, s.splat(0.458_277_3));
    let p = s.mul_add(t, p, s.splat(-0.718_282_9));
    let p = s.mul_add(t, p, s.splat(1.442_553_2));
    s.mul_add(t, p, s.exponent(x))
}

/// 2^x, relative error < 1e-6 for |x| < 126 (clamped there).
#[inline(always)]
pub fn exp2<S: Simd>(s: S, x: S::F32) -> S::F32 {
    let x = s.min(s.max(x, s.splat(-126.0)), s.splat(126.0));
    // Round x − ½ to the nearest integer: floor(x), or x − 1 when x is an
    // integer itself (then f = 1, which the polynomial covers).
    let shifted = s.add(s.sub(x, s.splat(0.5)), s.splat(ROUNDER));
    let f = s.sub(x, s.sub(shifted, s.splat(ROUNDER)));
    // 2^f on [0, 1] by a degree-5 polynomial.
    let p = s.mul_add(f, s.splat(0.001_867_0), s.splat(0.009_017_3));
    let p = s.mul_add(f, p, s.splat(0.055_799_7));
    let p = s.mul_add(f, p, s.splat(0.240_164_5));
    let p = s.mul_add(f, p, s.splat(0.693_151_3));
    let p = s.mul_add(f, p, s.splat(1.0));
    s.mul(p, s.pow2_rounded(shifted))
}

/// Amplitude to decibels (amplitudes under 1e-30 read as 1e-30).
#[inline(always)]
pub fn gain_to_db<S: Simd>(s: S, x: S::F32) -> S::F32 {
    // 20·log10(x) = 20·log10(2)·log2(x)
    s.mul(s.splat(6.020_6), log2(s, s.max(x, s.splat(1e-30))))
}

/// Decibels to amplitude.
#[inline(always)]
pub fn db_to_gain<S: Simd>(s: S, db: S::F32) -> S::F32 {
    // 10^(db/20) = 2^(db · log2(10) / 20)
    exp2(s, s.mul(db, s.splat(0.166_096_4)))
}

/// tanh(x), absolute error < 2e-4, odd and bounded by 1.
#[inline(always)]
pub fn tanh<S: Simd>(s: S, x: S::F32) -> S::F32 {
    // Padé-style rational approximation on a clamped range; tanh(4.97) is
    // within 1e-4 of 1, so clamping there costs no accuracy.
    let x = s.min(s.max(x, s.splat(-4.97)), s.splat(4.97));
    let x2 = s.mul(x, x);
    let num = s.mul_add(x2, s.add(x2, s.splat(378.0)), s.splat(17_325.0));
    let num = s.mul(x, s.mul_add(x2, num, s.splat(135_135.0)));
    let den = s.mul_add(x2, s.splat(28.0), s.splat(3_150.0));
    let den = s.mul_add(x2, den, s.splat(62_370.0));
    let den = s.mul_add(x2, den, s.splat(135_135.0));
    // On the clamped range the approximant stays below 1 − 6e-7, more than
    // the rounding and the reciprocal's error add: no clamp is needed after.
    s.mul(num, s.recip(den))
}

/// [`tanh`] of one value, on the portable instruction set.
pub fn tanh1(x: f32) -> f32 {
    Portable.to_array(tanh(Portable, Portable.splat(x)))[0]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::simd::{Isa, multiversion};

    #[derive(Clone, Copy)]
    enum F {
        Log2,
        Exp2,
        Tanh,
    }

    fn apply_kernel<S: Simd>(s: S, f: F, x: &[f32], y: &mut [f32]) {
        for (x, y) in x.chunks_exact(8).zip(y.chunks_exact_mut(8)) {
            let v = s.read(x);
            let r = match f {
                F::Log2 => log2(s, v),
                F::Exp2 => exp2(s, v),
                F::Tanh => tanh(s, v),
            };
            s.write(r, y);
        }
    }

    multiversion! {
        fn apply(f: F, x: &[f32], y: &mut [f32]) => apply_kernel
    }

    /// `f` over `xs` on every instruction set.
    fn each_isa(f: F, xs: &[f32], check: impl Fn(&str, &[f32])) {
        let n = xs.len() / 8 * 8;
        for isa in Isa::available() {
            let mut y = vec![0.0; n];
            apply(isa, f, &xs[..n], &mut y);
            check(isa.name(), &y);
        }
    }

    #[test]
    fn log2_is_accurate() {
        let xs: Vec<f32> = (0..2200).map(|i| 1e-6 * 1.013f32.powi(i)).collect();
        each_isa(F::Log2, &xs, |isa, y| {
            let worst = xs
                .iter()
                .zip(y)
                .map(|(x, y)| (y - x.log2()).abs())
                .fold(0.0, f32::max);
            assert!(worst < 1e-5, "worst log2 error {worst} ({isa})");
        });
    }

    #[test]
    fn exp2_is_accurate_including_at_integers() {
        let xs: Vec<f32> = (0..4400)
            .map(|i| {
                let x = -30.0 + 0.0137 * (i / 2) as f32;
                if i % 2 == 0 { x } else { x.round() }
            })
            .collect();
        each_isa(F::Exp2, &xs, |isa, y| {
            let worst = xs
                .iter()
                .zip(y)
                .map(|(x, y)| (y / x.exp2() - 1.0).abs())
                .fold(0.0, f32::max);
            assert!(worst < 1e-6, "worst exp2 relative error {worst} ({isa})");
        });
        let ends = [-200.0f32, 200.0, -126.0, 126.0, 0.0, -0.0, 1.0, -1.0];
        each_isa(F::Exp2, &ends, |isa, y| {
            assert_eq!(y[0], 2f32.powi(-126), "{isa}");
            assert_eq!(y[1], 2f32.powi(126), "{isa}");
            assert_eq!(y[4], 1.0, "exp2(0) is exactly 1 ({isa})");
            assert_eq!(y[5], 1.0, "exp2(-0) is exactly 1 ({isa})");
        });
    }

    #[test]
    fn tanh_is_accurate_and_bounded() {
        let xs: Vec<f32> = (0..40_000).map(|i| -20.0 + 0.001 * i as f32).collect();
        each_isa(F::Tanh, &xs, |isa, y| {
            assert!(y.iter().all(|y| y.abs() <= 1.0), "{isa}");
            let worst = xs
                .iter()
                .zip(y)
                .map(|(x, y)| (y - x.tanh()).abs())
                .fold(0.0, f32::max);
            assert!(worst < 2e-4, "worst tanh error {worst} ({isa})");
        });
    }
}
