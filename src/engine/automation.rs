//! Automation: breakpoint lanes that move a parameter over time (fader rides,
//! send rides, EQ sweeps). Values between breakpoints are interpolated
//! linearly; before the first and after the last they hold.

use super::error::EngineError;
use super::mix::Mix;
use super::param::{Param, Target};
use serde::{Deserialize, Serialize};

/// How an automation lane moves a strip, block by block: the parameters
/// the graph can glide while it plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    GainDb,
    Pan,
    ReverbSendDb,
    DelaySendDb,
    EqFreqHz(usize),
    EqGainDb(usize),
}

impl Motion {
    /// The motion of `param`, if it can be automated. Exhaustive, so a new
    /// parameter is either given a motion here or stated to have none.
    pub fn of(param: Param) -> Option<Motion> {
        use Param as P;
        match param {
            P::GainDb => Some(Motion::GainDb),
            P::Pan => Some(Motion::Pan),
            P::ReverbSendDb => Some(Motion::ReverbSendDb),
            P::DelaySendDb => Some(Motion::DelaySendDb),
            P::EqFreqHz(n) => Some(Motion::EqFreqHz(n)),
            P::EqGainDb(n) => Some(Motion::EqGainDb(n)),
            P::Width
            | P::Mute
            | P::Bus
            | P::Gate
            | P::GateThresholdDb
            | P::GateRangeDb
            | P::GateAttackMs
            | P::GateHoldMs
            | P::GateReleaseMs
            | P::Eq
            | P::EqBand(_)
            | P::EqType(_)
            | P::EqQ(_)
            | P::EqSlopeDbOct(_)
            | P::Comp
            | P::CompThresholdDb
            | P::CompRatio
            | P::CompAttackMs
            | P::CompReleaseMs
            | P::CompKneeDb
            | P::CompMakeupDb
            | P::CompMix
            | P::CompDetector
            | P::CompSidechain
            | P::Saturation
            | P::SaturationDriveDb
            | P::SaturationMix
            | P::Reverb
            | P::ReverbDecayS
            | P::ReverbPredelayMs
            | P::ReverbDamping
            | P::ReverbSize
            | P::Delay
            | P::DelayTimeMs
            | P::DelayNote
            | P::DelayFeedback
            | P::DelayHighCutHz
            | P::DelayPingPong
            | P::LimiterCeilingDbtp
            | P::LimiterReleaseMs
            | P::Automation => None,
        }
    }
}

/// One automated parameter: breakpoints of (time in seconds, value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lane {
    /// The strip it moves (a stem, a bus, the master).
    pub target: Target,
    /// The parameter it moves, e.g. "gain_db" or "eq.0.freq_hz" in files.
    pub param: Param,
    /// (time_s, value) pairs in time order.
    pub points: Vec<(f64, f64)>,
}

impl Lane {
    /// How this lane moves its strip (validated lanes always have one).
    pub fn motion(&self) -> Option<Motion> {
        Motion::of(self.param)
    }

    /// Checks the parameter, the breakpoints and that the block it moves exists.
    pub fn validate(&self, mix: &Mix) -> Result<(), EngineError> {
        if self.motion().is_none() {
            return Err(EngineError::Invalid(format!(
                "'{}' cannot be automated (gain_db, pan, reverb.send_db, delay.send_db, eq.N.freq_hz, eq.N.gain_db)",
                self.param
            )));
        }
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
        let strip = mix.strip_of(&self.target);
        // The block it moves must be there; every point must be a value the
        // parameter accepts.
        strip
            .get(self.param)
            .map_err(|e| e.at(self.target.name()).to_string())?;
        for &(_, v) in &self.points {
            self.param
                .check(v, &format!("{}.{}", self.target, self.param))
                .map_err(|e| e.to_string())?;
        }
        Ok(())
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
            target: Target::stem("vox"),
            param: Param::GainDb,
            points: vec![(1.0, 0.0), (2.0, -10.0)],
        };
        assert_eq!(lane.value_at(0.0), 0.0);
        assert_eq!(lane.value_at(1.5), -5.0);
        assert_eq!(lane.value_at(3.0), -10.0);
        assert_eq!(Motion::of(Param::EqFreqHz(2)), Some(Motion::EqFreqHz(2)));
        assert_eq!(Motion::of(Param::CompRatio), None);
    }
}
