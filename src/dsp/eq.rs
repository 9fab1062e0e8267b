//! EQ bands with smoothed parameters: a strip's chain of bands for eight
//! channels side by side ([`EqLanes`]), and one band alone ([`EqBand`]).
//!
//! Parameter moves (a learner sweeping a band, automation) glide: the
//! frequency moves geometrically and the gain linearly in dB over about 20 ms,
//! with coefficients recomputed every [`CONTROL_INTERVAL`] samples.
//!
//! The sections are the cookbook's transposed direct form II in f64 (see
//! [`super::biquad`]); a sample stays in f64 from the first section of a
//! chain to the last. Eight channels' sections run in SIMD lanes: a
//! section's recurrence waits on its own last output, so one channel alone
//! is bound by that latency, while eight cost about the same as one.

use super::biquad::{Coeffs, Shape};
use super::block::Block;
use super::simd::{self, Frames, Isa, LANES, Lane, Simd, multiversion};

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

impl BandParams {
    fn coeffs(&self) -> Coeffs {
        Coeffs::design(self.shape, self.freq_hz, self.gain_db, self.q)
    }
}

/// The magnitude response of a chain of bands at `freq_hz`, dB (what the
/// desk draws under a strip's EQ). `cascaded` bands count twice.
pub fn chain_response_db(bands: &[(BandParams, bool)], freq_hz: f64) -> f64 {
    bands
        .iter()
        .map(|(p, cascaded)| {
            let db = p.coeffs().magnitude_db(freq_hz);
            if *cascaded { 2.0 * db } else { db }
        })
        .sum()
}

/// One band of one lane: where its parameters are and where they are going.
#[derive(Clone, Debug)]
struct LaneBand {
    target: BandParams,
    current: BandParams,
    /// Its first section; a 24 dB/oct band also has the next one.
    section: usize,
    cascade: bool,
}

impl LaneBand {
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
    }
}

/// Section k of every lane: coefficients [b0, b1, b2, a1, a2] and the
/// two state values, each one per lane.
#[derive(Clone, Debug)]
#[repr(C, align(32))]
struct Section {
    c: [[f64; LANES]; 5],
    s: [[f64; LANES]; 2],
}

impl Section {
    const IDENTITY: Section = Section {
        c: [
            [1.0; LANES],
            [0.0; LANES],
            [0.0; LANES],
            [0.0; LANES],
            [0.0; LANES],
        ],
        s: [[0.0; LANES]; 2],
    };

    fn set(&mut self, lane: usize, c: Coeffs) {
        let values = [c.b0, c.b1, c.b2, c.a1, c.a2];
        for (k, v) in values.into_iter().enumerate() {
            self.c[k][lane] = v;
        }
    }
}

/// The EQ chains of eight channels, run side by side.
#[derive(Clone, Debug)]
pub struct EqLanes {
    isa: Isa,
    bands: [Vec<LaneBand>; LANES],
    sections: Vec<Section>,
    /// Lanes the kernel runs: 4 when only the lower half is in use, else 8.
    width: usize,
}

impl EqLanes {
    /// Eight lanes with no bands (every one passes its signal).
    pub fn new(isa: Isa) -> Self {
        Self {
            isa,
            bands: Default::default(),
            sections: Vec::new(),
            width: 4,
        }
    }

    /// Gives `lane` this chain of bands, settled, in order; `true` makes a
    /// band 24 dB/oct (two sections). Allocates: call it when building.
    pub fn set_chain(&mut self, lane: usize, chain: &[(BandParams, bool)]) {
        let mut section = 0;
        self.bands[lane] = chain
            .iter()
            .map(|&(params, cascade)| {
                let band = LaneBand {
                    target: params,
                    current: params,
                    section,
                    cascade,
                };
                section += if cascade { 2 } else { 1 };
                band
            })
            .collect();
        let needed = self
            .bands
            .iter()
            .map(|b| b.iter().map(|b| 1 + b.cascade as usize).sum::<usize>());
        let needed = needed.max().unwrap_or(0);
        self.sections.resize(needed, Section::IDENTITY);
        for s in &mut self.sections {
            s.set(lane, Coeffs::IDENTITY);
            s.s[0][lane] = 0.0;
            s.s[1][lane] = 0.0;
        }
        for b in 0..self.bands[lane].len() {
            self.update_coeffs(lane, b);
        }
        let highest = (0..LANES).rev().find(|&l| !self.bands[l].is_empty());
        self.width = if highest.is_some_and(|l| l >= 4) {
            8
        } else {
            4
        };
    }

