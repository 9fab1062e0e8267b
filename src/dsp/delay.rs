//! Stereo and ping-pong delay with feedback and a high-cut inside the loop,
//! so each repeat is darker than the last, like tape and analog delays.
//! The delay is a send effect: its output is wet only.

use super::MAX_BLOCK;
use super::block::Block;
use super::line::Line;
use super::ramp::Ramp;
use super::scan::{self, Powers};
use super::simd::{Isa, Simd, multiversion};

/// Settings in the strip format's units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DelaySettings {
    /// Time between repeats, in ms (1 … 2000).
    pub time_ms: f32,
    /// Share of each repeat fed back (0 … 0.95).
    pub feedback: f32,
    /// Corner of the one-pole low-pass inside the loop, in Hz.
    pub high_cut_hz: f32,
    /// Repeats alternate left and right.
    pub ping_pong: bool,
}

impl Default for DelaySettings {
    fn default() -> Self {
        Self {
            time_ms: 375.0,
            feedback: 0.35,
            high_cut_hz: 8000.0,
            ping_pong: false,
        }
    }
}

/// The length in ms of a note value at a tempo: "1/4", "1/8", "1/8." (dotted),
/// "1/8t" (triplet)… `None` for text that is not a note value.
pub fn note_ms(note: &str, tempo_bpm: f32) -> Option<f32> {
    let note = note.trim();
    let (body, factor) = if let Some(b) = note.strip_suffix('.') {
        (b, 1.5)
    } else if let Some(b) = note.strip_suffix('t') {
        (b, 2.0 / 3.0)
    } else {
        (note, 1.0)
    };
    let (num, den) = body.split_once('/')?;
    let (num, den): (f32, f32) = (num.parse().ok()?, den.parse().ok()?);
    if den <= 0.0 || num <= 0.0 || tempo_bpm <= 0.0 {
        return None;
    }
    // A whole note is four beats.
    Some(num / den * 4.0 * 60_000.0 / tempo_bpm * factor)
}

/// Longest delay time, in ms.
pub const MAX_TIME_MS: f32 = 2000.0;

/// A stereo delay.
#[derive(Clone, Debug)]
pub struct Delay {
    settings: DelaySettings,
    lines: [Line; 2],
    time: Ramp,
    lp_coeff: f32,
    lp_powers: Powers,
    lp_state: [f32; 2],
    isa: Isa,
    /// A chunk's reads (one sample longer, for the interpolation), outputs
    /// and writes, per channel.
    scratch: Box<[[f32; MAX_BLOCK + 1]; 6]>,
}

impl Delay {
    /// A silent delay (memory for [`MAX_TIME_MS`] allocated here).
    pub fn new(settings: DelaySettings) -> Self {
        let cap = (MAX_TIME_MS * 0.001 * super::FS) as usize + 4;
        let mut d = Self {
            settings,
            lines: [Line::new(cap), Line::new(cap)],
            time: Ramp::new(Self::samples(settings.time_ms), 50.0),
            lp_coeff: 0.0,
            lp_powers: Powers::of(0.0),
            lp_state: [0.0; 2],
            isa: Isa::detect(),
            scratch: Box::new([[0.0; MAX_BLOCK + 1]; 6]),
        };
        d.set(settings);
        d
    }

    fn samples(time_ms: f32) -> f32 {
        (time_ms.clamp(1.0, MAX_TIME_MS) * 0.001 * super::FS).max(1.0)
    }

    /// The current settings.
    pub fn settings(&self) -> DelaySettings {
        self.settings
    }

    /// New settings; a new time glides over 50 ms (a short pitch bend, as on
    /// hardware, rather than a click).
    pub fn set(&mut self, s: DelaySettings) {
        self.settings = s;
        self.time.set(Self::samples(s.time_ms));
        let fc = s.high_cut_hz.clamp(200.0, 0.45 * super::FS);
        self.lp_coeff = (-2.0 * std::f32::consts::PI * fc / super::FS).exp();
        self.lp_powers = Powers::of(self.lp_coeff);
    }

    /// Clears the lines.
    pub fn reset(&mut self) {
        for line in &mut self.lines {
            line.clear();
        }
        self.lp_state = [0.0; 2];
    }

    /// The signal `delay` samples ago (fractional: linear interpolation).
    #[inline]
    fn read(&self, ch: usize, delay: f32) -> f32 {
        let whole = delay as usize;
        let frac = delay - whole as f32;
        let (newer, older) = (self.lines[ch].read(whole), self.lines[ch].read(whole + 1));
        newer + frac * (older - newer)
    }

