//! Polyphase FIR interpolation and decimation.
//!
//! Used twice: the saturator runs at 4× (two 2× stages) so its harmonics do not
//! alias back into the audio band, and the true-peak limiter and meters look at
//! a 4× interpolated signal (ITU-R BS.1770-4 Annex 2). Filters are
//! Kaiser-windowed sincs designed once at construction.

use super::MAX_BLOCK;
use super::simd::{Isa, madd, multiversion};

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

/// A FIR filter run a block at a time, 64 outputs at once: their sums stay
/// in eight vector registers while every non-zero tap adds its shifted
/// inputs, so the taps' multiply-adds overlap instead of each waiting on
/// the last. Zero taps (every other tap of a half-band filter) cost
/// nothing.
#[derive(Clone, Debug)]
struct BlockFir {
    isa: Isa,
    /// (delay in samples, coefficient) of every non-zero tap.
    taps: Vec<(usize, f32)>,
    /// The last `order` inputs, then room for one block.
    buf: Vec<f32>,
    order: usize,
}

impl BlockFir {
    /// `h[k]` weighs the input `k` samples ago; blocks up to `max_len` long.
    fn new(h: &[f32], max_len: usize) -> Self {
        let taps: Vec<(usize, f32)> = h
            .iter()
            .enumerate()
            .filter(|(_, c)| c.abs() > 1e-9)
            .map(|(k, &c)| (k, c))
            .collect();
        let order = taps.last().map_or(0, |&(k, _)| k);
        Self {
            isa: Isa::detect(),
            taps,
            buf: vec![0.0; order + max_len],
            order,
        }
    }

    /// Filters `x` into `y` (same length, at most `max_len`).
    fn run(&mut self, x: &[f32], y: &mut [f32]) {
        let (n, order) = (x.len(), self.order);
        self.buf[order..order + n].copy_from_slice(x);
        fir(
            self.isa,
            &self.taps,
            &self.buf[..order + n],
            order,
            &mut y[..n],
        );
        self.buf.copy_within(n..n + order, 0);
    }
}

multiversion! {
    fn fir(taps: &[(usize, f32)], buf: &[f32], order: usize, y: &mut [f32]) => fir_kernel
}

/// `y[i] = Σ c·buf[order + i − k]` over the taps (k, c).
#[inline(always)]
fn fir_kernel<const FMA: bool>(taps: &[(usize, f32)], buf: &[f32], order: usize, y: &mut [f32]) {
    let mut i = 0;
    while i + 64 <= y.len() {
        fir_outputs::<FMA, 64>(taps, buf, order + i, &mut y[i..i + 64]);
        i += 64;
    }
    while i + 8 <= y.len() {
        fir_outputs::<FMA, 8>(taps, buf, order + i, &mut y[i..i + 8]);
        i += 8;
    }
    for (j, out) in y.iter_mut().enumerate().skip(i) {
        *out = taps
            .iter()
            .fold(0.0, |a, &(k, c)| madd::<FMA>(c, buf[order + j - k], a));
    }
}

/// `B` consecutive outputs, the first at `buf[at]`'s position.
#[inline(always)]
fn fir_outputs<const FMA: bool, const B: usize>(
    taps: &[(usize, f32)],
    buf: &[f32],
    at: usize,
    y: &mut [f32],
) {
    let mut acc = [0.0f32; B];
    for &(k, c) in taps {
        let src: &[f32; B] = buf[at - k..at - k + B].try_into().expect("B samples");
        for (a, &x) in acc.iter_mut().zip(src) {
            *a = madd::<FMA>(c, x, *a);
        }
    }
    y.copy_from_slice(&acc);
}

/// Doubles the rate of a block (polyphase, each phase at unit DC gain).
#[derive(Clone, Debug)]
pub struct Interpolator2 {
    phases: [BlockFir; 2],
}

impl Interpolator2 {
    /// An interpolator using the prototype low-pass `h` (designed at the high
    /// rate), for input blocks up to `max_len` samples.
    pub fn new(h: &[f64], max_len: usize) -> Self {
        let phase = |p: usize| {
            let taps: Vec<f64> = h.iter().skip(p).step_by(2).copied().collect();
            let sum: f64 = taps.iter().sum();
            let taps: Vec<f32> = taps.iter().map(|&t| (t / sum) as f32).collect();
            BlockFir::new(&taps, max_len)
        };
        Self {
            phases: [phase(0), phase(1)],
        }
    }

