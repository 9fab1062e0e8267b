//! Lookahead true-peak limiter: the last stage of the master bus.
//!
//! 1. The required gain per sample, r[n] = min(1, ceiling / true peak), comes
//!    from a 4× interpolated peak estimate (BS.1770-4 Annex 2), stereo-linked.
//! 2. A sliding minimum over the lookahead window, then a release glide back
//!    towards 1, gives a gain that is never above what any sample in reach
//!    needs.
//! 3. A moving average (box filter) as long as the lookahead makes the gain
//!    curve smooth; because every value it averages is ≤ the requirement of the
//!    sample it is applied to, the average is too — so the ceiling holds with
//!    no overshoot, while the attack is a smooth ramp rather than a step.
//!
//! The signal is delayed by [`Limiter::LATENCY`] samples so the gain ramp
//! starts before the peak arrives.

use super::MAX_BLOCK;
use super::block::Block;
use super::line::Line;
use super::oversample::TruePeak;

/// Lookahead (and attack ramp) length in samples: 1.5 ms.
const LOOKAHEAD: usize = 72;
/// Extra window each side of the aligned sample, covering the interpolator's
/// spread so a peak between samples is caught too.
const SLACK: usize = 4;
/// Minimum window length.
const WINDOW: usize = LOOKAHEAD + 2 * SLACK;
/// Safety margin under the ceiling for the difference between our
/// interpolator and a meter's, in dB. Two 4× interpolators disagree most
/// on content near Nyquist: a saturated master through a resonant 18 kHz
/// low-pass measured 0.25 dB hotter by BS.1770's meter (ebur128) than by
/// ours, so 0.15 dB let it through; 0.3 dB holds over a thousand random
/// extreme mixes (`tests/params.rs`).
const MARGIN_DB: f32 = 0.3;

/// The smaller of two requirements: one compare-and-select (`f32::min`
/// also handles NaN, which none of these are, and that doubles the chain).
#[inline(always)]
fn min(a: f32, b: f32) -> f32 {
    if a < b { a } else { b }
}

/// A block's working arrays.
#[derive(Clone, Debug)]
struct Scratch {
    peaks: [[f32; MAX_BLOCK]; 2],
    /// The last `WINDOW − 1` requirements, then the block's.
    required: [f32; WINDOW - 1 + MAX_BLOCK],
    /// Running minima from each segment's start, and to each segment's end.
    from_start: [f32; WINDOW - 1 + MAX_BLOCK],
    to_end: [f32; WINDOW - 1 + MAX_BLOCK],
    /// The released gain of the last `LOOKAHEAD` samples, then the
    /// block's: what the box filter averages.
    released: [f32; LOOKAHEAD + MAX_BLOCK],
    gain: [f32; MAX_BLOCK],
    delayed: [f32; MAX_BLOCK],
}

/// A stereo-linked true-peak limiter.
#[derive(Clone, Debug)]
pub struct Limiter {
    ceiling: f32,
    release: f32,
    peaks: [TruePeak; 2],
    /// How far below 1 the released gain is (the glide's state).
    below: f32,
    box_sum: f64,
    delay: [Line; 2],
    gain: f32,
    meter_db: f32,
    scratch: Box<Scratch>,
}

impl Limiter {
    /// Total delay of the signal through the limiter, in samples.
    pub const LATENCY: usize = LOOKAHEAD - 1 + SLACK + TruePeak::LATENCY;

