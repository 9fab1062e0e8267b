//! A practice sitting: what to ask next (a lesson the learner asked for, a
//! skill due for review on other material, else the next lesson of the
//! curriculum not yet mastered), and storing each answer before the next
//! question is made. The app and `mixtutor practice` both drive this.

use super::{Learner, NewAttempt, Store, StoreError, now_ms};
use crate::lessons::Lesson;
use crate::paths::DataDir;
use crate::quiz::{
    Drill, DrillKind, Exercise, Focus, Ladder, Score, Staircase, band_count, generate_with, plan,
    score, score_controls, skill,
};
use crate::settings::Hearing;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Answers in a lesson before the curriculum moves on from it.
const MASTERED_AFTER: i64 = 10;
/// Share of the last answers right that counts as mastered.
const MASTERED_ACCURACY: f64 = 0.75;

/// Where a learner stands in a lesson, from its answers and the share of
/// its recent answers right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonState {
    New,
    InProgress,
    Mastered,
}

impl LessonState {
    /// The state after `answers` answers with `recent` (0 … 1) of the last
    /// ones right.
    pub fn of(answers: i64, recent: f64) -> Self {
        if answers == 0 {
            LessonState::New
        } else if answers >= MASTERED_AFTER && recent >= MASTERED_ACCURACY {
            LessonState::Mastered
        } else {
            LessonState::InProgress
        }
    }
}

/// Why a question was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The learner chose the lesson.
    Chosen,
    /// The skill was due for review.
    Review,
    /// Next in the curriculum.
    Curriculum,
}

/// A question on screen.
#[derive(Clone, Debug)]
pub struct Question {
    pub exercise: Exercise,
    pub drill_index: usize,
    pub ladder: Ladder,
    /// The ladder's staircase before this answer.
    pub staircase: Staircase,
    pub reason: Reason,
    /// When it was shown (Unix ms), for the response time.
    pub shown_at: i64,
}

/// The learner's answer as stored.
struct Given {
    answer: String,
    expected_key: Option<String>,
    answer_key: Option<String>,
}

/// What an answer did.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub score: Score,
    /// The attempt's id; it is committed when this is returned.
    pub attempt_id: i64,
    pub staircase: Staircase,
    /// "you hear a 2.5 dB boost …" once the threshold is known.
    pub sentence: Option<String>,
}

/// One learner's practice sitting.
pub struct Practice {
    store: Store,
    learner: Learner,
    session_id: i64,
    rng: StdRng,
    data: Option<DataDir>,
    hearing: Option<Hearing>,
}

impl Practice {
    /// Starts a sitting for `learner` (created if new). `seed` makes the
    /// questions repeatable (tests); the app passes the clock.
    pub async fn start(
        store: Store,
        learner: &str,
        seed: u64,
        data: Option<DataDir>,
    ) -> Result<Self, StoreError> {
        let now = now_ms();
        let learner = store.learner(learner, now).await?;
        let session_id = store.start_session(learner.id, now).await?;
        Ok(Self {
            store,
            learner,
            session_id,
            rng: StdRng::seed_from_u64(seed),
            data,
            hearing: None,
        })
    }

    /// Band drills keep to what the learner heard in the hearing check
    /// (where the drill still has bands left inside it).
    pub fn set_hearing(&mut self, hearing: Option<Hearing>) {
        self.hearing = hearing;
    }

