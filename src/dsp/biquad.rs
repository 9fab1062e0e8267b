//! Second-order IIR sections ("biquads") and their designs.
//!
//! Designs follow Robert Bristow-Johnson's *Audio EQ Cookbook* (the analog
//! prototypes and the bilinear-transform coefficients). The bilinear transform
//! "cramps" bells near Nyquist: a Q 2, +9 dB bell at 16 kHz comes out about
//! half as wide as its analog prototype at 48 kHz, and octave-band drills use
//! 16 kHz. Bells are therefore designed by magnitude matching instead (after
//! M. Vicanek, *Matched Second Order Digital Filters*, 2016): the poles are the
//! analog poles mapped by z = e^(sT) (impulse invariance), and the zeros are
//! solved so the digital magnitude equals the analog one at DC, at the centre
//! frequency and at Nyquist. Shelves, high- and low-pass filters keep the
//! cookbook's bilinear design (a three-point match cannot follow the dip of a
//! resonant, high-Q shelf; the bilinear zero at Nyquist is what a user expects
//! of a 12 dB/oct low-pass).
//!
//! Frequencies are in Hz, gains in dB, the sample rate is [`FS`].

use super::FS;
use std::f64::consts::PI;

/// The filter shapes the strip's EQ offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A bell around the centre frequency.
    Peak,
    /// Lifts or cuts everything below the corner.
    LowShelf,
    /// Lifts or cuts everything above the corner.
    HighShelf,
    /// 12 dB/oct high-pass; `q` sets the resonance (0.707 = Butterworth).
    HighPass,
    /// 12 dB/oct low-pass; `q` sets the resonance (0.707 = Butterworth).
    LowPass,
}

/// Normalised biquad coefficients (a0 = 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coeffs {
    pub b0: f64,
    pub b1: f64,
    pub b2: f64,
    pub a1: f64,
    pub a2: f64,
}

impl Coeffs {
    /// The identity filter.
    pub const IDENTITY: Coeffs = Coeffs {
        b0: 1.0,
        b1: 0.0,
        b2: 0.0,
        a1: 0.0,
        a2: 0.0,
    };

    /// Designs a filter; `freq_hz` is clamped to 10 Hz … 0.49·fs and `q` to ≥ 0.1.
    pub fn design(shape: Shape, freq_hz: f32, gain_db: f32, q: f32) -> Coeffs {
        let f0 = (freq_hz as f64).clamp(10.0, 0.49 * FS as f64);
        let q = (q as f64).max(0.1);
        let gain_db = gain_db as f64;
        match shape {
            Shape::Peak => matched_peak(f0, gain_db, q),
            _ => rbj(shape, f0, gain_db, q),
        }
    }

    /// Magnitude response in dB at `freq_hz`.
    pub fn magnitude_db(&self, freq_hz: f64) -> f64 {
        let w = 2.0 * PI * freq_hz / FS as f64;
        let (c1, s1, c2, s2) = (w.cos(), w.sin(), (2.0 * w).cos(), (2.0 * w).sin());
        let nr = self.b0 + self.b1 * c1 + self.b2 * c2;
        let ni = -(self.b1 * s1 + self.b2 * s2);
        let dr = 1.0 + self.a1 * c1 + self.a2 * c2;
        let di = -(self.a1 * s1 + self.a2 * s2);
        10.0 * ((nr * nr + ni * ni) / (dr * dr + di * di)).log10()
    }
}

/// Squared magnitude of the cookbook's analog prototype at `freq_hz`.
///
/// This is the reference every digital design is measured against.
pub fn analog_magnitude_sq(shape: Shape, f0_hz: f64, gain_db: f64, q: f64, freq_hz: f64) -> f64 {
    let a = 10f64.powf(gain_db / 40.0);
    let w = freq_hz / f0_hz; // normalised Ω = ω/ω0; s = jΩ
    let w2 = w * w;
    // |(c0 + c1·s + c2·s²)|² at s = jΩ
    let poly = |c0: f64, c1: f64, c2: f64| (c0 - c2 * w2).powi(2) + (c1 * w).powi(2);
    match shape {
        Shape::Peak => poly(1.0, a / q, 1.0) / poly(1.0, 1.0 / (a * q), 1.0),
        Shape::LowShelf => a * a * poly(a, a.sqrt() / q, 1.0) / poly(1.0, a.sqrt() / q, a),
        Shape::HighShelf => a * a * poly(1.0, a.sqrt() / q, a) / poly(a, a.sqrt() / q, 1.0),
        Shape::LowPass => 1.0 / poly(1.0, 1.0 / q, 1.0),
        Shape::HighPass => poly(0.0, 0.0, 1.0) / poly(1.0, 1.0 / q, 1.0),
    }
}

