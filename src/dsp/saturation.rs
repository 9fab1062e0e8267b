//! Tape-style saturation: an asymmetric tanh soft clip with drive and dry/wet mix.
//!
//! The curve runs at 4× the sample rate (two 2× polyphase stages), so the
//! harmonics it adds fold back into the audio band at a low, measured level
//! instead of aliasing. A little bias makes the curve asymmetric, adding the
//! even harmonics tape is known for; the small-signal gain is normalised to 1
//! so the drive changes colour rather than level, and a 5 Hz DC blocker removes
//! the offset the bias creates. The wet path is delayed by
//! [`Saturation::LATENCY`] samples; the dry path is delayed to match, so
//! parallel saturation does not comb-filter.

use super::block::Block;
use super::fastmath;
use super::oversample::{Decimator2, Upsampler, kaiser_lowpass};

/// Settings in the strip format's units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SatSettings {
    /// Gain into the curve, in dB (0 = gentle, 24 = heavy).
    pub drive_db: f32,
    /// 0 = dry, 1 = fully saturated.
    pub mix: f32,
}

/// Bias of the curve (asymmetry): sets the level of even harmonics.
const BIAS: f32 = 0.2;

/// One channel's oversampling chain and dry delay.
#[derive(Clone, Debug)]
struct Lane {
    up1: Upsampler,
    up2: Upsampler,
    down2: Decimator2,
    down1: Decimator2,
    dry: [f32; Saturation::LATENCY],
    dry_pos: usize,
    dc_x: f32,
    dc_y: f32,
}

impl Lane {
    fn new() -> Self {
        // Stage 1 (48 ↔ 96 kHz): 63 taps, flat to 20 kHz, steep by 27 kHz.
        let h1 = kaiser_lowpass(63, 0.25, 7.5);
        // Stage 2 (96 ↔ 192 kHz): 17 taps is plenty for the wide transition;
        // an odd length with an even delay keeps the total latency whole.
        let h2 = kaiser_lowpass(17, 0.25, 6.0);
        Self {
            up1: Upsampler::new(2, &h1),
            up2: Upsampler::new(2, &h2),
            down2: Decimator2::new(&h2),
            down1: Decimator2::new(&h1),
            dry: [0.0; Saturation::LATENCY],
            dry_pos: 0,
            dc_x: 0.0,
            dc_y: 0.0,
        }
    }
}

/// A stereo tape-style saturator.
#[derive(Clone, Debug)]
pub struct Saturation {
    drive: super::ramp::Ramp,
    mix: super::ramp::Ramp,
    lanes: [Lane; 2],
    dc_coeff: f32,
}

impl Saturation {
    /// Wet-path delay in samples: stage 1 contributes 31 (2 × 15.5), stage 2 4.
    pub const LATENCY: usize = 35;

    /// A saturator with the given settings.
    pub fn new(s: SatSettings) -> Self {
        Self {
            drive: super::ramp::Ramp::new(super::db_to_gain(s.drive_db), 20.0),
            mix: super::ramp::Ramp::new(s.mix.clamp(0.0, 1.0), 20.0),
            lanes: [Lane::new(), Lane::new()],
            dc_coeff: 1.0 - 2.0 * std::f32::consts::PI * 5.0 / super::FS,
        }
    }

    /// New settings (both glide).
    pub fn set(&mut self, s: SatSettings) {
        self.drive.set(super::db_to_gain(s.drive_db));
        self.mix.set(s.mix.clamp(0.0, 1.0));
    }

    /// The transfer curve at the given linear drive, normalised to unit slope at 0.
    #[inline]
    fn curve(x: f32, drive: f32) -> f32 {
        let t = fastmath::tanh(BIAS);
        let norm = 1.0 / (drive * (1.0 - t * t));
        (fastmath::tanh(drive * x + BIAS) - t) * norm
    }

    /// Saturates the block in place.
    pub fn process(&mut self, block: &mut Block) {
        let channels = block.channels();
        let len = block.len();
        let dc = self.dc_coeff;
        for i in 0..len {
            let drive = self.drive.next_value();
            let mix = self.mix.next_value();
            for ch in 0..channels {
                let lane = &mut self.lanes[ch];
                let x = block.channel(ch)[i];
                let mut s1 = [0.0f32; 2];
                lane.up1.process(x, &mut s1);
                let mut down = [0.0f32; 2];
                for (k, &v) in s1.iter().enumerate() {
                    let mut s2 = [0.0f32; 2];
                    lane.up2.process(v, &mut s2);
                    down[k] = lane
                        .down2
                        .process([Self::curve(s2[0], drive), Self::curve(s2[1], drive)]);
                }
                let wet = lane.down1.process(down);
                // DC blocker: y = x − x₋₁ + R·y₋₁
                let y = wet - lane.dc_x + dc * lane.dc_y;
                lane.dc_x = wet;
                lane.dc_y = y;
                let dry = lane.dry[lane.dry_pos];
                lane.dry[lane.dry_pos] = x;
                lane.dry_pos = (lane.dry_pos + 1) % Self::LATENCY;
                block.channel_mut(ch)[i] = dry + mix * (y - dry);
            }
        }
        for lane in &mut self.lanes {
            lane.dc_y = super::denormal::flush(lane.dc_y);
        }
    }
}
