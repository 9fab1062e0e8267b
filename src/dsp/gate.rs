//! Noise gate / downward expander: attenuates by `range_db` when the level
//! stays under the threshold.
//!
//! A peak envelope (instant rise, 5 ms fall) opens the gate; once the level
//! drops below the threshold the gate holds for `hold_ms`, then closes with
//! the release time. The gain moves in dB with one-pole attack and release, so
//! opening and closing never click.
//!
//! [`GateLanes`] runs eight gates side by side in SIMD lanes (the envelope
//! and the glide are recursions); two neighbouring lanes can be linked as one
//! stereo gate. [`Gate`] is one stereo gate on two linked lanes.

use super::block::Block;
use super::simd::{self, Frames, Isa, LANES, Lane, Simd, multiversion};
use super::{fastmath, one_pole_coeff};

/// Settings in the strip format's units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GateSettings {
    pub threshold_db: f32,
    pub range_db: f32,
    pub attack_ms: f32,
    pub hold_ms: f32,
    pub release_ms: f32,
}

/// Attenuation treated as fully open, in dB (a gain of 1 − 1e-7).
const OPEN_DB: f32 = 1e-6;

/// Envelope fall time, short enough to follow syllables and drum hits.
const ENVELOPE_FALL_MS: f32 = 5.0;

/// Per-lane constants.
#[derive(Clone, Debug)]
struct Params {
    threshold: Lane,
    range_db: Lane,
    attack: Lane,
    release: Lane,
    hold_samples: Lane,
    /// 1 where lane `l` and lane `l ^ 1` are one stereo gate.
    link: Lane,
}

/// Per-lane state.
#[derive(Clone, Debug)]
struct State {
    envelope: Lane,
    /// Samples of hold left (whole numbers, as floats so they vectorise).
    held: Lane,
    /// Current attenuation in dB (0 = open, range = closed).
    attenuation_db: Lane,
}

/// Eight gates side by side; a lane with no settings passes its signal.
#[derive(Clone, Debug)]
pub struct GateLanes {
    isa: Isa,
    settings: [Option<GateSettings>; LANES],
    params: Params,
    fall: f32,
    state: State,
}

impl GateLanes {
    /// Eight idle lanes.
    pub fn new(isa: Isa) -> Self {
        Self {
            isa,
            settings: [None; LANES],
            params: Params {
                threshold: [0.0; LANES],
                range_db: [0.0; LANES],
                attack: [0.0; LANES],
                release: [0.0; LANES],
                hold_samples: [0.0; LANES],
                link: [0.0; LANES],
            },
            fall: one_pole_coeff(ENVELOPE_FALL_MS),
            state: State {
                envelope: [0.0; LANES],
                held: [0.0; LANES],
                attenuation_db: [0.0; LANES],
            },
        }
    }

    /// Links lanes `lane` and `lane + 1` (`lane` even) as one stereo gate:
    /// both follow the louder of the two. Give both lanes the same settings.
    pub fn link(&mut self, lane: usize) {
        debug_assert!(lane.is_multiple_of(2) && lane + 1 < LANES);
        self.params.link[lane] = 1.0;
        self.params.link[lane + 1] = 1.0;
    }

    /// New settings for one lane (`None`: the lane passes its signal). A
    /// lane that had none starts closed.
    pub fn set(&mut self, lane: usize, s: Option<GateSettings>) {
        let was_on = self.settings[lane].is_some();
        self.settings[lane] = s;
        let p = &mut self.params;
        let Some(s) = s else {
            p.range_db[lane] = 0.0;
            self.state.attenuation_db[lane] = 0.0;
            return;
        };
        p.threshold[lane] = super::db_to_gain(s.threshold_db);
        p.range_db[lane] = s.range_db.abs();
        p.attack[lane] = one_pole_coeff(s.attack_ms);
        p.release[lane] = one_pole_coeff(s.release_ms);
        p.hold_samples[lane] = (s.hold_ms.max(0.0) * 0.001 * super::FS).floor();
        if !was_on {
            self.state.attenuation_db[lane] = s.range_db.abs();
        }
    }

    /// One lane's attenuation now, in dB (0 when open).
    pub fn attenuation_db(&self, lane: usize) -> f32 {
        self.state.attenuation_db[lane]
    }

    /// Gates the first `len` frames in place.
    pub fn process(&mut self, frames: &mut Frames, len: usize) {
        gate(
            self.isa,
            &self.params,
            self.fall,
            &mut self.state,
            frames,
            len,
        );
        self.state.envelope = self.state.envelope.map(super::denormal::flush);
    }
}

multiversion! {
    fn gate(params: &Params, fall: f32, state: &mut State, frames: &mut Frames, len: usize) => gate_kernel
}

