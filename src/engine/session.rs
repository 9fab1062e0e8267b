//! A multitrack session: stems with roles, read from a folder holding a
//! `session.toml` manifest and the stem files.
//!
//! ```toml
//! title = "Night Drive"
//! genre = "edm"
//! tempo_bpm = 124.0
//! key = "A minor"
//! [[stems]]
//! name = "kick"          # the strip name in mixes
//! file = "kick.flac"
//! role = "kick"
//! [mix]                  # the reference mix, in the strip format
//! [mix.stems.kick]
//! gain_db = -2.0
//! ```

use super::mix::Mix;
use crate::audio::{self, Audio, AudioError};
use crate::paths::DataDir;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a stem is, so lessons can say "the snare" and tests can check that a
/// kick sounds like one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Kick,
    Snare,
    Clap,
    Hats,
    Cymbals,
    Percussion,
    Drums,
    Bass,
    Sub,
    Keys,
    Pad,
    Guitar,
    Synth,
    Lead,
    Vocal,
    BackingVocal,
    Strings,
    Brass,
    Fx,
    /// Several instruments on one track: a backing track or a band mix.
    Band,
    Other,
}

impl Role {
    /// Every role, in the order the manifest documentation lists them.
    pub const ALL: [Role; 21] = [
        Role::Kick,
        Role::Snare,
        Role::Clap,
        Role::Hats,
        Role::Cymbals,
        Role::Percussion,
        Role::Drums,
        Role::Bass,
        Role::Sub,
        Role::Keys,
        Role::Pad,
        Role::Guitar,
        Role::Synth,
        Role::Lead,
        Role::Vocal,
        Role::BackingVocal,
        Role::Strings,
        Role::Brass,
        Role::Fx,
        Role::Band,
        Role::Other,
    ];

    /// The name used in manifests and on the command line (`backing_vocal`).
    pub fn name(self) -> &'static str {
        match self {
            Role::Kick => "kick",
            Role::Snare => "snare",
            Role::Clap => "clap",
            Role::Hats => "hats",
            Role::Cymbals => "cymbals",
            Role::Percussion => "percussion",
            Role::Drums => "drums",
            Role::Bass => "bass",
            Role::Sub => "sub",
            Role::Keys => "keys",
            Role::Pad => "pad",
            Role::Guitar => "guitar",
            Role::Synth => "synth",
            Role::Lead => "lead",
            Role::Vocal => "vocal",
            Role::BackingVocal => "backing_vocal",
            Role::Strings => "strings",
            Role::Brass => "brass",
            Role::Fx => "fx",
            Role::Band => "band",
            Role::Other => "other",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|r| r.name()).collect();
                format!("'{s}' is not a role (one of: {})", names.join(", "))
            })
    }
}

/// One stem as the manifest lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StemEntry {
    /// Strip name used by mixes and changes (unique in the session).
    pub name: String,
    /// File name, relative to the session folder.
    pub file: String,
    pub role: Role,
    /// Name shown to the learner; defaults to `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The file's true length in its own sample frames, when the decoder
    /// cannot be trusted to know it (Ogg Vorbis decodes padding past the end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frames: Option<u64>,
}

/// The `session.toml` manifest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub title: String,
    #[serde(default)]
    pub genre: String,
    #[serde(default = "Manifest::default_tempo")]
    pub tempo_bpm: f32,
    #[serde(default)]
    pub key: String,
    pub stems: Vec<StemEntry>,
    /// The reference mix: the balance a good engineer would make.
    #[serde(default)]
    pub mix: Mix,
    /// Source and licence per file.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub credits: std::collections::BTreeMap<String, String>,
}

impl Manifest {
    fn default_tempo() -> f32 {
        120.0
    }

