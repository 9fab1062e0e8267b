//! Lessons and drills: every built-in lesson validates, broken lessons are
//! reported at the right line, each drill's A and B differ exactly as its
//! answer says (measured independently on the audio), nothing but the change
//! tells A from B, and the adaptive loop finds a simulated listener's threshold.

mod common;

use assert_cmd::Command;
use mixtutor::analysis::compare;
use mixtutor::analysis::{Spectrum, loudness, rms_dbfs};
use mixtutor::audio::Audio;
use mixtutor::lessons::{Lesson, find, load_all};
use mixtutor::quiz::{
    Drill, DrillKind, Exercise, Quality, SKILLS, generate, render_mix, render_pair, score,
    score_controls, simulate,
};
use predicates::str::contains;
use std::path::Path;

fn lessons() -> Vec<Lesson> {
    let (lessons, problems) = load_all(None);
    assert!(problems.is_empty(), "{problems:?}");
    lessons
}

fn drill(lessons: &[Lesson], id: &str, i: usize) -> Drill {
    find(lessons, id).expect("lesson exists").drills[i].clone()
}

fn exercise(drill: &Drill, level: f64, seed: u64) -> Exercise {
    generate("test", drill, level, seed, None).expect("generates")
}

#[test]
fn every_built_in_lesson_passes_the_check_and_the_curriculum_is_complete() {
    Command::cargo_bin("mixtutor")
        .expect("binary")
        .args(["lessons", "check"])
        .assert()
        .success()
        .stderr(contains("0 problems"));
    let lessons = lessons();
    assert!(lessons.len() >= 30, "{} lessons", lessons.len());
    // Home shows the topics in the order of their first lesson: the path
    // a beginner walks, skill by skill.
    let mut topics: Vec<&str> = Vec::new();
    for l in &lessons {
        if !topics.contains(&l.topic.as_str()) {
            topics.push(&l.topic);
        }
    }
    assert_eq!(topics, common::TOPICS);
    for topic in &topics {
        let n = lessons.iter().filter(|l| l.topic == *topic).count();
        assert!(n >= 2, "{topic} has {n} lesson(s); a group needs two steps");
    }
    let orders: Vec<u32> = lessons.iter().map(|l| l.order).collect();
    assert!(orders.windows(2).all(|w| w[0] <= w[1]), "sorted by order");
}

#[test]
fn broken_lessons_are_reported_at_their_line_and_the_good_one_still_loads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lessons-broken");
    let out = Command::cargo_bin("mixtutor")
        .expect("binary")
        .args(["lessons", "check"])
        .arg(&dir)
        .assert()
        .failure()
        .stderr(contains("1 lessons ok, 5 problems in 3 files"))
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8_lossy(&out);
    for expected in [
        "bad-material.toml:10: drill: no session 'no-such-session'",
        "bad-material.toml:14: drill: width needs stereo material",
        "syntax.toml:10: ",
        "unknown-kind.toml:10: drill: 'bandz' is not an option",
        "unknown-kind.toml:15: drill: unknown kind 'guess_the_song'",
    ] {
        assert!(out.contains(expected), "missing «{expected}» in:\n{out}");
    }
}

#[test]
fn the_same_seed_gives_the_same_exercise() {
    let lessons = lessons();
    for (id, i) in [
        ("eq-octaves-mix", 0),
        ("levels-which-stem", 0),
        ("pan-where", 1),
    ] {
        let d = drill(&lessons, id, i);
        let (a, b, c) = (
            exercise(&d, 6.0, 11),
            exercise(&d, 6.0, 11),
            exercise(&d, 6.0, 12),
        );
        assert_eq!(
            (&a.question, a.labels(), a.answer),
            (&b.question, b.labels(), b.answer)
        );
        assert_eq!(a.change, b.change);
        assert_eq!(a.excerpt, b.excerpt);
        let differs = a.change != c.change || a.excerpt != c.excerpt;
        assert!(differs, "{id}: another seed gives another exercise");
    }
}

fn third_octave_db(audio: &Audio) -> Vec<(f64, f64)> {
    Spectrum::of(audio).third_octave_bands().0
}

