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

/// Points to a folder holding the built-in `lessons/` and `audio-samples/`
/// in place of the installation's.
pub const SHARE_DIR_VAR: &str = "MIXTUTOR_SHARE_DIR";

/// A folder of built-in material (`lessons`, `audio-samples`) found from the
/// installation, never from the working directory: under
/// `$MIXTUTOR_SHARE_DIR` if set and it has that folder, beside the executable, in the installed
/// `share/mixtutor/` beside its `bin/`, in the source tree it was built from
/// (`cargo run`), or in the system share folders. The source tree's path
/// when none exists, so the error names a real place.
pub fn built_in(folder: &str) -> PathBuf {
    let source_tree = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut candidates = Vec::new();
    if let Some(share) = std::env::var_os(SHARE_DIR_VAR).filter(|v| !v.is_empty()) {
        candidates.push(PathBuf::from(share).join(folder));
    }
    if let Some(bin) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    {
        candidates.push(bin.join(folder));
        candidates.push(bin.join("../share/mixtutor").join(folder));
    }
    candidates.push(source_tree.clone());
    for share in ["/usr/local/share/mixtutor", "/usr/share/mixtutor"] {
        candidates.push(Path::new(share).join(folder));
    }
    candidates
        .into_iter()
        .find(|c| c.is_dir())
        .unwrap_or(source_tree)
}

/// Why a path named in a manifest or an index is refused.
#[derive(Debug, thiserror::Error)]
pub enum Outside {
    #[error("the path is empty")]
    Empty,
    #[error("paths are relative to their folder, without '..'")]
    NotRelative,
    #[error("it links to a file outside its folder")]
    LinksOut,
    #[error("{}: {}", path.display(), io_words(source))]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// `file` under `dir`, if it stays inside: a relative path without `..`
/// that, links followed, resolves to something under the folder. A file
/// the app reads on a manifest's or an index's word (a stem, a reference
/// track) can then never be one elsewhere on the disk.
pub fn confined(dir: &Path, file: &str) -> Result<PathBuf, Outside> {
    use std::path::Component;
    let relative = Path::new(file);
    if relative.as_os_str().is_empty() {
        return Err(Outside::Empty);
    }
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(Outside::NotRelative);
    }
    let path = dir.join(relative);
    let real = |p: &Path| {
        p.canonicalize().map_err(|source| Outside::Unreadable {
            path: p.to_path_buf(),
            source,
        })
    };
    let root = real(dir)?;
    let resolved = real(&path)?;
    if !resolved.starts_with(&root) {
        return Err(Outside::LinksOut);
    }
    Ok(resolved)
}

/// An OS error in plain words, without its numeric code: a full disk says
/// so and what to do.
pub fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        StorageFull => "the disk is full: free some space and try again".into(),
        QuotaExceeded => "your disk quota is used up: free some space and try again".into(),
        NotFound => "no such file or folder".into(),
        PermissionDenied => "permission denied".into(),
        ReadOnlyFilesystem => "the disk is read-only".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}
