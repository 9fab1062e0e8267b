//! Turning a drill, a level and a seed into an exercise, one function per
//! drill kind. Everything random comes from one seeded generator, so the same
//! seed gives the same exercise.

use super::contrast;
use super::drill::{Amount, BandSet, Drill, DrillKind, Quality, Sign, StemProcess};
use super::effects::{
    amount_edits, comp_input, compression_edits, reverb_wet_lu, send_target, start_from_none,
    undo_edits,
};
use super::exercise::{ChangeInfo, Choice, Exercise, peak_edit};
use super::material::{Stage, stage};
use super::placement;
use super::restore;
use super::skill::skill;
use super::tutor::{Focus, band_key, weakness_weight, weighted_index};
use crate::analysis::third_octave_centres;
use crate::engine::{Change, Excerpt, Mix};
use crate::paths::DataDir;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::collections::HashMap;

/// Octave bands the drills use: 31.5 Hz is left out (few speakers play it).
const OCTAVES: [f64; 9] = [
    63.0, 125.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16000.0,
];
/// Q of a one-octave and a ⅓-octave bell.
pub(super) const Q_OCTAVE: f64 = 1.41;
const Q_THIRD: f64 = 4.32;
/// Choices offered in a band question.
const BAND_CHOICES: usize = 4;

/// Generates the exercise of `drill` at `level` (in the skill's unit).
pub fn generate(
    lesson: &str,
    drill: &Drill,
    level: f64,
    seed: u64,
    data: Option<&DataDir>,
) -> Result<Exercise, String> {
    generate_with(lesson, drill, level, seed, data, &Focus::default())
}

/// [`generate`], favouring what `focus` asks for (the tutor's choice of
/// band, weak stems, material to avoid).
pub fn generate_with(
    lesson: &str,
    drill: &Drill,
    level: f64,
    seed: u64,
    data: Option<&DataDir>,
    focus: &Focus,
) -> Result<Exercise, String> {
    let skill_id = drill.skill();
    let skill = skill(&skill_id).ok_or_else(|| format!("unknown skill '{skill_id}'"))?;
    if !(level.is_finite() && level > 0.0) {
        return Err(format!("level {level} must be a positive number"));
    }
    let level = level.clamp(skill.min, skill.max);
    let mut rng = StdRng::seed_from_u64(seed);
    let stage = stage(
        &drill.material,
        rng.random(),
        data,
        focus.avoid_session.as_deref(),
    )?;
    let excerpt = excerpt(&stage, drill.seconds, &mut rng);
    let mut ex = Exercise {
        lesson: lesson.to_string(),
        drill: drill.clone(),
        skill: skill_id,
        level,
        seed,
        a: stage.mix.clone(),
        b: stage.mix.clone(),
        stage,
        excerpt,
        question: String::new(),
        choices: Vec::new(),
        answer: 0,
        change: ChangeInfo::plain("", "", 0.0, "", Vec::new()),
        controls: Vec::new(),
    };
    match &drill.kind {
        DrillKind::WhichBand {
            bands,
            sign,
            count,
            low_hz,
            high_hz,
        } => which_band(
            &mut ex,
            &mut rng,
            *bands,
            *sign,
            *count,
            (*low_hz, *high_hz),
            focus.band_hz,
        )?,
        DrillKind::HowMuch { amount } => how_much(&mut ex, &mut rng, *amount)?,
        DrillKind::WhichStem { process } => {
            which_stem(&mut ex, &mut rng, *process, &focus.stem_weights)?
        }
        DrillKind::AOrB { quality } => a_or_b(&mut ex, &mut rng, *quality)?,
        DrillKind::Where => placement::where_panned(&mut ex, &mut rng)?,
        DrillKind::When => placement::when(&mut ex, &mut rng)?,
        DrillKind::MatchIt { process, count } => {
            restore::match_it(&mut ex, &mut rng, *process, *count)?
        }
        DrillKind::BalanceMemory => restore::balance_memory(&mut ex)?,
    }
    ex.b = apply_all(&ex.a, &ex.change.edits)?;
    Ok(ex)
}

/// A bar-aligned excerpt of `seconds` (all of the material if shorter).
fn excerpt(stage: &Stage, seconds: f64, rng: &mut StdRng) -> Excerpt {
    let total = stage.frames();
    let frames = ((seconds.max(1.0) * crate::SAMPLE_RATE_HZ as f64) as usize).min(total);
    let bars = (total - frames) / stage.bar_frames.max(1);
    let start = rng.random_range(0..=bars) * stage.bar_frames;
    Excerpt { start, frames }
}

