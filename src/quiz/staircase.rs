//! The adaptive staircase: Levitt's transformed up-down rule, 3-down/1-up,
//! which converges on the magnitude a listener gets right 79.4 % of the time
//! (Levitt, JASA 1971). Steps are ratios, since magnitudes in dB, % and LU
//! are heard on a roughly logarithmic scale; the step shrinks after the
//! first reversals so the track settles. The threshold is the mean of the
//! last reversals.

use super::skill::Skill;
use serde::{Deserialize, Serialize};

/// Correct answers in a row that make the task harder.
const DOWN_AFTER: u32 = 3;
/// Reversals averaged for the threshold (the literature uses 6–8).
const AVERAGED_REVERSALS: usize = 6;
/// Step ratios: coarse until the first two reversals, then finer.
const STEP_COARSE: f64 = 2.0;
const STEP_MEDIUM: f64 = 1.41;
const STEP_FINE: f64 = 1.19;

/// Which way the track last moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    None,
    Down,
    Up,
}

/// The state of one learner's staircase for one skill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Staircase {
    /// The magnitude of the next presentation.
    pub level: f64,
    pub min: f64,
    pub max: f64,
    /// Correct answers in a row at this level.
    pub run: u32,
    pub direction: Direction,
    /// Levels at which the track turned, oldest first.
    pub reversals: Vec<f64>,
    pub trials: u32,
}

impl Staircase {
    /// A new track at the skill's starting level.
    pub fn new(skill: &Skill) -> Self {
        Self {
            level: skill.start,
            min: skill.min,
            max: skill.max,
            run: 0,
            direction: Direction::None,
            reversals: Vec::new(),
            trials: 0,
        }
    }

    fn step(&self) -> f64 {
        match self.reversals.len() {
            0..=1 => STEP_COARSE,
            2..=3 => STEP_MEDIUM,
            _ => STEP_FINE,
        }
    }

    /// Records an answer at the current level and moves the track.
    pub fn record(&mut self, correct: bool) {
        self.trials += 1;
        let moved = if correct {
            self.run += 1;
            if self.run < DOWN_AFTER {
                return;
            }
            self.run = 0;
            Direction::Down
        } else {
            self.run = 0;
            Direction::Up
        };
        if self.direction != Direction::None && moved != self.direction {
            self.reversals.push(self.level);
        }
        self.direction = moved;
        let step = self.step();
        self.level = match moved {
            Direction::Down => self.level / step,
            _ => self.level * step,
        }
        .clamp(self.min, self.max);
    }

    /// The threshold: the geometric mean of the last reversals, once there
    /// are enough of them to mean something (at least four).
    pub fn threshold(&self) -> Option<f64> {
        if self.reversals.len() < 4 {
            return None;
        }
        // The first reversals come from the coarse approach; skip them when
        // there are more than enough.
        let usable = &self.reversals[self.reversals.len().saturating_sub(AVERAGED_REVERSALS)..];
        let mean_log = usable.iter().map(|x| x.ln()).sum::<f64>() / usable.len() as f64;
        Some(mean_log.exp())
    }

    /// The best guess so far: the threshold, else the current level.
    pub fn estimate(&self) -> f64 {
        self.threshold().unwrap_or(self.level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::skill::skill;

    #[test]
    fn three_right_go_down_one_wrong_goes_up() {
        let mut s = Staircase::new(skill("level").unwrap());
        assert_eq!(s.level, 6.0);
        s.record(true);
        s.record(true);
        assert_eq!(s.level, 6.0, "two right are not enough");
        s.record(true);
        assert_eq!(s.level, 3.0);
        s.record(false);
        assert_eq!(s.level, 6.0);
        assert_eq!(s.reversals, vec![3.0]);
        for _ in 0..3 {
            s.record(true);
        }
        assert_eq!(s.reversals, vec![3.0, 6.0]);
        assert!(
            (s.level - 6.0 / 1.41).abs() < 1e-9,
            "finer steps after two reversals"
        );
    }

    #[test]
    fn the_track_stays_inside_the_skill_range() {
        let mut s = Staircase::new(skill("level").unwrap());
        for _ in 0..100 {
            s.record(true);
        }
        assert_eq!(s.level, 0.2);
        for _ in 0..100 {
            s.record(false);
        }
        assert_eq!(s.level, 12.0);
    }
}