#[inline(always)]
fn gate_kernel<S: Simd>(
    s: S,
    params: &Params,
    fall: f32,
    state: &mut State,
    frames: &mut Frames,
    len: usize,
) {
    let p = params;
    let (zero, one, fall) = (s.splat(0.0), s.splat(1.0), s.splat(fall));
    let (threshold, range, hold, link) = (
        s.load(&p.threshold),
        s.load(&p.range_db),
        s.load(&p.hold_samples),
        s.load(&p.link),
    );
    // As in the compressor: both candidates a·att + (1 − a)·target, then a
    // blend, keep the recursion short.
    let (attack, release) = (s.load(&p.attack), s.load(&p.release));
    let (attack_rest, release_rest) = (s.sub(one, attack), s.sub(one, release));
    let (open_db, to_gain) = (s.splat(OPEN_DB), s.splat(-0.166_096_4));
    let mut env = s.load(&state.envelope);
    let mut held = s.load(&state.held);
    let mut att = s.load(&state.attenuation_db);
    for frame in &mut frames.0[..len] {
        let x = s.load(frame);
        let a = s.abs(x);
        let level = s.max(a, s.mul(s.swap_pairs(a), link));
        env = s.if_gt(level, env, level, s.mul(fall, env));
        // Open while above the threshold and for the hold after it.
        let holding = s.if_gt(held, zero, one, zero);
        let wanted = s.if_ge(env, threshold, one, holding);
        let target = s.if_gt(wanted, zero, zero, range);
        held = s.if_ge(env, threshold, hold, s.max(s.sub(held, one), zero));
        let opened = s.mul_add(attack, att, s.mul(attack_rest, target));
        let closed = s.mul_add(release, att, s.mul(release_rest, target));
        let next = s.if_gt(att, target, opened, closed);
        att = s.if_gt(open_db, next, zero, next);
        s.store(s.mul(x, fastmath::exp2(s, s.mul(att, to_gain))), frame);
    }
    state.envelope = s.to_array(env);
    state.held = s.to_array(held);
    state.attenuation_db = s.to_array(att);
}

/// One stereo-linked gate (two linked lanes of [`GateLanes`]).
#[derive(Clone, Debug)]
pub struct Gate {
    lanes: GateLanes,
    frames: Box<Frames>,
}

impl Gate {
    /// A gate starting closed, on this CPU's widest instruction set.
    pub fn new(s: GateSettings) -> Self {
        let mut lanes = GateLanes::new(Isa::detect());
        lanes.link(0);
        lanes.set(0, Some(s));
        lanes.set(1, Some(s));
        Self {
            lanes,
            frames: Frames::boxed(),
        }
    }

    /// New settings.
    pub fn set(&mut self, s: GateSettings) {
        self.lanes.set(0, Some(s));
        self.lanes.set(1, Some(s));
    }

    /// Current attenuation in dB (0 when open).
    pub fn attenuation_db(&self) -> f32 {
        self.lanes.attenuation_db(0)
    }

    /// Gates the block in place (a mono block counts as both channels).
    pub fn process(&mut self, block: &mut Block) {
        simd::block_to_pair(self.lanes.isa, block, &mut self.frames);
        self.lanes.process(&mut self.frames, block.len());
        simd::pair_to_block(self.lanes.isa, &self.frames, block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gate_passes_loud_and_attenuates_quiet_by_range() {
        let s = GateSettings {
            threshold_db: -40.0,
            range_db: 40.0,
            attack_ms: 1.0,
            hold_ms: 10.0,
            release_ms: 20.0,
        };
        let mut g = Gate::new(s);
        let mut loud = Block::new(1, 256);
        let mut quiet = Block::new(1, 256);
        let mut out = Vec::new();
        for n in 0..200 {
            let b = if n < 100 { &mut loud } else { &mut quiet };
            let amp = if n < 100 { 0.5 } else { 0.001 };
            for (i, x) in b.channel_mut(0).iter_mut().enumerate() {
                *x = amp * if i % 2 == 0 { 1.0 } else { -1.0 };
            }
            g.process(b);
            out.push(b.peak() / amp);
        }
        assert!(
            (out[99] - 1.0).abs() < 1e-3,
            "open gate passes: {}",
            out[99]
        );
        let closed_db = 20.0 * out[199].log10();
        assert!(
            (closed_db + 40.0).abs() < 0.1,
            "closed gate attenuates by range: {closed_db}"
        );
    }

    #[test]
    fn the_gate_holds_open_for_its_hold_time_then_releases() {
        for isa in Isa::available() {
            let s = GateSettings {
                threshold_db: -30.0,
                range_db: 30.0,
                attack_ms: 0.1,
                hold_ms: 50.0,
                release_ms: 10.0,
            };
            let mut lanes = GateLanes::new(isa);
            lanes.set(3, Some(s));
            let mut frames = Frames::boxed();
            let mut attenuation = Vec::new();
            for block in 0..60 {
                for (i, f) in frames.0.iter_mut().enumerate() {
                    let t = block * 256 + i;
                    // Loud for 100 ms, then silence.
                    let x = if t < 4800 && t % 2 == 0 { 0.5 } else { 0.0 };
                    *f = [x; LANES];
                }
                let input = frames.clone();
                lanes.process(&mut frames, 256);
                attenuation.push(lanes.attenuation_db(3));
                // An idle lane passes its signal exactly.
                assert!(frames.0.iter().zip(&input.0).all(|(f, x)| f[0] == x[0]));
            }
            // The envelope falls under −30 dB 5·ln(0.5/0.0316) ≈ 14 ms after
            // the signal stops; the gate then holds 50 ms: open until ~164 ms.
            let open_until = attenuation.iter().rposition(|&a| a == 0.0).unwrap();
            let ms = (open_until + 1) as f32 * 256.0 / 48.0;
            assert!(
                (155.0..=175.0).contains(&ms),
                "open until {ms} ms ({})",
                isa.name()
            );
            // Closed again 10 release time constants later.
            assert!((attenuation[59] - 30.0).abs() < 0.01);
        }
    }
}
