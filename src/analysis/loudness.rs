//! Programme loudness with the `ebur128` crate (a port of libebur128), checked
//! against the EBU Tech 3341/3342 cases in `tests/analysis.rs`.

use crate::audio::Audio;
use ebur128::{EbuR128, Mode};

/// Loudness figures of a whole signal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Loudness {
    /// Gated integrated loudness, LUFS (−inf for silence).
    pub integrated_lufs: f64,
    /// Loudness range (EBU Tech 3342), LU.
    pub range_lu: f64,
    /// Highest true peak over the channels (4× oversampled), dBTP.
    pub true_peak_dbtp: f64,
}

/// Measures `audio` at its own sample rate. A mono signal counts as one
/// channel (as it is heard once panned centre with the −3 dB law).
pub fn loudness(audio: &Audio) -> Result<Loudness, String> {
    let err = |e: ebur128::Error| format!("loudness measurement failed: {e}");
    let meter = measured(audio, Mode::I | Mode::LRA | Mode::TRUE_PEAK).map_err(err)?;
    Ok(Loudness {
        integrated_lufs: meter.loudness_global().map_err(err)?,
        range_lu: meter.loudness_range().map_err(err)?,
        true_peak_dbtp: highest_true_peak_dbtp(&meter, audio).map_err(err)?,
    })
}

/// A meter in `mode` that has heard all of `audio`.
fn measured(audio: &Audio, mode: Mode) -> Result<EbuR128, ebur128::Error> {
    let mut meter = EbuR128::new(audio.channels.len() as u32, audio.sample_rate, mode)?;
    let planes: Vec<&[f32]> = audio.channels.iter().map(Vec::as_slice).collect();
    meter.add_frames_planar_f32(&planes)?;
    Ok(meter)
}

/// The highest true peak over the channels `meter` heard, dBTP.
fn highest_true_peak_dbtp(meter: &EbuR128, audio: &Audio) -> Result<f64, ebur128::Error> {
    let mut peak = 0.0f64;
    for ch in 0..audio.channels.len() {
        peak = peak.max(meter.true_peak(ch as u32)?);
    }
    Ok(20.0 * peak.log10())
}

/// The gain that brings `b` to `a`'s integrated loudness within 0.01 LU.
///
/// One step is exact for continuous material, but the absolute gate at
/// −70 LUFS lets quiet blocks of sparse material (a solo snare) in or out as
/// the gain moves, so the gain is refined until it lands.
pub fn match_gain_db(a: &Audio, b: &Audio) -> Result<f64, String> {
    let la = loudness(a)?.integrated_lufs;
    let lb = loudness(b)?.integrated_lufs;
    if !(la.is_finite() && lb.is_finite()) {
        return Ok(0.0);
    }
    let mut g = la - lb;
    for _ in 0..4 {
        let mut scaled = b.clone();
        scaled.apply_gain_db(g);
        let off = la - loudness(&scaled)?.integrated_lufs;
        if !off.is_finite() || off.abs() < 0.01 {
            break;
        }
        g += off;
    }
    Ok(g)
}

/// True peak of `audio`, dBTP (BS.1770-4, 4× oversampled); −∞ for silence.
pub fn true_peak_dbtp(audio: &Audio) -> Result<f64, String> {
    measured(audio, Mode::TRUE_PEAK)
        .and_then(|meter| highest_true_peak_dbtp(&meter, audio))
        .map_err(|e| format!("true-peak measurement failed: {e}"))
}

/// How far under its ceiling the guard puts the loudest output, dB.
pub const GUARD_MARGIN_DB: f64 = 0.15;

/// The hearing-safety guard of every output a learner hears or saves,
/// applied last, after matching and roving gains: if any of `outputs`
/// would pass `ceiling_dbtp` (true peak), all of them are lowered by the
/// same amount so the loudest sits at the ceiling. A loudness match is a
/// relative promise, so the set keeps its levels relative to each other.
/// A sample that is not finite is an error naming `what`. Returns the gain
/// applied, dB (0 or negative).
pub fn guard_outputs(
    outputs: &mut [&mut Audio],
    ceiling_dbtp: f64,
    what: &str,
) -> Result<f64, String> {
    if outputs
        .iter()
        .any(|a| a.channels.iter().flatten().any(|x| !x.is_finite()))
    {
        return Err(format!("{what}: the output holds NaN or infinity"));
    }
    let mut loudest = f64::NEG_INFINITY;
    for a in outputs.iter() {
        loudest = loudest.max(true_peak_dbtp(a)?);
    }
    // A little under the ceiling: meters interpolate between samples with
    // different filters, and another one may read a peak a tenth higher.
    let over = loudest - (ceiling_dbtp - GUARD_MARGIN_DB);
    if over <= 0.0 {
        return Ok(0.0);
    }
    for a in outputs.iter_mut() {
        a.apply_gain_db(-over);
    }
    Ok(-over)
}
