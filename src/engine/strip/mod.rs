//! The channel strip in its file format (TOML/JSON, field names fixed by
//! DESIGN.md), and its validation; `dsp.rs` turns each block into its
//! processor's settings.
//!
//! Processing order is the DAW's: gate → EQ → compressor → saturation →
//! width → fader → pan → post-fader sends. An absent block is off and costs
//! nothing.

mod dsp;

use super::error::EngineError;
use super::param::Param;

use serde::{Deserialize, Serialize};

fn one() -> f32 {
    1.0
}
fn butterworth_q() -> f32 {
    std::f32::consts::FRAC_1_SQRT_2
}

/// One channel strip: a stem's, a group bus's or the master's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strip {
    /// Fader, dB.
    #[serde(default)]
    pub gain_db: f32,
    /// −1 hard left … +1 hard right (constant-power law for mono sources).
    #[serde(default)]
    pub pan: f32,
    /// Stereo width: 0 mono, 1 as recorded, 2 wider (mid/side).
    #[serde(default = "one")]
    pub width: f32,
    /// Silences the strip and its sends.
    #[serde(default)]
    pub mute: bool,
    /// The group bus this strip feeds; none = the master.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bus: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<Gate>,
    /// EQ bands, applied in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eq: Vec<EqBand>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comp: Option<Comp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saturation: Option<Saturation>,
    /// Post-fader send to a reverb return.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverb: Option<ReverbSend>,
    /// Post-fader send to a delay return.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<DelaySend>,
}

impl Default for Strip {
    fn default() -> Self {
        Self {
            gain_db: 0.0,
            pan: 0.0,
            width: 1.0,
            mute: false,
            bus: None,
            gate: None,
            eq: Vec::new(),
            comp: None,
            saturation: None,
            reverb: None,
            delay: None,
        }
    }
}

/// Gate / expander settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    pub threshold_db: f32,
    #[serde(default = "Gate::default_range")]
    pub range_db: f32,
    #[serde(default = "Gate::default_attack")]
    pub attack_ms: f32,
    #[serde(default = "Gate::default_hold")]
    pub hold_ms: f32,
    #[serde(default = "Gate::default_release")]
    pub release_ms: f32,
}

impl Gate {
    fn default_range() -> f32 {
        40.0
    }
    fn default_attack() -> f32 {
        1.0
    }
    fn default_hold() -> f32 {
        20.0
    }
    fn default_release() -> f32 {
        80.0
    }
}

/// The EQ filter types of the strip format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EqType {
    Peak,
    LowShelf,
    HighShelf,
    HighPass,
    LowPass,
}

impl std::fmt::Display for EqType {
    /// The name a desk shows.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EqType::Peak => "bell",
            EqType::LowShelf => "low shelf",
            EqType::HighShelf => "high shelf",
            EqType::HighPass => "high-pass",
            EqType::LowPass => "low-pass",
        })
    }
}

/// One EQ band.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EqBand {
    #[serde(rename = "type")]
    pub kind: EqType,
    pub freq_hz: f32,
    /// Ignored by high_pass / low_pass.
    #[serde(default)]
    pub gain_db: f32,
    #[serde(default = "butterworth_q")]
    pub q: f32,
    /// High/low-pass slope: 12 (default) or 24 dB/oct.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slope_db_oct: Option<u8>,
}

/// Level detector of the compressor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detector {
    #[default]
    Peak,
    Rms,
}

/// Compressor settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comp {
    pub threshold_db: f32,
    pub ratio: f32,
    #[serde(default = "Comp::default_attack")]
    pub attack_ms: f32,
    #[serde(default = "Comp::default_release")]
    pub release_ms: f32,
    #[serde(default = "Comp::default_knee")]
    pub knee_db: f32,
    #[serde(default)]
    pub makeup_db: f32,
    /// Dry/wet: below 1 is parallel compression.
    #[serde(default = "one")]
    pub mix: f32,
    #[serde(default, skip_serializing_if = "is_default")]
    pub detector: Detector,
    /// Key the compressor from another stem (ducking).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sidechain: Option<String>,
}

fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}

impl Comp {
    fn default_attack() -> f32 {
        10.0
    }
    fn default_release() -> f32 {
        100.0
    }
    fn default_knee() -> f32 {
        6.0
    }
}

/// Saturation settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Saturation {
    pub drive_db: f32,
    #[serde(default = "one")]
    pub mix: f32,
}

