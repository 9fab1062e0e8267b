//! Opening the progress database, safely with other processes around.
//!
//! Creating the schema, migrating it and moving a damaged file aside happen
//! under an exclusive lock on `NAME.lock` beside the database, so two
//! processes opening a fresh data dir at once never both create tables (or
//! take each other's new file for a broken one): the second waits, then
//! finds the schema made. Reading works in a data dir that cannot be
//! written, as long as the schema is current.

use super::{MIGRATOR, Store, StoreError, now_ms};
use sqlx::migrate::MigrateError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long to wait for another process that is opening the database.
const LOCK_WAIT: Duration = Duration::from_secs(120);

impl Store {
    /// Opens (or creates) the database at `path` for reading and writing and
    /// brings its schema up to date. A file that is not a database, or a
    /// damaged one, is renamed to `NAME.broken-TIMESTAMP` and a new database
    /// is created in its place.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let error = |message: String| StoreError::Open {
            path: path.to_path_buf(),
            message,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| error(format!("cannot create its folder: {}", io_words(&e))))?;
        }
        if let Ok(mut folder) = FOLDER.lock() {
            *folder = path.parent().map(Path::to_path_buf);
        }
        let lock = lock_file(path).map_err(|e| error(io_words(&e)))?;
        let _held = hold(&lock)
            .await
            .map_err(|e| error(format!("cannot lock {}: {}", lock_path(path).display(), e)))?;
        match Self::try_open(path).await {
            Ok(store) => Ok(store),
            Err(Opening::Broken(why)) => {
                let aside = move_aside(path)?;
                let mut store = Self::try_open(path).await.map_err(|e| e.into_error(path))?;
                store.notice = Some(format!(
                    "The progress database {} could not be read ({why}). It was moved to {} \
                     and a new, empty one was started.",
                    path.display(),
                    aside.display()
                ));
                Ok(store)
            }
            Err(other) => Err(other.into_error(path)),
        }
    }

    /// Opens the database at `path` to read it: as [`Store::open`] where the
    /// folder can be written, read-only (nothing migrated, moved or created)
    /// where it cannot.
    pub async fn open_to_read(path: &Path) -> Result<Self, StoreError> {
        let read_only = lock_file(path).is_err_and(|e| {
            use std::io::ErrorKind::{PermissionDenied, ReadOnlyFilesystem};
            matches!(e.kind(), PermissionDenied | ReadOnlyFilesystem)
        });
        if !read_only {
            match Self::open(path).await {
                Err(StoreError::Open { message, .. }) if message.contains(READ_ONLY) => {}
                other => return other,
            }
        }
        Self::open_read_only(path).await
    }

    async fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        let error = |message: String| StoreError::Open {
            path: path.to_path_buf(),
            message,
        };
        if !path.is_file() {
            return Err(error(format!(
                "there is none yet, and the folder is read-only ({READ_ONLY})"
            )));
        }
        // Without its shared-memory file a WAL database opens read-only only
        // as immutable; with one, the log's latest answers are seen too.
        let mut last = None;
        for immutable in [false, true] {
            let options = SqliteConnectOptions::new()
                .filename(path)
                .read_only(true)
                .immutable(immutable)
                .busy_timeout(Duration::from_secs(5));
            let pool = match SqlitePoolOptions::new()
                .max_connections(2)
                .connect_with(options)
                .await
            {
                Ok(pool) => pool,
                Err(e) => {
                    last = Some(e);
                    continue;
                }
            };
            match schema_is_current(&pool).await {
                Ok(true) => return Ok(Self { pool, notice: None }),
                Ok(false) => {
                    pool.close().await;
                    return Err(error(format!(
                        "it was written by an older mixtutor and must be updated, but the folder \
                         is read-only ({READ_ONLY}); open it once where it can be written"
                    )));
                }
                Err(e) => {
                    pool.close().await;
                    last = Some(e);
                }
            }
        }
        Err(error(
            last.map_or_else(|| READ_ONLY.into(), |e| super::plain(&e)),
        ))
    }

    async fn try_open(path: &Path) -> Result<Self, Opening> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(Opening::from_sqlx)?;
        let check: String = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_one(&pool)
            .await
            .map_err(Opening::from_sqlx)?;
        if check != "ok" {
            pool.close().await;
            return Err(Opening::Broken(format!("integrity check: {check}")));
        }
        if let Err(e) = MIGRATOR.run(&pool).await {
            pool.close().await;
            return Err(Opening::from_migrate(e));
        }
        let store = Self { pool, notice: None };
        store
            .rebuild_missing_staircases()
            .await
            .map_err(|e| Opening::Other(e.to_string()))?;
        Ok(store)
    }
}

