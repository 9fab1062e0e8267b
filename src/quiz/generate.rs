//! Turning a drill, a level and a seed into an exercise: the material,
//! the excerpt and A are drawn here, and the drill's kind (`quiz/kinds/`)
//! makes the question and B. Everything random comes from one seeded
//! generator, so the same seed gives the same exercise.

use super::drill::{Drill, DrillKind};
use super::error::QuizError;
use super::exercise::{ChangeInfo, Exercise};
use super::kinds::{a_or_b, how_much, placement, restore, which_band, which_stem};
use super::material::{Stage, stage};
use super::skill::skill;
use super::tutor::Focus;
use crate::engine::{Excerpt, Param, Target, apply_all};
use crate::paths::DataDir;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Generates the exercise of `drill` at `level` (in the skill's unit).
pub fn generate(
    lesson: &str,
    drill: &Drill,
    level: f64,
    seed: u64,
    data: Option<&DataDir>,
) -> Result<Exercise, QuizError> {
    generate_with(lesson, drill, level, seed, data, &Focus::default())
}

/// [`generate`], favouring what `focus` asks for (the tutor's choice of
/// band, weak stems, material to avoid).
pub fn generate_with(
    lesson: &str,
    drill: &Drill,
    level: f64,
    seed: u64,
    data: Option<&DataDir>,
    focus: &Focus,
) -> Result<Exercise, QuizError> {
    let skill_id = drill.skill();
    let skill = skill(&skill_id).ok_or_else(|| QuizError::UnknownSkill(skill_id.clone()))?;
    if !(level.is_finite() && level > 0.0) {
        return Err(QuizError::Level(level));
    }
    let level = level.clamp(skill.min, skill.max);
    let mut rng = StdRng::seed_from_u64(seed);
    let stage = stage(
        &drill.material,
        rng.random(),
        data,
        focus.avoid_session.as_deref(),
    )?;
    let excerpt = excerpt(&stage, drill.seconds, &mut rng);
    let mut ex = Exercise {
        lesson: lesson.to_string(),
        drill: drill.clone(),
        skill: skill_id,
        level,
        seed,
        a: stage.loaded.mix.clone(),
        b: stage.loaded.mix.clone(),
        stage,
        excerpt,
        question: String::new(),
        choices: Vec::new(),
        answer: 0,
        change: ChangeInfo::plain(&Target::Master, Param::GainDb, 0.0, "", Vec::new()),
        controls: Vec::new(),
    };
    match &drill.kind {
        DrillKind::WhichBand {
            bands,
            sign,
            count,
            low_hz,
            high_hz,
        } => which_band::which_band(
            &mut ex,
            &mut rng,
            *bands,
            *sign,
            *count,
            (*low_hz, *high_hz),
            focus.band_hz,
        )?,
        DrillKind::HowMuch { amount } => how_much::how_much(&mut ex, &mut rng, *amount)?,
        DrillKind::WhichStem { process } => {
            which_stem::which_stem(&mut ex, &mut rng, *process, &focus.stem_weights)?
        }
        DrillKind::AOrB { quality } => a_or_b::a_or_b(&mut ex, &mut rng, *quality)?,
        DrillKind::Where => placement::where_panned(&mut ex, &mut rng)?,
        DrillKind::When => placement::when(&mut ex, &mut rng)?,
        DrillKind::MatchIt { process, count } => {
            restore::match_it(&mut ex, &mut rng, *process, *count)?
        }
        DrillKind::BalanceMemory => restore::balance_memory(&mut ex)?,
    }
    ex.b = apply_all(&ex.a, &ex.change.edits)?;
    Ok(ex)
}

/// A bar-aligned excerpt of `seconds` (all of the material if shorter).
fn excerpt(stage: &Stage, seconds: f64, rng: &mut StdRng) -> Excerpt {
    let total = stage.frames();
    let frames = ((seconds.max(1.0) * crate::SAMPLE_RATE_HZ as f64) as usize).min(total);
    let bars = (total - frames) / stage.bar_frames.max(1);
    let start = rng.random_range(0..=bars) * stage.bar_frames;
    Excerpt { start, frames }
}
