//! Lo-fi: 78 BPM, lazy swing, D minor. Soft acoustic drums (CC0 one-shots),
//! upright bass, jazzy Rhodes sevenths, a nylon guitar melody and a hummed
//! line; the reference mix is dark and tape-saturated.

use super::{SessionSpec, Stem};
use crate::music::*;
use crate::synth::{Song, Voice};

const BPM: f64 = 78.0;

pub fn session() -> SessionSpec {
    let song = Song { bpm: BPM, bars: 8 };
    let chords = [("D", MINOR9), ("G", DOM7), ("C", MAJOR7), ("A", MINOR7)];

    let mut kick = Part::new(51, 12.0, 10, BPM).swing(0.3);
    let mut snare = Part::new(52, 14.0, 10, BPM).swing(0.3);
    let mut hats = Part::new(53, 12.0, 14, BPM).swing(0.3);
    let mut bass = Part::new(54, 12.0, 8, BPM).swing(0.3);
    let mut keys = Part::new(55, 14.0, 8, BPM).swing(0.3);
    let mut gtr = Part::new(56, 14.0, 10, BPM).swing(0.3);
    let mut hum = Part::new(57, 20.0, 8, BPM);
    for bar in 0..song.bars {
        let (r, q) = chords[bar % 4];
        kick.pattern(bar, "x.....x...x.....", 0, 110);
        snare.pattern(bar, "....x.......x..o", 0, 105);
        hats.pattern(bar, "x.xox.x.x.xox.xo", 0, 95);
        let b = bar as f64 * 4.0;
        let root = key(&format!("{r}2"));
        bass.note(b, 1.5, root, 95);
        bass.note(b + 1.5, 1.0, root + 7, 80);
        bass.note(b + 3.0, 1.0, root + if bar % 2 == 0 { 10 } else { 12 }, 85);
        keys.chord(b + 0.5, 3.2, &chord(&format!("{r}3"), q), 70, 0.03);
    }
    let melody = [
        ("A4", 0.0, 1.0),
        ("C5", 1.0, 0.5),
        ("D5", 1.5, 1.5),
        ("F5", 4.0, 1.0),
        ("E5", 5.0, 1.0),
        ("C5", 6.0, 1.5),
        ("E5", 8.0, 0.5),
        ("D5", 8.5, 0.5),
        ("C5", 9.0, 1.0),
        ("B4", 10.0, 2.0),
        ("A4", 12.0, 1.0),
        ("G4", 13.0, 1.0),
        ("E4", 14.0, 2.0),
    ];
    for start in [0.0, 16.0] {
        gtr.phrase(start, &melody, 90);
    }
    let line = [
        ("D4", 0.0, 3.0),
        ("F4", 4.0, 3.0),
        ("E4", 8.0, 3.0),
        ("C4", 12.0, 3.5),
    ];
    for start in [0.0, 16.0] {
        hum.phrase(start, &line, 80);
    }

    SessionSpec {
        dir: "lofi-rainy-window",
        title: "Rainy Window",
        genre: "lo-fi",
        key: "D minor",
        song,
        stems: vec![
            Stem::new(
                "kick",
                "kick",
                "Kick",
                Voice::OneShot("drum_bass_soft"),
                kick.notes,
            ),
            Stem::new(
                "snare",
                "snare",
                "Snare",
                Voice::OneShot("drum_snare_soft"),
                snare.notes,
            ),
            Stem::new(
                "hats",
                "hats",
                "Hi-hat",
                Voice::OneShot("drum_cymbal_pedal"),
                hats.notes,
            )
            .trim(-3.0),
            Stem::new(
                "bass",
                "bass",
                "Upright bass",
                Voice::Program(32),
                bass.notes,
            ),
            Stem::new("keys", "keys", "Rhodes", Voice::Program(4), keys.notes).stereo(),
            Stem::new(
                "guitar",
                "lead",
                "Nylon guitar",
                Voice::Program(24),
                gtr.notes,
            ),
            Stem::new(
                "vocal",
                "vocal",
                "Hummed line",
                Voice::Program(53),
                hum.notes,
            )
            .trim(-2.0),
        ],
        mix: r#"
[stems.kick]
gain_db = -3.0
bus = "drums"
eq = [{ type = "peak", freq_hz = 80.0, gain_db = 2.0, q = 1.0 }]
[stems.snare]
gain_db = -6.0
bus = "drums"
eq = [{ type = "high_pass", freq_hz = 120.0 }]
reverb = { send_db = -14.0, decay_s = 1.2, predelay_ms = 10.0 }
[stems.hats]
gain_db = -12.0
pan = 0.25
bus = "drums"
[stems.bass]
gain_db = -4.0
eq = [{ type = "low_pass", freq_hz = 2500.0 }]
comp = { threshold_db = -22.0, ratio = 3.0, attack_ms = 20.0, release_ms = 150.0 }
[stems.keys]
gain_db = -7.0
width = 1.3
eq = [{ type = "high_pass", freq_hz = 120.0 }, { type = "low_pass", freq_hz = 6000.0 }]
saturation = { drive_db = 6.0, mix = 0.5 }
reverb = { send_db = -12.0, decay_s = 2.0, predelay_ms = 20.0 }
[stems.guitar]
gain_db = -8.0
pan = -0.3
eq = [{ type = "high_pass", freq_hz = 150.0 }, { type = "low_pass", freq_hz = 7000.0 }]
reverb = { send_db = -12.0, decay_s = 2.0, predelay_ms = 20.0 }
delay = { send_db = -18.0, note = "1/4", feedback = 0.35, high_cut_hz = 3000.0 }
[stems.vocal]
gain_db = -9.0
eq = [{ type = "high_pass", freq_hz = 150.0 }, { type = "low_pass", freq_hz = 6000.0 }]
reverb = { send_db = -10.0, decay_s = 2.0, predelay_ms = 20.0 }
[buses.drums]
eq = [{ type = "low_pass", freq_hz = 8000.0 }]
comp = { threshold_db = -16.0, ratio = 3.0, attack_ms = 10.0, release_ms = 120.0 }
saturation = { drive_db = 8.0, mix = 0.6 }
[master]
gain_db = 14.0
eq = [{ type = "high_shelf", freq_hz = 8000.0, gain_db = -4.0 }, { type = "high_pass", freq_hz = 30.0 }]
saturation = { drive_db = 6.0, mix = 0.5 }
comp = { threshold_db = -14.0, ratio = 2.0, attack_ms = 30.0, release_ms = 200.0 }
"#,
    }
}
