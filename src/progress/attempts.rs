//! Writing and reading learners, practice sessions, attempts and the
//! staircases they move.

use super::review::next_interval;
use super::{Store, StoreError};
use crate::quiz::{Staircase, skill, weakness_weight};
use sqlx::FromRow;
use std::collections::HashMap;

/// One learner profile.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct Learner {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
}

/// An answered question, ready to store.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct NewAttempt {
    pub session_id: i64,
    pub learner_id: i64,
    pub lesson: String,
    pub drill: i64,
    pub kind: String,
    pub skill: String,
    /// The staircase this answer moves ("eq-boost", "eq-boost@high").
    pub ladder: String,
    pub level: f64,
    pub seed: i64,
    pub material: String,
    /// The hidden change as JSON (as in `exercise.json`).
    pub change_json: String,
    pub expected: String,
    pub answer: String,
    /// Band (Hz) or stem name, for confusion matrices.
    pub expected_key: Option<String>,
    pub answer_key: Option<String>,
    pub correct: bool,
    pub score: f64,
    pub response_ms: i64,
    pub answered_at: i64,
}

/// An attempt as stored: its id and what was stored.
#[derive(Clone, Debug, PartialEq, FromRow)]
pub struct StoredAttempt {
    pub id: i64,
    #[sqlx(flatten)]
    pub attempt: NewAttempt,
}

/// Attempts of a skill looked at when deciding the next review interval.
const REVIEW_WINDOW: i64 = 10;

