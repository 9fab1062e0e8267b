//! EDM/house: 124 BPM, A minor. Four-on-the-floor kick (CC0 one-shot),
//! clap and hats from the electronic kit, offbeat synth bass, a wide
//! polysynth pad, a saw arpeggio and a vocal hook.

use super::{SessionSpec, Stem};
use crate::music::*;
use crate::synth::{Song, Voice};

const BPM: f64 = 124.0;

pub fn session() -> SessionSpec {
    let song = Song { bpm: BPM, bars: 12 };
    let roots = ["A", "F", "C", "G"];
    let qualities = [MINOR, MAJOR, MAJOR, MAJOR];

    let mut kick = Part::new(21, 1.0, 3, BPM);
    let mut clap = Part::new(22, 3.0, 6, BPM);
    let mut hats = Part::new(23, 3.0, 8, BPM);
    let mut bass = Part::new(24, 2.0, 6, BPM);
    let mut pad = Part::new(25, 5.0, 4, BPM);
    let mut arp = Part::new(26, 2.0, 10, BPM);
    let mut hook = Part::new(27, 12.0, 8, BPM);
    for bar in 0..song.bars {
        let (r, q) = (roots[bar % 4], qualities[bar % 4]);
        kick.pattern(bar, "x...x...x...x...", 1, 110);
        clap.pattern(bar, "....x.......x...", 39, 100);
        hats.pattern(bar, "..x...x...x...x.", 46, 85);
        hats.pattern(bar, "o.o.o.o.o.o.o.xo", 42, 90);
        let low = key(&format!("{r}2"));
        for step in [2, 6, 10, 14] {
            bass.note(bar as f64 * 4.0 + step as f64 * 0.25, 0.4, low, 100);
        }
        bass.note(bar as f64 * 4.0 + 3.75, 0.2, low + 12, 80);
        pad.chord(bar as f64 * 4.0, 3.9, &chord(&format!("{r}3"), q), 75, 0.0);
        // 16th arpeggio over the chord tones, up an octave every other beat.
        let tones = chord(&format!("{r}4"), q);
        for s in 0..16 {
            let k = tones[s % 3] + if (s / 4) % 2 == 1 { 12 } else { 0 };
            let v = if s % 4 == 0 { 100 } else { 75 };
            arp.note(bar as f64 * 4.0 + s as f64 * 0.25, 0.2, k, v);
        }
    }
    // A four-bar vocal hook, sung twice in the last eight bars.
    let line = [
        ("E5", 0.0, 1.5),
        ("D5", 1.5, 0.5),
        ("C5", 2.0, 2.0),
        ("C5", 4.5, 0.5),
        ("D5", 5.0, 1.0),
        ("E5", 6.0, 2.0),
        ("G5", 8.0, 1.5),
        ("E5", 9.5, 0.5),
        ("D5", 10.0, 2.0),
        ("B4", 12.0, 1.0),
        ("C5", 13.0, 1.0),
        ("A4", 14.0, 2.0),
    ];
    for start in [16.0, 32.0] {
        hook.phrase(start, &line, 95);
    }

    SessionSpec {
        dir: "house-night-drive",
        title: "Night Drive",
        genre: "edm",
        key: "A minor",
        song,
        stems: vec![
            Stem::new(
                "kick",
                "kick",
                "Kick",
                Voice::OneShot("bd_haus"),
                kick.notes,
            )
            .trim(-2.0),
            Stem::new("clap", "clap", "Clap", Voice::Kit(24), clap.notes).stereo(),
            Stem::new("hats", "hats", "Hats", Voice::Kit(24), hats.notes)
                .stereo()
                .trim(-6.0),
            Stem::new("bass", "bass", "Synth bass", Voice::Program(39), bass.notes),
            Stem::new("pad", "pad", "Poly pad", Voice::Program(90), pad.notes).stereo(),
            Stem::new("arp", "lead", "Saw arp", Voice::Program(81), arp.notes)
                .stereo()
                .trim(-6.0),
            Stem::new(
                "vocal",
                "vocal",
                "Vocal hook",
                Voice::Program(52),
                hook.notes,
            ),
        ],
        mix: r#"
[stems.kick]
gain_db = -2.0
eq = [{ type = "high_pass", freq_hz = 30.0 }, { type = "peak", freq_hz = 55.0, gain_db = 2.0, q = 1.0 }]
[stems.clap]
gain_db = -6.0
eq = [{ type = "high_pass", freq_hz = 200.0 }]
reverb = { send_db = -14.0, decay_s = 1.2, predelay_ms = 15.0 }
[stems.hats]
gain_db = -10.0
pan = -0.15
eq = [{ type = "high_pass", freq_hz = 4000.0 }]
[stems.bass]
gain_db = -5.0
eq = [{ type = "high_pass", freq_hz = 35.0 }, { type = "peak", freq_hz = 250.0, gain_db = -2.0, q = 1.0 }]
comp = { threshold_db = -30.0, ratio = 6.0, attack_ms = 1.0, release_ms = 120.0, sidechain = "kick" }
[stems.pad]
gain_db = -12.0
width = 1.8
eq = [{ type = "high_pass", freq_hz = 250.0 }]
comp = { threshold_db = -34.0, ratio = 6.0, attack_ms = 1.0, release_ms = 180.0, sidechain = "kick" }
reverb = { send_db = -12.0, decay_s = 2.2, predelay_ms = 25.0 }
[stems.arp]
gain_db = -13.0
width = 1.6
eq = [{ type = "high_pass", freq_hz = 300.0 }, { type = "low_pass", freq_hz = 9000.0 }]
comp = { threshold_db = -30.0, ratio = 4.0, attack_ms = 1.0, release_ms = 150.0, sidechain = "kick" }
delay = { send_db = -14.0, note = "1/8.", feedback = 0.4, ping_pong = true }
[stems.vocal]
gain_db = -8.0
eq = [{ type = "high_pass", freq_hz = 180.0 }, { type = "peak", freq_hz = 3500.0, gain_db = 2.0, q = 1.0 }]
comp = { threshold_db = -24.0, ratio = 3.0, attack_ms = 5.0, release_ms = 100.0 }
reverb = { send_db = -10.0, decay_s = 2.2, predelay_ms = 25.0 }
delay = { send_db = -18.0, note = "1/4", feedback = 0.3 }
[master]
gain_db = 6.0
eq = [{ type = "high_shelf", freq_hz = 10000.0, gain_db = 1.0 }]
comp = { threshold_db = -12.0, ratio = 2.0, attack_ms = 20.0, release_ms = 120.0 }
"#,
    }
}