pub(super) fn apply_all(mix: &Mix, edits: &[Change]) -> Result<Mix, String> {
    edits.iter().try_fold(mix.clone(), |m, c| c.apply(&m))
}

/// The strip a change goes on: the soloed stem or the noise, else the master.
pub(super) fn whole_target(stage: &Stage) -> String {
    match stage.audible.as_slice() {
        [one] => one.clone(),
        _ => "master".into(),
    }
}

/// A band's centre as learners read it: "63 Hz", "1 kHz", "12.5 kHz".
pub fn hz_label(f: f64) -> String {
    if f >= 1000.0 {
        let k = f / 1000.0;
        if (k - k.round()).abs() < 0.05 {
            format!("{k:.0} kHz")
        } else {
            format!("{k:.1} kHz")
        }
    } else {
        format!("{f:.0} Hz")
    }
}

pub(super) fn band_list(bands: BandSet, range: (Option<f64>, Option<f64>)) -> Vec<f64> {
    let all: Vec<f64> = match bands {
        BandSet::Octave => OCTAVES.to_vec(),
        BandSet::Third => third_octave_centres()
            .into_iter()
            .filter(|&f| (50.0..=16_000.0).contains(&f))
            .collect(),
    };
    let (lo, hi) = (range.0.unwrap_or(0.0), range.1.unwrap_or(f64::MAX));
    all.into_iter()
        .filter(|&f| f >= lo * 0.99 && f <= hi * 1.01)
        .collect()
}

fn which_band(
    ex: &mut Exercise,
    rng: &mut StdRng,
    bands: BandSet,
    sign: Sign,
    count: u8,
    range: (Option<f64>, Option<f64>),
    chosen_hz: Option<f64>,
) -> Result<(), String> {
    let list = band_list(bands, range);
    let needed = if count >= 2 { 4 } else { 2 };
    if list.len() < needed {
        return Err(format!("only {} bands in the drill's range", list.len()));
    }
    let q = if bands == BandSet::Octave {
        Q_OCTAVE
    } else {
        Q_THIRD
    };
    let s = match sign {
        Sign::Boost => 1.0,
        Sign::Cut => -1.0,
        Sign::Either => {
            if rng.random_bool(0.5) {
                1.0
            } else {
                -1.0
            }
        }
    };
    let gain = s * ex.level;
    let target = whole_target(&ex.stage);
    let word = |s: f64| if s > 0.0 { "boost" } else { "cut" };
    let kind = if bands == BandSet::Octave {
        "octave"
    } else {
        "⅓-octave"
    };

    if count >= 2 {
        // Two bands at least two steps apart; the other choices move one or
        // both bands by a step.
        let i = rng.random_range(0..list.len() - 2);
        let j = rng.random_range(i + 2..list.len());
        let mut pairs = vec![(i, j)];
        let shifts = [
            (-1i32, 0i32),
            (1, 0),
            (0, -1),
            (0, 1),
            (-1, 1),
            (1, -1),
            (-1, -1),
            (1, 1),
        ];
        for (di, dj) in shifts {
            let (a, b) = (i as i32 + di, j as i32 + dj);
            if a >= 0
                && b < list.len() as i32
                && a < b
                && !pairs.contains(&(a as usize, b as usize))
            {
                pairs.push((a as usize, b as usize));
            }
        }
        let mut others = pairs.split_off(1);
        shuffle(&mut others, rng);
        others.truncate(BAND_CHOICES - 1);
        pairs.extend(others);
        shuffle(&mut pairs, rng);
        ex.answer = pairs.iter().position(|&p| p == (i, j)).unwrap_or(0);
        ex.choices = pairs
            .iter()
            .map(|&(a, b)| Choice {
                label: format!("{} + {}", hz_label(list[a]), hz_label(list[b])),
                value: (list[a] * list[b]).log2() / 2.0,
                sign: s,
                mix: apply_all(
                    &ex.a,
                    &[
                        peak_edit(&target, list[a], gain, q),
                        peak_edit(&target, list[b], gain, q),
                    ],
                )
                .ok(),
                key: None,
            })
            .collect();
        ex.question = format!("Two {kind} bands got a {} in B. Which two?", word(s));
        ex.change = ChangeInfo::peak(&target, &[list[i], list[j]], gain, q);
        return Ok(());
    }

    let true_band = chosen_hz
        .and_then(|hz| list.iter().position(|&f| (f - hz).abs() < 0.5))
        .unwrap_or_else(|| rng.random_range(0..list.len()));
    let window = BAND_CHOICES.min(list.len());
    let lowest = true_band.saturating_sub(window - 1);
    let highest = true_band.min(list.len() - window);
    let first = rng.random_range(lowest..=highest);
    let signs: &[f64] = if sign == Sign::Either {
        &[1.0, -1.0]
    } else {
        &[s]
    };
    for &si in signs {
        for (k, &f) in list[first..first + window].iter().enumerate() {
            if first + k == true_band && si == s {
                ex.answer = ex.choices.len();
            }
            let label = if sign == Sign::Either {
                format!("{} {}", hz_label(f), word(si))
            } else {
                hz_label(f)
            };
            ex.choices.push(Choice {
                label,
                value: f.log2(),
                sign: si,
                mix: apply_all(&ex.a, &[peak_edit(&target, f, si * ex.level, q)]).ok(),
                key: Some(band_key(f)),
            });
        }
    }
    ex.question = match sign {
        Sign::Either => format!("One {kind} band was boosted or cut in B. Which, and which way?"),
        _ => format!("One {kind} band got a {} in B. Which?", word(s)),
    };
    ex.change = ChangeInfo::peak(&target, &[list[true_band]], gain, q);
    Ok(())
}

