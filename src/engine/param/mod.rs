//! The typed parameter model: which strip of a mix is addressed
//! ([`Target`]), which field of it ([`Param`]), the value it takes
//! ([`Value`]) and one edit ([`Edit`]).
//!
//! The dotted text of lesson, mix and exercise files ("gain_db",
//! "eq.0.freq_hz", "limiter.ceiling_dbtp", a target "vocal" or "master") is
//! parsed once where a file is read (`FromStr`) and printed back by
//! `Display`, so a file keeps its meaning; inside, everything matches on
//! enums and the compiler checks each use.

mod access;
mod edit;
mod value;

pub use edit::{Edit, Op, apply_all};
pub use value::Value;

use super::error::EngineError;
use std::fmt;
use std::str::FromStr;

/// The strip of a mix an edit or an automation lane addresses.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A stem, by its id in the session.
    Stem(String),
    /// A group bus, by name.
    Bus(String),
    /// The master strip (and the master limiter).
    Master,
}

impl Target {
    /// The stem of this id.
    pub fn stem(id: &str) -> Target {
        Target::Stem(id.to_string())
    }

    /// The strip a name addresses: "master" is the master, any other name
    /// a stem (until a mix says it is one of its buses).
    pub fn named(name: &str) -> Target {
        if name == MASTER {
            Target::Master
        } else {
            Target::Stem(name.to_string())
        }
    }

    /// The name as files write it: the stem's or bus's name, or "master".
    pub fn name(&self) -> &str {
        match self {
            Target::Stem(n) | Target::Bus(n) => n,
            Target::Master => MASTER,
        }
    }
}

/// The name files give the master strip.
pub const MASTER: &str = "master";

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Target {
    type Err = EngineError;

    /// "master" is the master; any other name is a stem until a mix says
    /// it is one of its buses ([`Mix::resolve`](super::Mix::resolve)).
    fn from_str(text: &str) -> Result<Target, EngineError> {
        match text {
            "" => Err(EngineError::Invalid("an empty target name".into())),
            MASTER => Ok(Target::Master),
            name => Ok(Target::Stem(name.to_string())),
        }
    }
}

impl serde::Serialize for Target {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Target {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Target, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Every field of the strip format, and the mix-level fields an edit can
/// reach (the master limiter, automation lanes). `Eq…(n)` address band `n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Param {
    GainDb,
    Pan,
    Width,
    Mute,
    Bus,
    /// The gate block as a whole.
    Gate,
    GateThresholdDb,
    GateRangeDb,
    GateAttackMs,
    GateHoldMs,
    GateReleaseMs,
    /// The list of EQ bands (an append adds one).
    Eq,
    /// Band n as a whole.
    EqBand(usize),
    EqType(usize),
    EqFreqHz(usize),
    EqGainDb(usize),
    EqQ(usize),
    EqSlopeDbOct(usize),
    /// The compressor block as a whole.
    Comp,
    CompThresholdDb,
    CompRatio,
    CompAttackMs,
    CompReleaseMs,
    CompKneeDb,
    CompMakeupDb,
    CompMix,
    CompDetector,
    CompSidechain,
    /// The saturation block as a whole.
    Saturation,
    SaturationDriveDb,
    SaturationMix,
    /// The reverb send as a whole.
    Reverb,
    ReverbSendDb,
    ReverbDecayS,
    ReverbPredelayMs,
    ReverbDamping,
    ReverbSize,
    /// The delay send as a whole.
    Delay,
    DelaySendDb,
    DelayTimeMs,
    DelayNote,
    DelayFeedback,
    DelayHighCutHz,
    DelayPingPong,
    /// The master limiter's true-peak ceiling (target: the master).
    LimiterCeilingDbtp,
    LimiterReleaseMs,
    /// The mix's automation lanes (an append adds one; any target).
    Automation,
}

/// What kind of value a parameter holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Number,
    Flag,
    /// A name: a bus, a sidechain stem, a delay note value.
    Name,
    /// An EQ band's filter type.
    Shape,
    /// A compressor's level detector.
    Detector,
    /// A block of the strip format (or a band, or a lane).
    Block,
    /// A list that takes appends (EQ bands, automation lanes).
    List,
}

