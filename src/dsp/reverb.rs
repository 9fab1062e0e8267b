//! Stereo algorithmic reverb: a feedback delay network (FDN).
//!
//! After J.-M. Jot and A. Chaigne, "Digital Delay Networks for Designing
//! Artificial Reverberators" (AES 90th Convention, 1991): eight mutually prime
//! delay lines mixed by an orthogonal (Hadamard) matrix. Each line's loop gain
//! is set from its length so every mode decays by 60 dB in `decay_s` seconds
//! (g = 10^(−3·d / (fs·RT60))); a one-pole low-pass in each loop makes high
//! frequencies decay faster (`damping`). Input passes a pre-delay and short
//! Schroeder all-pass diffusers; the output is tapped where the lines are
//! written, so the first reflection arrives exactly after the pre-delay.
//! The reverb is a send effect: its output is wet only.

use super::block::Block;

/// Settings in the strip format's units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReverbSettings {
    /// Time for the tail to fall by 60 dB (RT60), in seconds (0.1 … 20).
    pub decay_s: f32,
    /// Gap before the reverb starts, in ms (0 … 250).
    pub predelay_ms: f32,
    /// 0 = bright, 1 = dark: how much faster highs decay than the RT60 (at 1,
    /// the top octave decays in 40 % of the time).
    pub damping: f32,
    /// Room size, scaling every delay line (0.5 … 2).
    pub size: f32,
}

impl Default for ReverbSettings {
    fn default() -> Self {
        Self {
            decay_s: 1.8,
            predelay_ms: 20.0,
            damping: 0.5,
            size: 1.0,
        }
    }
}

const LINES: usize = 8;
/// Line lengths in samples at size 1 (23–56 ms, mutually prime).
const LINE_SAMPLES: [usize; LINES] = [1109, 1321, 1553, 1777, 1993, 2243, 2467, 2693];
const MAX_SIZE: f32 = 2.0;
const MAX_PREDELAY_MS: f32 = 250.0;
/// All-pass diffuser lengths (samples) and gain, per input channel.
const DIFFUSERS: [[usize; 3]; 2] = [[142, 379, 107], [151, 353, 113]];
const DIFFUSION: f32 = 0.6;
/// Output tap signs: two orthogonal Hadamard rows, so left and right are
/// decorrelated. Each input channel is injected along its own tap's pattern.
/// Row 1 of the Sylvester Hadamard matrix is [1, −1, 1, −1, …], row 2 is
/// [1, 1, −1, −1, …].
const TAP_ROW_L: usize = 1;
const TAP_ROW_R: usize = 2;
/// Injection gain: one unit of energy per input channel into the network.
const INJECT: f32 = 0.353_553_4; // 1/√8
/// Measured excess of the recirculating energy over the incoherent estimate.
const LATE_COHERENCE: f32 = 1.4;
/// Impulse-response energy per second of RT60, per output channel: a 1.8 s
/// reverb returns a steady signal at about the level it was sent.
const ENERGY_PER_SECOND: f32 = 0.5;

/// A delay line. Its buffer is a power of two so wrapping is a mask, not a
/// division (this loop runs eight times per sample).
#[derive(Clone, Debug)]
struct Line {
    buf: Vec<f32>,
    mask: usize,
    write: usize,
}

impl Line {
    /// A line that can delay by up to `max_delay` samples.
    fn new(max_delay: usize) -> Self {
        let size = (max_delay + 1).next_power_of_two();
        Self {
            buf: vec![0.0; size],
            mask: size - 1,
            write: 0,
        }
    }

    /// The sample written `delay` samples ago (1 ≤ delay ≤ max_delay).
    #[inline]
    fn read(&self, delay: usize) -> f32 {
        self.buf[self.write.wrapping_sub(delay) & self.mask]
    }

    #[inline]
    fn push(&mut self, x: f32) {
        self.buf[self.write & self.mask] = x;
        self.write = self.write.wrapping_add(1);
    }

    fn clear(&mut self) {
        self.buf.fill(0.0);
    }
}

/// A Schroeder all-pass: y = −g·x + d, where d is the delayed (x + g·y).
#[derive(Clone, Debug)]
struct AllPass {
    line: Line,
    delay: usize,
}

impl AllPass {
    fn new(delay: usize) -> Self {
        Self {
            line: Line::new(delay),
            delay,
        }
    }

    #[inline]
    fn process(&mut self, x: f32) -> f32 {
        let d = self.line.read(self.delay);
        let v = x + DIFFUSION * d;
        self.line.push(v);
        d - DIFFUSION * v
    }
}

