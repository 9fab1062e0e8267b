//! Decoding with symphonia: WAV, FLAC, MP3, Ogg Vorbis and AIFF, within
//! limits a crafted file cannot talk its way past: only regular files, a
//! sample rate of 8–384 kHz, 1–32 channels, a maximum duration, memory
//! reserved no faster than the file's bytes can fill it, and a decoder
//! panic contained as an error about that file.

use super::{Audio, AudioError};
use std::fs::File;
use std::path::Path;
use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{CODEC_TYPE_NULL, DecoderOptions};
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

/// Packets that fail to decode before the file counts as damaged.
const MAX_BAD_PACKETS: usize = 64;

/// Sample rates a file may state, Hz.
pub const SAMPLE_RATES_HZ: std::ops::RangeInclusive<u32> = 8_000..=384_000;
/// Channel counts a file may have.
pub const CHANNELS: std::ops::RangeInclusive<usize> = 1..=32;
/// The longest file decoded by default, minutes; `MIXTUTOR_MAX_MINUTES`
/// changes it.
pub const DEFAULT_MAX_MINUTES: f64 = 30.0;

/// The longest file to decode, seconds: `MIXTUTOR_MAX_MINUTES` if it is a
/// positive number, else [`DEFAULT_MAX_MINUTES`].
pub fn max_seconds() -> f64 {
    std::env::var("MIXTUTOR_MAX_MINUTES")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|m| m.is_finite() && *m > 0.0)
        .unwrap_or(DEFAULT_MAX_MINUTES)
        * 60.0
}

/// Checks that `path` is a regular file (following links) before anything
/// opens it: a FIFO would block forever, a directory or device is not audio.
pub fn regular_file(path: &Path) -> Result<u64, AudioError> {
    let meta = std::fs::metadata(path).map_err(|source| AudioError::Open {
        path: path.to_owned(),
        source,
    })?;
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(meta.len());
    }
    let what = if kind.is_dir() {
        "a folder"
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                "a pipe (FIFO)"
            } else if kind.is_char_device() || kind.is_block_device() {
                "a device"
            } else if kind.is_socket() {
                "a socket"
            } else {
                "not a regular file"
            }
        }
        #[cfg(not(unix))]
        "not a regular file"
    };
    Err(AudioError::NotAFile {
        path: path.to_owned(),
        what,
    })
}

/// Decodes a whole file at its own sample rate and channel count.
///
/// A damaged packet is skipped (as players do) unless there are many; the
/// length is cut to the container's frame count when it states one (Ogg Vorbis
/// decodes a few hundred frames of padding past it).
pub fn decode_file(path: &Path) -> Result<Audio, AudioError> {
    let size = regular_file(path)?;
    if size == 0 {
        return Err(AudioError::Empty {
            path: path.to_owned(),
        });
    }
    // A decoder that panics on a crafted file is a bug in it, not a reason
    // to take the app down: the panic becomes an error about this file.
    super::quiet::catch(|| decode_checked(path, size)).unwrap_or_else(|message| {
        Err(AudioError::Corrupt {
            path: path.to_owned(),
            reason: format!("the decoder gave up on it ({message})"),
        })
    })
}

