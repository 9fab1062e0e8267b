//! A simulated listener for checking the adaptive loop: it hears a change
//! exactly when its magnitude is above a known threshold, lapses now and
//! then (answers at random although it heard), and guesses otherwise.

use super::skill::Skill;
use super::staircase::Staircase;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::Serialize;

/// How often the listener answers at random although the change was audible.
pub const LAPSE_RATE: f64 = 0.03;

/// One trial of a simulation.
#[derive(Clone, Debug, Serialize)]
pub struct Trial {
    pub trial: u32,
    pub level: f64,
    pub correct: bool,
}

/// The outcome of a simulation.
#[derive(Clone, Debug, Serialize)]
pub struct Simulation {
    pub skill: String,
    pub threshold: f64,
    pub estimate: f64,
    pub reversals: Vec<f64>,
    pub history: Vec<Trial>,
}

/// Runs `trials` answers of a listener with `threshold` through a new
/// staircase for `skill`, with `choices` answers per question.
pub fn simulate(skill: &Skill, threshold: f64, trials: u32, choices: u32, seed: u64) -> Simulation {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut stair = Staircase::new(skill);
    let mut history = Vec::with_capacity(trials as usize);
    let guess = 1.0 / choices.max(2) as f64;
    for trial in 1..=trials {
        let level = stair.level;
        let heard = level > threshold && !rng.random_bool(LAPSE_RATE);
        let correct = heard || rng.random_bool(guess);
        stair.record(correct);
        history.push(Trial {
            trial,
            level,
            correct,
        });
    }
    Simulation {
        skill: skill.id.to_string(),
        threshold,
        estimate: stair.estimate(),
        reversals: stair.reversals,
        history,
    }
}
