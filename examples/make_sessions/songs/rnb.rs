//! R&B/soul: 86 BPM with a light swing, Eb major. Kit drums, warm fingered
//! bass, Rhodes chords, clean guitar fills, a lead "ooh" line and choir
//! backing.

use super::{SessionSpec, Stem};
use crate::music::*;
use crate::synth::{Song, Voice};

const BPM: f64 = 86.0;

pub fn session() -> SessionSpec {
    let song = Song { bpm: BPM, bars: 8 };
    let chords = [("Ab", MAJOR7), ("G", MINOR7), ("F", MINOR9), ("Bb", DOM7)];

    let mut kick = Part::new(41, 6.0, 8, BPM).swing(0.15);
    let mut snare = Part::new(42, 6.0, 8, BPM).swing(0.15);
    let mut hats = Part::new(43, 6.0, 12, BPM).swing(0.15);
    let mut bass = Part::new(44, 8.0, 8, BPM).swing(0.15);
    let mut keys = Part::new(45, 8.0, 8, BPM).swing(0.15);
    let mut gtr = Part::new(46, 8.0, 10, BPM).swing(0.15);
    let mut vocal = Part::new(47, 15.0, 8, BPM);
    let mut choir = Part::new(48, 15.0, 6, BPM);
    for bar in 0..song.bars {
        let (r, q) = chords[bar % 4];
        kick.pattern(bar, "x......x..x.....", 36, 100);
        snare.pattern(bar, "....x..o....x.o.", 38, 95);
        hats.pattern(bar, "xoxoxoxoxoxoxoxo", 42, 80);
        let b = bar as f64 * 4.0;
        let root = key(&format!("{r}1"));
        bass.note(b, 1.4, root, 100);
        bass.note(b + 1.75, 0.5, root + 7, 85);
        bass.note(b + 2.5, 1.0, root + 12, 90);
        bass.note(b + 3.5, 0.4, root + 10, 80);
        let voicing = chord(&format!("{r}3"), q);
        keys.chord(b, 1.9, &voicing, 75, 0.01);
        keys.chord(b + 2.5, 1.4, &voicing, 65, 0.01);
        choir.chord(b, 3.9, &chord(&format!("{r}4"), &q[..3]), 60, 0.0);
        {
            // A short guitar answer at the end of every bar.
            let top = chord(&format!("{r}4"), q);
            for (i, k) in top.iter().rev().take(3).enumerate() {
                gtr.note(b + 2.0 + i as f64 * 0.5, 0.9, *k, 85);
            }
        }
    }
    let line = [
        ("Bb4", 0.5, 1.0),
        ("C5", 1.5, 0.5),
        ("Eb5", 2.0, 1.5),
        ("D5", 4.0, 1.0),
        ("Bb4", 5.0, 1.0),
        ("G4", 6.0, 2.0),
        ("Ab4", 8.5, 1.0),
        ("Bb4", 9.5, 0.5),
        ("C5", 10.0, 2.0),
        ("Bb4", 12.0, 1.0),
        ("G4", 13.0, 0.5),
        ("F4", 13.5, 2.5),
    ];
    for start in [0.0, 16.0] {
        vocal.phrase(start, &line, 95);
    }

    SessionSpec {
        dir: "rnb-velvet",
        title: "Velvet",
        genre: "r&b",
        key: "Eb major",
        song,
        stems: vec![
            Stem::new("kick", "kick", "Kick", Voice::Kit(8), kick.notes),
            Stem::new("snare", "snare", "Snare", Voice::Kit(8), snare.notes),
            Stem::new("hats", "hats", "Hi-hat", Voice::Kit(8), hats.notes).trim(-3.0),
            Stem::new("bass", "bass", "Bass", Voice::Program(33), bass.notes),
            Stem::new("keys", "keys", "Rhodes", Voice::Program(4), keys.notes).stereo(),
            Stem::new(
                "guitar",
                "lead",
                "Guitar fills",
                Voice::Program(27),
                gtr.notes,
            ),
            Stem::new(
                "vocal",
                "vocal",
                "Lead oohs",
                Voice::Program(53),
                vocal.notes,
            ),
            Stem::new(
                "choir",
                "backing_vocal",
                "Choir",
                Voice::Program(52),
                choir.notes,
            )
            .stereo()
            .trim(-4.0),
        ],
        mix: r#"
[stems.kick]
gain_db = -4.0
eq = [{ type = "peak", freq_hz = 60.0, gain_db = 2.0, q = 1.0 }]
comp = { threshold_db = -18.0, ratio = 3.0, attack_ms = 15.0, release_ms = 100.0 }
[stems.snare]
gain_db = -6.0
eq = [{ type = "high_pass", freq_hz = 100.0 }]
reverb = { send_db = -12.0, decay_s = 1.4, predelay_ms = 15.0 }
[stems.hats]
gain_db = -13.0
pan = 0.35
[stems.bass]
gain_db = -4.0
eq = [{ type = "low_shelf", freq_hz = 120.0, gain_db = 2.0 }, { type = "low_pass", freq_hz = 3000.0 }]
comp = { threshold_db = -22.0, ratio = 3.0, attack_ms = 20.0, release_ms = 150.0 }
saturation = { drive_db = 3.0, mix = 0.3 }
[stems.keys]
gain_db = -9.0
width = 1.4
eq = [{ type = "high_pass", freq_hz = 120.0 }, { type = "peak", freq_hz = 400.0, gain_db = -2.0, q = 1.0 }]
reverb = { send_db = -12.0, decay_s = 2.8, predelay_ms = 30.0 }
[stems.guitar]
gain_db = -10.0
pan = -0.4
eq = [{ type = "high_pass", freq_hz = 150.0 }]
reverb = { send_db = -12.0, decay_s = 2.8, predelay_ms = 30.0 }
delay = { send_db = -18.0, note = "1/8", feedback = 0.3, ping_pong = true }
[stems.vocal]
gain_db = -6.0
eq = [{ type = "high_pass", freq_hz = 100.0 }, { type = "peak", freq_hz = 3000.0, gain_db = 2.0, q = 1.0 }, { type = "high_shelf", freq_hz = 10000.0, gain_db = 2.0 }]
comp = { threshold_db = -24.0, ratio = 3.0, attack_ms = 5.0, release_ms = 80.0 }
reverb = { send_db = -8.0, decay_s = 2.8, predelay_ms = 30.0 }
[stems.choir]
gain_db = -12.0
width = 1.6
eq = [{ type = "high_pass", freq_hz = 200.0 }]
reverb = { send_db = -8.0, decay_s = 2.8, predelay_ms = 30.0 }
[master]
gain_db = 9.0
eq = [{ type = "low_shelf", freq_hz = 100.0, gain_db = 1.0 }]
comp = { threshold_db = -14.0, ratio = 2.0, attack_ms = 30.0, release_ms = 200.0 }
"#,
    }
}
