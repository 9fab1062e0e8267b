//! A hidden change: one edit of a mix, the heart of every drill.
//!
//! An edit addresses any field of a strip by a dotted path, so a lesson can
//! change a level ("gain_db"), a parameter ("comp.ratio"), a band
//! ("eq.0.gain_db"), insert a block ("comp", "saturation") or add a band
//! ("eq" with `append`), all through the strip format itself.

use super::mix::Mix;
use super::strip::Strip;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What the edit does at its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Replace the value (or insert a block).
    Set,
    /// Add a number to the value (e.g. +3 dB).
    Add,
    /// Push onto a list (e.g. one more EQ band).
    Append,
    /// Remove a block (e.g. take the compressor out).
    Remove,
}

/// One edit of one strip of a mix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// A stem or bus name, or "master".
    pub target: String,
    pub op: Op,
    /// Dotted path into the strip: "gain_db", "comp.ratio", "eq.0.freq_hz", "eq".
    pub path: String,
    /// The value (in the strip format's units), a number or a block.
    #[serde(default)]
    pub value: Value,
}

impl Change {
    /// Sets a numeric field.
    pub fn set(target: &str, path: &str, value: f64) -> Self {
        Self {
            target: target.into(),
            op: Op::Set,
            path: path.into(),
            value: Value::from(value),
        }
    }

    /// Adds to a numeric field.
    pub fn add(target: &str, path: &str, delta: f64) -> Self {
        Self {
            target: target.into(),
            op: Op::Add,
            path: path.into(),
            value: Value::from(delta),
        }
    }

    /// Appends an EQ band.
    pub fn add_eq(target: &str, band: super::strip::EqBand) -> Self {
        Self {
            target: target.into(),
            op: Op::Append,
            path: "eq".into(),
            value: serde_json::to_value(band).unwrap_or(Value::Null),
        }
    }

    /// The mix with this change applied, validated.
    ///
    /// Automation lanes belong to the mix rather than a strip: appending to
    /// the path "automation" (any target) adds a lane, given in the mix format.
    /// So does the master limiter: "limiter.ceiling_dbtp" (target "master").
    pub fn apply(&self, mix: &Mix) -> Result<Mix, String> {
        let mut out = mix.clone();
        if self.path == "automation" {
            if self.op != Op::Append {
                return Err("automation lanes can only be appended".into());
            }
            let lane = serde_json::from_value(self.value.clone())
                .map_err(|e| format!("change automation: {e}"))?;
            out.automation.push(lane);
            out.validate()?;
            return Ok(out);
        }
        if let Some(path) = self.path.strip_prefix("limiter.") {
            let mut tree = serde_json::to_value(out.limiter).map_err(|e| e.to_string())?;
            edit(&mut tree, path, self.op, &self.value)
                .map_err(|e| format!("change {}: {e}", self.path))?;
            out.limiter =
                serde_json::from_value(tree).map_err(|e| format!("change {}: {e}", self.path))?;
            out.validate()?;
            return Ok(out);
        }
        let strip = out.strip_mut(&self.target);
        let mut tree = serde_json::to_value(&*strip).map_err(|e| e.to_string())?;
        edit(&mut tree, &self.path, self.op, &self.value)
            .map_err(|e| format!("change {}.{}: {e}", self.target, self.path))?;
        *strip = serde_json::from_value::<Strip>(tree)
            .map_err(|e| format!("change {}.{}: {e}", self.target, self.path))?;
        out.validate()?;
        Ok(out)
    }
}

/// The number at `path` ("gain_db", "eq.2.gain_db") of `target`'s strip in
/// `mix`: what a control of a restoring drill reads back from a desk.
pub fn read(mix: &Mix, target: &str, path: &str) -> Result<f64, String> {
    let mut tree = serde_json::to_value(mix.strip(target)).map_err(|e| e.to_string())?;
    let mut node = &mut tree;
    for key in path.split('.') {
        node = child(node, key).map_err(|e| format!("{target}.{path}: {e}"))?;
    }
    node.as_f64()
        .ok_or_else(|| format!("{target}.{path} is not a number"))
}

