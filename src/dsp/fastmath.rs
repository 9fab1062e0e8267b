//! Cheap approximations of log2, exp2 and tanh for per-sample dynamics and
//! saturation. Accuracy is stated per function and checked in the tests below.

/// log2(x) for x > 0, absolute error < 1e-5 (6e-5 dB when scaled to dB).
#[inline]
pub fn log2(x: f32) -> f32 {
    let bits = x.to_bits();
    let exponent = ((bits >> 23) & 0xff) as i32 - 127;
    // Mantissa m in [1, 2); log2(m) by a minimax-style polynomial in (m - 1).
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    let t = m - 1.0;
    let p = t
        * (1.442_553_2
            + t * (-0.718_282_9
                + t * (0.458_277_3 + t * (-0.279_554_9 + t * (0.123_469_9 + t * -0.026_464_7)))));
    exponent as f32 + p
}

/// 2^x, relative error < 1e-6 for |x| < 126.
#[inline]
pub fn exp2(x: f32) -> f32 {
    let x = x.clamp(-126.0, 126.0);
    // floor without a libm call (baseline x86-64 has no rounding instruction).
    let truncated = x as i32 as f32;
    let xi = if truncated > x {
        truncated - 1.0
    } else {
        truncated
    };
    let f = x - xi;
    // 2^f on [0, 1) by a degree-5 polynomial.
    let p = 1.0
        + f * (0.693_151_3
            + f * (0.240_164_5 + f * (0.055_799_7 + f * (0.009_017_3 + f * 0.001_867_0))));
    let scale = f32::from_bits(((xi as i32 + 127) as u32) << 23);
    p * scale
}

/// Amplitude to decibels.
#[inline]
pub fn gain_to_db(x: f32) -> f32 {
    // 20·log10(x) = 20·log10(2)·log2(x)
    6.020_6 * log2(x.max(1e-30))
}

/// Decibels to amplitude.
#[inline]
pub fn db_to_gain(db: f32) -> f32 {
    // 10^(db/20) = 2^(db · log2(10) / 20)
    exp2(db * 0.166_096_4)
}

/// tanh(x), absolute error < 2e-4, exactly odd and bounded by 1.
#[inline]
pub fn tanh(x: f32) -> f32 {
    // Padé-style rational approximation on a clamped range; tanh(4.97) is
    // within 1e-4 of 1, so clamping there costs no accuracy.
    let x = x.clamp(-4.97, 4.97);
    let x2 = x * x;
    let num = x * (135_135.0 + x2 * (17_325.0 + x2 * (378.0 + x2)));
    let den = 135_135.0 + x2 * (62_370.0 + x2 * (3_150.0 + x2 * 28.0));
    (num / den).clamp(-1.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log2_is_accurate() {
        let mut worst = 0.0f32;
        let mut x = 1e-6f32;
        while x < 1e6 {
            worst = worst.max((log2(x) - x.log2()).abs());
            x *= 1.013;
        }
        assert!(worst < 1e-5, "worst log2 error {worst}");
    }

    #[test]
    fn exp2_is_accurate() {
        let mut worst = 0.0f32;
        let mut x = -30.0f32;
        while x < 30.0 {
            worst = worst.max((exp2(x) / x.exp2() - 1.0).abs());
            x += 0.0137;
        }
        assert!(worst < 1e-6, "worst exp2 relative error {worst}");
    }

    #[test]
    fn tanh_is_accurate_and_bounded() {
        let mut worst = 0.0f32;
        let mut x = -20.0f32;
        while x < 20.0 {
            let y = tanh(x);
            assert!(y.abs() <= 1.0);
            worst = worst.max((y - x.tanh()).abs());
            x += 0.001;
        }
        assert!(worst < 2e-4, "worst tanh error {worst}");
    }
}