#[test]
fn which_band_answers_are_where_the_audio_changed() {
    let lessons = lessons();
    for (id, i) in [
        ("eq-octaves-pink", 0),
        ("eq-cuts", 0),
        ("eq-boost-or-cut", 0),
    ] {
        let d = drill(&lessons, id, i);
        for seed in 1..=4 {
            let ex = exercise(&d, 12.0, seed);
            let r = render_pair(&ex, None).expect("renders");
            // The ⅓-octave band that moved most, measured on the audio.
            let (a, b) = (third_octave_db(&r.a), third_octave_db(&r.b));
            let diffs: Vec<(f64, f64)> = a.iter().zip(&b).map(|(x, y)| (x.0, y.1 - x.1)).collect();
            let (f, moved) = diffs
                .iter()
                .filter(|(f, _)| (40.0..18_000.0).contains(f))
                .fold((0.0, 0.0), |best, &(f, d)| {
                    if d.abs() > f64::abs(best.1) {
                        (f, d)
                    } else {
                        best
                    }
                });
            let freq = ex.change.freq_hz.expect("an EQ change");
            let gain = ex.change.gain_db.expect("an EQ change");
            assert!(
                (f / freq).log2().abs() <= 0.34,
                "{id} seed {seed}: measured {f} Hz, answer {freq} Hz"
            );
            assert_eq!(moved.signum(), gain.signum(), "{id} seed {seed}: direction");
            // The marked answer names that band (and direction).
            let label = &ex.labels()[ex.answer];
            let khz = if freq >= 1000.0 {
                format!("{:.0} kHz", freq / 1000.0)
            } else {
                format!("{freq:.0} Hz")
            };
            assert!(
                label.starts_with(&khz),
                "{id}: answer '{label}' for {freq} Hz"
            );
            assert!(score(&ex, ex.answer).correct);
        }
    }
}

#[test]
fn partial_credit_falls_with_distance_and_wrong_direction_costs_more() {
    let lessons = lessons();
    let d = drill(&lessons, "eq-boost-or-cut", 0);
    let ex = exercise(&d, 12.0, 5);
    let right = &ex.choices[ex.answer];
    let points = |pred: &dyn Fn(&mixtutor::quiz::Choice) -> bool| {
        ex.choices
            .iter()
            .enumerate()
            .filter(|(_, c)| pred(c))
            .map(|(i, _)| score(&ex, i).points)
            .collect::<Vec<_>>()
    };
    let one_off_same = points(&|c| c.sign == right.sign && (c.value - right.value).abs() == 1.0);
    let same_band_wrong_way = points(&|c| c.sign != right.sign && c.value == right.value);
    let three_off = points(&|c| (c.value - right.value).abs() >= 3.0);
    assert!(
        one_off_same.iter().all(|&p| (p - 2.0 / 3.0).abs() < 1e-9),
        "{one_off_same:?}"
    );
    assert!(
        same_band_wrong_way.iter().all(|&p| p == 0.5),
        "{same_band_wrong_way:?}"
    );
    assert!(three_off.iter().all(|&p| p == 0.0), "{three_off:?}");
}

