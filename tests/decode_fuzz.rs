//! Damaged audio files never crash or hang the decoder or the import: bit
//! flips, truncation, zeroed headers and zero runs applied to real files (the
//! import fixtures, one per format, a built-in FLAC stem, and the crafted
//! hostile corpus of `common::hostile`) must give either audio or an error
//! that names the file.

mod common;

use mixtutor::audio;
use mixtutor::material::{SessionImport, import_session};
use mixtutor::paths::DataDir;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// A decode that takes longer than this is a hang (a healthy one takes
/// milliseconds; the bound only keeps a stuck test from stalling CI).
const HANG: Duration = Duration::from_secs(60);

/// The real files, whole: (extension, bytes).
fn real_files() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = [
        "tests/fixtures/import-stems/01 Kick.wav",
        "tests/fixtures/import-stems/02 808 Sub.flac",
        "tests/fixtures/import-stems/04 Pad.mp3",
        "tests/fixtures/import-stems/05 LeadVox.ogg",
        "audio-samples/rnb-velvet/snare.flac",
    ];
    files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(root.join(f)).expect("seed file exists");
            let ext = f.rsplit('.').next().unwrap_or("wav").to_string();
            (ext, bytes)
        })
        .collect()
}

/// The fuzzing seeds: the real files cut to 96 KB (long files add time, not
/// coverage: the headers and first frames are where decoders trip), then the
/// hostile corpus.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let real = real_files()
        .into_iter()
        .map(|(ext, bytes)| (ext, bytes[..bytes.len().min(96 * 1024)].to_vec()));
    let crafted = common::hostile::crafted().into_iter().map(|(_, bytes)| {
        (
            "wav".to_string(),
            bytes[..bytes.len().min(96 * 1024)].to_vec(),
        )
    });
    real.chain(crafted).collect()
}

#[derive(Clone, Debug)]
enum Damage {
    FlipBits(Vec<(usize, u8)>),
    Truncate(usize),
    ZeroHeader(usize),
    ZeroRun { at: usize, len: usize },
    Garbage { at: usize, bytes: Vec<u8> },
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        prop::collection::vec((any::<usize>(), 0u8..8), 1..16).prop_map(Damage::FlipBits),
        any::<usize>().prop_map(Damage::Truncate),
        (1usize..512).prop_map(Damage::ZeroHeader),
        (any::<usize>(), 1usize..4096).prop_map(|(at, len)| Damage::ZeroRun { at, len }),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..64))
            .prop_map(|(at, bytes)| Damage::Garbage { at, bytes }),
    ]
}

fn apply(damage: &Damage, mut bytes: Vec<u8>) -> Vec<u8> {
    let n = bytes.len();
    match damage {
        Damage::FlipBits(flips) => {
            for &(at, bit) in flips {
                bytes[at % n] ^= 1 << bit;
            }
        }
        Damage::Truncate(at) => bytes.truncate(at % n),
        Damage::ZeroHeader(len) => bytes[..(*len).min(n)].fill(0),
        Damage::ZeroRun { at, len } => {
            let start = at % n;
            let end = (start + len).min(n);
            bytes[start..end].fill(0);
        }
        Damage::Garbage { at, bytes: junk } => {
            let start = at % n;
            for (b, j) in bytes[start..].iter_mut().zip(junk) {
                *b = *j;
            }
        }
    }
    bytes
}

/// Loads `path` on another thread; `None` if it did not finish in time.
fn load_with_watchdog(path: PathBuf) -> Option<Result<audio::Audio, audio::AudioError>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| audio::load(&path));
        let _ = tx.send(result);
    });
    match rx.recv_timeout(HANG) {
        Ok(Ok(result)) => Some(result),
        Ok(Err(_)) => panic!("the decoder panicked"),
        Err(_) => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 800, ..ProptestConfig::default() })]

    #[test]
    fn damaged_files_decode_or_fail_cleanly(seed in any::<prop::sample::Index>(), damage in damage()) {
        let seeds = seeds();
        let (ext, bytes) = &seeds[seed.index(seeds.len())];
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(format!("damaged.{ext}"));
        std::fs::write(&path, apply(&damage, bytes.clone())).expect("write");
        match load_with_watchdog(path.clone()) {
            None => prop_assert!(false, "decoding hung on {damage:?}"),
            Some(Ok(audio)) => {
                // Whatever a damaged header says, the limits hold.
                prop_assert!(audio::SAMPLE_RATES_HZ.contains(&audio.sample_rate));
                prop_assert!(audio::CHANNELS.contains(&audio.channels.len()));
                prop_assert!(audio.channels.iter().flatten().all(|x| x.is_finite()));
            }
            Some(Err(e)) => {
                let message = e.to_string();
                prop_assert!(message.contains("damaged."), "the error names the file: {message}");
            }
        }
    }
}

#[test]
fn importing_a_folder_of_damaged_copies_keeps_the_good_ones() {
    let stems = tempfile::tempdir().expect("temp dir");
    let seeds = real_files();
    for (i, (ext, bytes)) in seeds.iter().enumerate() {
        std::fs::write(stems.path().join(format!("good{i}.{ext}")), bytes).expect("write");
        let header_gone = apply(&Damage::ZeroHeader(64), bytes.clone());
        std::fs::write(stems.path().join(format!("bad{i}.{ext}")), header_gone).expect("write");
    }
    let data = tempfile::tempdir().expect("temp dir");
    let options = SessionImport {
        name: "damaged".into(),
        ..SessionImport::default()
    };
    let report =
        import_session(stems.path(), &options, &DataDir::new(data.path())).expect("imports");
    let names: Vec<&str> = report.stems.iter().map(|s| s.entry.name.as_str()).collect();
    // MP3 has no file header: like every player, the decoder resyncs on the
    // next frame, so the MP3 copy with its first bytes zeroed still plays.
    assert_eq!(names, ["bad2", "good0", "good1", "good2", "good3", "good4"]);
    let failed: Vec<String> = report.failed.iter().map(ToString::to_string).collect();
    assert_eq!(failed.len(), 4, "{failed:?}");
    for (e, name) in failed
        .iter()
        .zip(["bad0.wav", "bad1.flac", "bad3.ogg", "bad4.flac"])
    {
        assert!(e.contains(name), "{e}");
    }
}
