//! `mixtutor process IN --strip STRIP.toml -o OUT.wav [--ceiling DBTP]`
//!
//! Writes what the strip makes, as a plug-in would: no limiter unless
//! `--ceiling` asks for the master limiter at that true-peak ceiling. An
//! output that passes full scale is written, and the user is told.

use anyhow::Context;
use mixtutor::audio::{self, WavFormat, WavStream};
use mixtutor::engine::{
    Excerpt, MasterLimiter, Mix, Param, RenderError, StemLayout, Strip, render_blocks,
};
use std::path::Path;
use std::sync::Arc;

/// The strip name the input file gets inside its one-strip mix.
const STRIP_NAME: &str = "input";

pub fn run(
    input: &Path,
    strip_path: &Path,
    output: &Path,
    tempo: f32,
    format: WavFormat,
    ceiling_dbtp: Option<f32>,
) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(strip_path)
        .with_context(|| format!("{}: cannot read", strip_path.display()))?;
    let strip =
        Strip::from_toml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", strip_path.display()))?;
    let audio = audio::load(input)?;
    let layout = [StemLayout {
        name: STRIP_NAME.into(),
        channels: audio.channels.len(),
    }];
    let mut mix = Mix::default();
    mix.stems.insert(STRIP_NAME.into(), strip);
    let limiter = match ceiling_dbtp {
        Some(c) => {
            Param::LimiterCeilingDbtp.check(c as f64, "--ceiling")?;
            mix.limiter.ceiling_dbtp = c;
            MasterLimiter::On
        }
        None => MasterLimiter::Off,
    };
    let excerpt = Excerpt {
        start: 0,
        frames: audio.frames(),
    };
    // Streamed to disk block by block: a long file never sits in memory twice.
    let mut wav = WavStream::create(output, 2, mixtutor::SAMPLE_RATE_HZ, format)?;
    let mut peak = 0.0f32;
    render_blocks(
        &layout,
        &[Arc::new(audio)],
        &mix,
        tempo,
        excerpt,
        limiter,
        |block| {
            let (l, r) = (block.channel(0), block.channel(1));
            peak = l.iter().chain(r).fold(peak, |p, x| p.max(x.abs()));
            wav.write(&[l, r])
        },
    )
    .map_err(|e| match e {
        RenderError::Engine(e) => anyhow::anyhow!("{}: {e}", strip_path.display()),
        RenderError::Sink(e) => e.into(),
    })?;
    wav.finish()?;
    if peak > 1.0 {
        let clips = if format == WavFormat::Float32 {
            "a float WAV keeps it, but most players and any integer format clip it"
        } else {
            "the integer WAV clipped it"
        };
        eprintln!(
            "warning: {} peaks at {:+.2} dBFS, over full scale ({clips}); \
             lower the strip's gain or add --ceiling -1 to limit it",
            output.display(),
            20.0 * peak.log10()
        );
    }
    Ok(())
}
