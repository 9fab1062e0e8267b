//! Tape-style saturation: an asymmetric tanh soft clip with drive and dry/wet mix.
//!
//! The curve runs at 4× the sample rate (two 2× polyphase IIR half-band
//! stages, [`super::halfband`]), so the harmonics it adds fold back into the
//! audio band at a low, measured level instead of aliasing. A little bias
//! makes the curve asymmetric, adding the even harmonics tape is known for;
//! the small-signal gain is normalised to 1 so the drive changes colour
//! rather than level, and a 5 Hz DC blocker removes the offset the bias
//! creates. Dry and saturated signal are mixed at 4×, so both pass the same
//! filters and parallel saturation cannot comb-filter; a quiet signal comes
//! out at its own level at every frequency, about 3.5 samples late.
//!
//! [`SaturationLanes`] runs eight channels side by side in SIMD lanes (the
//! half-bands are recursions); [`Saturation`] is a stereo pair of lanes.

use super::block::Block;
use super::fastmath;
use super::halfband::{self, Halfband};
use super::ramp::LaneRamps;
use super::simd::{self, Frames, Isa, LANES, Lane, Simd, multiversion};

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

/// 48 ↔ 96 kHz: five coefficients, flat to 20 kHz, 80 dB down from 28 kHz.
type Stage1 = Halfband<3, 2>;
/// 96 ↔ 192 kHz: three coefficients, 78 dB down from 68 kHz (the images
/// of everything stage 1 lets through).
type Stage2 = Halfband<2, 1>;

/// The four half-band stages of every lane.
#[derive(Clone, Debug)]
struct Filters {
    up1: Stage1,
    up2: Stage2,
    down2: Stage2,
    down1: Stage1,
}

/// The DC blocker's state, y = x − x₋₁ + R·y₋₁ per lane.
#[derive(Clone, Debug)]
struct DcBlocker {
    r: f32,
    x1: Lane,
    y1: Lane,
}

/// Eight saturators side by side; a lane with no settings passes its signal
/// untouched.
#[derive(Clone, Debug)]
pub struct SaturationLanes {
    isa: Isa,
    /// 1 where the lane saturates.
    active: Lane,
    drive: LaneRamps,
    mix: LaneRamps,
    filters: Filters,
    dc: DcBlocker,
    /// Per-frame drive, norm and mix while they glide.
    gliding: Box<[Frames; 3]>,
}

impl SaturationLanes {
    /// Eight idle lanes.
    pub fn new(isa: Isa) -> Self {
        let stage1 = halfband::design(5, 8.0 / 96.0);
        let stage2 = halfband::design(3, 40.0 / 192.0);
        Self {
            isa,
            active: [0.0; LANES],
            drive: LaneRamps::new(1.0, 20.0),
            mix: LaneRamps::new(0.0, 20.0),
            filters: Filters {
                up1: Stage1::new(&stage1),
                up2: Stage2::new(&stage2),
                down2: Stage2::new(&stage2),
                down1: Stage1::new(&stage1),
            },
            dc: DcBlocker {
                r: (1.0 - 2.0 * std::f64::consts::PI * 5.0 / super::FS as f64) as f32,
                x1: [0.0; LANES],
                y1: [0.0; LANES],
            },
            gliding: Box::new([*Frames::boxed(), *Frames::boxed(), *Frames::boxed()]),
        }
    }

    /// New settings for one lane (`None`: the lane passes its signal); drive
    /// and mix glide once the lane is running.
    pub fn set(&mut self, lane: usize, s: Option<SatSettings>) {
        let was_on = self.active[lane] > 0.0;
        let Some(s) = s else {
            self.active[lane] = 0.0;
            return;
        };
        self.active[lane] = 1.0;
        let (drive, mix) = (super::db_to_gain(s.drive_db), s.mix.clamp(0.0, 1.0));
        if was_on {
            self.drive.lane(lane).set(drive);
            self.mix.lane(lane).set(mix);
        } else {
            self.drive.lane(lane).jump(drive);
            self.mix.lane(lane).jump(mix);
        }
    }

