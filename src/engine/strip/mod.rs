//! The channel strip in its file format (TOML/JSON, field names fixed by
//! DESIGN.md), and its validation; `dsp.rs` turns each block into its
//! processor's settings.
//!
//! Processing order is the DAW's: gate → EQ → compressor → saturation →
//! width → fader → pan → post-fader sends. An absent block is off and costs
//! nothing.

mod dsp;

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
    fn default_decay() -> f32 {
        1.8
    }
    fn default_predelay() -> f32 {
        20.0
    }
    fn default_damping() -> f32 {
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
    fn default_feedback() -> f32 {
        0.35
    }
    fn default_high_cut() -> f32 {
        8000.0
    }

    /// The delay time in ms at `tempo_bpm` (the note value wins if both are given).
    pub fn resolved_time_ms(&self, tempo_bpm: f32) -> Result<f32, String> {
        match (&self.note, self.time_ms) {
            (Some(note), _) => crate::dsp::delay::note_ms(note, tempo_bpm).ok_or_else(|| {
                format!("delay.note: '{note}' is not a note value like 1/4, 1/8. or 1/8t")
            }),
            (None, Some(ms)) => Ok(ms),
            (None, None) => Err("delay: give time_ms or note".into()),
        }
    }
}

fn check(ok: bool, what: &str, range: &str, value: f32) -> Result<(), String> {
    if ok && value.is_finite() {
        Ok(())
    } else {
        Err(format!("{what} = {value} is out of range ({range})"))
    }
}

impl Strip {
    /// Checks every value against the range the processors accept.
    pub fn validate(&self) -> Result<(), String> {
        check(
            (-120.0..=24.0).contains(&self.gain_db),
            "gain_db",
            "−120 … +24 dB",
            self.gain_db,
        )?;
        check((-1.0..=1.0).contains(&self.pan), "pan", "−1 … +1", self.pan)?;
        check(
            (0.0..=2.0).contains(&self.width),
            "width",
            "0 … 2",
            self.width,
        )?;
        if let Some(g) = &self.gate {
            check(
                (-100.0..=0.0).contains(&g.threshold_db),
                "gate.threshold_db",
                "−100 … 0 dB",
                g.threshold_db,
            )?;
            check(
                (0.0..=100.0).contains(&g.range_db),
                "gate.range_db",
                "0 … 100 dB",
                g.range_db,
            )?;
            for (name, v) in [
                ("gate.attack_ms", g.attack_ms),
                ("gate.hold_ms", g.hold_ms),
                ("gate.release_ms", g.release_ms),
            ] {
                check((0.0..=5000.0).contains(&v), name, "0 … 5000 ms", v)?;
            }
        }
        for (i, b) in self.eq.iter().enumerate() {
            check(
                (10.0..=23_500.0).contains(&b.freq_hz),
                &format!("eq[{i}].freq_hz"),
                "10 … 23500 Hz",
                b.freq_hz,
            )?;
            check(
                (-30.0..=30.0).contains(&b.gain_db),
                &format!("eq[{i}].gain_db"),
                "−30 … +30 dB",
                b.gain_db,
            )?;
            check(
                (0.1..=40.0).contains(&b.q),
                &format!("eq[{i}].q"),
                "0.1 … 40",
                b.q,
            )?;
            if let Some(s) = b.slope_db_oct
                && s != 12
                && s != 24
            {
                return Err(format!("eq[{i}].slope_db_oct = {s} is not 12 or 24"));
            }
        }
        if let Some(c) = &self.comp {
            check(
                (-80.0..=0.0).contains(&c.threshold_db),
                "comp.threshold_db",
                "−80 … 0 dB",
                c.threshold_db,
            )?;
            check(
                (1.0..=100.0).contains(&c.ratio),
                "comp.ratio",
                "1 … 100",
                c.ratio,
            )?;
            check(
                (0.0..=1000.0).contains(&c.attack_ms),
                "comp.attack_ms",
                "0 … 1000 ms",
                c.attack_ms,
            )?;
            check(
                (1.0..=5000.0).contains(&c.release_ms),
                "comp.release_ms",
                "1 … 5000 ms",
                c.release_ms,
            )?;
            check(
                (0.0..=24.0).contains(&c.knee_db),
                "comp.knee_db",
                "0 … 24 dB",
                c.knee_db,
            )?;
            check(
                (-24.0..=40.0).contains(&c.makeup_db),
                "comp.makeup_db",
                "−24 … +40 dB",
                c.makeup_db,
            )?;
            check((0.0..=1.0).contains(&c.mix), "comp.mix", "0 … 1", c.mix)?;
        }
        if let Some(s) = &self.saturation {
            check(
                (0.0..=36.0).contains(&s.drive_db),
                "saturation.drive_db",
                "0 … 36 dB",
                s.drive_db,
            )?;
            check(
                (0.0..=1.0).contains(&s.mix),
                "saturation.mix",
                "0 … 1",
                s.mix,
            )?;
        }
        if let Some(r) = &self.reverb {
            check(
                (-120.0..=12.0).contains(&r.send_db),
                "reverb.send_db",
                "−120 … +12 dB",
                r.send_db,
            )?;
            check(
                (0.1..=20.0).contains(&r.decay_s),
                "reverb.decay_s",
                "0.1 … 20 s",
                r.decay_s,
            )?;
            check(
                (0.0..=250.0).contains(&r.predelay_ms),
                "reverb.predelay_ms",
                "0 … 250 ms",
                r.predelay_ms,
            )?;
            check(
                (0.0..=1.0).contains(&r.damping),
                "reverb.damping",
                "0 … 1",
                r.damping,
            )?;
            check(
                (0.5..=2.0).contains(&r.size),
                "reverb.size",
                "0.5 … 2",
                r.size,
            )?;
        }
        if let Some(d) = &self.delay {
            check(
                (-120.0..=12.0).contains(&d.send_db),
                "delay.send_db",
                "−120 … +12 dB",
                d.send_db,
            )?;
            if let Some(t) = d.time_ms {
                check(
                    (1.0..=crate::dsp::delay::MAX_TIME_MS).contains(&t),
                    "delay.time_ms",
                    "1 … 2000 ms",
                    t,
                )?;
            }
            if d.time_ms.is_none() && d.note.is_none() {
                return Err("delay: give time_ms or note".into());
            }
            check(
                (0.0..=0.95).contains(&d.feedback),
                "delay.feedback",
                "0 … 0.95",
                d.feedback,
            )?;
            check(
                (200.0..=21_600.0).contains(&d.high_cut_hz),
                "delay.high_cut_hz",
                "200 … 21600 Hz",
                d.high_cut_hz,
            )?;
        }
        Ok(())
    }

    /// Parses a strip from TOML text.
    pub fn from_toml(text: &str) -> Result<Strip, String> {
        let strip: Strip = toml::from_str(text).map_err(|e| e.to_string())?;
        strip.validate()?;
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
                .contains("gain_bd")
        );
        assert!(Strip::from_toml("pan = 3.0").unwrap_err().contains("pan"));
        assert!(Strip::from_toml("[[eq]]\ntype = \"bell\"\nfreq_hz = 100.0").is_err());
    }
}