pub(super) fn shuffle<T>(items: &mut [T], rng: &mut StdRng) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}

fn how_much(ex: &mut Exercise, rng: &mut StdRng, amount: Amount) -> Result<(), String> {
    // The choices are 1…4 steps of `level`; the largest stays in range.
    let cap = match amount {
        Amount::Level => 24.0,
        Amount::EqGain => 18.0,
        Amount::Compression => 18.0,
        Amount::Reverb => 24.0,
    };
    let step = ex.level.min(cap / 4.0);
    let k = rng.random_range(1..=4usize);
    let target = match amount {
        Amount::Reverb => send_target(&ex.stage, rng),
        _ => whole_target(&ex.stage),
    };
    let band = OCTAVES[rng.random_range(1..OCTAVES.len() - 1)];
    let value = step * k as f64;
    match amount {
        Amount::Level => make_room_for_level(ex, &target, value)?,
        Amount::Compression => {
            ex.a = start_from_none(&ex.stage, &ex.a, ex.excerpt, &target, Quality::Compression)?
        }
        Amount::Reverb => {
            ex.a = start_from_none(&ex.stage, &ex.a, ex.excerpt, &target, Quality::Reverb)?
        }
        Amount::EqGain => {}
    }
    // What the compressor will hear is the same for every choice.
    let comp_in = match amount {
        Amount::Compression => comp_input(&ex.stage, &ex.a, ex.excerpt, &target),
        _ => None,
    };
    let edits_for = |a: f64| match amount {
        Amount::Level => amount_edits(&ex.stage, &ex.a, ex.excerpt, Quality::Level, &target, a),
        Amount::EqGain => vec![peak_edit(&target, band, a, Q_OCTAVE)],
        Amount::Compression => compression_edits(comp_in.as_ref(), &target, a),
        Amount::Reverb => amount_edits(&ex.stage, &ex.a, ex.excerpt, Quality::Reverb, &target, a),
    };
    let mut edits: Vec<Vec<Change>> = (1..=4).map(|i| edits_for(step * i as f64)).collect();
    let (what, parameter) = match amount {
        Amount::Level => ("How much louder is B?".to_string(), "gain_db"),
        Amount::EqGain => (
            format!("B has a boost at {}. How big?", hz_label(band)),
            "eq",
        ),
        Amount::Compression => ("B is compressed. How much gain reduction?".into(), "comp"),
        Amount::Reverb => (
            "B has reverb. How loud is it against the dry sound?".into(),
            "reverb.wet_lu",
        ),
    };
    ex.choices = (1..=4)
        .zip(&edits)
        .map(|(i, choice_edits)| {
            let a = step * i as f64;
            let label = match amount {
                Amount::Reverb => format!("{:.0} LU", reverb_wet_lu(a)),
                Amount::Compression => format!("{a:.1} dB"),
                _ => format!("+{a:.1} dB"),
            };
            Choice {
                label,
                value: a,
                sign: 1.0,
                mix: apply_all(&ex.a, choice_edits).ok(),
                key: None,
            }
        })
        .collect();
    ex.answer = k - 1;
    ex.question = what;
    let answer_edits = edits.swap_remove(k - 1);
    ex.change = match amount {
        Amount::EqGain => ChangeInfo::peak(&target, &[band], value, Q_OCTAVE),
        Amount::Reverb => {
            ChangeInfo::plain(&target, parameter, reverb_wet_lu(value), "LU", answer_edits)
        }
        _ => ChangeInfo::plain(&target, parameter, value, "dB", answer_edits),
    };
    Ok(())
}

