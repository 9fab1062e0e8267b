//! Drills: turning a lesson's drill spec, a difficulty level and a seed into
//! an exercise (material, A, B = A with one hidden change, question, choices,
//! answer), rendering it fairly, scoring answers, and the adaptive staircase
//! that sets the level per skill.

mod abx;
mod bands;
mod contrast;
mod drill;
mod effects;
mod error;
mod exercise;
mod generate;
mod kinds;
mod material;
mod picture;
mod render;
mod score;
mod simulate;
mod skill;
mod staircase;
mod tutor;
mod words;

pub use abx::{Abx, Blind, binomial_p_value};
pub use bands::hz_label;
pub use drill::{Amount, BandSet, Drill, DrillKind, Quality, Sign, StemProcess};
pub use error::QuizError;
pub use exercise::{ChangeInfo, Choice, Control, Exercise};
pub use generate::{generate, generate_with};
pub use kinds::restore::score_controls;
pub use material::{MaterialSpec, NOISE_STEM, Stage, any_sessions, material_kind, stage};
pub use picture::{Picture, picture};
pub use render::{
    ROVE_DB, Rendered, render_choice, render_mix, render_pair, render_solo_pair, solo_stem,
};
pub use score::{Score, score};
pub use simulate::{LAPSE_RATE, Simulation, Trial, simulate};
pub use skill::{SKILLS, Skill, skill};
pub use staircase::{Direction, Staircase};
pub use tutor::{
    Focus, Ladder, Region, band_count, band_key, plan, weakness_weight, weighted_index,
};
