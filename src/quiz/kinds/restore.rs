//! Restoring drills: the learner answers with controls instead of choices.
//!
//! - *Match it*: B is A with faders or EQ bands of some stems moved; set
//!   them so that B sounds like A again.
//! - *Balance memory*: hear A, a balanced mix; every fader is then reset to
//!   the same value (B); rebuild the balance from memory.
//!
//! Scoring weighs the distance of the settings from A's (per control, or
//! the fader balance with the overall level left out) and the distance of
//! the sound (loudness and ⅓-octave spectrum of the answer against A), with
//! partial credit. The staircase moves the tolerance: an answer is right
//! when every setting is within `level` dB.

use super::super::bands::{Q_OCTAVE, hz_label};
use super::super::drill::{DrillKind, StemProcess};
use super::super::error::QuizError;
use super::super::exercise::{ChangeInfo, Control, Exercise, peak_edit};
use super::super::render::render_mixes;
use super::super::score::Score;
use super::super::words::{display_name, shuffle};
use crate::analysis::{Spectrum, compare};
use crate::engine::{Edit, Param, Target, apply_all};
use rand::RngExt;
use rand::rngs::StdRng;

/// Octave bands a damaged EQ may sit on.
const EQ_BANDS: [f64; 6] = [250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0];
/// The smallest damage, dB: big enough to hear at once.
const MIN_DAMAGE_DB: f64 = 3.0;
const MAX_DAMAGE_DB: f64 = 12.0;
/// Setting and sound errors at which a restoring answer scores nothing, dB.
const ZERO_POINTS_DB: f64 = 6.0;

pub(in crate::quiz) fn match_it(
    ex: &mut Exercise,
    rng: &mut StdRng,
    process: StemProcess,
    count: u8,
) -> Result<(), QuizError> {
    let count = count.max(1) as usize;
    // Which stems, and for EQ which band of each.
    let mut targets: Vec<(String, Option<f64>)> = Vec::new();
    match process {
        StemProcess::Level => {
            let mut stems = ex.stage.audible.clone();
            shuffle(&mut stems, rng);
            targets.extend(stems.into_iter().take(count).map(|s| (s, None)));
        }
        StemProcess::Eq => {
            let mut pairs = eq_targets(ex);
            shuffle(&mut pairs, rng);
            for (stem, f) in pairs {
                if targets.len() < count && targets.iter().all(|(s, _)| *s != stem) {
                    targets.push((stem, Some(f)));
                }
            }
        }
    }
    // The damage must be well above what the learner is asked to get to.
    let damage = (2.5 * ex.level).clamp(MIN_DAMAGE_DB, MAX_DAMAGE_DB);
    let mut edits = Vec::new();
    let mut infos = Vec::new();
    for (stem, band) in &targets {
        let sign = if rng.random_bool(0.5) { 1.0 } else { -1.0 };
        let size = ((damage * rng.random_range(0.8..1.2)) * 10.0).round() / 10.0;
        let display = display_name(ex, stem);
        let control = match process {
            StemProcess::Level => {
                let now = ex.a.strip(stem).gain_db as f64;
                Control {
                    target: Target::stem(stem),
                    label: format!("{display} fader"),
                    parameter: Param::GainDb,
                    unit: "dB".into(),
                    min: now - 24.0,
                    max: (now + 18.0).min(24.0),
                    start: (now + sign * size).min(24.0),
                    answer: now,
                }
            }
            StemProcess::Eq => {
                // A has a flat band where B's damage will be, so that both
                // strips have the same bands and the control is its gain.
                let f = band.unwrap_or(1000.0);
                let index = ex.a.strip(stem).eq.len();
                ex.a = apply_all(&ex.a, &[peak_edit(&Target::stem(stem), f, 0.0, Q_OCTAVE)])?;
                Control {
                    target: Target::stem(stem),
                    label: format!("{display} EQ {}", hz_label(f)),
                    parameter: Param::EqGainDb(index),
                    unit: "dB".into(),
                    min: -18.0,
                    max: 18.0,
                    start: sign * size,
                    answer: 0.0,
                }
            }
        };
        let edit = Edit::set(control.target.clone(), control.parameter, control.start);
        let info = match process {
            StemProcess::Level => ChangeInfo::plain(
                &control.target,
                Param::GainDb,
                control.start - control.answer,
                "dB",
                vec![edit.clone()],
            ),
            StemProcess::Eq => {
                let f =
                    ex.a.strip(stem)
                        .eq
                        .last()
                        .map_or(1000.0, |b| b.freq_hz as f64);
                ChangeInfo {
                    edits: vec![edit.clone()],
                    ..ChangeInfo::peak(&control.target, &[f], control.start, Q_OCTAVE)
                }
            }
        };
        edits.push(edit);
        infos.push(info);
        ex.controls.push(control);
    }
    let Some(first) = infos.into_iter().next() else {
        return Err("a 'match it' drill needs a stem to change".into());
    };
    ex.change = ChangeInfo { edits, ..first };
    let what = match (process, ex.controls.len()) {
        (StemProcess::Level, 1) => "one fader".to_string(),
        (StemProcess::Level, n) => format!("{n} faders"),
        (StemProcess::Eq, 1) => "one EQ band".to_string(),
        (StemProcess::Eq, n) => format!("{n} EQ bands"),
    };
    ex.question =
        format!("B is A with {what} moved. Set the controls so that B sounds like A again.");
    Ok(())
}