    /// Checks names, tempo and the reference mix against the stems.
    pub fn validate(&self) -> Result<(), String> {
        if self.stems.is_empty() {
            return Err("a session needs at least one stem".into());
        }
        if !(20.0..=400.0).contains(&self.tempo_bpm) {
            return Err(format!(
                "tempo_bpm = {} is out of range (20 … 400)",
                self.tempo_bpm
            ));
        }
        for (i, s) in self.stems.iter().enumerate() {
            if s.name.is_empty() || s.name == "master" {
                return Err(format!("stems[{i}]: '{}' cannot be a stem name", s.name));
            }
            if self.stems[..i].iter().any(|o| o.name == s.name) {
                return Err(format!("stems[{i}]: the name '{}' is used twice", s.name));
            }
        }
        for name in self.mix.stems.keys() {
            if !self.stems.iter().any(|s| &s.name == name) {
                return Err(format!("mix.stems.{name}: no stem has that name"));
            }
        }
        self.mix.validate().map_err(|e| format!("mix: {e}"))
    }
}

/// `file` of the session in `dir`, if it stays inside the folder
/// ([`crate::paths::confined`]).
pub fn confined(dir: &Path, file: &str) -> Result<PathBuf, SessionError> {
    crate::paths::confined(dir, file).map_err(|why| SessionError::Outside {
        path: dir.join("session.toml"),
        file: file.to_string(),
        why,
    })
}

/// A problem with a session.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("{}: cannot read: {}", path.display(), crate::paths::io_words(source))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Manifest { path: PathBuf, message: String },
    #[error(transparent)]
    Audio(#[from] AudioError),
    #[error("{}: stem '{file}' is refused: {why}", path.display())]
    Outside {
        path: PathBuf,
        file: String,
        why: crate::paths::Outside,
    },
    #[error("'{0}' is not a session name: name a built-in or imported session, not a path")]
    NotAName(String),
    #[error(
        "no session '{0}': give a folder with a session.toml, or the name of a built-in session"
    )]
    NotFound(String),
}

/// A stem with its audio at 48 kHz.
#[derive(Clone, Debug)]
pub struct Stem {
    pub entry: StemEntry,
    pub audio: Arc<Audio>,
}

impl Stem {
    /// The name shown to learners.
    pub fn display_name(&self) -> &str {
        self.entry
            .display_name
            .as_deref()
            .unwrap_or(&self.entry.name)
    }
}

/// A loaded session: manifest plus decoded stems of equal length.
#[derive(Clone, Debug)]
pub struct Session {
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub stems: Vec<Stem>,
}

impl Session {
    /// Finds a session by folder, manifest path, built-in name (looked up
    /// in the installation's `audio-samples/`, never the working directory's)
    /// or the name of a session imported into `data`.
    pub fn locate(name_or_path: &str, data: Option<&DataDir>) -> Result<PathBuf, SessionError> {
        let given = Path::new(name_or_path);
        let mut candidates = vec![
            given.to_path_buf(),
            Self::built_in_root().join(name_or_path),
        ];
        if let Some(data) = data {
            candidates.push(data.sessions().join(name_or_path));
        }
        for c in candidates {
            if c.is_file() && c.file_name().is_some_and(|n| n == "session.toml") {
                return Ok(c.parent().map(Path::to_path_buf).unwrap_or_default());
            }
            if c.join("session.toml").is_file() {
                return Ok(c);
            }
        }
        Err(SessionError::NotFound(name_or_path.to_string()))
    }

    /// Finds a session by name only, as a lesson names one: a built-in
    /// session or one imported into `data`, never a path (a lesson file
    /// from elsewhere cannot point at folders outside those two).
    pub fn named(name: &str, data: Option<&DataDir>) -> Result<PathBuf, SessionError> {
        let mut parts = Path::new(name).components();
        let plain = matches!(
            (parts.next(), parts.next()),
            (Some(std::path::Component::Normal(_)), None)
        );
        if !plain {
            return Err(SessionError::NotAName(name.to_string()));
        }
        let mut roots = vec![Self::built_in_root()];
        roots.extend(data.map(DataDir::sessions));
        roots
            .into_iter()
            .map(|root| root.join(name))
            .find(|dir| dir.join("session.toml").is_file())
            .ok_or_else(|| SessionError::NotFound(name.to_string()))
    }

