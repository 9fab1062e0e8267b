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
//!
//! [`CompressorLanes`] runs eight of them side by side in SIMD lanes (the
//! smoothing is a recursion, so one compressor alone waits on its own last
//! value every sample; eight at once cost about the same). Two neighbouring
//! lanes can be linked as one stereo compressor. [`Compressor`] is one
//! stereo compressor on two linked lanes.

mod kernel;

use super::block::Block;
use super::one_pole_coeff;
use super::ramp::LaneRamps;
use super::simd::{self, Frames, Isa, LANES, Lane};
use kernel::{Curve, Gains, Pass, State, compress};

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

/// The external keys of the lanes that have one (a sidechain), in lane
/// layout: both channels of the key stem (a mono key in both).
#[derive(Clone, Debug)]
pub struct SidechainKeys {
    pub left: Box<Frames>,
    pub right: Box<Frames>,
    /// 1 where the lane is keyed from `left`/`right`, 0 where by itself.
    pub mask: Lane,
}

impl SidechainKeys {
    /// No lane keyed yet (every key silent).
    pub fn new() -> Self {
        Self {
            left: Frames::boxed(),
            right: Frames::boxed(),
            mask: [0.0; LANES],
        }
    }
}

impl Default for SidechainKeys {
    fn default() -> Self {
        Self::new()
    }
}

/// Eight compressors side by side; a lane with no settings passes its
/// signal unchanged.
#[derive(Clone, Debug)]
pub struct CompressorLanes {
    isa: Isa,
    settings: [Option<CompSettings>; LANES],
    curve: Curve,
    rms_coeff: f32,
    mean_square: Lane,
    /// Smoothed gain reduction in dB (≥ 0).
    reduction_db: Lane,
    makeup: LaneRamps,
    wet: LaneRamps,
    /// Largest reduction seen since the meter was last read.
    meter_db: Lane,
    /// Per-sample wet × makeup and 1 − wet for the block being processed.
    wet_gain: Box<Frames>,
    dry_gain: Box<Frames>,
    /// Each frame's target reduction, then its smoothed reduction.
    reduction: Box<Frames>,
}

impl CompressorLanes {
    /// Eight idle lanes (every one passes its signal).
    pub fn new(isa: Isa) -> Self {
        let mut c = Self {
            isa,
            settings: [None; LANES],
            curve: Curve {
                threshold_db: [0.0; LANES],
                knee_db: [1e-6; LANES],
                inv_2knee: [0.5e6; LANES],
                slope: [0.0; LANES],
                attack: [0.0; LANES],
                release: [0.0; LANES],
                db_per_log2: [6.020_6; LANES],
                rms: [0.0; LANES],
                link: [0.0; LANES],
            },
            rms_coeff: one_pole_coeff(RMS_TIME_MS),
            mean_square: [0.0; LANES],
            reduction_db: [0.0; LANES],
            makeup: LaneRamps::new(1.0, 20.0),
            wet: LaneRamps::new(0.0, 20.0),
            meter_db: [0.0; LANES],
            wet_gain: Frames::boxed(),
            dry_gain: Frames::boxed(),
            reduction: Frames::boxed(),
        };
        for lane in 0..LANES {
            c.set(lane, None);
        }
        c
    }

    /// Links lanes `lane` and `lane + 1` (`lane` even) as one stereo
    /// compressor: both detect the louder of the two, so both get the same
    /// gain. Give both lanes the same settings.
    pub fn link(&mut self, lane: usize) {
        debug_assert!(lane.is_multiple_of(2) && lane + 1 < LANES);
        self.curve.link[lane] = 1.0;
        self.curve.link[lane + 1] = 1.0;
    }

    /// New settings for one lane (`None`: the lane passes its signal);
    /// makeup and mix glide, the curve changes at once.
    pub fn set(&mut self, lane: usize, s: Option<CompSettings>) {
        let was_on = self.settings[lane].is_some();
        self.settings[lane] = s;
        let c = &mut self.curve;
        let Some(s) = s else {
            self.wet.lane(lane).jump(0.0);
            self.reduction_db[lane] = 0.0;
            return;
        };
        let w = s.knee_db.max(1e-6);
        c.threshold_db[lane] = s.threshold_db;
        c.knee_db[lane] = w;
        c.inv_2knee[lane] = 1.0 / (2.0 * w);
        c.slope[lane] = 1.0 - 1.0 / s.ratio.max(1.0);
        c.attack[lane] = one_pole_coeff(s.attack_ms);
        c.release[lane] = one_pole_coeff(s.release_ms);
        let rms = s.detector == Detector::Rms;
        c.rms[lane] = if rms { 1.0 } else { 0.0 };
        c.db_per_log2[lane] = if rms { 0.5 * 6.020_6 } else { 6.020_6 };
        let (makeup, mix) = (super::db_to_gain(s.makeup_db), s.mix.clamp(0.0, 1.0));
        if was_on {
            self.makeup.lane(lane).set(makeup);
            self.wet.lane(lane).set(mix);
        } else {
            self.makeup.lane(lane).jump(makeup);
            self.wet.lane(lane).jump(mix);
        }
    }

