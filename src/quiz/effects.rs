//! The effects drills add to a mix at a given size — a level step, a
//! compressor set for so many dB of gain reduction, a reverb or delay send,
//! width, saturation — and the edits that take them away again.

use super::drill::Quality;
use super::error::QuizError;
use super::material::Stage;
use super::skill::REVERB_FLOOR_LU;
use crate::analysis::loudness;
use crate::audio::Audio;
use crate::dsp::compressor::{CompSettings, Compressor};
use crate::dsp::{Block, MAX_BLOCK};
use crate::engine::param::MASTER;
use crate::engine::strip::{Comp, DelaySend, ReverbSend, Saturation};
use crate::engine::{
    Edit, Excerpt, MasterLimiter, Mix, Op, Param, Role, Target, Value, render_sources,
};
use rand::RngExt;
use rand::rngs::StdRng;

/// The edits that add `amount` of `what` to `target` on top of `mix`.
pub(super) fn amount_edits(
    stage: &Stage,
    mix: &Mix,
    excerpt: Excerpt,
    what: Quality,
    target: &str,
    amount: f64,
) -> Vec<Edit> {
    let strip = mix.strip(target);
    let to = Target::named(target);
    match what {
        Quality::Level if to == Target::Master => {
            // The limiter would flatten a louder fader; moving its ceiling
            // with the fader changes the whole output by exactly `amount`
            // (a peak limiter scales with its ceiling).
            vec![
                Edit::add(to.clone(), Param::GainDb, amount),
                Edit::add(to, Param::LimiterCeilingDbtp, amount),
            ]
        }
        Quality::Level => vec![Edit::add(to, Param::GainDb, amount)],
        Quality::Compression | Quality::Attack | Quality::Parallel => compression_edits(
            comp_input(stage, mix, excerpt, target).as_ref(),
            target,
            amount,
        ),
        Quality::Reverb | Quality::Decay | Quality::Predelay => {
            let wet_lu = reverb_wet_lu(amount);
            let reverb = ReverbSend {
                send_db: 0.0,
                decay_s: 1.8,
                predelay_ms: 20.0,
                ..ReverbSend::default()
            };
            let send_db = reverb_send_db(stage, mix, excerpt, target, reverb, wet_lu);
            vec![Edit::put(
                to,
                Param::Reverb,
                Value::Reverb(ReverbSend {
                    send_db: send_db as f32,
                    ..reverb
                }),
            )]
        }
        Quality::Delay | Quality::DelayTime | Quality::Feedback => vec![Edit::put(
            to,
            Param::Delay,
            Value::Delay(DelaySend {
                send_db: (-26.0 + amount).min(0.0) as f32,
                note: Some("1/8.".into()),
                feedback: 0.35,
                ..DelaySend::default()
            }),
        )],
        Quality::Width => vec![Edit::set(
            to,
            Param::Width,
            (strip.width as f64 + amount / 100.0).clamp(0.0, 2.0),
        )],
        Quality::Saturation => vec![Edit::put(
            to,
            Param::Saturation,
            Value::Saturation(Saturation {
                drive_db: amount as f32,
                mix: 1.0,
            }),
        )],
    }
}

/// The loudness of the reverb relative to the dry sound, in LU, for an
/// `amount` on the reverb skill's scale (bigger is more reverb), which
/// starts far under anything a learner hears.
pub(super) fn reverb_wet_lu(amount: f64) -> f64 {
    (amount - REVERB_FLOOR_LU).min(0.0)
}

/// The send level that makes `target`'s reverb (with the settings of the
/// `reverb` block) measure `wet_lu` LU against the dry `target` over the
/// excerpt, by BS.1770, as heard: `target` solo through the master chain.
/// What the reverb adds is the render with it less the one without; the
/// master's dynamics bend the send's dB a little, so a few corrections
/// bring the measurement to within a hundredth of an LU.
fn reverb_send_db(
    stage: &Stage,
    mix: &Mix,
    excerpt: Excerpt,
    target: &str,
    reverb: ReverbSend,
    wet_lu: f64,
) -> f64 {
    const CORRECTIONS: usize = 3;
    let mut solo = mix.clone();
    for stem in &stage.loaded.stems {
        solo.strip_mut(&stem.name).mute = stem.name != target;
    }
    solo.strip_mut(target).reverb = None;
    let render = |m: &Mix| {
        render_sources(
            &stage.loaded.layout,
            &stage.loaded.sources,
            m,
            stage.loaded.tempo_bpm,
            excerpt,
            MasterLimiter::On,
        )
        .ok()
    };
    let lufs = |a: &Audio| {
        loudness(a)
            .ok()
            .map(|l| l.integrated_lufs)
            .filter(|l| l.is_finite())
    };
    let Some(dry) = render(&solo) else {
        return wet_lu;
    };
    let Some(dry_lufs) = lufs(&dry) else {
        // Nothing to measure (silence): the send alone sets the level.
        return wet_lu;
    };
    let wet_lu_at = |send_db: f64| -> Option<f64> {
        let mut with = solo.clone();
        with.strip_mut(target).reverb = Some(ReverbSend {
            send_db: (send_db as f32).clamp(-120.0, 12.0),
            ..reverb
        });
        let mut wet = render(&with)?;
        for (w, d) in wet.channels.iter_mut().zip(&dry.channels) {
            for (w, d) in w.iter_mut().zip(d) {
                *w -= d;
            }
        }
        Some(lufs(&wet)? - dry_lufs)
    };
    let mut send_db = wet_lu;
    for _ in 0..CORRECTIONS {
        match wet_lu_at(send_db) {
            Some(measured) => send_db = (send_db + wet_lu - measured).clamp(-60.0, 12.0),
            None => break,
        }
    }
    send_db
}

