//! What the feedback after a drill draws of the difference between A and B:
//! the ⅓-octave spectrum difference for EQ, the compressor's gain reduction
//! over the excerpt in A and in B for compression, the decay of the reverb
//! or delay return's impulse response in A and in B for space, and the level
//! difference over time for everything else (levels, rides, width…).

use super::error::QuizError;
use super::exercise::Measure;
use super::{DrillKind, Exercise};
use crate::analysis::{level_difference, spectrum_difference};
use crate::audio::Audio;
use crate::dsp::{Block, MAX_BLOCK};
use crate::engine::Param;
use crate::engine::{Graph, MasterLimiter, Mix, Strip};

/// A picture of how B differs from A; every series is (x, dB).
#[derive(Clone, Debug, PartialEq)]
pub enum Picture {
    /// B − A per ⅓-octave band, (Hz, dB).
    Spectrum(Vec<(f64, f64)>),
    /// B − A in short-term level, (s, dB).
    Level(Vec<(f64, f64)>),
    /// The changed strip's gain reduction over the excerpt (s, −dB), in A
    /// and in B (empty where that version has no compressor).
    Reduction {
        strip: String,
        a: Vec<(f64, f64)>,
        b: Vec<(f64, f64)>,
    },
    /// The energy decay of the changed strip's return, an impulse sent at
    /// the strip's send level (s, dB re A's total), in A and in B.
    Decay {
        what: &'static str,
        a: Vec<(f64, f64)>,
        b: Vec<(f64, f64)>,
    },
}

/// How long a decay is traced, s.
const DECAY_S: f64 = 3.0;
/// How low a decay is drawn, dB.
const DECAY_FLOOR_DB: f64 = -60.0;

/// The picture for exercise `ex`, whose A and B were rendered as `a`, `b`.
pub fn picture(ex: &Exercise, a: &Audio, b: &Audio) -> Result<Picture, QuizError> {
    let target = ex.change.target.name();
    let (sa, sb) = (ex.a.strip(target), ex.b.strip(target));
    let spectral = matches!(ex.drill.kind, DrillKind::WhichBand { .. })
        || ex.skill.starts_with("eq")
        || matches!(
            ex.change.parameter,
            Measure::Param(Param::Eq | Param::EqBand(_) | Param::EqFreqHz(_) | Param::EqGainDb(_))
        );
    if spectral {
        return Ok(Picture::Spectrum(spectrum_difference(a, b)));
    }
    let on_meter = target == "master" || ex.stage.loaded.layout.iter().any(|s| s.name == target);
    if sa.comp != sb.comp && on_meter && !target.is_empty() {
        return Ok(Picture::Reduction {
            strip: target.to_string(),
            a: reduction_trace(ex, &ex.a, target)?,
            b: reduction_trace(ex, &ex.b, target)?,
        });
    }
    if sa.reverb != sb.reverb || sa.delay != sb.delay {
        let reverb = sa.reverb != sb.reverb;
        let (da, db) = (
            return_impulse(&sa, reverb, ex.stage.loaded.tempo_bpm)?,
            return_impulse(&sb, reverb, ex.stage.loaded.tempo_bpm)?,
        );
        let reference = da.iter().chain(&db).map(|x| x * x).sum::<f64>() / 2.0;
        return Ok(Picture::Decay {
            what: if reverb { "reverb" } else { "delay" },
            a: energy_decay(&da, reference),
            b: energy_decay(&db, reference),
        });
    }
    Ok(Picture::Level(level_difference(a, b, 10.0)))
}

/// The largest gain reduction of `strip`'s compressor (a stem or the
/// master) in each audio block of the excerpt rendered with `mix`, as
/// (s, −dB). Empty when the strip has no compressor.
pub fn reduction_trace(
    ex: &Exercise,
    mix: &Mix,
    strip: &str,
) -> Result<Vec<(f64, f64)>, QuizError> {
    if mix.strip(strip).comp.is_none() {
        return Ok(Vec::new());
    }
    let stage = &ex.stage;
    let stem = stage.loaded.layout.iter().position(|s| s.name == strip);
    let mut graph = Graph::new(
        &stage.loaded.layout,
        mix,
        stage.loaded.tempo_bpm,
        MasterLimiter::On,
    )
    .map_err(|e| e.to_string())?;
    let mut out = Block::new(2, MAX_BLOCK);
    let mut stems = vec![0.0f32; stage.loaded.layout.len()];
    let mut trace = Vec::with_capacity(ex.excerpt.frames / MAX_BLOCK + 1);
    let mut done = 0;
    while done < ex.excerpt.frames {
        let len = MAX_BLOCK.min(ex.excerpt.frames - done);
        out.reset(2, len);
        graph.process(&stage.loaded.sources, ex.excerpt.start + done, &mut out);
        let master = graph.take_reductions_db(&mut stems);
        let gr = stem.map_or(master, |i| stems[i]);
        trace.push((done as f64 / crate::SAMPLE_RATE_HZ as f64, -(gr as f64)));
        done += len;
    }
    Ok(trace)
}

