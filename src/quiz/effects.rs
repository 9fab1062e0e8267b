//! The effects drills add to a mix at a given size — a level step, a
//! compressor set for so many dB of gain reduction, a reverb or delay send,
//! width, saturation — and the edits that take them away again.

use super::drill::Quality;
use super::material::Stage;
use crate::engine::{Change, Excerpt, Mix, Op, Role};
use rand::RngExt;
use rand::rngs::StdRng;
use serde_json::json;

/// The edits that add `amount` of `what` to `target` on top of `mix`.
pub(super) fn amount_edits(
    stage: &Stage,
    mix: &Mix,
    excerpt: Excerpt,
    what: Quality,
    target: &str,
    amount: f64,
) -> Vec<Change> {
    let strip = mix.strip(target);
    match what {
        Quality::Level if target == "master" => {
            // The limiter would flatten a louder fader; moving its ceiling
            // with the fader changes the whole output by exactly `amount`
            // (a peak limiter scales with its ceiling).
            vec![
                Change::add(target, "gain_db", amount),
                Change::add(target, "limiter.ceiling_dbtp", amount),
            ]
        }
        Quality::Level => vec![Change::add(target, "gain_db", amount)],
        Quality::Compression => {
            // A fast 4:1 compressor whose threshold sits `amount` dB of gain
            // reduction below the loudest passages of what it compresses.
            // The fast attack catches the transients, so more compression
            // always means less dynamics (slow attacks are their own drill).
            let ratio = 4.0;
            let peak = loud_level_db(stage, mix, excerpt, target);
            let threshold = (peak - amount / (1.0 - 1.0 / ratio)).max(-60.0);
            vec![Change {
                target: target.into(),
                op: Op::Set,
                path: "comp".into(),
                value: json!({
                    "threshold_db": threshold, "ratio": ratio, "attack_ms": 1.0,
                    "release_ms": 120.0, "knee_db": 2.0,
                }),
            }]
        }
        Quality::Reverb => vec![Change {
            target: target.into(),
            op: Op::Set,
            path: "reverb".into(),
            value: json!({ "send_db": (-26.0 + amount).min(0.0), "decay_s": 1.8, "predelay_ms": 20.0 }),
        }],
        Quality::Delay => vec![Change {
            target: target.into(),
            op: Op::Set,
            path: "delay".into(),
            value: json!({ "send_db": (-26.0 + amount).min(0.0), "note": "1/8.", "feedback": 0.35 }),
        }],
        Quality::Width => vec![Change::set(
            target,
            "width",
            (strip.width as f64 + amount / 100.0).clamp(0.0, 2.0),
        )],
        Quality::Saturation => vec![Change {
            target: target.into(),
            op: Op::Set,
            path: "saturation".into(),
            value: json!({ "drive_db": amount, "mix": 1.0 }),
        }],
    }
}

/// The level of the loudest passages (99.9th percentile of |x|) at the
/// input of `target`'s compressor, dBFS: the stem's own audio, or for the
/// master the mix rendered without the master's compressor and fader.
fn loud_level_db(stage: &Stage, mix: &Mix, excerpt: Excerpt, target: &str) -> f64 {
    let mut samples: Vec<f32> = Vec::new();
    if target == "master" {
        let mut dry = mix.clone();
        dry.master.comp = None;
        dry.master.gain_db = 0.0;
        let rendered = crate::engine::render_sources(
            &stage.layout,
            &stage.sources,
            &dry,
            stage.tempo_bpm,
            excerpt,
            crate::engine::MasterLimiter::Off,
        );
        if let Ok(audio) = rendered {
            samples = audio.channels.concat();
        }
    } else if let Some(i) = stage.stems.iter().position(|(n, ..)| n == target) {
        let range = excerpt.start..excerpt.start + excerpt.frames;
        for ch in &stage.sources[i].channels {
            samples.extend(ch[range.clone()].iter().map(|x| x.abs()));
        }
    }
    samples.iter_mut().for_each(|x| *x = x.abs());
    if samples.is_empty() {
        return -20.0;
    }
    let k = ((samples.len() as f64 * 0.999) as usize).min(samples.len() - 1);
    let (_, kth, _) = samples.select_nth_unstable_by(k, f32::total_cmp);
    20.0 * (*kth as f64).max(1e-6).log10()
}

/// Sends come from stems (the master has none): on a full mix, the vocal
/// if there is one, else a stem chosen by the seed.
pub(super) fn send_target(stage: &Stage, rng: &mut StdRng) -> String {
    if let [one] = stage.audible.as_slice() {
        return one.clone();
    }
    let vocal = stage
        .stems
        .iter()
        .find(|(n, role, _)| *role == Role::Vocal && stage.audible.contains(n));
    match vocal {
        Some((n, ..)) => n.clone(),
        None => stage.audible[rng.random_range(0..stage.audible.len())].clone(),
    }
}

/// The edits that take `target` back to what it is in `base` for `quality`.
pub(super) fn undo_edits(base: &Mix, target: &str, quality: Quality) -> Vec<Change> {
    let path = match quality {
        Quality::Level => "gain_db",
        Quality::Width => "width",
        Quality::Compression => "comp",
        Quality::Reverb => "reverb",
        Quality::Delay => "delay",
        Quality::Saturation => "saturation",
    };
    // Put back whatever the original strip had at that path, or take the
    // block away if it had none.
    let original = serde_json::to_value(base.strip(target))
        .ok()
        .and_then(|strip| strip.get(path).cloned())
        .filter(|v| !v.is_null());
    vec![Change {
        target: target.into(),
        op: if original.is_some() {
            Op::Set
        } else {
            Op::Remove
        },
        path: path.into(),
        value: original.unwrap_or_default(),
    }]
}
