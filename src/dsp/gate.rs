//! Noise gate / downward expander: attenuates by `range_db` when the level
//! stays under the threshold.
//!
//! A peak envelope (instant rise, 5 ms fall) opens the gate; once the level
//! drops below the threshold the gate holds for `hold_ms`, then closes with
//! the release time. The gain moves in dB with one-pole attack and release, so
//! opening and closing never click.

use super::block::Block;
use super::{MAX_BLOCK, fastmath, one_pole_coeff};

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

/// A stereo-linked gate.
#[derive(Clone, Debug)]
pub struct Gate {
    s: GateSettings,
    threshold: f32,
    attack: f32,
    release: f32,
    fall: f32,
    hold_samples: u32,
    envelope: f32,
    held: u32,
    /// Current attenuation in dB (0 = open, range = closed).
    attenuation_db: f32,
}

impl Gate {
    /// A gate starting closed.
    pub fn new(s: GateSettings) -> Self {
        let mut g = Self {
            s,
            threshold: 0.0,
            attack: 0.0,
            release: 0.0,
            fall: one_pole_coeff(ENVELOPE_FALL_MS),
            hold_samples: 0,
            envelope: 0.0,
            held: 0,
            attenuation_db: s.range_db.abs(),
        };
        g.set(s);
        g
    }

    /// New settings.
    pub fn set(&mut self, s: GateSettings) {
        self.s = s;
        self.threshold = super::db_to_gain(s.threshold_db);
        self.attack = one_pole_coeff(s.attack_ms);
        self.release = one_pole_coeff(s.release_ms);
        self.hold_samples = (s.hold_ms.max(0.0) * 0.001 * super::FS) as u32;
    }

    /// Current attenuation in dB (0 when open).
    pub fn attenuation_db(&self) -> f32 {
        self.attenuation_db
    }

    /// Gates the block in place.
    pub fn process(&mut self, block: &mut Block) {
        let len = block.len();
        let range = self.s.range_db.abs();
        // The detector: the louder channel, per sample.
        let mut level = [0.0f32; MAX_BLOCK];
        level[..len].copy_from_slice(block.channel(0));
        if block.channels() == 2 {
            for (v, r) in level[..len].iter_mut().zip(block.channel(1)) {
                *v = v.abs().max(r.abs());
            }
        } else {
            level[..len].iter_mut().for_each(|v| *v = v.abs());
        }
        // The serial part: envelope, hold and the attenuation glide (in dB).
        let mut attenuation = [0.0f32; MAX_BLOCK];
        let mut open = true;
        for (a, &level) in attenuation[..len].iter_mut().zip(&level[..len]) {
            self.envelope = if level > self.envelope {
                level
            } else {
                self.fall * self.envelope
            };
            let target = if self.envelope >= self.threshold {
                self.held = self.hold_samples;
                0.0
            } else if self.held > 0 {
                self.held -= 1;
                0.0
            } else {
                range
            };
            let coeff = if target < self.attenuation_db {
                self.attack
            } else {
                self.release
            };
            self.attenuation_db = coeff * self.attenuation_db + (1.0 - coeff) * target;
            if self.attenuation_db < OPEN_DB {
                self.attenuation_db = 0.0;
            }
            *a = self.attenuation_db;
            open &= self.attenuation_db == 0.0;
        }
        self.envelope = super::denormal::flush(self.envelope);
        // An open gate leaves the block untouched.
        if open {
            return;
        }
        let mut gain = [0.0f32; MAX_BLOCK];
        for (g, &a) in gain[..len].iter_mut().zip(&attenuation[..len]) {
            *g = fastmath::db_to_gain(-a);
        }
        for ch in 0..block.channels() {
            for (x, g) in block.channel_mut(ch).iter_mut().zip(&gain[..len]) {
                *x *= g;
            }
        }
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
}
