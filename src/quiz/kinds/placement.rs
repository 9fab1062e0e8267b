//! "Where" and "when" drills: a stem moved in the stereo field, or ridden
//! on the fader for one quarter of the excerpt.

use super::super::error::QuizError;
use super::super::exercise::{ChangeInfo, Choice, Exercise};
use super::super::words::display;
use crate::engine::apply_all;
use crate::engine::automation::Lane;
use crate::engine::{Edit, Op, Param, Target, Value};
use rand::RngExt;
use rand::rngs::StdRng;

/// A stem to move: the soloed one or, on a full mix, one chosen by the seed
/// (only mono ones when `mono_only`).
fn pick_stem(ex: &Exercise, rng: &mut StdRng, mono_only: bool) -> Result<String, QuizError> {
    let candidates: Vec<&String> = ex
        .stage
        .audible
        .iter()
        .filter(|name| {
            let i = ex.stage.loaded.stems.iter().position(|s| s.name == **name);
            i.is_some_and(|i| !mono_only || ex.stage.loaded.layout[i].channels == 1)
        })
        .collect();
    if candidates.is_empty() {
        return Err("the material has no mono stem to move".into());
    }
    Ok(candidates[rng.random_range(0..candidates.len())].clone())
}

fn pan_label(p: f64) -> String {
    let pct = (p * 100.0).round();
    if pct == 0.0 {
        "centre".into()
    } else if pct < 0.0 {
        format!("L {:.0}%", -pct)
    } else {
        format!("R {pct:.0}%")
    }
}

pub(in crate::quiz) fn where_panned(ex: &mut Exercise, rng: &mut StdRng) -> Result<(), QuizError> {
    let stem = pick_stem(ex, rng, true)?;
    let step = (ex.level / 100.0).min(0.5);
    let mut positions: Vec<f64> = (-2..=2)
        .map(|k| (k as f64 * step).clamp(-1.0, 1.0))
        .collect();
    positions.dedup();
    // Centre is where it is in A; the answer is off centre.
    let off: Vec<usize> = (0..positions.len())
        .filter(|&i| positions[i] != 0.0)
        .collect();
    let answer = off[rng.random_range(0..off.len())];
    ex.a.strip_mut(&stem).pan = 0.0;
    ex.choices = positions
        .iter()
        .map(|&p| Choice {
            label: pan_label(p),
            value: p,
            sign: p.signum(),
            mix: apply_all(&ex.a, &[Edit::set(Target::stem(&stem), Param::Pan, p)]).ok(),
            key: None,
        })
        .collect();
    ex.answer = answer;
    let p = positions[answer];
    ex.question = format!(
        "In A the {} is in the centre. Where is it panned in B?",
        display(ex, &stem)
    );
    let target = Target::stem(&stem);
    ex.change = ChangeInfo::plain(
        &target,
        Param::Pan,
        p * 100.0,
        "%",
        vec![Edit::set(target.clone(), Param::Pan, p)],
    );
    Ok(())
}

pub(in crate::quiz) fn when(ex: &mut Exercise, rng: &mut StdRng) -> Result<(), QuizError> {
    let stem = pick_stem(ex, rng, false)?;
    let fs = crate::SAMPLE_RATE_HZ as f64;
    let start = ex.excerpt.start as f64 / fs;
    let quarter = ex.excerpt.frames as f64 / fs / 4.0;
    let s = if rng.random_bool(0.5) { 1.0 } else { -1.0 };
    let base = ex.a.strip(&stem).gain_db as f64;
    let ride = |j: usize| {
        let t0 = start + quarter * j as f64;
        let ramp = (quarter * 0.15).min(0.25);
        let target = base + s * ex.level;
        Edit {
            target: Target::Master,
            op: Op::Append,
            param: Param::Automation,
            value: Value::Lane(Lane {
                target: Target::stem(&stem),
                param: Param::GainDb,
                points: vec![
                    (t0, base),
                    (t0 + ramp, target),
                    (t0 + quarter - ramp, target),
                    (t0 + quarter, base),
                ],
            }),
        }
    };
    let answer = rng.random_range(0..4);
    ex.choices = (0..4)
        .map(|j| Choice {
            label: format!(
                "{} quarter ({:.0}–{:.0} s)",
                ["1st", "2nd", "3rd", "4th"][j],
                quarter * j as f64,
                quarter * (j + 1) as f64
            ),
            value: j as f64,
            sign: s,
            mix: ride(j).apply(&ex.a).ok(),
            key: None,
        })
        .collect();
    ex.answer = answer;
    ex.question = format!(
        "In B a fader ride makes the {} {} for a moment. When?",
        display(ex, &stem),
        if s > 0.0 { "louder" } else { "quieter" }
    );
    // The change is an automation lane: a ride of the stem's fader.
    ex.change = ChangeInfo::plain(
        &Target::stem(&stem),
        Param::Automation,
        s * ex.level,
        "dB",
        vec![ride(answer)],
    );
    Ok(())
}
