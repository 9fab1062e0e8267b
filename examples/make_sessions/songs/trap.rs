//! Hip-hop/trap: 140 BPM half-time, F minor. 808 kit drums, a long 808 sub
//! that follows the kick, dark pad, bell lead, vocal oohs.

use super::{SessionSpec, Stem};
use crate::music::*;
use crate::synth::{Song, Voice};

const BPM: f64 = 140.0;

pub fn session() -> SessionSpec {
    let song = Song { bpm: BPM, bars: 12 };
    // Two bars per chord.
    let roots = ["F", "Db", "Eb", "C", "F", "Db"];
    let qualities = [MINOR, MAJOR, MAJOR, MINOR, MINOR, MAJOR];

    let mut kick = Part::new(11, 3.0, 6, BPM);
    let mut clap = Part::new(12, 3.0, 6, BPM);
    let mut hats = Part::new(13, 4.0, 10, BPM);
    let mut sub = Part::new(14, 0.0, 4, BPM);
    for bar in 0..song.bars {
        let a = bar % 2 == 0;
        let k = if a {
            "X.....x...x....."
        } else {
            "X..x......x..x.."
        };
        kick.pattern(bar, k, 36, 100);
        clap.pattern(bar, "........X.......", 39, 105);
        // Straight 8ths with a roll at the end of every other bar.
        let h = if a {
            "x.x.x.x.X.x.x.x.x.x.x.x.X.x.x.x."
        } else {
            "x.x.x.x.X.x.x.x.x.x.x.x.xxxxoxxX"
        };
        hats.pattern(bar, h, 42, 80);
        // The 808 plays on the kick hits, the chord root in octave 1.
        let root = key(&format!("{}1", roots[bar / 2]));
        for (i, c) in k.chars().enumerate() {
            if c != '.' {
                let beat = bar as f64 * 4.0 + i as f64 * 0.25;
                sub.note(beat, 2.0, root, 110);
            }
        }
    }

    let mut pad = Part::new(15, 8.0, 5, BPM);
    let mut bells = Part::new(16, 6.0, 12, BPM);
    let mut oohs = Part::new(17, 15.0, 8, BPM);
    for (i, (r, q)) in roots.iter().zip(qualities).enumerate() {
        let b = i as f64 * 8.0;
        pad.chord(b, 7.9, &chord(&format!("{r}3"), q), 70, 0.0);
        oohs.note(b, 3.8, chord(&format!("{r}4"), q)[1], 80);
        oohs.note(b + 4.0, 3.8, chord(&format!("{r}4"), q)[2], 75);
    }
    // A bell motif over two bars (F minor pentatonic), varied on each repeat.
    let motif = [
        ("C6", 0.0),
        ("Ab5", 0.5),
        ("F5", 1.0),
        ("G5", 1.75),
        ("Ab5", 2.5),
        ("C6", 3.0),
        ("Eb6", 4.5),
        ("C6", 5.0),
        ("Bb5", 5.5),
        ("Ab5", 6.0),
    ];
    for rep in 0..6 {
        for (j, &(n, t)) in motif.iter().enumerate() {
            let k = if rep % 2 == 1 && j >= 6 {
                key(n) - 2
            } else {
                key(n)
            };
            bells.note(rep as f64 * 8.0 + t, 0.5, k, 90);
        }
    }

    SessionSpec {
        dir: "hiphop-low-orbit",
        title: "Low Orbit",
        genre: "hip-hop",
        key: "F minor",
        song,
        stems: vec![
            Stem::new("kick", "kick", "Kick", Voice::Kit(25), kick.notes).stereo(),
            Stem::new("clap", "clap", "Clap", Voice::Kit(25), clap.notes).stereo(),
            Stem::new("hats", "hats", "Hi-hats", Voice::Kit(25), hats.notes)
                .stereo()
                .trim(-4.0),
            Stem::new(
                "sub",
                "sub",
                "808",
                Voice::Sub808 {
                    decay_s: 1.6,
                    drive: 2.5,
                },
                sub.notes,
            )
            .trim(-4.0),
            Stem::new("pad", "pad", "Dark pad", Voice::Program(89), pad.notes).stereo(),
            Stem::new(
                "bells",
                "lead",
                "Bell lead",
                Voice::Program(10),
                bells.notes,
            )
            .stereo(),
            Stem::new(
                "vocal",
                "vocal",
                "Vocal oohs",
                Voice::Program(53),
                oohs.notes,
            ),
        ],
        mix: r#"
[stems.kick]
gain_db = -3.0
eq = [{ type = "peak", freq_hz = 60.0, gain_db = 2.0, q = 1.0 }, { type = "peak", freq_hz = 4000.0, gain_db = 2.0, q = 1.5 }]
comp = { threshold_db = -18.0, ratio = 4.0, attack_ms = 15.0, release_ms = 80.0 }
[stems.clap]
gain_db = -4.0
eq = [{ type = "high_pass", freq_hz = 150.0 }, { type = "peak", freq_hz = 1200.0, gain_db = 2.0, q = 1.0 }]
comp = { threshold_db = -20.0, ratio = 4.0, attack_ms = 5.0, release_ms = 60.0 }
reverb = { send_db = -16.0, decay_s = 1.0, predelay_ms = 10.0 }
[stems.hats]
gain_db = -10.0
pan = 0.2
eq = [{ type = "high_pass", freq_hz = 3000.0 }]
[stems.sub]
gain_db = 0.0
eq = [{ type = "high_pass", freq_hz = 28.0 }]
saturation = { drive_db = 6.0, mix = 0.4 }
comp = { threshold_db = -16.0, ratio = 3.0, attack_ms = 20.0, release_ms = 150.0 }
[stems.pad]
gain_db = -14.0
width = 1.5
eq = [{ type = "high_pass", freq_hz = 200.0 }, { type = "peak", freq_hz = 500.0, gain_db = -3.0, q = 1.0 }]
reverb = { send_db = -10.0, decay_s = 2.5, predelay_ms = 30.0 }
[stems.bells]
gain_db = -11.0
pan = -0.25
eq = [{ type = "high_pass", freq_hz = 400.0 }]
reverb = { send_db = -12.0, decay_s = 2.0, predelay_ms = 20.0 }
delay = { send_db = -16.0, note = "1/8.", feedback = 0.35, ping_pong = true }
[stems.vocal]
gain_db = -10.0
eq = [{ type = "high_pass", freq_hz = 150.0 }, { type = "peak", freq_hz = 3000.0, gain_db = 2.0, q = 1.0 }]
comp = { threshold_db = -24.0, ratio = 3.0, attack_ms = 5.0, release_ms = 80.0 }
reverb = { send_db = -12.0, decay_s = 2.0, predelay_ms = 20.0 }
[master]
gain_db = 8.0
comp = { threshold_db = -12.0, ratio = 2.0, attack_ms = 30.0, release_ms = 150.0 }
"#,
    }
}