/// The cookbook's bilinear-transform coefficients (with frequency pre-warping).
pub fn rbj(shape: Shape, f0: f64, gain_db: f64, q: f64) -> Coeffs {
    let a = 10f64.powf(gain_db / 40.0);
    let w0 = 2.0 * PI * f0 / FS as f64;
    let (cw, sw) = (w0.cos(), w0.sin());
    let alpha = sw / (2.0 * q);
    let sa = 2.0 * a.sqrt() * alpha;
    let (b0, b1, b2, a0, a1, a2) = match shape {
        Shape::Peak => (
            1.0 + alpha * a,
            -2.0 * cw,
            1.0 - alpha * a,
            1.0 + alpha / a,
            -2.0 * cw,
            1.0 - alpha / a,
        ),
        Shape::LowShelf => (
            a * ((a + 1.0) - (a - 1.0) * cw + sa),
            2.0 * a * ((a - 1.0) - (a + 1.0) * cw),
            a * ((a + 1.0) - (a - 1.0) * cw - sa),
            (a + 1.0) + (a - 1.0) * cw + sa,
            -2.0 * ((a - 1.0) + (a + 1.0) * cw),
            (a + 1.0) + (a - 1.0) * cw - sa,
        ),
        Shape::HighShelf => (
            a * ((a + 1.0) + (a - 1.0) * cw + sa),
            -2.0 * a * ((a - 1.0) + (a + 1.0) * cw),
            a * ((a + 1.0) + (a - 1.0) * cw - sa),
            (a + 1.0) - (a - 1.0) * cw + sa,
            2.0 * ((a - 1.0) - (a + 1.0) * cw),
            (a + 1.0) - (a - 1.0) * cw - sa,
        ),
        Shape::LowPass => (
            (1.0 - cw) / 2.0,
            1.0 - cw,
            (1.0 - cw) / 2.0,
            1.0 + alpha,
            -2.0 * cw,
            1.0 - alpha,
        ),
        Shape::HighPass => (
            (1.0 + cw) / 2.0,
            -(1.0 + cw),
            (1.0 + cw) / 2.0,
            1.0 + alpha,
            -2.0 * cw,
            1.0 - alpha,
        ),
    };
    Coeffs {
        b0: b0 / a0,
        b1: b1 / a0,
        b2: b2 / a0,
        a1: a1 / a0,
        a2: a2 / a0,
    }
}

/// The matched bell. A cut is designed as the exact inverse of the boost with
/// the same |gain| and Q (true of the analog prototypes too), because a cut's
/// resonance lives in its zeros, which a three-point magnitude match cannot
/// place well, while a boost's lives in its poles, which are matched exactly.
fn matched_peak(f0: f64, gain_db: f64, q: f64) -> Coeffs {
    let boost = matched(Shape::Peak, f0, gain_db.abs(), q);
    if gain_db >= 0.0 {
        return boost;
    }
    Coeffs {
        b0: 1.0 / boost.b0,
        b1: boost.a1 / boost.b0,
        b2: boost.a2 / boost.b0,
        a1: boost.b1 / boost.b0,
        a2: boost.b2 / boost.b0,
    }
}

