//! Polyphase FIR interpolation for true-peak estimation: the limiter and the
//! meters look at a 4× interpolated signal (ITU-R BS.1770-4 Annex 2). The
//! filter is a Kaiser-windowed sinc designed once at construction. (The
//! saturator oversamples with IIR half-bands instead, see
//! [`super::halfband`].)

use super::MAX_BLOCK;
use super::simd::{Isa, Simd, multiversion};

/// Modified Bessel function of the first kind, order 0 (power series).
fn bessel_i0(x: f64) -> f64 {
    let mut sum = 1.0;
    let mut term = 1.0;
    let half = x / 2.0;
    for k in 1..50 {
        term *= (half / k as f64).powi(2);
        sum += term;
        if term < 1e-12 * sum {
            break;
        }
    }
    sum
}

/// A linear-phase low-pass FIR: `taps` coefficients, cutoff as a fraction of
/// the sample rate (0.25 = a quarter of the rate), Kaiser window `beta`; unity
/// gain at DC.
pub fn kaiser_lowpass(taps: usize, cutoff: f64, beta: f64) -> Vec<f64> {
    let centre = (taps - 1) as f64 / 2.0;
    let norm = bessel_i0(beta);
    let mut h: Vec<f64> = (0..taps)
        .map(|i| {
            let t = i as f64 - centre;
            let sinc = if t == 0.0 {
                2.0 * cutoff
            } else {
                (2.0 * std::f64::consts::PI * cutoff * t).sin() / (std::f64::consts::PI * t)
            };
            let r = t / centre.max(1.0);
            sinc * bessel_i0(beta * (1.0 - r * r).max(0.0).sqrt()) / norm
        })
        .collect();
    let sum: f64 = h.iter().sum();
    for x in &mut h {
        *x /= sum;
    }
    h
}

/// Estimates the true peak of a sample stream at 4× oversampling
/// (ITU-R BS.1770-4 Annex 2).
///
/// The interpolator has 49 taps (13 per phase) with the cut-off at the input's
/// Nyquist frequency. That makes it a Nyquist filter: its group delay is
/// exactly [`TruePeak::LATENCY`] input samples and phase 0 reproduces the input
/// samples themselves, so a peak on a sample is never missed.
#[derive(Clone, Debug)]
pub struct TruePeak {
    isa: Isa,
    /// Phases 1–3 as one table, `dense[k][p − 1]` weighing the input k
    /// samples ago, so each input is loaded once for all three.
    dense: [[f32; 3]; TAPS_PER_PHASE],
    /// The last `TAPS_PER_PHASE − 1` inputs, then room for one block.
    buf: Vec<f32>,
}

/// Taps of each of the four phases of the 49-tap interpolator.
const TAPS_PER_PHASE: usize = 13;

/// Phase `p` of the interpolator (each at unit DC gain): `phase(p)[k]`
/// weighs the input k samples ago.
fn phase(p: usize) -> Vec<f32> {
    let h = kaiser_lowpass(49, 0.5 / 4.0, 7.0);
    let taps: Vec<f64> = h.iter().skip(p).step_by(4).copied().collect();
    let sum: f64 = taps.iter().sum();
    taps.iter().map(|&t| (t / sum) as f32).collect()
}

impl Default for TruePeak {
    fn default() -> Self {
        let mut dense = [[0.0; 3]; TAPS_PER_PHASE];
        for p in 1..4 {
            for (k, &c) in phase(p).iter().enumerate() {
                dense[k][p - 1] = c;
            }
        }
        Self {
            isa: Isa::detect(),
            dense,
            buf: vec![0.0; TAPS_PER_PHASE - 1 + MAX_BLOCK],
        }
    }
}

impl TruePeak {
    /// Delay of the estimate, in input samples (the filter's group delay).
    pub const LATENCY: usize = 6;

