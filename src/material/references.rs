//! The reference library: songs to compare mixes with, converted to 48 kHz
//! float WAV in the data directory's `references/`, indexed in
//! `library.toml` with the analysis taken on import (full analysis in
//! `NAME.json` beside each track).

use super::import::{ImportError, audio_files, file_safe, stem_of, unique};
use crate::analysis::analyze;
use crate::audio::{self, AudioError, WavFormat, write_wav};
use crate::paths::DataDir;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The outcome of a reference import.
#[derive(Debug)]
pub struct ReferenceReport {
    /// The library folder.
    pub dir: PathBuf,
    pub references: Vec<Reference>,
    /// Files that could not be imported, with the reason (naming the file).
    pub failed: Vec<AudioError>,
}

/// A track in the reference library, with the analysis taken on import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// Library name (file-safe, unique).
    pub name: String,
    /// Shown to the learner: the original file name without extension.
    pub title: String,
    /// The converted audio, relative to the library folder.
    pub file: String,
    /// Where it was imported from.
    pub source: String,
    pub duration_s: f64,
    /// `None` when silent.
    pub integrated_lufs: Option<f64>,
    pub true_peak_dbtp: Option<f64>,
    pub loudness_range_lu: Option<f64>,
    /// The genre the learner filed it under ("rock", "house"…), for the
    /// tonal-balance target of mixes of that genre; empty when not given.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub genre: String,
}

/// The library index, `references/library.toml`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Library {
    #[serde(default, rename = "reference")]
    pub references: Vec<Reference>,
}

impl Library {
    /// Reads the library index; an absent index is an empty library.
    pub fn read(data: &DataDir) -> Result<Library, ImportError> {
        let path = data.references().join("library.toml");
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| ImportError::Library {
                path,
                message: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Library::default()),
            Err(source) => Err(ImportError::Write { path, source }),
        }
    }

    /// Where `reference`'s audio is: inside the library folder, never
    /// elsewhere, whatever the index says.
    pub fn path_of(data: &DataDir, reference: &Reference) -> Result<PathBuf, ImportError> {
        crate::paths::confined(&data.references(), &reference.file).map_err(|message| {
            ImportError::Library {
                path: data.references().join("library.toml"),
                message: format!("reference '{}': {message}", reference.name),
            }
        })
    }

    fn write(&self, data: &DataDir) -> Result<(), ImportError> {
        let path = data.references().join("library.toml");
        let text = toml::to_string_pretty(self).map_err(|e| ImportError::Library {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let partial = data.references().join(".library.toml.partial");
        std::fs::write(&partial, text)
            .and_then(|()| std::fs::rename(&partial, &path))
            .map_err(|source| ImportError::Write { path, source })
    }
}

/// Imports songs into the reference library, filed under `genre` (may be
/// empty): each path is a file or a folder of files. Converted audio goes
/// to `references/NAME.wav`, the full analysis to `references/NAME.json`,
/// and the index gains an entry per track.
pub fn import_references(
    paths: &[PathBuf],
    genre: &str,
    data: &DataDir,
) -> Result<ReferenceReport, ImportError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(audio_files(path)?);
        } else {
            files.push(path.clone());
        }
    }
    let dir = data.references();
    std::fs::create_dir_all(&dir).map_err(|source| ImportError::Write {
        path: dir.clone(),
        source,
    })?;
    let mut library = Library::read(data)?;
    let mut added = Vec::new();
    let mut failed = Vec::new();
    for path in &files {
        let audio = match audio::load(path) {
            Ok(a) => a,
            Err(e) => {
                failed.push(e);
                continue;
            }
        };
        let file_name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let title = stem_of(&file_name).to_string();
        let taken: Vec<String> = library.references.iter().map(|r| r.name.clone()).collect();
        let name = unique(&file_safe(&title).unwrap_or_else(|| "track".into()), &taken);
        let analysis = analyze(&path.display().to_string(), &audio).map_err(|message| {
            ImportError::Library {
                path: path.clone(),
                message,
            }
        })?;
        let finite = |x: f64| x.is_finite().then_some(x);
        let reference = Reference {
            file: format!("{name}.wav"),
            name: name.clone(),
            title,
            source: path.display().to_string(),
            duration_s: audio.duration_s(),
            integrated_lufs: finite(analysis.integrated_lufs),
            true_peak_dbtp: finite(analysis.true_peak_dbtp),
            loudness_range_lu: finite(analysis.loudness_range_lu),
            genre: genre.trim().to_lowercase(),
        };
        write_wav(&dir.join(&reference.file), &audio, WavFormat::Float32)?;
        let json = serde_json::to_string_pretty(&analysis).map_err(|e| ImportError::Library {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let json_path = dir.join(format!("{name}.json"));
        std::fs::write(&json_path, json).map_err(|source| ImportError::Write {
            path: json_path,
            source,
        })?;
        library.references.push(reference.clone());
        library.write(data)?;
        added.push(reference);
    }
    if added.is_empty() {
        return Err(ImportError::NothingImported {
            from: paths.to_vec(),
            errors: failed,
        });
    }
    Ok(ReferenceReport {
        dir,
        references: added,
        failed,
    })
}
