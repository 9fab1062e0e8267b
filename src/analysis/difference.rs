//! Pictures of how B differs from A, for the feedback after a drill: the
//! ⅓-octave spectrum difference (EQ), and the short-term level difference
//! over time (compression's gain reduction, a fader ride, a reverb tail).

use super::spectrum::Spectrum;
use crate::audio::Audio;

/// B − A per ⅓-octave band, dB, as (centre Hz, difference). Bands where
/// either signal is silent are left out.
pub fn spectrum_difference(a: &Audio, b: &Audio) -> Vec<(f64, f64)> {
    let (sa, sb) = (
        Spectrum::of(a).third_octave_bands(),
        Spectrum::of(b).third_octave_bands(),
    );
    sa.0.iter()
        .zip(&sb.0)
        .filter(|((_, x), (_, y))| x.is_finite() && y.is_finite() && *x > -100.0 && *y > -100.0)
        .map(|(&(f, x), &(_, y))| (f, y - x))
        .collect()
}

/// B − A in RMS level over consecutive chunks of `chunk_ms`, as (time s,
/// difference dB). Chunks where A is more than 60 dB below its loudest
/// chunk are left out (the ratio of two silences says nothing).
pub fn level_difference(a: &Audio, b: &Audio, chunk_ms: f64) -> Vec<(f64, f64)> {
    let chunk = ((chunk_ms / 1000.0) * crate::SAMPLE_RATE_HZ as f64).max(1.0) as usize;
    let frames = a.frames().min(b.frames());
    let power = |x: &Audio, start: usize, end: usize| -> f64 {
        x.channels
            .iter()
            .map(|c| {
                c[start..end]
                    .iter()
                    .map(|&v| (v as f64).powi(2))
                    .sum::<f64>()
            })
            .sum::<f64>()
            / ((end - start) * x.channels.len().max(1)) as f64
    };
    let chunks: Vec<(usize, f64, f64)> = (0..frames / chunk)
        .map(|k| {
            let (s, e) = (k * chunk, (k + 1) * chunk);
            (s, power(a, s, e), power(b, s, e))
        })
        .collect();
    let loudest = chunks.iter().map(|c| c.1).fold(0.0, f64::max);
    chunks
        .into_iter()
        .filter(|&(_, pa, pb)| pa > loudest * 1e-6 && pb > 0.0)
        .map(|(s, pa, pb)| {
            (
                s as f64 / crate::SAMPLE_RATE_HZ as f64,
                10.0 * (pb / pa).log10(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::material::signals::pink_noise;

    fn stereo(x: Vec<f32>) -> Audio {
        Audio {
            channels: vec![x.clone(), x],
            sample_rate: 48_000,
        }
    }

    #[test]
    fn a_gain_change_reads_the_same_in_every_band_and_every_chunk() {
        let a = stereo(pink_noise(96_000, 1, -20.0));
        let mut b = a.clone();
        b.apply_gain_db(-4.0);
        let spectrum = spectrum_difference(&a, &b);
        assert!(spectrum.len() > 20);
        assert!(spectrum.iter().all(|(_, d)| (d + 4.0).abs() < 0.01));
        let level = level_difference(&a, &b, 10.0);
        assert_eq!(level.len(), 200);
        assert!(level.iter().all(|(_, d)| (d + 4.0).abs() < 0.01));
    }

    #[test]
    fn a_fade_shows_where_it_happens() {
        let a = stereo(pink_noise(48_000, 2, -20.0));
        let mut b = a.clone();
        for c in &mut b.channels {
            for v in &mut c[24_000..] {
                *v *= 0.5;
            }
        }
        let level = level_difference(&a, &b, 100.0);
        assert!(level[..5].iter().all(|(_, d)| d.abs() < 0.01));
        assert!(level[5..].iter().all(|(_, d)| (d + 6.02).abs() < 0.01));
        assert!((level[5].0 - 0.5).abs() < 1e-9);
    }
}