    /// Reads the send `input` and writes the wet stereo repeats into `out`.
    pub fn process(&mut self, input: &Block, out: &mut Block) {
        let len = input.len();
        out.reset(2, len);
        if self.time.is_moving() {
            self.process_gliding(input, out);
            return;
        }
        // A settled time: chunks no longer than the delay read only what
        // was written before them, so each is a span per channel.
        let delay = self.time.value();
        let whole = delay as usize;
        let newer_weight = 1.0 - (delay - whole as f32);
        let stereo = input.channels() == 2;
        let mut t = 0;
        while t < len {
            let n = (len - t).min(whole);
            let [past_l, past_r, out_l, out_r, write_l, write_r] = &mut *self.scratch;
            self.lines[0].read_span(whole + 1, &mut past_l[..n + 1]);
            self.lines[1].read_span(whole + 1, &mut past_r[..n + 1]);
            let x_l = &input.channel(0)[t..t + n];
            let x_r = &input.channel(if stereo { 1 } else { 0 })[t..t + n];
            repeat(
                self.isa,
                [&past_l[..n + 1], &past_r[..n + 1]],
                [x_l, x_r],
                &Feedback {
                    newer_weight,
                    amount: self.settings.feedback.clamp(0.0, 0.95),
                    lp: self.lp_powers,
                    ping_pong: self.settings.ping_pong,
                },
                &mut self.lp_state,
                [&mut out_l[..n], &mut out_r[..n]],
                [&mut write_l[..n], &mut write_r[..n]],
            );
            self.lines[0].push_span(&write_l[..n]);
            self.lines[1].push_span(&write_r[..n]);
            out.channel_mut(0)[t..t + n].copy_from_slice(&out_l[..n]);
            out.channel_mut(1)[t..t + n].copy_from_slice(&out_r[..n]);
            t += n;
        }
        super::denormal::flush_all(&mut self.lp_state);
    }

    /// Sample by sample while the time glides (a short pitch bend).
    fn process_gliding(&mut self, input: &Block, out: &mut Block) {
        let stereo = input.channels() == 2;
        let fb = self.settings.feedback.clamp(0.0, 0.95);
        let a = self.lp_coeff;
        for i in 0..input.len() {
            let xl = input.channel(0)[i];
            let xr = if stereo { input.channel(1)[i] } else { xl };
            let t = self.time.next_value();
            let yl = self.read(0, t);
            let yr = self.read(1, t);
            self.lp_state[0] = (1.0 - a) * yl + a * self.lp_state[0];
            self.lp_state[1] = (1.0 - a) * yr + a * self.lp_state[1];
            let (wl, wr) = if self.settings.ping_pong {
                // Mono input starts on the left; each repeat crosses over.
                (
                    0.5 * (xl + xr) + fb * self.lp_state[1],
                    fb * self.lp_state[0],
                )
            } else {
                (xl + fb * self.lp_state[0], xr + fb * self.lp_state[1])
            };
            self.lines[0].push(wl);
            self.lines[1].push(wr);
            out.channel_mut(0)[i] = yl;
            out.channel_mut(1)[i] = yr;
        }
        super::denormal::flush_all(&mut self.lp_state);
    }
}

/// What the loop does to each repeat.
struct Feedback {
    /// Interpolation weight of the newer of the two samples around the delay.
    newer_weight: f32,
    amount: f32,
    lp: Powers,
    ping_pong: bool,
}

multiversion! {
    fn repeat(
        past: [&[f32]; 2],
        x: [&[f32]; 2],
        fb: &Feedback,
        lp_state: &mut [f32; 2],
        out: [&mut [f32]; 2],
        write: [&mut [f32]; 2],
    ) => repeat_kernel
}