impl Param {
    /// The kind of value this parameter holds.
    pub fn kind(self) -> Kind {
        use Param::*;
        match self {
            GainDb | Pan | Width | GateThresholdDb | GateRangeDb | GateAttackMs | GateHoldMs
            | GateReleaseMs | EqFreqHz(_) | EqGainDb(_) | EqQ(_) | EqSlopeDbOct(_)
            | CompThresholdDb | CompRatio | CompAttackMs | CompReleaseMs | CompKneeDb
            | CompMakeupDb | CompMix | SaturationDriveDb | SaturationMix | ReverbSendDb
            | ReverbDecayS | ReverbPredelayMs | ReverbDamping | ReverbSize | DelaySendDb
            | DelayTimeMs | DelayFeedback | DelayHighCutHz | LimiterCeilingDbtp
            | LimiterReleaseMs => Kind::Number,
            Mute | DelayPingPong => Kind::Flag,
            Bus | CompSidechain | DelayNote => Kind::Name,
            EqType(_) => Kind::Shape,
            CompDetector => Kind::Detector,
            Gate | EqBand(_) | Comp | Saturation | Reverb | Delay => Kind::Block,
            Eq | Automation => Kind::List,
        }
    }

    /// The range a number must lie in, in the parameter's unit, with the
    /// text the error shows (`None` for parameters that are not numbers).
    pub fn range(self) -> Option<(f64, f64, &'static str)> {
        use Param::*;
        Some(match self {
            GainDb => (-120.0, 24.0, "−120 … +24 dB"),
            Pan => (-1.0, 1.0, "−1 … +1"),
            Width => (0.0, 2.0, "0 … 2"),
            GateThresholdDb => (-100.0, 0.0, "−100 … 0 dB"),
            GateRangeDb => (0.0, 100.0, "0 … 100 dB"),
            GateAttackMs | GateHoldMs | GateReleaseMs => (0.0, 5000.0, "0 … 5000 ms"),
            EqFreqHz(_) => (10.0, 23_500.0, "10 … 23500 Hz"),
            EqGainDb(_) => (-30.0, 30.0, "−30 … +30 dB"),
            EqQ(_) => (0.1, 40.0, "0.1 … 40"),
            EqSlopeDbOct(_) => (12.0, 24.0, "12 or 24 dB/oct"),
            CompThresholdDb => (-80.0, 0.0, "−80 … 0 dB"),
            CompRatio => (1.0, 100.0, "1 … 100"),
            CompAttackMs => (0.0, 1000.0, "0 … 1000 ms"),
            CompReleaseMs => (1.0, 5000.0, "1 … 5000 ms"),
            CompKneeDb => (0.0, 24.0, "0 … 24 dB"),
            CompMakeupDb => (-24.0, 40.0, "−24 … +40 dB"),
            CompMix | SaturationMix | ReverbDamping => (0.0, 1.0, "0 … 1"),
            SaturationDriveDb => (0.0, 36.0, "0 … 36 dB"),
            ReverbSendDb | DelaySendDb => (-120.0, 12.0, "−120 … +12 dB"),
            ReverbDecayS => (0.1, 20.0, "0.1 … 20 s"),
            ReverbPredelayMs => (0.0, 250.0, "0 … 250 ms"),
            ReverbSize => (0.5, 2.0, "0.5 … 2"),
            DelayTimeMs => (1.0, crate::dsp::delay::MAX_TIME_MS as f64, "1 … 2000 ms"),
            DelayFeedback => (0.0, 0.95, "0 … 0.95"),
            DelayHighCutHz => (200.0, 21_600.0, "200 … 21600 Hz"),
            LimiterCeilingDbtp => (-40.0, -1.0, "−40 … −1 dBTP"),
            LimiterReleaseMs => (1.0, 5000.0, "1 … 5000 ms"),
            Mute | Bus | Gate | Eq | EqBand(_) | EqType(_) | Comp | CompDetector
            | CompSidechain | Saturation | Reverb | Delay | DelayNote | DelayPingPong
            | Automation => return None,
        })
    }

    /// Checks a number against [`Param::range`]; `at` names it in the error.
    pub fn check(self, value: f64, at: &str) -> Result<(), EngineError> {
        let Some((lo, hi, text)) = self.range() else {
            return Ok(());
        };
        let ok = value.is_finite()
            && (lo..=hi).contains(&value)
            && (!matches!(self, Param::EqSlopeDbOct(_)) || value == 12.0 || value == 24.0);
        if ok {
            Ok(())
        } else {
            Err(EngineError::OutOfRange {
                at: at.to_string(),
                value,
                range: text.to_string(),
            })
        }
    }

    /// `value` within the parameter's range (for controls that must make
    /// only valid values; a non-number parameter passes it through).
    pub fn clamp(self, value: f64) -> f64 {
        match self.range() {
            Some((lo, hi, _)) if value.is_nan() => lo.max(0.0).min(hi),
            Some((lo, hi, _)) => value.clamp(lo, hi),
            None => value,
        }
    }