    /// A limiter with its ceiling in dBTP and release time in ms.
    pub fn new(ceiling_dbtp: f32, release_ms: f32) -> Self {
        let mut l = Self {
            ceiling: 1.0,
            release: 0.0,
            peaks: [TruePeak::default(), TruePeak::default()],
            below: 0.0,
            box_sum: LOOKAHEAD as f64,
            delay: [
                Line::new(Self::LATENCY + MAX_BLOCK),
                Line::new(Self::LATENCY + MAX_BLOCK),
            ],
            gain: 1.0,
            meter_db: 0.0,
            scratch: Box::new(Scratch {
                peaks: [[0.0; MAX_BLOCK]; 2],
                required: [1.0; WINDOW - 1 + MAX_BLOCK],
                from_start: [1.0; WINDOW - 1 + MAX_BLOCK],
                to_end: [1.0; WINDOW - 1 + MAX_BLOCK],
                released: [1.0; LOOKAHEAD + MAX_BLOCK],
                gain: [1.0; MAX_BLOCK],
                delayed: [0.0; MAX_BLOCK],
            }),
        };
        l.set(ceiling_dbtp, release_ms);
        l
    }

    /// New ceiling (dBTP) and release time (ms).
    pub fn set(&mut self, ceiling_dbtp: f32, release_ms: f32) {
        self.ceiling = super::db_to_gain(ceiling_dbtp - MARGIN_DB);
        self.release = super::one_pole_coeff(release_ms.clamp(1.0, 5000.0));
    }

    /// Current gain reduction in dB (positive = reducing).
    pub fn reduction_db(&self) -> f32 {
        -super::gain_to_db(self.gain)
    }

    /// The largest reduction since the last call, for meters.
    pub fn take_meter_db(&mut self) -> f32 {
        std::mem::take(&mut self.meter_db)
    }

