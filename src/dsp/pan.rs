//! Fader gain and panning.
//!
//! Mono sources use the constant-power (sin/cos) law: −3.01 dB per side at
//! centre, silence on the far side at ±1. Stereo sources use a balance law
//! that leaves the centre at 0 dB and attenuates the far channel on the same
//! sin/cos curve, as DAWs do for stereo tracks.

use super::block::Block;
use super::ramp::Ramp;
use super::simd::{Isa, Simd, multiversion};
use std::f32::consts::FRAC_PI_4;

/// Left and right gains of the constant-power law for `pan` in −1 … +1.
pub fn constant_power(pan: f32) -> (f32, f32) {
    // The ends are exact: in f32, cos(π/2) is 4e-8, not silence.
    if pan <= -1.0 {
        return (1.0, 0.0);
    }
    if pan >= 1.0 {
        return (0.0, 1.0);
    }
    let theta = (pan + 1.0) * FRAC_PI_4;
    (theta.cos(), theta.sin())
}

/// Left and right gains of the stereo balance law for `pan` in −1 … +1.
pub fn balance(pan: f32) -> (f32, f32) {
    let (l, r) = constant_power(pan);
    let s = std::f32::consts::SQRT_2;
    // The near side is exactly unity (in f32, cos(π/4)·√2 is 0.99999994):
    // a centred stereo strip passes its samples unchanged.
    let near = |side: bool, g: f32| if side { 1.0 } else { (g * s).min(1.0) };
    (near(pan <= 0.0, l), near(pan >= 0.0, r))
}

/// A fader (dB) and pan pot with ramps, turning any block into stereo.
#[derive(Clone, Debug)]
pub struct FaderPan {
    gain: Ramp,
    pan: Ramp,
}

impl FaderPan {
    /// A fader at `gain_db` and a pot at `pan`.
    pub fn new(gain_db: f32, pan: f32) -> Self {
        Self {
            gain: Ramp::new(super::db_to_gain(gain_db), 20.0),
            pan: Ramp::new(pan.clamp(-1.0, 1.0), 20.0),
        }
    }

    /// Glides to a new fader level and pan position.
    pub fn set(&mut self, gain_db: f32, pan: f32) {
        self.gain.set(super::db_to_gain(gain_db));
        self.pan.set(pan.clamp(-1.0, 1.0));
    }

    /// Sets a fader glide that lasts exactly `samples` (for automation).
    pub fn set_gain_over(&mut self, gain_db: f32, samples: u32) {
        self.gain.set_over(super::db_to_gain(gain_db), samples);
    }

    /// Sets a pan glide that lasts exactly `samples` (for automation).
    pub fn set_pan_over(&mut self, pan: f32, samples: u32) {
        self.pan.set_over(pan.clamp(-1.0, 1.0), samples);
    }

    /// Jumps to a fader level and pan position with no glide.
    pub fn jump(&mut self, gain_db: f32, pan: f32) {
        self.gain.jump(super::db_to_gain(gain_db));
        self.pan.jump(pan.clamp(-1.0, 1.0));
    }

    /// The left and right gains for a mono (constant-power) or stereo
    /// (balance) source, while neither fader nor pan is moving.
    pub fn settled_gains(&self, mono: bool) -> Option<(f32, f32)> {
        if self.pan.is_moving() || self.gain.is_moving() {
            return None;
        }
        let law = if mono { constant_power } else { balance };
        let (g, (gl, gr)) = (self.gain.value(), law(self.pan.value()));
        Some((g * gl, g * gr))
    }

    /// Applies gain and pan; a mono block comes out stereo.
    pub fn process(&mut self, block: &mut Block) {
        let was_mono = block.channels() == 1;
        if let Some((gl, gr)) = self.settled_gains(was_mono) {
            block.make_stereo();
            let (l, r) = block.stereo_mut();
            for (l, r) in l.iter_mut().zip(r.iter_mut()) {
                *l *= gl;
                *r *= gr;
            }
            return;
        }
        block.make_stereo();
        let law = if was_mono { constant_power } else { balance };
        let (l, r) = block.stereo_mut();
        for (l, r) in l.iter_mut().zip(r.iter_mut()) {
            let g = self.gain.next_value();
            let (gl, gr) = law(self.pan.next_value());
            *l *= g * gl;
            *r *= g * gr;
        }
    }
}

