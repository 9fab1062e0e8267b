//! Importing the learner's own material: a folder of stems becomes a session
//! in the data directory; songs become entries of the reference library.
//!
//! Every file is decoded, converted to 48 kHz (mono stays mono) and written
//! as 32-bit float WAV, so nothing is lost and loading is fast. A file that
//! cannot be read is reported by name and the others still import. Nothing
//! appears in the data directory until the whole import has succeeded: the
//! session is built in a hidden folder and renamed into place.

use super::roles::guess_role;
use crate::analysis::loudness;
use crate::audio::{self, Audio, AudioError, WavFormat, write_wav};
use crate::engine::{Manifest, Mix, Role, StemEntry, Strip};
use crate::paths::DataDir;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Integrated loudness of the starting mix's sum when the stems are
/// uncorrelated, LUFS; the master limiter takes care of the peaks.
const START_MIX_LUFS: f64 = -18.0;

/// Largest boost and cut the starting mix gives a stem, dB.
const START_GAIN_RANGE_DB: (f64, f64) = (-30.0, 24.0);

/// What to import and how.
#[derive(Clone, Debug, Default)]
pub struct SessionImport {
    /// The session's name; its folder name is this, made file-safe.
    pub name: String,
    /// Tempo, for delay note values.
    pub tempo_bpm: Option<f32>,
    /// Roles that override the guess, by stem name or file name.
    pub roles: BTreeMap<String, Role>,
    /// Replace a session of the same name.
    pub replace: bool,
}

/// One stem that was imported.
#[derive(Clone, Debug)]
pub struct ImportedStem {
    pub source: PathBuf,
    pub entry: StemEntry,
    /// Integrated loudness before the starting mix, LUFS (−inf if silent).
    pub loudness_lufs: f64,
    /// The starting mix's gain for it, dB.
    pub gain_db: f32,
}

/// The outcome of a session import: what came in, what did not and why.
#[derive(Debug)]
pub struct SessionReport {
    /// The new session's folder.
    pub dir: PathBuf,
    pub stems: Vec<ImportedStem>,
    /// Files that could not be imported, with the reason (naming the file).
    pub failed: Vec<AudioError>,
    /// Length of the session, seconds.
    pub duration_s: f64,
}

/// A problem that stops an import as a whole (single bad files do not).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: cannot read the folder: {}", path.display(), crate::paths::io_words(source))]
    ReadDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: cannot write: {}", path.display(), crate::paths::io_words(source))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("'{0}' is not a usable name: use letters or digits")]
    BadName(String),
    #[error(
        "a session named '{name}' already exists in {}; choose another name or replace it",
        dir.display()
    )]
    Exists { name: String, dir: PathBuf },
    #[error("{}", nothing(from, errors))]
    NothingImported {
        from: Vec<PathBuf>,
        errors: Vec<AudioError>,
    },
    #[error(transparent)]
    Audio(#[from] AudioError),
    #[error("{}: {message}", path.display())]
    Library { path: PathBuf, message: String },
}

/// "Nothing could be imported", with the reasons; one file's one reason is
/// said alone (it names the file).
fn nothing(from: &[PathBuf], errors: &[AudioError]) -> String {
    if let ([path], [error]) = (from, errors)
        && !path.is_dir()
    {
        return error.to_string();
    }
    format!(
        "nothing could be imported from {}:\n{}",
        list_paths(from),
        list(errors)
    )
}

fn list_paths(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}

fn list(errors: &[AudioError]) -> String {
    if errors.is_empty() {
        return "  (no files there)".into();
    }
    let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
    lines.join("\n")
}