    /// The gain that makes the curve's slope at 0 exactly 1 at `drive`.
    fn norm(drive: f32) -> f32 {
        let t = fastmath::tanh1(BIAS);
        1.0 / (drive * (1.0 - t * t))
    }

    /// Saturates the first `len` frames in place.
    pub fn process(&mut self, frames: &mut Frames, len: usize) {
        let params = if self.drive.is_moving() || self.mix.is_moving() {
            let [drive, norm, mix] = &mut *self.gliding;
            self.drive.fill(&mut drive.0[..len]);
            self.mix.fill(&mut mix.0[..len]);
            for (d, n) in drive.0[..len].iter().zip(&mut norm.0[..len]) {
                *n = d.map(Self::norm);
            }
            Params::Gliding {
                drive: &self.gliding[0],
                norm: &self.gliding[1],
                mix: &self.gliding[2],
            }
        } else {
            let drive: Lane = std::array::from_fn(|l| self.drive.value(l));
            Params::Settled {
                drive,
                norm: drive.map(Self::norm),
                mix: std::array::from_fn(|l| self.mix.value(l)),
            }
        };
        saturate(
            self.isa,
            &mut self.filters,
            &mut self.dc,
            &self.active,
            frames,
            len,
            params,
        );
        let f = &mut self.filters;
        for stage in [&mut f.up1, &mut f.down1] {
            stage.flush();
        }
        for stage in [&mut f.up2, &mut f.down2] {
            stage.flush();
        }
        self.dc.y1 = self.dc.y1.map(super::denormal::flush);
    }
}

/// Drive, norm and mix: one value per lane, or one per frame while they
/// glide.
#[derive(Clone, Copy)]
enum Params<'a> {
    Settled {
        drive: Lane,
        norm: Lane,
        mix: Lane,
    },
    Gliding {
        drive: &'a Frames,
        norm: &'a Frames,
        mix: &'a Frames,
    },
}

multiversion! {
    fn saturate(
        filters: &mut Filters,
        dc: &mut DcBlocker,
        active: &Lane,
        frames: &mut Frames,
        len: usize,
        params: Params,
    ) => saturate_kernel
}

/// Frames processed stage by stage: each stage's loop then keeps only its
/// own filter state in registers (all four at once would not fit, and
/// their recursions would wait on the stack), while the 2× and 4× signals
/// of 64 frames stay in the L1 cache.
const CHUNK: usize = 64;

/// The curve on one 4× sample, mixed with the dry sample:
/// u + mix·((tanh(drive·u + BIAS) − tanh(BIAS))·norm − u), folded into
/// wet·tanh(drive·u + BIAS) + dry·u + offset.
#[derive(Clone, Copy)]
struct Shape<S: Simd> {
    drive: S::F32,
    wet: S::F32,
    dry: S::F32,
    offset: S::F32,
}

impl<S: Simd> Shape<S> {
    #[inline(always)]
    fn new(s: S, drive: S::F32, norm: S::F32, mix: S::F32, tanh_bias: S::F32) -> Self {
        let wet = s.mul(mix, norm);
        Shape {
            drive,
            wet,
            dry: s.sub(s.splat(1.0), mix),
            offset: s.mul(s.sub(s.splat(0.0), wet), tanh_bias),
        }
    }

    #[inline(always)]
    fn apply(&self, s: S, u: S::F32, bias: S::F32) -> S::F32 {
        let t = fastmath::tanh(s, s.mul_add(self.drive, u, bias));
        s.mul_add(self.wet, t, s.mul_add(self.dry, u, self.offset))
    }
}

