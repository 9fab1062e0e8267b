//! The shared reverb and delay returns of a mix, as a desk shows them.
//!
//! In the strip format a return's character (decay, pre-delay, delay time,
//! feedback…) is part of each send, and strips whose sends have the same
//! character share one return. This lists those returns and the strips that
//! feed each, numbered in the order the graph builds them, so a desk can
//! show a return strip and edit every send that shares it at once: an edit
//! of a return changes all of its sends together so they stay one return,
//! and characters are compared by the same keys the graph groups them by.

use super::error::EngineError;
use super::layout::StemLayout;
use super::mix::Mix;
use super::plan::{Plan, delay_key, delay_settings, reverb_key};
use super::strip::{DelaySend, ReverbSend, Strip};

/// The lowest a return's level moves its sends to, dB.
const RETURN_FLOOR_DB: f32 = -60.0;

/// What a return does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Reverb,
    Delay,
}

/// One shared return.
#[derive(Clone, Debug, PartialEq)]
pub struct Return {
    pub kind: Kind,
    /// 1, 2… within its kind, in the graph's order.
    pub number: usize,
    /// The strips that send to it: stems in the session's order, then buses.
    pub feeders: Vec<String>,
}

impl Return {
    /// "Reverb 1", "Delay 2".
    pub fn label(&self) -> String {
        match self.kind {
            Kind::Reverb => format!("Reverb {}", self.number),
            Kind::Delay => format!("Delay {}", self.number),
        }
    }
}

/// The returns `mix` builds over `layout`: reverbs first, then delays.
pub fn returns(
    layout: &[StemLayout],
    mix: &Mix,
    tempo_bpm: f32,
) -> Result<Vec<Return>, EngineError> {
    let plan = Plan::of(layout, mix, tempo_bpm)?;
    let strips = layout
        .iter()
        .map(|s| s.name.as_str())
        .zip(&plan.strips)
        .chain(mix.buses.keys().map(String::as_str).zip(&plan.buses));
    let mut out: Vec<Return> = (0..plan.reverbs.len())
        .map(|i| (Kind::Reverb, i))
        .chain((0..plan.delays.len()).map(|i| (Kind::Delay, i)))
        .map(|(kind, i)| Return {
            kind,
            number: i + 1,
            feeders: Vec::new(),
        })
        .collect();
    let delays_at = plan.reverbs.len();
    for (name, strip) in strips {
        if let Some(r) = strip.reverb {
            out[r].feeders.push(name.to_string());
        }
        if let Some(d) = strip.delay {
            out[delays_at + d].feeders.push(name.to_string());
        }
    }
    Ok(out)
}

/// One edit of a return.
#[derive(Clone, Debug)]
pub enum ReturnEdit {
    /// Moves every send so the loudest is at this level, dB.
    Level(f32),
    /// One feeder's send level, dB.
    Send(String, f32),
    Decay(f32),
    Predelay(f32),
    Damping(f32),
    Size(f32),
    /// A free delay time in ms.
    Time(f32),
    /// A delay time in notes at the session's tempo.
    Note(String),
    Feedback(f32),
    HighCut(f32),
    PingPong(bool),
}

/// Applies `edit` to every send that feeds `ret`.
pub fn apply(mix: &mut Mix, ret: &Return, edit: &ReturnEdit) {
    use super::param::Param;
    let within = |p: Param, v: f32| p.clamp(v as f64) as f32;
    let delta = match edit {
        ReturnEdit::Level(v) => v - level_db(mix, ret),
        _ => 0.0,
    };
    for name in &ret.feeders {
        let strip = mix.strip_mut(name);
        if let ReturnEdit::Send(who, v) = edit {
            if who == name {
                set_send_db(strip, ret.kind, |_| within(Param::ReverbSendDb, *v));
            }
            continue;
        }
        if let ReturnEdit::Level(_) = edit {
            set_send_db(strip, ret.kind, |db| {
                (db + delta).clamp(RETURN_FLOOR_DB, 0.0)
            });
            continue;
        }
        if let Some(r) = &mut strip.reverb
            && ret.kind == Kind::Reverb
        {
            match edit {
                ReturnEdit::Decay(v) => r.decay_s = within(Param::ReverbDecayS, *v),
                ReturnEdit::Predelay(v) => r.predelay_ms = within(Param::ReverbPredelayMs, *v),
                ReturnEdit::Damping(v) => r.damping = within(Param::ReverbDamping, *v),
                ReturnEdit::Size(v) => r.size = within(Param::ReverbSize, *v),
                _ => {}
            }
        }
        if let Some(d) = &mut strip.delay
            && ret.kind == Kind::Delay
        {
            match edit {
                ReturnEdit::Time(ms) => {
                    d.time_ms = Some(within(Param::DelayTimeMs, *ms));
                    d.note = None;
                }
                ReturnEdit::Note(n) if crate::dsp::delay::note_ms(n, 120.0).is_some() => {
                    d.note = Some(n.clone());
                    d.time_ms = None;
                }
                ReturnEdit::Feedback(v) => d.feedback = within(Param::DelayFeedback, *v),
                ReturnEdit::HighCut(v) => d.high_cut_hz = within(Param::DelayHighCutHz, *v),
                ReturnEdit::PingPong(on) => d.ping_pong = *on,
                _ => {}
            }
        }
    }
}

/// The level of `strip`'s send of `kind`, dB, if it has one.
pub fn send_db(strip: &Strip, kind: Kind) -> Option<f32> {
    match kind {
        Kind::Reverb => strip.reverb.map(|r| r.send_db),
        Kind::Delay => strip.delay.as_ref().map(|d| d.send_db),
    }
}