/// A send to a reverb return; the return's character is part of the send, so
/// strips with the same settings share one reverb.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReverbSend {
    pub send_db: f32,
    #[serde(default = "ReverbSend::default_decay")]
    pub decay_s: f32,
    #[serde(default = "ReverbSend::default_predelay")]
    pub predelay_ms: f32,
    /// 0 bright … 1 dark.
    #[serde(default = "ReverbSend::default_damping")]
    pub damping: f32,
    /// Room size, 0.5 … 2.
    #[serde(default = "one")]
    pub size: f32,
}

impl ReverbSend {
    pub(super) fn default_decay() -> f32 {
        1.8
    }
    pub(super) fn default_predelay() -> f32 {
        20.0
    }
    pub(super) fn default_damping() -> f32 {
        0.5
    }
}

/// A send to a delay return.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelaySend {
    pub send_db: f32,
    /// Time in ms; or give `note` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_ms: Option<f32>,
    /// A note value at the session's tempo: "1/4", "1/8.", "1/8t"…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default = "DelaySend::default_feedback")]
    pub feedback: f32,
    #[serde(default = "DelaySend::default_high_cut")]
    pub high_cut_hz: f32,
    #[serde(default)]
    pub ping_pong: bool,
}

impl DelaySend {
    pub(super) fn default_feedback() -> f32 {
        0.35
    }
    pub(super) fn default_high_cut() -> f32 {
        8000.0
    }

    /// The delay time in ms at `tempo_bpm` (the note value wins if both are given).
    pub fn resolved_time_ms(&self, tempo_bpm: f32) -> Result<f32, EngineError> {
        match (&self.note, self.time_ms) {
            (Some(note), _) => crate::dsp::delay::note_ms(note, tempo_bpm).ok_or_else(|| {
                EngineError::Invalid(format!(
                    "delay.note: '{note}' is not a note value like 1/4, 1/8. or 1/8t"
                ))
            }),
            (None, Some(ms)) => Ok(ms),
            (None, None) => Err("delay: give time_ms or note".into()),
        }
    }
}

/// The most a strip's EQ may boost any frequency, summed over its bands, dB:
/// beyond this a legal file could overflow a float (30 bells of +30 dB on
/// one frequency is +900 dB).
pub const MAX_EQ_BOOST_DB: f64 = 48.0;

/// The EQ chain's largest boost, dB: its response on a 1/24-octave grid
/// from 10 Hz to 24 kHz and at every band's own frequency.
pub fn eq_peak_db(eq: &[EqBand]) -> f64 {
    if eq.is_empty() {
        return 0.0;
    }
    let chain: Vec<_> = eq
        .iter()
        .map(|b| (b.params(), b.slope_db_oct == Some(24)))
        .collect();
    let grid = (0..=270).map(|i| 10.0 * 2f64.powf(i as f64 / 24.0));
    grid.chain(eq.iter().map(|b| b.freq_hz as f64))
        .filter(|f| *f < 24_000.0)
        .map(|f| crate::dsp::eq::chain_response_db(&chain, f))
        .fold(f64::NEG_INFINITY, f64::max)
}

impl Strip {
    /// Every number the strip holds, with its parameter. One exhaustive
    /// walk over the strip format (no `..`): a field added to a block does
    /// not compile until it is placed here, and so validated.
    pub fn numbers(&self) -> Vec<(Param, f64)> {
        use Param as P;
        let Strip {
            gain_db,
            pan,
            width,
            mute: _,
            bus: _,
            gate,
            eq,
            comp,
            saturation,
            reverb,
            delay,
        } = self;
        let mut out = vec![(P::GainDb, *gain_db), (P::Pan, *pan), (P::Width, *width)];
        if let Some(Gate {
            threshold_db,
            range_db,
            attack_ms,
            hold_ms,
            release_ms,
        }) = gate
        {
            out.extend([
                (P::GateThresholdDb, *threshold_db),
                (P::GateRangeDb, *range_db),
                (P::GateAttackMs, *attack_ms),
                (P::GateHoldMs, *hold_ms),
                (P::GateReleaseMs, *release_ms),
            ]);
        }
        for (k, band) in eq.iter().enumerate() {
            let EqBand {
                kind: _,
                freq_hz,
                gain_db,
                q,
                slope_db_oct,
            } = band;
            out.extend([
                (P::EqFreqHz(k), *freq_hz),
                (P::EqGainDb(k), *gain_db),
                (P::EqQ(k), *q),
            ]);
            if let Some(slope) = slope_db_oct {
                out.push((P::EqSlopeDbOct(k), *slope as f32));
            }
        }
        if let Some(Comp {
            threshold_db,
            ratio,
            attack_ms,
            release_ms,
            knee_db,
            makeup_db,
            mix,
            detector: _,
            sidechain: _,
        }) = comp
        {
            out.extend([
                (P::CompThresholdDb, *threshold_db),
                (P::CompRatio, *ratio),
                (P::CompAttackMs, *attack_ms),
                (P::CompReleaseMs, *release_ms),
                (P::CompKneeDb, *knee_db),
                (P::CompMakeupDb, *makeup_db),
                (P::CompMix, *mix),
            ]);
        }
        if let Some(Saturation { drive_db, mix }) = saturation {
            out.extend([(P::SaturationDriveDb, *drive_db), (P::SaturationMix, *mix)]);
        }
        if let Some(ReverbSend {
            send_db,
            decay_s,
            predelay_ms,
            damping,
            size,
        }) = reverb
        {
            out.extend([
                (P::ReverbSendDb, *send_db),
                (P::ReverbDecayS, *decay_s),
                (P::ReverbPredelayMs, *predelay_ms),
                (P::ReverbDamping, *damping),
                (P::ReverbSize, *size),
            ]);
        }
        if let Some(DelaySend {
            send_db,
            time_ms,
            note: _,
            feedback,
            high_cut_hz,
            ping_pong: _,
        }) = delay
        {
            out.extend([
                (P::DelaySendDb, *send_db),
                (P::DelayFeedback, *feedback),
                (P::DelayHighCutHz, *high_cut_hz),
            ]);
            if let Some(t) = time_ms {
                out.push((P::DelayTimeMs, *t));
            }
        }
        out.into_iter().map(|(p, v)| (p, v as f64)).collect()
    }

