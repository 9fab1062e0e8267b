//! A mix against a reference track, fairly: the reference is brought to the
//! mix's loudness (BS.1770 integrated, or over a looped region), both are
//! measured side by side (loudness, range, peaks, crest and PLR, stereo
//! correlation and width per band, the ⅓-octave spectrum, low-end and
//! vocal-range balance), and the differences that matter are said in plain
//! words with the lesson that trains them.

use super::{Analysis, Bands, Spectrum, analyze, loudness};
use crate::audio::Audio;
use crate::dsp::translation::{System, Translation};
use crate::dsp::{Block, MAX_BLOCK};
use serde::Serialize;

/// What the loudness match looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchMode {
    /// Both whole files.
    Integrated,
    /// `frames` frames from `start` of each (the looped region).
    Region { start: usize, frames: usize },
}

/// One side's measurements: the `analyze` keys and the rest.
#[derive(Clone, Debug, Serialize)]
pub struct Profile {
    #[serde(flatten)]
    pub analysis: Analysis,
    /// The loudest 3 s window, LUFS.
    pub max_short_term_lufs: f64,
    /// Peak to loudness ratio: true peak − integrated loudness, dB.
    pub plr_db: f64,
    /// ⅓-octave band levels, dB (centre Hz → level).
    pub third_octave_db: Bands,
    /// Side relative to mid per octave band, dB (−∞ = mono there).
    pub width_db: Bands,
    /// Energy 20–120 Hz relative to the whole, dB.
    pub low_end_db: f64,
    /// Energy 1–5 kHz (vocal presence) relative to the whole, dB.
    pub vocal_range_db: f64,
}

/// Reference minus mix, with the reference at the matched level.
#[derive(Clone, Debug, Serialize)]
pub struct Differences {
    /// Before matching: how much louder the reference is, LU.
    pub integrated_lu: f64,
    pub loudness_range_lu: f64,
    pub true_peak_db: f64,
    pub crest_db: f64,
    pub plr_db: f64,
    pub correlation: f64,
    /// Per ⅓-octave band, dB.
    pub third_octave_db: Bands,
    pub low_end_db: f64,
    pub vocal_range_db: f64,
}

/// A difference said in words, with the lesson that trains hearing it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prompt {
    pub text: String,
    pub lesson: Option<&'static str>,
}

/// Everything `mixtutor compare` and the reference screen show.
#[derive(Clone, Debug, Serialize)]
pub struct ReferenceComparison {
    /// The gain that matches the reference to the mix, dB.
    pub reference_gain_db: f64,
    pub mix: Profile,
    pub reference: Profile,
    pub differences: Differences,
    pub prompts: Vec<Prompt>,
}

/// A difference in a band region must be this large to be mentioned, dB.
const PROMPT_DB: f64 = 2.0;

/// Measures one side.
pub fn profile(path: &str, audio: &Audio) -> Result<Profile, String> {
    let analysis = analyze(path, audio)?;
    let spectrum = Spectrum::of(audio);
    let total = spectrum.band_power(20.0, 20_000.0);
    let share = |lo: f64, hi: f64| 10.0 * (spectrum.band_power(lo, hi) / total).log10();
    Ok(Profile {
        max_short_term_lufs: max_short_term_lufs(audio)?,
        plr_db: analysis.true_peak_dbtp - analysis.integrated_lufs,
        third_octave_db: spectrum.third_octave_bands(),
        width_db: width_db(audio),
        low_end_db: share(20.0, 120.0),
        vocal_range_db: share(1_000.0, 5_000.0),
        analysis,
    })
}

/// The gain that brings `reference` to `mix`'s loudness under `mode`,
/// within 0.01 LU.
pub fn reference_gain_db(mix: &Audio, reference: &Audio, mode: MatchMode) -> Result<f64, String> {
    let (m, r) = match mode {
        MatchMode::Integrated => (mix.clone(), reference.clone()),
        MatchMode::Region { start, frames } => {
            (slice(mix, start, frames), slice(reference, start, frames))
        }
    };
    super::match_gain_db(&m, &r)
}

