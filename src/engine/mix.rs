//! A whole mix: a strip per stem, group buses, the master strip and limiter,
//! and automation lanes. This is what a learner edits, what a lesson states
//! and what a hidden change modifies.

use super::automation::Lane;
use super::error::EngineError;
use super::param::{MASTER, Param, Target};
use super::strip::Strip;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The master limiter's settings. It is always on: the ceiling protects the
/// learner's ears and may only be lowered.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimiterSettings {
    /// True-peak ceiling, dBTP (≤ −1).
    #[serde(default = "LimiterSettings::default_ceiling")]
    pub ceiling_dbtp: f32,
    #[serde(default = "LimiterSettings::default_release")]
    pub release_ms: f32,
}

impl LimiterSettings {
    fn default_ceiling() -> f32 {
        -1.0
    }
    fn default_release() -> f32 {
        50.0
    }
}

impl Default for LimiterSettings {
    fn default() -> Self {
        Self {
            ceiling_dbtp: -1.0,
            release_ms: 50.0,
        }
    }
}

/// Every parameter of a mix (serde; TOML or JSON).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mix {
    /// Strips by stem name; a stem not listed plays at unity, centred.
    #[serde(default)]
    pub stems: BTreeMap<String, Strip>,
    /// Group buses by name; strips reach them with `bus = "name"`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub buses: BTreeMap<String, Strip>,
    /// The master strip (its pan, bus and sends are not used).
    #[serde(default)]
    pub master: Strip,
    #[serde(default)]
    pub limiter: LimiterSettings,
    /// Parameter moves over time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub automation: Vec<Lane>,
}

impl Mix {
    /// Parses and validates a mix from TOML text.
    pub fn from_toml(text: &str) -> Result<Mix, EngineError> {
        let mix: Mix = toml::from_str(text).map_err(|e| e.to_string())?;
        mix.validate()?;
        Ok(mix)
    }

    /// The strip a name addresses: "master", a bus, or a stem (a stem
    /// without an entry reads as the default strip).
    pub fn strip(&self, name: &str) -> Strip {
        self.strip_of(&Target::named(name))
    }

    /// The strip a name addresses, mutable (a stem gets an entry if it had
    /// none).
    pub fn strip_mut(&mut self, name: &str) -> &mut Strip {
        self.strip_mut_of(&Target::named(name))
    }

    /// Checks values, routing and automation; says which strip is wrong.
    pub fn validate(&self) -> Result<(), EngineError> {
        let invalid = |m: String| Err(EngineError::Invalid(m));
        for (kind, strips) in [("stems", &self.stems), ("buses", &self.buses)] {
            for (name, strip) in strips {
                strip
                    .validate()
                    .map_err(|e| e.at(&format!("{kind}.{name}")))?;
                if let Some(bus) = &strip.bus {
                    if !self.buses.contains_key(bus) {
                        return invalid(format!(
                            "{kind}.{name}: bus '{bus}' is not defined under [buses]"
                        ));
                    }
                    if kind == "buses" {
                        return invalid(format!(
                            "buses.{name}: buses feed the master; they cannot feed another bus"
                        ));
                    }
                }
            }
        }
        for name in self.buses.keys() {
            if self.stems.contains_key(name) || name == MASTER {
                return invalid(format!(
                    "buses.{name}: a bus cannot share its name with a stem or the master"
                ));
            }
        }
        self.master.validate().map_err(|e| e.at(MASTER))?;
        if self.master.bus.is_some() || self.master.reverb.is_some() || self.master.delay.is_some()
        {
            return invalid("master: the master has no bus or sends".into());
        }
        let LimiterSettings {
            ceiling_dbtp,
            release_ms,
        } = self.limiter;
        Param::LimiterCeilingDbtp.check(ceiling_dbtp as f64, "limiter.ceiling_dbtp")?;
        Param::LimiterReleaseMs.check(release_ms as f64, "limiter.release_ms")?;
        for (i, lane) in self.automation.iter().enumerate() {
            lane.validate(self)
                .map_err(|e| e.at(&format!("automation[{i}]")))?;
        }
        Ok(())
    }
}
