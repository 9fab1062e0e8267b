//! Skills: what a learner can hear, each measured on one physical magnitude
//! (dB, LU, pan %, …) that the adaptive staircase moves. Bigger is easier.

use serde::Serialize;

/// One skill and the range of its magnitude.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Skill {
    /// Stable id used in lessons, the database and `simulate --skill`.
    pub id: &'static str,
    /// Shown to the learner.
    pub name: &'static str,
    /// Unit of the magnitude.
    pub unit: &'static str,
    /// Where a new learner starts (easy).
    pub start: f64,
    /// The smallest change the drills make (the finest ear).
    pub min: f64,
    /// The largest change the drills make.
    pub max: f64,
    /// How the threshold reads in a sentence: "a {x} {unit} {what}".
    pub what: &'static str,
    /// For a magnitude that counts up from a floor this far under a
    /// reference (reverb loudness: 0 is 26 LU under the dry sound), the
    /// floor; the threshold is then shown as its distance under the
    /// reference ("{x}" = floor − threshold).
    pub under: Option<f64>,
}

impl Skill {
    /// The threshold as a sentence: "you hear a 2.5 dB boost of one octave band".
    /// A `what` containing "{x}" is the whole sentence ("you restore … {x} dB").
    pub fn describe(&self, threshold: f64, material: &str) -> String {
        let threshold = self.under.map_or(threshold, |floor| floor - threshold);
        let x = if threshold >= 10.0 {
            format!("{threshold:.0}")
        } else {
            format!("{threshold:.1}")
        };
        if self.what.contains("{x}") {
            return format!("{} on {material}", self.what.replace("{x}", &x));
        }
        format!(
            "you hear {} {x} {} {} on {material}",
            article(&x),
            self.unit,
            self.what
        )
    }
}

fn article(number: &str) -> &'static str {
    // "an 8 dB", "an 11 dB", "an 18 dB", otherwise "a".
    let starts_with_vowel_sound =
        number.starts_with('8') || number.starts_with("11") || number.starts_with("18");
    if starts_with_vowel_sound { "an" } else { "a" }
}

/// How far under the dry sound, in LU, the reverb skill's scale starts.
pub const REVERB_FLOOR_LU: f64 = 26.0;

/// Every skill, in curriculum order. Starting points and floors follow the
/// ladders ear trainers use (see PEERS.md): level 6 → 0.5 dB, EQ boosts from
/// +12 dB, cuts from −15 dB (dips are harder to hear), compression from 12 dB
/// of gain reduction.
pub const SKILLS: &[Skill] = &[
    Skill {
        id: "level",
        name: "Level changes",
        unit: "dB",
        start: 6.0,
        min: 0.2,
        max: 12.0,
        what: "level change",
        under: None,
    },
    Skill {
        id: "eq-boost",
        name: "EQ boosts, octave bands",
        unit: "dB",
        start: 12.0,
        min: 0.5,
        max: 15.0,
        what: "boost of one octave band",
        under: None,
    },
    Skill {
        id: "eq-cut",
        name: "EQ cuts, octave bands",
        unit: "dB",
        start: 15.0,
        min: 1.0,
        max: 18.0,
        what: "cut of one octave band",
        under: None,
    },
    Skill {
        id: "eq-third",
        name: "EQ, ⅓-octave bands",
        unit: "dB",
        start: 12.0,
        min: 1.0,
        max: 15.0,
        what: "boost of one ⅓-octave band",
        under: None,
    },
    Skill {
        id: "compression",
        name: "Compression amount",
        unit: "dB",
        start: 12.0,
        min: 0.5,
        max: 18.0,
        what: "gain reduction",
        under: None,
    },
    Skill {
        id: "saturation",
        name: "Saturation",
        unit: "dB",
        start: 18.0,
        min: 1.0,
        max: 24.0,
        what: "drive",
        under: None,
    },
    Skill {
        id: "pan",
        name: "Pan position",
        unit: "%",
        start: 60.0,
        min: 2.0,
        max: 100.0,
        what: "pan move",
        under: None,
    },
    Skill {
        id: "width",
        name: "Stereo width",
        unit: "%",
        start: 80.0,
        min: 3.0,
        max: 100.0,
        what: "width change",
        under: None,
    },
    Skill {
        id: "reverb",
        name: "Reverb level",
        unit: "LU",
        start: 12.0,
        min: 0.5,
        max: 20.0,
        what: "you hear a reverb {x} LU under the dry sound",
        under: Some(REVERB_FLOOR_LU),
    },
    Skill {
        id: "delay",
        name: "Delay level",
        unit: "dB",
        start: 12.0,
        min: 0.5,
        max: 20.0,
        what: "change of the delay send",
        under: None,
    },
    Skill {
        id: "attack",
        name: "Compressor attack",
        unit: "ms",
        start: 30.0,
        min: 1.0,
        max: 60.0,
        what: "slower compressor attack",
        under: None,
    },
    Skill {
        id: "parallel",
        name: "Parallel compression",
        unit: "%",
        start: 50.0,
        min: 3.0,
        max: 80.0,
        what: "share of dry signal under a compressor",
        under: None,
    },
    Skill {
        id: "decay",
        name: "Reverb decay",
        unit: "ms",
        start: 1500.0,
        min: 30.0,
        max: 3000.0,
        what: "longer reverb decay",
        under: None,
    },
    Skill {
        id: "predelay",
        name: "Reverb pre-delay",
        unit: "ms",
        start: 80.0,
        min: 2.0,
        max: 200.0,
        what: "reverb pre-delay",
        under: None,
    },
    Skill {
        id: "delay-time",
        name: "Delay time",
        unit: "ms",
        start: 150.0,
        min: 3.0,
        max: 300.0,
        what: "longer delay time",
        under: None,
    },
    Skill {
        id: "feedback",
        name: "Delay feedback",
        unit: "%",
        start: 50.0,
        min: 3.0,
        max: 80.0,
        what: "more delay feedback",
        under: None,
    },
    Skill {
        id: "automation",
        name: "Fader rides",
        unit: "dB",
        start: 9.0,
        min: 0.5,
        max: 12.0,
        what: "fader ride",
        under: None,
    },
    Skill {
        id: "matching",
        name: "Restoring a mix",
        unit: "dB",
        start: 4.0,
        min: 0.3,
        max: 8.0,
        what: "you restore a damaged mix to within {x} dB",
        under: None,
    },
    Skill {
        id: "balance",
        name: "Balance from memory",
        unit: "dB",
        start: 4.0,
        min: 0.3,
        max: 8.0,
        what: "you rebuild a fader balance from memory to within {x} dB",
        under: None,
    },
];

/// The skill with this id.
pub fn skill(id: &str) -> Option<&'static Skill> {
    SKILLS.iter().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skills_are_unique_and_start_inside_their_range() {
        for (i, s) in SKILLS.iter().enumerate() {
            assert!(s.min < s.start && s.start <= s.max, "{}", s.id);
            assert!(SKILLS[..i].iter().all(|o| o.id != s.id), "{}", s.id);
        }
        assert_eq!(
            skill("eq-boost").map(|s| s.describe(2.5, "a full mix")),
            Some("you hear a 2.5 dB boost of one octave band on a full mix".into())
        );
        assert!(
            skill("level")
                .unwrap()
                .describe(8.0, "x")
                .contains("an 8.0 dB")
        );
    }
}