    /// True when no lane has a band.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// The parameters band `band` of `lane` is heading to.
    pub fn band(&self, lane: usize, band: usize) -> Option<BandParams> {
        self.bands[lane].get(band).map(|b| b.target)
    }

    /// Glides band `band` of `lane` to new parameters (a shape change
    /// applies at once). Real-time safe.
    pub fn set_band(&mut self, lane: usize, band: usize, params: BandParams) {
        let Some(b) = self.bands[lane].get_mut(band) else {
            return;
        };
        b.target = params;
        if params.shape != b.current.shape {
            b.current = params;
            self.update_coeffs(lane, band);
        }
    }

    /// Moves band `band` of `lane` to new parameters with no glide.
    pub fn jump_band(&mut self, lane: usize, band: usize, params: BandParams) {
        if let Some(b) = self.bands[lane].get_mut(band) {
            b.target = params;
            b.current = params;
            self.update_coeffs(lane, band);
        }
    }

    fn update_coeffs(&mut self, lane: usize, band: usize) {
        let b = &self.bands[lane][band];
        let c = b.current.coeffs();
        let sections = if b.cascade { 2 } else { 1 };
        for s in &mut self.sections[b.section..b.section + sections] {
            s.set(lane, c);
        }
    }

    fn gliding(&self) -> bool {
        self.bands.iter().flatten().any(|b| !b.settled())
    }

    /// Clears every filter's state.
    pub fn reset(&mut self) {
        for s in &mut self.sections {
            s.s = [[0.0; LANES]; 2];
        }
    }

    /// Filters the first `len` frames in place.
    pub fn process(&mut self, frames: &mut Frames, len: usize) {
        if self.sections.is_empty() {
            return;
        }
        let mut start = 0;
        while start < len {
            let end = if self.gliding() {
                for lane in 0..LANES {
                    for band in 0..self.bands[lane].len() {
                        if !self.bands[lane][band].settled() {
                            self.bands[lane][band].glide();
                            self.update_coeffs(lane, band);
                        }
                    }
                }
                (start + CONTROL_INTERVAL).min(len)
            } else {
                len
            };
            filter(
                self.isa,
                &mut self.sections,
                &mut frames.0[start..end],
                self.width,
            );
            start = end;
        }
        for s in &mut self.sections {
            for state in &mut s.s {
                *state = state.map(|x| if x.abs() < 1e-30 { 0.0 } else { x });
            }
        }
    }
}

multiversion! {
    fn filter(sections: &mut [Section], frames: &mut [Lane], width: usize) => filter_kernel
}

/// Runs the sections in series, four at a time so their recurrences
/// overlap; between groups a sample is rounded to f32.
#[inline(always)]
fn filter_kernel<S: Simd>(s: S, sections: &mut [Section], frames: &mut [Lane], width: usize) {
    for group in sections.chunks_mut(4) {
        match (group.len(), width) {
            (1, 4) => series::<S, 1, 1>(s, group, frames),
            (2, 4) => series::<S, 2, 1>(s, group, frames),
            (3, 4) => series::<S, 3, 1>(s, group, frames),
            (_, 4) => series::<S, 4, 1>(s, group, frames),
            (1, _) => series::<S, 1, 2>(s, group, frames),
            (2, _) => series::<S, 2, 2>(s, group, frames),
            (3, _) => series::<S, 3, 2>(s, group, frames),
            _ => series::<S, 4, 2>(s, group, frames),
        }
    }
}

