//! The mix engine end to end: sessions, mixes, changes, automation, routing
//! and deterministic offline rendering.

mod common;

use common::session::{eight_stems, full_mix};
use common::*;
use mixtutor::audio::Audio;
use mixtutor::engine::{
    Edit, Excerpt, MasterLimiter, Mix, Param, Session, StemLayout, Target, render, render_sources,
};
use mixtutor::material::signals::{pink_noise, sine};
use std::sync::Arc;

const FS: usize = 48_000;

fn render_all(
    layout: &[StemLayout],
    sources: &[Arc<Audio>],
    mix: &Mix,
    limiter: MasterLimiter,
) -> Audio {
    let excerpt = Excerpt {
        start: 0,
        frames: sources[0].frames(),
    };
    render_sources(layout, sources, mix, 120.0, excerpt, limiter).expect("render")
}

/// A session of one mono stem, "tone": a 1 kHz sine at 0.1, `n` frames.
fn mono_tone(n: usize) -> (Vec<StemLayout>, Vec<Arc<Audio>>) {
    let layout = vec![StemLayout {
        name: "tone".into(),
        channels: 1,
    }];
    let sources = vec![Arc::new(Audio {
        channels: vec![sine(1000.0, 0.1, n)],
        sample_rate: FS as u32,
    })];
    (layout, sources)
}

#[test]
fn the_same_session_and_mix_render_bit_identical_twice() {
    let (layout, sources) = eight_stems(4);
    let mix = full_mix();
    let a = render_all(&layout, &sources, &mix, MasterLimiter::On);
    let b = render_all(&layout, &sources, &mix, MasterLimiter::On);
    assert!(a.channels.iter().flatten().any(|x| *x != 0.0));
    for (x, y) in a.channels.iter().flatten().zip(b.channels.iter().flatten()) {
        assert_eq!(x.to_bits(), y.to_bits());
    }
    // The master limiter holds the ceiling on the full mix too.
    let loud = mixtutor::analysis::loudness(&a).unwrap();
    assert!(
        loud.true_peak_dbtp <= -1.0,
        "true peak {}",
        loud.true_peak_dbtp
    );
}

#[test]
fn an_excerpt_matches_the_same_frames_of_the_full_render() {
    let (layout, sources) = eight_stems(4);
    let mut mix = Mix::default();
    mix.stems.insert(
        "bass".into(),
        mixtutor::engine::Strip {
            gain_db: -6.0,
            ..Default::default()
        },
    );
    let full = render_all(&layout, &sources, &mix, MasterLimiter::On);
    let part = render_sources(
        &layout,
        &sources,
        &mix,
        120.0,
        Excerpt {
            start: 96_000,
            frames: 48_000,
        },
        MasterLimiter::On,
    )
    .unwrap();
    // No reverb or dynamics here, so the pre-roll makes the excerpt exact.
    for (i, x) in part.channels[0].iter().enumerate() {
        assert!((x - full.channels[0][96_000 + i]).abs() < 1e-6);
    }
}

#[test]
fn a_gain_automation_ramp_renders_the_expected_envelope() {
    let n = 2 * FS;
    let (layout, sources) = mono_tone(n);
    let mix = Mix::from_toml(
        r#"
[stems.tone]
pan = -1.0
[[automation]]
target = "tone"
param = "gain_db"
points = [[0.5, 0.0], [1.5, -20.0]]
"#,
    )
    .unwrap();
    let out = render_all(&layout, &sources, &mix, MasterLimiter::On);
    let input_db = rms_db(&sources[0].channels[0][..480]);
    for w in (0..n - 480).step_by(480) {
        let centre = (w + 240) as f64 / FS as f64;
        let expected = if centre <= 0.5 {
            0.0
        } else if centre >= 1.5 {
            -20.0
        } else {
            -20.0 * (centre - 0.5)
        };
        let measured = rms_db(&out.channels[0][w..w + 480]) - input_db;
        assert!(
            (measured - expected).abs() <= 0.1,
            "at {centre:.3} s: {measured:.3} dB, expected {expected:.3}"
        );
    }
}

