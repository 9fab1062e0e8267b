//! One EQ band with smoothed parameters, and the strip's chain of bands.
//!
//! Parameter moves (a learner sweeping a band, automation) glide: the
//! frequency moves geometrically and the gain linearly in dB over about 20 ms,
//! with coefficients recomputed every [`CONTROL_INTERVAL`] samples.

use super::biquad::{Biquad, Coeffs, Shape};
use super::block::Block;

/// Samples between coefficient updates while a parameter glides.
pub const CONTROL_INTERVAL: usize = 32;
/// Per-update smoothing factor: ~20 ms to settle (time constant ≈ 6.7 ms).
const GLIDE: f32 = 0.38;

/// The parameters of one band.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BandParams {
    pub shape: Shape,
    pub freq_hz: f32,
    pub gain_db: f32,
    pub q: f32,
}

/// The magnitude response of a chain of bands at `freq_hz`, dB (what the
/// desk draws under a strip's EQ). `cascaded` bands count twice.
pub fn chain_response_db(bands: &[(BandParams, bool)], freq_hz: f64) -> f64 {
    bands
        .iter()
        .map(|(p, cascaded)| {
            let db = Coeffs::design(p.shape, p.freq_hz, p.gain_db, p.q).magnitude_db(freq_hz);
            if *cascaded { 2.0 * db } else { db }
        })
        .sum()
}

/// One smoothed EQ band working on one or two channels.
#[derive(Clone, Debug)]
pub struct EqBand {
    target: BandParams,
    current: BandParams,
    /// For 24 dB/oct high/low-pass: a second identical section.
    cascade: bool,
    filters: [Biquad; 2],
}

impl EqBand {
    /// A band already settled at `params`.
    pub fn new(params: BandParams) -> Self {
        let c = Coeffs::design(params.shape, params.freq_hz, params.gain_db, params.q);
        Self {
            target: params,
            current: params,
            cascade: false,
            filters: [Biquad::new(c), Biquad::new(c)],
        }
    }

    /// Makes a high/low-pass band 24 dB/oct by cascading two sections.
    pub fn set_cascade(&mut self, cascade: bool) {
        self.cascade = cascade;
    }

    /// The parameters the band is heading to.
    pub fn params(&self) -> BandParams {
        self.target
    }

    /// Glides to new parameters (a shape change applies at once).
    pub fn set(&mut self, params: BandParams) {
        if params.shape != self.current.shape {
            self.current = params;
            self.update_coeffs();
        }
        self.target = params;
    }

    /// Jumps to new parameters with no glide.
    pub fn jump(&mut self, params: BandParams) {
        self.target = params;
        self.current = params;
        self.update_coeffs();
    }

    fn settled(&self) -> bool {
        self.current == self.target
    }

    fn glide(&mut self) {
        let (c, t) = (&mut self.current, &self.target);
        let close = |a: f32, b: f32, tol: f32| (a - b).abs() <= tol;
        c.freq_hz *= (t.freq_hz / c.freq_hz).powf(GLIDE);
        c.gain_db += (t.gain_db - c.gain_db) * GLIDE;
        c.q += (t.q - c.q) * GLIDE;
        if close(c.freq_hz, t.freq_hz, t.freq_hz * 1e-4)
            && close(c.gain_db, t.gain_db, 1e-3)
            && close(c.q, t.q, 1e-4)
        {
            *c = *t;
        }
        self.update_coeffs();
    }

    fn update_coeffs(&mut self) {
        let p = self.current;
        let c = Coeffs::design(p.shape, p.freq_hz, p.gain_db, p.q);
        for f in &mut self.filters {
            f.set_coeffs(c);
        }
    }

    /// Filters the block in place.
    pub fn process(&mut self, block: &mut Block) {
        let stereo = block.channels() == 2;
        let sections = if self.cascade { 2 } else { 1 };
        let (left, right) = block.stereo_mut();
        let len = left.len();
        let mut start = 0;
        while start < len {
            let end = if self.settled() {
                len
            } else {
                (start + CONTROL_INTERVAL).min(len)
            };
            if !self.settled() {
                self.glide();
            }
            for f in &mut self.filters[..sections] {
                if stereo {
                    f.process_stereo(&mut left[start..end], &mut right[start..end]);
                } else {
                    f.process(0, &mut left[start..end]);
                }
            }
            start = end;
        }
    }

    /// Clears the filter state.
    pub fn reset(&mut self) {
        for f in &mut self.filters {
            f.reset();
        }
    }
}