/// Imports every file in `stems_dir` as a stem of a new session in `data`.
pub fn import_session(
    stems_dir: &Path,
    options: &SessionImport,
    data: &DataDir,
) -> Result<SessionReport, ImportError> {
    let folder =
        file_safe(&options.name).ok_or_else(|| ImportError::BadName(options.name.clone()))?;
    let target = data.sessions().join(&folder);
    if target.exists() && !options.replace {
        return Err(ImportError::Exists {
            name: options.name.clone(),
            dir: data.sessions(),
        });
    }

    let (mut loaded, failed) = load_all(&audio_files(stems_dir)?);
    if loaded.is_empty() {
        return Err(ImportError::NothingImported {
            from: vec![stems_dir.to_owned()],
            errors: failed,
        });
    }
    let frames = loaded.iter().map(|(_, a)| a.frames()).max().unwrap_or(0);
    for (_, audio) in &mut loaded {
        for ch in &mut audio.channels {
            ch.resize(frames, 0.0);
        }
    }

    let mut names: Vec<String> = Vec::new();
    let mut stems = Vec::new();
    for (source, audio) in &loaded {
        let file_name = source
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let base = file_safe(stem_of(&file_name)).unwrap_or_else(|| "stem".into());
        let name = unique(&base, &names);
        names.push(name.clone());
        let role = options
            .roles
            .get(&name)
            .or_else(|| options.roles.get(&file_name))
            .copied()
            .unwrap_or_else(|| guess_role(&file_name));
        let loudness_lufs = loudness(audio).map_or(f64::NEG_INFINITY, |l| l.integrated_lufs);
        stems.push(ImportedStem {
            source: source.clone(),
            entry: StemEntry {
                file: format!("{name}.wav"),
                name,
                role,
                display_name: Some(stem_of(&file_name).to_string()),
                frames: None,
            },
            loudness_lufs,
            gain_db: 0.0,
        });
    }
    balance(&mut stems);

    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ImportError::Write { path, source }
    };
    // Written beside the target under a name of this process's own, and
    // removed if anything fails (a full disk leaves nothing behind).
    let guard = Partial(
        data.sessions()
            .join(format!(".{folder}.{}.partial", std::process::id())),
    );
    let partial = &guard.0;
    if partial.exists() {
        std::fs::remove_dir_all(partial).map_err(write_err(partial))?;
    }
    std::fs::create_dir_all(partial).map_err(write_err(partial))?;
    for (stem, (_, audio)) in stems.iter().zip(&loaded) {
        write_wav(&partial.join(&stem.entry.file), audio, WavFormat::Float32)?;
    }
    let manifest = manifest(&options.name, options.tempo_bpm, &stems);
    let text = toml::to_string_pretty(&manifest).map_err(|e| ImportError::Library {
        path: partial.join("session.toml"),
        message: e.to_string(),
    })?;
    let header =
        "# Imported by `mixtutor import`. Edit roles, names and the starting mix freely.\n";
    std::fs::write(partial.join("session.toml"), format!("{header}{text}"))
        .map_err(write_err(partial))?;
    if target.exists() {
        std::fs::remove_dir_all(&target).map_err(write_err(&target))?;
    }
    std::fs::rename(partial, &target).map_err(write_err(&target))?;

    Ok(SessionReport {
        dir: target,
        stems,
        failed,
        duration_s: frames as f64 / crate::SAMPLE_RATE_HZ as f64,
    })
}

/// A folder being written; removed when dropped (after a successful rename
/// nothing is there any more).
struct Partial(PathBuf);