    /// The folder of the built-in sessions ([`crate::paths::built_in`]).
    pub fn built_in_root() -> PathBuf {
        crate::paths::built_in("audio-samples")
    }

    /// Names of the built-in sessions and of the sessions imported into
    /// `data`, sorted, each once.
    pub fn list(data: Option<&DataDir>) -> Vec<String> {
        let mut roots = vec![Self::built_in_root()];
        roots.extend(data.map(DataDir::sessions));
        let mut names: Vec<String> = roots
            .iter()
            .filter_map(|r| std::fs::read_dir(r).ok())
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.path().join("session.toml").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Reads and validates a folder's manifest without decoding audio.
    pub fn read_manifest(dir: &Path) -> Result<Manifest, SessionError> {
        let path = dir.join("session.toml");
        let text = std::fs::read_to_string(&path).map_err(|source| SessionError::Read {
            path: path.clone(),
            source,
        })?;
        let manifest: Manifest = toml::from_str(&text).map_err(|e| SessionError::Manifest {
            path: path.clone(),
            message: e.to_string(),
        })?;
        manifest
            .validate()
            .map_err(|message| SessionError::Manifest { path, message })?;
        Ok(manifest)
    }

    /// Loads a session folder: manifest, then every stem converted to 48 kHz.
    /// Shorter stems are padded with silence to the longest.
    pub fn load(dir: &Path) -> Result<Session, SessionError> {
        let manifest = Self::read_manifest(dir)?;
        let mut stems = Vec::with_capacity(manifest.stems.len());
        for entry in &manifest.stems {
            let path = confined(dir, &entry.file)?;
            let mut decoded = audio::decode_file(&path)?;
            if let Some(frames) = entry.frames {
                let frames = usize::try_from(frames).unwrap_or(usize::MAX);
                if decoded.frames() < frames {
                    return Err(SessionError::Audio(AudioError::Corrupt {
                        path,
                        reason: format!(
                            "decodes to {} frames, the manifest says {frames}",
                            decoded.frames()
                        ),
                    }));
                }
                for ch in &mut decoded.channels {
                    ch.truncate(frames);
                }
            }
            let audio = audio::to_internal(decoded, &path)?;
            stems.push(Stem {
                entry: entry.clone(),
                audio: Arc::new(audio),
            });
        }
        let frames = stems.iter().map(|s| s.audio.frames()).max().unwrap_or(0);
        for stem in &mut stems {
            if stem.audio.frames() < frames {
                let audio = Arc::make_mut(&mut stem.audio);
                for ch in &mut audio.channels {
                    ch.resize(frames, 0.0);
                }
            }
        }
        Ok(Session {
            dir: dir.to_path_buf(),
            manifest,
            stems,
        })
    }

    /// Length in frames at 48 kHz.
    pub fn frames(&self) -> usize {
        self.stems.first().map_or(0, |s| s.audio.frames())
    }

    /// The layout the mix graph needs.
    pub fn layout(&self) -> Vec<super::layout::StemLayout> {
        self.stems
            .iter()
            .map(|s| super::layout::StemLayout {
                name: s.entry.name.clone(),
                channels: s.audio.channels.len(),
            })
            .collect()
    }

    /// The stems' audio, in layout order.
    pub fn sources(&self) -> Vec<Arc<Audio>> {
        self.stems.iter().map(|s| s.audio.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_match_the_manifest_spelling() {
        for role in Role::ALL {
            let text = toml::to_string(&StemEntry {
                name: "x".into(),
                file: "x.wav".into(),
                role,
                display_name: None,
                frames: None,
            })
            .expect("serialises");
            assert!(
                text.contains(&format!("role = \"{}\"", role.name())),
                "{text}"
            );
            assert_eq!(role.name().parse::<Role>(), Ok(role));
        }
        assert!("trumpet".parse::<Role>().is_err());
    }
}
