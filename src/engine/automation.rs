//! Automation: breakpoint lanes that move a parameter over time (fader rides,
//! send rides, EQ sweeps). Values between breakpoints are interpolated
//! linearly; before the first and after the last they hold.

use super::mix::Mix;
use serde::{Deserialize, Serialize};

/// The parameters that can be automated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    GainDb,
    Pan,
    ReverbSendDb,
    DelaySendDb,
    EqFreqHz(usize),
    EqGainDb(usize),
}

impl Param {
    /// Parses "gain_db", "pan", "reverb.send_db", "delay.send_db",
    /// "eq.N.freq_hz" or "eq.N.gain_db".
    pub fn parse(text: &str) -> Result<Param, String> {
        let parts: Vec<&str> = text.split('.').collect();
        match parts.as_slice() {
            ["gain_db"] => Ok(Param::GainDb),
            ["pan"] => Ok(Param::Pan),
            ["reverb", "send_db"] => Ok(Param::ReverbSendDb),
            ["delay", "send_db"] => Ok(Param::DelaySendDb),
            ["eq", n, field] => {
                let n: usize = n
                    .parse()
                    .map_err(|_| format!("'{text}': '{n}' is not a band number"))?;
                match *field {
                    "freq_hz" => Ok(Param::EqFreqHz(n)),
                    "gain_db" => Ok(Param::EqGainDb(n)),
                    _ => Err(format!("'{text}': EQ automation moves freq_hz or gain_db")),
                }
            }
            _ => Err(format!(
                "'{text}' cannot be automated (gain_db, pan, reverb.send_db, delay.send_db, eq.N.freq_hz, eq.N.gain_db)"
            )),
        }
    }
}

/// One automated parameter: breakpoints of (time in seconds, value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lane {
    /// A stem or bus name, or "master".
    pub target: String,
    /// The parameter path, e.g. "gain_db" or "eq.0.freq_hz".
    pub param: String,
    /// (time_s, value) pairs in time order.
    pub points: Vec<(f64, f64)>,
}

impl Lane {
    /// Checks the parameter, the breakpoints and that the block it moves exists.
    pub fn validate(&self, mix: &Mix) -> Result<(), String> {
        let param = Param::parse(&self.param)?;
        if self.points.is_empty() {
            return Err("a lane needs at least one point".into());
        }
        if self.points.windows(2).any(|w| w[1].0 < w[0].0)
            || self
                .points
                .iter()
                .any(|p| !p.0.is_finite() || !p.1.is_finite())
        {
            return Err("points must be finite and in time order".into());
        }
        let strip = mix.strip(&self.target);
        match param {
            Param::ReverbSendDb if strip.reverb.is_none() => {
                Err(format!("{} has no reverb send to automate", self.target))
            }
            Param::DelaySendDb if strip.delay.is_none() => {
                Err(format!("{} has no delay send to automate", self.target))
            }
            Param::EqFreqHz(n) | Param::EqGainDb(n) if n >= strip.eq.len() => {
                Err(format!("{} has no EQ band {n}", self.target))
            }
            _ => Ok(()),
        }
    }

    /// The value at time `t_s`.
    pub fn value_at(&self, t_s: f64) -> f64 {
        let p = &self.points;
        if t_s <= p[0].0 {
            return p[0].1;
        }
        for w in p.windows(2) {
            if t_s <= w[1].0 {
                let span = w[1].0 - w[0].0;
                let a = if span > 0.0 {
                    (t_s - w[0].0) / span
                } else {
                    1.0
                };
                return w[0].1 + a * (w[1].1 - w[0].1);
            }
        }
        p[p.len() - 1].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_and_holds() {
        let lane = Lane {
            target: "vox".into(),
            param: "gain_db".into(),
            points: vec![(1.0, 0.0), (2.0, -10.0)],
        };
        assert_eq!(lane.value_at(0.0), 0.0);
        assert_eq!(lane.value_at(1.5), -5.0);
        assert_eq!(lane.value_at(3.0), -10.0);
        assert_eq!(Param::parse("eq.2.freq_hz"), Ok(Param::EqFreqHz(2)));
        assert!(Param::parse("comp.ratio").is_err());
    }
}
