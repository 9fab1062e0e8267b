//! Feed-forward compressor after D. Giannoulis, M. Massberg and J. D. Reiss,
//! "Digital Dynamic Range Compressor Design — A Tutorial and Analysis",
//! JAES 60(6), 2012.
//!
//! Topology: level detector (stereo-linked peak, or RMS) → log-domain gain
//! computer with a quadratic soft knee → smooth-branching attack/release
//! smoothing of the gain reduction in dB → makeup → dry/wet mix. The key can be
//! an external sidechain (another stem), which is how a kick ducks a bass.
//! There is no lookahead, so the wet path is time-aligned with the dry path and
//! parallel compression does not comb-filter.

use super::block::Block;
use super::{fastmath, one_pole_coeff};

/// How the detector measures the key's level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detector {
    /// The larger absolute sample of the two channels.
    Peak,
    /// The mean-square over a 10 ms window, reported as an RMS level.
    Rms,
}

/// Settings in the strip format's units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CompSettings {
    pub threshold_db: f32,
    pub ratio: f32,
    pub attack_ms: f32,
    pub release_ms: f32,
    pub knee_db: f32,
    pub makeup_db: f32,
    /// 0 = dry only (bypass), 1 = fully compressed.
    pub mix: f32,
    pub detector: Detector,
}

impl Default for CompSettings {
    fn default() -> Self {
        Self {
            threshold_db: -20.0,
            ratio: 4.0,
            attack_ms: 10.0,
            release_ms: 100.0,
            knee_db: 6.0,
            makeup_db: 0.0,
            mix: 1.0,
            detector: Detector::Peak,
        }
    }
}

/// The static curve: the output level in dB for an input level in dB.
pub fn static_curve(s: &CompSettings, level_db: f32) -> f32 {
    let (t, w, r) = (s.threshold_db, s.knee_db.max(0.0), s.ratio.max(1.0));
    let over = level_db - t;
    if 2.0 * over < -w {
        level_db
    } else if 2.0 * over.abs() <= w && w > 0.0 {
        level_db + (1.0 / r - 1.0) * (over + w / 2.0).powi(2) / (2.0 * w)
    } else {
        t + over / r
    }
}

/// RMS detector window (time constant) in ms.
const RMS_TIME_MS: f32 = 10.0;

/// A stereo-linked compressor.
#[derive(Clone, Debug)]
pub struct Compressor {
    s: CompSettings,
    attack: f32,
    release: f32,
    rms_coeff: f32,
    mean_square: f32,
    /// Smoothed gain reduction in dB (≥ 0).
    reduction_db: f32,
    makeup: super::ramp::Ramp,
    mix: super::ramp::Ramp,
    /// Largest reduction seen since the meter was last read.
    meter_db: f32,
}

impl Compressor {
    /// A compressor at rest.
    pub fn new(s: CompSettings) -> Self {
        let mut c = Self {
            s,
            attack: 0.0,
            release: 0.0,
            rms_coeff: one_pole_coeff(RMS_TIME_MS),
            mean_square: 0.0,
            reduction_db: 0.0,
            makeup: super::ramp::Ramp::new(super::db_to_gain(s.makeup_db), 20.0),
            mix: super::ramp::Ramp::new(s.mix.clamp(0.0, 1.0), 20.0),
            meter_db: 0.0,
        };
        c.set(s);
        c
    }

    /// New settings; makeup and mix glide, the curve changes at once.
    pub fn set(&mut self, s: CompSettings) {
        self.s = s;
        self.attack = one_pole_coeff(s.attack_ms);
        self.release = one_pole_coeff(s.release_ms);
        self.makeup.set(super::db_to_gain(s.makeup_db));
        self.mix.set(s.mix.clamp(0.0, 1.0));
    }

    /// The current settings.
    pub fn settings(&self) -> CompSettings {
        self.s
    }

    /// Current gain reduction in dB (positive = reducing).
    pub fn reduction_db(&self) -> f32 {
        self.reduction_db
    }

    /// The largest gain reduction since the last call, for meters.
    pub fn take_meter_db(&mut self) -> f32 {
        std::mem::take(&mut self.meter_db)
    }

