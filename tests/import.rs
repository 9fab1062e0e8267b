//! Importing the learner's own stems and reference tracks through the command
//! line, checked against the built-in stems the fixtures were cut from
//! (`scripts/make-import-fixtures.sh`): every good file comes in at 48 kHz,
//! aligned and padded, roles guessed, the starting mix loudness-balanced, and
//! the damaged file is named while the rest imports.

use assert_cmd::Command;
use mixtutor::analysis::loudness;
use mixtutor::audio::{self, Audio};
use mixtutor::engine::{Role, Session};
use mixtutor::material::Library;
use mixtutor::paths::DataDir;
use predicates::str::contains;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import-stems")
}

fn built_in(stem: &str) -> Audio {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("audio-samples/hiphop-low-orbit")
        .join(stem);
    audio::load(&path).expect("built-in stem decodes")
}

fn mixtutor(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("mixtutor").expect("binary is built");
    cmd.env("MIXTUTOR_DATA_DIR", data);
    cmd
}

/// The lag (in frames, within ±`max_lag`) at which `b` best matches `a`, and
/// the normalised correlation there, on the first channel.
fn best_lag(a: &[f32], b: &[f32], max_lag: isize) -> (isize, f64) {
    let n = a.len().min(b.len()) as isize;
    let mut best = (0, f64::MIN);
    for lag in -max_lag..=max_lag {
        let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
        for i in max_lag..n - max_lag {
            let x = a[i as usize] as f64;
            let y = b[(i + lag) as usize] as f64;
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        let r = ab / (aa * bb).sqrt().max(1e-30);
        if r > best.1 {
            best = (lag, r);
        }
    }
    best
}

#[test]
fn a_folder_of_mixed_formats_imports_aligned_with_the_bad_file_named() {
    let data = tempfile::tempdir().expect("temp dir");
    mixtutor(data.path())
        .args(["import"])
        .arg(fixtures())
        .args(["--name", "My Beat"])
        .assert()
        .success()
        .stdout(contains("imported 5 stems"))
        .stderr(contains("06 Snare.wav"));

    let data = DataDir::new(data.path());
    let dir = Session::locate("my-beat", Some(&data)).expect("the session is found by name");
    let session = Session::load(&dir).expect("the imported session loads");
    assert_eq!(session.manifest.title, "My Beat");
    let frames = session.frames();
    assert!(
        (frames as i64 - 96_000).abs() <= 64,
        "the longest stem (2 s) sets the length: {frames} frames"
    );

    // (name, role, channels, the built-in stem it was cut from, the cut's
    // length in seconds, lossy?)
    let expected = [
        ("01-kick", Role::Kick, 2, "kick.flac", 2.0, false),
        ("02-808-sub", Role::Sub, 1, "sub.flac", 2.0, false),
        ("03-hihats", Role::Hats, 2, "hats.flac", 1.0, false),
        ("04-pad", Role::Pad, 2, "pad.flac", 1.5, true),
        ("05-leadvox", Role::Vocal, 1, "vocal.flac", 2.0, true),
    ];
    assert_eq!(session.stems.len(), expected.len());
    for (stem, (name, role, channels, original, seconds, lossy)) in
        session.stems.iter().zip(expected)
    {
        assert_eq!(stem.entry.name, name);
        assert_eq!(
            stem.entry.role, role,
            "{name}: role guessed from the file name"
        );
        assert_eq!(stem.audio.sample_rate, 48_000, "{name}");
        assert_eq!(stem.audio.channels.len(), channels, "{name}");
        assert_eq!(
            stem.audio.frames(),
            frames,
            "{name}: padded to the session length"
        );

        let original = built_in(original);
        let cut = (seconds * 48_000.0) as usize - 200;
        let (lag, r) = best_lag(
            &original.channels[0][..cut],
            &stem.audio.channels[0][..cut],
            200,
        );
        assert!(
            lag.abs() <= 2,
            "{name}: starts {lag} frames off the original"
        );
        let min_r = if lossy { 0.9 } else { 0.999 };
        assert!(r > min_r, "{name}: correlation with the original {r:.4}");
    }

    // The 1 s hi-hat excerpt is padded with silence to 2 s.
    let hats = &session.stems[2].audio;
    let tail_peak = hats.channels[0][49_000..]
        .iter()
        .fold(0.0f32, |p, x| p.max(x.abs()));
    assert_eq!(tail_peak, 0.0, "padding is silence");

    // The starting mix brings every stem to the same loudness.
    let levels: Vec<f64> = session
        .stems
        .iter()
        .map(|s| {
            let gain = session.manifest.mix.strip(&s.entry.name).gain_db as f64;
            loudness(&s.audio).expect("measurable").integrated_lufs + gain
        })
        .collect();
    for (stem, level) in session.stems.iter().zip(&levels) {
        assert!(
            (level - levels[0]).abs() < 0.2,
            "{}: {level:.2} LUFS after its starting gain, the kick {:.2}",
            stem.entry.name,
            levels[0]
        );
    }
}

#[test]
fn an_existing_session_is_kept_unless_replaced_and_roles_can_be_set() {
    let data = tempfile::tempdir().expect("temp dir");
    let import = |extra: &[&str]| {
        let mut cmd = mixtutor(data.path());
        cmd.arg("import")
            .arg(fixtures())
            .args(["--name", "beat"])
            .args(extra);
        cmd.assert()
    };
    import(&[]).success();
    import(&[]).failure().stderr(contains("already exists"));
    import(&["--replace", "--role", "04-pad=keys", "--tempo", "140"]).success();
    let dir = DataDir::new(data.path()).sessions().join("beat");
    let manifest = Session::read_manifest(&dir).expect("manifest");
    assert_eq!(manifest.tempo_bpm, 140.0);
    let pad = manifest
        .stems
        .iter()
        .find(|s| s.name == "04-pad")
        .expect("pad stem");
    assert_eq!(pad.role, Role::Keys);
    import(&["--replace", "--role", "04-pad=kazoo"])
        .failure()
        .stderr(contains("not a role"));

    // The imported session renders like a built-in one.
    let out = data.path().join("mix.wav");
    mixtutor(data.path())
        .args(["render", "beat", "-o"])
        .arg(&out)
        .assert()
        .success();
    let mix = audio::load(&out).expect("rendered mix");
    let l = loudness(&mix).expect("measurable");
    assert!(l.true_peak_dbtp <= -0.9, "the master limiter holds: {l:?}");
    assert!((-24.0..-12.0).contains(&l.integrated_lufs), "{l:?}");
}

#[test]
fn a_folder_with_nothing_readable_fails_naming_every_file() {
    let data = tempfile::tempdir().expect("temp dir");
    let stems = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        fixtures().join("06 Snare.wav"),
        stems.path().join("snare.wav"),
    )
    .expect("copy");
    std::fs::write(stems.path().join("notes.txt"), "take 3 was best").expect("write");
    std::fs::write(stems.path().join("empty.flac"), "").expect("write");
    mixtutor(data.path())
        .arg("import")
        .arg(stems.path())
        .args(["--name", "nothing"])
        .assert()
        .failure()
        .stderr(contains("snare.wav"))
        .stderr(contains("notes.txt"))
        .stderr(contains("empty.flac"));
    assert!(
        !DataDir::new(data.path())
            .sessions()
            .join("nothing")
            .exists(),
        "no half-made session is left behind"
    );
}

#[test]
fn reference_tracks_go_into_the_library_with_their_analysis() {
    let data = tempfile::tempdir().expect("temp dir");
    let import = || {
        mixtutor(data.path())
            .args(["import", "--reference"])
            .arg(fixtures().join("04 Pad.mp3"))
            .arg(fixtures().join("05 LeadVox.ogg"))
            .arg(fixtures().join("06 Snare.wav"))
            .assert()
            .success()
            .stdout(contains("added 2 reference tracks"))
            .stderr(contains("06 Snare.wav"));
    };
    import();
    import();
    let data = DataDir::new(data.path());
    let library = Library::read(&data).expect("library index");
    let names: Vec<&str> = library.references.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["04-pad", "05-leadvox", "04-pad-2", "05-leadvox-2"]);
    for r in &library.references {
        let audio = audio::load(&data.references().join(&r.file)).expect("converted track");
        assert_eq!(audio.sample_rate, 48_000);
        let measured = loudness(&audio).expect("measurable").integrated_lufs;
        let cached = r.integrated_lufs.expect("not silent");
        assert!(
            (measured - cached).abs() < 0.05,
            "{}: {measured} vs {cached}",
            r.name
        );
        assert!(data.references().join(format!("{}.json", r.name)).is_file());
    }
}