fn edit(tree: &mut Value, path: &str, op: Op, value: &Value) -> Result<(), String> {
    let (parent_path, leaf) = match path.rsplit_once('.') {
        Some((p, l)) => (Some(p), l),
        None => (None, path),
    };
    let mut node = tree;
    if let Some(parent_path) = parent_path {
        for key in parent_path.split('.') {
            node = child(node, key)?;
        }
    }
    match op {
        Op::Set => {
            set_child(node, leaf, value.clone())?;
        }
        Op::Add => {
            let delta = value.as_f64().ok_or("add needs a number")?;
            let current = child(node, leaf)?;
            let now = current
                .as_f64()
                .ok_or_else(|| format!("'{leaf}' is not a number"))?;
            *current = Value::from(now + delta);
        }
        Op::Append => {
            let obj = node.as_object_mut().ok_or("not a block")?;
            let list = obj.entry(leaf).or_insert_with(|| Value::Array(Vec::new()));
            list.as_array_mut()
                .ok_or_else(|| format!("'{leaf}' is not a list"))?
                .push(value.clone());
        }
        Op::Remove => match node {
            Value::Object(obj) => {
                obj.remove(leaf)
                    .ok_or_else(|| format!("nothing at '{leaf}' to remove"))?;
            }
            Value::Array(list) => {
                let i: usize = leaf
                    .parse()
                    .map_err(|_| format!("'{leaf}' is not an index"))?;
                if i >= list.len() {
                    return Err(format!("no item {i} to remove"));
                }
                list.remove(i);
            }
            _ => return Err("nothing to remove there".into()),
        },
    }
    Ok(())
}

fn child<'a>(node: &'a mut Value, key: &str) -> Result<&'a mut Value, String> {
    match node {
        Value::Object(obj) => obj
            .get_mut(key)
            .ok_or_else(|| format!("the strip has no '{key}'")),
        Value::Array(list) => {
            let i: usize = key
                .parse()
                .map_err(|_| format!("'{key}' is not an index"))?;
            let n = list.len();
            list.get_mut(i)
                .ok_or_else(|| format!("index {i} is past the end ({n} items)"))
        }
        _ => Err(format!("'{key}' is inside a value, not a block")),
    }
}

fn set_child(node: &mut Value, key: &str, value: Value) -> Result<(), String> {
    match node {
        Value::Object(obj) => {
            obj.insert(key.to_string(), value);
            Ok(())
        }
        Value::Array(_) => {
            *child(node, key)? = value;
            Ok(())
        }
        _ => Err(format!("cannot set '{key}' inside a value")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::strip::{EqBand, EqType};

    #[test]
    fn a_value_set_by_path_reads_back() {
        let band = EqBand {
            kind: EqType::Peak,
            freq_hz: 250.0,
            gain_db: 0.0,
            q: 1.0,
            slope_db_oct: None,
        };
        let mix = Change::add_eq("bass", band).apply(&Mix::default()).unwrap();
        let mix = Change::set("bass", "eq.0.gain_db", -4.5)
            .apply(&mix)
            .unwrap();
        assert_eq!(read(&mix, "bass", "eq.0.gain_db"), Ok(-4.5));
        assert_eq!(read(&mix, "bass", "gain_db"), Ok(0.0));
        assert!(read(&mix, "bass", "eq.3.gain_db").is_err());
    }

    #[test]
    fn edits_numbers_blocks_and_lists() {
        let mix = Mix::default();
        let louder = Change::add("vox", "gain_db", 3.0).apply(&mix).unwrap();
        assert_eq!(louder.stems["vox"].gain_db, 3.0);
        let band = EqBand {
            kind: EqType::Peak,
            freq_hz: 4000.0,
            gain_db: 6.0,
            q: 1.4,
            slope_db_oct: None,
        };
        let eq = Change::add_eq("vox", band).apply(&louder).unwrap();
        assert_eq!(eq.stems["vox"].eq, vec![band]);
        let quieter = Change::add("master", "limiter.ceiling_dbtp", -6.0)
            .apply(&mix)
            .unwrap();
        assert_eq!(quieter.limiter.ceiling_dbtp, -7.0);
        assert!(
            Change::add("master", "limiter.ceiling_dbtp", 0.5)
                .apply(&mix)
                .is_err()
        );
        let moved = Change::set("vox", "eq.0.freq_hz", 2000.0)
            .apply(&eq)
            .unwrap();
        assert_eq!(moved.stems["vox"].eq[0].freq_hz, 2000.0);
        let comp: Value = serde_json::json!({"threshold_db": -30.0, "ratio": 8.0});
        let squashed = Change {
            target: "master".into(),
            op: Op::Set,
            path: "comp".into(),
            value: comp,
        }
        .apply(&mix)
        .unwrap();
        assert_eq!(squashed.master.comp.as_ref().unwrap().ratio, 8.0);
        let back = Change {
            target: "master".into(),
            op: Op::Remove,
            path: "comp".into(),
            value: Value::Null,
        }
        .apply(&squashed)
        .unwrap();
        assert!(back.master.comp.is_none());
    }

    #[test]
    fn bad_edits_say_why() {
        let mix = Mix::default();
        assert!(
            Change::set("vox", "comp.ratio", 4.0)
                .apply(&mix)
                .unwrap_err()
                .contains("comp")
        );
        assert!(
            Change::set("vox", "pan", 5.0)
                .apply(&mix)
                .unwrap_err()
                .contains("pan")
        );
    }
}
