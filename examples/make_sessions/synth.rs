//! Turning parts into audio: FluidR3 through rustysynth, CC0 one-shots from
//! Sonic Pi, and the 808 sub (a pitched, decaying, driven sine, as the TR-808
//! makes it). Every stem is rendered past the loop end and its tail wrapped
//! onto the start, so the loop repeats seamlessly.

use crate::music::Note;
use mixtutor::audio::{self, Audio};
use rustysynth::{SoundFont, Synthesizer, SynthesizerSettings};
use std::path::Path;
use std::sync::Arc;

pub const FS: usize = 48_000;
/// Rendered past the loop end (release tails, reverb-free decays).
const TAIL_S: f64 = 4.0;

/// The loop's length and tempo.
#[derive(Clone, Copy)]
pub struct Song {
    pub bpm: f64,
    pub bars: usize,
}

impl Song {
    pub fn frames(&self) -> usize {
        (self.bars as f64 * 4.0 * 60.0 / self.bpm * FS as f64).round() as usize
    }

    fn frame(&self, beat: f64) -> usize {
        (beat * 60.0 / self.bpm * FS as f64).round() as usize
    }
}

/// The instrument a part plays.
pub enum Voice {
    /// A General MIDI program (0-based) of FluidR3.
    Program(u8),
    /// A drum kit (bank 128 preset) of FluidR3.
    Kit(u8),
    /// A Sonic Pi one-shot sample by name, triggered by every note (key ignored).
    OneShot(&'static str),
    /// The 808 sub: sine with a pitch drop, long decay and drive.
    Sub808 { decay_s: f64, drive: f64 },
}

pub struct Renderer {
    font: Arc<SoundFont>,
}

impl Renderer {
    pub fn new(path: &Path) -> anyhow::Result<Self> {
        let mut file = std::fs::File::open(path).map_err(|e| {
            anyhow::anyhow!(
                "{}: {e} (apt-get install fluid-soundfont-gm)",
                path.display()
            )
        })?;
        let font =
            SoundFont::new(&mut file).map_err(|e| anyhow::anyhow!("{}: {e:?}", path.display()))?;
        Ok(Self {
            font: Arc::new(font),
        })
    }

    /// Renders `notes` on `voice` as a seamless loop of `song`; stereo.
    pub fn render(
        &self,
        song: Song,
        voice: &Voice,
        notes: &[Note],
    ) -> anyhow::Result<[Vec<f32>; 2]> {
        let total = song.frames() + (TAIL_S * FS as f64) as usize;
        let mut out = [vec![0.0f32; total], vec![0.0f32; total]];
        match voice {
            Voice::Program(p) => self.synth(song, 0, *p, notes, &mut out)?,
            Voice::Kit(k) => self.synth(song, 9, *k, notes, &mut out)?,
            Voice::OneShot(name) => one_shots(song, &sample(name)?, notes, &mut out),
            Voice::Sub808 { decay_s, drive } => sub808(song, *decay_s, *drive, notes, &mut out),
        }
        Ok(wrap(out, song.frames()))
    }

