//! "A or B": which version has more of something (level, compression,
//! reverb, delay, width, saturation), or which has the longer, slower,
//! later setting of an effect both have.

use super::super::contrast;
use super::super::drill::Quality;
use super::super::effects::{
    amount_edits, reverb_wet_lu, send_target, start_from_none, undo_edits,
};
use super::super::error::QuizError;
use super::super::exercise::{ChangeInfo, Choice, Exercise, Measure};
use super::super::words::{display, whole_target};
use crate::engine::param::MASTER;
use crate::engine::{Param, Target, apply_all};
use rand::RngExt;
use rand::rngs::StdRng;

pub(in crate::quiz) fn a_or_b(
    ex: &mut Exercise,
    rng: &mut StdRng,
    quality: Quality,
) -> Result<(), QuizError> {
    let target = match quality {
        // Width works on the stereo image of the whole mix.
        Quality::Width => MASTER.to_string(),
        Quality::Reverb
        | Quality::Delay
        | Quality::Decay
        | Quality::Predelay
        | Quality::DelayTime
        | Quality::Feedback => send_target(&ex.stage, rng),
        _ => whole_target(&ex.stage),
    };
    let (parameter, unit) = match quality {
        Quality::Level => (Measure::Param(Param::GainDb), "dB"),
        Quality::Compression => (Measure::Param(Param::Comp), "dB"),
        Quality::Reverb => (Measure::ReverbWetLu, "LU"),
        Quality::Delay => (Measure::Param(Param::DelaySendDb), "dB"),
        Quality::Width => (Measure::Param(Param::Width), "%"),
        Quality::Saturation => (Measure::Param(Param::Saturation), "dB"),
        Quality::Attack => (Measure::Param(Param::CompAttackMs), "ms"),
        Quality::Parallel => (Measure::CompDryPercent, "%"),
        Quality::Decay => (Measure::ReverbDecayMs, "ms"),
        Quality::Predelay => (Measure::Param(Param::ReverbPredelayMs), "ms"),
        Quality::DelayTime => (Measure::Param(Param::DelayTimeMs), "ms"),
        Quality::Feedback => (Measure::DelayFeedbackPercent, "%"),
    };
    let (noun, adjective) = match quality {
        Quality::Level => ("level", "is louder"),
        Quality::Compression => ("compression", "is more compressed"),
        Quality::Reverb => ("reverb", "has more reverb"),
        Quality::Delay => ("delay", "has more delay"),
        Quality::Width => ("width", "is wider"),
        Quality::Saturation => ("saturation", "is more saturated"),
        Quality::Attack => (
            "compressor attack",
            "has the slower attack (lets more of each hit through)",
        ),
        Quality::Parallel => (
            "compression",
            "is parallel compression (the dry sound blended back in)",
        ),
        Quality::Decay => ("reverb decay", "has the longer reverb"),
        Quality::Predelay => (
            "reverb pre-delay",
            "has the later reverb (longer pre-delay)",
        ),
        Quality::DelayTime => ("delay time", "has the longer delay time"),
        Quality::Feedback => ("delay feedback", "has more repeats (more feedback)"),
    };
    let b_has_more = rng.random_bool(0.5);
    ex.a = start_from_none(&ex.stage, &ex.a, ex.excerpt, &target, quality)?;
    let base = ex.a.clone();
    let edits = if contrast::is_contrast(quality) {
        let (a, b) = contrast::settings(quality, ex.level);
        let (a, b) = if b_has_more { (a, b) } else { (b, a) };
        let edit = contrast::edit_for(ex, quality, &target);
        ex.a = apply_all(&ex.a, &[edit(a)])?;
        vec![edit(b)]
    } else {
        if quality == Quality::Level {
            make_room_for_level(ex, &target, ex.level)?;
        }
        let more = amount_edits(&ex.stage, &ex.a, ex.excerpt, quality, &target, ex.level);
        if b_has_more {
            more
        } else if quality == Quality::Level {
            // A is the louder version; B turns it down again.
            ex.a = apply_all(&ex.a, &more)?;
            amount_edits(&ex.stage, &ex.a, ex.excerpt, quality, &target, -ex.level)
        } else {
            // A is the version with more; B takes it away again.
            ex.a = apply_all(&ex.a, &more)?;
            undo_edits(&base, &target, quality)
        }
    };
    let signed = if b_has_more { ex.level } else { -ex.level };
    let to = Target::named(&target);
    ex.change = match quality {
        // The reverb's size is its loudness against the dry sound, which
        // B either gains or loses.
        Quality::Reverb if b_has_more => {
            ChangeInfo::plain(&to, parameter, reverb_wet_lu(ex.level), unit, edits)
        }
        Quality::Reverb => ChangeInfo::plain(
            &to,
            Measure::ReverbRemovedWetLu,
            reverb_wet_lu(ex.level),
            unit,
            edits,
        ),
        _ => ChangeInfo::plain(&to, parameter, signed, unit, edits),
    };
    let on = if to == Target::Master {
        String::new()
    } else {
        format!(" of the {}", display(ex, &target))
    };
    ex.question = format!("Which {adjective}? (the {noun}{on} differs)");
    ex.choices = a_or_b_choices();
    ex.answer = usize::from(b_has_more);
    Ok(())
}

/// The two choices of an "A or B" drill.
pub(in crate::quiz) fn a_or_b_choices() -> Vec<Choice> {
    ["A", "B"]
        .iter()
        .enumerate()
        .map(|(i, l)| Choice {
            label: l.to_string(),
            value: i as f64,
            sign: 0.0,
            mix: None,
            key: None,
        })
        .collect()
}

/// A level step on the master moves the limiter's ceiling with the fader,
/// and the ceiling cannot go above −1 dBTP: so A is turned down by `step`
/// first, and the louder version is the mix as it was. Stems need no room.
pub(super) fn make_room_for_level(
    ex: &mut Exercise,
    target: &str,
    step: f64,
) -> Result<(), QuizError> {
    if target == MASTER {
        let down = amount_edits(&ex.stage, &ex.a, ex.excerpt, Quality::Level, target, -step);
        ex.a = apply_all(&ex.a, &down)?;
    }
    Ok(())
}