/// The wet output of `strip`'s reverb (or delay) return for a unit impulse
/// sent at the strip's send level, both channels summed in power: what the
/// return adds to one click. Silence when the strip has no such send.
fn return_impulse(strip: &Strip, reverb: bool, tempo_bpm: f32) -> Result<Vec<f64>, QuizError> {
    let frames = (DECAY_S * crate::SAMPLE_RATE_HZ as f64) as usize;
    let mut input = Block::new(1, MAX_BLOCK);
    let mut wet = Block::new(2, MAX_BLOCK);
    let (mut rev, mut del, gain) = match (reverb, strip.reverb, &strip.delay) {
        (true, Some(r), _) => (
            Some(crate::dsp::reverb::Reverb::new(r.settings())),
            None,
            r.send_db,
        ),
        (false, _, Some(d)) => {
            let settings = crate::dsp::delay::DelaySettings {
                time_ms: d.resolved_time_ms(tempo_bpm)?,
                feedback: d.feedback,
                high_cut_hz: d.high_cut_hz,
                ping_pong: d.ping_pong,
            };
            (
                None,
                Some(crate::dsp::delay::Delay::new(settings)),
                d.send_db,
            )
        }
        _ => return Ok(vec![0.0; frames]),
    };
    let gain = crate::dsp::db_to_gain(gain);
    let mut out = Vec::with_capacity(frames);
    while out.len() < frames {
        let len = MAX_BLOCK.min(frames - out.len());
        input.reset(1, len);
        if out.is_empty() {
            input.channel_mut(0)[0] = gain;
        }
        if let Some(r) = &mut rev {
            r.process(&input, &mut wet);
        }
        if let Some(d) = &mut del {
            d.process(&input, &mut wet);
        }
        let (l, r) = (wet.channel(0), wet.channel(1));
        out.extend(
            l.iter()
                .zip(r)
                .map(|(&l, &r)| ((l as f64).powi(2) + (r as f64).powi(2)).sqrt()),
        );
    }
    Ok(out)
}

/// Schroeder's backward-integrated energy decay of `h`, in dB re
/// `reference` (a total energy), in 10 ms steps down to the floor.
fn energy_decay(h: &[f64], reference: f64) -> Vec<(f64, f64)> {
    if reference <= 0.0 {
        return Vec::new();
    }
    let step = crate::SAMPLE_RATE_HZ as usize / 100;
    let mut remaining: f64 = h.iter().map(|x| x * x).sum();
    let mut curve = Vec::with_capacity(h.len() / step + 1);
    for (k, chunk) in h.chunks(step).enumerate() {
        let db = 10.0 * (remaining / reference).log10();
        curve.push((k as f64 * 0.01, db.max(DECAY_FLOOR_DB)));
        remaining -= chunk.iter().map(|x| x * x).sum::<f64>();
        remaining = remaining.max(0.0);
    }
    curve
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_energy_decay_of_an_exponential_falls_60_db_in_its_rt60() {
        // Amplitude falling 60 dB in 1.5 s: the decay curve is a straight
        // line through −60 dB at 1.5 s (Schroeder's integral of an
        // exponential is the same exponential).
        let fs = crate::SAMPLE_RATE_HZ as f64;
        let h: Vec<f64> = (0..(3.0 * fs) as usize)
            .map(|i| 10f64.powf(-3.0 * i as f64 / (1.5 * fs)))
            .collect();
        let total: f64 = h.iter().map(|x| x * x).sum();
        let curve = energy_decay(&h, total);
        let at = |t: f64| {
            curve
                .iter()
                .find(|p| (p.0 - t).abs() < 0.005)
                .map(|p| p.1)
                .expect("a point")
        };
        assert!(at(0.0).abs() < 0.01, "{}", at(0.0));
        assert!((at(0.5) + 20.0).abs() < 0.2, "{}", at(0.5));
        assert!((at(1.0) + 40.0).abs() < 0.2, "{}", at(1.0));
        assert_eq!(at(2.0), DECAY_FLOOR_DB);
    }

    #[test]
    fn a_longer_reverb_decays_later_and_a_quieter_send_starts_lower() {
        let strip = |send_db: f32, decay_s: f32| Strip {
            reverb: Some(crate::engine::strip::ReverbSend {
                send_db,
                decay_s,
                predelay_ms: 20.0,
                damping: 0.5,
                size: 1.0,
            }),
            ..Strip::default()
        };
        let decay = |s: &Strip| {
            let h = return_impulse(s, true, 120.0).expect("impulse");
            energy_decay(&h, 1.0)
        };
        // Time to fall 30 dB from the start: the ratio of two reverbs'
        // times follows the ratio of their decay settings.
        let fall = |c: &[(f64, f64)]| {
            let top = c[0].1;
            c.iter()
                .find(|p| p.1 < top - 30.0)
                .map(|p| p.0)
                .expect("falls")
        };
        let (short, long) = (decay(&strip(-10.0, 0.8)), decay(&strip(-10.0, 2.4)));
        let ratio = fall(&long) / fall(&short);
        assert!((2.2..3.8).contains(&ratio), "ratio {ratio}");
        // 6 dB less send: the whole curve 6 dB lower.
        let quiet = decay(&strip(-16.0, 2.4));
        assert!((long[10].1 - quiet[10].1 - 6.0).abs() < 0.05);
        // No send: no curve above the floor.
        let none = return_impulse(&Strip::default(), true, 120.0).expect("silence");
        assert!(none.iter().all(|x| *x == 0.0));
    }
}