    /// For each sample of `x`, writes into `peaks` the largest absolute value
    /// among the interpolated points since the previous sample (lagging the
    /// input by [`TruePeak::LATENCY`] samples). Any length.
    pub fn process(&mut self, x: &[f32], peaks: &mut [f32]) {
        const ORDER: usize = TAPS_PER_PHASE - 1;
        for (x, peaks) in x.chunks(MAX_BLOCK).zip(peaks.chunks_mut(MAX_BLOCK)) {
            let n = x.len();
            self.buf[ORDER..ORDER + n].copy_from_slice(x);
            true_peak(self.isa, &self.dense, &self.buf[..ORDER + n], peaks);
            self.buf.copy_within(n..n + ORDER, 0);
        }
    }
}

multiversion! {
    fn true_peak(dense: &[[f32; 3]; TAPS_PER_PHASE], buf: &[f32], peaks: &mut [f32]) => true_peak_kernel
}

/// Sixteen outputs at a time: phase 0 is the input `LATENCY` samples ago;
/// phases 1–3 each sum the 13 inputs, every input loaded once, six sums
/// running side by side.
#[inline(always)]
fn true_peak_kernel<S: Simd>(
    s: S,
    dense: &[[f32; 3]; TAPS_PER_PHASE],
    buf: &[f32],
    peaks: &mut [f32],
) {
    const ORDER: usize = TAPS_PER_PHASE - 1;
    let n = peaks.len();
    let mut c = [[s.splat(0.0); 3]; TAPS_PER_PHASE];
    for (c, d) in c.iter_mut().zip(dense) {
        for p in 0..3 {
            c[p] = s.splat(d[p]);
        }
    }
    let mut i = 0;
    while i + 16 <= n {
        let at = ORDER + i;
        let mut acc = [[s.splat(0.0); 3]; 2];
        for (k, c) in c.iter().enumerate() {
            for (v, acc) in acc.iter_mut().enumerate() {
                let x = s.read(&buf[at - k + 8 * v..]);
                for p in 0..3 {
                    acc[p] = s.mul_add(c[p], x, acc[p]);
                }
            }
        }
        for (v, acc) in acc.iter().enumerate() {
            let mut peak = s.abs(s.read(&buf[at - TruePeak::LATENCY + 8 * v..]));
            for a in acc {
                peak = s.max(peak, s.abs(*a));
            }
            s.write(peak, &mut peaks[i + 8 * v..]);
        }
        i += 16;
    }
    for (j, peak) in peaks.iter_mut().enumerate().skip(i) {
        let at = ORDER + j;
        let mut sums = [0.0f32; 3];
        for (k, d) in dense.iter().enumerate() {
            for p in 0..3 {
                sums[p] += d[p] * buf[at - k];
            }
        }
        *peak = sums
            .iter()
            .fold(buf[at - TruePeak::LATENCY].abs(), |m, s| m.max(s.abs()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowpass_has_unity_dc_gain_and_is_symmetric() {
        let h = kaiser_lowpass(63, 0.25, 8.0);
        assert!((h.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        for i in 0..31 {
            assert!((h[i] - h[62 - i]).abs() < 1e-15);
        }
    }

    #[test]
    fn true_peak_phase_zero_is_the_input_delayed() {
        // A Nyquist filter: phase 0 is one tap of unit gain, so the kernel
        // reads it as the input LATENCY samples ago.
        let phase0 = phase(0);
        assert_eq!(phase0.len(), TAPS_PER_PHASE);
        for (k, &c) in phase0.iter().enumerate() {
            let want = if k == TruePeak::LATENCY { 1.0 } else { 0.0 };
            assert!((c - want).abs() < 1e-6, "tap {k}: {c}");
        }
    }

    #[test]
    fn true_peak_finds_intersample_peak() {
        // A sine at fs/4 with 45° phase: samples sit at ±0.707, true peak is 1.
        let mut tp = TruePeak::default();
        let xs: Vec<f32> = (0..400)
            .map(|n| (std::f32::consts::FRAC_PI_2 * n as f32 + std::f32::consts::FRAC_PI_4).sin())
            .collect();
        let mut peaks = vec![0.0f32; xs.len()];
        tp.process(&xs, &mut peaks);
        let peak = peaks[50..].iter().fold(0.0f32, |m, &p| m.max(p));
        assert!((peak - 1.0).abs() < 0.02, "true peak {peak}");
    }
}