/// In-place 8-point fast Walsh–Hadamard transform (unnormalised: the 1/√8
/// that makes it orthonormal is folded into the loop gains).
#[inline]
fn hadamard8(x: &mut [f32; LINES]) {
    let mut h = 1;
    while h < LINES {
        let mut i = 0;
        while i < LINES {
            for j in i..i + h {
                let (a, b) = (x[j], x[j + h]);
                x[j] = a + b;
                x[j + h] = a - b;
            }
            i += 2 * h;
        }
        h *= 2;
    }
}

/// A stereo FDN reverb.
#[derive(Clone, Debug)]
pub struct Reverb {
    settings: ReverbSettings,
    predelay: [Line; 2],
    predelay_samples: usize,
    diffusers: [[AllPass; 3]; 2],
    lines: [Line; LINES],
    delays: [usize; LINES],
    gains: [f32; LINES],
    /// One-pole low-pass coefficient per line (0 = no damping).
    damp: [f32; LINES],
    damp_state: [f32; LINES],
    /// (1 − damp) × gain × 1/√8: the loop filter's input gain, with the
    /// Hadamard matrix's normalisation folded in.
    loop_gain: [f32; LINES],
    out_scale: f32,
}

impl Reverb {
    /// A silent reverb with the given settings (all memory allocated here).
    pub fn new(settings: ReverbSettings) -> Self {
        let max_line = (LINE_SAMPLES[LINES - 1] as f32 * MAX_SIZE) as usize + 1;
        let max_pre = (MAX_PREDELAY_MS * 0.001 * super::FS) as usize + 1;
        let mut r = Self {
            settings,
            predelay: [Line::new(max_pre), Line::new(max_pre)],
            predelay_samples: 1,
            diffusers: DIFFUSERS.map(|lens| lens.map(AllPass::new)),
            lines: std::array::from_fn(|_| Line::new(max_line)),
            delays: LINE_SAMPLES,
            gains: [0.0; LINES],
            damp: [0.0; LINES],
            damp_state: [0.0; LINES],
            loop_gain: [0.0; LINES],
            out_scale: 0.0,
        };
        r.set(settings);
        r
    }

    /// The current settings.
    pub fn settings(&self) -> ReverbSettings {
        self.settings
    }

    /// New settings. Decay and damping change smoothly; a new size or
    /// pre-delay moves the read points at once.
    pub fn set(&mut self, s: ReverbSettings) {
        let s = ReverbSettings {
            decay_s: s.decay_s.clamp(0.1, 20.0),
            predelay_ms: s.predelay_ms.clamp(0.0, MAX_PREDELAY_MS),
            damping: s.damping.clamp(0.0, 1.0),
            size: s.size.clamp(0.5, MAX_SIZE),
        };
        self.settings = s;
        self.predelay_samples = ((s.predelay_ms * 0.001 * super::FS).round() as usize).max(1);
        // At Nyquist the decay time is this share of the RT60 (1 … 0.4): enough
        // to sound dark, gentle enough that the one-pole loop filter leaves the
        // mid band (which sets the RT60) alone even for short decays.
        let hf_ratio = 1.0 - 0.6 * s.damping;
        for (i, &length) in LINE_SAMPLES.iter().enumerate() {
            let d = ((length as f32 * s.size).round() as usize).max(1);
            self.delays[i] = d;
            let g = 10f32.powf(-3.0 * d as f32 / (super::FS * s.decay_s));
            // Jot's absorption filter: DC gain g, Nyquist gain g^(1/hf_ratio).
            let g_ny = g.powf(1.0 / hf_ratio);
            let rho = g_ny / g;
            self.gains[i] = g;
            self.damp[i] = (1.0 - rho) / (1.0 + rho);
            self.loop_gain[i] = (1.0 - self.damp[i]) * g / (LINES as f32).sqrt();
        }
        // Calibrate the return level: a unit impulse sent to both channels
        // gives each output channel an impulse-response energy of
        // ENERGY_PER_SECOND × RT60, as a real room's tail grows with its decay.
        // Each input is injected along its own output tap's sign pattern, so the
        // first pass reaches its tap coherently (energy 8 per unit input), the
        // other channel not at all; after that the lines are incoherent at the
        // tap and every pass keeps the mean g² of the 2 units injected.
        let mean_g2 = self.gains.iter().map(|g| g * g).sum::<f32>() / LINES as f32;
        // The recirculating passes stay partly coherent at the taps: measured,
        // they carry LATE_COHERENCE × the incoherent estimate (1.33–1.49 from
        // 0.3 to 8 s; see the test below).
        let network_energy = LINES as f32 + LATE_COHERENCE * 2.0 * mean_g2 / (1.0 - mean_g2);
        self.out_scale = (ENERGY_PER_SECOND * s.decay_s / network_energy).sqrt();
    }

