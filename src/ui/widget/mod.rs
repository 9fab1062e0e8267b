//! Widgets the screens share: a line plot, level meters, band buttons on a
//! log-frequency axis.

pub mod band_axis;
pub mod meter;
pub mod plot;
