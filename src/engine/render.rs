//! Offline rendering: a graph run block by block over an excerpt, with the
//! limiter's latency removed so the output lines up with the stems.

use super::error::EngineError;
use super::graph::{Graph, MasterLimiter};
use super::layout::StemLayout;
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

impl<E> From<EngineError> for RenderError<E> {
    fn from(e: EngineError) -> Self {
        RenderError::Engine(e)
    }
}

impl Excerpt {
    /// An excerpt from seconds (`None` duration = to the end of `total`).
    pub fn from_seconds(
        start_s: f64,
        duration_s: Option<f64>,
        total: usize,
    ) -> Result<Excerpt, EngineError> {
        let fs = crate::SAMPLE_RATE_HZ as f64;
        if !(start_s.is_finite() && start_s >= 0.0) {
            return Err(format!("start {start_s} s must be 0 or more").into());
        }
        let start = (start_s * fs).round() as usize;
        if start >= total {
            return Err(format!(
                "start {start_s} s is past the end ({:.2} s)",
                total as f64 / fs
            )
            .into());
        }
        let frames = match duration_s {
            Some(d) if d.is_finite() && d > 0.0 => ((d * fs).round() as usize).min(total - start),
            Some(d) => return Err(format!("duration {d} s must be more than 0").into()),
            None => total - start,
        };
        Ok(Excerpt { start, frames })
    }
}

/// How much of the material before an excerpt is rendered and discarded, so
/// reverbs, delays and compressors are in their running state at the start.
const PREROLL_FRAMES: usize = crate::SAMPLE_RATE_HZ as usize;

/// Renders `mix` over `sources` laid out as `layout`.
pub fn render_sources(
    layout: &[StemLayout],
    sources: &[Arc<Audio>],
    mix: &Mix,
    tempo_bpm: f32,
    excerpt: Excerpt,
    limiter: MasterLimiter,
) -> Result<Audio, EngineError> {
    let mut rendered = render_variants(
        layout,
        sources,
        std::slice::from_ref(mix),
        tempo_bpm,
        excerpt,
        limiter,
    )?;
    Ok(rendered.remove(0))
}

/// Renders several mixes of the same stems (a drill's A and B, say) in one
/// pass: the stems they process alike are processed once
/// ([`Graph::variants`]). Each comes out as [`render_sources`] renders it.
pub fn render_variants(
    layout: &[StemLayout],
    sources: &[Arc<Audio>],
    mixes: &[Mix],
    tempo_bpm: f32,
    excerpt: Excerpt,
    limiter: MasterLimiter,
) -> Result<Vec<Audio>, EngineError> {
    let mut outs: Vec<Audio> = mixes
        .iter()
        .map(|_| Audio::silent(2, excerpt.frames, crate::SAMPLE_RATE_HZ))
        .collect();
    let mut done = 0;
    let graph = Graph::variants(layout, mixes, tempo_bpm, limiter)?;
    let filled = stream(graph, sources, excerpt, |blocks| {
        for (out, block) in outs.iter_mut().zip(blocks) {
            for (ch, dst) in out.channels.iter_mut().enumerate() {
                dst[done..done + block.len()].copy_from_slice(block.channel(ch));
            }
        }
        done += blocks.first().map_or(0, Block::len);
        Ok::<(), EngineError>(())
    });
    filled?;
    Ok(outs)
}

/// Why a streamed render stopped.
#[derive(Debug, thiserror::Error)]
pub enum RenderError<E> {
    /// The mix cannot be built for these stems, or the render went NaN or
    /// infinite.
    #[error(transparent)]
    Engine(EngineError),
    /// The sink refused a block (a full disk, say).
    #[error(transparent)]
    Sink(E),
}

/// Renders like [`render_sources`], handing each finished stereo block to
/// `sink` in order instead of keeping the whole excerpt: for exports that
/// stream to disk and report progress. Stops at the sink's first error.
pub fn render_blocks<E>(
    layout: &[StemLayout],
    sources: &[Arc<Audio>],
    mix: &Mix,
    tempo_bpm: f32,
    excerpt: Excerpt,
    limiter: MasterLimiter,
    mut sink: impl FnMut(&Block) -> Result<(), E>,
) -> Result<(), RenderError<E>> {
    let graph = Graph::new(layout, mix, tempo_bpm, limiter).map_err(RenderError::Engine)?;
    stream(graph, sources, excerpt, |blocks| {
        sink(&blocks[0]).map_err(RenderError::Sink)
    })
}

/// Runs `graph` over the excerpt (after a preroll, without the limiter's
/// latency), handing each variant's finished block to `sink` together.
///
/// A block that is not finite (NaN or infinity) stops the render with an
/// error naming the stage it appeared in: nothing non-finite is handed on.
fn stream<E: From<EngineError>>(
    mut graph: Graph,
    sources: &[Arc<Audio>],
    excerpt: Excerpt,
    mut sink: impl FnMut(&[Block]) -> Result<(), E>,
) -> Result<(), E> {
    let preroll = excerpt.start.min(PREROLL_FRAMES);
    let skip = preroll + graph.latency();
    let total = excerpt.frames + skip;
    let first = excerpt.start - preroll;
    let count = graph.variant_count();
    let mut blocks: Vec<Block> = (0..count).map(|_| Block::new(2, MAX_BLOCK)).collect();
    let mut kept: Vec<Block> = (0..count).map(|_| Block::new(2, MAX_BLOCK)).collect();
    let mut done = 0;
    while done < total {
        let len = MAX_BLOCK.min(total - done);
        blocks[0].reset(2, len);
        graph.process_variants(sources, first + done, &mut blocks);
        if !blocks.iter().all(Block::is_finite) {
            return Err(EngineError::NonFinite {
                stage: graph.non_finite_stage(),
            }
            .into());
        }
        // The first `skip` frames are preroll and latency.
        let from = skip.saturating_sub(done).min(len);
        if from == 0 {
            sink(&blocks)?;
        } else if from < len {
            for (k, block) in kept.iter_mut().zip(&blocks) {
                k.reset(2, len - from);
                for ch in 0..2 {
                    k.channel_mut(ch)
                        .copy_from_slice(&block.channel(ch)[from..]);
                }
            }
            sink(&kept)?;
        }
        done += len;
    }
    Ok(())
}

/// Renders a session's excerpt with `mix` (always through the master limiter).
pub fn render(session: &Session, mix: &Mix, excerpt: Excerpt) -> Result<Audio, EngineError> {
    render_sources(
        &session.layout(),
        &session.sources(),
        mix,
        session.manifest.tempo_bpm,
        excerpt,
        MasterLimiter::On,
    )
}