#[test]
fn a_level_change_is_exactly_what_the_audio_shows() {
    let (layout, sources) = eight_stems(2);
    let mut base = Mix::default();
    for stem in &layout {
        base.stems.insert(
            stem.name.clone(),
            mixtutor::engine::Strip {
                gain_db: -12.0,
                ..Default::default()
            },
        );
    }
    let changed = Edit::add(Target::named("vocal"), Param::GainDb, 3.0)
        .apply(&base)
        .unwrap();
    let a = render_all(&layout, &sources, &base, MasterLimiter::Off);
    let b = render_all(&layout, &sources, &changed, MasterLimiter::Off);
    // B − A is the vocal alone, scaled by (10^(3/20) − 1).
    let mut solo = base.clone();
    for stem in layout.iter().filter(|s| s.name != "vocal") {
        solo.stems.get_mut(&stem.name).unwrap().mute = true;
    }
    let vocal = render_all(&layout, &sources, &solo, MasterLimiter::Off);
    let diff: Vec<f32> = a.channels[0]
        .iter()
        .zip(&b.channels[0])
        .map(|(x, y)| y - x)
        .collect();
    let measured = rms_db(&diff) - rms_db(&vocal.channels[0]);
    let expected = 20.0 * (10f64.powf(3.0 / 20.0) - 1.0).log10();
    assert!(
        (measured - expected).abs() < 0.01,
        "{measured:.4} vs {expected:.4}"
    );
}

#[test]
fn an_eq_change_shows_in_the_spectrum_where_it_was_made() {
    let layout = vec![StemLayout {
        name: "noise".into(),
        channels: 1,
    }];
    let sources = vec![Arc::new(Audio {
        channels: vec![pink_noise(10 * FS, 9, -30.0)],
        sample_rate: FS as u32,
    })];
    let base = Mix::default();
    let band = mixtutor::engine::strip::EqBand {
        kind: mixtutor::engine::strip::EqType::Peak,
        freq_hz: 2000.0,
        gain_db: 6.0,
        q: 1.4,
        slope_db_oct: None,
    };
    let changed = Edit::add_eq(Target::named("noise"), band)
        .apply(&base)
        .unwrap();
    let a =
        mixtutor::analysis::Spectrum::of(&render_all(&layout, &sources, &base, MasterLimiter::Off));
    let b = mixtutor::analysis::Spectrum::of(&render_all(
        &layout,
        &sources,
        &changed,
        MasterLimiter::Off,
    ));
    let at = |f: f64| b.band_db(f, 1.0 / 6.0) - a.band_db(f, 1.0 / 6.0);
    assert!(
        (at(2000.0) - 6.0).abs() < 0.3,
        "at 2 kHz: {:.2} dB",
        at(2000.0)
    );
    assert!(
        at(250.0).abs() < 0.3 && at(12_000.0).abs() < 0.5,
        "far from the band: {:.2}, {:.2}",
        at(250.0),
        at(12_000.0)
    );
}

#[test]
fn a_bus_applies_to_the_strips_routed_to_it() {
    let (layout, sources) = eight_stems(1);
    let mut direct = Mix::default();
    for s in &layout {
        direct.stems.insert(
            s.name.clone(),
            mixtutor::engine::Strip {
                mute: s.name != "kick",
                ..Default::default()
            },
        );
    }
    let mut bussed = direct.clone();
    bussed.stems.get_mut("kick").unwrap().bus = Some("drums".into());
    bussed.buses.insert(
        "drums".into(),
        mixtutor::engine::Strip {
            gain_db: -6.0,
            ..Default::default()
        },
    );
    let a = render_all(&layout, &sources, &direct, MasterLimiter::Off);
    let b = render_all(&layout, &sources, &bussed, MasterLimiter::Off);
    assert!(((rms_db(&b.channels[0]) - rms_db(&a.channels[0])) + 6.0).abs() < 0.01);
}

#[test]
fn a_kick_keyed_compressor_ducks_the_bass() {
    let (layout, sources) = eight_stems(2);
    let mut mix = Mix::default();
    for s in &layout {
        mix.stems.insert(
            s.name.clone(),
            mixtutor::engine::Strip {
                mute: s.name != "bass",
                ..Default::default()
            },
        );
    }
    mix.stems.get_mut("bass").unwrap().comp = Some(mixtutor::engine::strip::Comp {
        threshold_db: -30.0,
        ratio: 8.0,
        attack_ms: 2.0,
        release_ms: 100.0,
        knee_db: 0.0,
        makeup_db: 0.0,
        mix: 1.0,
        detector: Default::default(),
        sidechain: Some("kick".into()),
    });
    let out = render_all(&layout, &sources, &mix, MasterLimiter::Off);
    // The kick (muted, but still the key) hits every 0.5 s.
    let on_hit = rms_db(&out.channels[0][FS / 2 + 480..FS / 2 + 2400]);
    let between = rms_db(&out.channels[0][FS / 2 + 18_000..FS / 2 + 22_000]);
    assert!(
        between - on_hit > 6.0,
        "ducking depth {:.1} dB",
        between - on_hit
    );
}

