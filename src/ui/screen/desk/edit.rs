//! One edit of a channel strip, as the desk's controls send it, and how
//! it changes the strip.

use crate::engine::strip::{Comp, DelaySend, EqBand, EqType, ReverbSend, Saturation, Strip};
use crate::engine::{Param, Value};

/// One edit of the selected strip.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    Gain(f32),
    Pan(f32),
    Mute,
    Width(f32),
    AddBand,
    RemoveBand(usize),
    BandType(usize, EqType),
    BandFreq(usize, f32),
    BandGain(usize, f32),
    BandQ(usize, f32),
    Comp(bool),
    Threshold(f32),
    Ratio(f32),
    Attack(f32),
    Release(f32),
    Makeup(f32),
    Saturation(bool),
    Drive(f32),
    /// The reverb send off (`None`), or into the return with this
    /// character (a send already on keeps its level).
    Reverb(Option<ReverbSend>),
    ReverbSend(f32),
    /// The delay send off, or into the return with this character.
    Delay(Option<DelaySend>),
    DelaySend(f32),
}

/// Applies one edit to a strip through the engine's parameter model:
/// numbers are clamped into their parameter's range, and an edit that
/// would leave the strip invalid (a boost past the EQ's summed bound, say)
/// is not made. Returns whether the strip changed.
pub(super) fn apply(strip: &mut Strip, edit: Edit) -> bool {
    let mut next = strip.clone();
    change(&mut next, edit);
    if next == *strip || next.validate().is_err() {
        return false;
    }
    *strip = next;
    true
}

fn change(strip: &mut Strip, edit: Edit) {
    let set = |strip: &mut Strip, param: Param, v: f32| {
        // A field of a block the strip does not have has no control to
        // send it, so there is nothing to set.
        let _ = strip.set(param, Value::Number(param.clamp(v as f64)));
    };
    match edit {
        Edit::Gain(db) => set(
            strip,
            Param::GainDb,
            db.clamp(super::FADER_DB.0, super::FADER_DB.1),
        ),
        Edit::Pan(p) => set(strip, Param::Pan, p),
        Edit::Mute => strip.mute = !strip.mute,
        Edit::Width(w) => set(strip, Param::Width, w),
        Edit::AddBand => strip.eq.push(EqBand {
            kind: EqType::Peak,
            freq_hz: 1000.0,
            gain_db: 0.0,
            q: 1.0,
            slope_db_oct: None,
        }),
        Edit::RemoveBand(k) => {
            if k < strip.eq.len() {
                strip.eq.remove(k);
            }
        }
        Edit::BandType(k, t) => {
            let _ = strip.set(Param::EqType(k), Value::Shape(t));
        }
        Edit::BandFreq(k, f) => set(strip, Param::EqFreqHz(k), f.clamp(20.0, 20_000.0)),
        Edit::BandGain(k, g) => set(strip, Param::EqGainDb(k), g),
        Edit::BandQ(k, q) => set(strip, Param::EqQ(k), q),
        Edit::Comp(on) => strip.comp = on.then(Comp::default),
        Edit::Threshold(v) => set(strip, Param::CompThresholdDb, v),
        Edit::Ratio(v) => set(strip, Param::CompRatio, v),
        Edit::Attack(v) => set(strip, Param::CompAttackMs, v),
        Edit::Release(v) => set(strip, Param::CompReleaseMs, v),
        Edit::Makeup(v) => set(strip, Param::CompMakeupDb, v),
        Edit::Saturation(on) => {
            strip.saturation = on.then_some(Saturation {
                drive_db: 6.0,
                mix: 1.0,
            })
        }
        Edit::Drive(v) => set(strip, Param::SaturationDriveDb, v),
        Edit::Reverb(into) => {
            strip.reverb = into.map(|r| ReverbSend {
                send_db: strip.reverb.map_or(r.send_db, |old| old.send_db),
                ..r
            })
        }
        Edit::ReverbSend(v) => set(strip, Param::ReverbSendDb, v),
        Edit::Delay(into) => {
            let send_db = strip.delay.as_ref().map(|old| old.send_db);
            strip.delay = into.map(|d| DelaySend {
                send_db: send_db.unwrap_or(d.send_db),
                ..d
            })
        }
        Edit::DelaySend(v) => set(strip, Param::DelaySendDb, v),
    }
}