    /// Clears every line (silence).
    pub fn reset(&mut self) {
        for l in self.predelay.iter_mut().chain(self.lines.iter_mut()) {
            l.clear();
        }
        for d in self.diffusers.iter_mut().flatten() {
            d.line.clear();
        }
        self.damp_state = [0.0; LINES];
    }

    /// Reads `input` (mono or stereo, the send) and writes the wet stereo
    /// signal into `out` (stereo, same length; overwritten).
    pub fn process(&mut self, input: &Block, out: &mut Block) {
        let len = input.len();
        out.reset(2, len);
        // The input path, one channel at a time: pre-delay, then diffusers.
        // The network's input gain and output scale are folded in here.
        let mut injected = [[0.0f32; super::MAX_BLOCK]; 2];
        for (ch, inj) in injected.iter_mut().enumerate() {
            let x = input.channel(ch.min(input.channels() - 1));
            let (predelay, diffusers) = (&mut self.predelay[ch], &mut self.diffusers[ch]);
            for (y, &x) in inj[..len].iter_mut().zip(x) {
                predelay.push(x);
                let mut d = predelay.read(self.predelay_samples);
                for ap in diffusers.iter_mut() {
                    d = ap.process(d);
                }
                *y = d * INJECT;
            }
        }
        // The network. The output taps and the injection patterns are rows
        // TAP_ROW_L and TAP_ROW_R of the (symmetric) Hadamard matrix H, and
        // H·H = 8·I, so with s = H·(v + iₗ·e_L + iᵣ·e_R) written back to the lines,
        // the left output (row TAP_ROW_L)·s is exactly 8·(v_L + iₗ): one line's filtered
        // output plus the input, with no sums over the taps.
        let scale = 8.0 * self.out_scale;
        let (out_l, out_r) = out.stereo_mut();
        // Locals the optimiser can keep in registers. Every line is written once
        // per sample and all have the same size, so they share a write index.
        let (gain, damp, delays) = (self.loop_gain, self.damp, self.delays);
        let mut state = self.damp_state;
        let write = self.lines[0].write;
        let mask = self.lines[0].mask;
        let bufs = self.lines.each_mut().map(|l| &mut l.buf[..]);
        for i in 0..len {
            let w = write.wrapping_add(i);
            let mut v = [0.0f32; LINES];
            for k in 0..LINES {
                let o = bufs[k][w.wrapping_sub(delays[k]) & mask];
                state[k] = gain[k] * o + damp[k] * state[k];
                v[k] = state[k];
            }
            v[TAP_ROW_L] += injected[0][i];
            v[TAP_ROW_R] += injected[1][i];
            out_l[i] = v[TAP_ROW_L] * scale;
            out_r[i] = v[TAP_ROW_R] * scale;
            hadamard8(&mut v);
            for k in 0..LINES {
                bufs[k][w & mask] = v[k];
            }
        }
        for line in &mut self.lines {
            line.write = write.wrapping_add(len);
        }
        self.damp_state = state;
        super::denormal::flush_all(&mut self.damp_state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Impulse-response energy of the left output for a unit impulse sent to both channels.
    fn ir_energy(decay_s: f32) -> f32 {
        let mut r = Reverb::new(ReverbSettings {
            decay_s,
            predelay_ms: 0.0,
            damping: 0.0,
            size: 1.0,
        });
        let mut input = Block::new(2, 256);
        input.channel_mut(0)[0] = 1.0;
        input.channel_mut(1)[0] = 1.0;
        let mut out = Block::new(2, 256);
        let mut energy = 0.0f64;
        for _ in 0..(decay_s * 2.0 * 48_000.0 / 256.0) as usize {
            r.process(&input, &mut out);
            energy += out.channel(0).iter().map(|x| (x * x) as f64).sum::<f64>();
            input.reset(2, 256);
        }
        energy as f32
    }

    #[test]
    fn return_level_grows_with_decay_as_calibrated() {
        for decay in [0.3f32, 0.5, 1.0, 1.8, 3.0, 4.0, 8.0] {
            let e = ir_energy(decay);
            let expected = ENERGY_PER_SECOND * decay;
            let err_db = 10.0 * (e / expected).log10();
            assert!(
                err_db.abs() < 0.5,
                "decay {decay}: energy {e}, expected {expected} ({err_db:+.2} dB)"
            );
        }
    }
}
