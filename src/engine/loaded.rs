//! A session's material decoded and ready to render or play: the one shape
//! the desk, a lesson's demo and a drill's stage share, made from a
//! [`Session`] (or a test signal) in one place.

use super::{Excerpt, MasterLimiter, Mix, Role, Session, StemLayout, render_sources};
use crate::audio::Audio;
use std::sync::Arc;

/// One stem as the learner meets it.
#[derive(Clone, Debug, PartialEq)]
pub struct StemInfo {
    /// The strip name mixes address it by.
    pub name: String,
    pub role: Role,
    /// The name shown to learners.
    pub display: String,
}

/// Decoded stems in layout order, with the session's reference mix.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The session's name (its folder's), or `pink-noise`.
    pub name: String,
    pub title: String,
    /// The session's genre (empty for test signals).
    pub genre: String,
    pub layout: Vec<StemLayout>,
    pub sources: Vec<Arc<Audio>>,
    pub stems: Vec<StemInfo>,
    pub mix: Mix,
    pub tempo_bpm: f32,
}

impl Loaded {
    /// The material of a loaded session.
    pub fn of(session: &Session) -> Loaded {
        let manifest = &session.manifest;
        Loaded {
            name: session
                .dir
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            title: manifest.title.clone(),
            genre: manifest.genre.clone(),
            layout: session.layout(),
            sources: session.sources(),
            stems: session
                .stems
                .iter()
                .map(|s| StemInfo {
                    name: s.entry.name.clone(),
                    role: s.entry.role,
                    display: s.display_name().to_string(),
                })
                .collect(),
            mix: manifest.mix.clone(),
            tempo_bpm: manifest.tempo_bpm,
        }
    }

    /// Length of the longest stem, in frames.
    pub fn frames(&self) -> usize {
        self.sources.iter().map(|s| s.frames()).max().unwrap_or(0)
    }

    /// The whole material rendered with `mix` (through the master limiter).
    pub fn render(&self, mix: &Mix) -> Result<Audio, super::EngineError> {
        render_sources(
            &self.layout,
            &self.sources,
            mix,
            self.tempo_bpm,
            Excerpt {
                start: 0,
                frames: self.frames(),
            },
            MasterLimiter::On,
        )
    }
}
