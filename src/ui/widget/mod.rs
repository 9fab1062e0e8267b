//! Widgets the screens share: a line plot, level meters, band buttons on a
//! log-frequency axis, a waveform overview.

pub mod band_axis;
pub mod meter;
pub mod plot;
pub mod waveform;