    /// Limits a stereo block in place (the output is delayed by `LATENCY`).
    pub fn process(&mut self, block: &mut Block) {
        block.make_stereo();
        let len = block.len();
        if len == 0 {
            return;
        }
        let sc = &mut *self.scratch;
        for (ch, (tp, p)) in self.peaks.iter_mut().zip(&mut sc.peaks).enumerate() {
            tp.process(block.channel(ch), &mut p[..len]);
        }
        // The requirement of each sample, after the last WINDOW − 1.
        const KEPT: usize = WINDOW - 1;
        let ceiling = self.ceiling;
        for ((r, &l), &rr) in sc.required[KEPT..KEPT + len]
            .iter_mut()
            .zip(&sc.peaks[0][..len])
            .zip(&sc.peaks[1][..len])
        {
            let peak = l.max(rr);
            *r = if peak > ceiling { ceiling / peak } else { 1.0 };
        }
        // The minimum over each window of WINDOW requirements ending at a
        // block sample (van Herk / Gil–Werman): a window spans the end of
        // one WINDOW-long segment and the start of the next, so it is the
        // smaller of a running minimum to its segment's end and one from the
        // next segment's start. No branches on the data, three passes.
        let all = KEPT + len;
        let (req, from_start, to_end) = (&sc.required[..all], &mut sc.from_start, &mut sc.to_end);
        for (segment, from_start) in req.chunks(WINDOW).zip(from_start.chunks_mut(WINDOW)) {
            let mut m = f32::INFINITY;
            for (r, f) in segment.iter().zip(from_start) {
                m = min(m, *r);
                *f = m;
            }
        }
        for (segment, to_end) in req.chunks(WINDOW).zip(to_end[..all].chunks_mut(WINDOW)) {
            let mut m = f32::INFINITY;
            for (r, e) in segment.iter().zip(to_end.iter_mut()).rev() {
                m = min(m, *r);
                *e = m;
            }
        }
        // The release glide: the serial part. Written as the distance below
        // 1, y = max(1 − windowed, release·y), each sample waits on one
        // multiply and one compare.
        let release = self.release;
        let mut below = self.below;
        for (t, r) in sc.released[LOOKAHEAD..LOOKAHEAD + len]
            .iter_mut()
            .enumerate()
        {
            let windowed = min(to_end[t], from_start[t + KEPT]);
            let decayed = below * release;
            below = if 1.0 - windowed > decayed {
                1.0 - windowed
            } else {
                decayed
            };
            *r = 1.0 - below;
        }
        self.below = below;
        // The box filter: a running sum (in f64, so it does not drift) of
        // the last LOOKAHEAD released gains.
        const AVERAGE: f64 = 1.0 / LOOKAHEAD as f64;
        let mut box_sum = self.box_sum;
        let (now, ago) = (&sc.released[LOOKAHEAD..], &sc.released[..len]);
        for ((g, &new), &old) in sc.gain[..len].iter_mut().zip(now).zip(ago) {
            box_sum += (new - old) as f64;
            *g = (box_sum * AVERAGE) as f32;
        }
        self.box_sum = box_sum;
        sc.released.copy_within(len..len + LOOKAHEAD, 0);
        sc.required.copy_within(len..len + KEPT, 0);
        self.gain = sc.gain[len - 1];
        // The signal, LATENCY samples late, times the gain.
        for (ch, line) in self.delay.iter_mut().enumerate() {
            line.push_span(block.channel(ch));
            line.read_span(Self::LATENCY + len, &mut sc.delayed[..len]);
            for ((x, &d), &g) in block
                .channel_mut(ch)
                .iter_mut()
                .zip(&sc.delayed[..len])
                .zip(&sc.gain[..len])
            {
                *x = d * g;
            }
        }
        self.meter_db = self.meter_db.max(self.reduction_db());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The block computation equals the documented algorithm done plainly,
    /// sample by sample: a minimum over the last WINDOW requirements, the
    /// release glide, the box filter, the delay.
    #[test]
    fn blocks_equal_the_algorithm_sample_by_sample() {
        let mut limiter = Limiter::new(-1.0, 30.0);
        let ceiling = limiter.ceiling;
        let mut tp = [TruePeak::default(), TruePeak::default()];
        let (mut history, mut released, mut boxed) = (Vec::new(), 1.0f32, vec![1.0f32; LOOKAHEAD]);
        let mut signal: Vec<[f32; 2]> = Vec::new();
        let mut worst = 0.0f32;
        for b in 0..40 {
            let len = [256, 100, 7, 256][b % 4];
            let mut block = Block::new(2, len);
            for ch in 0..2 {
                for (i, x) in block.channel_mut(ch).iter_mut().enumerate() {
                    let t = (b * 1000 + i) as f32;
                    let burst = if (b / 5) % 2 == 0 { 3.0 } else { 0.3 };
                    *x = burst * (t * 0.05 + ch as f32).sin() * (t * 0.0007).cos();
                }
            }
            let input = block.clone();
            limiter.process(&mut block);
            for (ch, tp) in tp.iter_mut().enumerate() {
                let mut p = vec![0.0; len];
                tp.process(input.channel(ch), &mut p);
                for (i, &v) in p.iter().enumerate() {
                    if ch == 0 {
                        history.push(v);
                        signal.push([input.channel(0)[i], input.channel(1)[i]]);
                    } else {
                        let n = history.len() - len + i;
                        history[n] = history[n].max(v);
                    }
                }
            }
            for i in 0..len {
                let n = history.len() - len + i;
                let required: Vec<f32> = history[n.saturating_sub(WINDOW - 1)..=n]
                    .iter()
                    .map(|&p| if p > ceiling { ceiling / p } else { 1.0 })
                    .collect();
                let windowed = required.iter().fold(1.0f32, |m, &r| m.min(r));
                released = windowed.min(released * limiter.release + (1.0 - limiter.release));
                boxed.remove(0);
                boxed.push(released);
                let gain = boxed.iter().map(|&g| g as f64).sum::<f64>() / LOOKAHEAD as f64;
                let delayed = n
                    .checked_sub(Limiter::LATENCY)
                    .map_or([0.0; 2], |k| signal[k]);
                for (ch, delayed) in delayed.into_iter().enumerate() {
                    worst = worst.max((block.channel(ch)[i] - delayed * gain as f32).abs());
                }
            }
        }
        assert!(worst < 1e-5, "worst difference {worst}");
    }
}
