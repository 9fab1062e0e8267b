//! The statistics the progress screen and `mixtutor stats` show: accuracy
//! over time per skill, thresholds and their history, confusion matrices of
//! bands and stems, streaks, practice minutes, reviews.

use super::review::Review;
use super::{Learner, Store, StoreError};
use crate::quiz::{Ladder, Staircase, material_kind, skill};
use serde::Serialize;
use sqlx::FromRow;

/// Everything about one learner's progress.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stats {
    pub learner: String,
    pub attempts: i64,
    pub correct: i64,
    /// Share of answers exactly right, 0 … 1 (`None` before the first).
    pub accuracy: Option<f64>,
    pub practice_minutes: f64,
    /// One entry per staircase (skill, or a skill's extreme bands).
    pub ladders: Vec<LadderStats>,
    /// Accuracy per skill per day, oldest first.
    pub accuracy_by_day: Vec<DayAccuracy>,
    pub minutes_by_day: Vec<DayMinutes>,
    /// Which band was answered for which band (single-band drills).
    pub band_confusion: Confusion,
    /// Which stem was answered for which stem.
    pub stem_confusion: Confusion,
    pub streaks: Streaks,
    /// Every practised skill's next review, soonest first.
    pub reviews: Vec<Review>,
    /// Skills whose review is due now.
    pub due: Vec<String>,
}

/// One staircase's state.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LadderStats {
    pub ladder: String,
    pub skill: String,
    pub name: String,
    pub unit: String,
    pub attempts: i64,
    pub accuracy: f64,
    /// The magnitude of the next question.
    pub level: f64,
    /// Mean of the last reversals, once there are enough.
    pub threshold: Option<f64>,
    /// "you hear a 2.5 dB boost of one octave band on a full mix".
    pub sentence: Option<String>,
    pub history: Vec<ThresholdPoint>,
}

#[derive(Clone, Debug, PartialEq, Serialize, FromRow)]
pub struct ThresholdPoint {
    pub measured_at: i64,
    pub trials: i64,
    pub threshold: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, FromRow)]
pub struct DayAccuracy {
    pub skill: String,
    pub day: String,
    pub attempts: i64,
    pub correct: i64,
    pub accuracy: f64,
    pub mean_score: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, FromRow)]
pub struct DayMinutes {
    pub day: String,
    pub minutes: f64,
}

/// Counts of (asked, answered) pairs. `counts[i][j]`: `labels[i]` was the
/// answer, `labels[j]` was given.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Confusion {
    pub labels: Vec<String>,
    pub counts: Vec<Vec<i64>>,
}

impl Confusion {
    fn from_pairs(pairs: Vec<(String, String, i64)>, order: impl Fn(&str) -> f64) -> Self {
        let mut labels: Vec<String> = pairs
            .iter()
            .flat_map(|(e, a, _)| [e.clone(), a.clone()])
            .collect();
        labels.sort_by(|x, y| order(x).total_cmp(&order(y)).then_with(|| x.cmp(y)));
        labels.dedup();
        let index = |k: &str| labels.iter().position(|l| l == k).unwrap_or(0);
        let mut counts = vec![vec![0; labels.len()]; labels.len()];
        for (e, a, n) in &pairs {
            counts[index(e)][index(a)] += n;
        }
        Self { labels, counts }
    }
}

/// Days practised in a row, and answers right in a row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Streaks {
    /// Consecutive days with practice up to today (or yesterday, when today
    /// has no practice yet).
    pub current_days: i64,
    pub longest_days: i64,
    pub current_correct: i64,
    pub longest_correct: i64,
}

