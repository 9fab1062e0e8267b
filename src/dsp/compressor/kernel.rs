//! The compressor's kernel: detector, gain computer, smoothing and output
//! gain of eight lanes at once, in three passes so that only the smoothing
//! waits on the sample before.

use super::SidechainKeys;
use crate::dsp::fastmath;
use crate::dsp::simd::{Frames, LANES, Lane, Simd, multiversion};

/// The per-lane constants of the gain computer and the smoothing.
#[derive(Clone, Debug)]
pub(super) struct Curve {
    pub(super) threshold_db: Lane,
    /// Knee width W (≥ 1e-6 so the knee formula never divides by zero).
    pub(super) knee_db: Lane,
    pub(super) inv_2knee: Lane,
    /// 1 − 1/ratio.
    pub(super) slope: Lane,
    pub(super) attack: Lane,
    pub(super) release: Lane,
    /// dB per unit of log2 of the detector value: 20·log10(2) for a peak
    /// (an amplitude), half that for RMS lanes (a mean square).
    pub(super) db_per_log2: Lane,
    /// 1 where the lane detects RMS, 0 for peak.
    pub(super) rms: Lane,
    /// 1 where lane `l` and lane `l ^ 1` are one stereo compressor.
    pub(super) link: Lane,
}

/// What the kernel carries from one block to the next.
pub(super) struct State {
    pub(super) mean_square: Lane,
    pub(super) reduction_db: Lane,
    pub(super) meter_db: Lane,
}

/// The output gain wet × g + dry, with g the compressor's own gain: one
/// value per lane, or one per frame while makeup or mix glide.
#[derive(Clone, Copy)]
pub(super) enum Gains<'a> {
    Settled { wet: Lane, dry: Lane },
    Gliding { wet: &'a Frames, dry: &'a Frames },
}

/// One block's work for the kernel.
pub(super) struct Pass<'a> {
    pub(super) curve: &'a Curve,
    pub(super) rms_coeff: f32,
    pub(super) state: &'a mut State,
    pub(super) frames: &'a mut Frames,
    pub(super) len: usize,
    pub(super) keys: Option<&'a SidechainKeys>,
    pub(super) gains: Gains<'a>,
    /// Per-frame working space.
    pub(super) scratch: &'a mut Frames,
}

multiversion! {
    pub(super) fn compress(pass: Pass) => compress_kernel
}

#[inline(always)]
fn compress_kernel<S: Simd>(s: S, pass: Pass) {
    // Two versions, so the one without sidechains does not select per lane.
    if pass.keys.is_some() {
        compress_lanes::<S, true>(s, pass)
    } else {
        compress_lanes::<S, false>(s, pass)
    }
}

#[inline(always)]
fn compress_lanes<S: Simd, const KEYED: bool>(s: S, pass: Pass) {
    let Pass {
        curve,
        rms_coeff,
        state,
        frames,
        len,
        keys,
        gains,
        scratch,
    } = pass;
    let c = curve;
    let (zero, half, tiny) = (s.splat(0.0), s.splat(0.5), s.splat(1e-30));
    let (threshold, knee, inv_2knee, slope) = (
        s.load(&c.threshold_db),
        s.load(&c.knee_db),
        s.load(&c.inv_2knee),
        s.load(&c.slope),
    );
    let half_knee = s.mul(half, knee);
    let (db_per_log2, rms, link) = (s.load(&c.db_per_log2), s.load(&c.rms), s.load(&c.link));
    let keyed = s.load(&keys.map_or([0.0; LANES], |k| k.mask));
    let rms_coeff = s.splat(rms_coeff);
    // The smoothing is the recursion every sample waits on, so it is kept
    // to one multiply-add and a blend: both candidates a·red + (1 − a)·target
    // are computed, with (1 − a)·target worked out off the chain.
    let (attack, release) = (s.load(&c.attack), s.load(&c.release));
    let one = s.splat(1.0);
    let (attack_rest, release_rest) = (s.sub(one, attack), s.sub(one, release));
    let to_gain = s.splat(-0.166_096_4); // −log2(10)/20: dB of reduction → log2 of gain
    let mut ms = s.load(&state.mean_square);
    let rms_rest = s.sub(one, rms_coeff);
    // Three passes, so that only the smoothing waits on the sample before:
    // first the static curve's target reduction of every frame (stored in
    // `scratch`), then the smoothing alone, then the gains.
    let targets = frames.0[..len].iter().zip(&mut scratch.0[..len]);
    for (t, (frame, target_out)) in targets.enumerate() {
        let x = s.load(frame);
        // The key's two channels: the lane and its linked neighbour (itself
        // when not linked), or the sidechain.
        let mut a = x;
        let mut b = s.if_gt(link, half, s.swap_pairs(x), x);
        if KEYED && let Some(k) = keys {
            a = s.if_gt(keyed, half, s.load(&k.left.0[t]), a);
            b = s.if_gt(keyed, half, s.load(&k.right.0[t]), b);
        }
        let peak = s.max(s.abs(a), s.abs(b));
        let square = s.mul(half, s.mul_add(a, a, s.mul(b, b)));
        ms = s.mul_add(rms_coeff, ms, s.mul(rms_rest, square));
        let detected = s.if_gt(rms, half, ms, peak);
        let level_db = s.mul(db_per_log2, fastmath::log2(s, s.max(detected, tiny)));
        // The static gain reduction, branch-free: (1 − 1/R)·[x²/2W with
        // x = over + W/2 clamped to the knee, plus the part above it].
        let over = s.sub(level_db, threshold);
        let k = s.min(s.max(s.add(over, half_knee), zero), knee);
        let above = s.max(s.sub(over, half_knee), zero);
        s.store(
            s.mul(slope, s.mul_add(s.mul(k, k), inv_2knee, above)),
            target_out,
        );
    }
    let mut red = s.load(&state.reduction_db);
    let mut meter = s.load(&state.meter_db);
    for slot in &mut scratch.0[..len] {
        let target = s.load(slot);
        let attacked = s.mul_add(attack, red, s.mul(attack_rest, target));
        let released = s.mul_add(release, red, s.mul(release_rest, target));
        red = s.if_gt(target, red, attacked, released);
        meter = s.max(meter, red);
        s.store(red, slot);
    }
    // (No closures here: one the compiler chose not to inline would lose
    // the kernel's instruction set.)
    match gains {
        Gains::Settled { wet, dry } => {
            let (wet, dry) = (s.load(&wet), s.load(&dry));
            for (frame, red) in frames.0[..len].iter_mut().zip(&scratch.0[..len]) {
                let gain = fastmath::exp2(s, s.mul(s.load(red), to_gain));
                let g = s.mul_add(wet, gain, dry);
                s.store(s.mul(s.load(frame), g), frame);
            }
        }
        Gains::Gliding { wet, dry } => {
            for (t, frame) in frames.0[..len].iter_mut().enumerate() {
                let gain = fastmath::exp2(s, s.mul(s.load(&scratch.0[t]), to_gain));
                let g = s.mul_add(s.load(&wet.0[t]), gain, s.load(&dry.0[t]));
                s.store(s.mul(s.load(frame), g), frame);
            }
        }
    }
    state.mean_square = s.to_array(ms);
    state.reduction_db = s.to_array(red);
    state.meter_db = s.to_array(meter);
}
