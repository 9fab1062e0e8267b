//! What can go wrong in the engine, typed so a caller can decide on it.

use thiserror::Error;

/// An engine error: a bad mix, strip or edit, or a render that went wrong.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum EngineError {
    /// A value outside the range its processor accepts (`at` is the dotted
    /// path: "stems.vocal.eq.0.gain_db").
    #[error("{at} = {value} is out of range ({range})")]
    OutOfRange {
        at: String,
        value: f64,
        range: String,
    },
    /// A parameter name the strip format does not have.
    #[error("'{0}' is not a parameter of the strip format")]
    UnknownParam(String),
    /// An edit that cannot be made ("comp.ratio" on a strip without a
    /// compressor, an append to a number…).
    #[error("{at}: {message}")]
    Edit { at: String, message: String },
    /// A mix whose parts do not fit together (routing, names, automation).
    #[error("{0}")]
    Invalid(String),
    /// A render produced NaN or infinity; `stage` names where it appeared.
    #[error("the render went non-finite (NaN or infinity) at {stage}")]
    NonFinite { stage: String },
}

impl EngineError {
    /// The same error with `prefix.` in front of the place it names.
    pub fn at(self, prefix: &str) -> EngineError {
        match self {
            EngineError::OutOfRange { at, value, range } => EngineError::OutOfRange {
                at: format!("{prefix}.{at}"),
                value,
                range,
            },
            EngineError::Edit { at, message } => EngineError::Edit {
                at: format!("{prefix}.{at}"),
                message,
            },
            EngineError::Invalid(m) => EngineError::Invalid(format!("{prefix}: {m}")),
            other => other,
        }
    }
}

/// A problem stated in words (routing, names, a mix that does not fit its
/// session) is an invalid mix.
impl From<String> for EngineError {
    fn from(message: String) -> EngineError {
        EngineError::Invalid(message)
    }
}

impl From<&str> for EngineError {
    fn from(message: &str) -> EngineError {
        EngineError::Invalid(message.to_string())
    }
}

/// Callers that still speak in messages (the command line, the app) take
/// the message.
impl From<EngineError> for String {
    fn from(e: EngineError) -> String {
        e.to_string()
    }
}
