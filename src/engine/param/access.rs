//! Reading and writing one parameter of a strip or a mix, by `match`.

use super::{Param, Target, Value};
use crate::engine::error::EngineError;
use crate::engine::mix::Mix;
use crate::engine::strip::Strip;

fn no(param: Param, what: &str) -> EngineError {
    EngineError::Edit {
        at: param.to_string(),
        message: format!("the strip has no {what}"),
    }
}

fn wrong(param: Param, value: &Value) -> EngineError {
    EngineError::Edit {
        at: param.to_string(),
        message: format!("{value:?} is not a value of {param}"),
    }
}

impl Strip {
    /// The value of `param` in this strip.
    pub fn get(&self, param: Param) -> Result<Value, EngineError> {
        use Param::*;
        let n = |v: f32| Value::Number(v as f64);
        let gate = || self.gate.ok_or_else(|| no(param, "gate"));
        let band = |k: usize| {
            self.eq
                .get(k)
                .copied()
                .ok_or_else(|| no(param, &format!("EQ band {k}")))
        };
        let comp = || self.comp.as_ref().ok_or_else(|| no(param, "compressor"));
        let sat = || self.saturation.ok_or_else(|| no(param, "saturation"));
        let reverb = || self.reverb.ok_or_else(|| no(param, "reverb send"));
        let delay = || self.delay.as_ref().ok_or_else(|| no(param, "delay send"));
        Ok(match param {
            GainDb => n(self.gain_db),
            Pan => n(self.pan),
            Width => n(self.width),
            Mute => Value::Flag(self.mute),
            Bus => self.bus.clone().map_or(Value::Off, Value::Name),
            Gate => self.gate.map_or(Value::Off, Value::Gate),
            GateThresholdDb => n(gate()?.threshold_db),
            GateRangeDb => n(gate()?.range_db),
            GateAttackMs => n(gate()?.attack_ms),
            GateHoldMs => n(gate()?.hold_ms),
            GateReleaseMs => n(gate()?.release_ms),
            EqBand(k) => Value::Band(band(k)?),
            EqType(k) => Value::Shape(band(k)?.kind),
            EqFreqHz(k) => n(band(k)?.freq_hz),
            EqGainDb(k) => n(band(k)?.gain_db),
            EqQ(k) => n(band(k)?.q),
            EqSlopeDbOct(k) => Value::Number(band(k)?.slope_db_oct.unwrap_or(12) as f64),
            Comp => self.comp.clone().map_or(Value::Off, Value::Comp),
            CompThresholdDb => n(comp()?.threshold_db),
            CompRatio => n(comp()?.ratio),
            CompAttackMs => n(comp()?.attack_ms),
            CompReleaseMs => n(comp()?.release_ms),
            CompKneeDb => n(comp()?.knee_db),
            CompMakeupDb => n(comp()?.makeup_db),
            CompMix => n(comp()?.mix),
            CompDetector => Value::Detector(comp()?.detector),
            CompSidechain => comp()?.sidechain.clone().map_or(Value::Off, Value::Name),
            Saturation => self.saturation.map_or(Value::Off, Value::Saturation),
            SaturationDriveDb => n(sat()?.drive_db),
            SaturationMix => n(sat()?.mix),
            Reverb => self.reverb.map_or(Value::Off, Value::Reverb),
            ReverbSendDb => n(reverb()?.send_db),
            ReverbDecayS => n(reverb()?.decay_s),
            ReverbPredelayMs => n(reverb()?.predelay_ms),
            ReverbDamping => n(reverb()?.damping),
            ReverbSize => n(reverb()?.size),
            Delay => self.delay.clone().map_or(Value::Off, Value::Delay),
            DelaySendDb => n(delay()?.send_db),
            DelayTimeMs => delay()?.time_ms.map_or(Value::Off, n),
            DelayNote => delay()?.note.clone().map_or(Value::Off, Value::Name),
            DelayFeedback => n(delay()?.feedback),
            DelayHighCutHz => n(delay()?.high_cut_hz),
            DelayPingPong => Value::Flag(delay()?.ping_pong),
            Eq | LimiterCeilingDbtp | LimiterReleaseMs | Automation => {
                return Err(EngineError::Edit {
                    at: param.to_string(),
                    message: "not a value of one strip".into(),
                });
            }
        })
    }