impl Store {
    /// The learner called `name`, created if new.
    pub async fn learner(&self, name: &str, now: i64) -> Result<Learner, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Data("a learner needs a name".into()));
        }
        sqlx::query(
            "INSERT INTO learners (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
        )
        .bind(name)
        .bind(now)
        .execute(&self.pool)
        .await?;
        self.find_learner(name)
            .await?
            .ok_or_else(|| StoreError::Data(format!("learner '{name}' was not kept")))
    }

    /// The learner called `name`, if there is one.
    pub async fn find_learner(&self, name: &str) -> Result<Option<Learner>, StoreError> {
        Ok(
            sqlx::query_as("SELECT id, name, created_at FROM learners WHERE name = ?")
                .bind(name.trim())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Every learner profile, oldest first.
    pub async fn learners(&self) -> Result<Vec<Learner>, StoreError> {
        Ok(
            sqlx::query_as("SELECT id, name, created_at FROM learners ORDER BY created_at, id")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Starts a practice session and returns its id.
    pub async fn start_session(&self, learner_id: i64, now: i64) -> Result<i64, StoreError> {
        let id = sqlx::query(
            "INSERT INTO practice_sessions (learner_id, started_at, ended_at) VALUES (?, ?, ?)",
        )
        .bind(learner_id)
        .bind(now)
        .bind(now)
        .execute(&self.pool)
        .await?
        .last_insert_rowid();
        Ok(id)
    }

    /// The staircase of `ladder` (training `skill`), new if never practised.
    pub async fn staircase(
        &self,
        learner_id: i64,
        ladder: &str,
        skill_id: &str,
    ) -> Result<Staircase, StoreError> {
        let stored: Option<String> = sqlx::query_scalar(
            "SELECT staircase FROM skill_state WHERE learner_id = ? AND ladder = ?",
        )
        .bind(learner_id)
        .bind(ladder)
        .fetch_optional(&self.pool)
        .await?;
        match stored {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| StoreError::Data(format!("staircase of '{ladder}': {e}"))),
            None => new_staircase(skill_id),
        }
    }

    /// Stores an answer together with the staircase it moved, the threshold
    /// (when it changed) and the skill's next review, in one transaction.
    /// Returns the attempt's id once it is committed.
    pub async fn record(&self, a: &NewAttempt, stair: &Staircase) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await?;
        let id = sqlx::query(
            "INSERT INTO attempts (session_id, learner_id, lesson, drill, kind, skill, ladder, level, \
             seed, material, change_json, expected, answer, expected_key, answer_key, correct, score, \
             response_ms, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(a.session_id)
        .bind(a.learner_id)
        .bind(&a.lesson)
        .bind(a.drill)
        .bind(&a.kind)
        .bind(&a.skill)
        .bind(&a.ladder)
        .bind(a.level)
        .bind(a.seed)
        .bind(&a.material)
        .bind(&a.change_json)
        .bind(&a.expected)
        .bind(&a.answer)
        .bind(&a.expected_key)
        .bind(&a.answer_key)
        .bind(a.correct)
        .bind(a.score)
        .bind(a.response_ms)
        .bind(a.answered_at)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();

        sqlx::query("UPDATE practice_sessions SET ended_at = MAX(ended_at, ?) WHERE id = ?")
            .bind(a.answered_at)
            .bind(a.session_id)
            .execute(&mut *tx)
            .await?;

        let json = serde_json::to_string(stair).map_err(|e| StoreError::Data(e.to_string()))?;
        let previous: Option<String> = sqlx::query_scalar(
            "SELECT staircase FROM skill_state WHERE learner_id = ? AND ladder = ?",
        )
        .bind(a.learner_id)
        .bind(&a.ladder)
        .fetch_optional(&mut *tx)
        .await?;
        let previous_reversals = previous
            .and_then(|p| serde_json::from_str::<Staircase>(&p).ok())
            .map_or(0, |s| s.reversals.len());
        sqlx::query(
            "INSERT INTO skill_state (learner_id, ladder, skill, staircase, updated_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT(learner_id, ladder) DO UPDATE SET staircase = excluded.staircase, updated_at = excluded.updated_at",
        )
        .bind(a.learner_id)
        .bind(&a.ladder)
        .bind(&a.skill)
        .bind(&json)
        .bind(a.answered_at)
        .execute(&mut *tx)
        .await?;
        if let Some(threshold) = stair
            .threshold()
            .filter(|_| stair.reversals.len() != previous_reversals)
        {
            sqlx::query(
                "INSERT INTO threshold_history (learner_id, ladder, skill, threshold, trials, measured_at) \
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(a.learner_id)
            .bind(&a.ladder)
            .bind(&a.skill)
            .bind(threshold)
            .bind(stair.trials as i64)
            .bind(a.answered_at)
            .execute(&mut *tx)
            .await?;
        }

        schedule_review(&mut tx, a).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The learner's attempts, oldest first.
    pub async fn attempts(&self, learner_id: i64) -> Result<Vec<StoredAttempt>, StoreError> {
        Ok(
            sqlx::query_as("SELECT * FROM attempts WHERE learner_id = ? ORDER BY answered_at, id")
                .bind(learner_id)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Per lesson practised: answers given, and the share right among the
    /// last ten.
    pub async fn lesson_progress(
        &self,
        learner_id: i64,
    ) -> Result<HashMap<String, (i64, f64)>, StoreError> {
        let rows: Vec<(String, i64, f64)> = sqlx::query_as(
            "SELECT a.lesson, COUNT(*), \
             (SELECT AVG(correct) FROM (SELECT b.correct FROM attempts b \
              WHERE b.learner_id = a.learner_id AND b.lesson = a.lesson \
              ORDER BY b.answered_at DESC, b.id DESC LIMIT 10)) \
             FROM attempts a WHERE a.learner_id = ? GROUP BY a.lesson",
        )
        .bind(learner_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(l, n, acc)| (l, (n, acc))).collect())
    }

    /// How much practice each band (Hz key) or stem deserves in drills of
    /// `kind` on `skill`: 1 for one always answered right, up to 4 for one
    /// always missed; keys never asked get 2.5, so they come up too.
    pub async fn weights(
        &self,
        learner_id: i64,
        kind: &str,
    ) -> Result<HashMap<String, f64>, StoreError> {
        let rows: Vec<(String, i64, f64)> = sqlx::query_as(
            "SELECT expected_key, COUNT(*), SUM(score) FROM attempts \
             WHERE learner_id = ? AND kind = ? AND expected_key IS NOT NULL GROUP BY expected_key",
        )
        .bind(learner_id)
        .bind(kind)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(key, n, points)| (key, weakness_weight(n, points)))
            .collect())
    }

    /// Rebuilds the staircase of every ladder that has attempts but no
    /// stored state (a database from before staircases were stored), by
    /// replaying its answers.
    pub(super) async fn rebuild_missing_staircases(&self) -> Result<(), StoreError> {
        let missing: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT DISTINCT a.learner_id, a.ladder, a.skill FROM attempts a WHERE NOT EXISTS \
             (SELECT 1 FROM skill_state s WHERE s.learner_id = a.learner_id AND s.ladder = a.ladder)",
        )
        .fetch_all(&self.pool)
        .await?;
        for (learner, ladder, skill_id) in missing {
            // Ladders of skills this build does not know are left alone.
            let Ok(mut stair) = new_staircase(&skill_id) else {
                continue;
            };
            let answers: Vec<(bool, i64)> = sqlx::query_as(
                "SELECT correct, answered_at FROM attempts WHERE learner_id = ? AND ladder = ? \
                 ORDER BY answered_at, id",
            )
            .bind(learner)
            .bind(&ladder)
            .fetch_all(&self.pool)
            .await?;
            for (correct, _) in &answers {
                stair.record(*correct);
            }
            let json =
                serde_json::to_string(&stair).map_err(|e| StoreError::Data(e.to_string()))?;
            let updated = answers.last().map_or(0, |(_, at)| *at);
            sqlx::query(
                "INSERT INTO skill_state (learner_id, ladder, skill, staircase, updated_at) VALUES (?, ?, ?, ?, ?)",
            )
            .bind(learner)
            .bind(&ladder)
            .bind(&skill_id)
            .bind(json)
            .bind(updated)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }
}

fn new_staircase(skill_id: &str) -> Result<Staircase, StoreError> {
    skill(skill_id)
        .map(Staircase::new)
        .ok_or_else(|| StoreError::Data(format!("unknown skill '{skill_id}'")))
}

/// Moves the skill's next review: the interval grows when the learner keeps
/// up (see [`next_interval`]), once per day of practice.
async fn schedule_review(
    tx: &mut sqlx::SqliteConnection,
    a: &NewAttempt,
) -> Result<(), StoreError> {
    const DAY_MS: i64 = 86_400_000;
    let current: Option<(f64, i64)> = sqlx::query_as(
        "SELECT interval_days, last_practised FROM review_schedule WHERE learner_id = ? AND skill = ?",
    )
    .bind(a.learner_id)
    .bind(&a.skill)
    .fetch_optional(&mut *tx)
    .await?;
    let recent: Vec<f64> = sqlx::query_scalar(
        "SELECT score FROM attempts WHERE learner_id = ? AND skill = ? ORDER BY answered_at DESC, id DESC LIMIT ?",
    )
    .bind(a.learner_id)
    .bind(&a.skill)
    .bind(REVIEW_WINDOW)
    .fetch_all(&mut *tx)
    .await?;
    let accuracy = recent.iter().sum::<f64>() / recent.len().max(1) as f64;
    let interval = match current {
        // Later the same day: the interval set this morning stands.
        Some((interval, last)) if a.answered_at / DAY_MS == last / DAY_MS => interval,
        Some((interval, _)) => next_interval(Some(interval), accuracy),
        None => next_interval(None, accuracy),
    };
    let due = a.answered_at + (interval * DAY_MS as f64) as i64;
    sqlx::query(
        "INSERT INTO review_schedule (learner_id, skill, interval_days, due_at, last_material, last_practised) \
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(learner_id, skill) DO UPDATE SET \
         interval_days = excluded.interval_days, due_at = excluded.due_at, \
         last_material = excluded.last_material, last_practised = excluded.last_practised",
    )
    .bind(a.learner_id)
    .bind(&a.skill)
    .bind(interval)
    .bind(due)
    .bind(&a.material)
    .bind(a.answered_at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