    /// One lane's settings.
    pub fn settings(&self, lane: usize) -> Option<CompSettings> {
        self.settings[lane]
    }

    /// One lane's gain reduction now, in dB (positive = reducing).
    pub fn reduction_db(&self, lane: usize) -> f32 {
        self.reduction_db[lane]
    }

    /// One lane's largest gain reduction since the last call, for meters.
    pub fn take_meter_db(&mut self, lane: usize) -> f32 {
        std::mem::take(&mut self.meter_db[lane])
    }

    /// Returns every lane to rest.
    pub fn reset(&mut self) {
        self.reduction_db = [0.0; LANES];
        self.mean_square = [0.0; LANES];
    }

    /// Compresses the first `len` frames in place, each lane keyed by
    /// itself (and its linked neighbour) or, where `keys.mask` says so, by
    /// `keys`.
    pub fn process(&mut self, frames: &mut Frames, len: usize, keys: Option<&SidechainKeys>) {
        // Output gain = wet·makeup·g + (1 − wet): constants for the block
        // unless makeup or mix is gliding.
        let gains = if self.makeup.is_moving() || self.wet.is_moving() {
            self.makeup.fill(&mut self.wet_gain.0[..len]);
            self.wet.fill(&mut self.dry_gain.0[..len]);
            for (wm, dry) in self.wet_gain.0[..len]
                .iter_mut()
                .zip(&mut self.dry_gain.0[..len])
            {
                for l in 0..LANES {
                    let wet = dry[l];
                    wm[l] *= wet;
                    dry[l] = 1.0 - wet;
                }
            }
            Gains::Gliding {
                wet: &self.wet_gain,
                dry: &self.dry_gain,
            }
        } else {
            Gains::Settled {
                wet: std::array::from_fn(|l| self.wet.value(l) * self.makeup.value(l)),
                dry: std::array::from_fn(|l| 1.0 - self.wet.value(l)),
            }
        };
        let mut state = State {
            mean_square: self.mean_square,
            reduction_db: self.reduction_db,
            meter_db: self.meter_db,
        };
        compress(
            self.isa,
            Pass {
                curve: &self.curve,
                rms_coeff: self.rms_coeff,
                state: &mut state,
                frames,
                len,
                keys,
                gains,
                scratch: &mut self.reduction,
            },
        );
        self.mean_square = state.mean_square.map(super::denormal::flush);
        self.reduction_db = state.reduction_db.map(super::denormal::flush);
        self.meter_db = state.meter_db;
    }
}

/// One stereo-linked compressor (two linked lanes of [`CompressorLanes`]).
#[derive(Clone, Debug)]
pub struct Compressor {
    lanes: CompressorLanes,
    frames: Box<Frames>,
    keys: SidechainKeys,
}

impl Compressor {
    /// A compressor at rest, on this CPU's widest instruction set.
    pub fn new(s: CompSettings) -> Self {
        Self::with_isa(s, Isa::detect())
    }

    /// A compressor at rest running on `isa`.
    pub fn with_isa(s: CompSettings, isa: Isa) -> Self {
        let mut lanes = CompressorLanes::new(isa);
        lanes.link(0);
        lanes.set(0, Some(s));
        lanes.set(1, Some(s));
        let mut keys = SidechainKeys::new();
        keys.mask[..2].fill(1.0);
        Self {
            lanes,
            frames: Frames::boxed(),
            keys,
        }
    }

    /// New settings; makeup and mix glide, the curve changes at once.
    pub fn set(&mut self, s: CompSettings) {
        self.lanes.set(0, Some(s));
        self.lanes.set(1, Some(s));
    }

    /// The current settings.
    pub fn settings(&self) -> CompSettings {
        self.lanes.settings(0).unwrap_or_default()
    }

    /// Current gain reduction in dB (positive = reducing).
    pub fn reduction_db(&self) -> f32 {
        self.lanes.reduction_db(0)
    }

    /// The largest gain reduction since the last call, for meters.
    pub fn take_meter_db(&mut self) -> f32 {
        self.lanes.take_meter_db(1);
        self.lanes.take_meter_db(0)
    }

