//! `mixtutor render SESSION [--mix MIX.toml] [--start S] [--duration S] -o OUT.wav`

use anyhow::Context;
use mixtutor::audio::{WavFormat, WavStream};
use mixtutor::engine::{Excerpt, MasterLimiter, Mix, RenderError, Session, render_blocks};
use mixtutor::paths::DataDir;
use std::path::Path;

pub fn run(
    session: &str,
    data: Option<&DataDir>,
    mix_path: Option<&Path>,
    start: f64,
    duration: Option<f64>,
    output: &Path,
    format: WavFormat,
) -> anyhow::Result<()> {
    let dir = Session::locate(session, data)?;
    let session = Session::load(&dir)?;
    let mix = match mix_path {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("{}: cannot read", p.display()))?;
            Mix::from_toml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?
        }
        None => session.manifest.mix.clone(),
    };
    let excerpt =
        Excerpt::from_seconds(start, duration, session.frames()).map_err(anyhow::Error::msg)?;
    let mut wav = WavStream::create(output, 2, mixtutor::SAMPLE_RATE_HZ, format)?;
    render_blocks(
        &session.layout(),
        &session.sources(),
        &mix,
        session.manifest.tempo_bpm,
        excerpt,
        MasterLimiter::On,
        |block| wav.write(&[block.channel(0), block.channel(1)]),
    )
    .map_err(|e| match e {
        RenderError::Engine(e) => anyhow::anyhow!("{e}"),
        RenderError::Sink(e) => e.into(),
    })?;
    wav.finish()?;
    Ok(())
}