/// Magnitude-matched design: analog poles mapped exactly, zeros solved so that
/// |H| equals the analog prototype at DC, at f0 and at Nyquist.
fn matched(shape: Shape, f0: f64, gain_db: f64, q: f64) -> Coeffs {
    let a = 10f64.powf(gain_db / 40.0);
    // The analog denominator s² + d1·s + d0 (normalised to ω0).
    let (d1, d0) = match shape {
        Shape::Peak => (1.0 / (a * q), 1.0),
        Shape::LowShelf => (a.sqrt() / (q * a), 1.0 / a),
        Shape::HighShelf => (a.sqrt() / q, a),
        _ => unreachable!("only bells are matched"),
    };
    let w0 = 2.0 * PI * f0 / FS as f64;
    let wn = d0.sqrt(); // pole frequency relative to ω0
    let zeta = d1 / (2.0 * wn);
    let decay = (-zeta * wn * w0).exp();
    let a1 = if zeta <= 1.0 {
        -2.0 * decay * (wn * w0 * (1.0 - zeta * zeta).sqrt()).cos()
    } else {
        -2.0 * decay * (wn * w0 * (zeta * zeta - 1.0).sqrt()).cosh()
    };
    let a2 = decay * decay;

    // |H(e^jω)|² = (B0·φ0 + B1·φ1 + B2·φ2) / (A0·φ0 + A1·φ1 + A2·φ2) with
    // φ1 = sin²(ω/2), φ0 = 1 − φ1, φ2 = 4·φ0·φ1.
    let big_a0 = (1.0 + a1 + a2).powi(2);
    let big_a1 = (1.0 - a1 + a2).powi(2);
    let big_a2 = -4.0 * a2;
    let nyquist = FS as f64 / 2.0;
    let h_dc = analog_magnitude_sq(shape, f0, gain_db, q, 0.0);
    let big_b0 = big_a0 * h_dc;
    let phis = |f: f64| {
        let p1 = (PI * f / FS as f64).sin().powi(2);
        (1.0 - p1, p1, 4.0 * (1.0 - p1) * p1)
    };
    let denom = |f: f64| {
        let (p0, p1, p2) = phis(f);
        big_a0 * p0 + big_a1 * p1 + big_a2 * p2
    };
    // Three-point match: B1 from Nyquist, B2 from the centre frequency.
    let h_ny = analog_magnitude_sq(shape, f0, gain_db, q, nyquist);
    let h_c = analog_magnitude_sq(shape, f0, gain_db, q, f0);
    let (phi0, phi1, phi2) = phis(f0);
    let three_point_b1 = big_a1 * h_ny;
    let three_point_b2 = (h_c * denom(f0) - big_b0 * phi0 - three_point_b1 * phi1) / phi2;
    // Refinement: with the poles fixed and |H| exact at DC and at f0, B2
    // follows from B1, and |H|²·D is linear in B1 alone. A weighted
    // least-squares fit of the relative error over f0/4 … Nyquist then chooses
    // B1, which follows wide bells near Nyquist more closely than matching at
    // Nyquist itself.
    let centre_const = h_c * denom(f0) - big_b0 * phi0;
    let (mut num, mut den) = (0.0, 0.0);
    const POINTS: usize = 48;
    let lo = f0 / 4.0;
    let hi = nyquist * 0.999;
    for i in 0..POINTS {
        let f = lo * (hi / lo).powf(i as f64 / (POINTS - 1) as f64);
        let (p0, p1, p2) = phis(f);
        let target = analog_magnitude_sq(shape, f0, gain_db, q, f) * denom(f);
        // model(f) = c(f) + B1·k(f)
        let c = big_b0 * p0 + centre_const * p2 / phi2;
        let k = p1 - phi1 * p2 / phi2;
        let weight = 1.0 / (target * target);
        num += weight * k * (target - c);
        den += weight * k * k;
    }
    let fit_b1 = num / den;
    let fit_b2 = (centre_const - fit_b1 * phi1) / phi2;
    let factorable = |b1: f64, b2: f64| {
        let w = 0.5 * (big_b0.sqrt() + b1.max(0.0).sqrt());
        b1 >= 0.0 && w * w + b2 >= 0.0 && (b1 + b2).is_finite()
    };
    let (big_b1, big_b2) = if factorable(fit_b1, fit_b2) {
        (fit_b1, fit_b2)
    } else {
        (three_point_b1, three_point_b2)
    };

    // Factor back: b0 + b1 + b2 = √B0, b0 − b1 + b2 = √B1, b0·b2 = −B2/4.
    let (r0, r1) = (big_b0.sqrt(), big_b1.sqrt());
    let w = 0.5 * (r0 + r1);
    let b0 = 0.5 * (w + (w * w + big_b2).max(0.0).sqrt());
    let b1 = 0.5 * (r0 - r1);
    let b2 = -big_b2 / (4.0 * b0);
    Coeffs { b0, b1, b2, a1, a2 }
}

