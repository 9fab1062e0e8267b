//! Scoring an answer, with partial credit where being close means something:
//! an octave off scores more than three octaves off, a wrong direction costs
//! more than a near miss, a neighbouring amount more than a far one.

use super::drill::DrillKind;
use super::exercise::Exercise;

/// How an answer scored.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    /// 0 … 1.
    pub points: f64,
    /// Exactly right (this is what moves the staircase).
    pub correct: bool,
}

/// Scores choice `chosen` of `ex`.
pub fn score(ex: &Exercise, chosen: usize) -> Score {
    let Some(choice) = ex.choices.get(chosen) else {
        return Score {
            points: 0.0,
            correct: false,
        };
    };
    let right = &ex.choices[ex.answer];
    if chosen == ex.answer {
        return Score {
            points: 1.0,
            correct: true,
        };
    }
    let wrong_direction = choice.sign != right.sign;
    let points = match &ex.drill.kind {
        DrillKind::WhichBand { .. } => {
            // One third of the points lost per octave off; half of what is
            // left for the wrong direction.
            let octaves = (choice.value - right.value).abs();
            let near = (1.0 - octaves / 3.0).max(0.0);
            if wrong_direction { near * 0.5 } else { near }
        }
        DrillKind::HowMuch { .. } => {
            // A step off (a factor of 2 at the low end) keeps half.
            let ratio = (choice.value / right.value).log2().abs();
            (1.0 - ratio / 2.0).max(0.0)
        }
        DrillKind::WhichStem { .. } => {
            // The right stem the wrong way: a quarter. Another stem the right
            // way: nothing (hearing which stem is the skill).
            if choice.value == right.value {
                0.25
            } else {
                0.0
            }
        }
        DrillKind::AOrB { .. } => 0.0,
        DrillKind::Where => {
            // Pan positions: the right side and close gets most.
            let off = (choice.value - right.value).abs();
            let near = (1.0 - off).max(0.0);
            if wrong_direction { near * 0.25 } else { near }
        }
        // Restoring drills have no choices (see `score_controls`).
        DrillKind::MatchIt { .. } | DrillKind::BalanceMemory => 0.0,
        DrillKind::When => {
            if (choice.value - right.value).abs() <= 1.0 {
                0.25
            } else {
                0.0
            }
        }
    };
    Score {
        points,
        correct: false,
    }
}