    /// `value` brought onto the range when it misses an end by rounding
    /// only (a few f32 steps: −1 + 0.3 − 0.3 in f32 is −0.99999994), so
    /// what arithmetic makes stays valid; anything further out is left for
    /// validation to report.
    pub fn snap(self, value: f64) -> f64 {
        let Some((lo, hi, _)) = self.range() else {
            return value;
        };
        let tolerance = 1e-5 * lo.abs().max(hi.abs()).max(1.0);
        if value > hi && value - hi <= tolerance {
            hi
        } else if value < lo && lo - value <= tolerance {
            lo
        } else {
            value
        }
    }

    /// Whether an automation lane may move this parameter.
    pub fn automatable(self) -> bool {
        super::automation::Motion::of(self).is_some()
    }

    /// The strip's block this parameter lives in, if any (the parameter
    /// itself for a block): what must be present for it to be read or set.
    pub fn block(self) -> Option<Param> {
        use Param::*;
        match self {
            Gate | GateThresholdDb | GateRangeDb | GateAttackMs | GateHoldMs | GateReleaseMs => {
                Some(Gate)
            }
            EqBand(n) | EqType(n) | EqFreqHz(n) | EqGainDb(n) | EqQ(n) | EqSlopeDbOct(n) => {
                Some(EqBand(n))
            }
            Comp | CompThresholdDb | CompRatio | CompAttackMs | CompReleaseMs | CompKneeDb
            | CompMakeupDb | CompMix | CompDetector | CompSidechain => Some(Comp),
            Saturation | SaturationDriveDb | SaturationMix => Some(Saturation),
            Reverb | ReverbSendDb | ReverbDecayS | ReverbPredelayMs | ReverbDamping
            | ReverbSize => Some(Reverb),
            Delay | DelaySendDb | DelayTimeMs | DelayNote | DelayFeedback | DelayHighCutHz
            | DelayPingPong => Some(Delay),
            GainDb | Pan | Width | Mute | Bus | Eq | LimiterCeilingDbtp | LimiterReleaseMs
            | Automation => None,
        }
    }

    /// Every parameter, with EQ parameters for bands `0..bands`: what the
    /// round-trip and single-processor tests walk.
    pub fn every(bands: usize) -> Vec<Param> {
        use Param::*;
        let mut all = vec![
            GainDb,
            Pan,
            Width,
            Mute,
            Bus,
            Gate,
            GateThresholdDb,
            GateRangeDb,
            GateAttackMs,
            GateHoldMs,
            GateReleaseMs,
            Eq,
            Comp,
            CompThresholdDb,
            CompRatio,
            CompAttackMs,
            CompReleaseMs,
            CompKneeDb,
            CompMakeupDb,
            CompMix,
            CompDetector,
            CompSidechain,
            Saturation,
            SaturationDriveDb,
            SaturationMix,
            Reverb,
            ReverbSendDb,
            ReverbDecayS,
            ReverbPredelayMs,
            ReverbDamping,
            ReverbSize,
            Delay,
            DelaySendDb,
            DelayTimeMs,
            DelayNote,
            DelayFeedback,
            DelayHighCutHz,
            DelayPingPong,
            LimiterCeilingDbtp,
            LimiterReleaseMs,
            Automation,
        ];
        for n in 0..bands {
            all.extend([
                EqBand(n),
                EqType(n),
                EqFreqHz(n),
                EqGainDb(n),
                EqQ(n),
                EqSlopeDbOct(n),
            ]);
        }
        all
    }
}

impl fmt::Display for Param {
    /// The dotted path of the file format: "comp.ratio", "eq.2.gain_db".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Param::*;
        let text = match self {
            GainDb => "gain_db",
            Pan => "pan",
            Width => "width",
            Mute => "mute",
            Bus => "bus",
            Gate => "gate",
            GateThresholdDb => "gate.threshold_db",
            GateRangeDb => "gate.range_db",
            GateAttackMs => "gate.attack_ms",
            GateHoldMs => "gate.hold_ms",
            GateReleaseMs => "gate.release_ms",
            Eq => "eq",
            EqBand(n) => return write!(f, "eq.{n}"),
            EqType(n) => return write!(f, "eq.{n}.type"),
            EqFreqHz(n) => return write!(f, "eq.{n}.freq_hz"),
            EqGainDb(n) => return write!(f, "eq.{n}.gain_db"),
            EqQ(n) => return write!(f, "eq.{n}.q"),
            EqSlopeDbOct(n) => return write!(f, "eq.{n}.slope_db_oct"),
            Comp => "comp",
            CompThresholdDb => "comp.threshold_db",
            CompRatio => "comp.ratio",
            CompAttackMs => "comp.attack_ms",
            CompReleaseMs => "comp.release_ms",
            CompKneeDb => "comp.knee_db",
            CompMakeupDb => "comp.makeup_db",
            CompMix => "comp.mix",
            CompDetector => "comp.detector",
            CompSidechain => "comp.sidechain",
            Saturation => "saturation",
            SaturationDriveDb => "saturation.drive_db",
            SaturationMix => "saturation.mix",
            Reverb => "reverb",
            ReverbSendDb => "reverb.send_db",
            ReverbDecayS => "reverb.decay_s",
            ReverbPredelayMs => "reverb.predelay_ms",
            ReverbDamping => "reverb.damping",
            ReverbSize => "reverb.size",
            Delay => "delay",
            DelaySendDb => "delay.send_db",
            DelayTimeMs => "delay.time_ms",
            DelayNote => "delay.note",
            DelayFeedback => "delay.feedback",
            DelayHighCutHz => "delay.high_cut_hz",
            DelayPingPong => "delay.ping_pong",
            LimiterCeilingDbtp => "limiter.ceiling_dbtp",
            LimiterReleaseMs => "limiter.release_ms",
            Automation => "automation",
        };
        f.write_str(text)
    }
}

