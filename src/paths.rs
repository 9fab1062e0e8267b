//! Where mixtutor keeps the learner's things: imported sessions, the
//! reference library, extra lessons and the progress database.
//!
//! The folder is `--data-dir`, else `MIXTUTOR_DATA_DIR`, else the platform's
//! data folder (`~/.local/share/mixtutor` on Linux).

use std::path::{Path, PathBuf};

/// The data directory and the fixed layout inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// Uses `root` as the data directory.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The platform's per-user data folder, if the platform has one (it has
    /// none when `HOME` is unset).
    pub fn platform_default() -> Option<Self> {
        directories::ProjectDirs::from("", "", "mixtutor").map(|d| Self::new(d.data_dir()))
    }

    /// The data directory itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Imported multitrack sessions, one folder each.
    pub fn sessions(&self) -> PathBuf {
        self.root.join("sessions")
    }

    /// The reference-track library.
    pub fn references(&self) -> PathBuf {
        self.root.join("references")
    }

    /// Lesson files added by a teacher, loaded beside the built-in ones.
    pub fn lessons(&self) -> PathBuf {
        self.root.join("lessons")
    }

    /// The app's settings.
    pub fn settings(&self) -> PathBuf {
        self.root.join("settings.toml")
    }

    /// The progress database.
    pub fn database(&self) -> PathBuf {
        self.root.join("progress.sqlite")
    }
}
