//! Measurements of rendered or loaded audio: loudness (ITU-R BS.1770-4 /
//! EBU R128), true peak, levels, stereo correlation and spectra, and the
//! comparison of two signals.
//!
//! Level convention: dBFS is 20·log10 of the linear value, so a full-scale
//! sine has an RMS of −3.01 dBFS and band levels add up in power to the RMS.

mod compare;
mod difference;
mod loudness;
mod reference;
mod spectrum;

pub use compare::{Comparison, compare};
pub use difference::{level_difference, spectrum_difference};
pub use loudness::{Loudness, guard_outputs, loudness, match_gain_db, true_peak_dbtp};
pub use reference::{
    Differences, MatchMode, Profile, Prompt, ReferenceComparison, compare_reference,
    listening_pair, profile, reference_gain_db, target_range, tonal_balance,
};
pub use spectrum::{Bands, OCTAVE_CENTRES_HZ, Spectrum, third_octave_centres};

use crate::audio::Audio;
use serde::Serialize;

/// Everything `mixtutor analyze` reports about one file (the JSON keys are a
/// stable contract, see DESIGN.md). Silent measurements are `null` in JSON.
#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    pub path: String,
    pub duration_s: f64,
    pub sample_rate: u32,
    pub channels: usize,
    pub integrated_lufs: f64,
    pub loudness_range_lu: f64,
    pub true_peak_dbtp: f64,
    pub sample_peak_dbfs: f64,
    pub rms_dbfs: f64,
    pub crest_db: f64,
    pub correlation: f64,
    pub octave_bands_db: Bands,
}

/// Analyses `audio` (any rate; mono or stereo) and labels it with `path`.
pub fn analyze(path: &str, audio: &Audio) -> Result<Analysis, String> {
    let loud = loudness(audio)?;
    let rms = rms_dbfs(audio);
    let spectrum = Spectrum::of(audio);
    Ok(Analysis {
        path: path.to_string(),
        duration_s: audio.duration_s(),
        sample_rate: audio.sample_rate,
        channels: audio.channels.len(),
        integrated_lufs: loud.integrated_lufs,
        loudness_range_lu: loud.range_lu,
        true_peak_dbtp: loud.true_peak_dbtp,
        sample_peak_dbfs: sample_peak_dbfs(audio),
        rms_dbfs: rms,
        crest_db: sample_peak_dbfs(audio) - rms,
        correlation: correlation(audio),
        octave_bands_db: spectrum.octave_bands(),
    })
}

/// Largest absolute sample over all channels, in dBFS.
pub fn sample_peak_dbfs(audio: &Audio) -> f64 {
    let peak = audio
        .channels
        .iter()
        .flatten()
        .fold(0.0f32, |m, x| m.max(x.abs()));
    20.0 * (peak as f64).log10()
}

/// RMS over all channels and the whole length, in dBFS.
pub fn rms_dbfs(audio: &Audio) -> f64 {
    let n: usize = audio.channels.iter().map(Vec::len).sum();
    let sum: f64 = audio
        .channels
        .iter()
        .flatten()
        .map(|&x| (x as f64) * (x as f64))
        .sum();
    10.0 * (sum / n.max(1) as f64).log10()
}

/// RMS of one channel over a frame range, in dBFS.
pub fn rms_range_dbfs(samples: &[f32]) -> f64 {
    let sum: f64 = samples.iter().map(|&x| (x as f64) * (x as f64)).sum();
    10.0 * (sum / samples.len().max(1) as f64).log10()
}

/// Stereo correlation (−1 … +1): +1 for mono, 0 for unrelated channels, −1 for
/// a polarity-inverted copy. A mono file reads +1; silence reads NaN.
pub fn correlation(audio: &Audio) -> f64 {
    if audio.channels.len() < 2 {
        return 1.0;
    }
    let (l, r) = (&audio.channels[0], &audio.channels[1]);
    let (mut lr, mut ll, mut rr) = (0.0f64, 0.0f64, 0.0f64);
    for (&a, &b) in l.iter().zip(r) {
        let (a, b) = (a as f64, b as f64);
        lr += a * b;
        ll += a * a;
        rr += b * b;
    }
    lr / (ll * rr).sqrt()
}