/// (stem, band) pairs where an EQ move on the stem is heard in the mix:
/// the stem carries at least a quarter of the mix's energy in that band
/// (a cut at 1 kHz on a bass changes the mix by a tenth of a dB). Levels
/// are estimated from the sources and faders, stems taken as uncorrelated.
fn eq_targets(ex: &Exercise) -> Vec<(String, f64)> {
    const SHARE_DB: f64 = -6.0;
    let mut levels: Vec<(String, Vec<f64>)> = Vec::new();
    for stem in &ex.stage.audible {
        let Some(audio) = ex.stage.stem_excerpt(stem, ex.excerpt) else {
            continue;
        };
        let spectrum = Spectrum::of(&audio);
        let gain = ex.a.strip(stem).gain_db as f64;
        let bands = EQ_BANDS
            .iter()
            .map(|&f| spectrum.band_db(f, 1.0) + gain)
            .collect();
        levels.push((stem.clone(), bands));
    }
    let total: Vec<f64> = (0..EQ_BANDS.len())
        .map(|b| {
            let power: f64 = levels.iter().map(|(_, l)| 10f64.powf(l[b] / 10.0)).sum();
            10.0 * power.max(1e-30).log10()
        })
        .collect();
    let mut pairs = Vec::new();
    for (stem, l) in &levels {
        for (b, &f) in EQ_BANDS.iter().enumerate() {
            if l[b] - total[b] >= SHARE_DB {
                pairs.push((stem.clone(), f));
            }
        }
    }
    pairs
}

pub(in crate::quiz) fn balance_memory(ex: &mut Exercise) -> Result<(), QuizError> {
    let stems = ex.stage.audible.clone();
    if stems.len() < 2 {
        return Err("a 'balance memory' drill needs a full mix".into());
    }
    let gains: Vec<f64> = stems.iter().map(|s| ex.a.strip(s).gain_db as f64).collect();
    let reset = (gains.iter().sum::<f64>() / gains.len() as f64 * 10.0).round() / 10.0;
    let mut edits = Vec::new();
    for (stem, &gain) in stems.iter().zip(&gains) {
        ex.controls.push(Control {
            target: Target::stem(stem),
            label: format!("{} fader", display_name(ex, stem)),
            parameter: Param::GainDb,
            unit: "dB".into(),
            min: (reset - 30.0).max(-60.0),
            max: (reset + 18.0).min(24.0),
            start: reset,
            answer: gain,
        });
        edits.push(Edit::set(Target::stem(stem), Param::GainDb, reset));
    }
    // The stem whose fader moved most stands for the change.
    let (i, moved) = gains
        .iter()
        .map(|g| reset - g)
        .enumerate()
        .max_by(|x, y| x.1.abs().total_cmp(&y.1.abs()))
        .unwrap_or((0, 0.0));
    ex.change = ChangeInfo::plain(&Target::stem(&stems[i]), Param::GainDb, moved, "dB", edits);
    ex.question = "Listen to A, the balanced mix. In B every fader is reset to the same level: \
                   rebuild A's balance from memory."
        .into();
    Ok(())
}

/// Scores a restoring answer: `values` for the exercise's controls, in
/// order. Renders the answer to compare its sound with A.
pub fn score_controls(ex: &Exercise, values: &[f64]) -> Result<Score, QuizError> {
    let answer_mix = ex.mix_with(values)?;
    let errors: Vec<f64> = ex
        .controls
        .iter()
        .zip(values)
        .map(|(c, &v)| v.clamp(c.min, c.max) - c.answer)
        .collect();
    let balance = matches!(ex.drill.kind, DrillKind::BalanceMemory);
    let (setting_error, setting_points) = if balance {
        // The overall level is not part of a balance.
        let offset = errors.iter().sum::<f64>() / errors.len().max(1) as f64;
        let rms = (errors.iter().map(|e| (e - offset).powi(2)).sum::<f64>()
            / errors.len().max(1) as f64)
            .sqrt();
        (rms, (1.0 - rms / ZERO_POINTS_DB).clamp(0.0, 1.0))
    } else {
        let worst = errors.iter().fold(0.0f64, |m, e| m.max(e.abs()));
        let points = ex
            .controls
            .iter()
            .zip(&errors)
            .map(|(c, e)| {
                let damage = (c.start - c.answer).abs().max(2.0);
                (1.0 - e.abs() / damage).clamp(0.0, 1.0)
            })
            .sum::<f64>()
            / errors.len().max(1) as f64;
        (worst, points)
    };
    let [a, c]: [crate::audio::Audio; 2] = render_mixes(ex, &[ex.a.clone(), answer_mix])?
        .try_into()
        .map_err(|_| "rendering A and the answer gave the wrong number of mixes".to_string())?;
    let diff = compare(&a, &c)?;
    let spectral = {
        let d: Vec<f64> = diff
            .spectrum_diff_db
            .iter()
            .map(|&(_, d)| d)
            .filter(|d| d.is_finite())
            .collect();
        (d.iter().map(|x| x * x).sum::<f64>() / d.len().max(1) as f64).sqrt()
    };
    let loudness = if balance || !diff.loudness_diff_lu.is_finite() {
        0.0
    } else {
        diff.loudness_diff_lu
    };
    let sound_error = loudness.hypot(spectral);
    let sound_points = (1.0 - sound_error / ZERO_POINTS_DB).clamp(0.0, 1.0);
    Ok(Score {
        points: 0.5 * (setting_points + sound_points),
        correct: setting_error <= ex.level + 1e-9,
    })
}