#[test]
fn level_and_pan_and_ride_answers_match_the_measured_audio() {
    let lessons = lessons();
    // How much louder: the measured loudness step is the answer's.
    let d = drill(&lessons, "levels-how-much", 0);
    for seed in 1..=3 {
        let ex = exercise(&d, 2.0, seed);
        assert!(!ex.loudness_matched());
        let r = render_pair(&ex, None).expect("renders");
        let step =
            loudness(&r.b).unwrap().integrated_lufs - loudness(&r.a).unwrap().integrated_lufs;
        assert!(
            (step - ex.change.value).abs() < 0.1,
            "{step} vs {:?}",
            ex.change
        );
        assert_eq!(
            ex.labels()[ex.answer],
            format!("+{:.1} dB", ex.change.value)
        );
    }
    // Louder or softer on a full mix that hits the master limiter hard: the
    // step is still exactly the one asked for, and the louder is the answer.
    let d = drill(&lessons, "levels-louder-softer", 0);
    for seed in 1..=4 {
        let ex = exercise(&d, 9.0, seed);
        assert_eq!(ex.change.target, mixtutor::engine::Target::Master);
        let r = render_pair(&ex, None).expect("renders");
        let step =
            loudness(&r.b).unwrap().integrated_lufs - loudness(&r.a).unwrap().integrated_lufs;
        assert!((step.abs() - 9.0).abs() < 0.05, "step {step} dB");
        assert_eq!(ex.labels()[ex.answer], if step > 0.0 { "B" } else { "A" });
    }
    // Where: the measured left/right balance follows the −3 dB pan law.
    let d = drill(&lessons, "pan-where", 0);
    for seed in 1..=4 {
        let ex = exercise(&d, 40.0, seed);
        let r = render_pair(&ex, None).expect("renders");
        let lr = |a: &Audio| {
            let ch = |i: usize| {
                rms_dbfs(&Audio {
                    channels: vec![a.channels[i].clone()],
                    sample_rate: 48_000,
                })
            };
            ch(0) - ch(1)
        };
        let p = ex.change.value / 100.0;
        let theta = (p + 1.0) * std::f64::consts::FRAC_PI_4;
        let expected = 20.0 * (theta.cos() / theta.sin()).log10();
        assert!(lr(&r.a).abs() < 0.1, "A is centred");
        assert!(
            (lr(&r.b) - expected).abs() < 0.3,
            "pan {p}: L−R {} dB, law {expected}",
            lr(&r.b)
        );
    }
    // When: the quarter with the biggest level change is the answer.
    let d = drill(&lessons, "levels-rides", 0);
    for seed in 1..=3 {
        let ex = exercise(&d, 9.0, seed);
        let r = render_pair(&ex, None).expect("renders");
        let quarter = r.a.frames() / 4;
        let level = |a: &Audio, q: usize| {
            let part = Audio {
                channels: a
                    .channels
                    .iter()
                    .map(|c| c[q * quarter..(q + 1) * quarter].to_vec())
                    .collect(),
                sample_rate: 48_000,
            };
            rms_dbfs(&part)
        };
        let moved: Vec<f64> = (0..4)
            .map(|q| (level(&r.b, q) - level(&r.a, q)).abs())
            .collect();
        let loudest = (0..4)
            .max_by(|&x, &y| moved[x].total_cmp(&moved[y]))
            .unwrap_or(0);
        assert_eq!(
            loudest, ex.answer,
            "seed {seed}: level change per quarter {moved:?}"
        );
    }
}

#[test]
fn a_or_b_answers_pick_the_version_that_measures_as_more() {
    let lessons = lessons();
    let d = drill(&lessons, "stereo-width", 0);
    for seed in 1..=3 {
        let ex = exercise(&d, 60.0, seed);
        let r = render_pair(&ex, None).expect("renders");
        let side = |a: &Audio| {
            let s: Vec<f32> = a.channels[0]
                .iter()
                .zip(&a.channels[1])
                .map(|(l, r)| (l - r) / 2.0)
                .collect();
            let m: Vec<f32> = a.channels[0]
                .iter()
                .zip(&a.channels[1])
                .map(|(l, r)| (l + r) / 2.0)
                .collect();
            let rms = |x: &[f32]| {
                rms_dbfs(&Audio {
                    channels: vec![x.to_vec()],
                    sample_rate: 48_000,
                })
            };
            rms(&s) - rms(&m)
        };
        let wider = if side(&r.b) > side(&r.a) { 1 } else { 0 };
        assert_eq!(ex.answer, wider, "seed {seed}");
        assert!(matches!(
            ex.drill.kind,
            DrillKind::AOrB {
                quality: Quality::Width
            }
        ));
    }
}

#[test]
fn eq_and_compression_drills_leave_no_loudness_tell() {
    let lessons = lessons();
    for (id, i, level) in [
        ("eq-octaves-pink", 0, 15.0),
        ("eq-octaves-mix", 0, 12.0),
        ("eq-cuts", 1, 15.0),
        ("comp-on-off", 1, 12.0),
        ("comp-amount", 0, 12.0),
        ("comp-attack", 0, 30.0),
        ("comp-parallel", 1, 50.0),
    ] {
        let d = drill(&lessons, id, i);
        for seed in 1..=2 {
            let ex = exercise(&d, level, seed);
            assert!(ex.loudness_matched());
            let r = render_pair(&ex, None).expect("renders");
            let diff =
                loudness(&r.b).unwrap().integrated_lufs - loudness(&r.a).unwrap().integrated_lufs;
            assert!(diff.abs() <= 0.3, "{id} seed {seed}: {diff:.2} LU");
        }
    }
}

#[test]
fn the_simulated_listener_converges_for_every_skill() {
    for skill in SKILLS {
        // A threshold inside the range, away from its ends.
        let threshold = (skill.min * skill.start).sqrt() * 1.3;
        let close = (1..=10)
            .filter(|&seed| {
                let sim = simulate(skill, threshold, 60, 4, seed);
                (sim.estimate / threshold - 1.0).abs() <= 0.25
            })
            .count();
        assert!(close >= 9, "{}: {close} of 10 seeds within ±25 %", skill.id);
    }
}

