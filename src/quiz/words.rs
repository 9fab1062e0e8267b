//! Small helpers every drill kind shares: the names learners see for
//! stems, the strip a whole-material change goes on, and a seeded shuffle.

use super::exercise::Exercise;
use super::material::Stage;
use crate::engine::param::MASTER;
use rand::RngExt;
use rand::rngs::StdRng;

/// The strip a change goes on: the soloed stem or the noise, else the master.
pub(super) fn whole_target(stage: &Stage) -> String {
    match stage.audible.as_slice() {
        [one] => one.clone(),
        _ => MASTER.into(),
    }
}

/// Shuffles `items` with the exercise's generator (Fisher–Yates).
pub(super) fn shuffle<T>(items: &mut [T], rng: &mut StdRng) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}

/// The name a learner sees for a stem ("Lead oohs").
pub(super) fn display_name(ex: &Exercise, name: &str) -> String {
    ex.stage
        .loaded
        .stems
        .iter()
        .find(|s| s.name == name)
        .map_or_else(|| name.to_string(), |s| s.display.clone())
}

/// The stem's name inside a sentence ("the lead oohs").
pub(super) fn display(ex: &Exercise, name: &str) -> String {
    display_name(ex, name).to_lowercase()
}
