//! The frequency bands drills ask about, and how learners read them.

use super::drill::BandSet;
use crate::analysis::third_octave_centres;

/// Octave bands the drills use: 31.5 Hz is left out (few speakers play it).
pub(super) const OCTAVES: [f64; 9] = [
    63.0, 125.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16000.0,
];
/// Q of a one-octave and a ⅓-octave bell.
pub(super) const Q_OCTAVE: f64 = 1.41;
pub(super) const Q_THIRD: f64 = 4.32;

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

/// The bands of `bands` from `range.0` to `range.1` Hz (either end open).
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