    /// Compresses `block` in place, keyed by `key` when given (a sidechain) or
    /// by the block itself.
    pub fn process(&mut self, block: &mut Block, key: Option<&Block>) {
        // Bit-transparent when fully dry and not heading elsewhere.
        if self.mix.target() == 0.0 && !self.mix.is_moving() {
            self.reduction_db = 0.0;
            return;
        }
        let len = block.len();
        let key = key.unwrap_or(block);
        let (key_l, key_r) = (key.channel(0), key.channel(key.channels() - 1));
        let n = len.min(key_l.len());
        let mut gains = [1.0f32; super::MAX_BLOCK];
        // The detector level of every sample, as a linear amplitude.
        let mut level = [0.0f32; super::MAX_BLOCK];
        match self.s.detector {
            Detector::Peak => {
                for ((v, l), r) in level[..n].iter_mut().zip(key_l).zip(key_r) {
                    *v = l.abs().max(r.abs());
                }
            }
            Detector::Rms => {
                let (a, mut ms) = (self.rms_coeff, self.mean_square);
                for ((v, l), r) in level[..n].iter_mut().zip(key_l).zip(key_r) {
                    ms = a * ms + (1.0 - a) * 0.5 * (l * l + r * r);
                    *v = ms;
                }
                self.mean_square = ms;
                for v in &mut level[..n] {
                    *v = v.sqrt();
                }
            }
        }
        // Below the knee with no reduction left, the gain is exactly 1: a quiet
        // block costs one pass over the key.
        let knee_start = super::db_to_gain(self.s.threshold_db - 0.5 * self.s.knee_db.max(0.0));
        let loudest = level[..n].iter().fold(0.0f32, |m, &v| m.max(v));
        if loudest < knee_start && self.reduction_db < 1e-6 {
            self.reduction_db = 0.0;
        } else {
            // The static gain reduction, branch-free so it vectorises:
            // (1 − 1/R)·[x²/2W with x = over + W/2 clamped to the knee, plus the
            // part above the knee].
            let (t, r) = (self.s.threshold_db, self.s.ratio.max(1.0));
            let w = self.s.knee_db.max(1e-6);
            let slope = 1.0 - 1.0 / r;
            let mut target = [0.0f32; super::MAX_BLOCK];
            for (g, &v) in target[..n].iter_mut().zip(&level[..n]) {
                let over = fastmath::gain_to_db(v) - t;
                let x = (over + 0.5 * w).clamp(0.0, w);
                *g = slope * (x * x / (2.0 * w) + (over - 0.5 * w).max(0.0));
            }
            // The smoothing is the one serial step.
            let (attack, release) = (self.attack, self.release);
            let mut red = self.reduction_db;
            for g in &mut target[..n] {
                let coeff = if *g > red { attack } else { release };
                red = coeff * red + (1.0 - coeff) * *g;
                *g = red;
            }
            self.reduction_db = red;
            for (g, &red) in gains[..n].iter_mut().zip(&target[..n]) {
                *g = fastmath::db_to_gain(-red);
            }
        }
        // Pass 2: makeup and dry/wet, applied to every channel.
        for g in &mut gains[..len] {
            let wet = self.mix.next_value();
            *g = 1.0 - wet + wet * *g * self.makeup.next_value();
        }
        for ch in 0..block.channels() {
            for (x, g) in block.channel_mut(ch).iter_mut().zip(&gains[..len]) {
                *x *= g;
            }
        }
        self.reduction_db = super::denormal::flush(self.reduction_db);
        self.mean_square = super::denormal::flush(self.mean_square);
        self.meter_db = self.meter_db.max(self.reduction_db);
    }

    /// Returns to rest.
    pub fn reset(&mut self) {
        self.reduction_db = 0.0;
        self.mean_square = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_curve_has_threshold_ratio_and_knee() {
        let s = CompSettings {
            threshold_db: -20.0,
            ratio: 4.0,
            knee_db: 0.0,
            ..Default::default()
        };
        assert_eq!(static_curve(&s, -30.0), -30.0);
        assert!((static_curve(&s, 0.0) - -15.0).abs() < 1e-5);
        let soft = CompSettings { knee_db: 10.0, ..s };
        // Continuous at the knee edges, below the hard curve inside.
        assert!((static_curve(&soft, -25.0) - -25.0).abs() < 1e-5);
        assert!((static_curve(&soft, -15.0) - static_curve(&s, -15.0)).abs() < 1e-5);
        assert!(static_curve(&soft, -20.0) < -20.0);
    }
}