/// Words every read-only failure carries, so the caller can tell it apart.
const READ_ONLY: &str = "the data folder is read-only";

/// Whether every migration mixtutor knows has been applied.
async fn schema_is_current(pool: &sqlx::SqlitePool) -> Result<bool, sqlx::Error> {
    let applied: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(pool)
        .await?;
    let latest = MIGRATOR.iter().map(|m| m.version).max();
    Ok(applied >= latest)
}

fn lock_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(
        || "progress.sqlite".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    path.with_file_name(format!("{name}.lock"))
}

/// Opens (creating) the lock file beside the database.
fn lock_file(path: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(path))
}

/// Holds `file`'s exclusive lock until dropped; waits (without blocking the
/// runtime) while another process holds it.
async fn hold(file: &File) -> Result<Held<'_>, String> {
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Held(file)),
            Err(TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(TryLockError::WouldBlock) => {
                return Err(format!(
                    "another mixtutor has been opening it for {} s; close it and try again",
                    LOCK_WAIT.as_secs()
                ));
            }
            Err(TryLockError::Error(e)) => return Err(io_words(&e)),
        }
    }
}

struct Held<'a>(&'a File);

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// An OS error about the data folder in plain words: no permission there
/// means mixtutor cannot save.
fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        ReadOnlyFilesystem | PermissionDenied => {
            format!("{READ_ONLY}: mixtutor cannot save there")
        }
        _ => crate::paths::io_words(e),
    }
}

/// The folder of the database this process opened last, for
/// [`disk_full`].
static FOLDER: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

/// Whether the disk holding the opened database is (all but) full; names
/// the I/O errors SQLite reports when it cannot grow its files.
pub(super) fn disk_full() -> bool {
    #[cfg(unix)]
    {
        let Some(dir) = FOLDER.lock().ok().and_then(|f| f.clone()) else {
            return false;
        };
        let Ok(c) = std::ffi::CString::new(dir.to_string_lossy().as_bytes()) else {
            return false;
        };
        // SAFETY: statvfs fills the struct it is given from a valid path.
        let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
        if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
            return false;
        }
        (st.f_bavail as u64).saturating_mul(st.f_frsize as u64) < 1 << 20
    }
    #[cfg(not(unix))]
    false
}

/// Why opening failed: a damaged file (move it aside) or anything else
/// (report it and touch nothing).
enum Opening {
    Broken(String),
    Other(String),
}

impl Opening {
    fn from_sqlx(e: sqlx::Error) -> Self {
        if is_corruption(&e) {
            Opening::Broken(super::plain(&e))
        } else {
            Opening::Other(super::plain(&e))
        }
    }

    fn from_migrate(e: MigrateError) -> Self {
        match e {
            MigrateError::Execute(inner) | MigrateError::ExecuteMigration(inner, _) => {
                Self::from_sqlx(inner)
            }
            MigrateError::VersionMissing(v) => Opening::Other(format!(
                "it was written by a newer mixtutor (schema version {v}); update mixtutor"
            )),
            other => Opening::Other(other.to_string()),
        }
    }

    fn into_error(self, path: &Path) -> StoreError {
        let message = match self {
            Opening::Broken(m) | Opening::Other(m) => m,
        };
        StoreError::Open {
            path: path.to_path_buf(),
            message,
        }
    }
}

/// SQLite's "database disk image is malformed" (11) and "file is not a
/// database" (26), in any of their extended forms.
fn is_corruption(e: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = e else {
        return false;
    };
    db.code()
        .and_then(|c| c.parse::<i32>().ok())
        .is_some_and(|c| matches!(c & 0xff, 11 | 26))
}

/// Renames the database and its WAL companions to `NAME.broken-MILLIS…`
/// and returns the new name of the database.
fn move_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let stamp = now_ms();
    let name = path.file_name().map_or_else(
        || "progress.sqlite".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let aside = path.with_file_name(format!("{name}.broken-{stamp}"));
    std::fs::rename(path, &aside).map_err(|e| StoreError::Open {
        path: path.to_path_buf(),
        message: format!(
            "it is damaged and could not be moved aside: {}",
            io_words(&e)
        ),
    })?;
    for suffix in ["-wal", "-shm"] {
        let companion = path.with_file_name(format!("{name}{suffix}"));
        if companion.exists() {
            // The log belongs to the damaged file; it must not be replayed
            // into the new one.
            std::fs::rename(
                &companion,
                path.with_file_name(format!("{name}.broken-{stamp}{suffix}")),
            )
            .map_err(|e| StoreError::Open {
                path: companion.clone(),
                message: format!(
                    "could not be moved aside with its damaged database: {}",
                    io_words(&e)
                ),
            })?;
        }
    }
    Ok(aside)
}