    pub fn learner(&self) -> &Learner {
        &self.learner
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The next question: from `chosen` if given, else a review, else the
    /// curriculum (`lessons` in order).
    pub async fn next(
        &mut self,
        lessons: &[Lesson],
        chosen: Option<&Lesson>,
    ) -> Result<Question, StoreError> {
        let id = self.learner.id;
        let now = now_ms();
        let (lesson, reason, avoid) = match chosen {
            Some(l) => (l, Reason::Chosen, None),
            None => self.pick_lesson(lessons, now).await?,
        };
        if lesson.drills.is_empty() {
            return Err(StoreError::Practice(format!(
                "lesson '{}' has no drills",
                lesson.id
            )));
        }
        let drill_index = self.rng.random_range(0..lesson.drills.len());
        let drill = &within_hearing(&lesson.drills[drill_index], self.hearing);
        let band_weights = self.store.weights(id, "which_band").await?;
        let stem_weights = self.store.weights(id, "which_stem").await?;
        let (ladder, band_hz) = plan(drill, &band_weights, &mut self.rng);
        let staircase = self
            .store
            .staircase(id, &ladder.to_string(), &drill.skill())
            .await?;
        let focus = Focus {
            band_hz,
            stem_weights,
            avoid_session: avoid,
        };
        let seed = self.rng.random::<u32>() as u64;
        let exercise = generate_with(
            &lesson.id,
            drill,
            staircase.level,
            seed,
            self.data.as_ref(),
            &focus,
        )
        .map_err(|e| StoreError::Practice(format!("lesson '{}': {e}", lesson.id)))?;
        Ok(Question {
            exercise,
            drill_index,
            ladder,
            staircase,
            reason,
            shown_at: now_ms(),
        })
    }

    /// Scores choice `chosen` of `q`, moves its staircase and commits the
    /// attempt.
    pub async fn answer(&mut self, q: &Question, chosen: usize) -> Result<Outcome, StoreError> {
        let ex = &q.exercise;
        let label = |i: usize| {
            ex.choices
                .get(i)
                .map_or_else(String::new, |c| c.label.clone())
        };
        let key = |i: usize| ex.choices.get(i).and_then(|c| c.key.clone());
        let given = Given {
            answer: label(chosen),
            expected_key: key(ex.answer),
            answer_key: key(chosen),
        };
        self.commit(q, score(ex, chosen), given).await
    }

    /// Scores the settings `values` of a restoring drill's controls (in
    /// order), moves its staircase and commits the attempt.
    pub async fn answer_controls(
        &mut self,
        q: &Question,
        values: &[f64],
    ) -> Result<Outcome, StoreError> {
        let ex = &q.exercise;
        let result = score_controls(ex, values)
            .map_err(|e| StoreError::Practice(format!("scoring the answer: {e}")))?;
        let answer = ex
            .controls
            .iter()
            .zip(values)
            .map(|(c, v)| format!("{} {v:+.1} {}", c.label, c.unit))
            .collect::<Vec<_>>()
            .join(", ");
        let given = Given {
            answer,
            expected_key: None,
            answer_key: None,
        };
        self.commit(q, result, given).await
    }

    async fn commit(
        &mut self,
        q: &Question,
        result: Score,
        given: Given,
    ) -> Result<Outcome, StoreError> {
        let ex = &q.exercise;
        let mut staircase = q.staircase.clone();
        staircase.record(result.correct);
        let now = now_ms();
        let attempt = NewAttempt {
            session_id: self.session_id,
            learner_id: self.learner.id,
            lesson: ex.lesson.clone(),
            drill: q.drill_index as i64,
            kind: ex.drill.kind.name().into(),
            skill: ex.skill.clone(),
            ladder: q.ladder.to_string(),
            level: ex.level,
            seed: ex.seed as i64,
            material: ex.stage.material_id(),
            change_json: serde_json::to_string(&ex.change)
                .map_err(|e| StoreError::Data(e.to_string()))?,
            expected: ex.answer_label(),
            answer: given.answer,
            expected_key: given.expected_key,
            answer_key: given.answer_key,
            correct: result.correct,
            score: result.points,
            response_ms: (now - q.shown_at).max(0),
            answered_at: now,
        };
        let attempt_id = self.store.record(&attempt, &staircase).await?;
        let sentence = staircase
            .threshold()
            .and_then(|t| skill(&ex.skill).map(|s| q.ladder.sentence(s, t, ex.stage.kind())));
        Ok(Outcome {
            score: result,
            attempt_id,
            staircase,
            sentence,
        })
    }

    async fn pick_lesson<'l>(
        &mut self,
        lessons: &'l [Lesson],
        now: i64,
    ) -> Result<(&'l Lesson, Reason, Option<String>), StoreError> {
        let id = self.learner.id;
        let progress = self.store.lesson_progress(id).await?;
        for review in self.store.due_reviews(id, now).await? {
            let trains = |l: &&Lesson| l.drills.iter().any(|d| d.skill() == review.skill);
            let practised = lessons
                .iter()
                .rev()
                .filter(trains)
                .find(|l| progress.contains_key(&l.id));
            if let Some(lesson) = practised.or_else(|| lessons.iter().find(trains)) {
                let session = review.last_material.split('/').next().map(str::to_string);
                return Ok((lesson, Reason::Review, session));
            }
        }
        let next = lessons.iter().find(|l| {
            progress
                .get(&l.id)
                .is_none_or(|&(n, recent)| LessonState::of(n, recent) != LessonState::Mastered)
        });
        match next.or(lessons.last()) {
            Some(lesson) => Ok((lesson, Reason::Curriculum, None)),
            None => Err(StoreError::Practice(
                "there are no lessons to practise".into(),
            )),
        }
    }
}

/// `drill` with its band range narrowed to `hearing`, when that leaves it
/// bands to ask about; otherwise `drill` as it is.
fn within_hearing(drill: &Drill, hearing: Option<Hearing>) -> Drill {
    let (
        Some(h),
        DrillKind::WhichBand {
            bands,
            low_hz,
            high_hz,
            count,
            ..
        },
    ) = (hearing, &drill.kind)
    else {
        return drill.clone();
    };
    let low = low_hz.map_or(h.low_hz, |l| l.max(h.low_hz));
    let high = high_hz.map_or(h.high_hz, |x| x.min(h.high_hz));
    // Two-band drills need room for two bands and a distractor.
    if band_count(*bands, (Some(low), Some(high))) < if *count >= 2 { 4 } else { 3 } {
        return drill.clone();
    }
    let mut narrowed = drill.clone();
    if let DrillKind::WhichBand {
        low_hz, high_hz, ..
    } = &mut narrowed.kind
    {
        *low_hz = Some(low);
        *high_hz = Some(high);
    }
    narrowed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::BandSet;

    #[test]
    fn band_drills_keep_inside_the_learners_hearing_when_they_can() {
        let lessons = crate::lessons::load_dir(&crate::lessons::built_in_dir(), None).0;
        let drill = lessons
            .iter()
            .flat_map(|l| &l.drills)
            .find(|d| {
                matches!(
                    d.kind,
                    DrillKind::WhichBand {
                        bands: BandSet::Octave,
                        low_hz: None,
                        high_hz: None,
                        ..
                    }
                )
            })
            .expect("an octave drill over every band");
        let hearing = Hearing {
            low_hz: 50.0,
            high_hz: 11_000.0,
        };
        let DrillKind::WhichBand {
            low_hz, high_hz, ..
        } = within_hearing(drill, Some(hearing)).kind
        else {
            panic!("still a band drill");
        };
        assert_eq!((low_hz, high_hz), (Some(50.0), Some(11_000.0)));
        // Hearing so narrow that too few bands are left: the drill is kept.
        let narrow = Hearing {
            low_hz: 900.0,
            high_hz: 1_100.0,
        };
        assert_eq!(&within_hearing(drill, Some(narrow)), drill);
    }
}