/// One chunk: `past[ch][j]` is the line `delay + 1 − j` samples back, so
/// out[t] lies between past[t] (older) and past[t + 1] (newer). The repeats
/// go out as they are and, low-passed, back into the lines with the input.
#[inline(always)]
fn repeat_kernel<S: Simd>(
    s: S,
    past: [&[f32]; 2],
    x: [&[f32]; 2],
    fb: &Feedback,
    lp_state: &mut [f32; 2],
    out: [&mut [f32]; 2],
    write: [&mut [f32]; 2],
) {
    let n = x[0].len();
    let (w, rest) = (s.splat(fb.newer_weight), 1.0 - fb.lp.a());
    let [out_l, out_r] = out;
    let [write_l, write_r] = write;
    for (past, (out, write)) in past
        .iter()
        .zip([(&mut *out_l, &mut *write_l), (&mut *out_r, &mut *write_r)])
    {
        let mut t = 0;
        while t + 8 <= n {
            let (older, newer) = (s.read(&past[t..]), s.read(&past[t + 1..]));
            let y = s.mul_add(w, s.sub(newer, older), older);
            s.write(y, &mut out[t..]);
            s.write(s.mul(s.splat(rest), y), &mut write[t..]);
            t += 8;
        }
        for t in t..n {
            out[t] = past[t] + fb.newer_weight * (past[t + 1] - past[t]);
            write[t] = rest * out[t];
        }
    }
    // The loop's low-pass on each channel's repeats.
    scan::one_pole(s, write_l, &fb.lp, &mut lp_state[0]);
    scan::one_pole(s, write_r, &fb.lp, &mut lp_state[1]);
    // What goes back in: the input plus the filtered repeats, crossed over
    // for ping-pong (a mono input then starts on the left).
    let amount = s.splat(fb.amount);
    let half = s.splat(0.5);
    let mut t = 0;
    while t + 8 <= n {
        let (lp_l, lp_r) = (s.read(&write_l[t..]), s.read(&write_r[t..]));
        let (xl, xr) = (s.read(&x[0][t..]), s.read(&x[1][t..]));
        let (wl, wr) = if fb.ping_pong {
            (
                s.mul_add(amount, lp_r, s.mul(half, s.add(xl, xr))),
                s.mul(amount, lp_l),
            )
        } else {
            (s.mul_add(amount, lp_l, xl), s.mul_add(amount, lp_r, xr))
        };
        s.write(wl, &mut write_l[t..]);
        s.write(wr, &mut write_r[t..]);
        t += 8;
    }
    for t in t..n {
        let (lp_l, lp_r, xl, xr) = (write_l[t], write_r[t], x[0][t], x[1][t]);
        (write_l[t], write_r[t]) = if fb.ping_pong {
            (0.5 * (xl + xr) + fb.amount * lp_r, fb.amount * lp_l)
        } else {
            (xl + fb.amount * lp_l, xr + fb.amount * lp_r)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_values_follow_the_tempo() {
        assert_eq!(note_ms("1/4", 120.0), Some(500.0));
        assert_eq!(note_ms("1/8.", 120.0), Some(375.0));
        assert!((note_ms("1/8t", 120.0).unwrap() - 166.666_67).abs() < 1e-3);
        assert_eq!(note_ms("fast", 120.0), None);
    }

    /// The block path (settled time) gives what the sample-by-sample path
    /// gives, for plain and ping-pong repeats, mono and stereo sends, and
    /// delays shorter than a block.
    #[test]
    fn the_block_path_equals_the_sample_path() {
        for (time_ms, ping_pong, channels) in [
            (3.3f32, false, 1),
            (3.3, true, 2),
            (187.21, true, 1),
            (250.0, false, 2),
        ] {
            let settings = DelaySettings {
                time_ms,
                feedback: 0.6,
                high_cut_hz: 3000.0,
                ping_pong,
            };
            let (mut block_path, mut sample_path) = (Delay::new(settings), Delay::new(settings));
            let mut worst = 0.0f32;
            for b in 0..60 {
                let mut input = Block::new(channels, 256);
                for ch in 0..channels {
                    for (i, x) in input.channel_mut(ch).iter_mut().enumerate() {
                        let t = b * 256 + i;
                        *x = if t < 2000 {
                            ((t * (7 + ch)) % 13) as f32 / 13.0 - 0.5
                        } else {
                            0.0
                        };
                    }
                }
                let (mut a, mut z) = (Block::new(2, 256), Block::new(2, 256));
                block_path.process(&input, &mut a);
                z.reset(2, 256);
                sample_path.process_gliding(&input, &mut z);
                for ch in 0..2 {
                    for (x, y) in a.channel(ch).iter().zip(z.channel(ch)) {
                        worst = worst.max((x - y).abs());
                    }
                }
            }
            assert!(worst < 1e-5, "{time_ms} ms, ping-pong {ping_pong}: {worst}");
        }
    }

    #[test]
    fn first_repeat_arrives_after_the_delay_time() {
        let mut d = Delay::new(DelaySettings {
            time_ms: 100.0,
            feedback: 0.5,
            ..Default::default()
        });
        let mut input = Block::new(1, 256);
        input.channel_mut(0)[0] = 1.0;
        let mut out = Block::new(2, 256);
        let mut response = Vec::new();
        for _ in 0..40 {
            d.process(&input, &mut out);
            response.extend_from_slice(out.channel(0));
            input.reset(1, 256);
        }
        let first = response.iter().position(|x| x.abs() > 0.1).unwrap();
        assert_eq!(first, 4800);
    }
}