    /// Sets `param` to `value`. A number a few rounding steps outside its
    /// range is brought onto it ([`Param::snap`]); a block's fields need
    /// the block. The strip is not validated here.
    pub fn set(&mut self, param: Param, value: Value) -> Result<(), EngineError> {
        use Param::*;
        let number = value.number().map(|v| param.snap(v) as f32);
        let num = || number.ok_or_else(|| wrong(param, &value));
        let name = || match &value {
            Value::Name(s) => Ok(Some(s.clone())),
            Value::Off => Ok(None),
            v => Err(wrong(param, v)),
        };
        let flag = || match value {
            Value::Flag(b) => Ok(b),
            ref v => Err(wrong(param, v)),
        };
        macro_rules! field {
            ($block:expr, $what:literal, |$b:ident| $body:expr) => {{
                let $b = $block.as_mut().ok_or_else(|| no(param, $what))?;
                $body;
            }};
        }
        macro_rules! band {
            ($k:expr, |$b:ident| $body:expr) => {{
                let k = $k;
                let $b = self
                    .eq
                    .get_mut(k)
                    .ok_or_else(|| no(param, &format!("EQ band {k}")))?;
                $body;
            }};
        }
        match (param, &value) {
            (GainDb, _) => self.gain_db = num()?,
            (Pan, _) => self.pan = num()?,
            (Width, _) => self.width = num()?,
            (Mute, _) => self.mute = flag()?,
            (Bus, _) => self.bus = name()?,
            (Gate, Value::Gate(g)) => self.gate = Some(*g),
            (Gate, Value::Off) => self.gate = None,
            (GateThresholdDb, _) => field!(self.gate, "gate", |g| g.threshold_db = num()?),
            (GateRangeDb, _) => field!(self.gate, "gate", |g| g.range_db = num()?),
            (GateAttackMs, _) => field!(self.gate, "gate", |g| g.attack_ms = num()?),
            (GateHoldMs, _) => field!(self.gate, "gate", |g| g.hold_ms = num()?),
            (GateReleaseMs, _) => field!(self.gate, "gate", |g| g.release_ms = num()?),
            (EqBand(k), Value::Band(new)) => band!(k, |b| *b = *new),
            (EqType(k), Value::Shape(t)) => band!(k, |b| b.kind = *t),
            (EqFreqHz(k), _) => band!(k, |b| b.freq_hz = num()?),
            (EqGainDb(k), _) => band!(k, |b| b.gain_db = num()?),
            (EqQ(k), _) => band!(k, |b| b.q = num()?),
            (EqSlopeDbOct(k), _) => {
                let v = num()?;
                let slope = if v == 12.0 || v == 24.0 {
                    v as u8
                } else {
                    return Err(EngineError::OutOfRange {
                        at: param.to_string(),
                        value: v as f64,
                        range: "12 or 24 dB/oct".into(),
                    });
                };
                band!(k, |b| b.slope_db_oct = Some(slope))
            }
            (Comp, Value::Comp(c)) => self.comp = Some(c.clone()),
            (Comp, Value::Off) => self.comp = None,
            (CompThresholdDb, _) => field!(self.comp, "compressor", |c| c.threshold_db = num()?),
            (CompRatio, _) => field!(self.comp, "compressor", |c| c.ratio = num()?),
            (CompAttackMs, _) => field!(self.comp, "compressor", |c| c.attack_ms = num()?),
            (CompReleaseMs, _) => field!(self.comp, "compressor", |c| c.release_ms = num()?),
            (CompKneeDb, _) => field!(self.comp, "compressor", |c| c.knee_db = num()?),
            (CompMakeupDb, _) => field!(self.comp, "compressor", |c| c.makeup_db = num()?),
            (CompMix, _) => field!(self.comp, "compressor", |c| c.mix = num()?),
            (CompDetector, Value::Detector(d)) => {
                field!(self.comp, "compressor", |c| c.detector = *d)
            }
            (CompSidechain, _) => field!(self.comp, "compressor", |c| c.sidechain = name()?),
            (Saturation, Value::Saturation(s)) => self.saturation = Some(*s),
            (Saturation, Value::Off) => self.saturation = None,
            (SaturationDriveDb, _) => {
                field!(self.saturation, "saturation", |s| s.drive_db = num()?)
            }
            (SaturationMix, _) => field!(self.saturation, "saturation", |s| s.mix = num()?),
            (Reverb, Value::Reverb(r)) => self.reverb = Some(*r),
            (Reverb, Value::Off) => self.reverb = None,
            (ReverbSendDb, _) => field!(self.reverb, "reverb send", |r| r.send_db = num()?),
            (ReverbDecayS, _) => field!(self.reverb, "reverb send", |r| r.decay_s = num()?),
            (ReverbPredelayMs, _) => {
                field!(self.reverb, "reverb send", |r| r.predelay_ms = num()?)
            }
            (ReverbDamping, _) => field!(self.reverb, "reverb send", |r| r.damping = num()?),
            (ReverbSize, _) => field!(self.reverb, "reverb send", |r| r.size = num()?),
            (Delay, Value::Delay(d)) => self.delay = Some(d.clone()),
            (Delay, Value::Off) => self.delay = None,
            (DelaySendDb, _) => field!(self.delay, "delay send", |d| d.send_db = num()?),
            (DelayTimeMs, Value::Off) => field!(self.delay, "delay send", |d| d.time_ms = None),
            (DelayTimeMs, _) => field!(self.delay, "delay send", |d| d.time_ms = Some(num()?)),
            (DelayNote, _) => field!(self.delay, "delay send", |d| d.note = name()?),
            (DelayFeedback, _) => field!(self.delay, "delay send", |d| d.feedback = num()?),
            (DelayHighCutHz, _) => {
                field!(self.delay, "delay send", |d| d.high_cut_hz = num()?)
            }
            (DelayPingPong, _) => field!(self.delay, "delay send", |d| d.ping_pong = flag()?),
            (
                Gate | EqBand(_) | EqType(_) | Comp | CompDetector | Saturation | Reverb | Delay
                | Eq | LimiterCeilingDbtp | LimiterReleaseMs | Automation,
                v,
            ) => return Err(wrong(param, v)),
        }
        Ok(())
    }
}

