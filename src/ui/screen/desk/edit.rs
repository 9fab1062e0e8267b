//! One edit of a channel strip, as the desk's controls send it, and how
//! it changes the strip.

use crate::engine::strip::{Comp, DelaySend, EqBand, EqType, ReverbSend, Saturation, Strip};

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

/// Applies one edit to a strip.
pub(super) fn apply(strip: &mut Strip, edit: Edit) {
    match edit {
        Edit::Gain(db) => strip.gain_db = db.clamp(super::FADER_DB.0, super::FADER_DB.1),
        Edit::Pan(p) => strip.pan = p.clamp(-1.0, 1.0),
        Edit::Mute => strip.mute = !strip.mute,
        Edit::Width(w) => strip.width = w.clamp(0.0, 2.0),
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
        Edit::BandType(k, t) => band(strip, k, |b| b.kind = t),
        Edit::BandFreq(k, f) => band(strip, k, |b| b.freq_hz = f.clamp(20.0, 20_000.0)),
        Edit::BandGain(k, g) => band(strip, k, |b| b.gain_db = g),
        Edit::BandQ(k, q) => band(strip, k, |b| b.q = q),
        Edit::Comp(on) => strip.comp = on.then(Comp::default),
        Edit::Threshold(v) => comp(strip, |c| c.threshold_db = v),
        Edit::Ratio(v) => comp(strip, |c| c.ratio = v),
        Edit::Attack(v) => comp(strip, |c| c.attack_ms = v),
        Edit::Release(v) => comp(strip, |c| c.release_ms = v),
        Edit::Makeup(v) => comp(strip, |c| c.makeup_db = v),
        Edit::Saturation(on) => {
            strip.saturation = on.then_some(Saturation {
                drive_db: 6.0,
                mix: 1.0,
            })
        }
        Edit::Drive(v) => {
            if let Some(s) = &mut strip.saturation {
                s.drive_db = v;
            }
        }
        Edit::Reverb(into) => {
            strip.reverb = into.map(|r| ReverbSend {
                send_db: strip.reverb.map_or(r.send_db, |old| old.send_db),
                ..r
            })
        }
        Edit::ReverbSend(v) => {
            if let Some(r) = &mut strip.reverb {
                r.send_db = v;
            }
        }
        Edit::Delay(into) => {
            let send_db = strip.delay.as_ref().map(|old| old.send_db);
            strip.delay = into.map(|d| DelaySend {
                send_db: send_db.unwrap_or(d.send_db),
                ..d
            })
        }
        Edit::DelaySend(v) => {
            if let Some(d) = &mut strip.delay {
                d.send_db = v;
            }
        }
    }
}

fn band(strip: &mut Strip, k: usize, f: impl FnOnce(&mut EqBand)) {
    if let Some(b) = strip.eq.get_mut(k) {
        f(b);
    }
}

fn comp(strip: &mut Strip, f: impl FnOnce(&mut Comp)) {
    if let Some(c) = &mut strip.comp {
        f(c);
    }
}
