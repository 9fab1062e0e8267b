//! Fader gain and panning.
//!
//! Mono sources use the constant-power (sin/cos) law: −3.01 dB per side at
//! centre, silence on the far side at ±1. Stereo sources use a balance law
//! that leaves the centre at 0 dB and attenuates the far channel on the same
//! sin/cos curve, as DAWs do for stereo tracks.

use super::block::Block;
use super::ramp::Ramp;
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
    ((l * s).min(1.0), (r * s).min(1.0))
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

    /// Applies gain and pan; a mono block comes out stereo.
    pub fn process(&mut self, block: &mut Block) {
        let was_mono = block.channels() == 1;
        block.make_stereo();
        let law = if was_mono { constant_power } else { balance };
        let (l, r) = block.stereo_mut();
        if !self.pan.is_moving() && !self.gain.is_moving() {
            let g = self.gain.value();
            let (gl, gr) = law(self.pan.value());
            let (gl, gr) = (g * gl, g * gr);
            for (l, r) in l.iter_mut().zip(r.iter_mut()) {
                *l *= gl;
                *r *= gr;
            }
            return;
        }
        for (l, r) in l.iter_mut().zip(r.iter_mut()) {
            let g = self.gain.next_value();
            let (gl, gr) = law(self.pan.next_value());
            *l *= g * gl;
            *r *= g * gr;
        }
    }
}
