//! One data dir, many processes: practice runs side by side never share or
//! cross their question files; processes opening a fresh data dir at once
//! all succeed with one database (the schema is made once, under a lock);
//! `stats` only reads, so it works on a read-only data dir.

#![cfg(unix)]

use assert_cmd::cargo::cargo_bin;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

fn mixtutor(data: &Path) -> Command {
    let mut c = Command::new(cargo_bin("mixtutor"));
    c.arg("--data-dir").arg(data);
    c
}

fn finish(child: Child) -> Output {
    child.wait_with_output().expect("the process ran")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Starts `practice` on the first lesson answering "1" to `answers`
/// questions.
fn practice(data: &Path, seed: u32, answers: usize) -> Child {
    let mut child = mixtutor(data)
        .args(["practice", "levels-louder-softer", "--seed"])
        .arg(seed.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdin = child.stdin.take().expect("a pipe");
    stdin
        .write_all("1\n".repeat(answers).as_bytes())
        .expect("answers");
    child
}

/// The folder each question's files were written to, from the banner.
fn question_folder(stdout: &str) -> PathBuf {
    let line = stdout
        .lines()
        .find(|l| l.contains("A and B are written to"))
        .expect("the banner names the folder");
    let rest = line.split("written to ").nth(1).expect("a folder");
    PathBuf::from(rest.trim_end_matches(" before each question."))
}

#[test]
fn two_practice_runs_side_by_side_keep_their_own_questions() {
    let data = tempfile::tempdir().expect("data dir");
    for round in 0..3 {
        let runs = [
            practice(data.path(), 10 + round, 8),
            practice(data.path(), 20 + round, 8),
        ];
        let outputs: Vec<Output> = runs.into_iter().map(finish).collect();
        let mut folders = Vec::new();
        for out in &outputs {
            let stdout = text(&out.stdout);
            assert!(
                out.status.success(),
                "round {round}: {}\n{stdout}",
                text(&out.stderr)
            );
            assert!(stdout.contains("8 answers saved"), "{stdout}");
            let folder = question_folder(&stdout);
            for file in ["a.wav", "b.wav"] {
                assert!(folder.join(file).is_file(), "{}", folder.display());
            }
            folders.push(folder);
        }
        assert_ne!(folders[0], folders[1], "two runs wrote into one folder");
    }
}

#[test]
fn ten_processes_opening_a_fresh_data_dir_all_succeed_with_one_database() {
    for round in 0..3 {
        let data = tempfile::tempdir().expect("data dir");
        let children: Vec<Child> = (0..10)
            .map(|_| {
                mixtutor(data.path())
                    .arg("stats")
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("starts")
            })
            .collect();
        for out in children.into_iter().map(finish) {
            assert!(out.status.success(), "round {round}: {}", text(&out.stderr));
            assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
        }
        let names: Vec<String> = std::fs::read_dir(data.path())
            .expect("listed")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert!(
            !names.iter().any(|n| n.contains("broken")),
            "a new database was moved aside: {names:?}"
        );
        assert!(names.iter().any(|n| n == "progress.sqlite"), "{names:?}");
    }
}

/// Runs `command` as an unprivileged user when this test runs as root (who
/// may write anywhere), so a read-only folder is read-only.
fn unprivileged(command: &mut Command) -> &mut Command {
    // SAFETY: getuid has no preconditions.
    if unsafe { libc::getuid() } != 0 {
        return command;
    }
    let program = command.get_program().to_owned();
    let args: Vec<_> = command.get_args().map(ToOwned::to_owned).collect();
    *command = Command::new("setpriv");
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(program)
        .args(args);
    command
}

#[test]
fn stats_reads_a_read_only_data_dir() {
    let data = tempfile::tempdir().expect("data dir");
    let out = finish(practice(data.path(), 1, 3));
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Everyone may read and enter; nobody but root may write.
    let set = |path: &Path, mode: u32| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    };
    for entry in std::fs::read_dir(data.path()).expect("listed") {
        let path = entry.expect("an entry").path();
        set(&path, if path.is_dir() { 0o555 } else { 0o444 });
    }
    set(data.path(), 0o555);
    let out = unprivileged(mixtutor(data.path()).args(["stats", "--json"]))
        .output()
        .expect("runs");
    set(data.path(), 0o755);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(stats[0]["attempts"].as_u64(), Some(3), "{stats}");
}

/// Mounts a 600 KB tmpfs at `dir`; false where this process may not mount
/// (not root, or a container without the capability).
fn tiny_disk(dir: &Path) -> bool {
    Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=600k", "tmpfs"])
        .arg(dir)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Partial files anywhere under `dir`.
fn partials(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.to_string_lossy().contains(".partial") {
                found.push(path.clone());
            }
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    found
}

/// A full disk says so in words, and what failed leaves nothing behind.
#[test]
fn a_full_disk_is_named_and_leaves_no_partial_files() {
    let mount = tempfile::tempdir().expect("mount point");
    if !tiny_disk(mount.path()) {
        eprintln!("skipped: cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)");
        return;
    }
    let data = mount.path().join("data");
    let practice = finish(practice(&data, 1, 3));
    let stems = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import-stems");
    let import = mixtutor(&data)
        .arg("import")
        .arg(&stems)
        .args(["--name", "big"])
        .output()
        .expect("runs");
    let leftovers = partials(mount.path());
    let _ = Command::new("umount").arg(mount.path()).status();
    for (what, out) in [("practice", practice), ("import", import)] {
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{what} succeeded on a full disk");
        assert!(stderr.contains("the disk is full"), "{what}: {stderr}");
        assert!(!stderr.contains("os error"), "{what}: {stderr}");
    }
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
