//! Meters: sample peak, RMS and momentary loudness (ITU-R BS.1770-4 /
//! EBU R128: K-weighting and a 400 ms window), cheap enough for the audio
//! thread. Gain-reduction meters live on the compressor and limiter.

use super::biquad::{Biquad, Coeffs};
use super::block::Block;

/// Peak and RMS of what passed since the last reading.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Reading {
    /// Largest absolute sample, in dBFS.
    pub peak_db: f32,
    /// RMS over the interval (full-scale square = 0 dBFS), in dBFS.
    pub rms_db: f32,
}

/// Peak and RMS accumulated over blocks until read.
#[derive(Clone, Debug, Default)]
pub struct LevelMeter {
    peak: f32,
    sum_sq: f64,
    count: u64,
}

impl LevelMeter {
    /// Adds a block to the current interval.
    pub fn observe(&mut self, block: &Block) {
        for ch in 0..block.channels() {
            for &x in block.channel(ch) {
                self.peak = self.peak.max(x.abs());
                self.sum_sq += (x * x) as f64;
            }
        }
        self.count += (block.len() * block.channels()) as u64;
    }

    /// Returns the interval's reading and starts a new one.
    pub fn take(&mut self) -> Reading {
        let rms = if self.count > 0 {
            (self.sum_sq / self.count as f64).sqrt() as f32
        } else {
            0.0
        };
        let r = Reading {
            peak_db: super::gain_to_db(self.peak),
            rms_db: super::gain_to_db(rms),
        };
        *self = Self::default();
        r
    }
}

/// The BS.1770-4 K-weighting filter at 48 kHz: a high-shelf "head" stage and
/// the RLB high-pass, with the coefficients given in the standard.
pub fn k_weighting() -> [Coeffs; 2] {
    [
        Coeffs {
            b0: 1.535_124_859_586_97,
            b1: -2.691_696_189_406_38,
            b2: 1.198_392_810_852_85,
            a1: -1.690_659_293_182_41,
            a2: 0.732_480_774_215_85,
        },
        Coeffs {
            b0: 1.0,
            b1: -2.0,
            b2: 1.0,
            a1: -1.990_047_454_833_98,
            a2: 0.990_072_250_366_21,
        },
    ]
}

/// Momentary loudness (400 ms sliding window) in LUFS.
#[derive(Clone, Debug)]
pub struct LoudnessMeter {
    stages: [Biquad; 2],
    window: Vec<f32>,
    pos: usize,
    sum: f64,
    /// The K-weighted copy of a block, kept so observing never allocates.
    scratch: Block,
}

impl Default for LoudnessMeter {
    fn default() -> Self {
        let [head, rlb] = k_weighting();
        Self {
            stages: [Biquad::new(head), Biquad::new(rlb)],
            window: vec![0.0; (0.4 * super::FS) as usize],
            pos: 0,
            sum: 0.0,
            scratch: Block::new(2, super::MAX_BLOCK),
        }
    }
}

impl LoudnessMeter {
    /// Adds a block (mono counts once, stereo channels are summed with
    /// weight 1, as BS.1770 specifies for L and R).
    pub fn observe(&mut self, block: &Block) {
        self.scratch.clone_from(block);
        self.scratch.make_stereo();
        let mono = block.channels() == 1;
        let (l, r) = self.scratch.stereo_mut();
        for stage in &mut self.stages {
            stage.process_stereo(l, r);
        }
        for (l, r) in l.iter().zip(r.iter()) {
            let power = if mono { l * l } else { l * l + r * r };
            self.sum += (power - self.window[self.pos]) as f64;
            self.window[self.pos] = power;
            self.pos = (self.pos + 1) % self.window.len();
        }
    }

    /// Momentary loudness of the last 400 ms, in LUFS (−inf when silent).
    pub fn momentary_lufs(&self) -> f32 {
        let mean = (self.sum.max(0.0) / self.window.len() as f64) as f32;
        -0.691 + 10.0 * mean.log10()
    }
}
