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
use super::oversample::TruePeak;

/// Lookahead (and attack ramp) length in samples: 1.5 ms.
const LOOKAHEAD: usize = 72;
/// Extra window each side of the aligned sample, covering the interpolator's
/// spread so a peak between samples is caught too.
const SLACK: usize = 4;
/// Minimum window length.
const WINDOW: usize = LOOKAHEAD + 2 * SLACK;
/// Safety margin under the ceiling for the difference between our
/// interpolator and a meter's, in dB.
const MARGIN_DB: f32 = 0.15;

/// Sliding minimum over the last `WINDOW` values (a monotonic deque).
#[derive(Clone, Debug)]
struct SlidingMin {
    values: [f32; WINDOW + 1],
    stamps: [u64; WINDOW + 1],
    head: usize,
    len: usize,
    now: u64,
}

impl SlidingMin {
    fn new() -> Self {
        Self {
            values: [1.0; WINDOW + 1],
            stamps: [0; WINDOW + 1],
            head: 0,
            len: 0,
            now: 0,
        }
    }

    #[inline]
    fn idx(&self, k: usize) -> usize {
        let i = self.head + k;
        if i > WINDOW { i - (WINDOW + 1) } else { i }
    }

    #[inline]
    fn push(&mut self, v: f32) -> f32 {
        self.now += 1;
        // Drop from the back every value not smaller than the new one.
        while self.len > 0 && self.values[self.idx(self.len - 1)] >= v {
            self.len -= 1;
        }
        let back = self.idx(self.len);
        self.values[back] = v;
        self.stamps[back] = self.now;
        self.len += 1;
        // Drop from the front what has left the window.
        while self.now - self.stamps[self.head] >= WINDOW as u64 {
            self.head = self.idx(1);
            self.len -= 1;
        }
        self.values[self.head]
    }
}

/// A stereo-linked true-peak limiter.
#[derive(Clone, Debug)]
pub struct Limiter {
    ceiling: f32,
    release: f32,
    peaks: [TruePeak; 2],
    min: SlidingMin,
    released: f32,
    box_buf: [f32; LOOKAHEAD],
    box_pos: usize,
    box_sum: f64,
    delay: [[f32; Limiter::LATENCY]; 2],
    delay_pos: usize,
    gain: f32,
    meter_db: f32,
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
            min: SlidingMin::new(),
            released: 1.0,
            box_buf: [1.0; LOOKAHEAD],
            box_pos: 0,
            box_sum: LOOKAHEAD as f64,
            delay: [[0.0; Limiter::LATENCY]; 2],
            delay_pos: 0,
            gain: 1.0,
            meter_db: 0.0,
        };
        l.set(ceiling_dbtp, release_ms);
        l
    }

    /// New ceiling (dBTP) and release time (ms).
    pub fn set(&mut self, ceiling_dbtp: f32, release_ms: f32) {
        self.ceiling = super::db_to_gain(ceiling_dbtp - MARGIN_DB);
        self.release = super::one_pole_coeff(release_ms.max(1.0));
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
        let mut peaks = [[0.0f32; MAX_BLOCK]; 2];
        for (ch, (tp, p)) in self.peaks.iter_mut().zip(&mut peaks).enumerate() {
            tp.process(block.channel(ch), &mut p[..len]);
        }
        let (left, right) = block.stereo_mut();
        for (i, (l, r)) in left.iter_mut().zip(right.iter_mut()).enumerate() {
            let peak = peaks[0][i].max(peaks[1][i]);
            let required = if peak > self.ceiling {
                self.ceiling / peak
            } else {
                1.0
            };
            let windowed = self.min.push(required);
            self.released = windowed.min(1.0 - (1.0 - self.released) * self.release);
            self.box_sum += (self.released - self.box_buf[self.box_pos]) as f64;
            self.box_buf[self.box_pos] = self.released;
            self.box_pos = if self.box_pos + 1 == LOOKAHEAD {
                0
            } else {
                self.box_pos + 1
            };
            self.gain = (self.box_sum / LOOKAHEAD as f64) as f32;

            let p = self.delay_pos;
            let (dl, dr) = (self.delay[0][p], self.delay[1][p]);
            self.delay[0][p] = *l;
            self.delay[1][p] = *r;
            self.delay_pos = if p + 1 == Self::LATENCY { 0 } else { p + 1 };
            *l = dl * self.gain;
            *r = dr * self.gain;
        }
        self.meter_db = self.meter_db.max(self.reduction_db());
    }
}
