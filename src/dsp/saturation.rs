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
use super::simd::{Isa, madd, multiversion};

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

/// The DC blocker's recursion y[n] = d[n] + R·y[n−1] solved eight samples
/// at a time, as a scan: three steps y[k] += R^s·y[k − s] (s = 1, 2, 4)
/// give y[k] = Σ_{j≤k} R^(k−j)·d[j], and the previous chunk's last output
/// enters last as R^(k+1)·y[−1]. The chain from one chunk to the next is
/// then one multiply-add, not eight.
#[derive(Clone, Debug)]
struct DcScan {
    /// R, R², R⁴.
    steps: [f32; 3],
    /// R^(k+1).
    carry: [f32; 8],
}

impl DcScan {
    fn new(r: f64) -> Self {
        Self {
            steps: [r as f32, r.powi(2) as f32, r.powi(4) as f32],
            carry: std::array::from_fn(|k| r.powi(k as i32 + 1) as f32),
        }
    }
}

/// A stereo tape-style saturator.
#[derive(Clone, Debug)]
pub struct Saturation {
    isa: Isa,
    drive: super::ramp::Ramp,
    mix: super::ramp::Ramp,
    lanes: [Lane; 2],
    dc_coeff: f32,
    dc_scan: DcScan,
}

impl Saturation {
    /// Wet-path delay in samples: stage 1 contributes 31 (2 × 15.5), stage 2 4.
    pub const LATENCY: usize = 35;

    /// A saturator with the given settings, on this CPU's widest
    /// instruction set.
    pub fn new(s: SatSettings) -> Self {
        Self::with_isa(s, Isa::detect())
    }

    /// A saturator with the given settings running on `isa`.
    pub fn with_isa(s: SatSettings, isa: Isa) -> Self {
        let dc = 1.0 - 2.0 * std::f64::consts::PI * 5.0 / super::FS as f64;
        Self {
            isa,
            drive: super::ramp::Ramp::new(super::db_to_gain(s.drive_db), 20.0),
            mix: super::ramp::Ramp::new(s.mix.clamp(0.0, 1.0), 20.0),
            lanes: [Lane::new(), Lane::new()],
            dc_coeff: dc as f32,
            dc_scan: DcScan::new(dc),
        }
    }

    /// New settings (both glide).
    pub fn set(&mut self, s: SatSettings) {
        self.drive.set(super::db_to_gain(s.drive_db));
        self.mix.set(s.mix.clamp(0.0, 1.0));
    }

    fn norm(drive: f32) -> f32 {
        let t = fastmath::tanh::<false>(BIAS);
        1.0 / (drive * (1.0 - t * t))
    }