    fn synth(
        &self,
        song: Song,
        channel: i32,
        program: u8,
        notes: &[Note],
        out: &mut [Vec<f32>; 2],
    ) -> anyhow::Result<()> {
        let mut settings = SynthesizerSettings::new(FS as i32);
        settings.enable_reverb_and_chorus = false;
        let mut synth =
            Synthesizer::new(&self.font, &settings).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        synth.process_midi_message(channel, 0xC0, program as i32, 0);
        // Note-ons and note-offs in time order (offs first at equal times).
        let mut events: Vec<(usize, bool, u8, u8)> = Vec::new();
        for n in notes {
            events.push((song.frame(n.beat), true, n.key, n.velocity));
            events.push((song.frame(n.beat + n.length), false, n.key, 0));
        }
        events.sort_by_key(|&(t, on, k, _)| (t, on, k));
        let total = out[0].len();
        let mut t = 0;
        let mut next = 0;
        while t < total {
            while next < events.len() && events[next].0 <= t {
                let (_, on, k, v) = events[next];
                if on {
                    synth.note_on(channel, k as i32, v as i32);
                } else {
                    synth.note_off(channel, k as i32);
                }
                next += 1;
            }
            let until = events
                .get(next)
                .map_or(total, |e| e.0.min(total))
                .max(t + 1)
                .min(total);
            let (l, r) = out.split_at_mut(1);
            synth.render(&mut l[0][t..until], &mut r[0][t..until]);
            t = until;
        }
        Ok(())
    }
}

/// Loads a Sonic Pi one-shot (decoded and resampled to 48 kHz).
pub fn sample(name: &str) -> anyhow::Result<Audio> {
    let path = Path::new("/usr/share/sonic-pi/samples").join(format!("{name}.flac"));
    audio::load(&path).map_err(|e| anyhow::anyhow!("{e} (apt-get install sonic-pi-samples)"))
}

fn one_shots(song: Song, sample: &Audio, notes: &[Note], out: &mut [Vec<f32>; 2]) {
    for n in notes {
        // Velocity to gain: a 40 dB range, like a drum module's curve.
        let gain = 10f32.powf(-2.0 * (1.0 - n.velocity as f32 / 127.0));
        let start = song.frame(n.beat);
        for (ch, o) in out.iter_mut().enumerate() {
            let src = &sample.channels[ch.min(sample.channels.len() - 1)];
            let from = start.min(o.len());
            for (o, s) in o[from..].iter_mut().zip(src) {
                *o += gain * s;
            }
        }
    }
}

fn sub808(song: Song, decay_s: f64, drive: f64, notes: &[Note], out: &mut [Vec<f32>; 2]) {
    let fs = FS as f64;
    for (i, n) in notes.iter().enumerate() {
        let start = song.frame(n.beat);
        // A new note chokes the previous one, as on a mono synth.
        let end = notes
            .get(i + 1)
            .map_or(out[0].len(), |m| song.frame(m.beat))
            .min(song.frame(n.beat + n.length) + FS / 20)
            .min(out[0].len());
        let f = 440.0 * 2f64.powf((n.key as f64 - 69.0) / 12.0);
        let amp = n.velocity as f64 / 127.0;
        let mut phase = 0.0f64;
        let (left, right) = out.split_at_mut(1);
        let span = left[0][start..end]
            .iter_mut()
            .zip(&mut right[0][start..end]);
        for (t, (l, r)) in (start..end).zip(span) {
            let s = (t - start) as f64 / fs;
            // Pitch starts an octave up and drops within ~25 ms (the "knock").
            let freq = f * (1.0 + (-s / 0.008).exp());
            phase += 2.0 * std::f64::consts::PI * freq / fs;
            let env = (-s / (decay_s / 6.9)).exp() * (s / 0.002).min(1.0);
            // Fade out over 20 ms when choked.
            let choke = ((end - t) as f64 / (0.02 * fs)).min(1.0);
            let x = (drive * phase.sin()).tanh() / drive.tanh();
            let v = (amp * env * choke * x) as f32;
            *l += v;
            *r += v;
        }
    }
}

/// Folds what rang past the loop end back onto its start.
fn wrap(out: [Vec<f32>; 2], frames: usize) -> [Vec<f32>; 2] {
    out.map(|mut ch| {
        let tail: Vec<f32> = ch[frames..].to_vec();
        ch.truncate(frames);
        for (i, t) in tail.iter().enumerate() {
            ch[i % frames] += t;
        }
        ch
    })
}

/// Removes DC (a 5 Hz one-pole high-pass run twice around the loop, so the
/// filter state at the seam is the loop's own).
pub fn dc_block(ch: &mut [f32]) {
    let r = 1.0 - 2.0 * std::f64::consts::PI * 5.0 / FS as f64;
    let (mut x1, mut y1) = (0.0f64, 0.0f64);
    let input: Vec<f64> = ch.iter().map(|&x| x as f64).collect();
    for pass in 0..2 {
        for (i, &x) in input.iter().enumerate() {
            let y = x - x1 + r * y1;
            x1 = x;
            y1 = y;
            if pass == 1 {
                ch[i] = y as f32;
            }
        }
    }
}
