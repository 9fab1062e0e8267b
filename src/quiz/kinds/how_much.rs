//! "How much": the size of a level step, an EQ boost, a compressor's gain
//! reduction or a reverb's level, among four steps.

use super::super::bands::{OCTAVES, Q_OCTAVE, hz_label};
use super::super::drill::{Amount, Quality};
use super::super::effects::{
    amount_edits, comp_input, compression_edits, reverb_wet_lu, send_target, start_from_none,
};
use super::super::error::QuizError;
use super::super::exercise::{ChangeInfo, Choice, Exercise, Measure, peak_edit};
use super::super::words::whole_target;
use super::a_or_b::make_room_for_level;
use crate::engine::{Edit, Param, Target, apply_all};
use rand::RngExt;
use rand::rngs::StdRng;

pub(in crate::quiz) fn how_much(
    ex: &mut Exercise,
    rng: &mut StdRng,
    amount: Amount,
) -> Result<(), QuizError> {
    // The choices are 1…4 steps of `level`; the largest stays in range.
    let cap = match amount {
        Amount::Level => 24.0,
        Amount::EqGain => 18.0,
        Amount::Compression => 18.0,
        Amount::Reverb => 24.0,
    };
    let step = ex.level.min(cap / 4.0);
    let k = rng.random_range(1..=4usize);
    let target = match amount {
        Amount::Reverb => send_target(&ex.stage, rng),
        _ => whole_target(&ex.stage),
    };
    let band = OCTAVES[rng.random_range(1..OCTAVES.len() - 1)];
    let value = step * k as f64;
    match amount {
        Amount::Level => make_room_for_level(ex, &target, value)?,
        Amount::Compression => {
            ex.a = start_from_none(&ex.stage, &ex.a, ex.excerpt, &target, Quality::Compression)?
        }
        Amount::Reverb => {
            ex.a = start_from_none(&ex.stage, &ex.a, ex.excerpt, &target, Quality::Reverb)?
        }
        Amount::EqGain => {}
    }
    // What the compressor will hear is the same for every choice.
    let comp_in = match amount {
        Amount::Compression => comp_input(&ex.stage, &ex.a, ex.excerpt, &target),
        _ => None,
    };
    let edits_for = |a: f64| match amount {
        Amount::Level => amount_edits(&ex.stage, &ex.a, ex.excerpt, Quality::Level, &target, a),
        Amount::EqGain => vec![peak_edit(&Target::named(&target), band, a, Q_OCTAVE)],
        Amount::Compression => compression_edits(comp_in.as_ref(), &target, a),
        Amount::Reverb => amount_edits(&ex.stage, &ex.a, ex.excerpt, Quality::Reverb, &target, a),
    };
    let mut edits: Vec<Vec<Edit>> = (1..=4).map(|i| edits_for(step * i as f64)).collect();
    let (what, parameter) = match amount {
        Amount::Level => (
            "How much louder is B?".to_string(),
            Measure::Param(Param::GainDb),
        ),
        Amount::EqGain => (
            format!("B has a boost at {}. How big?", hz_label(band)),
            Measure::Param(Param::Eq),
        ),
        Amount::Compression => (
            "B is compressed. How much gain reduction?".into(),
            Measure::Param(Param::Comp),
        ),
        Amount::Reverb => (
            "B has reverb. How loud is it against the dry sound?".into(),
            Measure::ReverbWetLu,
        ),
    };
    ex.choices = (1..=4)
        .zip(&edits)
        .map(|(i, choice_edits)| {
            let a = step * i as f64;
            let label = match amount {
                Amount::Reverb => format!("{:.0} LU", reverb_wet_lu(a)),
                Amount::Compression => format!("{a:.1} dB"),
                _ => format!("+{a:.1} dB"),
            };
            Choice {
                label,
                value: a,
                sign: 1.0,
                mix: apply_all(&ex.a, choice_edits).ok(),
                key: None,
            }
        })
        .collect();
    ex.answer = k - 1;
    ex.question = what;
    let answer_edits = edits.swap_remove(k - 1);
    let to = Target::named(&target);
    ex.change = match amount {
        Amount::EqGain => ChangeInfo::peak(&to, &[band], value, Q_OCTAVE),
        Amount::Reverb => {
            ChangeInfo::plain(&to, parameter, reverb_wet_lu(value), "LU", answer_edits)
        }
        _ => ChangeInfo::plain(&to, parameter, value, "dB", answer_edits),
    };
    Ok(())
}
