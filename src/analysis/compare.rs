//! How two signals differ: loudness, level, spectrum and what is left when one
//! is subtracted from the other.

use super::{Spectrum, loudness, rms_dbfs};
use crate::audio::Audio;
use serde::Serialize;

/// The measured difference of `b` relative to `a`.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// Integrated loudness of b minus a, in LU.
    pub loudness_diff_lu: f64,
    /// Gain that makes b as loud as a (BS.1770), in dB.
    pub match_gain_db: f64,
    /// RMS of b minus a, in dB.
    pub rms_diff_db: f64,
    /// ⅓-octave spectrum of b minus a after loudness matching, (Hz, dB).
    pub spectrum_diff_db: Vec<(f64, f64)>,
    /// Level of (b − a) relative to a, in dB: −inf when identical, about 0 dB
    /// when unrelated. Only meaningful for time-aligned signals.
    pub residual_db: f64,
}

/// Compares two signals of the same rate and channel count.
pub fn compare(a: &Audio, b: &Audio) -> Result<Comparison, String> {
    if a.sample_rate != b.sample_rate {
        return Err(format!(
            "sample rates differ: {} Hz and {} Hz",
            a.sample_rate, b.sample_rate
        ));
    }
    let (la, lb) = (loudness(a)?, loudness(b)?);
    let loudness_diff_lu = lb.integrated_lufs - la.integrated_lufs;
    let (sa, sb) = (Spectrum::of(a), Spectrum::of(b));
    let spectrum_diff_db = sa
        .third_octave_bands()
        .0
        .iter()
        .zip(sb.third_octave_bands().0)
        .map(|(&(c, da), (_, db))| (c, db - da - loudness_diff_lu))
        .collect();
    let n = a.frames().min(b.frames());
    let channels = a.channels.len().min(b.channels.len());
    let (mut diff, mut base) = (0.0f64, 0.0f64);
    for ch in 0..channels {
        for i in 0..n {
            let (x, y) = (a.channels[ch][i] as f64, b.channels[ch][i] as f64);
            diff += (y - x) * (y - x);
            base += x * x;
        }
    }
    Ok(Comparison {
        loudness_diff_lu,
        match_gain_db: -loudness_diff_lu,
        rms_diff_db: rms_dbfs(b) - rms_dbfs(a),
        spectrum_diff_db,
        residual_db: 10.0 * (diff / base).log10(),
    })
}