impl Store {
    /// The statistics of `learner` as of `now` (Unix ms).
    pub async fn stats(&self, learner: &Learner, now: i64) -> Result<Stats, StoreError> {
        let id = learner.id;
        let (attempts, correct): (i64, Option<i64>) =
            sqlx::query_as("SELECT COUNT(*), SUM(correct) FROM attempts WHERE learner_id = ?")
                .bind(id)
                .fetch_one(&self.pool)
                .await?;
        let correct = correct.unwrap_or(0);
        let minutes_by_day: Vec<DayMinutes> = sqlx::query_as(
            "SELECT date(started_at / 1000, 'unixepoch', 'localtime') AS day, \
             SUM(ended_at - started_at) / 60000.0 AS minutes \
             FROM practice_sessions WHERE learner_id = ? GROUP BY day ORDER BY day",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let accuracy_by_day: Vec<DayAccuracy> = sqlx::query_as(
            "SELECT skill, date(answered_at / 1000, 'unixepoch', 'localtime') AS day, \
             COUNT(*) AS attempts, SUM(correct) AS correct, \
             AVG(correct) AS accuracy, AVG(score) AS mean_score \
             FROM attempts WHERE learner_id = ? GROUP BY skill, day ORDER BY day, skill",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let reviews = self.schedule(id).await?;
        let due = reviews
            .iter()
            .filter(|r| r.due_at <= now)
            .map(|r| r.skill.clone())
            .collect();
        Ok(Stats {
            learner: learner.name.clone(),
            attempts,
            correct,
            accuracy: (attempts > 0).then(|| correct as f64 / attempts as f64),
            practice_minutes: minutes_by_day.iter().map(|d| d.minutes).sum(),
            ladders: self.ladder_stats(id).await?,
            accuracy_by_day,
            minutes_by_day,
            band_confusion: self.confusion(id, "which_band").await?,
            stem_confusion: self.confusion(id, "which_stem").await?,
            streaks: self.streaks(id, now).await?,
            reviews,
            due,
        })
    }

    async fn ladder_stats(&self, id: i64) -> Result<Vec<LadderStats>, StoreError> {
        let states: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT ladder, skill, staircase FROM skill_state WHERE learner_id = ? ORDER BY ladder",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(states.len());
        for (ladder, skill_id, json) in states {
            let Some(skill) = skill(&skill_id) else {
                continue;
            };
            let stair: Staircase = serde_json::from_str(&json)
                .map_err(|e| StoreError::Data(format!("staircase of '{ladder}': {e}")))?;
            let (attempts, accuracy, material): (i64, Option<f64>, Option<String>) = sqlx::query_as(
                "SELECT COUNT(*), AVG(correct), \
                 (SELECT material FROM attempts WHERE learner_id = ?1 AND ladder = ?2 ORDER BY answered_at DESC LIMIT 1) \
                 FROM attempts WHERE learner_id = ?1 AND ladder = ?2",
            )
            .bind(id)
            .bind(&ladder)
            .fetch_one(&self.pool)
            .await?;
            let history = sqlx::query_as(
                "SELECT measured_at, trials, threshold FROM threshold_history \
                 WHERE learner_id = ? AND ladder = ? ORDER BY measured_at, id",
            )
            .bind(id)
            .bind(&ladder)
            .fetch_all(&self.pool)
            .await?;
            let threshold = stair.threshold();
            let kind = material_kind(material.as_deref().unwrap_or("pink-noise"));
            out.push(LadderStats {
                sentence: threshold.and_then(|t| {
                    let parsed = ladder.parse::<Ladder>().ok()?;
                    Some(parsed.sentence(skill, t, kind))
                }),
                ladder,
                skill: skill_id,
                name: skill.name.into(),
                unit: skill.unit.into(),
                attempts,
                accuracy: accuracy.unwrap_or(0.0),
                level: stair.level,
                threshold,
                history,
            });
        }
        Ok(out)
    }

    async fn confusion(&self, id: i64, kind: &str) -> Result<Confusion, StoreError> {
        let pairs: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT expected_key, answer_key, COUNT(*) FROM attempts \
             WHERE learner_id = ? AND kind = ? AND expected_key IS NOT NULL AND answer_key IS NOT NULL \
             GROUP BY expected_key, answer_key",
        )
        .bind(id)
        .bind(kind)
        .fetch_all(&self.pool)
        .await?;
        // Bands sort by frequency, stems by name.
        Ok(Confusion::from_pairs(pairs, |k| {
            k.parse::<f64>().unwrap_or(f64::MAX)
        }))
    }

    async fn streaks(&self, id: i64, now: i64) -> Result<Streaks, StoreError> {
        // Local calendar days as Julian day numbers, so that consecutive
        // days differ by one.
        let days: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT CAST(julianday(date(answered_at / 1000, 'unixepoch', 'localtime')) AS INTEGER) AS d \
             FROM attempts WHERE learner_id = ? ORDER BY d",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let today: i64 = sqlx::query_scalar(
            "SELECT CAST(julianday(date(? / 1000, 'unixepoch', 'localtime')) AS INTEGER)",
        )
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        let results: Vec<bool> = sqlx::query_scalar(
            "SELECT correct FROM attempts WHERE learner_id = ? ORDER BY answered_at, id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(count_streaks(&days, today, &results))
    }
}

/// Streaks from sorted distinct day numbers, today's number, and every
/// answer's correctness in order.
fn count_streaks(days: &[i64], today: i64, results: &[bool]) -> Streaks {
    let mut s = Streaks::default();
    let mut run = 0;
    for (i, d) in days.iter().enumerate() {
        run = if i > 0 && days[i - 1] + 1 == *d {
            run + 1
        } else {
            1
        };
        s.longest_days = s.longest_days.max(run);
    }
    if days.last().is_some_and(|&last| last >= today - 1) {
        s.current_days = run;
    }
    let mut right = 0;
    for &ok in results {
        right = if ok { right + 1 } else { 0 };
        s.longest_correct = s.longest_correct.max(right);
    }
    s.current_correct = right;
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaks_count_consecutive_days_and_right_answers() {
        let s = count_streaks(&[10, 11, 12, 20, 21], 22, &[true, true, false, true]);
        assert_eq!(s.longest_days, 3);
        assert_eq!(s.current_days, 2, "yesterday still counts");
        assert_eq!(s.longest_correct, 2);
        assert_eq!(s.current_correct, 1);
        let lapsed = count_streaks(&[10, 11], 13, &[]);
        assert_eq!((lapsed.current_days, lapsed.longest_days), (0, 2));
    }

    #[test]
    fn confusion_rows_are_the_asked_band_in_frequency_order() {
        let c = Confusion::from_pairs(
            vec![
                ("1000".into(), "500".into(), 2),
                ("125".into(), "125".into(), 3),
                ("1000".into(), "1000".into(), 1),
            ],
            |k| k.parse().unwrap_or(f64::MAX),
        );
        assert_eq!(c.labels, ["125", "500", "1000"]);
        assert_eq!(c.counts, vec![vec![3, 0, 0], vec![0, 0, 0], vec![0, 2, 1]]);
    }
}