fn decode_checked(path: &Path, size: u64) -> Result<Audio, AudioError> {
    let unsupported = |reason: String| AudioError::Unsupported {
        path: path.to_owned(),
        reason,
    };
    let corrupt = |reason: String| AudioError::Corrupt {
        path: path.to_owned(),
        reason,
    };

    let file = File::open(path).map_err(|source| AudioError::Open {
        path: path.to_owned(),
        source,
    })?;
    let stream = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        hint.with_extension(ext);
    }
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            stream,
            &FormatOptions {
                enable_gapless: true,
                ..FormatOptions::default()
            },
            &MetadataOptions::default(),
        )
        .map_err(|e| unsupported(e.to_string()))?;
    let mut format = probed.format;
    let track = format
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or_else(|| unsupported("no audio track".into()))?;
    let track_id = track.id;
    let stated_frames = track.codec_params.n_frames;
    let mut sample_rate = track.codec_params.sample_rate;
    check_rate(path, sample_rate)?;
    if let Some(ch) = track.codec_params.channels {
        check_channels(path, ch.count())?;
    }
    let max_seconds = max_seconds();
    let too_long = |seconds: f64| {
        unsupported(format!(
            "it lasts {:.0} minutes (by its header or so far); mixtutor reads up to {:.0} \
             minutes: set MIXTUTOR_MAX_MINUTES to allow longer files",
            seconds / 60.0,
            max_seconds / 60.0
        ))
    };
    if let (Some(n), Some(rate)) = (stated_frames, sample_rate)
        && n as f64 > max_seconds * rate as f64
    {
        return Err(too_long(n as f64 / rate as f64));
    }
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(|e| unsupported(e.to_string()))?;

    let mut channels: Vec<Vec<f32>> = Vec::new();
    let mut samples: Option<SampleBuffer<f32>> = None;
    let mut bad_packets = 0usize;
    let mut last_error = String::new();
    loop {
        let packet = match format.next_packet() {
            Ok(p) => p,
            Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(SymError::ResetRequired) => break,
            Err(SymError::IoError(e)) => {
                last_error = e.to_string();
                break;
            }
            Err(e) => {
                bad_packets += 1;
                last_error = e.to_string();
                if bad_packets > MAX_BAD_PACKETS {
                    break;
                }
                continue;
            }
        };
        if packet.track_id() != track_id {
            continue;
        }
        match decoder.decode(&packet) {
            Ok(decoded) => {
                let spec = *decoded.spec();
                if decoded.frames() == 0 {
                    continue;
                }
                sample_rate = Some(spec.rate);
                check_rate(path, sample_rate)?;
                let n_ch = spec.channels.count();
                check_channels(path, n_ch)?;
                if channels.is_empty() {
                    // Reserve what the header states, but never more than
                    // the file's bytes could hold as 8-bit PCM: a header
                    // claiming billions of frames reserves nothing extra.
                    let by_size = size / n_ch as u64;
                    let expected = stated_frames.map_or(0, |n| n.min(by_size) as usize);
                    channels = vec![Vec::with_capacity(expected); n_ch];
                } else if channels.len() != n_ch {
                    return Err(corrupt(format!(
                        "channel count changed from {} to {n_ch}",
                        channels.len()
                    )));
                }
                let buf = match &mut samples {
                    Some(b) if b.capacity() >= decoded.frames() * n_ch => b,
                    _ => samples.insert(SampleBuffer::new(decoded.capacity() as u64, spec)),
                };
                buf.copy_planar_ref(decoded);
                let frames = buf.len() / n_ch;
                for (ch, plane) in channels.iter_mut().zip(buf.samples().chunks_exact(frames)) {
                    ch.extend(plane.iter().map(|&x| if x.is_finite() { x } else { 0.0 }));
                }
                let seconds = channels[0].len() as f64 / spec.rate as f64;
                if seconds > max_seconds {
                    return Err(too_long(seconds));
                }
            }
            Err(SymError::DecodeError(e)) => {
                bad_packets += 1;
                last_error = e.to_string();
                if bad_packets > MAX_BAD_PACKETS {
                    break;
                }
            }
            Err(SymError::IoError(e)) => {
                last_error = e.to_string();
                break;
            }
            Err(e) => return Err(corrupt(e.to_string())),
        }
    }

    if bad_packets > MAX_BAD_PACKETS {
        return Err(corrupt(format!(
            "{bad_packets} packets failed to decode ({last_error})"
        )));
    }
    let frames = channels.first().map_or(0, Vec::len);
    if frames == 0 {
        let why = if last_error.is_empty() {
            "no audio frames".to_string()
        } else {
            last_error
        };
        return Err(corrupt(why));
    }
    let sample_rate = sample_rate
        .filter(|&r| r > 0)
        .ok_or_else(|| corrupt("no sample rate".into()))?;
    if let Some(n) = stated_frames.filter(|&n| n > 0) {
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        if n < frames {
            for ch in &mut channels {
                ch.truncate(n);
            }
        }
        // A file that stops well before its header says was cut short
        // (an interrupted copy or download): refused rather than half used.
        let missing = n.saturating_sub(frames) as f64;
        if missing > (0.01 * n as f64).max(0.1 * sample_rate as f64) {
            return Err(corrupt(format!(
                "it ends after {:.1} s although its header says {:.1} s; \
                 the file was cut short (copy or download it again)",
                frames as f64 / sample_rate as f64,
                n as f64 / sample_rate as f64
            )));
        }
    }
    Ok(Audio {
        channels,
        sample_rate,
    })
}

/// A stated sample rate outside [`SAMPLE_RATES_HZ`] is unsupported.
fn check_rate(path: &Path, rate: Option<u32>) -> Result<(), AudioError> {
    match rate {
        Some(r) if !SAMPLE_RATES_HZ.contains(&r) => Err(AudioError::Unsupported {
            path: path.to_owned(),
            reason: format!(
                "a sample rate of {r} Hz (mixtutor reads {}–{} kHz)",
                SAMPLE_RATES_HZ.start() / 1000,
                SAMPLE_RATES_HZ.end() / 1000
            ),
        }),
        _ => Ok(()),
    }
}

/// A channel count outside [`CHANNELS`] is unsupported.
fn check_channels(path: &Path, count: usize) -> Result<(), AudioError> {
    if CHANNELS.contains(&count) {
        return Ok(());
    }
    Err(AudioError::Unsupported {
        path: path.to_owned(),
        reason: format!(
            "{count} channels (mixtutor reads {} to {})",
            CHANNELS.start(),
            CHANNELS.end()
        ),
    })
}