/// `N` sections in series over the first `H` halves (four lanes each), in
/// transposed direct form II: y = b0·x + s1; s1 = b1·x − a1·y + s2;
/// s2 = b2·x − a2·y. With one half, lanes 4–7 pass unchanged.
#[inline(always)]
fn series<S: Simd, const N: usize, const H: usize>(
    s: S,
    sections: &mut [Section],
    frames: &mut [Lane],
) {
    // (Loops rather than closures: a closure the compiler chose not to
    // inline would lose the kernel's instruction set.)
    let zero = s.splat64(0.0);
    let mut c = [[[zero; H]; 5]; N];
    let mut st = [[[zero; H]; 2]; N];
    for ((c, st), section) in c.iter_mut().zip(&mut st).zip(&*sections) {
        for h in 0..H {
            for (c, row) in c.iter_mut().zip(&section.c) {
                c[h] = s.read64(&row[4 * h..]);
            }
            // a1 and a2 enter negated, so every step is a multiply-add.
            for c in &mut c[3..] {
                c[h] = s.mul64(s.splat64(-1.0), c[h]);
            }
            for (st, row) in st.iter_mut().zip(&section.s) {
                st[h] = s.read64(&row[4 * h..]);
            }
        }
    }
    for frame in frames.iter_mut() {
        let x = s.load(frame);
        let mut v = [s.low64(x); H];
        if H == 2 {
            v[H - 1] = s.high64(x);
        }
        for k in 0..N {
            let [b0, b1, b2, minus_a1, minus_a2] = &c[k];
            let [s1, s2] = &mut st[k];
            for h in 0..H {
                let y = s.mul_add64(b0[h], v[h], s1[h]);
                s1[h] = s.mul_add64(minus_a1[h], y, s.mul_add64(b1[h], v[h], s2[h]));
                s2[h] = s.mul_add64(minus_a2[h], y, s.mul64(b2[h], v[h]));
                v[h] = y;
            }
        }
        let high = if H == 2 { v[H - 1] } else { s.high64(x) };
        s.store(s.narrow(v[0], high), frame);
    }
    for (section, state) in sections.iter_mut().zip(&st) {
        for (to, from) in section.s.iter_mut().zip(state) {
            for (h, &v) in from.iter().enumerate() {
                s.write64(v, &mut to[4 * h..]);
            }
        }
    }
}

/// One smoothed EQ band working on one or two channels (one or two lanes
/// of [`EqLanes`]).
#[derive(Clone, Debug)]
pub struct EqBand {
    lanes: EqLanes,
    cascade: bool,
    frames: Box<Frames>,
}

impl EqBand {
    /// A band already settled at `params`, on this CPU's widest
    /// instruction set.
    pub fn new(params: BandParams) -> Self {
        let mut band = Self {
            lanes: EqLanes::new(Isa::detect()),
            cascade: false,
            frames: Frames::boxed(),
        };
        band.rebuild(params);
        band
    }

    fn rebuild(&mut self, params: BandParams) {
        for lane in 0..2 {
            self.lanes.set_chain(lane, &[(params, self.cascade)]);
        }
    }

    /// Makes a high/low-pass band 24 dB/oct by cascading two sections.
    pub fn set_cascade(&mut self, cascade: bool) {
        self.cascade = cascade;
        self.rebuild(self.params());
    }

    /// The parameters the band is heading to.
    pub fn params(&self) -> BandParams {
        self.lanes.band(0, 0).expect("an EqBand has one band")
    }

    /// Glides to new parameters (a shape change applies at once).
    pub fn set(&mut self, params: BandParams) {
        self.lanes.set_band(0, 0, params);
        self.lanes.set_band(1, 0, params);
    }