    /// Compresses `block` in place, keyed by `key` when given (a sidechain) or
    /// by the block itself. A mono block (or key) counts as both channels.
    pub fn process(&mut self, block: &mut Block, key: Option<&Block>) {
        let len = block.len();
        simd::block_to_pair(self.lanes.isa, block, &mut self.frames);
        if let Some(key) = key {
            let n = len.min(key.len());
            let k = simd::pair_rows(key);
            simd::to_lanes(self.lanes.isa, &k, &mut self.keys.left, n);
            let swapped = [k[1], k[0], None, None, None, None, None, None];
            simd::to_lanes(self.lanes.isa, &swapped, &mut self.keys.right, n);
            for t in n..len {
                self.keys.left.0[t] = [0.0; LANES];
                self.keys.right.0[t] = [0.0; LANES];
            }
        }
        let keys = key.map(|_| &self.keys);
        self.lanes.process(&mut self.frames, len, keys);
        simd::pair_to_block(self.lanes.isa, &self.frames, block);
    }

    /// Returns to rest.
    pub fn reset(&mut self) {
        self.lanes.reset();
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

    /// Eight different compressors in lanes give what each gives alone, on
    /// every instruction set, and a linked pair gets one gain.
    #[test]
    fn lanes_are_independent_and_linked_pairs_share_one_gain() {
        for isa in Isa::available() {
            let settings = |l: usize| CompSettings {
                threshold_db: -30.0 + 3.0 * l as f32,
                ratio: 2.0 + l as f32,
                attack_ms: 1.0 + l as f32,
                release_ms: 40.0 + 10.0 * l as f32,
                detector: if l.is_multiple_of(3) {
                    Detector::Rms
                } else {
                    Detector::Peak
                },
                ..Default::default()
            };
            let signal = |l: usize, t: usize| {
                let env = if (t / 3000 + l).is_multiple_of(2) {
                    0.9
                } else {
                    0.05
                };
                env * ((t * (7 + l)) as f32 * 0.01).sin()
            };
            let mut lanes = CompressorLanes::new(isa);
            lanes.link(2);
            for l in 0..LANES {
                lanes.set(l, Some(settings(if l == 3 { 2 } else { l })));
            }
            let mut frames = Frames::boxed();
            let mut alone: Vec<Compressor> = (0..LANES)
                .map(|l| Compressor::with_isa(settings(l), isa))
                .collect();
            let mut pair = Compressor::with_isa(settings(2), isa);
            for block in 0..40 {
                for (i, f) in frames.0.iter_mut().enumerate() {
                    *f = std::array::from_fn(|l| signal(l, block * 256 + i));
                }
                let input = frames.clone();
                lanes.process(&mut frames, 256, None);
                for l in [0, 1, 4, 5, 6, 7] {
                    let mut b = Block::new(1, 256);
                    for (i, x) in b.channel_mut(0).iter_mut().enumerate() {
                        *x = input.0[i][l];
                    }
                    alone[l].process(&mut b, None);
                    for i in 0..256 {
                        assert_eq!(frames.0[i][l], b.channel(0)[i], "{} lane {l}", isa.name());
                    }
                }
                let mut b = Block::new(2, 256);
                for i in 0..256 {
                    b.channel_mut(0)[i] = input.0[i][2];
                    b.channel_mut(1)[i] = input.0[i][3];
                }
                pair.process(&mut b, None);
                for i in 0..256 {
                    assert_eq!(frames.0[i][2], b.channel(0)[i]);
                    assert_eq!(frames.0[i][3], b.channel(1)[i]);
                }
            }
            assert!(lanes.reduction_db(0) > 0.0);
        }
    }

    #[test]
    fn the_instruction_sets_agree_to_a_hundredth_of_a_db() {
        let sets = Isa::available();
        let s = CompSettings {
            threshold_db: -30.0,
            ratio: 6.0,
            attack_ms: 2.0,
            ..Default::default()
        };
        let mut outputs = Vec::new();
        for &isa in &sets {
            let mut c = Compressor::with_isa(s, isa);
            let mut out = Vec::new();
            for block in 0..50 {
                let mut b = Block::new(1, 256);
                for (i, x) in b.channel_mut(0).iter_mut().enumerate() {
                    let t = block * 256 + i;
                    *x = if (t / 4000) % 2 == 0 { 0.8 } else { 0.02 } * (t as f32 * 0.05).sin();
                }
                c.process(&mut b, None);
                out.push(c.reduction_db());
            }
            outputs.push(out);
        }
        for other in &outputs[1..] {
            for (a, b) in outputs[0].iter().zip(other) {
                assert!((a - b).abs() < 0.01, "{a} vs {b}");
            }
        }
    }
}
