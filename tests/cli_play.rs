//! `mixtutor play`: the real-time player driven by the real binary — to a
//! capture file (what would reach the speakers), and through ALSA to a
//! `file` PCM over `null`, the real output path with no sound card.

mod common;

use assert_cmd::Command;
use common::write_wav;
use mixtutor::material::signals::sine;
use predicates::prelude::*;
use std::path::Path;

const BLOCK: usize = 256;

fn mixtutor() -> Command {
    Command::cargo_bin("mixtutor").expect("binary built")
}

fn read_left(path: &Path) -> Vec<f32> {
    let mut r = hound::WavReader::open(path).expect("a WAV file");
    assert_eq!(r.spec().channels, 2);
    assert_eq!(r.spec().sample_rate, 48_000);
    r.samples::<f32>()
        .step_by(2)
        .map(|s| s.expect("sample"))
        .collect()
}

fn envelope(x: &[f32], at: usize) -> f32 {
    x[at..at + 48].iter().fold(0.0f32, |m, v| m.max(v.abs()))
}

#[test]
fn capture_switches_within_one_block_and_writes_the_whole_length() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b, out) = (
        dir.path().join("a.wav"),
        dir.path().join("b.wav"),
        dir.path().join("out.wav"),
    );
    let tone = sine(1000.0, 0.25, 48_000);
    write_wav(&a, &[tone.clone(), tone], 48_000, 32);
    write_wav(&b, &[vec![0.0; 48_000], vec![0.0; 48_000]], 48_000, 32);
    mixtutor()
        .args(["play"])
        .arg(&a)
        .arg("--vs")
        .arg(&b)
        .args(["--switch-every", "137", "--volume", "0", "--capture"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("switches"));
    let heard = read_left(&out);
    assert_eq!(heard.len(), 48_000, "one second, as long as the material");
    // The first switch (to silence) was asked for at 137 ms; the envelope
    // starts to fall within one block of that.
    let requested = 137 * 48;
    let full = envelope(&heard, requested - 1_000);
    assert!(full > 0.2, "A plays at full level ({full})");
    let start = (requested - 1_000..requested + 2_000)
        .find(|&i| envelope(&heard, i) < 0.99 * full)
        .expect("the switch happened");
    assert!(
        start <= requested + BLOCK,
        "asked at {requested}, fade from about {start}"
    );
    assert!(envelope(&heard, requested + BLOCK + 480 + 48) < 0.01 * full);
}

#[test]
fn play_names_what_it_cannot_play() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.wav");
    mixtutor()
        .args(["play", "no-such-song.wav", "--capture"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("no-such-song.wav"));
    mixtutor()
        .args(["play", "house-night-drive", "--loop", "9:3", "--capture"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("--loop 9:3"));
    assert!(!out.exists(), "no half-written capture is left behind");
}

#[test]
fn the_real_output_path_plays_through_alsa_to_a_file() {
    // ALSA's default device replaced by a file PCM over null: cpal opens it
    // at 48 kHz f32 and everything the callback produced lands in the file.
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, raw, conf) = (
        dir.path().join("a.wav"),
        dir.path().join("played.raw"),
        dir.path().join("asound.conf"),
    );
    let tone = sine(440.0, 0.25, 24_000);
    write_wav(&a, &[tone.clone(), tone], 48_000, 32);
    std::fs::write(
        &conf,
        format!(
            "pcm.!default {{ type file slave.pcm \"null\" file \"{}\" format \"raw\" }}\n",
            raw.display()
        ),
    )
    .expect("config written");
    let alsa = "/usr/share/alsa/alsa.conf";
    if !Path::new(alsa).exists() {
        panic!("{alsa} is missing: install libasound2 (scripts/deps does)");
    }
    mixtutor()
        .env(
            "ALSA_CONFIG_PATH",
            format!("{alsa}:{}", conf.to_string_lossy()),
        )
        .args(["play", "--volume", "0"])
        .arg(&a)
        .assert()
        .success()
        .stderr(predicate::str::contains("playing on"));
    let bytes = std::fs::read(&raw).expect("ALSA wrote the file");
    let samples: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let left: Vec<f32> = samples.iter().step_by(2).copied().collect();
    let peak = left.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    assert!(
        (peak - 0.25).abs() < 0.01,
        "the sine arrived at its level: peak {peak}"
    );
    assert!(
        left.iter().filter(|x| x.abs() > 0.2).count() > 1_000,
        "the sine played for a while"
    );
}

/// Two unrelated signals, each limited to the ceiling, switched every 7 ms
/// at full volume: the crossfades used to meet +1.95 dBTP. Looping a loud
/// file at odd loop points crosses the seam many times. Every capture stays
/// at or under −1 dBTP.
#[test]
fn what_reaches_the_speakers_never_passes_the_ceiling() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (noise, tone, out) = (
        dir.path().join("noise.wav"),
        dir.path().join("tone.wav"),
        dir.path().join("out.wav"),
    );
    let frames = 3 * 48_000;
    let peak_to_one = |mut x: Vec<f32>| {
        let peak = x.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        x.iter_mut().for_each(|v| *v /= peak);
        x
    };
    let n = |seed| peak_to_one(mixtutor::material::signals::white_noise(frames, seed, -6.0));
    write_wav(&noise, &[n(1), n(2)], 48_000, 32);
    let s = sine(1001.3, 1.0, frames);
    let inverted: Vec<f32> = s.iter().map(|v| -v).collect();
    write_wav(&tone, &[s, inverted], 48_000, 32);
    let true_peak = |path: &Path| {
        let audio = mixtutor::audio::load(path).expect("written");
        mixtutor::analysis::true_peak_dbtp(&audio).expect("measured")
    };
    let runs: [&[&str]; 4] = [
        &["--vs", "TONE", "--switch-every", "7"],
        &["--vs", "TONE", "--switch-every", "137"],
        &["--loop", "0.1:0.13"],
        &["--loop", "1.0001:2.3333"],
    ];
    for extra in runs {
        let args: Vec<&std::ffi::OsStr> = extra
            .iter()
            .map(|a| {
                if *a == "TONE" {
                    tone.as_os_str()
                } else {
                    std::ffi::OsStr::new(a)
                }
            })
            .collect();
        mixtutor()
            .arg("play")
            .arg(&noise)
            .args(args)
            .args(["--volume", "0", "--capture"])
            .arg(&out)
            .assert()
            .success();
        let tp = true_peak(&out);
        assert!(tp <= -1.0, "{extra:?}: {tp:+.2} dBTP");
    }
}
