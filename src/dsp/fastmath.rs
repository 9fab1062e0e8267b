//! Cheap approximations of log2, exp2 and tanh for per-sample dynamics and
//! saturation. Accuracy is stated per function and checked in the tests
//! below, for both the plain and the fused multiply-add forms.
//!
//! They are written to vectorise when called inside a loop over lanes or
//! samples: bounds are compare-and-select ([`simd::max`]/[`simd::min`]), the
//! floor in `exp2` is the 1.5·2²³ rounding trick, and nothing converts a
//! float to an integer with Rust's saturating `as`.

use super::simd::{self, madd};

/// 1.5·2²³: adding it rounds an f32 below 2²² to an integer, which then
/// sits in the low mantissa bits.
const ROUNDER: f32 = 12_582_912.0;

/// log2(x) for x > 0, absolute error < 1e-5 (6e-5 dB when scaled to dB).
#[inline(always)]
pub fn log2<const FMA: bool>(x: f32) -> f32 {
    let bits = x.to_bits();
    let exponent = ((bits >> 23) & 0xff) as i32 - 127;
    // Mantissa m in [1, 2); log2(m) by a minimax-style polynomial in (m - 1).
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    let t = m - 1.0;
    let p = madd::<FMA>(t, -0.026_464_7, 0.123_469_9);
    let p = madd::<FMA>(t, p, -0.279_554_9);
    let p = madd::<FMA>(t, p, 0.458_277_3);
    let p = madd::<FMA>(t, p, -0.718_282_9);
    let p = madd::<FMA>(t, p, 1.442_553_2);
    madd::<FMA>(t, p, exponent as f32)
}

/// 2^x, relative error < 1e-6 for |x| < 126 (clamped there).
#[inline(always)]
pub fn exp2<const FMA: bool>(x: f32) -> f32 {
    let x = simd::min(simd::max(x, -126.0), 126.0);
    // Round x − ½ to the nearest integer: floor(x), or x − 1 when x is an
    // integer itself (then f = 1, which the polynomial covers).
    let shifted = (x - 0.5) + ROUNDER;
    let xi = shifted - ROUNDER;
    let f = x - xi;
    // 2^f on [0, 1] by a degree-5 polynomial.
    let p = madd::<FMA>(f, 0.001_867_0, 0.009_017_3);
    let p = madd::<FMA>(f, p, 0.055_799_7);
    let p = madd::<FMA>(f, p, 0.240_164_5);
    let p = madd::<FMA>(f, p, 0.693_151_3);
    let p = madd::<FMA>(f, p, 1.0);
    // The integer sits in the low mantissa bits of `shifted`; + 127 and a
    // shift by 23 leave exactly (xi + 127) in the exponent field.
    let scale = f32::from_bits(shifted.to_bits().wrapping_add(127) << 23);
    p * scale
}

/// Amplitude to decibels (amplitudes under 1e-30 read as 1e-30).
#[inline(always)]
pub fn gain_to_db<const FMA: bool>(x: f32) -> f32 {
    // 20·log10(x) = 20·log10(2)·log2(x)
    6.020_6 * log2::<FMA>(simd::max(x, 1e-30))
}

/// Decibels to amplitude.
#[inline(always)]
pub fn db_to_gain<const FMA: bool>(db: f32) -> f32 {
    // 10^(db/20) = 2^(db · log2(10) / 20)
    exp2::<FMA>(db * 0.166_096_4)
}

/// tanh(x), absolute error < 2e-4, exactly odd and bounded by 1.
#[inline(always)]
pub fn tanh<const FMA: bool>(x: f32) -> f32 {
    // Padé-style rational approximation on a clamped range; tanh(4.97) is
    // within 1e-4 of 1, so clamping there costs no accuracy.
    let x = simd::min(simd::max(x, -4.97), 4.97);
    let x2 = x * x;
    let num = x * madd::<FMA>(x2, madd::<FMA>(x2, 378.0 + x2, 17_325.0), 135_135.0);
    let den = madd::<FMA>(
        x2,
        madd::<FMA>(x2, madd::<FMA>(x2, 28.0, 3_150.0), 62_370.0),
        135_135.0,
    );
    simd::min(simd::max(num / den, -1.0), 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(check: impl Fn(bool)) {
        check(false);
        check(true);
    }

    #[test]
    fn log2_is_accurate() {
        both(|fma| {
            let mut worst = 0.0f32;
            let mut x = 1e-6f32;
            while x < 1e6 {
                let y = if fma {
                    log2::<true>(x)
                } else {
                    log2::<false>(x)
                };
                worst = worst.max((y - x.log2()).abs());
                x *= 1.013;
            }
            assert!(worst < 1e-5, "worst log2 error {worst} (fma {fma})");
        });
    }

    #[test]
    fn exp2_is_accurate_including_at_integers() {
        both(|fma| {
            let mut worst = 0.0f32;
            let mut x = -30.0f32;
            while x < 30.0 {
                for v in [x, x.round()] {
                    let y = if fma {
                        exp2::<true>(v)
                    } else {
                        exp2::<false>(v)
                    };
                    worst = worst.max((y / v.exp2() - 1.0).abs());
                }
                x += 0.0137;
            }
            assert!(
                worst < 1e-6,
                "worst exp2 relative error {worst} (fma {fma})"
            );
        });
        assert_eq!(exp2::<false>(-200.0), 2f32.powi(-126));
        assert_eq!(exp2::<false>(200.0), 2f32.powi(126));
    }

    #[test]
    fn tanh_is_accurate_and_bounded() {
        both(|fma| {
            let mut worst = 0.0f32;
            let mut x = -20.0f32;
            while x < 20.0 {
                let y = if fma {
                    tanh::<true>(x)
                } else {
                    tanh::<false>(x)
                };
                assert!(y.abs() <= 1.0);
                worst = worst.max((y - x.tanh()).abs());
                x += 0.001;
            }
            assert!(worst < 2e-4, "worst tanh error {worst} (fma {fma})");
        });
    }
}
