//! The progress store: learners, practice sessions, every answer, the
//! staircase of each skill, threshold history and the review schedule, in a
//! SQLite file in the data directory (sqlx, migrations in `migrations/`).
//!
//! An attempt and the staircase it moved are written in one transaction,
//! committed before the next question is made, so a crash loses at most the
//! question on screen. A file that is not a healthy database is moved aside
//! (never deleted) and a new one is started; [`Store::notice`] says so.

mod attempts;
mod export;
mod practice;
mod review;
mod stats;

pub use attempts::{Learner, NewAttempt, StoredAttempt};
pub use export::attempts_csv;
pub use practice::{LessonState, Outcome, Practice, Question, Reason};
pub use review::{FIRST_INTERVAL_DAYS, MAX_INTERVAL_DAYS, Review, next_interval};
pub use stats::{Confusion, DayAccuracy, DayMinutes, LadderStats, Stats, Streaks, ThresholdPoint};

use sqlx::SqlitePool;
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The schema, embedded at compile time.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("progress database {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("progress database: {0}")]
    Query(#[from] sqlx::Error),
    #[error("progress database: {0}")]
    Data(String),
}

/// Unix time in milliseconds, as the store keeps it.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// An open progress database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    notice: Option<String>,
}

impl Store {
    /// Opens (or creates) the database at `path` and brings its schema up to
    /// date. A file that is not a database, or a damaged one, is renamed to
    /// `NAME.broken-TIMESTAMP` and a new database is created in its place.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                message: format!("cannot create its folder: {e}"),
            })?;
        }
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

    /// A message for the learner about something that happened on opening
    /// (a damaged database moved aside), if anything did.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The connection pool, for tests and tools.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes every connection (checkpointing the write-ahead log).
    pub async fn close(&self) {
        self.pool.close().await;
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

/// Why opening failed: a damaged file (move it aside) or anything else
/// (report it and touch nothing).
enum Opening {
    Broken(String),
    Other(String),
}

impl Opening {
    fn from_sqlx(e: sqlx::Error) -> Self {
        if is_corruption(&e) {
            Opening::Broken(e.to_string())
        } else {
            Opening::Other(e.to_string())
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
        message: format!("it is damaged and could not be moved aside: {e}"),
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
                message: format!("could not be moved aside with its damaged database: {e}"),
            })?;
        }
    }
    Ok(aside)
}
