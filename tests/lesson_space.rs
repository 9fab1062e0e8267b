//! Every lesson over the whole range of its skill: each drill generates an
//! exercise at the skill's minimum, maximum and points between, for several
//! seeds, B differs from A, and everything the learner hears (A and B
//! matched and roved, every answer's C) is finite and at most −1 dBTP true
//! peak (BS.1770, 4× oversampled); a practice run whose staircase walks the
//! range never stops on an exercise it cannot make.

use assert_cmd::Command;
use mixtutor::lessons::load_all;
use mixtutor::quiz::{Exercise, ROVE_DB, generate, render_choice, render_pair, skill};

/// The promise on every output, dBTP.
const CEILING_DBTP: f64 = -1.0;

/// What is wrong with the audio of `ex` as a learner hears it, if anything.
fn unsafe_output(ex: &Exercise) -> Option<String> {
    let pair = match render_pair(ex, Some(ROVE_DB)) {
        Ok(p) => p,
        Err(e) => return Some(format!("render: {e}")),
    };
    let mut heard = vec![("A", pair.a.clone()), ("B", pair.b)];
    for i in 0..ex.choices.len() {
        match render_choice(ex, i, &pair.a) {
            Some(Ok(c)) => heard.push(("a C", c)),
            Some(Err(e)) => return Some(format!("choice {i}: {e}")),
            None => {}
        }
    }
    heard.into_iter().find_map(|(what, audio)| {
        if audio.channels.iter().flatten().any(|x| !x.is_finite()) {
            return Some(format!("{what} is not finite"));
        }
        let tp = match mixtutor::analysis::true_peak_dbtp(&audio) {
            Ok(tp) => tp,
            Err(e) => return Some(format!("{what}: {e}")),
        };
        (tp > CEILING_DBTP).then(|| format!("{what} peaks at {tp:+.2} dBTP"))
    })
}

/// Levels spread over `min … max` (geometric, both ends included).
fn levels(min: f64, max: f64, n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| min * (max / min).powf(i as f64 / (n - 1) as f64))
        .collect()
}

#[test]
fn every_lesson_generates_at_every_level_of_its_skill() {
    let (lessons, problems) = load_all(None);
    assert!(problems.is_empty(), "{problems:?}");
    // Every drill × 4 levels × 2 seeds, spread over the cores; the audio is
    // rendered and measured at both ends of the range (the seeds are ones
    // that once lifted bus-glue's B over the ceiling).
    let mut cases = Vec::new();
    for lesson in &lessons {
        for (d, drill) in lesson.drills.iter().enumerate() {
            let s = skill(&drill.skill()).expect("a known skill");
            let levels = levels(s.min, s.max, 4);
            for (i, &level) in levels.iter().enumerate() {
                let listen = i == 0 || i == levels.len() - 1;
                for seed in [3, 7] {
                    cases.push((lesson.id.as_str(), d, drill, level, seed, listen));
                }
            }
        }
    }
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .chunks(cases.len().div_ceil(workers))
            .map(|chunk| {
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for &(id, d, drill, level, seed, listen) in chunk {
                        let at = format!("{id} drill {d} level {level:.3} seed {seed}");
                        match generate(id, drill, level, seed, None) {
                            Ok(ex) if ex.a == ex.b => {
                                failures.push(format!("{at}: A and B are the same mix"))
                            }
                            Ok(ex) if listen => {
                                if let Some(why) = unsafe_output(&ex) {
                                    failures.push(format!("{at}: {why}"));
                                }
                            }
                            Ok(_) => {}
                            Err(e) => failures.push(format!("{at}: {e}")),
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a worker finished"))
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} exercises failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The first lesson's staircase used to walk to a level at which the
/// master-level drill moved the limiter ceiling a rounding step above
/// −1 dBTP; validation refused it, and the saved staircase kept refusing
/// it, so every later `practice` failed at once.
#[test]
fn a_long_practice_run_on_the_level_lessons_keeps_going() {
    for lesson in ["levels-louder-softer", "reference-level-matching"] {
        let data = tempfile::tempdir().expect("temp dir");
        let answers = "1\n".repeat(60);
        Command::cargo_bin("mixtutor")
            .expect("binary")
            .args(["--data-dir"])
            .arg(data.path())
            .args(["practice", lesson, "--seed", "1"])
            .write_stdin(answers)
            .assert()
            .success();
        // And a new run in the same data directory starts.
        Command::cargo_bin("mixtutor")
            .expect("binary")
            .args(["--data-dir"])
            .arg(data.path())
            .args(["practice", lesson, "--seed", "2"])
            .write_stdin("1\n")
            .assert()
            .success();
    }
}

/// Runs `mixtutor lessons check DIR`: whether it passed, and what it printed.
fn lessons_check(dir: &std::path::Path) -> (bool, String) {
    let out = Command::cargo_bin("mixtutor")
        .expect("binary")
        .args(["lessons", "check"])
        .arg(dir)
        .output()
        .expect("runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// A parameter the strip format does not have is reported where the file
/// names it: a lesson's demo with its file and line, a mix file with its line.
#[test]
fn unknown_parameters_are_reported_at_their_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let lesson = r#"id = "bad-param"
title = "A typo"
topic = "EQ"
order = 900
explanation = """
A lesson whose demo names a parameter the strip format does not have. The
checker must say which file, which line and which name is wrong, so that a
teacher can fix it in a moment.
"""

[[demo]]
name = "Typo"
material = "pink-noise"

[[demo.change]]
target = "noise"
op = "add"
path = "comp.ratoi"
value = 3.0

[[drill]]
kind = "a_or_b"
quality = "level"
material = "pink-noise"
"#;
    std::fs::write(dir.path().join("bad.toml"), lesson).expect("writes");
    let (ok, text) = lessons_check(dir.path());
    assert!(!ok, "{text}");
    assert!(
        text.contains("bad.toml:11:") && text.contains("'comp.ratoi' is not a parameter"),
        "{text}"
    );
    let mix = "[stems.vocal]\ngain_db = 1.0\n\n[[automation]]\ntarget = \"vocal\"\nparam = \"gain_dB\"\npoints = [[0.0, 1.0]]\n";
    let err = mixtutor::engine::Mix::from_toml(mix).expect_err("an unknown parameter");
    let err = err.to_string();
    assert!(err.contains("line 6") && err.contains("'gain_dB'"), "{err}");
}

/// A lesson names sessions, not paths: an extra lesson from elsewhere
/// cannot reach folders outside the built-in and imported sessions.
#[test]
fn a_lesson_cannot_name_a_session_outside_the_sessions() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The material syntax (SESSION or SESSION/STEM) leaves a session name
    // room for only `..` and `.` as a way out.
    for (i, material) in ["..", "../vocal"].iter().enumerate() {
        let lesson = format!(
            r#"id = "outside-{i}"
title = "Outside"
topic = "Levels"
order = 900
explanation = """
A lesson whose drill names a session by a path. Lessons name sessions by
their names only, so a lesson file from anywhere reads only the built-in and
imported sessions.
"""

[[drill]]
kind = "a_or_b"
quality = "level"
material = "{material}"
"#
        );
        std::fs::write(dir.path().join(format!("outside-{i}.toml")), lesson).expect("writes");
    }
    let (ok, text) = lessons_check(dir.path());
    assert!(!ok, "{text}");
    for i in 0..2 {
        assert!(
            text.lines()
                .any(|l| l.contains(&format!("outside-{i}.toml"))
                    && l.contains("not a session name")),
            "{text}"
        );
    }
}
