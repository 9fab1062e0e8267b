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

/// `file` under `dir`, if it stays inside: a relative path without `..`
/// that, links followed, resolves to something under the folder. A file
/// the app reads on a manifest's or an index's word (a stem, a reference
/// track, a lesson asset) can then never be one elsewhere on the disk.
/// The error says why, in words.
pub fn confined(dir: &Path, file: &str) -> Result<PathBuf, String> {
    use std::path::Component;
    let relative = Path::new(file);
    if relative.as_os_str().is_empty() {
        return Err("the path is empty".into());
    }
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err("paths are relative to their folder, without '..'".into());
    }
    let path = dir.join(relative);
    let root = dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let real = path
        .canonicalize()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if !real.starts_with(&root) {
        return Err("it links to a file outside its folder".into());
    }
    Ok(real)
}