impl Drop for Partial {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Gives every stem the gain that brings it to the same loudness, chosen so
/// the sum of uncorrelated stems lands near [`START_MIX_LUFS`]. Silent stems
/// keep unity gain.
fn balance(stems: &mut [ImportedStem]) {
    let audible = stems.iter().filter(|s| s.loudness_lufs.is_finite()).count();
    if audible == 0 {
        return;
    }
    let per_stem = START_MIX_LUFS - 10.0 * (audible as f64).log10();
    let (lo, hi) = START_GAIN_RANGE_DB;
    for stem in stems {
        if stem.loudness_lufs.is_finite() {
            let gain = (per_stem - stem.loudness_lufs).clamp(lo, hi);
            stem.gain_db = (gain * 10.0).round() as f32 / 10.0;
        }
    }
}

fn manifest(title: &str, tempo_bpm: Option<f32>, stems: &[ImportedStem]) -> Manifest {
    let mut mix = Mix::default();
    let mut credits = BTreeMap::new();
    for stem in stems {
        mix.stems.insert(
            stem.entry.name.clone(),
            Strip {
                gain_db: stem.gain_db,
                ..Strip::default()
            },
        );
        credits.insert(
            stem.entry.file.clone(),
            format!("imported from {}", stem.source.display()),
        );
    }
    Manifest {
        title: title.to_string(),
        genre: "imported".into(),
        tempo_bpm: tempo_bpm.unwrap_or(120.0),
        key: String::new(),
        stems: stems.iter().map(|s| s.entry.clone()).collect(),
        mix,
        credits,
    }
}

/// The entries of a folder that could be audio, sorted by name, hidden
/// files left out. Anything that is not a regular file (a pipe, a device, a
/// link to nowhere, a folder) stays in the list, so decoding names it with
/// the reason instead of it being skipped without a word.
pub(super) fn audio_files(dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
    let read_err = |source| ImportError::ReadDir {
        path: dir.to_path_buf(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_err)?
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    files.sort();
    Ok(files)
}

/// Decodes every file; the ones that fail are returned with their errors.
fn load_all(files: &[PathBuf]) -> (Vec<(PathBuf, Audio)>, Vec<AudioError>) {
    let mut loaded = Vec::new();
    let mut failed = Vec::new();
    for path in files {
        match audio::load(path) {
            Ok(audio) => loaded.push((path.clone(), audio)),
            Err(e) => failed.push(e),
        }
    }
    (loaded, failed)
}

pub(super) fn stem_of(file_name: &str) -> &str {
    match file_name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file_name,
    }
}

/// A lower-case name of letters, digits and single dashes, or `None` when
/// nothing usable is left.
pub fn file_safe(name: &str) -> Option<String> {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    // Short enough for any file system with room for suffixes.
    let out: String = out.chars().take(MAX_NAME_CHARS).collect();
    let out = out.trim_end_matches('-').to_string();
    (!out.is_empty() && out != "master").then_some(out)
}

/// The longest file-safe name, characters.
const MAX_NAME_CHARS: usize = 64;

pub(super) fn unique(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base}-{i}"))
        .find(|n| !taken.iter().any(|t| t == n))
        .unwrap_or_else(|| base.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_safe_names() {
        assert_eq!(file_safe("My Song (v2)!").as_deref(), Some("my-song-v2"));
        assert_eq!(file_safe("  ").as_deref(), None);
        assert_eq!(file_safe("Master").as_deref(), None);
        assert_eq!(unique("kick", &["kick".into(), "kick-2".into()]), "kick-3");
    }

    #[test]
    fn balance_levels_stems_to_equal_loudness() {
        let stem = |lufs: f64| ImportedStem {
            source: PathBuf::new(),
            entry: StemEntry {
                name: String::new(),
                file: String::new(),
                role: Role::Other,
                display_name: None,
                frames: None,
            },
            loudness_lufs: lufs,
            gain_db: 0.0,
        };
        let mut stems = vec![
            stem(-10.0),
            stem(-30.0),
            stem(f64::NEG_INFINITY),
            stem(-90.0),
        ];
        balance(&mut stems);
        // Three audible stems: each to −18 − 10·log10(3) = −22.8 LUFS.
        assert!(
            (stems[0].gain_db - -12.8).abs() < 0.05,
            "{}",
            stems[0].gain_db
        );
        assert!(
            (stems[1].gain_db - 7.2).abs() < 0.05,
            "{}",
            stems[1].gain_db
        );
        assert_eq!(stems[2].gain_db, 0.0);
        assert_eq!(stems[3].gain_db, 24.0, "boosts are capped");
    }
}
