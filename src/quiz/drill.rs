//! Drill specs as lessons write them: `[[drill]] kind = "which_band" …`.

use super::material::MaterialSpec;
use serde::{Deserialize, Serialize};

/// Octave or ⅓-octave bands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BandSet {
    #[default]
    Octave,
    Third,
}

/// Boosts, cuts, or either (the learner says which).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sign {
    #[default]
    Boost,
    Cut,
    Either,
}

/// What a "how much" drill asks the amount of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Amount {
    Level,
    EqGain,
    Compression,
    Reverb,
}

/// What an "A or B" drill compares: more or less of an effect, or (from
/// `Attack` on) one setting of an effect both versions have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    Level,
    Compression,
    Reverb,
    Delay,
    Width,
    Saturation,
    /// Fast against slow compressor attack.
    Attack,
    /// Serial against parallel compression.
    Parallel,
    /// Short against long reverb decay.
    Decay,
    /// Short against long reverb pre-delay.
    Predelay,
    /// Short against long delay time.
    DelayTime,
    /// Light against heavy delay feedback.
    Feedback,
}

/// What changes on a stem in a "which stem" drill.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StemProcess {
    #[default]
    Level,
    Eq,
}

/// One drill kind with its options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DrillKind {
    /// Which band was boosted or cut (one or two bands).
    WhichBand {
        #[serde(default)]
        bands: BandSet,
        #[serde(default)]
        sign: Sign,
        #[serde(default = "one")]
        count: u8,
        /// Only bands from `low_hz` to `high_hz` (e.g. the "mud" region).
        #[serde(default)]
        low_hz: Option<f64>,
        #[serde(default)]
        high_hz: Option<f64>,
    },
    /// How big the change was.
    HowMuch { amount: Amount },
    /// Which stem changed, and how (louder/quieter, brighter/duller).
    WhichStem {
        #[serde(default)]
        process: StemProcess,
    },
    /// Which of A and B has more of something.
    AOrB { quality: Quality },
    /// Where a stem is panned.
    Where,
    /// When in the excerpt a fader ride happened.
    When,
    /// Restore a damaged mix with controls (faders or EQ bands of `count`
    /// stems moved).
    MatchIt {
        #[serde(default)]
        process: StemProcess,
        #[serde(default = "two")]
        count: u8,
    },
    /// Hear a balanced mix, then rebuild its fader balance from memory with
    /// the faders reset.
    BalanceMemory,
}

fn two() -> u8 {
    2
}

fn one() -> u8 {
    1
}

impl DrillKind {
    /// The kinds, as lesson files name them.
    pub const NAMES: [&'static str; 8] = [
        "which_band",
        "how_much",
        "which_stem",
        "a_or_b",
        "where",
        "when",
        "match_it",
        "balance_memory",
    ];

    /// The name of this kind in lesson files.
    pub fn name(&self) -> &'static str {
        match self {
            DrillKind::WhichBand { .. } => "which_band",
            DrillKind::HowMuch { .. } => "how_much",
            DrillKind::WhichStem { .. } => "which_stem",
            DrillKind::AOrB { .. } => "a_or_b",
            DrillKind::Where => "where",
            DrillKind::When => "when",
            DrillKind::MatchIt { .. } => "match_it",
            DrillKind::BalanceMemory => "balance_memory",
        }
    }

    /// Whether the learner answers with controls (restoring a mix) rather
    /// than by picking a choice.
    pub fn uses_controls(&self) -> bool {
        matches!(self, DrillKind::MatchIt { .. } | DrillKind::BalanceMemory)
    }

    /// The options of the kind named `kind` (beyond [`Drill::COMMON_KEYS`]),
    /// or `None` for an unknown kind.
    pub fn options(kind: &str) -> Option<&'static [&'static str]> {
        Some(match kind {
            "which_band" => &["bands", "sign", "count", "low_hz", "high_hz"],
            "how_much" => &["amount"],
            "which_stem" => &["process"],
            "a_or_b" => &["quality"],
            "match_it" => &["process", "count"],
            "where" | "when" | "balance_memory" => &[],
            _ => return None,
        })
    }
}

/// A drill in a lesson: the kind, the material, and optionally the skill its
/// answers train (each kind has a default).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Drill {
    #[serde(flatten)]
    pub kind: DrillKind,
    pub material: MaterialSpec,
    /// Length of the excerpt, seconds.
    #[serde(default = "Drill::default_seconds")]
    pub seconds: f64,
    #[serde(default)]
    pub skill: Option<String>,
}

impl Drill {
    fn default_seconds() -> f64 {
        8.0
    }

    /// Keys every drill may have.
    pub const COMMON_KEYS: [&'static str; 4] = ["kind", "material", "seconds", "skill"];

    /// The skill this drill trains.
    pub fn skill(&self) -> String {
        if let Some(s) = &self.skill {
            return s.clone();
        }
        match &self.kind {
            DrillKind::WhichBand { bands, sign, .. } => match (bands, sign) {
                (BandSet::Third, _) => "eq-third",
                (_, Sign::Cut) => "eq-cut",
                _ => "eq-boost",
            },
            DrillKind::HowMuch { amount } => match amount {
                Amount::Level => "level",
                Amount::EqGain => "eq-boost",
                Amount::Compression => "compression",
                Amount::Reverb => "reverb",
            },
            DrillKind::WhichStem { process } => match process {
                StemProcess::Level => "level",
                StemProcess::Eq => "eq-boost",
            },
            DrillKind::AOrB { quality } => match quality {
                Quality::Level => "level",
                Quality::Compression => "compression",
                Quality::Reverb => "reverb",
                Quality::Delay => "delay",
                Quality::Width => "width",
                Quality::Saturation => "saturation",
                Quality::Attack => "attack",
                Quality::Parallel => "parallel",
                Quality::Decay => "decay",
                Quality::Predelay => "predelay",
                Quality::DelayTime => "delay-time",
                Quality::Feedback => "feedback",
            },
            DrillKind::Where => "pan",
            DrillKind::When => "automation",
            DrillKind::MatchIt { .. } => "matching",
            DrillKind::BalanceMemory => "balance",
        }
        .to_string()
    }

    /// Whether A and B are loudness-matched (every drill but those about
    /// level, and restoring drills, where loudness is part of the damage).
    pub fn loudness_matched(&self) -> bool {
        !self.kind.uses_controls()
            && !matches!(
                self.kind,
                DrillKind::HowMuch {
                    amount: Amount::Level
                } | DrillKind::AOrB {
                    quality: Quality::Level
                } | DrillKind::WhichStem {
                    process: StemProcess::Level
                } | DrillKind::When
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_match_the_lesson_format() {
        let options = [
            "bands = \"octave\"",
            "amount = \"level\"",
            "process = \"eq\"",
            "quality = \"reverb\"",
            "",
            "",
            "count = 1",
            "",
        ];
        for (name, option) in DrillKind::NAMES.iter().zip(options) {
            let text = format!("kind = \"{name}\"\nmaterial = \"pink-noise\"\n{option}\n");
            let drill: Drill = toml::from_str(&text).expect("parses");
            assert_eq!(drill.kind.name(), *name);
            let listed = DrillKind::options(name).expect("has options");
            assert!(option.is_empty() || listed.contains(&option.split(' ').next().unwrap_or("")));
        }
        assert!(DrillKind::options("guess").is_none());
    }
}
