//! The effects drills add to a mix at a given size — a level step, a
//! compressor set for so many dB of gain reduction, a reverb or delay send,
//! width, saturation — and the edits that take them away again.

use super::drill::Quality;
use super::material::Stage;
use crate::audio::Audio;
use crate::dsp::compressor::{CompSettings, Compressor};
use crate::dsp::{Block, MAX_BLOCK};
use crate::engine::{Change, Excerpt, MasterLimiter, Mix, Op, Role, render_sources};
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
        Quality::Compression => compression_edits(
            comp_input(stage, mix, excerpt, target).as_ref(),
            target,
            amount,
        ),
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

/// A fast 4:1 compressor on `target` whose threshold is set, by running it
/// over `input` (what it will compress, see [`comp_input`]), so that it takes
/// `amount` dB off the loudest moments (as its gain-reduction meter would
/// read). The fast attack catches the transients, so more compression always
/// means less dynamics (slow attacks are their own drill).
pub(super) fn compression_edits(input: Option<&Audio>, target: &str, amount: f64) -> Vec<Change> {
    let mut settings = CompSettings {
        ratio: 4.0,
        attack_ms: 1.0,
        release_ms: 120.0,
        knee_db: 2.0,
        ..CompSettings::default()
    };
    let threshold = input.map_or(-20.0, |input| {
        calibrate_threshold(input, &mut settings, amount)
    });
    vec![Change {
        target: target.into(),
        op: Op::Set,
        path: "comp".into(),
        value: json!({
            "threshold_db": threshold, "ratio": settings.ratio,
            "attack_ms": settings.attack_ms, "release_ms": settings.release_ms,
            "knee_db": settings.knee_db,
        }),
    }]
}

/// What reaches `target`'s compressor over the excerpt: the stem's own
/// audio, or for the master the mix without the master's compressor and
/// fader.
pub(super) fn comp_input(
    stage: &Stage,
    mix: &Mix,
    excerpt: Excerpt,
    target: &str,
) -> Option<Audio> {
    if target == "master" {
        let mut dry = mix.clone();
        dry.master.comp = None;
        dry.master.gain_db = 0.0;
        return render_sources(
            &stage.layout,
            &stage.sources,
            &dry,
            stage.tempo_bpm,
            excerpt,
            MasterLimiter::Off,
        )
        .ok();
    }
    stage.stem_excerpt(target, excerpt)
}

/// Share of blocks whose gain reduction is at or above the "loudest
/// moments" reading.
const LOUD_PERCENTILE: f64 = 0.98;

/// The gain reduction of the loudest moments: the 98th percentile over
/// blocks of the compressor's meter (the largest reduction in each block).
fn loud_gain_reduction_db(input: &Audio, settings: CompSettings) -> f64 {
    let mut comp = Compressor::new(settings);
    let mut block = Block::new(input.channels.len(), MAX_BLOCK);
    let mut meter = Vec::with_capacity(input.frames() / MAX_BLOCK + 1);
    for start in (0..input.frames()).step_by(MAX_BLOCK) {
        let len = MAX_BLOCK.min(input.frames() - start);
        block.reset(input.channels.len(), len);
        for (ch, x) in input.channels.iter().enumerate() {
            block
                .channel_mut(ch)
                .copy_from_slice(&x[start..start + len]);
        }
        comp.process(&mut block, None);
        meter.push(comp.take_meter_db() as f64);
    }
    if meter.is_empty() {
        return 0.0;
    }
    let k = ((meter.len() as f64 * LOUD_PERCENTILE) as usize).min(meter.len() - 1);
    let (_, kth, _) = meter.select_nth_unstable_by(k, f64::total_cmp);
    *kth
}

/// Finds the threshold at which `settings` takes `amount` dB off the
/// loudest moments of `input` (bisection: the reduction falls as the
/// threshold rises), stores it in `settings` and returns it.
fn calibrate_threshold(input: &Audio, settings: &mut CompSettings, amount: f64) -> f64 {
    let (mut low, mut high) = (-80.0f32, 6.0f32);
    for _ in 0..16 {
        settings.threshold_db = 0.5 * (low + high);
        if loud_gain_reduction_db(input, *settings) > amount {
            low = settings.threshold_db;
        } else {
            high = settings.threshold_db;
        }
    }
    settings.threshold_db = 0.5 * (low + high);
    settings.threshold_db as f64
}

/// Turns the master fader down so that `mix` reaches the limiter below its
/// ceiling over the excerpt: a drill about dynamics must not have the
/// limiter flatten one version more than the other.
pub(super) fn limiter_headroom_edits(stage: &Stage, mix: &Mix, excerpt: Excerpt) -> Vec<Change> {
    const MARGIN_DB: f64 = 1.0;
    let Ok(open) = render_sources(
        &stage.layout,
        &stage.sources,
        mix,
        stage.tempo_bpm,
        excerpt,
        MasterLimiter::Off,
    ) else {
        return Vec::new();
    };
    let peak = open
        .channels
        .iter()
        .flat_map(|c| c.iter())
        .fold(0.0f32, |m, x| m.max(x.abs()));
    let over =
        20.0 * (peak.max(1e-9) as f64).log10() - (mix.limiter.ceiling_dbtp as f64 - MARGIN_DB);
    if over > 0.0 {
        vec![Change::add("master", "gain_db", -over)]
    } else {
        Vec::new()
    }
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
