//! One edit of a mix: set, add to, append to or remove one parameter of one
//! strip. Files write it as `{ target, op, path, value }`; it is decoded
//! into types once, so a bad path or value is reported where the file is
//! read.

use super::{Kind, Param, Target, Value};
use crate::engine::error::EngineError;
use crate::engine::mix::Mix;
use crate::engine::strip::EqBand;
use serde::{Deserialize, Serialize};

/// What the edit does to its parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Replace the value (or insert a block).
    Set,
    /// Add a number to the value (e.g. +3 dB).
    Add,
    /// Push onto a list (one more EQ band, one more automation lane).
    Append,
    /// Remove a block or a band.
    Remove,
}

/// One edit of one strip of a mix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawEdit", into = "RawEdit")]
pub struct Edit {
    pub target: Target,
    pub op: Op,
    pub param: Param,
    pub value: Value,
}

/// The file form of an edit.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdit {
    target: String,
    op: Op,
    /// The parameter's dotted path.
    path: String,
    #[serde(default)]
    value: serde_json::Value,
}

impl TryFrom<RawEdit> for Edit {
    type Error = String;

    fn try_from(raw: RawEdit) -> Result<Edit, String> {
        let target: Target = raw.target.parse().map_err(|e: EngineError| e.to_string())?;
        let param: Param = raw.path.parse().map_err(|e: EngineError| e.to_string())?;
        let value = Value::decode(param, raw.op == Op::Append, raw.value)
            .map_err(|e| format!("{target}.{param}: {e}"))?;
        let edit = Edit {
            target,
            op: raw.op,
            param,
            value,
        };
        edit.check_shape().map_err(|e| e.to_string())?;
        Ok(edit)
    }
}

impl From<Edit> for RawEdit {
    fn from(e: Edit) -> RawEdit {
        RawEdit {
            target: e.target.to_string(),
            op: e.op,
            path: e.param.to_string(),
            value: e.value.encode(),
        }
    }
}

impl Edit {
    /// Sets a number.
    pub fn set(target: Target, param: Param, value: f64) -> Edit {
        Edit {
            target,
            op: Op::Set,
            param,
            value: Value::Number(value),
        }
    }

    /// Adds to a number.
    pub fn add(target: Target, param: Param, delta: f64) -> Edit {
        Edit {
            target,
            op: Op::Add,
            param,
            value: Value::Number(delta),
        }
    }

    /// Puts a block (or a band, or any value) in place.
    pub fn put(target: Target, param: Param, value: Value) -> Edit {
        Edit {
            target,
            op: Op::Set,
            param,
            value,
        }
    }

    /// Appends an EQ band.
    pub fn add_eq(target: Target, band: EqBand) -> Edit {
        Edit {
            target,
            op: Op::Append,
            param: Param::Eq,
            value: Value::Band(band),
        }
    }

    /// Whether the operation fits the parameter and the value's kind (a
    /// number added to a number, a band appended to the EQ…).
    fn check_shape(&self) -> Result<(), EngineError> {
        let fits = match (self.op, self.param.kind(), &self.value) {
            (Op::Add, Kind::Number, Value::Number(_)) => true,
            (Op::Add, ..) => false,
            (Op::Append, Kind::List, Value::Band(_)) => self.param == Param::Eq,
            (Op::Append, Kind::List, Value::Lane(_)) => self.param == Param::Automation,
            (Op::Append, ..) => false,
            (Op::Remove, Kind::Block, Value::Off) => true,
            (Op::Remove, ..) => false,
            (Op::Set, Kind::List, _) => false,
            (Op::Set, ..) => true,
        };
        let limiter = matches!(
            self.param,
            Param::LimiterCeilingDbtp | Param::LimiterReleaseMs
        );
        if limiter && self.target != Target::Master {
            return Err(self.error("the limiter is the master's"));
        }
        if fits {
            Ok(())
        } else {
            Err(self.error(&format!(
                "cannot {} {} here",
                match self.op {
                    Op::Set => "set",
                    Op::Add => "add to",
                    Op::Append => "append to",
                    Op::Remove => "remove",
                },
                match &self.value {
                    Value::Off => "it".to_string(),
                    v => format!("{v:?}"),
                }
            )))
        }
    }

    fn error(&self, message: &str) -> EngineError {
        EngineError::Edit {
            at: format!("{}.{}", self.target, self.param),
            message: message.to_string(),
        }
    }

    /// The mix with this edit applied, validated.
    pub fn apply(&self, mix: &Mix) -> Result<Mix, EngineError> {
        let mut out = mix.clone();
        self.apply_in(&mut out)?;
        out.validate()?;
        Ok(out)
    }

    /// Applies the edit in place, without validating the whole mix.
    pub fn apply_in(&self, mix: &mut Mix) -> Result<(), EngineError> {
        self.check_shape()?;
        let target = mix.resolve(&self.target);
        match self.op {
            Op::Set => mix.set(&target, self.param, self.value.clone()),
            Op::Add => {
                let delta = self.value.number().unwrap_or(0.0);
                let now = mix.number(&target, self.param)?;
                mix.set(&target, self.param, Value::Number(now + delta))
            }
            Op::Append => match &self.value {
                Value::Lane(lane) => {
                    mix.automation.push(lane.clone());
                    Ok(())
                }
                Value::Band(band) => {
                    mix.strip_mut_of(&target).eq.push(*band);
                    Ok(())
                }
                _ => Err(self.error("nothing to append")),
            },
            Op::Remove => mix.remove(&target, self.param),
        }
    }
}

/// Applies `edits` in order to `mix`, validating the result.
pub fn apply_all(mix: &Mix, edits: &[Edit]) -> Result<Mix, EngineError> {
    let mut out = mix.clone();
    for e in edits {
        e.apply_in(&mut out)?;
    }
    out.validate()?;
    Ok(out)
}