    /// Writes `2 × x.len()` samples into `y`.
    pub fn process(&mut self, x: &[f32], y: &mut [f32]) {
        let n = x.len();
        let mut even = [0.0f32; 2 * MAX_BLOCK];
        let mut odd = [0.0f32; 2 * MAX_BLOCK];
        self.phases[0].run(x, &mut even[..n]);
        self.phases[1].run(x, &mut odd[..n]);
        for (pair, (&e, &o)) in y[..2 * n].chunks_exact_mut(2).zip(even.iter().zip(&odd)) {
            pair[0] = e;
            pair[1] = o;
        }
    }
}

/// Halves the rate of a block: `y[m] = Σ h[k]·x[2m − k]`, so whole-sample
/// delays at the high rate stay whole at the low rate.
#[derive(Clone, Debug)]
pub struct Decimator2 {
    /// Taps on the even inputs (h[0], h[2], …) and on the odd inputs, the
    /// latter one low-rate sample later (h[1] at delay 1, h[3] at 2, …).
    even: BlockFir,
    odd: BlockFir,
}

impl Decimator2 {
    /// A decimator using the anti-alias low-pass `h` (designed at the high
    /// rate), for output blocks up to `max_len` samples.
    pub fn new(h: &[f64], max_len: usize) -> Self {
        let even: Vec<f32> = h.iter().step_by(2).map(|&t| t as f32).collect();
        let odd: Vec<f32> = std::iter::once(0.0)
            .chain(h.iter().skip(1).step_by(2).map(|&t| t as f32))
            .collect();
        Self {
            even: BlockFir::new(&even, max_len),
            odd: BlockFir::new(&odd, max_len),
        }
    }

    /// Reads `2 × y.len()` samples of `x` and writes `y`.
    pub fn process(&mut self, x: &[f32], y: &mut [f32]) {
        let n = y.len();
        let mut even = [0.0f32; 2 * MAX_BLOCK];
        let mut odd = [0.0f32; 2 * MAX_BLOCK];
        for (pair, (e, o)) in x[..2 * n]
            .chunks_exact(2)
            .zip(even.iter_mut().zip(&mut odd))
        {
            *e = pair[0];
            *o = pair[1];
        }
        let mut from_odd = [0.0f32; 2 * MAX_BLOCK];
        self.even.run(&even[..n], y);
        self.odd.run(&odd[..n], &mut from_odd[..n]);
        for (y, o) in y.iter_mut().zip(&from_odd) {
            *y += o;
        }
    }
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
    phases: [BlockFir; 4],
}

impl Default for TruePeak {
    fn default() -> Self {
        let h = kaiser_lowpass(49, 0.5 / 4.0, 7.0);
        Self {
            phases: std::array::from_fn(|p| {
                let taps: Vec<f64> = h.iter().skip(p).step_by(4).copied().collect();
                let sum: f64 = taps.iter().sum();
                let taps: Vec<f32> = taps.iter().map(|&t| (t / sum) as f32).collect();
                BlockFir::new(&taps, MAX_BLOCK)
            }),
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
        for (x, peaks) in x.chunks(MAX_BLOCK).zip(peaks.chunks_mut(MAX_BLOCK)) {
            let mut phase = [0.0f32; MAX_BLOCK];
            peaks.fill(0.0);
            for fir in &mut self.phases {
                fir.run(x, &mut phase[..x.len()]);
                for (p, v) in peaks.iter_mut().zip(&phase) {
                    *p = p.max(v.abs());
                }
            }
        }
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
        let mut tp = TruePeak::default();
        let xs: Vec<f32> = (0..600)
            .map(|n| ((n * 7919) % 200) as f32 / 100.0 - 1.0)
            .collect();
        let mut phase0 = vec![0.0f32; xs.len()];
        for (x, y) in xs.chunks(MAX_BLOCK).zip(phase0.chunks_mut(MAX_BLOCK)) {
            tp.phases[0].run(x, y);
        }
        for n in TruePeak::LATENCY..xs.len() {
            assert!((phase0[n] - xs[n - TruePeak::LATENCY]).abs() < 1e-6);
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
