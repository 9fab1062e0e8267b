//! The value an edit sets, adds or appends, typed by the parameter it is
//! for; decoded from a file's value once, when the file is read.

use super::{Kind, Param};
use crate::engine::automation::Lane;
use crate::engine::strip::{
    Comp, DelaySend, Detector, EqBand, EqType, Gate, ReverbSend, Saturation,
};

/// A parameter's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    Flag(bool),
    Name(String),
    Shape(EqType),
    Detector(Detector),
    Gate(Gate),
    Band(EqBand),
    Comp(Comp),
    Saturation(Saturation),
    Reverb(ReverbSend),
    Delay(DelaySend),
    Lane(Lane),
    /// Nothing: an absent block, no bus, no sidechain; what a removal takes.
    Off,
}

impl Value {
    /// The number, if this is one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Number(v) => Some(*v),
            _ => None,
        }
    }

    /// Reads the value a file gives for `param` (as JSON, which any format
    /// a file comes in converts to). `appended` is true for an append,
    /// which takes an item of the list rather than the list.
    pub(super) fn decode(
        param: Param,
        appended: bool,
        raw: serde_json::Value,
    ) -> Result<Value, String> {
        use serde_json::from_value;
        let err = |e: serde_json::Error| e.to_string();
        if raw.is_null() {
            return Ok(Value::Off);
        }
        Ok(match (param.kind(), param) {
            (Kind::Number, _) => Value::Number(
                raw.as_f64()
                    .ok_or_else(|| format!("{param} takes a number, not {raw}"))?,
            ),
            (Kind::Flag, _) => Value::Flag(
                raw.as_bool()
                    .ok_or_else(|| format!("{param} takes true or false, not {raw}"))?,
            ),
            (Kind::Name, _) => Value::Name(
                raw.as_str()
                    .ok_or_else(|| format!("{param} takes a name, not {raw}"))?
                    .to_string(),
            ),
            (Kind::Shape, _) => Value::Shape(from_value(raw).map_err(err)?),
            (Kind::Detector, _) => Value::Detector(from_value(raw).map_err(err)?),
            (Kind::Block, Param::Gate) => Value::Gate(from_value(raw).map_err(err)?),
            (Kind::Block, Param::Comp) => Value::Comp(from_value(raw).map_err(err)?),
            (Kind::Block, Param::Saturation) => Value::Saturation(from_value(raw).map_err(err)?),
            (Kind::Block, Param::Reverb) => Value::Reverb(from_value(raw).map_err(err)?),
            (Kind::Block, Param::Delay) => Value::Delay(from_value(raw).map_err(err)?),
            (Kind::Block, _) | (Kind::List, Param::Eq) => {
                if !appended && param == Param::Eq {
                    return Err("eq takes bands one at a time: use op = \"append\"".into());
                }
                Value::Band(from_value(raw).map_err(err)?)
            }
            (Kind::List, _) => {
                if !appended {
                    return Err(format!(
                        "{param} takes items one at a time: use op = \"append\""
                    ));
                }
                Value::Lane(from_value(raw).map_err(err)?)
            }
        })
    }

    /// The value as a file writes it.
    pub(super) fn encode(&self) -> serde_json::Value {
        use serde_json::to_value;
        let json = match self {
            Value::Number(v) => Ok(serde_json::Value::from(*v)),
            Value::Flag(b) => Ok(serde_json::Value::from(*b)),
            Value::Name(n) => Ok(serde_json::Value::from(n.as_str())),
            Value::Shape(t) => to_value(t),
            Value::Detector(d) => to_value(d),
            Value::Gate(g) => to_value(g),
            Value::Band(b) => to_value(b),
            Value::Comp(c) => to_value(c),
            Value::Saturation(s) => to_value(s),
            Value::Reverb(r) => to_value(r),
            Value::Delay(d) => to_value(d),
            Value::Lane(l) => to_value(l),
            Value::Off => Ok(serde_json::Value::Null),
        };
        // The strip format's types all serialise to JSON (no maps with
        // non-string keys); a failure here would be a bug in a derive.
        json.unwrap_or(serde_json::Value::Null)
    }
}
