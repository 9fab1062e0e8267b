//! The real binary on generated files: process, render, analyze, and bad input
//! (corrupt, empty, missing, malformed) giving a clear message and a non-zero
//! exit, never a panic.

mod common;

use assert_cmd::Command;
use common::*;
use mixtutor::material::signals::{pink_noise, sine};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn mixtutor() -> Command {
    Command::cargo_bin("mixtutor").expect("binary built")
}

fn read_wav(path: &Path) -> (hound::WavSpec, Vec<Vec<f32>>) {
    let mut r = hound::WavReader::open(path).expect("output is a WAV file");
    let spec = r.spec();
    let samples: Vec<f32> = r.samples::<f32>().map(|s| s.expect("sample")).collect();
    let ch = spec.channels as usize;
    let channels = (0..ch)
        .map(|c| samples.iter().skip(c).step_by(ch).copied().collect())
        .collect();
    (spec, channels)
}

/// Runs `mixtutor process INPUT --strip STRIP -o OUTPUT`.
fn process(input: &Path, strip: &Path, output: &Path) -> assert_cmd::assert::Assert {
    mixtutor()
        .arg("process")
        .arg(input)
        .arg("--strip")
        .arg(strip)
        .arg("-o")
        .arg(output)
        .assert()
}

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn text(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

#[test]
fn analyze_json_has_every_contract_key_and_true_values() {
    let f = Files::new();
    let amp = 10f32.powf(-23.0 / 20.0);
    let wav = f.path("sine.wav");
    write_wav(
        &wav,
        &[sine(1000.0, amp, 480_000), sine(1000.0, amp, 480_000)],
        48_000,
        24,
    );
    let out = mixtutor()
        .args(["analyze", "--json"])
        .arg(&wav)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    for key in ANALYZE_KEYS {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    assert!((v["integrated_lufs"].as_f64().unwrap() + 23.0).abs() < 0.1);
    assert!((v["duration_s"].as_f64().unwrap() - 10.0).abs() < 1e-6);
    assert_eq!(v["sample_rate"], 48_000);
    assert_eq!(v["channels"], 2);
    assert!((v["octave_bands_db"]["1000"].as_f64().unwrap() + 26.0).abs() < 0.1);
    assert!(
        v["octave_bands_db"].get("31.5").is_some() && v["octave_bands_db"].get("16000").is_some()
    );
}

#[test]
fn analyze_reports_each_bad_file_and_still_measures_the_good_ones() {
    let f = Files::new();
    let good = f.path("good.wav");
    write_wav(&good, &[sine(440.0, 0.5, 48_000)], 48_000, 16);
    let corrupt = f.path("corrupt.wav");
    let mut bytes = std::fs::read(&good).unwrap();
    bytes.truncate(60);
    bytes.extend(std::iter::repeat_n(0xA5, 4000));
    bytes[8..12].copy_from_slice(b"JUNK");
    std::fs::write(&corrupt, bytes).unwrap();
    let empty = f.text("empty.wav", "");
    let missing = f.path("missing.wav");
    let text = f.text("notes.flac", "these are not audio samples");
    let out = mixtutor()
        .args(["analyze", "--json"])
        .args([&good, &corrupt, &empty, &missing, &text])
        .assert()
        .failure()
        .stderr(predicate::str::contains("corrupt.wav"))
        .stderr(predicate::str::contains("empty.wav: the file is empty"))
        .stderr(predicate::str::contains("missing.wav: cannot open"))
        .stderr(predicate::str::contains("notes.flac"))
        .stderr(predicate::str::contains("panicked").not())
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        v.as_array().map(Vec::len),
        Some(1),
        "only the good file is measured"
    );
}

#[test]
fn process_applies_the_strip_to_a_mono_44k_file_and_outputs_48k_stereo() {
    let f = Files::new();
    let input = f.path("mono44.wav");
    write_wav(&input, &[sine(1000.0, 0.25, 44_100 * 2)], 44_100, 16);
    let strip = f.text("strip.toml", "gain_db = -6.0\npan = 0.0\n");
    let output = f.path("out.wav");
    process(&input, &strip, &output).success();
    let (spec, ch) = read_wav(&output);
    assert_eq!((spec.sample_rate, spec.channels), (48_000, 2));
    assert_eq!(ch[0].len(), 96_000, "the duration is kept");
    // −6 dB fader and −3.01 dB per side at centre, identical channels.
    let gain = rms_db(&ch[0][4800..91_200]) - rms_db(&sine(1000.0, 0.25, 48_000));
    assert!((gain + 9.01).abs() < 0.02, "gain {gain:.3} dB");
    assert_eq!(ch[0], ch[1]);
}

#[test]
fn process_with_an_eq_changes_the_band_it_names() {
    let f = Files::new();
    let input = f.path("pink.wav");
    write_wav(&input, &[pink_noise(48_000 * 10, 3, -20.0)], 48_000, 32);
    let strip = f.text(
        "strip.toml",
        "pan = -1.0\n[[eq]]\ntype = \"peak\"\nfreq_hz = 4000.0\ngain_db = -9.0\nq = 1.4\n",
    );
    let output = f.path("out.wav");
    process(&input, &strip, &output).success();
    let json = |p: &Path| -> serde_json::Value {
        serde_json::from_slice(
            &mixtutor()
                .args(["analyze", "--json"])
                .arg(p)
                .assert()
                .success()
                .get_output()
                .stdout,
        )
        .unwrap()
    };
    let (a, b) = (json(&input), json(&output));
    let diff = |band: &str| {
        b["octave_bands_db"][band].as_f64().unwrap() - a["octave_bands_db"][band].as_f64().unwrap()
    };
    // Hard left, the mono input becomes stereo with a silent right channel:
    // band levels (a mean over channels) drop by 3.01 dB everywhere.
    assert!(
        (diff("250") + 3.01).abs() < 0.3,
        "250 Hz octave {:.2} dB",
        diff("250")
    );
    assert!(
        diff("4000") - diff("250") < -5.0,
        "4 kHz octave {:.2} dB",
        diff("4000")
    );
}

#[test]
fn process_rejects_bad_input_clearly() {
    let f = Files::new();
    let input = f.path("in.wav");
    write_wav(&input, &[sine(1000.0, 0.25, 4800)], 48_000, 16);
    let out = f.path("out.wav");
    let typo = f.text("typo.toml", "gain_bd = 3.0\n");
    process(&input, &typo, &out)
        .failure()
        .stderr(predicate::str::contains("typo.toml").and(predicate::str::contains("gain_bd")));
    let range = f.text("range.toml", "[comp]\nthreshold_db = -20.0\nratio = 0.5\n");
    process(&input, &range, &out)
        .failure()
        .stderr(predicate::str::contains("comp.ratio"));
    let keyed = f.text(
        "keyed.toml",
        "[comp]\nthreshold_db = -20.0\nratio = 4.0\nsidechain = \"kick\"\n",
    );
    process(&input, &keyed, &out)
        .failure()
        .stderr(predicate::str::contains("sidechain 'kick'"));
    let empty = f.text("empty.wav", "");
    let fine = f.text("fine.toml", "gain_db = 0.0\n");
    process(&empty, &fine, &out)
        .failure()
        .stderr(predicate::str::contains("empty"));
    assert!(!out.exists(), "no output is written after an error");
}

fn write_session(dir: &Path) {
    write_wav(
        &dir.join("kick.wav"),
        &[sine(55.0, 0.5, 48_000 * 3)],
        48_000,
        24,
    );
    write_wav(
        &dir.join("pad.wav"),
        &[
            pink_noise(44_100 * 3, 1, -24.0),
            pink_noise(44_100 * 3, 2, -24.0),
        ],
        44_100,
        16,
    );
    std::fs::write(
        dir.join("session.toml"),
        "title = \"CLI\"\ntempo_bpm = 90.0\n\
         [[stems]]\nname = \"kick\"\nfile = \"kick.wav\"\nrole = \"kick\"\n\
         [[stems]]\nname = \"pad\"\nfile = \"pad.wav\"\nrole = \"pad\"\n\
         [mix.stems.kick]\ngain_db = -3.0\n[mix.stems.pad]\nreverb = { send_db = -12.0 }\n",
    )
    .unwrap();
}

#[test]
fn render_writes_the_reference_mix_or_a_given_mix_and_excerpt() {
    let f = Files::new();
    write_session(f.dir.path());
    let out = f.path("mix.wav");
    mixtutor()
        .arg("render")
        .arg(f.dir.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let (spec, ch) = read_wav(&out);
    assert_eq!(
        (spec.sample_rate, spec.channels, ch[0].len()),
        (48_000, 2, 144_000)
    );
    let mix = f.text(
        "quiet.toml",
        "[stems.kick]\ngain_db = -20.0\n[stems.pad]\nmute = true\n",
    );
    let part = f.path("part.wav");
    mixtutor()
        .arg("render")
        .arg(f.dir.path().join("session.toml"))
        .arg("--mix")
        .arg(&mix)
        .args(["--start", "1.0", "--duration", "0.5", "-o"])
        .arg(&part)
        .assert()
        .success();
    let (_, quiet) = read_wav(&part);
    assert_eq!(quiet[0].len(), 24_000);
    assert!(rms_db(&quiet[0]) < rms_db(&ch[0][48_000..72_000]) - 10.0);
}

#[test]
fn render_rejects_unknown_sessions_bad_mixes_and_bad_ranges() {
    let f = Files::new();
    write_session(f.dir.path());
    let out = f.path("x.wav");
    mixtutor()
        .args(["render", "no-such-session", "-o"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("no session 'no-such-session'"));
    let bad = f.text("bad.toml", "[stems.kick]\nbus = \"drums\"\n");
    mixtutor()
        .arg("render")
        .arg(f.dir.path())
        .arg("--mix")
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("bad.toml").and(predicate::str::contains("drums")));
    mixtutor()
        .arg("render")
        .arg(f.dir.path())
        .args(["--start", "10", "-o"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("past the end"));
    std::fs::write(f.dir.path().join("pad.wav"), b"RIFF....WAVEjunk").unwrap();
    mixtutor()
        .arg("render")
        .arg(f.dir.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("pad.wav"))
        .stderr(predicate::str::contains("panicked").not());
}

/// The loudness match used to lift bus-glue's B to +4.1 dBTP after the
/// limiter: what `exercise` writes is at most −1 dBTP, matched and roved.
#[test]
fn exercise_outputs_stay_under_the_ceiling_after_matching() {
    let out = tempfile::tempdir().expect("temp dir");
    for seed in ["3", "7", "10"] {
        let dir = out.path().join(seed);
        Command::cargo_bin("mixtutor")
            .expect("binary")
            .args(["exercise", "bus-glue", "--seed", seed, "--out"])
            .arg(&dir)
            .assert()
            .success();
        for file in ["a.wav", "b.wav"] {
            let audio = mixtutor::audio::load(&dir.join(file)).expect("written");
            let tp = mixtutor::analysis::true_peak_dbtp(&audio).expect("measured");
            assert!(tp <= -1.0, "seed {seed} {file}: {tp:+.2} dBTP");
        }
    }
}

/// `process` writes what the strip makes, like a plug-in, but says so when
/// that passes full scale; `--ceiling` puts the master limiter last.
#[test]
fn process_warns_over_full_scale_and_limits_with_a_ceiling() {
    let f = Files::new();
    let input = f.path("loud.wav");
    write_wav(&input, &[sine(1000.0, 0.5, 48_000)], 48_000, 16);
    // −6 dBFS, +12 dB, −3 dB of pan law at centre: +3 dBFS.
    let strip = f.text("hot.toml", "gain_db = 12.0\n");
    let hot = f.path("hot.wav");
    process(&input, &strip, &hot).success().stderr(
        predicate::str::contains("over full scale").and(predicate::str::contains("--ceiling")),
    );
    let peak = |p: &Path| {
        let audio = mixtutor::audio::load(p).expect("written");
        mixtutor::analysis::true_peak_dbtp(&audio).expect("measured")
    };
    assert!(
        peak(&hot) > 2.5,
        "the strip's gain is kept: {:+.2}",
        peak(&hot)
    );
    let limited = f.path("limited.wav");
    mixtutor()
        .arg("process")
        .arg(&input)
        .arg("--strip")
        .arg(&strip)
        .args(["--ceiling", "-1", "-o"])
        .arg(&limited)
        .assert()
        .success()
        .stderr(predicate::str::contains("full scale").not());
    assert!(peak(&limited) <= -1.0, "{:+.2} dBTP", peak(&limited));
    mixtutor()
        .arg("process")
        .arg(&input)
        .arg("--strip")
        .arg(&strip)
        .args(["--ceiling", "0", "-o"])
        .arg(f.path("refused.wav"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("--ceiling"));
}

/// The built-in lessons and sessions come from the installation: a working
/// directory holding empty `lessons/` and `audio-samples/` hides nothing,
/// and `MIXTUTOR_SHARE_DIR` points elsewhere on purpose.
#[test]
fn built_ins_are_found_from_any_working_directory() {
    let f = Files::new();
    std::fs::create_dir_all(f.path("lessons")).unwrap();
    std::fs::create_dir_all(f.path("audio-samples/rnb-velvet")).unwrap();
    mixtutor()
        .current_dir(f.path(""))
        .args(["lessons", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("levels-louder-softer"));
    mixtutor()
        .current_dir(f.path(""))
        .args(["render", "rnb-velvet", "--duration", "0.5", "-o", "out.wav"])
        .assert()
        .success();
    assert!(f.path("out.wav").is_file());

    let share = f.path("share");
    std::fs::create_dir_all(share.join("lessons")).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("lessons/010-levels-louder-softer.toml"),
        share.join("lessons/010-levels-louder-softer.toml"),
    )
    .unwrap();
    let listed = mixtutor()
        .env("MIXTUTOR_SHARE_DIR", &share)
        .args(["lessons", "list"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&listed.get_output().stdout).into_owned();
    assert!(stdout.contains("levels-louder-softer"), "{stdout}");
    assert!(!stdout.contains("levels-which-stem"), "{stdout}");
}
