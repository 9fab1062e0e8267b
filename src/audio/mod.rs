//! Audio in and out: decoding any supported file to the internal format,
//! resampling, WAV export, and the real-time path (the player on the audio
//! thread, the cpal output, and the deck the app drives).
//!
//! The internal format is 48 kHz, f32, planar; mono stays mono (a mono stem is
//! panned as one source), more than two channels are folded down to stereo.

mod crossfade;
pub mod deck;
mod decode;
pub mod output;
pub mod player;
pub mod quiet;
mod resample;
mod wav;

pub use decode::{CHANNELS, SAMPLE_RATES_HZ, decode_file, max_seconds, regular_file};
pub use resample::resample;
pub use wav::{WavFormat, WavStream, write_wav};

use std::path::{Path, PathBuf};

/// Planar audio at a known sample rate.
#[derive(Clone, Debug, PartialEq)]
pub struct Audio {
    /// One `Vec` per channel, all the same length.
    pub channels: Vec<Vec<f32>>,
    /// Samples per second.
    pub sample_rate: u32,
}

impl Audio {
    /// Silent audio of `channels` × `frames`.
    pub fn silent(channels: usize, frames: usize, sample_rate: u32) -> Self {
        Self {
            channels: vec![vec![0.0; frames]; channels],
            sample_rate,
        }
    }

    /// Frames per channel.
    pub fn frames(&self) -> usize {
        self.channels.first().map_or(0, Vec::len)
    }

    /// Length in seconds.
    pub fn duration_s(&self) -> f64 {
        self.frames() as f64 / self.sample_rate as f64
    }

    /// Scales every sample by `db` decibels.
    pub fn apply_gain_db(&mut self, db: f64) {
        let g = 10f64.powf(db / 20.0) as f32;
        self.channels.iter_mut().flatten().for_each(|x| *x *= g);
    }

    /// Folds more than two channels down to stereo with the ITU-R BS.775
    /// coefficients (centre and surrounds at −3 dB, LFE dropped); mono and
    /// stereo are left as they are.
    pub fn fold_to_stereo(self) -> Self {
        if self.channels.len() <= 2 {
            return self;
        }
        let n = self.frames();
        let k = std::f32::consts::FRAC_1_SQRT_2;
        let ch = &self.channels;
        // WAV/FLAC order: L R C LFE Ls Rs (then more surrounds, alternating).
        let mut left = ch[0].clone();
        let mut right = ch[1].clone();
        for (i, c) in ch.iter().enumerate().skip(2) {
            let (gl, gr) = match i {
                2 => (k, k),
                3 => (0.0, 0.0),
                _ if i % 2 == 0 => (k, 0.0),
                _ => (0.0, k),
            };
            for f in 0..n {
                left[f] += gl * c[f];
                right[f] += gr * c[f];
            }
        }
        Self {
            channels: vec![left, right],
            sample_rate: self.sample_rate,
        }
    }
}

/// A problem with an audio file, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    #[error("{}: cannot open: {}", path.display(), crate::paths::io_words(source))]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {what}, not an audio file", path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("{}: the file is empty (0 bytes)", path.display())]
    Empty { path: PathBuf },
    #[error("{}: not a supported audio file (WAV, FLAC, MP3, Ogg Vorbis, AIFF): {reason}", path.display())]
    Unsupported { path: PathBuf, reason: String },
    #[error("{}: the audio data is damaged: {reason}", path.display())]
    Corrupt { path: PathBuf, reason: String },
    #[error("{}: cannot resample: {reason}", path.display())]
    Resample { path: PathBuf, reason: String },
    #[error("{}: cannot write: {reason}", path.display())]
    Write { path: PathBuf, reason: String },
}

/// Decodes a file and converts it to the internal format (48 kHz, mono or
/// stereo).
pub fn load(path: &Path) -> Result<Audio, AudioError> {
    to_internal(decode_file(path)?, path)
}

/// Converts decoded audio to the internal format; `path` names it in errors.
pub fn to_internal(audio: Audio, path: &Path) -> Result<Audio, AudioError> {
    resample(audio.fold_to_stereo(), crate::SAMPLE_RATE_HZ).map_err(|reason| AudioError::Resample {
        path: path.to_owned(),
        reason,
    })
}
