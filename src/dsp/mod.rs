//! Real-time-safe signal processors: one idea per file, no framework around them.
//!
//! Every processor prepares its coefficients in `set_*` methods (off the hot loop),
//! then works on a [`Block`] in place. Nothing in a `process` method allocates,
//! locks or does I/O, so the same code runs offline and on the audio thread.
//! All processors run at [`SAMPLE_RATE_HZ`](crate::SAMPLE_RATE_HZ).

pub mod biquad;
pub mod block;
pub mod compressor;
pub mod delay;
pub mod denormal;
pub mod eq;
pub mod fastmath;
pub mod gate;
pub mod halfband;
pub mod limiter;
pub mod line;
pub mod meter;
pub mod oversample;
pub mod pan;
pub mod ramp;
pub mod reverb;
pub mod saturation;
pub mod scan;
pub mod simd;
pub mod translation;
pub mod width;

pub use block::{Block, MAX_BLOCK};

/// The engine's sample rate in Hz, as a float for coefficient maths.
pub const FS: f32 = crate::SAMPLE_RATE_HZ as f32;

/// Converts decibels to a linear amplitude factor.
#[inline]
pub fn db_to_gain(db: f32) -> f32 {
    10f32.powf(db / 20.0)
}

/// Converts a linear amplitude factor to decibels (−inf for 0).
#[inline]
pub fn gain_to_db(gain: f32) -> f32 {
    20.0 * gain.log10()
}

/// One-pole smoothing coefficient for a time constant in milliseconds: the
/// response to a step reaches 1 − 1/e (63.2 %) after `time_ms`.
#[inline]
pub fn one_pole_coeff(time_ms: f32) -> f32 {
    if time_ms <= 0.0 {
        0.0
    } else {
        (-1.0 / (time_ms * 0.001 * FS)).exp()
    }
}