#[test]
fn muted_strips_and_their_sends_are_silent() {
    let (layout, sources) = eight_stems(1);
    let mut mix = full_mix();
    for strip in mix.stems.values_mut() {
        strip.mute = true;
    }
    for s in &layout {
        mix.stems.entry(s.name.clone()).or_default().mute = true;
    }
    let out = render_all(&layout, &sources, &mix, MasterLimiter::On);
    // The mute ramp (20 ms) and the gate's first moments are the only sound.
    assert!(
        out.channels
            .iter()
            .all(|c| c[4800..].iter().all(|x| x.abs() < 1e-6))
    );
}

#[test]
fn a_session_folder_loads_resamples_and_renders() {
    let dir = tempfile::tempdir().unwrap();
    let n = 44_100 * 2;
    write_wav(
        &dir.path().join("kick.wav"),
        &[sine(60.0, 0.5, n)],
        44_100,
        16,
    );
    write_wav(
        &dir.path().join("pad.wav"),
        &[pink_noise(n, 1, -20.0), pink_noise(n, 2, -20.0)],
        44_100,
        24,
    );
    write_wav(
        &dir.path().join("short.wav"),
        &[sine(440.0, 0.2, 48_000)],
        48_000,
        32,
    );
    std::fs::write(
        dir.path().join("session.toml"),
        r#"
title = "Test"
genre = "test"
tempo_bpm = 100.0
[[stems]]
name = "kick"
file = "kick.wav"
role = "kick"
[[stems]]
name = "pad"
file = "pad.wav"
role = "pad"
[[stems]]
name = "lead"
file = "short.wav"
role = "lead"
[mix.stems.pad]
gain_db = -6.0
"#,
    )
    .unwrap();
    let session = Session::load(dir.path()).unwrap();
    assert_eq!(session.frames(), 96_000);
    assert!(
        session
            .stems
            .iter()
            .all(|s| s.audio.frames() == 96_000 && s.audio.sample_rate == 48_000)
    );
    assert_eq!(
        session.stems[0].audio.channels.len(),
        1,
        "a mono stem stays mono"
    );
    let out = render(
        &session,
        &session.manifest.mix,
        Excerpt {
            start: 0,
            frames: session.frames(),
        },
    )
    .unwrap();
    assert_eq!(out.frames(), 96_000);
    assert!(mixtutor::analysis::loudness(&out).unwrap().integrated_lufs > -40.0);
}

#[test]
fn a_broken_manifest_names_the_file_and_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let write = |text: &str| std::fs::write(dir.path().join("session.toml"), text).unwrap();
    write("title = \"x\"\n[[stems]]\nname = \"a\"\nfile = \"a.wav\"\nrole = \"kik\"\n");
    let err = Session::load(dir.path()).unwrap_err().to_string();
    assert!(err.contains("session.toml") && err.contains("kik"), "{err}");
    write(
        "title = \"x\"\n[[stems]]\nname = \"a\"\nfile = \"a.wav\"\nrole = \"kick\"\n[mix.stems.b]\ngain_db = 1.0\n",
    );
    let err = Session::load(dir.path()).unwrap_err().to_string();
    assert!(err.contains("mix.stems.b"), "{err}");
    write("title = \"x\"\n[[stems]]\nname = \"a\"\nfile = \"missing.wav\"\nrole = \"kick\"\n");
    let err = Session::load(dir.path()).unwrap_err().to_string();
    assert!(err.contains("missing.wav"), "{err}");
}

#[test]
fn a_mono_stem_stays_centred_after_its_fader_glides() {
    let n = FS;
    let (layout, sources) = mono_tone(n);
    let mix = Mix::from_toml(
        r#"
[[automation]]
target = "tone"
param = "gain_db"
points = [[0.1, 0.0], [0.2, -6.0]]
"#,
    )
    .unwrap();
    let out = render_all(&layout, &sources, &mix, MasterLimiter::Off);
    // Once the glide is over the tone sits −6 dB and −3.01 dB (the
    // constant-power centre) below its input on both sides.
    let tail = FS / 2..n;
    let input_db = rms_db(&sources[0].channels[0][tail.clone()]);
    for side in &out.channels {
        let measured = rms_db(&side[tail.clone()]) - input_db;
        assert!(
            (measured + 9.01).abs() <= 0.05,
            "{measured:.3} dB, expected −9.01"
        );
    }
}
