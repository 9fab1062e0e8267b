//! "Which band": one or two bands boosted or cut; the learner names them.

use super::super::bands::{Q_OCTAVE, Q_THIRD, band_list, hz_label};
use super::super::drill::{BandSet, Sign};
use super::super::error::QuizError;
use super::super::exercise::{ChangeInfo, Choice, Exercise, peak_edit};
use super::super::tutor::band_key;
use super::super::words::{shuffle, whole_target};
use crate::engine::{Target, apply_all};
use rand::RngExt;
use rand::rngs::StdRng;

/// Choices offered in a band question.
const BAND_CHOICES: usize = 4;

pub(in crate::quiz) fn which_band(
    ex: &mut Exercise,
    rng: &mut StdRng,
    bands: BandSet,
    sign: Sign,
    count: u8,
    range: (Option<f64>, Option<f64>),
    chosen_hz: Option<f64>,
) -> Result<(), QuizError> {
    let list = band_list(bands, range);
    let needed = if count >= 2 { 4 } else { 2 };
    if list.len() < needed {
        return Err(format!("only {} bands in the drill's range", list.len()).into());
    }
    let q = if bands == BandSet::Octave {
        Q_OCTAVE
    } else {
        Q_THIRD
    };
    let s = match sign {
        Sign::Boost => 1.0,
        Sign::Cut => -1.0,
        Sign::Either => {
            if rng.random_bool(0.5) {
                1.0
            } else {
                -1.0
            }
        }
    };
    let gain = s * ex.level;
    let target = Target::named(&whole_target(&ex.stage));
    let word = |s: f64| if s > 0.0 { "boost" } else { "cut" };
    let kind = if bands == BandSet::Octave {
        "octave"
    } else {
        "⅓-octave"
    };

    if count >= 2 {
        // Two bands at least two steps apart; the other choices move one or
        // both bands by a step.
        let i = rng.random_range(0..list.len() - 2);
        let j = rng.random_range(i + 2..list.len());
        let mut pairs = vec![(i, j)];
        let shifts = [
            (-1i32, 0i32),
            (1, 0),
            (0, -1),
            (0, 1),
            (-1, 1),
            (1, -1),
            (-1, -1),
            (1, 1),
        ];
        for (di, dj) in shifts {
            let (a, b) = (i as i32 + di, j as i32 + dj);
            if a >= 0
                && b < list.len() as i32
                && a < b
                && !pairs.contains(&(a as usize, b as usize))
            {
                pairs.push((a as usize, b as usize));
            }
        }
        let mut others = pairs.split_off(1);
        shuffle(&mut others, rng);
        others.truncate(BAND_CHOICES - 1);
        pairs.extend(others);
        shuffle(&mut pairs, rng);
        ex.answer = pairs.iter().position(|&p| p == (i, j)).unwrap_or(0);
        ex.choices = pairs
            .iter()
            .map(|&(a, b)| Choice {
                label: format!("{} + {}", hz_label(list[a]), hz_label(list[b])),
                value: (list[a] * list[b]).log2() / 2.0,
                sign: s,
                mix: apply_all(
                    &ex.a,
                    &[
                        peak_edit(&target, list[a], gain, q),
                        peak_edit(&target, list[b], gain, q),
                    ],
                )
                .ok(),
                key: None,
            })
            .collect();
        ex.question = format!("Two {kind} bands got a {} in B. Which two?", word(s));
        ex.change = ChangeInfo::peak(&target, &[list[i], list[j]], gain, q);
        return Ok(());
    }

    let true_band = chosen_hz
        .and_then(|hz| list.iter().position(|&f| (f - hz).abs() < 0.5))
        .unwrap_or_else(|| rng.random_range(0..list.len()));
    let window = BAND_CHOICES.min(list.len());
    let lowest = true_band.saturating_sub(window - 1);
    let highest = true_band.min(list.len() - window);
    let first = rng.random_range(lowest..=highest);
    let signs: &[f64] = if sign == Sign::Either {
        &[1.0, -1.0]
    } else {
        &[s]
    };
    for &si in signs {
        for (k, &f) in list[first..first + window].iter().enumerate() {
            if first + k == true_band && si == s {
                ex.answer = ex.choices.len();
            }
            let label = if sign == Sign::Either {
                format!("{} {}", hz_label(f), word(si))
            } else {
                hz_label(f)
            };
            ex.choices.push(Choice {
                label,
                value: f.log2(),
                sign: si,
                mix: apply_all(&ex.a, &[peak_edit(&target, f, si * ex.level, q)]).ok(),
                key: Some(band_key(f)),
            });
        }
    }
    ex.question = match sign {
        Sign::Either => format!("One {kind} band was boosted or cut in B. Which, and which way?"),
        _ => format!("One {kind} band got a {} in B. Which?", word(s)),
    };
    ex.change = ChangeInfo::peak(&target, &[list[true_band]], gain, q);
    Ok(())
}