fn set_send_db(strip: &mut Strip, kind: Kind, f: impl FnOnce(f32) -> f32) {
    match kind {
        Kind::Reverb => {
            if let Some(r) = &mut strip.reverb {
                r.send_db = f(r.send_db);
            }
        }
        Kind::Delay => {
            if let Some(d) = &mut strip.delay {
                d.send_db = f(d.send_db);
            }
        }
    }
}

/// The return's level: its loudest send.
pub fn level_db(mix: &Mix, ret: &Return) -> f32 {
    ret.feeders
        .iter()
        .filter_map(|n| send_db(&mix.strip(n), ret.kind))
        .fold(f32::NEG_INFINITY, f32::max)
}

/// Mutes a return as heard: its sends drop to silence but keep the graph's
/// shape, so muting and unmuting glide instead of rebuilding.
pub fn silence(mix: &mut Mix, ret: &Return) {
    for name in &ret.feeders {
        set_send_db(mix.strip_mut(name), ret.kind, |_| -120.0);
    }
}

/// The character of a reverb return (its first feeder's send).
pub fn reverb_of(mix: &Mix, ret: &Return) -> Option<ReverbSend> {
    ret.feeders.iter().find_map(|n| mix.strip(n).reverb)
}

/// The character of a delay return.
pub fn delay_of(mix: &Mix, ret: &Return) -> Option<DelaySend> {
    ret.feeders.iter().find_map(|n| mix.strip(n).delay)
}

/// A reverb whose character no return of `mix` has yet, for a new return.
pub fn fresh_reverb(mix: &Mix, returns: &[Return]) -> ReverbSend {
    let taken: Vec<[u32; 4]> = returns
        .iter()
        .filter_map(|r| reverb_of(mix, r))
        .map(|r| reverb_key(&r.settings()))
        .collect();
    [1.8, 1.2, 2.6, 0.8, 3.5, 5.0]
        .into_iter()
        .map(|decay_s| ReverbSend {
            send_db: -12.0,
            decay_s,
            predelay_ms: 20.0,
            damping: 0.5,
            size: 1.0,
        })
        .find(|c| !taken.contains(&reverb_key(&c.settings())))
        .unwrap_or(ReverbSend {
            send_db: -12.0,
            decay_s: 7.0,
            predelay_ms: 40.0,
            damping: 0.5,
            size: 1.0,
        })
}

/// A delay whose character no return of `mix` has yet at `tempo_bpm`
/// (a note value and the same time in ms are one return, as the graph
/// builds them).
pub fn fresh_delay(mix: &Mix, returns: &[Return], tempo_bpm: f32) -> DelaySend {
    let key = |d: &DelaySend| {
        let strip = Strip {
            delay: Some(d.clone()),
            ..Strip::default()
        };
        delay_settings(&strip, tempo_bpm)
            .ok()
            .flatten()
            .map(|s| delay_key(&s))
    };
    let taken: Vec<_> = returns
        .iter()
        .filter_map(|r| delay_of(mix, r))
        .map(|d| key(&d))
        .collect();
    let candidate = |note: &str| DelaySend {
        send_db: -18.0,
        time_ms: None,
        note: Some(note.into()),
        feedback: 0.35,
        high_cut_hz: 8000.0,
        ping_pong: true,
    };
    ["1/8.", "1/4", "1/8", "1/16", "1/4.", "1/16."]
        .into_iter()
        .map(candidate)
        .find(|c| !taken.contains(&key(c)))
        .unwrap_or_else(|| candidate("1/8t"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(names: &[&str]) -> Vec<StemLayout> {
        names
            .iter()
            .map(|n| StemLayout {
                name: n.to_string(),
                channels: 1,
            })
            .collect()
    }

    #[test]
    fn sends_with_the_same_character_share_a_return() {
        let mix = Mix::from_toml(
            r#"
            [stems.vocal]
            reverb = { send_db = -10.0, decay_s = 2.5 }
            delay = { send_db = -18.0, note = "1/8" }
            [stems.snare]
            reverb = { send_db = -14.0, decay_s = 2.5 }
            [stems.guitar]
            reverb = { send_db = -20.0, decay_s = 1.0 }
            delay = { send_db = -20.0, time_ms = 250.0 }
            [buses.drums]
            reverb = { send_db = -6.0, decay_s = 1.0 }
            "#,
        )
        .expect("mix");
        // At 120 BPM an eighth note is 250 ms: the guitar's delay in ms and
        // the vocal's in notes are one return, as the graph builds them.
        let r =
            returns(&layout(&["vocal", "snare", "guitar", "kick"]), &mix, 120.0).expect("returns");
        let shown: Vec<(String, Vec<String>)> =
            r.iter().map(|r| (r.label(), r.feeders.clone())).collect();
        let want = [
            ("Reverb 1", vec!["vocal", "snare"]),
            ("Reverb 2", vec!["guitar", "drums"]),
            ("Delay 1", vec!["vocal", "guitar"]),
        ];
        assert_eq!(shown.len(), want.len(), "{shown:?}");
        for ((label, feeders), (l, f)) in shown.iter().zip(want) {
            assert_eq!(label, l);
            assert_eq!(feeders, &f);
        }
        // At another tempo the eighth note is no longer 250 ms: two delays.
        let r =
            returns(&layout(&["vocal", "snare", "guitar", "kick"]), &mix, 100.0).expect("returns");
        assert_eq!(r.iter().filter(|r| r.kind == Kind::Delay).count(), 2);
    }
}