/// A fast 4:1 compressor on `target` whose threshold is set, by running it
/// over `input` (what it will compress, see [`comp_input`]), so that it takes
/// `amount` dB off the loudest moments (as its gain-reduction meter would
/// read). The fast attack catches the transients, so more compression always
/// means less dynamics (slow attacks are their own drill).
pub(super) fn compression_edits(input: Option<&Audio>, target: &str, amount: f64) -> Vec<Edit> {
    vec![Edit::put(
        Target::named(target),
        Param::Comp,
        Value::Comp(calibrated_comp(input, 4.0, 1.0, amount)),
    )]
}

/// The strip's compressor block with `ratio`
/// and `attack_ms` whose threshold makes it take `amount` dB off the
/// loudest moments of `input` (−20 dB when there is nothing to measure).
pub(super) fn calibrated_comp(
    input: Option<&Audio>,
    ratio: f64,
    attack_ms: f64,
    amount: f64,
) -> Comp {
    let mut settings = CompSettings {
        ratio: ratio as f32,
        attack_ms: attack_ms as f32,
        release_ms: 120.0,
        knee_db: 2.0,
        ..CompSettings::default()
    };
    let threshold = input.map_or(-20.0, |input| {
        calibrate_threshold(input, &mut settings, amount)
    });
    Comp {
        threshold_db: Param::CompThresholdDb.snap(threshold).clamp(-80.0, 0.0) as f32,
        ratio: settings.ratio,
        attack_ms: settings.attack_ms,
        release_ms: settings.release_ms,
        knee_db: settings.knee_db,
        makeup_db: 0.0,
        mix: 1.0,
        ..Comp::default()
    }
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
    if target == MASTER {
        let mut dry = mix.clone();
        dry.master.comp = None;
        dry.master.gain_db = 0.0;
        return render_sources(
            &stage.loaded.layout,
            &stage.loaded.sources,
            &dry,
            stage.loaded.tempo_bpm,
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
pub(super) fn limiter_headroom_edits(stage: &Stage, mix: &Mix, excerpt: Excerpt) -> Vec<Edit> {
    const MARGIN_DB: f64 = 1.0;
    let Ok(open) = render_sources(
        &stage.loaded.layout,
        &stage.loaded.sources,
        mix,
        stage.loaded.tempo_bpm,
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
        vec![Edit::add(Target::Master, Param::GainDb, -over)]
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
        .loaded
        .stems
        .iter()
        .find(|s| s.role == Role::Vocal && stage.audible.contains(&s.name));
    match vocal {
        Some(s) => s.name.clone(),
        None => stage.audible[rng.random_range(0..stage.audible.len())].clone(),
    }
}

/// Takes `target`'s own effect of the kind `quality` is about off A (the
/// session's compressor on a vocal, its reverb send…), so that a drill
/// compares the effect it adds with none rather than with a setting the
/// learner cannot know; a drill about dynamics then also makes room under
/// the limiter.
pub(super) fn start_from_none(
    stage: &Stage,
    mix: &Mix,
    excerpt: Excerpt,
    target: &str,
    quality: Quality,
) -> Result<Mix, QuizError> {
    let mut clear = mix.clone();
    let strip = clear.strip_mut(target);
    match quality {
        Quality::Compression | Quality::Attack | Quality::Parallel => strip.comp = None,
        Quality::Reverb | Quality::Decay | Quality::Predelay => strip.reverb = None,
        Quality::Delay | Quality::DelayTime | Quality::Feedback => strip.delay = None,
        Quality::Saturation => strip.saturation = None,
        Quality::Level | Quality::Width => {}
    }
    let dynamics = matches!(
        quality,
        Quality::Compression | Quality::Attack | Quality::Parallel
    );
    if dynamics {
        let room = limiter_headroom_edits(stage, &clear, excerpt);
        clear = crate::engine::apply_all(&clear, &room)?;
    }
    Ok(clear)
}

/// The edits that take `target` back to what it is in `base` for `quality`.
pub(super) fn undo_edits(base: &Mix, target: &str, quality: Quality) -> Vec<Edit> {
    let param = match quality {
        Quality::Level => Param::GainDb,
        Quality::Width => Param::Width,
        Quality::Compression | Quality::Attack | Quality::Parallel => Param::Comp,
        Quality::Reverb | Quality::Decay | Quality::Predelay => Param::Reverb,
        Quality::Delay | Quality::DelayTime | Quality::Feedback => Param::Delay,
        Quality::Saturation => Param::Saturation,
    };
    // Put back whatever the original strip had, or take the block away if
    // it had none.
    let to = Target::named(target);
    let original = base.strip_of(&to).get(param).unwrap_or(Value::Off);
    vec![Edit {
        target: to,
        op: if original == Value::Off {
            Op::Remove
        } else {
            Op::Set
        },
        param,
        value: original,
    }]
}
