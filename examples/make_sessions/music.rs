//! Notes, chords and grooves: the arrangements are written with these.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// One note: when (in beats from the loop start), how long (beats), which MIDI
/// key, how hard (1–127).
#[derive(Clone, Copy, Debug)]
pub struct Note {
    pub beat: f64,
    pub length: f64,
    pub key: u8,
    pub velocity: u8,
}

/// A part being written: notes plus the humanisation a player would add.
pub struct Part {
    pub notes: Vec<Note>,
    rng: StdRng,
    /// Timing spread (standard-ish deviation) in beats.
    timing: f64,
    /// Velocity spread, ± this many steps.
    velocity: i32,
    /// Swing: how late every off-beat 16th lands, in beats (0 = straight).
    swing: f64,
}

impl Part {
    pub fn new(seed: u64, timing_ms: f64, velocity: i32, bpm: f64) -> Self {
        Self {
            notes: Vec::new(),
            rng: StdRng::seed_from_u64(seed),
            timing: timing_ms / 1000.0 * bpm / 60.0,
            velocity,
            swing: 0.0,
        }
    }

    /// Delays every second 16th by `amount` of a 16th (0.5 = hard swing).
    pub fn swing(mut self, amount: f64) -> Self {
        self.swing = amount * 0.25;
        self
    }

    /// Adds a note, humanised.
    pub fn note(&mut self, beat: f64, length: f64, key: u8, velocity: u8) {
        let sixteenth = (beat * 4.0).round();
        let on_grid = (beat * 4.0 - sixteenth).abs() < 1e-6;
        let swing = if on_grid && (sixteenth as i64) % 2 == 1 {
            self.swing
        } else {
            0.0
        };
        // Sum of two uniforms: a soft, bounded spread around the grid.
        let jitter = (self.rng.random::<f64>() + self.rng.random::<f64>() - 1.0) * self.timing;
        let dv = if self.velocity > 0 {
            self.rng.random_range(-self.velocity..=self.velocity)
        } else {
            0
        };
        self.notes.push(Note {
            beat: (beat + swing + jitter).max(0.0),
            length,
            key,
            velocity: (velocity as i32 + dv).clamp(1, 127) as u8,
        });
    }

    /// Adds the notes of a chord (slightly strummed when `strum` > 0 beats).
    pub fn chord(&mut self, beat: f64, length: f64, keys: &[u8], velocity: u8, strum: f64) {
        for (i, &k) in keys.iter().enumerate() {
            self.note(beat + i as f64 * strum, length, k, velocity);
        }
    }

    /// A melodic phrase starting at `start` (beats): (note name, beat, length).
    pub fn phrase(&mut self, start: f64, notes: &[(&str, f64, f64)], velocity: u8) {
        for &(name, beat, length) in notes {
            self.note(start + beat, length, key(name), velocity);
        }
    }

    /// A drum pattern over one bar: `steps` is one character per 16th,
    /// 'X' accent, 'x' normal, 'o' ghost, '.' rest.
    pub fn pattern(&mut self, bar: usize, steps: &str, key: u8, velocity: u8) {
        let per_step = 4.0 / steps.chars().count() as f64;
        for (i, c) in steps.chars().enumerate() {
            let v = match c {
                'X' => velocity.saturating_add(20).min(127),
                'x' => velocity,
                'o' => velocity / 3,
                _ => continue,
            };
            self.note(bar as f64 * 4.0 + i as f64 * per_step, per_step, key, v);
        }
    }
}

/// MIDI key of a note name such as "F#2" or "Bb3" (C4 = 60).
pub fn key(name: &str) -> u8 {
    let mut chars = name.chars();
    let letter = chars.next().unwrap_or('C');
    let base = match letter {
        'C' => 0,
        'D' => 2,
        'E' => 4,
        'F' => 5,
        'G' => 7,
        'A' => 9,
        _ => 11,
    };
    let rest: String = chars.collect();
    let (accidental, octave) = match rest.chars().next() {
        Some('#') => (1, &rest[1..]),
        Some('b') => (-1, &rest[1..]),
        _ => (0, rest.as_str()),
    };
    let octave: i32 = octave.parse().unwrap_or(4);
    (12 * (octave + 1) + base + accidental).clamp(0, 127) as u8
}

/// The keys of a chord: root name plus intervals in semitones.
pub fn chord(root: &str, intervals: &[u8]) -> Vec<u8> {
    let r = key(root);
    intervals.iter().map(|i| r + i).collect()
}

pub const MINOR: &[u8] = &[0, 3, 7];
pub const MAJOR: &[u8] = &[0, 4, 7];
pub const MINOR7: &[u8] = &[0, 3, 7, 10];
pub const MAJOR7: &[u8] = &[0, 4, 7, 11];
pub const MINOR9: &[u8] = &[0, 3, 7, 10, 14];
pub const DOM7: &[u8] = &[0, 4, 7, 10];
pub const POWER: &[u8] = &[0, 7, 12];