    /// Checks every value against the range the processors accept, and
    /// the EQ's summed boost against [`MAX_EQ_BOOST_DB`].
    pub fn validate(&self) -> Result<(), EngineError> {
        for (param, value) in self.numbers() {
            param.check(value, &param.to_string())?;
        }
        if let Some(d) = &self.delay
            && d.time_ms.is_none()
            && d.note.is_none()
        {
            return Err(EngineError::Invalid("delay: give time_ms or note".into()));
        }
        if let Some(note) = self.delay.as_ref().and_then(|d| d.note.as_ref())
            && crate::dsp::delay::note_ms(note, 120.0).is_none()
        {
            return Err(EngineError::Invalid(format!(
                "delay.note: '{note}' is not a note value like 1/4, 1/8. or 1/8t"
            )));
        }
        let peak = eq_peak_db(&self.eq);
        if peak > MAX_EQ_BOOST_DB {
            return Err(EngineError::OutOfRange {
                at: "eq".into(),
                value: (peak * 10.0).round() / 10.0,
                range: format!(
                    "the bands together may boost any frequency by at most +{MAX_EQ_BOOST_DB} dB"
                ),
            });
        }
        Ok(())
    }

    /// Parses a strip from TOML text.
    pub fn from_toml(text: &str) -> Result<Strip, EngineError> {
        let strip: Strip = toml::from_str(text).map_err(|e| e.to_string())?;
        strip.validate().map_err(|e| e.to_string())?;
        Ok(strip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn design_md_example_parses() {
        let text = r#"
gain_db = 0.0
pan = 0.0
width = 1.0
mute = false
[gate]
threshold_db = -45.0
range_db = 40.0
attack_ms = 1.0
hold_ms = 20.0
release_ms = 80.0
[[eq]]
type = "peak"
freq_hz = 1000.0
gain_db = 6.0
q = 1.0
[comp]
threshold_db = -20.0
ratio = 4.0
attack_ms = 10.0
release_ms = 100.0
knee_db = 6.0
makeup_db = 0.0
mix = 1.0
sidechain = "kick"
[saturation]
drive_db = 6.0
mix = 1.0
[reverb]
send_db = -12.0
decay_s = 1.8
predelay_ms = 20.0
[delay]
send_db = -18.0
time_ms = 375.0
feedback = 0.35
"#;
        let s = Strip::from_toml(text).unwrap();
        assert_eq!(s.eq[0].kind, EqType::Peak);
        assert_eq!(s.comp.as_ref().unwrap().sidechain.as_deref(), Some("kick"));
        // Round trip through TOML keeps every value.
        let back = Strip::from_toml(&toml::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn typos_and_bad_values_are_reported() {
        assert!(
            Strip::from_toml("gain_bd = 1.0")
                .unwrap_err()
                .to_string()
                .contains("gain_bd")
        );
        assert!(
            Strip::from_toml("pan = 3.0")
                .unwrap_err()
                .to_string()
                .contains("pan")
        );
        assert!(Strip::from_toml("[[eq]]\ntype = \"bell\"\nfreq_hz = 100.0").is_err());
    }
}
