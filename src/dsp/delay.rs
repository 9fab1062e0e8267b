//! Stereo and ping-pong delay with feedback and a high-cut inside the loop,
//! so each repeat is darker than the last, like tape and analog delays.
//! The delay is a send effect: its output is wet only.

use super::block::Block;
use super::ramp::Ramp;

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
    buf: [Vec<f32>; 2],
    write: usize,
    time: Ramp,
    lp_coeff: f32,
    lp_state: [f32; 2],
}

impl Delay {
    /// A silent delay (memory for [`MAX_TIME_MS`] allocated here).
    pub fn new(settings: DelaySettings) -> Self {
        let cap = (MAX_TIME_MS * 0.001 * super::FS) as usize + 4;
        let mut d = Self {
            settings,
            buf: [vec![0.0; cap], vec![0.0; cap]],
            write: 0,
            time: Ramp::new(Self::samples(settings.time_ms), 50.0),
            lp_coeff: 0.0,
            lp_state: [0.0; 2],
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
    }

    /// Clears the lines.
    pub fn reset(&mut self) {
        for b in &mut self.buf {
            b.fill(0.0);
        }
        self.lp_state = [0.0; 2];
    }

    #[inline]
    fn read(&self, ch: usize, delay: f32) -> f32 {
        let n = self.buf[ch].len();
        let pos = self.write as f32 + n as f32 - delay;
        let i = pos.floor();
        let frac = pos - i;
        let i = i as usize % n;
        let j = (i + 1) % n;
        self.buf[ch][i] + frac * (self.buf[ch][j] - self.buf[ch][i])
    }

    /// Reads the send `input` and writes the wet stereo repeats into `out`.
    pub fn process(&mut self, input: &Block, out: &mut Block) {
        out.reset(2, input.len());
        let stereo = input.channels() == 2;
        let fb = self.settings.feedback.clamp(0.0, 0.95);
        let a = self.lp_coeff;
        let n = self.buf[0].len();
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
            self.buf[0][self.write] = wl;
            self.buf[1][self.write] = wr;
            self.write = (self.write + 1) % n;
            out.channel_mut(0)[i] = yl;
            out.channel_mut(1)[i] = yr;
        }
        super::denormal::flush_all(&mut self.lp_state);
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