    /// Saturates the block in place.
    pub fn process(&mut self, block: &mut Block) {
        let len = block.len();
        let isa = self.isa;
        // Drive and mix per input sample while they glide (the ramps
        // advance once per sample); settled, one value each for the block.
        let gliding = self.drive.is_moving();
        let mut drive = [0.0f32; MAX_BLOCK];
        let mut norm = [0.0f32; MAX_BLOCK];
        if gliding {
            for i in 0..len {
                drive[i] = self.drive.next_value();
                norm[i] = Self::norm(drive[i]);
            }
        }
        let (settled_drive, settled_norm) = (self.drive.value(), Self::norm(self.drive.value()));
        let mut mix = [self.mix.value(); MAX_BLOCK];
        if self.mix.is_moving() {
            for m in &mut mix[..len] {
                *m = self.mix.next_value();
            }
        }
        for (ch, lane) in self.lanes.iter_mut().enumerate().take(block.channels()) {
            let x = block.channel_mut(ch);
            // 48 → 96 → 192 kHz, the curve, and back down.
            let mut x2 = [0.0f32; 2 * MAX_BLOCK];
            let mut x4 = [0.0f32; 4 * MAX_BLOCK];
            lane.up1.process(x, &mut x2[..2 * len]);
            lane.up2.process(&x2[..2 * len], &mut x4[..4 * len]);
            if gliding {
                shape_gliding(isa, &mut x4[..4 * len], &drive[..len], &norm[..len]);
            } else {
                shape(isa, &mut x4[..4 * len], settled_drive, settled_norm);
            }
            lane.down2.process(&x4[..4 * len], &mut x2[..2 * len]);
            let mut wet = [0.0f32; MAX_BLOCK];
            lane.down1.process(&x2[..2 * len], &mut wet[..len]);
            dc_block(
                isa,
                &mut wet[..len],
                &self.dc_scan,
                self.dc_coeff,
                &mut lane.dc_x,
                &mut lane.dc_y,
            );
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

/// The transfer curve at the given linear drive; `norm` =
/// [`Saturation::norm`]`(drive)` makes the slope at 0 exactly 1, and
/// `tanh_bias` is tanh(BIAS) as the same approximation gives it, so
/// silence stays exactly silent.
#[inline(always)]
fn curve<const FMA: bool>(x: f32, drive: f32, norm: f32, tanh_bias: f32) -> f32 {
    (fastmath::tanh::<FMA>(madd::<FMA>(drive, x, BIAS)) - tanh_bias) * norm
}

multiversion! {
    fn shape(x4: &mut [f32], drive: f32, norm: f32) => shape_kernel
}

#[inline(always)]
fn shape_kernel<const FMA: bool>(x4: &mut [f32], drive: f32, norm: f32) {
    let tanh_bias = fastmath::tanh::<FMA>(BIAS);
    for v in x4 {
        *v = curve::<FMA>(*v, drive, norm, tanh_bias);
    }
}

multiversion! {
    /// The curve at 4× with the drive of each input sample.
    fn shape_gliding(x4: &mut [f32], drive: &[f32], norm: &[f32]) => shape_gliding_kernel
}

#[inline(always)]
fn shape_gliding_kernel<const FMA: bool>(x4: &mut [f32], drive: &[f32], norm: &[f32]) {
    let tanh_bias = fastmath::tanh::<FMA>(BIAS);
    for ((quad, &d), &g) in x4.chunks_exact_mut(4).zip(drive).zip(norm) {
        for v in quad {
            *v = curve::<FMA>(*v, d, g, tanh_bias);
        }
    }
}

multiversion! {
    /// The DC blocker y = x − x₋₁ + R·y₋₁ over `w`, eight samples at a time.
    fn dc_block(w: &mut [f32], scan: &DcScan, r: f32, x1: &mut f32, y1: &mut f32) => dc_block_kernel
}

#[inline(always)]
fn dc_block_kernel<const FMA: bool>(
    w: &mut [f32],
    scan: &DcScan,
    r: f32,
    x1: &mut f32,
    y1: &mut f32,
) {
    let (mut prev_x, mut prev_y) = (*x1, *y1);
    let mut chunks = w.chunks_exact_mut(8);
    for chunk in &mut chunks {
        let x: [f32; 8] = (&*chunk).try_into().expect("8 samples");
        let mut y: [f32; 8] =
            std::array::from_fn(|k| x[k] - if k == 0 { prev_x } else { x[k - 1] });
        for (step, &weight) in [1, 2, 4].iter().zip(&scan.steps) {
            let shifted: [f32; 8] =
                std::array::from_fn(|k| if k >= *step { y[k - step] } else { 0.0 });
            for k in 0..8 {
                y[k] = madd::<FMA>(weight, shifted[k], y[k]);
            }
        }
        for (y, &carry) in y.iter_mut().zip(&scan.carry) {
            *y = madd::<FMA>(carry, prev_y, *y);
        }
        chunk.copy_from_slice(&y);
        (prev_x, prev_y) = (x[7], y[7]);
    }
    for v in chunks.into_remainder() {
        let y = madd::<FMA>(r, prev_y, *v - prev_x);
        prev_x = *v;
        prev_y = y;
        *v = y;
    }
    (*x1, *y1) = (prev_x, prev_y);
}
