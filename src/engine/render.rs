//! Offline rendering: a graph run block by block over an excerpt, with the
//! limiter's latency removed so the output lines up with the stems.

use super::graph::{Graph, MasterLimiter, StemLayout};
use super::mix::Mix;
use super::session::Session;
use crate::audio::Audio;
use crate::dsp::{Block, MAX_BLOCK};
use std::sync::Arc;

/// Part of a session to render, in frames at 48 kHz.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Excerpt {
    pub start: usize,
    pub frames: usize,
}

impl Excerpt {
    /// An excerpt from seconds (`None` duration = to the end of `total`).
    pub fn from_seconds(
        start_s: f64,
        duration_s: Option<f64>,
        total: usize,
    ) -> Result<Excerpt, String> {
        let fs = crate::SAMPLE_RATE_HZ as f64;
        if !(start_s.is_finite() && start_s >= 0.0) {
            return Err(format!("start {start_s} s must be 0 or more"));
        }
        let start = (start_s * fs).round() as usize;
        if start >= total {
            return Err(format!(
                "start {start_s} s is past the end ({:.2} s)",
                total as f64 / fs
            ));
        }
        let frames = match duration_s {
            Some(d) if d.is_finite() && d > 0.0 => ((d * fs).round() as usize).min(total - start),
            Some(d) => return Err(format!("duration {d} s must be more than 0")),
            None => total - start,
        };
        Ok(Excerpt { start, frames })
    }
}

/// How much of the material before an excerpt is rendered and discarded, so
/// reverbs, delays and compressors are in their running state at the start.
const PREROLL_FRAMES: usize = 48_000;

/// Renders `mix` over `sources` laid out as `layout`.
pub fn render_sources(
    layout: &[StemLayout],
    sources: &[Arc<Audio>],
    mix: &Mix,
    tempo_bpm: f32,
    excerpt: Excerpt,
    limiter: MasterLimiter,
) -> Result<Audio, String> {
    let mut graph = Graph::new(layout, mix, tempo_bpm, limiter)?;
    let preroll = excerpt.start.min(PREROLL_FRAMES);
    let skip = preroll + graph.latency();
    let total = excerpt.frames + skip;
    let mut out = Audio::silent(2, excerpt.frames, crate::SAMPLE_RATE_HZ);
    let mut block = Block::new(2, MAX_BLOCK);
    let mut done = 0;
    let first = excerpt.start - preroll;
    while done < total {
        let len = MAX_BLOCK.min(total - done);
        block.reset(2, len);
        graph.process(sources, first + done, &mut block);
        for i in 0..len {
            let t = done + i;
            if t >= skip {
                out.channels[0][t - skip] = block.channel(0)[i];
                out.channels[1][t - skip] = block.channel(1)[i];
            }
        }
        done += len;
    }
    Ok(out)
}

/// Renders a session's excerpt with `mix` (always through the master limiter).
pub fn render(session: &Session, mix: &Mix, excerpt: Excerpt) -> Result<Audio, String> {
    render_sources(
        &session.layout(),
        &session.sources(),
        mix,
        session.manifest.tempo_bpm,
        excerpt,
        MasterLimiter::On,
    )
}
