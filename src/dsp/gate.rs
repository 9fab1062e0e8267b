//! Noise gate / downward expander: attenuates by `range_db` when the level
//! stays under the threshold.
//!
//! A peak envelope (instant rise, 5 ms fall) opens the gate; once the level
//! drops below the threshold the gate holds for `hold_ms`, then closes with
//! the release time. The gain moves in dB with one-pole attack and release, so
//! opening and closing never click.

use super::block::Block;
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
        let stereo = block.channels() == 2;
        let range = self.s.range_db.abs();
        for i in 0..block.len() {
            let l = block.channel(0)[i];
            let level = if stereo {
                l.abs().max(block.channel(1)[i].abs())
            } else {
                l.abs()
            };
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
            let g = fastmath::db_to_gain(-self.attenuation_db);
            block.channel_mut(0)[i] *= g;
            if stereo {
                block.channel_mut(1)[i] *= g;
            }
        }
        self.envelope = super::denormal::flush(self.envelope);
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
