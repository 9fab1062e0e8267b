//! Test signals generated at run time: pink and white noise, sine tones and
//! logarithmic sweeps, all at 48 kHz and reproducible from a seed.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const FS: f64 = crate::SAMPLE_RATE_HZ as f64;

fn scale_to_rms(mut x: Vec<f32>, rms_dbfs: f64) -> Vec<f32> {
    let ms: f64 = x.iter().map(|&v| (v as f64) * (v as f64)).sum::<f64>() / x.len().max(1) as f64;
    if ms > 0.0 {
        let g = (10f64.powf(rms_dbfs / 20.0) / ms.sqrt()) as f32;
        for v in &mut x {
            *v *= g;
        }
    }
    x
}

/// White noise (flat spectrum) with the given RMS level in dBFS.
pub fn white_noise(frames: usize, seed: u64, rms_dbfs: f64) -> Vec<f32> {
    let mut rng = StdRng::seed_from_u64(seed);
    let x = (0..frames)
        .map(|_| rng.random_range(-1.0f32..1.0))
        .collect();
    scale_to_rms(x, rms_dbfs)
}

/// Pink noise (equal energy per octave, −3 dB/oct) with the given RMS level in
/// dBFS.
///
/// White noise through Paul Kellet's "refined" pinking filter (seven
/// first-order sections; flat to ±0.05 dB of −3 dB/oct above 10 Hz). The first
/// second is discarded so the slowest section has settled.
pub fn pink_noise(frames: usize, seed: u64, rms_dbfs: f64) -> Vec<f32> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut b = [0.0f64; 7];
    let warmup = crate::SAMPLE_RATE_HZ as usize;
    let mut out = Vec::with_capacity(frames);
    for n in 0..frames + warmup {
        let white: f64 = rng.random_range(-1.0..1.0);
        b[0] = 0.99886 * b[0] + white * 0.055_517_9;
        b[1] = 0.99332 * b[1] + white * 0.075_075_9;
        b[2] = 0.96900 * b[2] + white * 0.153_852;
        b[3] = 0.86650 * b[3] + white * 0.310_485_6;
        b[4] = 0.55000 * b[4] + white * 0.532_952_2;
        b[5] = -0.7616 * b[5] - white * 0.016_898;
        let pink = b[..6].iter().sum::<f64>() + b[6] + white * 0.5362;
        b[6] = white * 0.115_926;
        if n >= warmup {
            out.push(pink as f32);
        }
    }
    scale_to_rms(out, rms_dbfs)
}

/// A sine of `freq_hz` with peak amplitude `amplitude` (1 = full scale).
pub fn sine(freq_hz: f64, amplitude: f32, frames: usize) -> Vec<f32> {
    (0..frames)
        .map(|n| amplitude * (2.0 * std::f64::consts::PI * freq_hz * n as f64 / FS).sin() as f32)
        .collect()
}

/// An exponential (logarithmic) sine sweep from `f0_hz` to `f1_hz`.
pub fn log_sweep(f0_hz: f64, f1_hz: f64, amplitude: f32, frames: usize) -> Vec<f32> {
    let t = frames as f64 / FS;
    let k = (f1_hz / f0_hz).ln();
    (0..frames)
        .map(|n| {
            let time = n as f64 / FS;
            let phase = 2.0 * std::f64::consts::PI * f0_hz * t / k * ((time / t * k).exp() - 1.0);
            amplitude * phase.sin() as f32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_determinism() {
        let a = pink_noise(48_000, 7, -20.0);
        assert_eq!(a, pink_noise(48_000, 7, -20.0));
        assert_ne!(a, pink_noise(48_000, 8, -20.0));
        let ms: f64 = a.iter().map(|&v| (v as f64).powi(2)).sum::<f64>() / a.len() as f64;
        assert!((10.0 * ms.log10() + 20.0).abs() < 1e-6);
    }
}
