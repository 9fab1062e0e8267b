//! Session fixtures shared by the engine tests and the benches: eight
//! synthetic stems and mixes that use the engine's features.
#![allow(dead_code)]

use mixtutor::audio::Audio;
use mixtutor::engine::{Mix, StemLayout};
use mixtutor::material::signals::{pink_noise, sine, white_noise};
use std::sync::Arc;

const FS: usize = 48_000;

/// A synthetic 8-stem session: drum-like bursts, bass, pads, noise.
pub fn eight_stems(seconds: usize) -> (Vec<StemLayout>, Vec<Arc<Audio>>) {
    let n = seconds * FS;
    let burst = |freq: f64, every: usize, decay: f64, seed: u64| -> Vec<f32> {
        let noise = white_noise(n, seed, -12.0);
        (0..n)
            .map(|i| {
                let t = (i % every) as f64 / FS as f64;
                let env = (-t / decay).exp() as f32;
                env * (0.5 * (2.0 * std::f64::consts::PI * freq * t).sin() as f32 + 0.2 * noise[i])
            })
            .collect()
    };
    let stems: Vec<(&str, Vec<Vec<f32>>)> = vec![
        ("kick", vec![burst(55.0, FS / 2, 0.12, 1)]),
        ("snare", vec![burst(190.0, FS, 0.08, 2)]),
        ("hats", vec![burst(8000.0, FS / 8, 0.02, 3)]),
        ("bass", vec![sine(55.0, 0.4, n)]),
        ("keys", vec![sine(440.0, 0.2, n), sine(554.0, 0.2, n)]),
        (
            "pad",
            vec![pink_noise(n, 6, -24.0), pink_noise(n, 7, -24.0)],
        ),
        ("lead", vec![sine(880.0, 0.15, n)]),
        ("vocal", vec![burst(300.0, FS / 3, 0.2, 8)]),
    ];
    let layout = stems
        .iter()
        .map(|(name, ch)| StemLayout {
            name: name.to_string(),
            channels: ch.len(),
        })
        .collect();
    let sources = stems
        .into_iter()
        .map(|(_, ch)| {
            Arc::new(Audio {
                channels: ch,
                sample_rate: FS as u32,
            })
        })
        .collect();
    (layout, sources)
}

/// A mix with every processor in use, two sends, a bus and the master chain.
pub fn full_mix() -> Mix {
    Mix::from_toml(
        r#"
[stems.kick]
gain_db = -3.0
bus = "drums"
gate = { threshold_db = -50.0 }
eq = [{ type = "peak", freq_hz = 60.0, gain_db = 3.0, q = 1.0 }, { type = "high_pass", freq_hz = 30.0 }]
comp = { threshold_db = -18.0, ratio = 4.0, attack_ms = 10.0, release_ms = 80.0 }
[stems.snare]
bus = "drums"
eq = [{ type = "peak", freq_hz = 200.0, gain_db = 2.0, q = 1.4 }, { type = "high_shelf", freq_hz = 6000.0, gain_db = 3.0 }]
comp = { threshold_db = -20.0, ratio = 3.0 }
reverb = { send_db = -12.0, decay_s = 1.2, predelay_ms = 15.0 }
[stems.hats]
pan = 0.4
eq = [{ type = "high_pass", freq_hz = 400.0, slope_db_oct = 24 }]
[stems.bass]
gain_db = -2.0
eq = [{ type = "low_shelf", freq_hz = 100.0, gain_db = 2.0 }, { type = "peak", freq_hz = 800.0, gain_db = -3.0, q = 2.0 }]
comp = { threshold_db = -24.0, ratio = 6.0, attack_ms = 5.0, release_ms = 120.0, sidechain = "kick" }
saturation = { drive_db = 6.0, mix = 0.5 }
[stems.keys]
width = 1.4
pan = -0.3
eq = [{ type = "peak", freq_hz = 2500.0, gain_db = -2.0, q = 1.0 }]
reverb = { send_db = -14.0, decay_s = 1.2, predelay_ms = 15.0 }
[stems.pad]
width = 1.8
comp = { threshold_db = -30.0, ratio = 2.0, mix = 0.5, detector = "rms" }
reverb = { send_db = -10.0, decay_s = 2.5, predelay_ms = 30.0 }
[stems.lead]
pan = 0.2
saturation = { drive_db = 9.0 }
delay = { send_db = -16.0, note = "1/8.", feedback = 0.4, ping_pong = true }
[stems.vocal]
gate = { threshold_db = -45.0, range_db = 20.0 }
eq = [{ type = "high_pass", freq_hz = 90.0 }, { type = "peak", freq_hz = 3000.0, gain_db = 2.5, q = 1.2 }, { type = "high_shelf", freq_hz = 10000.0, gain_db = 2.0 }, { type = "peak", freq_hz = 300.0, gain_db = -2.0, q = 1.5 }]
comp = { threshold_db = -22.0, ratio = 3.0, attack_ms = 3.0, release_ms = 60.0 }
reverb = { send_db = -12.0, decay_s = 1.2, predelay_ms = 15.0 }
delay = { send_db = -20.0, time_ms = 250.0, feedback = 0.3 }
[buses.drums]
comp = { threshold_db = -16.0, ratio = 2.0, attack_ms = 30.0, release_ms = 100.0 }
saturation = { drive_db = 3.0, mix = 0.3 }
[master]
eq = [{ type = "low_shelf", freq_hz = 80.0, gain_db = 1.0 }, { type = "high_shelf", freq_hz = 12000.0, gain_db = 1.0 }]
comp = { threshold_db = -14.0, ratio = 2.0, attack_ms = 30.0, release_ms = 150.0, knee_db = 6.0 }
"#,
    )
    .expect("the full mix is valid")
}

/// The heaviest mix: every strip runs a gate, four EQ bands, a compressor,
/// saturation and width, and sends to a reverb and a delay; the master has EQ
/// and a glue compressor (the limiter is the caller's choice).
pub fn every_processor_mix(layout: &[StemLayout]) -> Mix {
    let mut toml = String::new();
    for (i, stem) in layout.iter().enumerate() {
        let pan = (i as f32 / 3.5) - 1.0;
        toml += &format!(
            r#"
[stems.{name}]
gain_db = -6.0
pan = {pan}
width = 1.2
gate = {{ threshold_db = -60.0, range_db = 30.0 }}
eq = [{{ type = "high_pass", freq_hz = 40.0 }}, {{ type = "peak", freq_hz = 300.0, gain_db = -2.0, q = 1.0 }}, {{ type = "peak", freq_hz = 3000.0, gain_db = 2.0, q = 1.4 }}, {{ type = "high_shelf", freq_hz = 10000.0, gain_db = 1.5 }}]
comp = {{ threshold_db = -30.0, ratio = 3.0, attack_ms = 5.0, release_ms = 80.0 }}
saturation = {{ drive_db = 4.0, mix = 0.5 }}
reverb = {{ send_db = -14.0, decay_s = 1.8, predelay_ms = 20.0 }}
delay = {{ send_db = -20.0, note = "1/8.", feedback = 0.35 }}
"#,
            name = stem.name,
        );
    }
    toml += r#"
[master]
eq = [{ type = "low_shelf", freq_hz = 80.0, gain_db = 1.0 }, { type = "high_shelf", freq_hz = 12000.0, gain_db = 1.0 }]
comp = { threshold_db = -14.0, ratio = 2.0, attack_ms = 30.0, release_ms = 150.0, knee_db = 6.0 }
"#;
    Mix::from_toml(&toml).expect("the every-processor mix is valid")
}
