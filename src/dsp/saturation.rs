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

use super::MAX_BLOCK;
use super::block::Block;
use super::fastmath;
use super::oversample::{Decimator2, Interpolator2, kaiser_lowpass};

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
    up1: Interpolator2,
    up2: Interpolator2,
    down2: Decimator2,
    down1: Decimator2,
    /// The last [`Saturation::LATENCY`] dry inputs, oldest first.
    dry: [f32; Saturation::LATENCY],
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
            up1: Interpolator2::new(&h1, MAX_BLOCK),
            up2: Interpolator2::new(&h2, 2 * MAX_BLOCK),
            down2: Decimator2::new(&h2, 2 * MAX_BLOCK),
            down1: Decimator2::new(&h1, MAX_BLOCK),
            dry: [0.0; Saturation::LATENCY],
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

    /// The transfer curve at the given linear drive; `norm` =
    /// [`Saturation::norm`]`(drive)` makes the slope at 0 exactly 1.
    #[inline]
    fn curve(x: f32, drive: f32, norm: f32) -> f32 {
        (fastmath::tanh::<false>(drive * x + BIAS) - fastmath::tanh::<false>(BIAS)) * norm
    }

    fn norm(drive: f32) -> f32 {
        let t = fastmath::tanh::<false>(BIAS);
        1.0 / (drive * (1.0 - t * t))
    }

    /// Saturates the block in place.
    pub fn process(&mut self, block: &mut Block) {
        let len = block.len();
        // Drive and mix per input sample (the ramps advance once per sample);
        // settled, they are one value for the block, and so is the norm.
        let mut drive = [0.0f32; MAX_BLOCK];
        let mut norm = [0.0f32; MAX_BLOCK];
        let mut mix = [0.0f32; MAX_BLOCK];
        if self.drive.is_moving() {
            for i in 0..len {
                drive[i] = self.drive.next_value();
                norm[i] = Self::norm(drive[i]);
            }
        } else {
            let d = self.drive.value();
            drive[..len].fill(d);
            norm[..len].fill(Self::norm(d));
        }
        if self.mix.is_moving() {
            for m in &mut mix[..len] {
                *m = self.mix.next_value();
            }
        } else {
            mix[..len].fill(self.mix.value());
        }
        let dc = self.dc_coeff;
        for (ch, lane) in self.lanes.iter_mut().enumerate().take(block.channels()) {
            let x = block.channel_mut(ch);
            // 48 → 96 → 192 kHz, the curve, and back down.
            let mut x2 = [0.0f32; 2 * MAX_BLOCK];
            let mut x4 = [0.0f32; 4 * MAX_BLOCK];
            lane.up1.process(x, &mut x2[..2 * len]);
            lane.up2.process(&x2[..2 * len], &mut x4[..4 * len]);
            for ((quad, &d), &g) in x4[..4 * len].chunks_exact_mut(4).zip(&drive).zip(&norm) {
                for v in quad {
                    *v = Self::curve(*v, d, g);
                }
            }
            lane.down2.process(&x4[..4 * len], &mut x2[..2 * len]);
            let mut wet = [0.0f32; MAX_BLOCK];
            lane.down1.process(&x2[..2 * len], &mut wet[..len]);
            // DC blocker: y = x − x₋₁ + R·y₋₁ (the one serial step).
            let (mut dc_x, mut dc_y) = (lane.dc_x, lane.dc_y);
            for w in &mut wet[..len] {
                let y = *w - dc_x + dc * dc_y;
                dc_x = *w;
                dc_y = y;
                *w = y;
            }
            (lane.dc_x, lane.dc_y) = (dc_x, dc_y);
            // The dry path, delayed to line up with the wet one.
            const LAT: usize = Saturation::LATENCY;
            let mut line = [0.0f32; LAT + MAX_BLOCK];
            line[..LAT].copy_from_slice(&lane.dry);
            line[LAT..LAT + len].copy_from_slice(x);
            lane.dry.copy_from_slice(&line[len..len + LAT]);
            for ((x, &dry), (&y, &m)) in x
                .iter_mut()
                .zip(&line[..len])
                .zip(wet.iter().zip(&mix[..len]))
            {
                *x = dry + m * (y - dry);
            }
        }
        for lane in &mut self.lanes {
            lane.dc_y = super::denormal::flush(lane.dc_y);
        }
    }
}