    /// Jumps to new parameters with no glide.
    pub fn jump(&mut self, params: BandParams) {
        self.lanes.jump_band(0, 0, params);
        self.lanes.jump_band(1, 0, params);
    }

    /// Filters the block in place.
    pub fn process(&mut self, block: &mut Block) {
        simd::block_to_pair(self.lanes.isa, block, &mut self.frames);
        self.lanes.process(&mut self.frames, block.len());
        simd::pair_to_block(self.lanes.isa, &self.frames, block);
    }

    /// Clears the filter state.
    pub fn reset(&mut self) {
        self.lanes.reset();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::biquad::Biquad;

    fn chain() -> Vec<(BandParams, bool)> {
        let band = |shape, freq_hz, gain_db, q| BandParams {
            shape,
            freq_hz,
            gain_db,
            q,
        };
        vec![
            (band(Shape::HighPass, 40.0, 0.0, 0.707), true),
            (band(Shape::Peak, 300.0, -2.0, 1.0), false),
            (band(Shape::Peak, 3000.0, 4.0, 1.4), false),
            (band(Shape::HighShelf, 10_000.0, 1.5, 0.707), false),
            (band(Shape::LowShelf, 120.0, 3.0, 0.707), false),
            (band(Shape::LowPass, 16_000.0, 0.0, 0.707), true),
        ]
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

    /// Every lane's chain equals its sections run one after another by the
    /// scalar biquad (to f32 rounding), on every instruction set, with
    /// lanes of different lengths side by side.
    #[test]
    fn lanes_match_the_scalar_sections_in_turn() {
        for isa in Isa::available() {
            let full = chain();
            let mut eq = EqLanes::new(isa);
            let lengths = [6, 0, 3, 1, 6, 2, 5, 4];
            for (lane, &n) in lengths.iter().enumerate() {
                eq.set_chain(lane, &full[..n]);
            }
            let inputs: Vec<Vec<f32>> = (0..LANES).map(|l| noise(256 * 20, l as u32)).collect();
            let mut frames = Frames::boxed();
            let mut got = vec![Vec::new(); LANES];
            for b in 0..20 {
                for (t, f) in frames.0.iter_mut().enumerate() {
                    *f = std::array::from_fn(|l| inputs[l][b * 256 + t]);
                }
                eq.process(&mut frames, 256);
                for (l, out) in got.iter_mut().enumerate() {
                    out.extend(frames.0.iter().map(|f| f[l]));
                }
            }
            for (lane, &n) in lengths.iter().enumerate() {
                let mut want: Vec<f64> = inputs[lane].iter().map(|&x| x as f64).collect();
                for &(p, cascade) in &full[..n] {
                    for _ in 0..1 + cascade as usize {
                        let mut f = Biquad::new(p.coeffs());
                        let mut x32: Vec<f32> = want.iter().map(|&x| x as f32).collect();
                        f.process(0, &mut x32);
                        want = x32.iter().map(|&x| x as f64).collect();
                    }
                }
                let worst = got[lane]
                    .iter()
                    .zip(&want)
                    .map(|(&a, &b)| (a as f64 - b).abs())
                    .fold(0.0, f64::max);
                assert!(
                    worst < 1e-5,
                    "{} lane {lane}: worst difference {worst}",
                    isa.name()
                );
            }
        }
    }

    #[test]
    fn a_gliding_band_arrives_at_its_target_coefficients() {
        let mut eq = EqLanes::new(Isa::detect());
        let start = chain()[2];
        eq.set_chain(5, &[start]);
        let mut target = start.0;
        target.freq_hz = 6000.0;
        eq.set_band(5, 0, target);
        let mut frames = Frames::boxed();
        for _ in 0..10 {
            eq.process(&mut frames, 256);
        }
        assert_eq!(eq.bands[5][0].current, target);
        let want = target.coeffs();
        assert_eq!(eq.sections[0].c[0][5], want.b0);
        assert_eq!(eq.sections[0].c[4][5], want.a2);
    }
}