/// Compares `mix` with `reference` (both at 48 kHz), matched under `mode`.
pub fn compare_reference(
    mix: (&str, &Audio),
    reference: (&str, &Audio),
    mode: MatchMode,
) -> Result<ReferenceComparison, String> {
    let gain = reference_gain_db(mix.1, reference.1, mode)?;
    let (m, r) = (profile(mix.0, mix.1)?, profile(reference.0, reference.1)?);
    let third_octave_db = Bands(
        m.third_octave_db
            .0
            .iter()
            .zip(&r.third_octave_db.0)
            .map(|(&(f, a), &(_, b))| (f, b + gain - a))
            .collect(),
    );
    let d = Differences {
        integrated_lu: r.analysis.integrated_lufs - m.analysis.integrated_lufs,
        loudness_range_lu: r.analysis.loudness_range_lu - m.analysis.loudness_range_lu,
        true_peak_db: r.analysis.true_peak_dbtp + gain - m.analysis.true_peak_dbtp,
        crest_db: r.analysis.crest_db - m.analysis.crest_db,
        plr_db: r.plr_db - m.plr_db,
        correlation: r.analysis.correlation - m.analysis.correlation,
        third_octave_db,
        low_end_db: r.low_end_db - m.low_end_db,
        vocal_range_db: r.vocal_range_db - m.vocal_range_db,
    };
    let prompts = prompts(&m, &d);
    Ok(ReferenceComparison {
        reference_gain_db: gain,
        mix: m,
        reference: r,
        differences: d,
        prompts,
    })
}

