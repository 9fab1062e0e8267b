//! Decoding with symphonia: WAV, FLAC, MP3, Ogg Vorbis and AIFF.

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

/// Decodes a whole file at its own sample rate and channel count.
///
/// A damaged packet is skipped (as players do) unless there are many; the
/// length is cut to the container's frame count when it states one (Ogg Vorbis
/// decodes a few hundred frames of padding past it).
pub fn decode_file(path: &Path) -> Result<Audio, AudioError> {
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
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size == 0 {
        return Err(AudioError::Empty {
            path: path.to_owned(),
        });
    }
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
                let n_ch = spec.channels.count();
                if channels.is_empty() {
                    let expected = stated_frames.map_or(0, |n| n.min(1 << 32) as usize);
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
    if let Some(n) = stated_frames {
        let n = n as usize;
        if n > 0 && n < frames {
            for ch in &mut channels {
                ch.truncate(n);
            }
        }
    }
    Ok(Audio {
        channels,
        sample_rate,
    })
}
