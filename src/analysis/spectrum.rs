//! Power spectra by Welch's method (Hann window, 50 % overlap, `realfft`), and
//! band levels read from them.

use crate::audio::Audio;
use realfft::RealFftPlanner;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// Segment length of the Welch estimate (5.9 Hz bins at 48 kHz).
const SEGMENT: usize = 8192;

/// Nominal octave-band centres reported by `analyze` (IEC 61260 labels).
pub const OCTAVE_CENTRES_HZ: [f64; 10] = [
    31.5, 63.0, 125.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16000.0,
];

/// Exact base-2 centres of the ⅓-octave bands from 20 Hz to 20 kHz.
pub fn third_octave_centres() -> Vec<f64> {
    (-17..=13)
        .map(|k| 1000.0 * 2f64.powf(k as f64 / 3.0))
        .collect()
}

/// A one-sided power spectrum: `power[k]` is the mean-square power in bin `k`,
/// so the bins sum to the signal's mean square (averaged over channels).
#[derive(Clone, Debug)]
pub struct Spectrum {
    pub bin_hz: f64,
    pub power: Vec<f64>,
}

impl Spectrum {
    /// Welch estimate over the whole signal, averaged over channels.
    pub fn of(audio: &Audio) -> Self {
        let mut planner = RealFftPlanner::<f64>::new();
        let fft = planner.plan_fft_forward(SEGMENT);
        let window: Vec<f64> = (0..SEGMENT)
            .map(|i| 0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / SEGMENT as f64).cos())
            .collect();
        let window_power: f64 = window.iter().map(|w| w * w).sum();
        let mut power = vec![0.0f64; SEGMENT / 2 + 1];
        let mut input = fft.make_input_vec();
        let mut output = fft.make_output_vec();
        let mut segments = 0usize;
        let frames = audio.frames();
        let hop = SEGMENT / 2;
        for ch in &audio.channels {
            let mut start = 0;
            loop {
                for (i, slot) in input.iter_mut().enumerate() {
                    *slot = ch.get(start + i).map_or(0.0, |&x| x as f64) * window[i];
                }
                if fft.process(&mut input, &mut output).is_ok() {
                    for (p, c) in power.iter_mut().zip(&output) {
                        *p += c.norm_sqr();
                    }
                    segments += 1;
                }
                start += hop;
                if start + SEGMENT > frames.max(SEGMENT) {
                    break;
                }
            }
        }
        // A signal shorter than a segment is zero-padded: normalise by the
        // window power over the frames that hold signal.
        let used_power = if frames < SEGMENT {
            window[..frames]
                .iter()
                .map(|w| w * w)
                .sum::<f64>()
                .max(1e-30)
        } else {
            window_power
        };
        let scale = 1.0 / (segments.max(1) as f64 * SEGMENT as f64 * used_power);
        let last = power.len() - 1;
        for (k, p) in power.iter_mut().enumerate() {
            let one_sided = if k == 0 || k == last { 1.0 } else { 2.0 };
            *p *= scale * one_sided;
        }
        Self {
            bin_hz: audio.sample_rate as f64 / SEGMENT as f64,
            power,
        }
    }

    /// Mean-square power between two frequencies (bins whose centre falls in
    /// [lo, hi)).
    pub fn band_power(&self, lo_hz: f64, hi_hz: f64) -> f64 {
        let first = (lo_hz / self.bin_hz).ceil().max(0.0) as usize;
        let last = ((hi_hz / self.bin_hz).ceil() as usize).min(self.power.len());
        self.power.get(first..last).map_or(0.0, |s| s.iter().sum())
    }

    /// Level in dB of a band `width_octaves` wide around `centre_hz`.
    pub fn band_db(&self, centre_hz: f64, width_octaves: f64) -> f64 {
        let half = 2f64.powf(width_octaves / 2.0);
        10.0 * self.band_power(centre_hz / half, centre_hz * half).log10()
    }

    /// Octave-band levels at the nominal centres (exact base-2 edges).
    pub fn octave_bands(&self) -> Bands {
        Bands(
            OCTAVE_CENTRES_HZ
                .iter()
                .map(|&c| {
                    let exact = 1000.0 * 2f64.powf((c / 1000.0).log2().round());
                    (c, self.band_db(exact, 1.0))
                })
                .collect(),
        )
    }

    /// ⅓-octave band levels, 20 Hz … 20 kHz.
    pub fn third_octave_bands(&self) -> Bands {
        Bands(
            third_octave_centres()
                .into_iter()
                .map(|c| (c, self.band_db(c, 1.0 / 3.0)))
                .collect(),
        )
    }
}

/// Band levels in dB by centre frequency, serialised as a JSON object whose
/// keys are the centres in Hz ("31.5", "63", … "16000"), in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Bands(pub Vec<(f64, f64)>);

impl Bands {
    /// The level of the band nearest to `centre_hz`.
    pub fn get(&self, centre_hz: f64) -> Option<f64> {
        self.0
            .iter()
            .min_by(|a, b| {
                (a.0 / centre_hz)
                    .ln()
                    .abs()
                    .total_cmp(&(b.0 / centre_hz).ln().abs())
            })
            .map(|b| b.1)
    }
}

impl Serialize for Bands {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (centre, db) in &self.0 {
            let key = if centre.fract() == 0.0 {
                format!("{centre:.0}")
            } else {
                format!("{centre}")
            };
            map.serialize_entry(&key, db)?;
        }
        map.end()
    }
}