/// The differences worth listening for, largest first.
fn prompts(mix: &Profile, d: &Differences) -> Vec<Prompt> {
    let region = |lo: f64, hi: f64| -> f64 {
        let v: Vec<f64> = d
            .third_octave_db
            .0
            .iter()
            .filter(|(f, x)| *f >= lo && *f <= hi && x.is_finite())
            .map(|(_, x)| *x)
            .collect();
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let regions: [(f64, f64, &str, &str, &'static str); 5] = [
        (
            31.5,
            100.0,
            "low end (30–100 Hz)",
            "the kick and the bass",
            "eq-octaves-mix",
        ),
        (
            200.0,
            500.0,
            "low mids (200–500 Hz)",
            "mud and boxiness",
            "eq-mud",
        ),
        (
            2_000.0,
            5_000.0,
            "presence (2–5 kHz)",
            "the vocal's presence",
            "eq-harshness",
        ),
        (
            8_000.0,
            16_000.0,
            "air (8–16 kHz)",
            "cymbals and breath",
            "eq-octaves-pink",
        ),
        (
            630.0,
            1_600.0,
            "mid range (630 Hz–1.6 kHz)",
            "honk and body",
            "eq-thirds",
        ),
    ];
    let mut found: Vec<(f64, Prompt)> = regions
        .iter()
        .filter_map(|&(lo, hi, name, listen, lesson)| {
            let x = region(lo, hi);
            (x.abs() >= PROMPT_DB).then(|| {
                let (amount, way) = if x > 0.0 { (x, "less") } else { (-x, "more") };
                (
                    x.abs(),
                    Prompt {
                        text: format!(
                            "Your mix has {amount:.1} dB {way} energy in the {name} than the \
                             reference: listen to {listen}."
                        ),
                        lesson: Some(lesson),
                    },
                )
            })
        })
        .collect();
    if d.plr_db.abs() >= 3.0 {
        let text = if d.plr_db < 0.0 {
            format!(
                "Your mix's peaks stand {:.1} dB further above its loudness (PLR {:.1} dB): the \
                 reference is more compressed or limited. Listen to how hard the drums hit.",
                -d.plr_db, mix.plr_db
            )
        } else {
            format!(
                "Your mix is {:.1} dB more squashed than the reference (PLR {:.1} dB): it may \
                 have lost punch. Listen to the transients.",
                d.plr_db, mix.plr_db
            )
        };
        found.push((
            d.plr_db.abs(),
            Prompt {
                text,
                lesson: Some("comp-amount"),
            },
        ));
    }
    if d.correlation.abs() >= 0.15 {
        let text = if d.correlation > 0.0 {
            "Your mix is wider than the reference (its channels are less alike): check it in \
             mono."
        } else {
            "Your mix is narrower than the reference: listen to where things are panned and \
             how wide the pads and reverb are."
        };
        found.push((
            5.0 * d.correlation.abs(),
            Prompt {
                text: text.into(),
                lesson: Some("stereo-width"),
            },
        ));
    }
    found.sort_by(|a, b| b.0.total_cmp(&a.0));
    found.into_iter().map(|(_, p)| p).collect()
}

/// A spectrum as tonal balance: each ⅓-octave level relative to the
/// spectrum's own mean, so tracks of any loudness compare (silent bands
/// left out).
pub fn tonal_balance(bands: &Bands) -> Vec<(f64, f64)> {
    let finite: Vec<f64> = bands
        .0
        .iter()
        .map(|b| b.1)
        .filter(|x| x.is_finite())
        .collect();
    let mean = finite.iter().sum::<f64>() / finite.len().max(1) as f64;
    bands
        .0
        .iter()
        .filter(|b| b.1.is_finite())
        .map(|&(f, x)| (f, x - mean))
        .collect()
}

/// The range that tonal balances span: per band (Hz, lowest, highest) over
/// every balance that has the band. A target for a mix: the built-in genre
/// mixes and the learner's references.
pub fn target_range(balances: &[Vec<(f64, f64)>]) -> Vec<(f64, f64, f64)> {
    let mut range: Vec<(f64, f64, f64)> = Vec::new();
    for balance in balances {
        for &(f, x) in balance {
            match range.iter_mut().find(|r| (r.0 / f - 1.0).abs() < 1e-6) {
                Some(r) => {
                    r.1 = r.1.min(x);
                    r.2 = r.2.max(x);
                }
                None => range.push((f, x, x)),
            }
        }
    }
    range.sort_by(|a, b| a.0.total_cmp(&b.0));
    range
}

/// The two sides as they are heard: the reference shifted by
/// `offset_frames` (positive: its later part lines up with the mix's
/// start), brought to the mix's loudness by `reference_gain_db`, and both
/// through the playback `system`.
pub fn listening_pair(
    mix: &Audio,
    reference: &Audio,
    reference_gain_db: f64,
    offset_frames: i64,
    system: System,
) -> (Audio, Audio) {
    let mut r = shifted(reference, offset_frames);
    r.apply_gain_db(reference_gain_db);
    (through(mix, system), through(&r, system))
}

/// `audio` moved earlier by `offset` frames (later when negative), padded
/// with silence so its length stays.
fn shifted(audio: &Audio, offset: i64) -> Audio {
    let frames = audio.frames();
    let channels = audio
        .channels
        .iter()
        .map(|c| {
            (0..frames)
                .map(|i| {
                    let j = i as i64 + offset;
                    if (0..frames as i64).contains(&j) {
                        c[j as usize]
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect();
    Audio {
        channels,
        sample_rate: audio.sample_rate,
    }
}

/// `audio` as heard through `system` (stereo out).
fn through(audio: &Audio, system: System) -> Audio {
    let mut t = Translation::new(system);
    let frames = audio.frames();
    let mut out = vec![Vec::with_capacity(frames), Vec::with_capacity(frames)];
    let mut block = Block::new(2, MAX_BLOCK);
    let mut at = 0;
    while at < frames {
        let len = MAX_BLOCK.min(frames - at);
        block.reset(audio.channels.len().clamp(1, 2), len);
        for (c, ch) in audio.channels.iter().take(2).enumerate() {
            block.channel_mut(c).copy_from_slice(&ch[at..at + len]);
        }
        t.process(&mut block);
        for (c, o) in out.iter_mut().enumerate() {
            o.extend_from_slice(block.channel(c));
        }
        at += len;
    }
    Audio {
        channels: out,
        sample_rate: audio.sample_rate,
    }
}

fn slice(audio: &Audio, start: usize, frames: usize) -> Audio {
    let end = (start + frames).min(audio.frames());
    let start = start.min(end);
    Audio {
        channels: audio
            .channels
            .iter()
            .map(|c| c[start..end].to_vec())
            .collect(),
        sample_rate: audio.sample_rate,
    }
}

/// The loudest short-term (3 s) loudness, stepped every 100 ms.
fn max_short_term_lufs(audio: &Audio) -> Result<f64, String> {
    use ebur128::{EbuR128, Mode};
    let err = |e: ebur128::Error| format!("loudness measurement failed: {e}");
    let mut meter =
        EbuR128::new(audio.channels.len() as u32, audio.sample_rate, Mode::S).map_err(err)?;
    let step = (audio.sample_rate / 10) as usize;
    let mut max = f64::NEG_INFINITY;
    let mut at = 0;
    while at < audio.frames() {
        let end = (at + step).min(audio.frames());
        let planes: Vec<&[f32]> = audio.channels.iter().map(|c| &c[at..end]).collect();
        meter.add_frames_planar_f32(&planes).map_err(err)?;
        if end >= 3 * audio.sample_rate as usize
            && let Ok(s) = meter.loudness_shortterm()
        {
            max = max.max(s);
        }
        at = end;
    }
    if max.is_infinite() {
        // Shorter than 3 s: the whole file is the window.
        max = loudness(audio)?.integrated_lufs;
    }
    Ok(max)
}

/// Side relative to mid per octave band, dB.
fn width_db(audio: &Audio) -> Bands {
    let [l, r] = match audio.channels.as_slice() {
        [l, r] => [l, r],
        _ => {
            return Bands(
                super::OCTAVE_CENTRES_HZ
                    .iter()
                    .map(|&f| (f, f64::NEG_INFINITY))
                    .collect(),
            );
        }
    };
    let mono = |f: &dyn Fn(f32, f32) -> f32| Audio {
        channels: vec![l.iter().zip(r).map(|(&a, &b)| f(a, b)).collect()],
        sample_rate: audio.sample_rate,
    };
    let mid = Spectrum::of(&mono(&|a, b| 0.5 * (a + b))).octave_bands();
    let side = Spectrum::of(&mono(&|a, b| 0.5 * (a - b))).octave_bands();
    Bands(
        mid.0
            .iter()
            .zip(&side.0)
            .map(|(&(f, m), &(_, s))| (f, s - m))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::material::signals::{pink_noise, white_noise};

    fn stereo(l: Vec<f32>, r: Vec<f32>) -> Audio {
        Audio {
            channels: vec![l, r],
            sample_rate: 48_000,
        }
    }

    #[test]
    fn the_same_track_quieter_matches_back_and_differs_nowhere() {
        let n = 48_000 * 5;
        let mix = stereo(pink_noise(n, 1, -20.0), pink_noise(n, 2, -20.0));
        let mut reference = mix.clone();
        reference.apply_gain_db(7.0);
        let c = compare_reference(("mix", &mix), ("ref", &reference), MatchMode::Integrated)
            .expect("compared");
        assert!(
            (c.reference_gain_db + 7.0).abs() < 0.01,
            "{}",
            c.reference_gain_db
        );
        assert!((c.differences.integrated_lu - 7.0).abs() < 0.01);
        assert!(
            c.differences
                .third_octave_db
                .0
                .iter()
                .all(|(_, d)| d.abs() < 0.01)
        );
        assert!(c.prompts.is_empty(), "{:?}", c.prompts);
        // Unrelated channels: side as strong as mid, about 0 dB per band.
        assert!(c.mix.width_db.0.iter().skip(2).all(|(_, w)| w.abs() < 1.0));
    }

    #[test]
    fn a_brighter_reference_prompts_about_the_top_end() {
        let n = 48_000 * 5;
        let mix = stereo(pink_noise(n, 3, -20.0), pink_noise(n, 4, -20.0));
        let reference = stereo(white_noise(n, 5, -20.0), white_noise(n, 6, -20.0));
        let c = compare_reference(("mix", &mix), ("ref", &reference), MatchMode::Integrated)
            .expect("compared");
        let air = c
            .prompts
            .iter()
            .find(|p| p.text.contains("air"))
            .expect("a prompt about the air band");
        assert!(air.text.contains("less energy"), "{}", air.text);
        assert_eq!(air.lesson, Some("eq-octaves-pink"));
    }

    #[test]
    fn the_listening_pair_is_aligned_matched_and_translated() {
        let n = 48_000;
        let tone: Vec<f32> = (0..n).map(|i| (i as f32 * 0.05).sin() * 0.25).collect();
        let mix = stereo(tone.clone(), tone.clone());
        let reference = stereo(tone.clone(), tone);
        let (m, r) = listening_pair(&mix, &reference, -6.0, 100, System::SideOnly);
        // Side only of a centred signal is silence; the pair keeps length.
        assert_eq!((m.frames(), r.frames()), (n, n));
        assert!(m.channels[0].iter().all(|x| x.abs() < 1e-6));
        let (_, r) = listening_pair(&mix, &reference, -6.0, 100, System::Flat);
        let half = 10f32.powf(-6.0 / 20.0);
        assert!((r.channels[0][0] - reference.channels[0][100] * half).abs() < 1e-6);
        assert!(r.channels[0][n - 50].abs() < 1e-9, "padded with silence");
    }

    #[test]
    fn the_target_range_spans_every_balance() {
        let bands = |v: &[(f64, f64)]| Bands(v.to_vec());
        let a = tonal_balance(&bands(&[
            (100.0, -10.0),
            (1000.0, -20.0),
            (8000.0, f64::NEG_INFINITY),
        ]));
        assert_eq!(a, vec![(100.0, 5.0), (1000.0, -5.0)]);
        let b = tonal_balance(&bands(&[(100.0, -30.0), (1000.0, -10.0), (8000.0, -20.0)]));
        assert_eq!(b, vec![(100.0, -10.0), (1000.0, 10.0), (8000.0, 0.0)]);
        assert_eq!(
            target_range(&[a, b]),
            vec![
                (100.0, -10.0, 5.0),
                (1000.0, -5.0, 10.0),
                (8000.0, 0.0, 0.0)
            ]
        );
    }

    #[test]
    fn a_region_match_measures_only_the_region() {
        let n = 48_000 * 8;
        let mix = stereo(pink_noise(n, 7, -20.0), pink_noise(n, 8, -20.0));
        let mut reference = mix.clone();
        // The reference is 10 dB louder in its first half only.
        for c in &mut reference.channels {
            for v in &mut c[..n / 2] {
                *v *= 10f32.powf(0.5);
            }
        }
        let region = MatchMode::Region {
            start: n / 2,
            frames: n / 2,
        };
        let g = reference_gain_db(&mix, &reference, region).expect("matched");
        assert!(g.abs() < 0.01, "{g}");
        let whole = reference_gain_db(&mix, &reference, MatchMode::Integrated).expect("matched");
        assert!(whole < -5.0, "{whole}");
    }
}
