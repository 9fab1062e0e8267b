//! mixtutor: an ear-training and mixing tutor.
//!
//! The library holds everything that is not GUI, so the command line, the
//! tests and the app drive it the same way: [`dsp`] processors, the [`engine`]
//! that renders a mix, [`audio`] input and output, [`analysis`] measurements and
//! the built-in [`material`], and the [`ui`] (the only module that uses
//! iced).

pub mod analysis;
pub mod audio;
pub mod dsp;
pub mod engine;
pub mod lessons;
pub mod material;
pub mod paths;
pub mod progress;
pub mod quiz;
pub mod settings;
pub mod ui;

/// The internal sample rate: everything is converted to 48 kHz on load.
pub const SAMPLE_RATE_HZ: u32 = 48_000;
