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

use super::MAX_BLOCK;
use super::block::Block;
use super::line::Line;
use super::scan::{self, Powers};
use super::simd::{Isa, Simd, multiversion};

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

/// A Schroeder all-pass: y = −g·x + d, where d is the delayed (x + g·y).
#[derive(Clone, Debug)]
struct AllPass {
    line: Line,
    delay: usize,
    /// The delayed samples of the chunk being processed, then what goes
    /// into the line.
    scratch: [f32; MAX_BLOCK],
}

impl AllPass {
    fn new(delay: usize) -> Self {
        Self {
            line: Line::new(delay),
            delay,
            scratch: [0.0; MAX_BLOCK],
        }
    }

    /// Runs the all-pass over `x` in place, in chunks no longer than its
    /// delay, so each chunk's delayed samples were written before it.
    fn process(&mut self, isa: Isa, x: &mut [f32]) {
        let mut t = 0;
        while t < x.len() {
            let n = (x.len() - t).min(self.delay);
            let delayed = &mut self.scratch[..n];
            self.line.read_span(self.delay, delayed);
            diffuse(isa, &mut x[t..t + n], delayed);
            self.line.push_span(delayed);
            t += n;
        }
    }
}

multiversion! {
    fn diffuse(x: &mut [f32], delayed: &mut [f32]) => diffuse_kernel
}

/// The Schroeder all-pass on a chunk: v = x + g·d goes into the line
/// (replacing `delayed`), y = d − g·v comes out (replacing `x`).
#[inline(always)]
fn diffuse_kernel<S: Simd>(s: S, x: &mut [f32], delayed: &mut [f32]) {
    let (g, minus_g) = (s.splat(DIFFUSION), s.splat(-DIFFUSION));
    let mut t = 0;
    while t + 8 <= x.len() {
        let d = s.read(&delayed[t..]);
        let v = s.mul_add(g, d, s.read(&x[t..]));
        s.write(s.mul_add(minus_g, v, d), &mut x[t..]);
        s.write(v, &mut delayed[t..]);
        t += 8;
    }
    for (x, d) in x[t..].iter_mut().zip(&mut delayed[t..]) {
        let v = *x + DIFFUSION * *d;
        *x = *d - DIFFUSION * v;
        *d = v;
    }
}

/// Each line's block on its way through the network, and the two injected
/// inputs.
type Scratch = ([[f32; MAX_BLOCK]; LINES], [[f32; MAX_BLOCK]; 2]);

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
    /// One-pole low-pass coefficient per line (0 = no damping), with its
    /// powers for the scan.
    damp: [f32; LINES],
    damp_powers: [Powers; LINES],
    damp_state: [f32; LINES],
    /// (1 − damp) × gain × 1/√8: the loop filter's input gain, with the
    /// Hadamard matrix's normalisation folded in.
    loop_gain: [f32; LINES],
    out_scale: f32,
    isa: Isa,
    scratch: Box<Scratch>,
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
            damp_powers: [Powers::of(0.0); LINES],
            damp_state: [0.0; LINES],
            loop_gain: [0.0; LINES],
            out_scale: 0.0,
            isa: Isa::detect(),
            scratch: Box::new(([[0.0; MAX_BLOCK]; LINES], [[0.0; MAX_BLOCK]; 2])),
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
            self.damp_powers[i] = Powers::of(self.damp[i]);
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
        let (lines, injected) = &mut *self.scratch;
        // The input path, one channel at a time: pre-delay, then diffusers.
        // The network's input gain is folded in here.
        for (ch, inj) in injected.iter_mut().enumerate() {
            let inj = &mut inj[..len];
            self.predelay[ch].push_span(input.channel(ch.min(input.channels() - 1)));
            self.predelay[ch].read_span(self.predelay_samples + len, inj);
            for ap in &mut self.diffusers[ch] {
                ap.process(self.isa, inj);
            }
            for x in inj.iter_mut() {
                *x *= INJECT;
            }
        }
        // The network, a block at a time: every line is longer than a block
        // (555 samples at size 0.5), so the block's reads all come from
        // before it.
        for (line, (o, &d)) in self.lines.iter().zip(lines.iter_mut().zip(&self.delays)) {
            line.read_span(d, &mut o[..len]);
        }
        let (out_l, out_r) = out.stereo_mut();
        network(
            self.isa,
            lines,
            injected,
            len,
            &Loop {
                gain: self.loop_gain,
                damp: self.damp_powers,
                scale: 8.0 * self.out_scale,
            },
            &mut self.damp_state,
            out_l,
            out_r,
        );
        for (line, o) in self.lines.iter_mut().zip(lines.iter()) {
            line.push_span(&o[..len]);
        }
        super::denormal::flush_all(&mut self.damp_state);
    }
}

