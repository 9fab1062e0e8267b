//! The five built-in sessions: arrangements and reference mixes.

mod house;
mod lofi;
mod rnb;
mod rock;
mod trap;

use crate::music::Note;
use crate::synth::{Song, Voice};

/// One stem to render.
pub struct Stem {
    pub name: &'static str,
    pub role: &'static str,
    pub display: &'static str,
    pub voice: Voice,
    pub notes: Vec<Note>,
    /// A second performance for the right channel (a double-tracked part);
    /// stems without one are mono unless `stereo`.
    pub double: Option<Vec<Note>>,
    /// Keep the instrument's own stereo image (pads, keys, kits).
    pub stereo: bool,
    /// Gain staging before the shared session gain, in dB.
    pub trim_db: f32,
}

impl Stem {
    pub fn new(
        name: &'static str,
        role: &'static str,
        display: &'static str,
        voice: Voice,
        notes: Vec<Note>,
    ) -> Self {
        Self {
            name,
            role,
            display,
            voice,
            notes,
            double: None,
            stereo: false,
            trim_db: 0.0,
        }
    }

    pub fn stereo(mut self) -> Self {
        self.stereo = true;
        self
    }

    pub fn doubled(mut self, right: Vec<Note>) -> Self {
        self.double = Some(right);
        self
    }

    pub fn trim(mut self, db: f32) -> Self {
        self.trim_db = db;
        self
    }
}

/// One session folder.
pub struct SessionSpec {
    pub dir: &'static str,
    pub title: &'static str,
    pub genre: &'static str,
    pub key: &'static str,
    pub song: Song,
    pub stems: Vec<Stem>,
    /// The reference mix, in the strip format (TOML under `[mix]`).
    pub mix: &'static str,
}

pub fn all() -> Vec<SessionSpec> {
    vec![
        trap::session(),
        house::session(),
        rock::session(),
        rnb::session(),
        lofi::session(),
    ]
}
