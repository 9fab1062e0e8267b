//! Reference A/B: the loudness match measured on what the player plays,
//! `compare --json` against `analyze --json`, and the spectrum difference
//! recovering a known EQ curve.

mod common;

use assert_cmd::Command;
use common::{ANALYZE_KEYS, write_wav};
use mixtutor::analysis::{MatchMode, listening_pair, loudness, reference_gain_db};
use mixtutor::audio::Audio;
use mixtutor::audio::deck::clip_program;
use mixtutor::audio::player::{Command as Play, player};
use mixtutor::dsp::biquad::{Coeffs, Shape};
use mixtutor::dsp::translation::System;
use mixtutor::material::signals::{pink_noise, sine, white_noise};
use serde_json::Value;
use std::sync::Arc;

fn stereo(l: Vec<f32>, r: Vec<f32>) -> Audio {
    Audio {
        channels: vec![l, r],
        sample_rate: 48_000,
    }
}

/// Plays `clips` through the real player, variant `v` for `frames`
/// frames, and returns what came out.
fn capture(clips: &[Arc<Audio>], v: usize, frames: usize) -> Audio {
    let (mut controller, mut p) = player();
    let program = clip_program(clips).expect("program");
    controller
        .send(Play::Load(Box::new(program)))
        .expect("sent");
    controller.send(Play::Volume(0.0)).expect("sent");
    controller.send(Play::Select(v)).expect("sent");
    controller.send(Play::Play).expect("sent");
    let mut out = [Vec::new(), Vec::new()];
    let mut buffer = vec![0.0f32; 512];
    while out[0].len() < frames {
        p.render(&mut buffer);
        controller.poll();
        for (i, x) in buffer.iter().enumerate() {
            out[i % 2].push(*x);
        }
    }
    // The start ramp and the limiter's lookahead are not the material.
    let skip = 4_800;
    stereo(out[0][skip..frames].to_vec(), out[1][skip..frames].to_vec())
}

#[test]
fn the_reference_is_heard_at_the_mixs_loudness_within_a_tenth_of_a_lu() {
    // Very different spectra and levels: a dark mix (pink noise and a low
    // sine) and a bright, louder reference (white noise).
    let n = 48_000 * 8;
    let bass = sine(60.0, 0.1, n);
    let dark: Vec<f32> = pink_noise(n, 1, -26.0)
        .iter()
        .zip(&bass)
        .map(|(a, b)| a + b)
        .collect();
    let mix = stereo(dark.clone(), dark);
    let reference = stereo(white_noise(n, 2, -18.0), white_noise(n, 3, -18.0));
    let gain = reference_gain_db(&mix, &reference, MatchMode::Integrated).expect("matched");
    assert!(gain < -3.0, "the reference is turned down ({gain:.2} dB)");
    let (m, r) = listening_pair(&mix, &reference, gain, 0, System::Flat);
    let clips = [Arc::new(m), Arc::new(r)];
    let heard_mix = loudness(&capture(&clips, 0, n)).expect("measured");
    let heard_ref = loudness(&capture(&clips, 1, n)).expect("measured");
    let off = heard_ref.integrated_lufs - heard_mix.integrated_lufs;
    assert!(off.abs() <= 0.1, "{off:.3} LU apart as heard");
}

fn mixtutor() -> Command {
    Command::cargo_bin("mixtutor").expect("binary built")
}

fn json_of(args: &[&str]) -> Value {
    let out = mixtutor().args(args).output().expect("ran");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn compare_reports_what_analyze_reports_for_each_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mix, reference) = (dir.path().join("mix.wav"), dir.path().join("ref.wav"));
    let n = 48_000 * 6;
    write_wav(
        &mix,
        &[pink_noise(n, 4, -24.0), pink_noise(n, 5, -24.0)],
        48_000,
        32,
    );
    write_wav(
        &reference,
        &[white_noise(n, 6, -16.0), white_noise(n, 7, -16.0)],
        48_000,
        32,
    );
    let (m, r) = (
        mix.to_str().expect("path"),
        reference.to_str().expect("path"),
    );
    let c = json_of(&["compare", m, r, "--json"]);
    for (side, file) in [("mix", m), ("reference", r)] {
        let a = json_of(&["analyze", file, "--json"]);
        for key in ANALYZE_KEYS {
            assert_eq!(c[side][key], a[key], "{side}.{key}");
        }
    }
    let gain = c["reference_gain_db"].as_f64().expect("a number");
    let louder = c["reference"]["integrated_lufs"].as_f64().expect("n")
        - c["mix"]["integrated_lufs"].as_f64().expect("n");
    assert!((gain + louder).abs() < 0.05, "gain {gain}, louder {louder}");
    assert!(c["prompts"].as_array().is_some_and(|p| !p.is_empty()));
}

#[test]
fn the_spectrum_difference_recovers_a_known_eq() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mix, eqd, strip) = (
        dir.path().join("mix.wav"),
        dir.path().join("eq.wav"),
        dir.path().join("strip.toml"),
    );
    let n = 48_000 * 20;
    write_wav(
        &mix,
        &[pink_noise(n, 8, -24.0), pink_noise(n, 9, -24.0)],
        48_000,
        32,
    );
    std::fs::write(
        &strip,
        "eq = [{ type = \"peak\", freq_hz = 1000.0, gain_db = 6.0, q = 1.0 }]\n",
    )
    .expect("strip");
    mixtutor()
        .arg("process")
        .arg(&mix)
        .arg("--strip")
        .arg(&strip)
        .arg("-o")
        .arg(&eqd)
        .assert()
        .success();
    let c = json_of(&[
        "compare",
        mix.to_str().expect("path"),
        eqd.to_str().expect("path"),
        "--json",
    ]);
    let gain = c["reference_gain_db"].as_f64().expect("gain");
    let bell = Coeffs::design(Shape::Peak, 1000.0, 6.0, 1.0);
    let diffs = c["differences"]["third_octave_db"]
        .as_object()
        .expect("bands");
    let mut checked = 0;
    for (centre, d) in diffs {
        let f: f64 = centre.parse().expect("Hz");
        if !(50.0..=10_000.0).contains(&f) {
            continue;
        }
        // The curve as a ⅓-octave band of pink noise hears it: |H|²
        // averaged with 1/f weight over the band.
        let (lo, hi) = (f * 2f64.powf(-1.0 / 6.0), f * 2f64.powf(1.0 / 6.0));
        let steps = 200;
        let (mut num, mut den) = (0.0, 0.0);
        for k in 0..steps {
            let x = lo * (hi / lo).powf((k as f64 + 0.5) / steps as f64);
            // Log spacing already carries the 1/f weight of pink noise.
            num += 10f64.powf(bell.magnitude_db(x) / 10.0);
            den += 1.0;
        }
        let expected = 10.0 * (num / den).log10();
        let unmatched = d.as_f64().expect("dB") - gain;
        assert!(
            (unmatched - expected).abs() <= 0.5,
            "{f} Hz: measured {unmatched:.2} dB, the EQ {expected:.2} dB"
        );
        checked += 1;
    }
    assert!(checked >= 20, "{checked} bands checked");
}
