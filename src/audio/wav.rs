//! WAV export with hound.

use super::{Audio, AudioError};
use std::path::Path;

/// Sample format of an exported WAV file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum WavFormat {
    /// 32-bit float: lossless for the engine's output, no clipping.
    #[default]
    Float32,
    /// 24-bit integer, clipped at full scale.
    Int24,
    /// 16-bit integer, clipped at full scale (no dither).
    Int16,
}

/// Writes `audio` to `path` as a WAV file.
pub fn write_wav(path: &Path, audio: &Audio, format: WavFormat) -> Result<(), AudioError> {
    let err = |e: hound::Error| AudioError::Write {
        path: path.to_owned(),
        reason: e.to_string(),
    };
    let (bits, sample_format) = match format {
        WavFormat::Float32 => (32, hound::SampleFormat::Float),
        WavFormat::Int24 => (24, hound::SampleFormat::Int),
        WavFormat::Int16 => (16, hound::SampleFormat::Int),
    };
    let spec = hound::WavSpec {
        channels: audio.channels.len() as u16,
        sample_rate: audio.sample_rate,
        bits_per_sample: bits,
        sample_format,
    };
    let mut writer = hound::WavWriter::create(path, spec).map_err(err)?;
    for i in 0..audio.frames() {
        for ch in &audio.channels {
            let x = ch[i];
            match format {
                WavFormat::Float32 => writer.write_sample(x).map_err(err)?,
                WavFormat::Int24 => writer
                    .write_sample((x.clamp(-1.0, 1.0) * 8_388_607.0).round() as i32)
                    .map_err(err)?,
                WavFormat::Int16 => writer
                    .write_sample((x.clamp(-1.0, 1.0) * 32_767.0).round() as i16)
                    .map_err(err)?,
            }
        }
    }
    writer.finalize().map_err(err)
}
