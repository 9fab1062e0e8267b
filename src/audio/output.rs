//! The sound card, through cpal: 48 kHz stereo f32, the device's buffer
//! size or one the learner sets (64–2048 frames), device list and choice.
//! When no device opens, the caller gets a plain error and keeps working
//! without sound; when a device goes away while playing, [`Output::lost`]
//! says so and a new output can be opened on another one.

use super::player::Player;
use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The smallest and largest buffer a learner can set, in frames.
pub const BUFFER_RANGE: (u32, u32) = (64, 2048);

/// Which device and buffer to open.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutputSettings {
    /// A device name from [`devices`]; the system default when `None`.
    pub device: Option<String>,
    /// Frames per callback; the device's preferred size when `None`.
    pub buffer_frames: Option<u32>,
}

/// Why there is no sound.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("no audio output device was found")]
    NoDevice,
    #[error("no audio output device is called '{0}'")]
    UnknownDevice(String),
    #[error("buffer size {0} is outside {min}–{max} frames", min = BUFFER_RANGE.0, max = BUFFER_RANGE.1)]
    BufferSize(u32),
    #[error("the audio device '{device}' cannot play 48 kHz stereo: {reason}")]
    Open { device: String, reason: String },
    #[error("audio devices cannot be listed: {0}")]
    List(String),
}

/// The names of the output devices, the default first.
pub fn devices() -> Result<Vec<String>, OutputError> {
    let host = cpal::default_host();
    let default = host.default_output_device().map(|d| name_of(&d));
    let mut names: Vec<String> = host
        .output_devices()
        .map_err(|e| OutputError::List(e.to_string()))?
        .map(|d| name_of(&d))
        .collect();
    if let Some(d) = default {
        names.retain(|n| *n != d);
        names.insert(0, d);
    }
    Ok(names)
}

fn name_of(device: &cpal::Device) -> String {
    device
        .description()
        .map(|d| d.name().to_string())
        .unwrap_or_else(|_| "unnamed device".into())
}

/// An error's text without its closing full stop (the message that wraps
/// it ends the sentence).
fn trimmed(e: &dyn std::fmt::Display) -> String {
    e.to_string().trim_end_matches('.').to_string()
}

/// A playing output stream; sound stops when it is dropped.
pub struct Output {
    _stream: cpal::Stream,
    /// The device's name.
    pub device: String,
    lost: Arc<AtomicBool>,
}

impl Output {
    /// Opens the device and starts calling `player` for sound. The player
    /// moves to the audio thread; on failure it is gone with the stream, and
    /// the caller makes a new pair ([`super::player::player`]) to go on
    /// without sound or to try another device.
    pub fn open(settings: &OutputSettings, mut player: Player) -> Result<Output, OutputError> {
        if let Some(n) = settings.buffer_frames
            && !(BUFFER_RANGE.0..=BUFFER_RANGE.1).contains(&n)
        {
            return Err(OutputError::BufferSize(n));
        }
        let host = cpal::default_host();
        let device = match &settings.device {
            None => host.default_output_device().ok_or(OutputError::NoDevice)?,
            Some(want) => host
                .output_devices()
                .ok()
                .and_then(|mut all| all.find(|d| name_of(d) == *want))
                .ok_or_else(|| OutputError::UnknownDevice(want.clone()))?,
        };
        let name = name_of(&device);
        let open_error = |reason: String| OutputError::Open {
            device: name.clone(),
            reason,
        };
        let config = cpal::StreamConfig {
            channels: 2,
            sample_rate: crate::SAMPLE_RATE_HZ,
            buffer_size: settings
                .buffer_frames
                .map_or(cpal::BufferSize::Default, cpal::BufferSize::Fixed),
        };
        let lost = Arc::new(AtomicBool::new(false));
        let lost_in_callback = Arc::clone(&lost);
        let stream = device
            .build_output_stream(
                config,
                move |data: &mut [f32], _: &cpal::OutputCallbackInfo| player.render(data),
                move |_err| lost_in_callback.store(true, Ordering::Relaxed),
                None,
            )
            .map_err(|e| open_error(trimmed(&e)))?;
        stream.play().map_err(|e| open_error(trimmed(&e)))?;
        Ok(Output {
            _stream: stream,
            device: name.clone(),
            lost,
        })
    }

    /// Whether the device has failed (unplugged, taken by another
    /// program): playback has stopped and a new output is needed.
    pub fn lost(&self) -> bool {
        self.lost.load(Ordering::Relaxed)
    }
}
