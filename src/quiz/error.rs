//! What can go wrong making or scoring a drill, typed so a caller can decide.

use crate::engine::EngineError;
use thiserror::Error;

/// A drill that cannot be made or scored.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum QuizError {
    /// The drill names a skill the curriculum does not have.
    #[error("unknown skill '{0}'")]
    UnknownSkill(String),
    /// A level that is not a positive number.
    #[error("level {0} must be a positive number")]
    Level(f64),
    /// The drill cannot be made on this material (no stem to move, too
    /// few bands in range, material that cannot be found…).
    #[error("{0}")]
    Drill(String),
    /// The engine refused a mix or a render.
    #[error(transparent)]
    Engine(#[from] EngineError),
}

impl From<String> for QuizError {
    fn from(message: String) -> QuizError {
        QuizError::Drill(message)
    }
}

impl From<&str> for QuizError {
    fn from(message: &str) -> QuizError {
        QuizError::Drill(message.to_string())
    }
}

/// Callers that speak in messages (the command line, the app) take the
/// message.
impl From<QuizError> for String {
    fn from(e: QuizError) -> String {
        e.to_string()
    }
}
