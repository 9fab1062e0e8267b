//! "Which stem": one stem of a full mix louder/quieter or boosted/cut; the
//! learner names the stem and the direction.

use super::super::bands::{OCTAVES, Q_OCTAVE, hz_label};
use super::super::drill::StemProcess;
use super::super::error::QuizError;
use super::super::exercise::{ChangeInfo, Choice, Exercise, peak_edit};
use super::super::tutor::{weakness_weight, weighted_index};
use super::super::words::{display_name, shuffle};
use crate::engine::{Edit, Param, Target, apply_all};
use rand::RngExt;
use rand::rngs::StdRng;
use std::collections::HashMap;

pub(in crate::quiz) fn which_stem(
    ex: &mut Exercise,
    rng: &mut StdRng,
    process: StemProcess,
    weights: &HashMap<String, f64>,
) -> Result<(), QuizError> {
    let mut names = ex.stage.audible.clone();
    if names.len() < 2 {
        return Err("a 'which stem' drill needs a full mix".into());
    }
    // With weights the changed stem is drawn first (weak stems more often),
    // then three others join it.
    let weighted = (!weights.is_empty()).then(|| {
        let w: Vec<f64> = names
            .iter()
            .map(|n| {
                weights
                    .get(n)
                    .copied()
                    .unwrap_or_else(|| weakness_weight(0, 0.0))
            })
            .collect();
        names.remove(weighted_index(&w, rng))
    });
    shuffle(&mut names, rng);
    names.truncate(if weighted.is_some() { 3 } else { 4 });
    names.extend(weighted.clone());
    names.sort_by_key(|n| ex.stage.loaded.stems.iter().position(|s| s.name == *n));
    let target_i = match &weighted {
        Some(t) => names.iter().position(|n| n == t).unwrap_or(0),
        None => rng.random_range(0..names.len()),
    };
    let s = if rng.random_bool(0.5) { 1.0 } else { -1.0 };
    let band = OCTAVES[rng.random_range(2..OCTAVES.len() - 1)];
    let edit = |name: &str, si: f64| match process {
        StemProcess::Level => Edit::add(Target::stem(name), Param::GainDb, si * ex.level),
        StemProcess::Eq => peak_edit(&Target::stem(name), band, si * ex.level, Q_OCTAVE),
    };
    let (up, down) = match process {
        StemProcess::Level => ("louder", "quieter"),
        StemProcess::Eq => ("boosted", "cut"),
    };
    for (i, name) in names.iter().enumerate() {
        let display = display_name(ex, name);
        for si in [1.0, -1.0] {
            if i == target_i && si == s {
                ex.answer = ex.choices.len();
            }
            ex.choices.push(Choice {
                label: format!("{display} {}", if si > 0.0 { up } else { down }),
                value: i as f64,
                sign: si,
                mix: apply_all(&ex.a, &[edit(name, si)]).ok(),
                key: Some(name.clone()),
            });
        }
    }
    ex.question = match process {
        StemProcess::Level => "One stem is louder or quieter in B. Which, and which way?".into(),
        StemProcess::Eq => format!(
            "One stem was boosted or cut at {} in B. Which, and which way?",
            hz_label(band)
        ),
    };
    let name = &names[target_i];
    let target = Target::stem(name);
    ex.change = match process {
        StemProcess::Level => ChangeInfo::plain(
            &target,
            Param::GainDb,
            s * ex.level,
            "dB",
            vec![edit(name, s)],
        ),
        StemProcess::Eq => ChangeInfo::peak(&target, &[band], s * ex.level, Q_OCTAVE),
    };
    Ok(())
}
