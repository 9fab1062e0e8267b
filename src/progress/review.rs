//! Review scheduling: a skill practised comes back after an interval that
//! doubles each day the learner keeps up (Leitner boxes, as spaced-repetition
//! tools do) and falls back to a day when they did not; a review uses other
//! material than the last practice.

use super::{Store, StoreError};
use serde::Serialize;
use sqlx::FromRow;

/// The first interval, days.
pub const FIRST_INTERVAL_DAYS: f64 = 1.0;
/// The longest interval, days.
pub const MAX_INTERVAL_DAYS: f64 = 30.0;
/// Share of points (over the last answers of the skill) that counts as
/// keeping up.
const KEEP_UP: f64 = 0.7;

/// The interval after a day of practice with `accuracy` (0 … 1), given the
/// previous interval.
pub fn next_interval(previous: Option<f64>, accuracy: f64) -> f64 {
    match previous {
        Some(days) if accuracy >= KEEP_UP => {
            (days * 2.0).clamp(FIRST_INTERVAL_DAYS, MAX_INTERVAL_DAYS)
        }
        _ => FIRST_INTERVAL_DAYS,
    }
}

/// A skill and when it is due.
#[derive(Clone, Debug, PartialEq, Serialize, FromRow)]
pub struct Review {
    pub skill: String,
    pub interval_days: f64,
    pub due_at: i64,
    /// The material of the last practice: a review avoids it.
    pub last_material: String,
    pub last_practised: i64,
}

impl Store {
    /// The learner's skills due for review at `now`, most overdue first.
    pub async fn due_reviews(&self, learner_id: i64, now: i64) -> Result<Vec<Review>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT skill, interval_days, due_at, last_material, last_practised FROM review_schedule \
             WHERE learner_id = ? AND due_at <= ? ORDER BY due_at, skill",
        )
        .bind(learner_id)
        .bind(now)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The review schedule of every skill the learner has practised.
    pub async fn schedule(&self, learner_id: i64) -> Result<Vec<Review>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT skill, interval_days, due_at, last_material, last_practised FROM review_schedule \
             WHERE learner_id = ? ORDER BY due_at, skill",
        )
        .bind(learner_id)
        .fetch_all(&self.pool)
        .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_double_when_kept_up_and_reset_when_not() {
        assert_eq!(next_interval(None, 1.0), 1.0);
        assert_eq!(next_interval(Some(1.0), 0.9), 2.0);
        assert_eq!(next_interval(Some(8.0), 0.7), 16.0);
        assert_eq!(next_interval(Some(16.0), 1.0), MAX_INTERVAL_DAYS);
        assert_eq!(next_interval(Some(16.0), 0.5), 1.0);
    }
}