/// A strip's output stage with every control at rest: width (stereo
/// sources), fader and pan (`gains`, left and right), then the result added
/// into its destination (a bus or the master) and, scaled, into up to two
/// sends. One pass instead of one per step.
pub struct Settled<'a> {
    pub width: f32,
    pub gains: (f32, f32),
    pub dest: &'a mut Block,
    pub sends: [Option<(&'a mut Block, f32)>; 2],
}

/// A stereo block's two channels, to write.
type StereoMut<'a> = (&'a mut [f32], &'a mut [f32]);

/// Runs [`Settled`] on `src` (mono or stereo).
pub fn add_settled(isa: Isa, src: &Block, out: Settled) {
    let Settled {
        width,
        gains,
        dest,
        sends: [a, b],
    } = out;
    let (dest_l, dest_r) = dest.stereo_mut();
    fn split(send: Option<(&mut Block, f32)>) -> (Option<StereoMut<'_>>, f32) {
        match send {
            Some((block, gain)) => (Some(block.stereo_mut()), gain),
            None => (None, 0.0),
        }
    }
    let (a, a_gain) = split(a);
    let (b, b_gain) = split(b);
    let right = src.channel(src.channels() - 1);
    settled_output(
        isa,
        Rows {
            src: [src.channel(0), right],
            stereo: src.channels() == 2,
            width,
            gains,
            dest: [dest_l, dest_r],
            sends: [a, b],
            send_gains: [a_gain, b_gain],
        },
    );
}

/// [`Settled`] as the kernel sees it: channel slices.
struct Rows<'a> {
    /// Left and right (a mono source's one channel twice).
    src: [&'a [f32]; 2],
    stereo: bool,
    width: f32,
    gains: (f32, f32),
    dest: [&'a mut [f32]; 2],
    sends: [Option<StereoMut<'a>>; 2],
    send_gains: [f32; 2],
}

multiversion! {
    fn settled_output(rows: Rows) => settled_output_kernel
}

#[inline(always)]
fn settled_output_kernel<S: Simd>(s: S, rows: Rows) {
    let Rows {
        src,
        stereo,
        width,
        gains,
        dest,
        sends,
        send_gains,
    } = rows;
    let n = dest[0].len().min(src[0].len());
    let widen = stereo && width != 1.0;
    let (half, side_gain) = (s.splat(0.5), s.splat(0.5 * width));
    let (gl, gr) = (s.splat(gains.0), s.splat(gains.1));
    let [dest_l, dest_r] = dest;
    let [mut send_a, mut send_b] = sends;
    let (ga, gb) = (s.splat(send_gains[0]), s.splat(send_gains[1]));
    let mut t = 0;
    while t + 8 <= n {
        let (mut l, mut r) = (s.read(&src[0][t..]), s.read(&src[1][t..]));
        if widen {
            // Mid/side: mid kept, side scaled by the width.
            let mid = s.mul(half, s.add(l, r));
            let side = s.mul(side_gain, s.sub(l, r));
            (l, r) = (s.add(mid, side), s.sub(mid, side));
        }
        let (l, r) = (s.mul(gl, l), s.mul(gr, r));
        s.write(s.add(s.read(&dest_l[t..]), l), &mut dest_l[t..]);
        s.write(s.add(s.read(&dest_r[t..]), r), &mut dest_r[t..]);
        for (send, g) in [(&mut send_a, ga), (&mut send_b, gb)] {
            if let Some((sl, sr)) = send {
                s.write(s.mul_add(g, l, s.read(&sl[t..])), &mut sl[t..]);
                s.write(s.mul_add(g, r, s.read(&sr[t..])), &mut sr[t..]);
            }
        }
        t += 8;
    }
    for t in t..n {
        let (mut l, mut r) = (src[0][t], src[1][t]);
        if widen {
            let (mid, side) = (0.5 * (l + r), 0.5 * (l - r) * width);
            (l, r) = (mid + side, mid - side);
        }
        let (l, r) = (gains.0 * l, gains.1 * r);
        dest_l[t] += l;
        dest_r[t] += r;
        for (send, g) in [(&mut send_a, send_gains[0]), (&mut send_b, send_gains[1])] {
            if let Some((sl, sr)) = send {
                sl[t] += g * l;
                sr[t] += g * r;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::width::Width;

    fn noise(channels: usize, len: usize, seed: u32) -> Block {
        let mut block = Block::new(channels, len);
        let mut x = seed;
        for ch in 0..channels {
            for v in block.channel_mut(ch) {
                x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                *v = (x >> 8) as f32 / (1 << 23) as f32 - 1.0;
            }
        }
        block
    }

    /// The fused output stage adds exactly what width, fader and pan, then
    /// a plain sum and two scaled sums, add one step at a time.
    #[test]
    fn the_settled_output_stage_equals_its_steps_one_by_one() {
        let len = 101; // a ragged tail after the 8-frame steps
        for isa in Isa::available() {
            for (channels, width) in [(1, 1.0), (2, 1.0), (2, 0.4), (2, 1.7)] {
                let src = noise(channels, len, 7);
                let (w, fader) = (Width::new(width), FaderPan::new(-4.5, 0.3));
                let gains = fader.settled_gains(channels == 1).expect("at rest");
                let [mut dest, mut send_a, mut send_b] = [1, 2, 3].map(|seed| noise(2, len, seed));
                let (mut want, mut want_a, mut want_b) =
                    (dest.clone(), send_a.clone(), send_b.clone());
                let mut stepped = src.clone();
                let (mut w2, mut fader2) = (w, fader);
                w2.process(&mut stepped);
                fader2.process(&mut stepped);
                want.add_scaled(&stepped, 1.0);
                want_a.add_scaled(&stepped, 0.25);
                want_b.add_scaled(&stepped, 0.7);
                add_settled(
                    isa,
                    &src,
                    Settled {
                        width: w2.settled().expect("at rest"),
                        gains,
                        dest: &mut dest,
                        sends: [Some((&mut send_a, 0.25)), Some((&mut send_b, 0.7))],
                    },
                );
                for (got, want) in [(&dest, &want), (&send_a, &want_a), (&send_b, &want_b)] {
                    for ch in 0..2 {
                        for (g, w) in got.channel(ch).iter().zip(want.channel(ch)) {
                            assert!(
                                (g - w).abs() <= 1e-6,
                                "{}: {channels} ch, width {width}: {g} vs {w}",
                                isa.name()
                            );
                        }
                    }
                }
            }
        }
    }
}