impl Mix {
    /// `target` as this mix knows it: a name that is one of its buses is
    /// the bus (files name buses and stems alike).
    pub fn resolve(&self, target: &Target) -> Target {
        match target {
            Target::Stem(n) if self.buses.contains_key(n) => Target::Bus(n.clone()),
            other => other.clone(),
        }
    }

    /// The strip `target` addresses (a stem without an entry reads as the
    /// default strip; so does a bus this mix does not have).
    pub fn strip_of(&self, target: &Target) -> Strip {
        match self.resolve(target) {
            Target::Master => self.master.clone(),
            Target::Bus(b) => self.buses.get(&b).cloned().unwrap_or_default(),
            Target::Stem(s) => self.stems.get(&s).cloned().unwrap_or_default(),
        }
    }

    /// The strip `target` addresses, mutable (a stem or bus gets an entry
    /// if it had none).
    pub fn strip_mut_of(&mut self, target: &Target) -> &mut Strip {
        match self.resolve(target) {
            Target::Master => &mut self.master,
            Target::Bus(b) => self.buses.entry(b).or_default(),
            Target::Stem(s) => self.stems.entry(s).or_default(),
        }
    }

    /// The value of `param` on `target`.
    pub fn get(&self, target: &Target, param: Param) -> Result<Value, EngineError> {
        let located = |e: EngineError| e.at(target.name());
        match param {
            Param::LimiterCeilingDbtp => Ok(Value::Number(self.limiter.ceiling_dbtp as f64)),
            Param::LimiterReleaseMs => Ok(Value::Number(self.limiter.release_ms as f64)),
            _ => self.strip_of(target).get(param).map_err(located),
        }
    }

    /// The number `param` holds on `target`.
    pub fn number(&self, target: &Target, param: Param) -> Result<f64, EngineError> {
        let value = self.get(target, param)?;
        value.number().ok_or_else(|| EngineError::Edit {
            at: format!("{target}.{param}"),
            message: "is not a number".into(),
        })
    }

    /// Sets `param` on `target` (not validated: see [`Mix::validate`]).
    pub fn set(&mut self, target: &Target, param: Param, value: Value) -> Result<(), EngineError> {
        let number = value.number().map(|v| param.snap(v) as f32);
        let limiter = |l: &mut f32| {
            *l = number.ok_or_else(|| wrong(param, &value))?;
            Ok(())
        };
        match param {
            Param::LimiterCeilingDbtp => limiter(&mut self.limiter.ceiling_dbtp),
            Param::LimiterReleaseMs => limiter(&mut self.limiter.release_ms),
            _ => self
                .strip_mut_of(target)
                .set(param, value)
                .map_err(|e| e.at(target.name())),
        }
    }

    /// Removes the block (or band) `param` from `target`.
    pub fn remove(&mut self, target: &Target, param: Param) -> Result<(), EngineError> {
        let strip = self.strip_mut_of(target);
        match param {
            Param::EqBand(k) if k < strip.eq.len() => {
                strip.eq.remove(k);
                Ok(())
            }
            _ if strip.get(param).is_ok_and(|v| v == Value::Off) => Err(EngineError::Edit {
                at: format!("{target}.{param}"),
                message: "nothing there to remove".into(),
            }),
            _ => strip
                .set(param, Value::Off)
                .map_err(|e| e.at(target.name())),
        }
    }
}
