//! `mixtutor process IN --strip STRIP.toml -o OUT.wav`

use anyhow::Context;
use mixtutor::audio::{self, WavFormat, WavStream};
use mixtutor::engine::{
    Excerpt, MasterLimiter, Mix, RenderError, StemLayout, Strip, render_blocks,
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
    let excerpt = Excerpt {
        start: 0,
        frames: audio.frames(),
    };
    // Streamed to disk block by block: a long file never sits in memory twice.
    let mut wav = WavStream::create(output, 2, mixtutor::SAMPLE_RATE_HZ, format)?;
    render_blocks(
        &layout,
        &[Arc::new(audio)],
        &mix,
        tempo,
        excerpt,
        MasterLimiter::Off,
        |block| wav.write(&[block.channel(0), block.channel(1)]),
    )
    .map_err(|e| match e {
        RenderError::Engine(e) => anyhow::anyhow!("{}: {e}", strip_path.display()),
        RenderError::Sink(e) => e.into(),
    })?;
    wav.finish()?;
    Ok(())
}
