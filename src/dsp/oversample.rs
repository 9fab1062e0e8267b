//! Polyphase FIR interpolation and decimation.
//!
//! Used twice: the saturator runs at 4× (two 2× stages) so its harmonics do not
//! alias back into the audio band, and the true-peak limiter and meters look at
//! a 4× interpolated signal (ITU-R BS.1770-4 Annex 2). Filters are
//! Kaiser-windowed sincs designed once at construction.

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

/// A history of the last `n` samples, newest first, readable as one slice.
#[derive(Clone, Debug)]
struct History {
    buf: Vec<f32>,
    pos: usize,
    n: usize,
}

impl History {
    fn new(n: usize) -> Self {
        Self {
            buf: vec![0.0; 2 * n],
            pos: 0,
            n,
        }
    }

    #[inline]
    fn push(&mut self, x: f32) {
        self.pos = if self.pos == 0 {
            self.n - 1
        } else {
            self.pos - 1
        };
        self.buf[self.pos] = x;
        self.buf[self.pos + self.n] = x;
    }

    /// `window()[k]` is the sample pushed `k` pushes ago.
    #[inline]
    fn window(&self) -> &[f32] {
        &self.buf[self.pos..self.pos + self.n]
    }

    fn clear(&mut self) {
        self.buf.fill(0.0);
    }
}

#[inline]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Raises the rate by an integer factor: one input sample in, `factor` out.
#[derive(Clone, Debug)]
pub struct Upsampler {
    phases: Vec<Vec<f32>>,
    history: History,
}

impl Upsampler {
    /// An upsampler by `factor` using the prototype low-pass `h` (designed at
    /// the high rate). Each phase is scaled to unit gain at DC, so a constant
    /// input comes out constant (no ripple at the input rate).
    pub fn new(factor: usize, h: &[f64]) -> Self {
        let per_phase = h.len().div_ceil(factor);
        let phases = (0..factor)
            .map(|p| {
                let taps: Vec<f64> = (0..per_phase)
                    .map(|j| h.get(j * factor + p).copied().unwrap_or(0.0))
                    .collect();
                let sum: f64 = taps.iter().sum();
                taps.iter().map(|&t| (t / sum) as f32).collect()
            })
            .collect();
        Self {
            phases,
            history: History::new(per_phase),
        }
    }

    /// Pushes one input sample and writes `factor` output samples.
    #[inline]
    pub fn process(&mut self, x: f32, out: &mut [f32]) {
        self.history.push(x);
        let w = self.history.window();
        for (o, taps) in out.iter_mut().zip(&self.phases) {
            *o = dot(taps, w);
        }
    }

    /// Clears the history.
    pub fn reset(&mut self) {
        self.history.clear();
    }
}

/// Lowers the rate by 2: two input samples in, one out.
#[derive(Clone, Debug)]
pub struct Decimator2 {
    taps: Vec<f32>,
    history: History,
}

impl Decimator2 {
    /// A decimator using the anti-alias low-pass `h` (designed at the high rate).
    pub fn new(h: &[f64]) -> Self {
        Self {
            taps: h.iter().map(|&x| x as f32).collect(),
            history: History::new(h.len()),
        }
    }

    /// Pushes two input samples (older first) and returns one output sample,
    /// aligned with the first of the pair so whole-sample delays stay whole.
    #[inline]
    pub fn process(&mut self, pair: [f32; 2]) -> f32 {
        self.history.push(pair[0]);
        let out = dot(&self.taps, self.history.window());
        self.history.push(pair[1]);
        out
    }

    /// Clears the history.
    pub fn reset(&mut self) {
        self.history.clear();
    }
}

/// The 4× interpolator for true-peak estimation: 49 taps (13 per phase) with
/// the cut-off at the input's Nyquist frequency. That makes it a Nyquist
/// filter: its group delay is exactly 6 input samples and phase 0 reproduces
/// the input samples themselves, so a peak on a sample is never missed.
pub fn true_peak_upsampler() -> Upsampler {
    Upsampler::new(4, &kaiser_lowpass(49, 0.5 / 4.0, 7.0))
}

/// Estimates the true peak of a sample stream at 4× oversampling.
#[derive(Clone, Debug)]
pub struct TruePeak {
    up: Upsampler,
    scratch: [f32; 4],
}

impl Default for TruePeak {
    fn default() -> Self {
        Self {
            up: true_peak_upsampler(),
            scratch: [0.0; 4],
        }
    }
}

impl TruePeak {
    /// Pushes one sample; returns the largest absolute value among it and the
    /// interpolated points since the previous sample. The estimate lags the
    /// input by [`TruePeak::LATENCY`] samples.
    #[inline]
    pub fn push(&mut self, x: f32) -> f32 {
        self.up.process(x, &mut self.scratch);
        self.scratch.iter().fold(0.0f32, |m, v| m.max(v.abs()))
    }

    /// Delay of the estimate, in input samples (the filter's group delay).
    pub const LATENCY: usize = 6;

    /// Clears the history.
    pub fn reset(&mut self) {
        self.up.reset();
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
    fn true_peak_phase_zero_reproduces_the_samples() {
        let mut tp = TruePeak::default();
        let xs: Vec<f32> = (0..200)
            .map(|n| ((n * 7919) % 200) as f32 / 100.0 - 1.0)
            .collect();
        for n in 0..xs.len() {
            tp.push(xs[n]);
            if n >= TruePeak::LATENCY {
                assert!((tp.scratch[0] - xs[n - TruePeak::LATENCY]).abs() < 1e-6);
            }
        }
    }

    #[test]
    fn true_peak_finds_intersample_peak() {
        // A sine at fs/4 with 45° phase: samples sit at ±0.707, true peak is 1.
        let mut tp = TruePeak::default();
        let mut peak = 0.0f32;
        for n in 0..400 {
            let x = (std::f32::consts::FRAC_PI_2 * n as f32 + std::f32::consts::FRAC_PI_4).sin();
            let p = tp.push(x);
            if n > 50 {
                peak = peak.max(p);
            }
        }
        assert!((peak - 1.0).abs() < 0.02, "true peak {peak}");
    }
}
