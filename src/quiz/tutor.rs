//! Choosing what to ask next for one learner: which staircase ("ladder") a
//! question moves, weighting toward the bands and stems the learner misses,
//! and avoiding the material of the last practice when a skill is reviewed.
//!
//! The lowest and highest octave bands are heard differently (few speakers
//! play 63 Hz; 16 kHz fades with age), so single-band drills keep separate
//! ladders for them: a learner's 1 kHz threshold is not dragged up by 16 kHz.

use super::bands::band_list;
use super::drill::{BandSet, Drill, DrillKind};
use super::error::QuizError;
use super::skill::Skill;
use rand::RngExt;
use rand::rngs::StdRng;
use std::collections::HashMap;

/// Bands below this are "low extreme".
const LOW_EXTREME_HZ: f64 = 100.0;
/// Bands above this are "high extreme".
const HIGH_EXTREME_HZ: f64 = 9_000.0;

/// Where a band lies, for its ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Region {
    Low,
    Mid,
    High,
}

impl Region {
    pub fn of(hz: f64) -> Self {
        if hz < LOW_EXTREME_HZ {
            Region::Low
        } else if hz > HIGH_EXTREME_HZ {
            Region::High
        } else {
            Region::Mid
        }
    }
}

/// A staircase: a skill, or the skill in one extreme region of bands
/// ("eq-boost", "eq-boost@low", "eq-boost@high" in the progress store).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ladder {
    pub skill: String,
    pub region: Region,
}

impl Ladder {
    /// The ladder of a whole skill.
    pub fn of(skill: &str) -> Ladder {
        Ladder {
            skill: skill.to_string(),
            region: Region::Mid,
        }
    }

    /// The ladder's threshold as a sentence, with the region of an
    /// extreme-band ladder: "you hear a 4.0 dB boost of one octave band on
    /// pink noise in the highest bands".
    pub fn sentence(&self, skill: &Skill, threshold: f64, material_kind: &str) -> String {
        let region = match self.region {
            Region::Low => " in the lowest bands",
            Region::High => " in the highest bands",
            Region::Mid => "",
        };
        skill.describe(threshold, &format!("{material_kind}{region}"))
    }
}

impl std::fmt::Display for Ladder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.region {
            Region::Mid => f.write_str(&self.skill),
            Region::Low => write!(f, "{}@low", self.skill),
            Region::High => write!(f, "{}@high", self.skill),
        }
    }
}

impl std::str::FromStr for Ladder {
    type Err = QuizError;

    /// Reads a ladder as the store keeps it.
    fn from_str(text: &str) -> Result<Ladder, QuizError> {
        let (skill, region) = match text.split_once('@') {
            None => (text, Region::Mid),
            Some((skill, "low")) => (skill, Region::Low),
            Some((skill, "high")) => (skill, Region::High),
            Some((_, other)) => {
                return Err(QuizError::Drill(format!(
                    "'{other}' is not a region of bands"
                )));
            }
        };
        if skill.is_empty() {
            return Err(QuizError::UnknownSkill(text.to_string()));
        }
        Ok(Ladder {
            skill: skill.to_string(),
            region,
        })
    }
}

/// The key a band is stored under ("63", "1000", "12500").
pub fn band_key(hz: f64) -> String {
    format!("{}", (hz * 10.0).round() / 10.0)
}

/// How much practice a band or stem deserves: 1 + 3 × its smoothed miss
/// rate (one right and one wrong answer assumed before the first), so one
/// always answered right weighs about 1, one always missed up to 4, and one
/// never asked 2.5 — new items come up as often as weak ones.
pub fn weakness_weight(asked: i64, points: f64) -> f64 {
    let mean = (points + 1.0) / (asked as f64 + 2.0);
    1.0 + 3.0 * (1.0 - mean)
}

/// What the tutor asks a generator to favour.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Focus {
    /// The band a single-band drill changes (chosen beforehand, because it
    /// decides the ladder and so the level).
    pub band_hz: Option<f64>,
    /// Weights of stems by name in "which stem" drills (missing: never
    /// asked, see [`weakness_weight`]).
    pub stem_weights: HashMap<String, f64>,
    /// A session not to use when the drill may pick one (the review rule).
    pub avoid_session: Option<String>,
}

