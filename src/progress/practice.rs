//! A practice sitting: what to ask next (a lesson the learner asked for, a
//! skill due for review on other material, else the next lesson of the
//! curriculum not yet mastered), and storing each answer before the next
//! question is made. The app and `mixtutor practice` both drive this.

use super::{Learner, NewAttempt, Store, StoreError, now_ms};
use crate::lessons::Lesson;
use crate::paths::DataDir;
use crate::quiz::{
    Exercise, Focus, Score, Staircase, generate_with, ladder_sentence, plan, score, score_controls,
    skill,
};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Answers in a lesson before the curriculum moves on from it.
const MASTERED_AFTER: i64 = 10;
/// Share of the last answers right that counts as mastered.
const MASTERED_ACCURACY: f64 = 0.75;

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
    pub ladder: String,
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
        })
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
            return Err(StoreError::Data(format!(
                "lesson '{}' has no drills",
                lesson.id
            )));
        }
        let drill_index = self.rng.random_range(0..lesson.drills.len());
        let drill = &lesson.drills[drill_index];
        let band_weights = self.store.weights(id, "which_band").await?;
        let stem_weights = self.store.weights(id, "which_stem").await?;
        let (ladder, band_hz) = plan(drill, &band_weights, &mut self.rng);
        let staircase = self.store.staircase(id, &ladder, &drill.skill()).await?;
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
        .map_err(|e| StoreError::Data(format!("lesson '{}': {e}", lesson.id)))?;
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
            .map_err(|e| StoreError::Data(format!("scoring the answer: {e}")))?;
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
            ladder: q.ladder.clone(),
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
        let sentence = staircase.threshold().and_then(|t| {
            skill(&ex.skill).map(|s| ladder_sentence(s, &q.ladder, t, ex.stage.kind()))
        });
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
                .is_none_or(|&(n, recent)| n < MASTERED_AFTER || recent < MASTERED_ACCURACY)
        });
        match next.or(lessons.last()) {
            Some(lesson) => Ok((lesson, Reason::Curriculum, None)),
            None => Err(StoreError::Data("there are no lessons to practise".into())),
        }
    }
}