#[inline(always)]
fn saturate_kernel<S: Simd>(
    s: S,
    filters: &mut Filters,
    dc: &mut DcBlocker,
    active: &Lane,
    frames: &mut Frames,
    len: usize,
    params: Params,
) {
    let (bias, tanh_bias) = (s.splat(BIAS), fastmath::tanh(s, s.splat(BIAS)));
    let (active, half, dc_r) = (s.load(active), s.splat(0.5), s.splat(dc.r));
    let (mut x1, mut y1) = (s.load(&dc.x1), s.load(&dc.y1));
    let zero = s.splat(0.0);
    let mut x2 = [zero; 2 * CHUNK];
    let mut x4 = [zero; 4 * CHUNK];
    let mut start = 0;
    while start < len {
        let chunk = &mut frames.0[start..len.min(start + CHUNK)];
        let n = chunk.len();
        // 48 → 96 kHz.
        let mut up1 = filters.up1.load(s);
        for (f, pair) in chunk.iter().zip(x2.chunks_exact_mut(2)) {
            (pair[0], pair[1]) = up1.up(s, s.load(f));
        }
        filters.up1.save(s, &up1);
        // 96 → 192 kHz.
        let mut up2 = filters.up2.load(s);
        for (&u, pair) in x2[..2 * n].iter().zip(x4.chunks_exact_mut(2)) {
            (pair[0], pair[1]) = up2.up(s, u);
        }
        filters.up2.save(s, &up2);
        // The curve, four samples per frame.
        match params {
            Params::Settled { drive, norm, mix } => {
                let (drive, norm, mix) = (s.load(&drive), s.load(&norm), s.load(&mix));
                let shape = Shape::new(s, drive, norm, mix, tanh_bias);
                for u in &mut x4[..4 * n] {
                    *u = shape.apply(s, *u, bias);
                }
            }
            Params::Gliding { drive, norm, mix } => {
                for (t, quad) in x4[..4 * n].chunks_exact_mut(4).enumerate() {
                    let at = start + t;
                    let (d, g, m) = (
                        s.load(&drive.0[at]),
                        s.load(&norm.0[at]),
                        s.load(&mix.0[at]),
                    );
                    let shape = Shape::new(s, d, g, m, tanh_bias);
                    for u in quad {
                        *u = shape.apply(s, *u, bias);
                    }
                }
            }
        }
        // 192 → 96 kHz.
        let mut down2 = filters.down2.load(s);
        for (pair, out) in x4[..4 * n].chunks_exact(2).zip(x2.iter_mut()) {
            *out = down2.down(s, pair[0], pair[1]);
        }
        filters.down2.save(s, &down2);
        // 96 → 48 kHz, the DC blocker, and lanes without saturation keep
        // their input.
        let mut down1 = filters.down1.load(s);
        for (f, pair) in chunk.iter_mut().zip(x2.chunks_exact(2)) {
            let x = s.load(f);
            let y = down1.down(s, pair[0], pair[1]);
            y1 = s.mul_add(dc_r, y1, s.sub(y, x1));
            x1 = y;
            s.store(s.if_gt(active, half, y1, x), f);
        }
        filters.down1.save(s, &down1);
        start += n;
    }
    dc.x1 = s.to_array(x1);
    dc.y1 = s.to_array(y1);
}

/// A stereo saturator (two lanes of [`SaturationLanes`]).
#[derive(Clone, Debug)]
pub struct Saturation {
    lanes: SaturationLanes,
    frames: Box<Frames>,
}

impl Saturation {
    /// A saturator with the given settings, on this CPU's widest
    /// instruction set.
    pub fn new(s: SatSettings) -> Self {
        Self::with_isa(s, Isa::detect())
    }

    /// A saturator with the given settings running on `isa`.
    pub fn with_isa(s: SatSettings, isa: Isa) -> Self {
        let mut lanes = SaturationLanes::new(isa);
        lanes.set(0, Some(s));
        lanes.set(1, Some(s));
        Self {
            lanes,
            frames: Frames::boxed(),
        }
    }

    /// New settings (both glide).
    pub fn set(&mut self, s: SatSettings) {
        self.lanes.set(0, Some(s));
        self.lanes.set(1, Some(s));
    }

    /// Saturates the block in place.
    pub fn process(&mut self, block: &mut Block) {
        simd::block_to_pair(self.lanes.isa, block, &mut self.frames);
        self.lanes.process(&mut self.frames, block.len());
        simd::pair_to_block(self.lanes.isa, &self.frames, block);
    }
}
