//! The learner's settings on this machine: output device and buffer,
//! volume, theme, roving, the break reminder, the learner last used, and
//! what the first-run hearing check found. Kept as `settings.toml` in the
//! data directory, written atomically.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Colours of the app.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    #[default]
    Dark,
    Light,
}

/// The lowest and highest tones the learner heard through their headphones
/// in the first-run check, in Hz. Drills skip bands outside them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hearing {
    pub low_hz: f64,
    pub high_hz: f64,
}

/// Everything the settings screen edits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Output device by name; the system default when `None`.
    pub device: Option<String>,
    /// Frames per audio callback (64–2048); the device's choice when `None`.
    pub buffer_frames: Option<u32>,
    /// Output volume, dB (≤ 0).
    pub volume_db: f32,
    pub theme: ThemeChoice,
    /// Small random level offsets on loudness-matched drills, so leftover
    /// loudness cannot give the answer away.
    pub roving: bool,
    /// Suggest a break after this many minutes of practice (0 = never).
    pub reminder_minutes: u32,
    /// The learner profile last used.
    pub learner: String,
    /// Set once the first-run welcome has been finished.
    pub welcomed: bool,
    pub hearing: Option<Hearing>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            device: None,
            buffer_frames: None,
            volume_db: crate::audio::player::DEFAULT_VOLUME_DB,
            theme: ThemeChoice::Dark,
            roving: true,
            reminder_minutes: 60,
            learner: default_learner(),
            welcomed: false,
            hearing: None,
        }
    }
}

/// The profile name when none is given: the login name, as `mixtutor
/// practice` uses too, so the terminal and the window share progress.
pub fn default_learner() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "learner".into())
}

/// Why settings could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
}

impl Settings {
    /// Reads `path`; a missing file gives the defaults. A file that cannot
    /// be parsed is an error naming the file (the caller keeps the
    /// defaults and says so; the file is left as it is).
    pub fn load(path: &Path) -> Result<Settings, SettingsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(e) => return Err(file_error(path, e)),
        };
        toml::from_str(&text).map_err(|e| SettingsError::File {
            path: path.to_path_buf(),
            message: format!(
                "not valid settings ({}); the defaults are used",
                e.message()
            ),
        })
    }

    /// Writes `path` atomically (a temporary file renamed over it).
    pub fn save(&self, path: &Path) -> Result<(), SettingsError> {
        let text = toml::to_string(self).map_err(|e| file_error(path, e))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| file_error(path, e))?;
        }
        let partial = path.with_extension("toml.partial");
        std::fs::write(&partial, text).map_err(|e| file_error(path, e))?;
        std::fs::rename(&partial, path).map_err(|e| file_error(path, e))
    }
}

fn file_error(path: &Path, e: impl std::fmt::Display) -> SettingsError {
    SettingsError::File {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_bad_files_are_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("settings.toml");
        assert_eq!(Settings::load(&path).ok(), Some(Settings::default()));
        let s = Settings {
            theme: ThemeChoice::Light,
            hearing: Some(Hearing {
                low_hz: 40.0,
                high_hz: 14_000.0,
            }),
            device: Some("USB DAC".into()),
            ..Settings::default()
        };
        s.save(&path).expect("saved");
        assert_eq!(Settings::load(&path).ok(), Some(s));
        std::fs::write(&path, "volume_db = \"loud\"").expect("written");
        let err = Settings::load(&path).expect_err("bad file");
        assert!(err.to_string().contains("settings.toml"), "{err}");
    }
}
