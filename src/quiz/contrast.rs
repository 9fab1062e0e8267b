//! "A or B" drills where both versions have the effect and differ in one of
//! its settings: a compressor's attack, parallel against serial compression,
//! a reverb's decay time and pre-delay, a delay's time and feedback. The
//! staircase moves the difference between the two settings.

use super::drill::Quality;
use super::effects::{calibrated_comp, comp_input};
use super::exercise::Exercise;
use crate::engine::strip::{DelaySend, ReverbSend};
use crate::engine::{Edit, Param, Target, Value};

/// The fast attack the slow one is compared with, in ms.
const FAST_ATTACK_MS: f64 = 0.5;
/// The attack drill's compressor: 4:1 taking 10 dB off the loudest
/// moments, plainly audible, so the question is only about the attack.
const ATTACK_DRILL_RATIO: f64 = 4.0;
const ATTACK_DRILL_GR_DB: f64 = 10.0;
/// The parallel drill's compressor smashes, as parallel compression does:
/// 10:1 taking 18 dB off.
const PARALLEL_DRILL_RATIO: f64 = 10.0;
const PARALLEL_DRILL_GR_DB: f64 = 18.0;
/// The shorter reverb decay (RT60), in ms.
const SHORT_DECAY_MS: f64 = 500.0;
/// The pre-delay of the decay drill and the decay of the pre-delay drill.
const DECAY_DRILL_PREDELAY_MS: f64 = 10.0;
const PREDELAY_DRILL_DECAY_S: f64 = 1.2;
/// Reverb and delay sends loud enough to hear their settings.
const CONTRAST_SEND_DB: f64 = -6.0;
/// The shorter delay time, in ms, and the feedback of the time drill.
const SHORT_DELAY_MS: f64 = 220.0;
const TIME_DRILL_FEEDBACK: f64 = 0.3;
/// The delay time of the feedback drill, and its lighter feedback in %.
const FEEDBACK_DRILL_TIME_MS: f64 = 300.0;
const LOW_FEEDBACK_PERCENT: f64 = 10.0;

/// Whether `quality` compares a setting of an effect both versions have.
pub(super) fn is_contrast(quality: Quality) -> bool {
    matches!(
        quality,
        Quality::Attack
            | Quality::Parallel
            | Quality::Decay
            | Quality::Predelay
            | Quality::DelayTime
            | Quality::Feedback
    )
}

/// The two settings compared, in the skill's unit: the plain one and the
/// one with "more", `level` above it. Parallel compression is compared by
/// its share of dry signal against a serial (all-wet) compressor.
pub(super) fn settings(quality: Quality, level: f64) -> (f64, f64) {
    let plain = match quality {
        Quality::Attack => FAST_ATTACK_MS,
        Quality::Decay => SHORT_DECAY_MS,
        Quality::DelayTime => SHORT_DELAY_MS,
        Quality::Feedback => LOW_FEEDBACK_PERCENT,
        _ => 0.0,
    };
    (plain, plain + level)
}

/// The edit that puts the effect with the setting at a value on `target`.
/// A compressor is calibrated once, on what it hears, with the fast attack
/// and no dry signal: every value then shares its threshold.
pub(super) fn edit_for(
    ex: &Exercise,
    quality: Quality,
    target: &str,
) -> impl Fn(f64) -> Edit + use<> {
    let comp = matches!(quality, Quality::Attack | Quality::Parallel).then(|| {
        let input = comp_input(&ex.stage, &ex.a, ex.excerpt, target);
        let (ratio, amount) = match quality {
            Quality::Attack => (ATTACK_DRILL_RATIO, ATTACK_DRILL_GR_DB),
            _ => (PARALLEL_DRILL_RATIO, PARALLEL_DRILL_GR_DB),
        };
        calibrated_comp(input.as_ref(), ratio, FAST_ATTACK_MS, amount)
    });
    let target = Target::named(target);
    move |value: f64| {
        let reverb = |decay_s: f64, predelay_ms: f64| {
            Value::Reverb(ReverbSend {
                send_db: CONTRAST_SEND_DB as f32,
                decay_s: decay_s as f32,
                predelay_ms: predelay_ms as f32,
                ..ReverbSend::default()
            })
        };
        let delay = |time_ms: f64, feedback: f64| {
            Value::Delay(DelaySend {
                send_db: CONTRAST_SEND_DB as f32,
                time_ms: Some(time_ms as f32),
                note: None,
                feedback: feedback as f32,
                ..DelaySend::default()
            })
        };
        let (param, value) = match quality {
            Quality::Attack | Quality::Parallel => {
                let mut comp = comp.clone().unwrap_or_default();
                if quality == Quality::Attack {
                    comp.attack_ms = value as f32;
                } else {
                    comp.mix = (1.0 - value / 100.0) as f32;
                }
                (Param::Comp, Value::Comp(comp))
            }
            Quality::Decay => (
                Param::Reverb,
                reverb(value / 1000.0, DECAY_DRILL_PREDELAY_MS),
            ),
            Quality::Predelay => (Param::Reverb, reverb(PREDELAY_DRILL_DECAY_S, value)),
            Quality::DelayTime => (Param::Delay, delay(value, TIME_DRILL_FEEDBACK)),
            _ => (Param::Delay, delay(FEEDBACK_DRILL_TIME_MS, value / 100.0)),
        };
        Edit::put(target.clone(), param, value)
    }
}
