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
mod open;
mod practice;
mod review;
mod stats;

pub use attempts::{Learner, NewAttempt, StoredAttempt};
pub use export::attempts_csv;
pub use practice::{LessonState, Outcome, Practice, Question, Reason};
pub use review::{FIRST_INTERVAL_DAYS, MAX_INTERVAL_DAYS, Review, next_interval};
pub use stats::{Confusion, DayAccuracy, DayMinutes, LadderStats, Stats, Streaks, ThresholdPoint};

use sqlx::SqlitePool;
use sqlx::migrate::Migrator;
use std::path::PathBuf;

/// The schema, embedded at compile time.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// What can go wrong with the store, or with practice on top of it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("progress database {}: {message}", path.display())]
    Open { path: PathBuf, message: String },
    /// A query failed; said in plain words, once (the SQLite error is not
    /// repeated as a source).
    #[error("progress database: {}", plain(.0))]
    Query(sqlx::Error),
    /// Stored data that cannot be read back.
    #[error("progress database: {0}")]
    Data(String),
    /// Practice could not go on for a reason outside the database (a
    /// lesson that cannot make its exercise, no lessons at all).
    #[error("{0}")]
    Practice(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Query(e)
    }
}

/// A database error in words a learner can act on: a full disk says so,
/// SQLite's own message is kept otherwise, without its numeric code.
pub fn plain(e: &sqlx::Error) -> String {
    let sqlx::Error::Database(db) = e else {
        return e.to_string();
    };
    let code = db.code().and_then(|c| c.parse::<i32>().ok()).unwrap_or(0);
    match code & 0xff {
        // SQLITE_FULL, and the I/O errors a full disk shows up as.
        13 => "the disk is full: free some space and try again".into(),
        10 if open::disk_full() => "the disk is full: free some space and try again".into(),
        8 => "the data folder is read-only: mixtutor cannot save there".into(),
        _ => db.message().to_string(),
    }
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
}