/// A stereo biquad in transposed direct form II.
///
/// Coefficients and state are f64: in f32 a high-Q section at 100 Hz misses
/// its designed response by several dB (the poles sit 1e-4 from the unit
/// circle, within f32 rounding of a1 and a2). Samples stay f32.
#[derive(Clone, Copy, Debug)]
pub struct Biquad {
    c: [f64; 5],
    s1: [f64; 2],
    s2: [f64; 2],
}

impl Default for Biquad {
    fn default() -> Self {
        Self::new(Coeffs::IDENTITY)
    }
}

impl Biquad {
    /// A filter with the given coefficients and silent state.
    pub fn new(c: Coeffs) -> Self {
        let mut b = Self {
            c: [0.0; 5],
            s1: [0.0; 2],
            s2: [0.0; 2],
        };
        b.set_coeffs(c);
        b
    }

    /// Replaces the coefficients, keeping the state (safe for small changes).
    pub fn set_coeffs(&mut self, c: Coeffs) {
        self.c = [c.b0, c.b1, c.b2, c.a1, c.a2];
    }

    /// Clears the state.
    pub fn reset(&mut self) {
        self.s1 = [0.0; 2];
        self.s2 = [0.0; 2];
    }

    /// Filters one channel of samples in place.
    #[inline]
    pub fn process(&mut self, ch: usize, samples: &mut [f32]) {
        let [b0, b1, b2, a1, a2] = self.c;
        let (mut s1, mut s2) = (self.s1[ch], self.s2[ch]);
        for x in samples {
            let v = *x as f64;
            let y = b0 * v + s1;
            s1 = b1 * v - a1 * y + s2;
            s2 = b2 * v - a2 * y;
            *x = y as f32;
        }
        self.s1[ch] = flush64(s1);
        self.s2[ch] = flush64(s2);
    }

    /// Filters two channels in lock-step (lets the compiler pair the lanes).
    #[inline]
    pub fn process_stereo(&mut self, left: &mut [f32], right: &mut [f32]) {
        let [b0, b1, b2, a1, a2] = self.c;
        let (mut s1l, mut s2l, mut s1r, mut s2r) = (self.s1[0], self.s2[0], self.s1[1], self.s2[1]);
        for (l, r) in left.iter_mut().zip(right.iter_mut()) {
            let (vl, vr) = (*l as f64, *r as f64);
            let yl = b0 * vl + s1l;
            let yr = b0 * vr + s1r;
            s1l = b1 * vl - a1 * yl + s2l;
            s1r = b1 * vr - a1 * yr + s2r;
            s2l = b2 * vl - a2 * yl;
            s2r = b2 * vr - a2 * yr;
            *l = yl as f32;
            *r = yr as f32;
        }
        self.s1 = [flush64(s1l), flush64(s1r)];
        self.s2 = [flush64(s2l), flush64(s2r)];
    }
}

/// Denormal flush for the f64 state (see [`super::denormal`]).
#[inline]
fn flush64(x: f64) -> f64 {
    if x.abs() < 1e-30 { 0.0 } else { x }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matched_bell_hits_gain_at_centre_and_unity_at_dc() {
        for &(f, g, q) in &[
            (1000.0, 12.0, 1.0),
            (16000.0, 9.0, 2.0),
            (100.0, -18.0, 0.5),
        ] {
            let c = Coeffs::design(Shape::Peak, f, g, q);
            assert!((c.magnitude_db(f as f64) - g as f64).abs() < 0.01);
            assert!(c.magnitude_db(0.0).abs() < 1e-6);
        }
    }

    #[test]
    fn cookbook_lowpass_is_minus_3db_at_corner_for_butterworth_q() {
        let c = Coeffs::design(Shape::LowPass, 1000.0, 0.0, std::f32::consts::FRAC_1_SQRT_2);
        assert!((c.magnitude_db(1000.0) + 3.0103).abs() < 0.01);
    }
}