/// The loop's constants: each line's gain (with the Hadamard matrix's
/// 1/√8) and damping filter, and the output scale.
struct Loop {
    gain: [f32; LINES],
    damp: [Powers; LINES],
    scale: f32,
}

multiversion! {
    #[allow(clippy::too_many_arguments)]
    fn network(
        lines: &mut [[f32; MAX_BLOCK]; LINES],
        injected: &[[f32; MAX_BLOCK]; 2],
        len: usize,
        loop_: &Loop,
        damp_state: &mut [f32; LINES],
        out_l: &mut [f32],
        out_r: &mut [f32],
    ) => network_kernel
}

/// `lines` holds each line's output for the block and leaves with what to
/// write back. The output taps and the injection patterns are rows
/// TAP_ROW_L and TAP_ROW_R of the (symmetric) Hadamard matrix H, and
/// H·H = 8·I, so with s = H·(v + iₗ·e_L + iᵣ·e_R) written back to the lines,
/// the left output (row TAP_ROW_L)·s is exactly 8·(v_L + iₗ): one line's
/// filtered output plus the input, with no sums over the taps.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn network_kernel<S: Simd>(
    s: S,
    lines: &mut [[f32; MAX_BLOCK]; LINES],
    injected: &[[f32; MAX_BLOCK]; 2],
    len: usize,
    loop_: &Loop,
    damp_state: &mut [f32; LINES],
    out_l: &mut [f32],
    out_r: &mut [f32],
) {
    // Each line's loop gain and damping low-pass, along the block.
    for ((line, &gain), (powers, state)) in lines
        .iter_mut()
        .zip(&loop_.gain)
        .zip(loop_.damp.iter().zip(damp_state.iter_mut()))
    {
        let line = &mut line[..len];
        let g = s.splat(gain);
        let mut chunks = line.chunks_exact_mut(8);
        for chunk in &mut chunks {
            s.write(s.mul(g, s.read(chunk)), chunk);
        }
        for x in chunks.into_remainder() {
            *x *= gain;
        }
        scan::one_pole(s, line, powers, state);
    }
    // The taps, the injection and the Hadamard matrix, eight frames at a
    // time. The arrays are MAX_BLOCK long, a multiple of eight, so a
    // ragged end still reads and writes whole vectors; only what lies
    // within the block goes out and back into the lines.
    let scale = s.splat(loop_.scale);
    let mut t = 0;
    while t < len {
        let mut v = [s.splat(0.0); LINES];
        for (v, line) in v.iter_mut().zip(lines.iter()) {
            *v = s.read(&line[t..]);
        }
        v[TAP_ROW_L] = s.add(v[TAP_ROW_L], s.read(&injected[0][t..]));
        v[TAP_ROW_R] = s.add(v[TAP_ROW_R], s.read(&injected[1][t..]));
        let (l, r) = (s.mul(scale, v[TAP_ROW_L]), s.mul(scale, v[TAP_ROW_R]));
        if t + 8 <= len {
            s.write(l, &mut out_l[t..]);
            s.write(r, &mut out_r[t..]);
        } else {
            let n = len - t;
            out_l[t..].copy_from_slice(&s.to_array(l)[..n]);
            out_r[t..].copy_from_slice(&s.to_array(r)[..n]);
        }
        // The unnormalised 8-point fast Walsh–Hadamard transform.
        let mut h = 1;
        while h < LINES {
            let mut i = 0;
            while i < LINES {
                for j in i..i + h {
                    let (a, b) = (v[j], v[j + h]);
                    v[j] = s.add(a, b);
                    v[j + h] = s.sub(a, b);
                }
                i += 2 * h;
            }
            h *= 2;
        }
        for (v, line) in v.iter().zip(lines.iter_mut()) {
            s.write(*v, &mut line[t..]);
        }
        t += 8;
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
