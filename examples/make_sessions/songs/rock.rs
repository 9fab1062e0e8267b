//! Rock: 128 BPM, E minor. Acoustic drums from CC0 one-shots, picked bass,
//! a double-tracked overdriven rhythm guitar (one take per side), a
//! distorted lead and a sung "ooh" line.

use super::{SessionSpec, Stem};
use crate::music::*;
use crate::synth::{Song, Voice};

const BPM: f64 = 128.0;

pub fn session() -> SessionSpec {
    let song = Song { bpm: BPM, bars: 10 };
    let roots = ["E", "C", "G", "D", "E", "C", "G", "D", "C", "D"];

    let mut kick = Part::new(31, 4.0, 8, BPM);
    let mut snare = Part::new(32, 4.0, 8, BPM);
    let mut hats = Part::new(33, 5.0, 10, BPM);
    let mut crash = Part::new(34, 4.0, 6, BPM);
    let mut bass = Part::new(35, 5.0, 8, BPM);
    let mut gtr_l = Part::new(36, 7.0, 10, BPM);
    let mut gtr_r = Part::new(37, 7.0, 10, BPM);
    let mut lead = Part::new(38, 8.0, 10, BPM);
    let mut vocal = Part::new(39, 15.0, 8, BPM);
    for (bar, r) in roots.iter().enumerate() {
        let last = bar == song.bars - 1;
        kick.pattern(bar, "x.....x.x.....x.", 0, 105);
        let s = if last {
            "....X.....x.xxXX"
        } else {
            "....X..o....X..."
        };
        snare.pattern(bar, s, 0, 105);
        hats.pattern(bar, "x.x.x.x.x.x.x.x.", 0, 90);
        if bar % 4 == 0 {
            crash.note(bar as f64 * 4.0, 2.0, 0, 100);
        }
        let low = key(&format!("{r}2"));
        for e in 0..8 {
            bass.note(
                bar as f64 * 4.0 + e as f64 * 0.5,
                0.45,
                low,
                if e % 2 == 0 { 100 } else { 85 },
            );
        }
        let power = chord(&format!("{r}3"), POWER);
        for part in [&mut gtr_l, &mut gtr_r] {
            for e in 0..8 {
                let v = if e % 2 == 0 { 105 } else { 90 };
                part.chord(bar as f64 * 4.0 + e as f64 * 0.5, 0.4, &power, v, 0.005);
            }
        }
    }
    // Lead guitar answers the vocal line from the third bar on.
    let riff = [
        ("B4", 0.0, 0.5),
        ("D5", 0.5, 0.5),
        ("E5", 1.0, 1.5),
        ("G5", 3.0, 0.5),
        ("F#5", 3.5, 0.5),
        ("E5", 4.0, 1.0),
        ("D5", 5.0, 1.0),
        ("B4", 6.0, 2.0),
    ];
    for bar in [2.0, 4.0, 6.0, 8.0] {
        lead.phrase(bar * 4.0, &riff, 100);
    }
    let line = [
        ("E4", 0.0, 2.0),
        ("G4", 2.0, 2.0),
        ("G4", 4.0, 1.0),
        ("E4", 5.0, 1.0),
        ("D4", 6.0, 2.0),
        ("B3", 8.0, 3.0),
        ("D4", 11.0, 1.0),
        ("F#4", 12.0, 4.0),
    ];
    vocal.phrase(0.0, &line, 95);
    vocal.phrase(32.0, &line[..6], 90);

    SessionSpec {
        dir: "rock-red-line",
        title: "Red Line",
        genre: "rock",
        key: "E minor",
        song,
        stems: vec![
            Stem::new(
                "kick",
                "kick",
                "Kick",
                Voice::OneShot("drum_heavy_kick"),
                kick.notes,
            ),
            Stem::new(
                "snare",
                "snare",
                "Snare",
                Voice::OneShot("drum_snare_hard"),
                snare.notes,
            ),
            Stem::new(
                "hats",
                "hats",
                "Hi-hat",
                Voice::OneShot("drum_cymbal_closed"),
                hats.notes,
            )
            .trim(-4.0),
            Stem::new(
                "crash",
                "cymbals",
                "Crash",
                Voice::OneShot("drum_splash_hard"),
                crash.notes,
            )
            .trim(-6.0),
            Stem::new("bass", "bass", "Bass", Voice::Program(34), bass.notes),
            Stem::new(
                "guitars",
                "guitar",
                "Rhythm guitars",
                Voice::Program(29),
                gtr_l.notes,
            )
            .doubled(gtr_r.notes)
            .trim(-3.0),
            Stem::new(
                "lead",
                "lead",
                "Lead guitar",
                Voice::Program(30),
                lead.notes,
            )
            .trim(-3.0),
            Stem::new("vocal", "vocal", "Vocal", Voice::Program(53), vocal.notes),
        ],
        mix: r#"
[stems.kick]
gain_db = -4.0
bus = "drums"
eq = [{ type = "peak", freq_hz = 70.0, gain_db = 2.0, q = 1.0 }, { type = "peak", freq_hz = 400.0, gain_db = -3.0, q = 1.5 }, { type = "peak", freq_hz = 3500.0, gain_db = 3.0, q = 1.5 }]
comp = { threshold_db = -16.0, ratio = 4.0, attack_ms = 10.0, release_ms = 80.0 }
[stems.snare]
gain_db = -5.0
bus = "drums"
eq = [{ type = "high_pass", freq_hz = 80.0 }, { type = "peak", freq_hz = 200.0, gain_db = 2.0, q = 1.2 }]
comp = { threshold_db = -18.0, ratio = 3.0, attack_ms = 8.0, release_ms = 80.0 }
reverb = { send_db = -12.0, decay_s = 0.9, predelay_ms = 5.0 }
[stems.hats]
gain_db = -12.0
pan = 0.3
bus = "drums"
eq = [{ type = "high_pass", freq_hz = 500.0 }]
[stems.crash]
gain_db = -14.0
pan = -0.35
bus = "drums"
eq = [{ type = "high_pass", freq_hz = 400.0 }]
[stems.bass]
gain_db = -5.0
eq = [{ type = "high_pass", freq_hz = 35.0 }, { type = "peak", freq_hz = 800.0, gain_db = 2.0, q = 1.0 }]
comp = { threshold_db = -22.0, ratio = 4.0, attack_ms = 10.0, release_ms = 100.0 }
saturation = { drive_db = 4.0, mix = 0.3 }
[stems.guitars]
gain_db = -9.0
width = 1.3
eq = [{ type = "high_pass", freq_hz = 90.0 }, { type = "peak", freq_hz = 300.0, gain_db = -2.0, q = 1.0 }, { type = "low_pass", freq_hz = 9000.0 }]
reverb = { send_db = -18.0, decay_s = 0.9, predelay_ms = 5.0 }
[stems.lead]
gain_db = -9.0
pan = -0.2
eq = [{ type = "high_pass", freq_hz = 150.0 }]
delay = { send_db = -16.0, time_ms = 350.0, feedback = 0.3 }
reverb = { send_db = -16.0, decay_s = 1.6, predelay_ms = 20.0 }
[stems.vocal]
gain_db = -7.0
eq = [{ type = "high_pass", freq_hz = 120.0 }, { type = "peak", freq_hz = 2500.0, gain_db = 3.0, q = 1.0 }]
comp = { threshold_db = -24.0, ratio = 4.0, attack_ms = 3.0, release_ms = 60.0 }
reverb = { send_db = -14.0, decay_s = 1.6, predelay_ms = 20.0 }
[buses.drums]
comp = { threshold_db = -14.0, ratio = 3.0, attack_ms = 20.0, release_ms = 100.0 }
reverb = { send_db = -16.0, decay_s = 0.9, predelay_ms = 5.0 }
[master]
gain_db = 12.0
comp = { threshold_db = -14.0, ratio = 2.0, attack_ms = 30.0, release_ms = 150.0 }
"#,
    }
}
