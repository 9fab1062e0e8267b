//! An exercise: material, the mix as A, the mix with one hidden change as B,
//! a question, its choices and the answer. Same lesson, level and seed give
//! the same exercise.

use super::drill::Drill;
use super::material::Stage;
use crate::engine::strip::{EqBand, EqType};
use crate::engine::{Edit, EngineError, Excerpt, Mix, Param, Target};
use serde::Serialize;

/// One answer the learner can give.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub label: String,
    /// The position of this answer on the drill's scale, for partial credit:
    /// octaves (log2 Hz) for bands, dB for amounts, pan for positions, the
    /// segment for times, the stem's index for stems.
    pub value: f64,
    /// +1 for boost/louder/right, −1 for cut/quieter/left, 0 when not asked.
    pub sign: f64,
    /// The mix this answer stands for, to hear it as C; `None` when an answer
    /// is not a mix (A or B).
    pub mix: Option<Mix>,
    /// The band (Hz, as [`band_key`](super::tutor::band_key)) or stem this
    /// answer names, for confusion matrices and weighting; `None` otherwise.
    pub key: Option<String>,
}

/// What the size of a hidden change measures: a parameter of the strip,
/// or a quantity the drill derives from one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Measure {
    Param(Param),
    /// The reverb's loudness against the dry sound, LU.
    ReverbWetLu,
    /// The same, for a reverb B takes away.
    ReverbRemovedWetLu,
    /// The dry share of a parallel compressor, %.
    CompDryPercent,
    /// The reverb's decay, ms.
    ReverbDecayMs,
    /// The delay's feedback, %.
    DelayFeedbackPercent,
}

impl From<Param> for Measure {
    fn from(p: Param) -> Measure {
        Measure::Param(p)
    }
}

impl std::fmt::Display for Measure {
    /// The name `exercise.json` gives it: a parameter's path, or
    /// "reverb.wet_lu" and the like.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Measure::Param(p) => write!(f, "{p}"),
            Measure::ReverbWetLu => f.write_str("reverb.wet_lu"),
            Measure::ReverbRemovedWetLu => f.write_str("reverb.removed_wet_lu"),
            Measure::CompDryPercent => f.write_str("comp.dry_percent"),
            Measure::ReverbDecayMs => f.write_str("reverb.decay_ms"),
            Measure::DelayFeedbackPercent => f.write_str("delay.feedback_percent"),
        }
    }
}

impl Serialize for Measure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What the hidden change is, in the words of `exercise.json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChangeInfo {
    /// A stem, a bus or the master.
    pub target: Target,
    /// What `value` measures: gain_db, eq, comp, pan, reverb.wet_lu…
    pub parameter: Measure,
    /// The size of the change, signed, in `unit`.
    pub value: f64,
    pub unit: String,
    /// For EQ: the band.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub eq_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freq_hz: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gain_db: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<f64>,
    /// For a second EQ band.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freq2_hz: Option<f64>,
    /// The engine edits that make B from A.
    pub edits: Vec<Edit>,
}

impl ChangeInfo {
    /// A change of a plain number.
    pub fn plain(
        target: &Target,
        parameter: impl Into<Measure>,
        value: f64,
        unit: &str,
        edits: Vec<Edit>,
    ) -> Self {
        Self {
            target: target.clone(),
            parameter: parameter.into(),
            value,
            unit: unit.into(),
            eq_type: None,
            freq_hz: None,
            gain_db: None,
            q: None,
            freq2_hz: None,
            edits,
        }
    }

    /// Peak bands of `gain_db` at `freqs` (one or two) on `target`, with
    /// the edits that add them.
    pub fn peak(target: &Target, freqs: &[f64], gain_db: f64, q: f64) -> Self {
        let edits = freqs
            .iter()
            .map(|&f| peak_edit(target, f, gain_db, q))
            .collect();
        Self {
            eq_type: Some("peak".into()),
            freq_hz: freqs.first().copied(),
            freq2_hz: freqs.get(1).copied(),
            gain_db: Some(gain_db),
            q: Some(q),
            ..Self::plain(target, Param::Eq, gain_db, "dB", edits)
        }
    }
}

/// The edit that appends a peak band to `target`'s EQ.
pub fn peak_edit(target: &Target, freq_hz: f64, gain_db: f64, q: f64) -> Edit {
    Edit::add_eq(
        target.clone(),
        EqBand {
            kind: EqType::Peak,
            freq_hz: freq_hz as f32,
            gain_db: gain_db as f32,
            q: q as f32,
            slope_db_oct: None,
        },
    )
}

/// A control the learner sets in a restoring drill: one parameter of one
/// strip, starting where B has it; A has the answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Control {
    /// The strip it sets.
    pub target: Target,
    /// Shown to the learner: "Lead vocal fader", "Bass EQ 250 Hz".
    pub label: String,
    /// The parameter it sets: gain_db, eq.2.gain_db.
    pub parameter: Param,
    pub unit: String,
    pub min: f64,
    pub max: f64,
    /// The value in B, where the control starts.
    pub start: f64,
    /// The value in A.
    pub answer: f64,
}

/// A generated exercise.
#[derive(Clone, Debug)]
pub struct Exercise {
    pub lesson: String,
    pub drill: Drill,
    pub skill: String,
    /// The magnitude the staircase asked for, in the skill's unit.
    pub level: f64,
    pub seed: u64,
    pub stage: Stage,
    pub excerpt: Excerpt,
    pub question: String,
    pub choices: Vec<Choice>,
    /// Index of the right choice.
    pub answer: usize,
    /// A: the original.
    pub a: Mix,
    /// B: the original with the hidden change.
    pub b: Mix,
    pub change: ChangeInfo,
    /// The controls of a restoring drill (empty for drills with choices).
    pub controls: Vec<Control>,
}

impl Exercise {
    /// The right answer in words: the right choice, or the values the
    /// controls must reach.
    pub fn answer_label(&self) -> String {
        if let Some(c) = self.choices.get(self.answer) {
            return c.label.clone();
        }
        self.controls
            .iter()
            .map(|c| format!("{} {:+.1} {}", c.label, c.answer, c.unit))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// B with the controls set to `values` (one per control, in order):
    /// the learner's answer as a mix.
    pub fn mix_with(&self, values: &[f64]) -> Result<Mix, EngineError> {
        if values.len() != self.controls.len() {
            return Err(EngineError::Invalid(format!(
                "{} values for {} controls",
                values.len(),
                self.controls.len()
            )));
        }
        let edits: Vec<Edit> = self
            .controls
            .iter()
            .zip(values)
            .map(|(c, &v)| Edit::set(c.target.clone(), c.parameter, v.clamp(c.min, c.max)))
            .collect();
        crate::engine::apply_all(&self.b, &edits)
    }

    /// Whether A and B are played at matched loudness.
    pub fn loudness_matched(&self) -> bool {
        self.drill.loudness_matched()
    }

    /// The labels of the choices.
    pub fn labels(&self) -> Vec<String> {
        self.choices.iter().map(|c| c.label.clone()).collect()
    }
}