fn which_stem(
    ex: &mut Exercise,
    rng: &mut StdRng,
    process: StemProcess,
    weights: &HashMap<String, f64>,
) -> Result<(), String> {
    let mut names = ex.stage.audible.clone();
    if names.len() < 2 {
        return Err("a 'which stem' drill needs a full mix".into());
    }
    // With weights the changed stem is drawn first (weak stems more often),
    // then three others join it.
    let weighted = (!weights.is_empty()).then(|| {
        let w: Vec<f64> = names
            .iter()
            .map(|n| {
                weights
                    .get(n)
                    .copied()
                    .unwrap_or_else(|| weakness_weight(0, 0.0))
            })
            .collect();
        names.remove(weighted_index(&w, rng))
    });
    shuffle(&mut names, rng);
    names.truncate(if weighted.is_some() { 3 } else { 4 });
    names.extend(weighted.clone());
    names.sort_by_key(|n| ex.stage.stems.iter().position(|(s, ..)| s == n));
    let target_i = match &weighted {
        Some(t) => names.iter().position(|n| n == t).unwrap_or(0),
        None => rng.random_range(0..names.len()),
    };
    let s = if rng.random_bool(0.5) { 1.0 } else { -1.0 };
    let band = OCTAVES[rng.random_range(2..OCTAVES.len() - 1)];
    let edit = |name: &str, si: f64| match process {
        StemProcess::Level => Change::add(name, "gain_db", si * ex.level),
        StemProcess::Eq => peak_edit(name, band, si * ex.level, Q_OCTAVE),
    };
    let (up, down) = match process {
        StemProcess::Level => ("louder", "quieter"),
        StemProcess::Eq => ("boosted", "cut"),
    };
    for (i, name) in names.iter().enumerate() {
        let display = display_name(ex, name);
        for si in [1.0, -1.0] {
            if i == target_i && si == s {
                ex.answer = ex.choices.len();
            }
            ex.choices.push(Choice {
                label: format!("{display} {}", if si > 0.0 { up } else { down }),
                value: i as f64,
                sign: si,
                mix: apply_all(&ex.a, &[edit(name, si)]).ok(),
                key: Some(name.clone()),
            });
        }
    }
    ex.question = match process {
        StemProcess::Level => "One stem is louder or quieter in B. Which, and which way?".into(),
        StemProcess::Eq => format!(
            "One stem was boosted or cut at {} in B. Which, and which way?",
            hz_label(band)
        ),
    };
    let target = &names[target_i];
    ex.change = match process {
        StemProcess::Level => {
            ChangeInfo::plain(target, "gain_db", s * ex.level, "dB", vec![edit(target, s)])
        }
        StemProcess::Eq => ChangeInfo::peak(target, &[band], s * ex.level, Q_OCTAVE),
    };
    Ok(())
}