/// The next question's plan for `drill`: the band (single-band drills only,
/// picked by `band_weights`, keyed by [`band_key`]) and the ladder it moves.
pub fn plan(
    drill: &Drill,
    band_weights: &HashMap<String, f64>,
    rng: &mut StdRng,
) -> (Ladder, Option<f64>) {
    let skill = drill.skill();
    let DrillKind::WhichBand {
        bands,
        count: 1,
        low_hz,
        high_hz,
        ..
    } = &drill.kind
    else {
        return (Ladder::of(&skill), None);
    };
    let list = band_list(*bands, (*low_hz, *high_hz));
    if list.is_empty() {
        return (Ladder::of(&skill), None);
    }
    let weights: Vec<f64> = list
        .iter()
        .map(|&f| {
            band_weights
                .get(&band_key(f))
                .copied()
                .unwrap_or_else(|| weakness_weight(0, 0.0))
        })
        .collect();
    let band = list[weighted_index(&weights, rng)];
    let ladder = Ladder {
        skill,
        region: Region::of(band),
    };
    (ladder, Some(band))
}

/// How many bands of `bands` lie in `range` (Hz, either end open).
pub fn band_count(bands: BandSet, range: (Option<f64>, Option<f64>)) -> usize {
    band_list(bands, range).len()
}

/// An index drawn with probability proportional to `weights` (uniform when
/// they are all zero).
pub fn weighted_index(weights: &[f64], rng: &mut StdRng) -> usize {
    let total: f64 = weights.iter().map(|w| w.max(0.0)).sum();
    if weights.is_empty() {
        return 0;
    }
    if total <= 0.0 {
        return rng.random_range(0..weights.len());
    }
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        x -= w.max(0.0);
        if x < 0.0 {
            return i;
        }
    }
    weights.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn extreme_bands_have_their_own_ladders() {
        let drill: Drill =
            toml::from_str("kind = \"which_band\"\nmaterial = \"pink-noise\"\n").expect("parses");
        let mut rng = StdRng::seed_from_u64(1);
        let mut seen = std::collections::BTreeMap::new();
        for _ in 0..400 {
            let (ladder, band) = plan(&drill, &HashMap::new(), &mut rng);
            let band = band.expect("single band drills pick a band");
            let expected = match band {
                63.0 => "eq-boost@low",
                16000.0 => "eq-boost@high",
                _ => "eq-boost",
            };
            assert_eq!(ladder.to_string(), expected, "{band} Hz");
            assert_eq!(expected.parse::<Ladder>(), Ok(ladder.clone()));
            *seen.entry(ladder).or_insert(0) += 1;
        }
        assert_eq!(seen.len(), 3);
    }

    #[test]
    fn weak_bands_come_up_more_often() {
        let drill: Drill =
            toml::from_str("kind = \"which_band\"\nmaterial = \"pink-noise\"\n").expect("parses");
        // 2 kHz always missed, 1 kHz always right, the rest never asked.
        let weights = HashMap::from([
            (band_key(2000.0), weakness_weight(20, 0.0)),
            (band_key(1000.0), weakness_weight(20, 20.0)),
        ]);
        let mut rng = StdRng::seed_from_u64(7);
        let n = 4000;
        let mut hits = HashMap::new();
        for _ in 0..n {
            let band = plan(&drill, &weights, &mut rng).1.expect("a band");
            *hits.entry(band_key(band)).or_insert(0) += 1;
        }
        let share = |f: f64| hits.get(&band_key(f)).copied().unwrap_or(0) as f64 / n as f64;
        let total = weakness_weight(20, 0.0) + weakness_weight(20, 20.0) + 7.0 * 2.5;
        for (f, w) in [
            (2000.0, weakness_weight(20, 0.0)),
            (1000.0, weakness_weight(20, 20.0)),
            (250.0, 2.5),
        ] {
            assert!((share(f) - w / total).abs() < 0.03, "{f} Hz: {}", share(f));
        }
        assert!(share(2000.0) > 1.4 * share(250.0) && share(250.0) > 2.0 * share(1000.0));
    }

    #[test]
    fn band_keys_are_plain_numbers() {
        assert_eq!(band_key(1000.0), "1000");
        assert_eq!(band_key(12_500.0), "12500");
        assert_eq!(band_key(31.5), "31.5");
    }
}
