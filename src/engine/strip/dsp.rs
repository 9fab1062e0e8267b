//! The strip format's blocks as the settings of the DSP processors that
//! run them, and the defaults a desk starts a new block from.

use super::{Comp, Detector, EqBand, EqType, Gate, ReverbSend};

impl Default for Comp {
    /// A moderate starting point (the compressor's own defaults), keyed by
    /// the strip itself.
    fn default() -> Self {
        let s = crate::dsp::compressor::CompSettings::default();
        Self {
            threshold_db: s.threshold_db,
            ratio: s.ratio,
            attack_ms: s.attack_ms,
            release_ms: s.release_ms,
            knee_db: s.knee_db,
            makeup_db: s.makeup_db,
            mix: s.mix,
            detector: Detector::default(),
            sidechain: None,
        }
    }
}

impl EqBand {
    /// The DSP parameters of this band.
    pub fn params(&self) -> crate::dsp::eq::BandParams {
        use crate::dsp::biquad::Shape;
        let shape = match self.kind {
            EqType::Peak => Shape::Peak,
            EqType::LowShelf => Shape::LowShelf,
            EqType::HighShelf => Shape::HighShelf,
            EqType::HighPass => Shape::HighPass,
            EqType::LowPass => Shape::LowPass,
        };
        crate::dsp::eq::BandParams {
            shape,
            freq_hz: self.freq_hz,
            gain_db: self.gain_db,
            q: self.q,
        }
    }
}

impl Comp {
    /// The DSP settings of this compressor.
    pub fn settings(&self) -> crate::dsp::compressor::CompSettings {
        crate::dsp::compressor::CompSettings {
            threshold_db: self.threshold_db,
            ratio: self.ratio,
            attack_ms: self.attack_ms,
            release_ms: self.release_ms,
            knee_db: self.knee_db,
            makeup_db: self.makeup_db,
            mix: self.mix,
            detector: match self.detector {
                Detector::Peak => crate::dsp::compressor::Detector::Peak,
                Detector::Rms => crate::dsp::compressor::Detector::Rms,
            },
        }
    }
}

impl Gate {
    /// The DSP settings of this gate.
    pub fn settings(&self) -> crate::dsp::gate::GateSettings {
        crate::dsp::gate::GateSettings {
            threshold_db: self.threshold_db,
            range_db: self.range_db,
            attack_ms: self.attack_ms,
            hold_ms: self.hold_ms,
            release_ms: self.release_ms,
        }
    }
}

impl ReverbSend {
    /// The reverb return these settings call for.
    pub fn settings(&self) -> crate::dsp::reverb::ReverbSettings {
        crate::dsp::reverb::ReverbSettings {
            decay_s: self.decay_s,
            predelay_ms: self.predelay_ms,
            damping: self.damping,
            size: self.size,
        }
    }
}

impl Default for ReverbSend {
    /// A send at unity into the strip format's default reverb.
    fn default() -> Self {
        Self {
            send_db: 0.0,
            decay_s: ReverbSend::default_decay(),
            predelay_ms: ReverbSend::default_predelay(),
            damping: ReverbSend::default_damping(),
            size: 1.0,
        }
    }
}

impl Default for super::DelaySend {
    /// A send at unity into a quarter-note delay with the format's defaults.
    fn default() -> Self {
        Self {
            send_db: 0.0,
            time_ms: None,
            note: Some("1/4".into()),
            feedback: super::DelaySend::default_feedback(),
            high_cut_hz: super::DelaySend::default_high_cut(),
            ping_pong: false,
        }
    }
}
