//! Rendering an exercise as the learner hears it: A and B (and C, their own
//! answer) over the excerpt, loudness-matched with BS.1770 unless the drill is
//! about level, and optionally roved by a small random level per presentation
//! so any loudness left over cannot give the answer away.

use super::error::QuizError;
use super::exercise::Exercise;
use crate::analysis::{guard_outputs, match_gain_db};
use crate::audio::Audio;
use crate::engine::{MasterLimiter, Mix, render_sources, render_variants};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Default roving range, ± dB.
pub const ROVE_DB: f64 = 0.5;

/// A, B (and the gains applied to each) ready to play or write.
#[derive(Clone, Debug)]
pub struct Rendered {
    pub a: Audio,
    pub b: Audio,
    /// Gain applied to B to match A's loudness, dB (0 when not matched).
    pub match_gain_db: f64,
    /// Roving gains applied to A and B, dB.
    pub rove_db: (f64, f64),
}

/// Renders one mix of the exercise's material over its excerpt.
pub fn render_mix(ex: &Exercise, mix: &Mix) -> Result<Audio, QuizError> {
    let stage = &ex.stage;
    render_sources(
        &stage.loaded.layout,
        &stage.loaded.sources,
        mix,
        stage.loaded.tempo_bpm,
        ex.excerpt,
        MasterLimiter::On,
    )
    .map_err(QuizError::from)
}

/// Renders mixes of the exercise's material over its excerpt in one pass
/// (the stems they process alike, once).
pub fn render_mixes(ex: &Exercise, mixes: &[Mix]) -> Result<Vec<Audio>, QuizError> {
    let stage = &ex.stage;
    render_variants(
        &stage.loaded.layout,
        &stage.loaded.sources,
        mixes,
        stage.loaded.tempo_bpm,
        ex.excerpt,
        MasterLimiter::On,
    )
    .map_err(QuizError::from)
}

/// Renders A and B; `rove` = the roving range in dB (`None` for no roving).
pub fn render_pair(ex: &Exercise, rove: Option<f64>) -> Result<Rendered, QuizError> {
    let [a, mut b]: [Audio; 2] = render_mixes(ex, &[ex.a.clone(), ex.b.clone()])?
        .try_into()
        .map_err(|_| "rendering A and B gave the wrong number of mixes".to_string())?;
    let mut match_db = 0.0;
    if ex.loudness_matched() {
        match_db = match_gain_db(&a, &b)?;
        b.apply_gain_db(match_db);
    }
    let mut a = a;
    let mut rove_db = (0.0, 0.0);
    if let Some(range) = rove.filter(|r| *r > 0.0) {
        let mut rng = StdRng::seed_from_u64(ex.seed ^ 0x5eed_0f20_1300);
        rove_db = (
            rng.random_range(-range..=range),
            rng.random_range(-range..=range),
        );
        a.apply_gain_db(rove_db.0);
        b.apply_gain_db(rove_db.1);
    }
    // The ceiling is the last thing applied: matching or roving may have
    // lifted B (or A) over it, and then both come down together.
    let ceiling = ex.a.limiter.ceiling_dbtp.min(ex.b.limiter.ceiling_dbtp) as f64;
    guard_outputs(&mut [&mut a, &mut b], ceiling, "the exercise")?;
    Ok(Rendered {
        a,
        b,
        match_gain_db: match_db,
        rove_db,
    })
}

/// C: choice `i` rendered, matched to A like B is. `None` when that answer
/// is not a mix (A-or-B questions).
pub fn render_choice(ex: &Exercise, i: usize, a: &Audio) -> Option<Result<Audio, QuizError>> {
    let mix = ex.choices.get(i)?.mix.as_ref()?;
    Some(render_mix(ex, mix).and_then(|mut c| {
        if ex.loudness_matched() {
            let g = match_gain_db(a, &c)?;
            c.apply_gain_db(g);
        }
        // A and B are already out; when matching would lift C over the
        // ceiling, C alone comes down (and is that much quieter than A).
        guard_outputs(
            &mut [&mut c],
            mix.limiter.ceiling_dbtp as f64,
            "your answer",
        )?;
        Ok(c)
    }))
}

/// The stem a drill's hidden change is on, when the material is a mix of
/// several stems (so soloing it means something).
pub fn solo_stem(ex: &Exercise) -> Option<&str> {
    if ex.stage.audible.len() < 2 {
        return None;
    }
    ex.stage
        .loaded
        .stems
        .iter()
        .map(|s| s.name.as_str())
        .find(|name| *name == ex.change.target.name())
}

/// A and B with only `stem` heard (every other stem muted, with its sends)
/// and the same hidden change, matched and roved like the full pair: the
/// drill's solo ↔ mix switch.
pub fn render_solo_pair(
    ex: &Exercise,
    stem: &str,
    rove: Option<f64>,
) -> Result<Rendered, QuizError> {
    let mut solo = ex.clone();
    for other in ex.stage.loaded.stems.iter().filter(|s| s.name != stem) {
        solo.a.strip_mut(&other.name).mute = true;
        solo.b.strip_mut(&other.name).mute = true;
    }
    render_pair(&solo, rove)
}
