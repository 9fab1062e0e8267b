//! One EQ band with smoothed parameters, and the strip's chain of bands.
//!
//! Parameter moves (a learner sweeping a band, automation) glide: the
//! frequency moves geometrically and the gain linearly in dB over about 20 ms,
//! with coefficients recomputed every [`CONTROL_INTERVAL`] samples.

use super::biquad::{Biquad, Coeffs, Shape, run_series};
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

    /// The sections this band runs (two when cascaded to 24 dB/oct).
    fn sections(&self) -> usize {
        if self.cascade { 2 } else { 1 }
    }

    /// Clears the filter state.
    pub fn reset(&mut self) {
        for f in &mut self.filters {
            f.reset();
        }
    }
}

/// Runs a strip's bands in order over `block`. The sections of settled
/// bands run in series four at a time ([`run_series`]), so their
/// recurrences overlap; a gliding band runs alone, stepping its
/// coefficients. The output equals running each band in turn.
pub fn process_chain(bands: &mut [EqBand], block: &mut Block) {
    const GROUP: usize = 4;
    let mut group = [Biquad::default(); GROUP];
    // Where each grouped section lives: (band, section).
    let mut from = [(0usize, 0usize); GROUP];
    let mut n = 0;
    let flush = |bands: &mut [EqBand],
                 group: &mut [Biquad; GROUP],
                 from: &[(usize, usize); GROUP],
                 n: usize,
                 block: &mut Block| {
        if n == 0 {
            return;
        }
        let stereo = block.channels() == 2;
        let (left, right) = block.stereo_mut();
        let right = stereo.then_some(right);
        match n {
            1 => run_series::<1>(group, left, right),
            2 => run_series::<2>(group, left, right),
            3 => run_series::<3>(group, left, right),
            _ => run_series::<4>(group, left, right),
        }
        for (k, &(b, s)) in from.iter().enumerate().take(n) {
            bands[b].filters[s] = group[k];
        }
    };
    for b in 0..bands.len() {
        if !bands[b].settled() {
            flush(bands, &mut group, &from, n, block);
            n = 0;
            bands[b].process(block);
            continue;
        }
        for s in 0..bands[b].sections() {
            if n == GROUP {
                flush(bands, &mut group, &from, n, block);
                n = 0;
            }
            group[n] = bands[b].filters[s];
            from[n] = (b, s);
            n += 1;
        }
    }
    flush(bands, &mut group, &from, n, block);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands() -> Vec<EqBand> {
        let band = |shape, freq_hz, gain_db, q| BandParams {
            shape,
            freq_hz,
            gain_db,
            q,
        };
        let mut v: Vec<EqBand> = [
            band(Shape::HighPass, 40.0, 0.0, 0.707),
            band(Shape::Peak, 300.0, -2.0, 1.0),
            band(Shape::Peak, 3000.0, 4.0, 1.4),
            band(Shape::HighShelf, 10_000.0, 1.5, 0.707),
            band(Shape::LowShelf, 120.0, 3.0, 0.707),
            band(Shape::LowPass, 16_000.0, 0.0, 0.707),
        ]
        .into_iter()
        .map(EqBand::new)
        .collect();
        v[0].set_cascade(true);
        v[5].set_cascade(true);
        v
    }

    fn noise(n: usize, seed: u32) -> Vec<f32> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (s >> 8) as f32 / (1u32 << 24) as f32 - 0.5
            })
            .collect()
    }

    #[test]
    fn the_chain_in_series_equals_each_band_in_turn_bit_for_bit() {
        for channels in [1, 2] {
            let (mut fused, mut alone) = (bands(), bands());
            let input: Vec<Vec<f32>> = (0..channels).map(|c| noise(256 * 40, c as u32)).collect();
            let mut out = [Vec::new(), Vec::new()];
            for k in 0..40 {
                // A band glides part of the way: it runs alone meanwhile.
                if k == 10 {
                    let mut p = fused[2].params();
                    p.freq_hz = 5000.0;
                    fused[2].set(p);
                    alone[2].set(p);
                }
                for (chain, o) in [(&mut fused, 0), (&mut alone, 1)] {
                    let mut block = Block::new(channels, 256);
                    for (c, samples) in input.iter().enumerate() {
                        block
                            .channel_mut(c)
                            .copy_from_slice(&samples[k * 256..(k + 1) * 256]);
                    }
                    if o == 0 {
                        process_chain(chain, &mut block);
                    } else {
                        for band in chain.iter_mut() {
                            band.process(&mut block);
                        }
                    }
                    for c in 0..channels {
                        out[o].extend_from_slice(block.channel(c));
                    }
                }
            }
            assert_eq!(out[0], out[1], "{channels} channel(s)");
        }
    }
}