#[test]
fn exercise_json_has_the_contract_keys() {
    let out = tempfile::tempdir().expect("temp dir");
    Command::cargo_bin("mixtutor")
        .expect("binary")
        .args([
            "exercise",
            "eq-octaves-pink",
            "--seed",
            "7",
            "--level",
            "9",
            "--out",
        ])
        .arg(out.path())
        .assert()
        .success();
    let text = std::fs::read_to_string(out.path().join("exercise.json")).expect("json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid json");
    for key in [
        "lesson",
        "skill",
        "level",
        "seed",
        "question",
        "choices",
        "answer",
        "loudness_matched",
        "change",
    ] {
        assert!(v.get(key).is_some(), "no '{key}' in {text}");
    }
    let choices: Vec<&str> = v["choices"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    assert!(choices.contains(&v["answer"].as_str().unwrap()));
    for key in [
        "target",
        "parameter",
        "value",
        "unit",
        "type",
        "freq_hz",
        "gain_db",
        "q",
    ] {
        assert!(v["change"].get(key).is_some(), "no change.{key}");
    }
    assert_eq!(v["level"], 9.0);
    assert!(out.path().join("a.wav").is_file() && out.path().join("b.wav").is_file());
    Command::cargo_bin("mixtutor")
        .expect("binary")
        .args([
            "simulate",
            "--skill",
            "eq-boost",
            "--threshold",
            "3",
            "--trials",
            "60",
            "--json",
        ])
        .assert()
        .success()
        .stdout(contains("\"estimate\""))
        .stdout(contains("\"history\""));
}

/// The gain reduction B adds over A, measured on the audio: a compressor
/// is a gain that moves in time, so B/A over 1 ms chunks traces it. The
/// reading is the spread between the least reduced moments (99th
/// percentile of B/A in dB) and the most reduced (2nd percentile), over
/// chunks where A is not near silence. Negative when A is the compressed one.
fn measured_gain_reduction_db(a: &Audio, b: &Audio) -> f64 {
    let chunk = 48;
    let energy = |x: &Audio, i: usize| -> f64 {
        x.channels
            .iter()
            .flat_map(|c| c[i * chunk..(i + 1) * chunk].iter())
            .map(|&s| (s as f64) * (s as f64))
            .sum()
    };
    let floor = 1e-5 * (chunk * a.channels.len()) as f64; // −50 dBFS
    let mut level_a = Vec::new();
    let mut ratio = Vec::new();
    for i in 0..a.frames() / chunk {
        let (ea, eb) = (energy(a, i), energy(b, i));
        if ea > floor && eb > floor {
            level_a.push(10.0 * ea.log10());
            ratio.push(10.0 * (eb / ea).log10());
        }
    }
    // B/A falls where A is loud when B is the compressed one, and rises
    // there when A is.
    let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
    let (ml, mr) = (mean(&level_a), mean(&ratio));
    let covariance: f64 = level_a
        .iter()
        .zip(&ratio)
        .map(|(l, r)| (l - ml) * (r - mr))
        .sum();
    let mut sorted = ratio.clone();
    sorted.sort_by(f64::total_cmp);
    let at = |p: f64| sorted[((sorted.len() - 1) as f64 * p) as usize];
    if covariance < 0.0 {
        at(0.99) - at(0.02)
    } else {
        -(at(0.98) - at(0.01))
    }
}

#[test]
fn compression_answers_are_the_version_whose_loud_moments_are_turned_down() {
    let lessons = lessons();
    for (id, i) in [("comp-on-off", 0), ("comp-on-off", 1), ("comp-vocal", 0)] {
        let d = drill(&lessons, id, i);
        for seed in 1..=4 {
            let ex = exercise(&d, 6.0, seed);
            let r = render_pair(&ex, None).expect("renders");
            let gr = measured_gain_reduction_db(&r.a, &r.b);
            let (answer, level) = (ex.labels()[ex.answer].clone(), ex.level);
            let compressed = if gr > 0.0 { "B" } else { "A" };
            assert_eq!(answer, compressed, "{id} seed {seed}: {gr:.2} dB");
            assert!(
                (0.5..=1.5).contains(&(gr.abs() / level)),
                "{id} seed {seed}: {gr:.2} dB measured for {level} dB asked"
            );
        }
    }
    // How much: the reduction measured is the one in the answer.
    let d = drill(&lessons, "comp-amount", 1);
    for seed in 1..=4 {
        let ex = exercise(&d, 3.0, seed);
        let r = render_pair(&ex, None).expect("renders");
        let gr = measured_gain_reduction_db(&r.a, &r.b);
        let asked = ex.change.value;
        assert!(
            (0.7..=1.3).contains(&(gr / asked)),
            "seed {seed}: {gr:.2} dB measured for {asked} dB"
        );
    }
}

#[test]
fn restoring_drills_score_the_settings_and_the_sound() {
    let lessons = lessons();
    let values = |ex: &Exercise, f: &dyn Fn(&mixtutor::quiz::Control) -> f64| -> Vec<f64> {
        ex.controls.iter().map(f).collect()
    };
    for (id, drill_index) in [("levels-fix-the-mix", 1), ("eq-fix-the-mix", 1)] {
        let d = drill(&lessons, id, drill_index);
        for seed in 1..=3 {
            let ex = exercise(&d, 1.0, seed);
            assert_eq!(ex.controls.len(), 2);
            assert!(ex.choices.is_empty() && !ex.loudness_matched());
            // The controls start where B is and A is the answer: setting
            // them to A's values gives A back, sample for sample.
            let exact = values(&ex, &|c| c.answer);
            let c = render_mix(&ex, &ex.mix_with(&exact).expect("mix")).expect("renders");
            let r = render_pair(&ex, None).expect("renders");
            assert!(compare(&r.a, &c).expect("compares").residual_db < -90.0);
            let s = score_controls(&ex, &exact).expect("scores");
            assert!(s.correct && s.points > 0.99, "{s:?}");
            // Within the tolerance is right but scores less; the damage
            // left in place is wrong and scores little.
            let near = score_controls(&ex, &values(&ex, &|c| c.answer + 0.8)).expect("scores");
            assert!(
                near.correct && near.points < s.points && near.points > 0.6,
                "{near:?}"
            );
            let far = score_controls(&ex, &values(&ex, &|c| c.answer + 1.5)).expect("scores");
            assert!(!far.correct && far.points < near.points, "{far:?}");
            let untouched = score_controls(&ex, &values(&ex, &|c| c.start)).expect("scores");
            assert!(
                !untouched.correct && untouched.points < 0.5,
                "{untouched:?}"
            );
        }
    }
    // The EQ damage is where the spectrum of B departs from A, with its sign.
    let d = drill(&lessons, "eq-fix-the-mix", 0);
    for seed in 1..=3 {
        let ex = exercise(&d, 2.0, seed);
        let r = render_pair(&ex, None).expect("renders");
        let c = compare(&r.a, &r.b).expect("compares");
        // Not loudness-matched: undo compare's matching to see raw bands.
        let (hz, db) = c
            .spectrum_diff_db
            .iter()
            .map(|&(f, d)| (f, d + c.loudness_diff_lu))
            .filter(|(f, _)| (100.0..12_000.0).contains(f))
            .max_by(|x, y| x.1.abs().total_cmp(&y.1.abs()))
            .expect("bands");
        let f = ex.change.freq_hz.expect("an EQ change");
        let gain = ex.change.gain_db.expect("an EQ change");
        assert!((hz / f).log2().abs() <= 1.0, "peak at {hz} Hz for {f} Hz");
        assert_eq!(db.signum(), gain.signum(), "{db} dB for {gain} dB");
    }
    // Balance: only the balance counts, not the overall level.
    let d = drill(&lessons, "levels-balance-memory", 0);
    for seed in 1..=2 {
        let ex = exercise(&d, 1.0, seed);
        assert!(ex.controls.len() >= 4);
        assert!(ex.controls.iter().all(|c| c.start == ex.controls[0].start));
        let louder = score_controls(&ex, &values(&ex, &|c| c.answer + 3.0)).expect("scores");
        // (The master bus compressor hears the louder mix, so the sound is
        // not quite identical.)
        assert!(louder.correct && louder.points > 0.9, "{louder:?}");
        let reset = score_controls(&ex, &values(&ex, &|c| c.start)).expect("scores");
        assert!(!reset.correct && reset.points < louder.points, "{reset:?}");
    }
}
