//! Hostile input, built at test time: crafted WAV headers (sample rates of 0,
//! 1 Hz and 10 MHz, 0 and 255 channels, a frame count of billions), NaN and
//! infinite floats, truncation, a FIFO, a folder, a symlink loop. Every
//! command that reads audio gives a clear error naming the file (or reads
//! what is there) within 2 s, never a panic or a hang, and no child needs
//! more than 200 MB. Session manifests cannot reach outside their folder.

#![cfg(unix)]

mod common;

use assert_cmd::Command;
use common::hostile::{corpus, pcm16, wav};
use std::path::Path;
use std::time::{Duration, Instant};

/// The peak resident memory of any finished child so far, MB.
fn children_peak_mb() -> f64 {
    // SAFETY: getrusage fills the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

/// Runs mixtutor with `args`; returns (exit code, stderr, seconds).
fn run(data: &Path, args: &[&std::ffi::OsStr]) -> (Option<i32>, String, f64) {
    let started = Instant::now();
    let out = Command::cargo_bin("mixtutor")
        .expect("binary")
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("MIXTUTOR_MAX_MINUTES", "30")
        .timeout(Duration::from_secs(20))
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        started.elapsed().as_secs_f64(),
    )
}

#[test]
fn every_hostile_file_gets_a_clear_error_quickly_from_every_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = tempfile::tempdir().expect("data dir");
    let strip = dir.path().join("strip.toml");
    std::fs::write(&strip, "gain_db = -3.0\n").expect("writes");
    let files = corpus(dir.path());
    let mut problems = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let session = format!("hostile-{i}");
        let name = file
            .file_name()
            .expect("named")
            .to_string_lossy()
            .into_owned();
        // Each import reads a folder holding only this file.
        let alone = dir.path().join(format!("only-{name}"));
        std::fs::create_dir(&alone).expect("mkdir");
        let inside = alone.join(&name);
        std::fs::rename(file, &inside)
            .or_else(|_| std::fs::copy(file, &inside).map(|_| ()))
            .expect("moved");
        let out = dir.path().join(format!("{name}.out.wav"));
        let commands: Vec<(&str, Vec<&std::ffi::OsStr>)> = vec![
            ("analyze", vec!["analyze".as_ref(), inside.as_os_str()]),
            (
                "process",
                vec![
                    "process".as_ref(),
                    inside.as_os_str(),
                    "--strip".as_ref(),
                    strip.as_os_str(),
                    "-o".as_ref(),
                    out.as_os_str(),
                ],
            ),
            (
                "import",
                vec![
                    "import".as_ref(),
                    alone.as_os_str(),
                    "--name".as_ref(),
                    session.as_ref(),
                ],
            ),
            (
                "import --reference",
                vec![
                    "import".as_ref(),
                    "--reference".as_ref(),
                    inside.as_os_str(),
                ],
            ),
        ];
        for (what, args) in commands {
            let (code, stderr, seconds) = run(data.path(), &args);
            let named = stderr.contains(&name);
            // The NaN file decodes (non-finite samples read as silence);
            // every other one is refused, by name, with exit code 1.
            let refused = code == Some(1) && named;
            let read = code == Some(0) && name == "nan-inf.wav";
            if !(refused || read) || seconds > 2.0 {
                problems.push(format!(
                    "{what} {name}: exit {code:?} after {seconds:.2} s: {}",
                    stderr.trim()
                ));
            }
            if code == Some(101) || stderr.contains("panicked") {
                problems.push(format!("{what} {name}: panicked: {stderr}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let peak = children_peak_mb();
    assert!(peak < 200.0, "a child used {peak:.0} MB");
}

/// Writes what a case needs into the session folder; returns the manifest's
/// `file` value.
type StemFile<'a> = dyn Fn(&Path) -> String + 'a;

#[test]
fn a_session_cannot_read_outside_its_folder() {
    let root = tempfile::tempdir().expect("temp dir");
    let outside = root.path().join("outside");
    std::fs::create_dir(&outside).expect("mkdir");
    let secret = outside.join("secret.wav");
    std::fs::write(&secret, wav(48_000, 1, 16, 1, &pcm16(48_000, 1), None)).expect("writes");
    let cases: [(&str, &StemFile<'_>); 3] = [
        ("dotdot", &|_| "../outside/secret.wav".to_string()),
        ("absolute", &|_| secret.to_string_lossy().into_owned()),
        ("symlink", &|dir| {
            std::os::unix::fs::symlink(&secret, dir.join("link.wav")).expect("link");
            "link.wav".to_string()
        }),
    ];
    for (what, file) in cases {
        let dir = root.path().join(what);
        std::fs::create_dir(&dir).expect("mkdir");
        let file = file(&dir);
        std::fs::write(
            dir.join("session.toml"),
            format!(
                "title = \"x\"\n[[stems]]\nname = \"vocal\"\nfile = \"{file}\"\nrole = \"vocal\"\n"
            ),
        )
        .expect("writes");
        let out = root.path().join(format!("{what}.wav"));
        let assert = Command::cargo_bin("mixtutor")
            .expect("binary")
            .arg("render")
            .arg(&dir)
            .arg("-o")
            .arg(&out)
            .assert()
            .failure();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains("refused"), "{what}: {stderr}");
        assert!(!out.exists(), "{what}: rendered the outside file");
    }
}

/// A session whose stem is a FIFO used to hang `render` forever.
#[test]
fn a_session_stem_that_is_a_pipe_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("vocal.wav");
    let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).expect("a path");
    // SAFETY: a valid NUL-terminated path and a plain mode.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
    std::fs::write(
        dir.path().join("session.toml"),
        "title = \"x\"\n[[stems]]\nname = \"vocal\"\nfile = \"vocal.wav\"\nrole = \"vocal\"\n",
    )
    .expect("writes");
    let assert = Command::cargo_bin("mixtutor")
        .expect("binary")
        .arg("render")
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path().join("out.wav"))
        .timeout(Duration::from_secs(10))
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("vocal.wav") && stderr.contains("pipe"),
        "{stderr}"
    );
}
