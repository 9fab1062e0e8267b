//! WAV export with hound.

use super::{Audio, AudioError};
use std::path::{Path, PathBuf};

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
    let mut writer = WavStream::create(path, audio.channels.len(), audio.sample_rate, format)?;
    let planes: Vec<&[f32]> = audio.channels.iter().map(Vec::as_slice).collect();
    writer.write(&planes)?;
    writer.finish()
}

/// A WAV file written a block at a time, so long renders never sit in memory.
///
/// The samples go to a hidden file beside `path`, renamed over it by
/// [`WavStream::finish`]: a failed or abandoned export never leaves a
/// half-written file or destroys the one that was there.
pub struct WavStream {
    path: PathBuf,
    partial: PathBuf,
    format: WavFormat,
    writer: Option<hound::WavWriter<std::io::BufWriter<std::fs::File>>>,
}

impl WavStream {
    /// Creates (or truncates) `path`.
    pub fn create(
        path: &Path,
        channels: usize,
        sample_rate: u32,
        format: WavFormat,
    ) -> Result<Self, AudioError> {
        let (bits, sample_format) = match format {
            WavFormat::Float32 => (32, hound::SampleFormat::Float),
            WavFormat::Int24 => (24, hound::SampleFormat::Int),
            WavFormat::Int16 => (16, hound::SampleFormat::Int),
        };
        let spec = hound::WavSpec {
            channels: channels as u16,
            sample_rate,
            bits_per_sample: bits,
            sample_format,
        };
        let name = path
            .file_name()
            .map_or_else(|| "export.wav".into(), |n| n.to_string_lossy().into_owned());
        let partial = path.with_file_name(partial_name(&name));
        let writer = hound::WavWriter::create(&partial, spec).map_err(|e| write_error(path, e))?;
        Ok(Self {
            path: path.to_owned(),
            partial,
            format,
            writer: Some(writer),
        })
    }

    /// Appends planar samples (one slice per channel, equal lengths).
    pub fn write(&mut self, planes: &[&[f32]]) -> Result<(), AudioError> {
        let frames = planes.first().map_or(0, |p| p.len());
        let Some(w) = &mut self.writer else {
            return Ok(());
        };
        let result = match self.format {
            WavFormat::Float32 => interleave(planes, frames, |x| w.write_sample(x)),
            WavFormat::Int24 => interleave(planes, frames, |x| {
                w.write_sample((x.clamp(-1.0, 1.0) * 8_388_607.0).round() as i32)
            }),
            WavFormat::Int16 => interleave(planes, frames, |x| {
                w.write_sample((x.clamp(-1.0, 1.0) * 32_767.0).round() as i16)
            }),
        };
        result.map_err(|e| write_error(&self.path, e))
    }

    /// Writes the header's final sizes and closes the file; on failure
    /// nothing of it is left behind.
    pub fn finish(mut self) -> Result<(), AudioError> {
        let result = match self.writer.take() {
            Some(w) => w.finalize().map_err(|e| write_error(&self.path, e)),
            None => Ok(()),
        }
        .and_then(|()| {
            std::fs::rename(&self.partial, &self.path).map_err(|e| AudioError::Write {
                path: self.path.clone(),
                reason: crate::paths::io_words(&e),
            })
        });
        if result.is_err() {
            let _ = std::fs::remove_file(&self.partial);
        }
        result
    }
}

impl Drop for WavStream {
    fn drop(&mut self) {
        if self.writer.is_some() {
            // Abandoned before `finish`: nothing of it should remain.
            self.writer = None;
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

/// A hidden temporary name beside the file, unique to this process and
/// write, so two writers of one name never share (or delete) a partial
/// file, and short enough for any file system however long `name` is.
fn partial_name(name: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let short: String = name.chars().take(96).collect();
    format!(".{short}.{}-{n}.partial", std::process::id())
}

fn interleave(
    planes: &[&[f32]],
    frames: usize,
    mut write: impl FnMut(f32) -> Result<(), hound::Error>,
) -> Result<(), hound::Error> {
    for i in 0..frames {
        for p in planes {
            write(p[i])?;
        }
    }
    Ok(())
}

fn write_error(path: &Path, e: hound::Error) -> AudioError {
    let reason = match &e {
        hound::Error::IoError(io) => crate::paths::io_words(io),
        other => other.to_string(),
    };
    AudioError::Write {
        path: path.to_owned(),
        reason,
    }
}