fn a_or_b(ex: &mut Exercise, rng: &mut StdRng, quality: Quality) -> Result<(), String> {
    let target = match quality {
        // Width works on the stereo image of the whole mix.
        Quality::Width => "master".to_string(),
        Quality::Reverb
        | Quality::Delay
        | Quality::Decay
        | Quality::Predelay
        | Quality::DelayTime
        | Quality::Feedback => send_target(&ex.stage, rng),
        _ => whole_target(&ex.stage),
    };
    let (parameter, unit) = match quality {
        Quality::Level => ("gain_db", "dB"),
        Quality::Compression => ("comp", "dB"),
        Quality::Reverb => ("reverb.wet_lu", "LU"),
        Quality::Delay => ("delay.send_db", "dB"),
        Quality::Width => ("width", "%"),
        Quality::Saturation => ("saturation", "dB"),
        Quality::Attack => ("comp.attack_ms", "ms"),
        Quality::Parallel => ("comp.dry_percent", "%"),
        Quality::Decay => ("reverb.decay_ms", "ms"),
        Quality::Predelay => ("reverb.predelay_ms", "ms"),
        Quality::DelayTime => ("delay.time_ms", "ms"),
        Quality::Feedback => ("delay.feedback_percent", "%"),
    };
    let (noun, adjective) = match quality {
        Quality::Level => ("level", "is louder"),
        Quality::Compression => ("compression", "is more compressed"),
        Quality::Reverb => ("reverb", "has more reverb"),
        Quality::Delay => ("delay", "has more delay"),
        Quality::Width => ("width", "is wider"),
        Quality::Saturation => ("saturation", "is more saturated"),
        Quality::Attack => (
            "compressor attack",
            "has the slower attack (lets more of each hit through)",
        ),
        Quality::Parallel => (
            "compression",
            "is parallel compression (the dry sound blended back in)",
        ),
        Quality::Decay => ("reverb decay", "has the longer reverb"),
        Quality::Predelay => (
            "reverb pre-delay",
            "has the later reverb (longer pre-delay)",
        ),
        Quality::DelayTime => ("delay time", "has the longer delay time"),
        Quality::Feedback => ("delay feedback", "has more repeats (more feedback)"),
    };
    let b_has_more = rng.random_bool(0.5);
    ex.a = start_from_none(&ex.stage, &ex.a, ex.excerpt, &target, quality)?;
    let base = ex.a.clone();
    let edits = if contrast::is_contrast(quality) {
        let (a, b) = contrast::settings(quality, ex.level);
        let (a, b) = if b_has_more { (a, b) } else { (b, a) };
        let edit = contrast::edit_for(ex, quality, &target);
        ex.a = apply_all(&ex.a, &[edit(a)])?;
        vec![edit(b)]
    } else {
        if quality == Quality::Level {
            make_room_for_level(ex, &target, ex.level)?;
        }
        let more = amount_edits(&ex.stage, &ex.a, ex.excerpt, quality, &target, ex.level);
        if b_has_more {
            more
        } else if quality == Quality::Level {
            // A is the louder version; B turns it down again.
            ex.a = apply_all(&ex.a, &more)?;
            amount_edits(&ex.stage, &ex.a, ex.excerpt, quality, &target, -ex.level)
        } else {
            // A is the version with more; B takes it away again.
            ex.a = apply_all(&ex.a, &more)?;
            undo_edits(&base, &target, quality)
        }
    };
    let signed = if b_has_more { ex.level } else { -ex.level };
    ex.change = match quality {
        // The reverb's size is its loudness against the dry sound, which
        // B either gains or loses.
        Quality::Reverb if b_has_more => {
            ChangeInfo::plain(&target, parameter, reverb_wet_lu(ex.level), unit, edits)
        }
        Quality::Reverb => ChangeInfo::plain(
            &target,
            "reverb.removed_wet_lu",
            reverb_wet_lu(ex.level),
            unit,
            edits,
        ),
        _ => ChangeInfo::plain(&target, parameter, signed, unit, edits),
    };
    let on = if target == "master" {
        String::new()
    } else {
        format!(" of the {}", display(ex, &target))
    };
    ex.question = format!("Which {adjective}? (the {noun}{on} differs)");
    ex.choices = a_or_b_choices();
    ex.answer = usize::from(b_has_more);
    Ok(())
}

/// The two choices of an "A or B" drill.
pub(super) fn a_or_b_choices() -> Vec<Choice> {
    ["A", "B"]
        .iter()
        .enumerate()
        .map(|(i, l)| Choice {
            label: l.to_string(),
            value: i as f64,
            sign: 0.0,
            mix: None,
            key: None,
        })
        .collect()
}

/// A level step on the master moves the limiter's ceiling with the fader,
/// and the ceiling cannot go above −1 dBTP: so A is turned down by `step`
/// first, and the louder version is the mix as it was. Stems need no room.
fn make_room_for_level(ex: &mut Exercise, target: &str, step: f64) -> Result<(), String> {
    if target == "master" {
        let down = amount_edits(&ex.stage, &ex.a, ex.excerpt, Quality::Level, target, -step);
        ex.a = apply_all(&ex.a, &down)?;
    }
    Ok(())
}

/// The name a learner sees for a stem ("Lead oohs").
pub(super) fn display_name(ex: &Exercise, name: &str) -> String {
    ex.stage
        .stems
        .iter()
        .find(|(n, ..)| n == name)
        .map_or_else(|| name.to_string(), |(_, _, d)| d.clone())
}

/// The stem's name inside a sentence ("the lead oohs").
pub(super) fn display(ex: &Exercise, name: &str) -> String {
    display_name(ex, name).to_lowercase()
}