impl FromStr for Param {
    type Err = EngineError;

    fn from_str(text: &str) -> Result<Param, EngineError> {
        use Param::*;
        let unknown = || EngineError::UnknownParam(text.to_string());
        let parts: Vec<&str> = text.split('.').collect();
        if let ["eq", n, rest @ ..] = parts.as_slice() {
            // Band numbers are written plainly: "eq.0", never "eq.00" or "eq.+1".
            let n: usize = match n.parse::<usize>() {
                Ok(k) if k.to_string() == *n => k,
                _ => return Err(unknown()),
            };
            return match rest {
                [] => Ok(EqBand(n)),
                ["type"] => Ok(EqType(n)),
                ["freq_hz"] => Ok(EqFreqHz(n)),
                ["gain_db"] => Ok(EqGainDb(n)),
                ["q"] => Ok(EqQ(n)),
                ["slope_db_oct"] => Ok(EqSlopeDbOct(n)),
                _ => Err(unknown()),
            };
        }
        Param::every(0)
            .into_iter()
            .find(|p| p.to_string() == text)
            .ok_or_else(unknown)
    }
}

impl serde::Serialize for Param {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Param {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Param, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_param_reads_back_from_its_text() {
        let all = Param::every(3);
        for p in &all {
            let text = p.to_string();
            assert_eq!(text.parse::<Param>(), Ok(*p), "{text}");
        }
        let mut texts: Vec<String> = all.iter().map(|p| p.to_string()).collect();
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), all.len(), "two parameters share a name");
    }

    #[test]
    fn every_kind_of_param_is_listed() {
        // Each variant once (band 0 for the EQ's): a variant missing from
        // `every` is missing from the round trip and the processor tests.
        let listed = Param::every(1);
        let check = |p: Param| assert!(listed.contains(&p), "{p:?} is not in Param::every");
        use Param::*;
        for p in [
            GainDb, Pan, Width, Mute, Bus, Gate, Eq, Comp, Saturation, Reverb, Delay,
        ] {
            check(p);
        }
        for p in &listed {
            // An exhaustive match: a new variant does not compile until it
            // is placed in a block (or none) and in `every`.
            let _ = p.block();
            let _ = p.kind();
        }
        assert_eq!(listed.len(), 41 + 6);
    }

    #[test]
    fn unknown_and_malformed_paths_are_refused() {
        for text in [
            "",
            "gain",
            "eq.x.gain_db",
            "eq.01.q",
            "eq.0.gain",
            "comp.ratio.x",
            "Comp",
            "eq.-1",
        ] {
            assert!(text.parse::<Param>().is_err(), "{text}");
        }
        assert_eq!("master".parse::<Target>(), Ok(Target::Master));
        assert_eq!("vocal".parse::<Target>(), Ok(Target::stem("vocal")));
        assert!("".parse::<Target>().is_err());
    }

    #[test]
    fn rounding_misses_snap_onto_the_range() {
        let p = Param::LimiterCeilingDbtp;
        // The master level drill's arithmetic: the ceiling is stored in
        // f32, moved down by 0.3 dB and up again in f64.
        let down = (-1.0f64 - 0.3) as f32 as f64;
        let rounded = (down + 0.3) as f32 as f64;
        assert!(rounded > -1.0, "the f32 rounding this guards against");
        assert_eq!(p.snap(rounded), -1.0);
        assert!(p.check(p.snap(rounded), "x").is_ok());
        assert_eq!(p.snap(-0.5), -0.5, "a real miss is left for validation");
        assert!(p.check(-0.5, "x").is_err());
        assert!(Param::EqSlopeDbOct(0).check(18.0, "x").is_err());
        assert!(Param::GainDb.check(f64::NAN, "x").is_err());
    }
}
