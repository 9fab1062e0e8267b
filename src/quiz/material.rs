//! What a drill plays: pink noise, one stem of a session on its own, or a
//! session's full mix. Lessons name it as `pink-noise`, `SESSION/STEM` or
//! `SESSION`; `any` picks a built-in session by the seed.

use super::error::QuizError;
use crate::audio::Audio;
use crate::engine::{Excerpt, Loaded, Mix, Role, Session, StemInfo, StemLayout};
use crate::material::signals::pink_noise;
use crate::paths::DataDir;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

/// Level of the pink noise, dBFS RMS (about −20 LUFS: room for +15 dB boosts).
const NOISE_RMS_DBFS: f64 = -20.0;
/// Length of the generated noise, seconds.
const NOISE_SECONDS: f64 = 12.0;
/// The strip name of the noise.
pub const NOISE_STEM: &str = "noise";

/// A material spec as written in a lesson.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum MaterialSpec {
    PinkNoise,
    /// A full session; `None` = a built-in session chosen by the seed.
    Mix(Option<String>),
    /// One stem soloed; the session `None` = chosen by the seed, the stem is a
    /// strip name or a role (`SESSION/vocal`, `any/kick`).
    Solo(Option<String>, String),
}

impl TryFrom<String> for MaterialSpec {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        let session = |s: &str| (s != "any").then(|| s.to_string());
        match text.split('/').collect::<Vec<_>>().as_slice() {
            ["pink-noise"] => Ok(MaterialSpec::PinkNoise),
            [s] if !s.is_empty() => Ok(MaterialSpec::Mix(session(s))),
            [s, stem] if !s.is_empty() && !stem.is_empty() => {
                Ok(MaterialSpec::Solo(session(s), stem.to_string()))
            }
            _ => Err(format!(
                "material '{text}': write pink-noise, SESSION, SESSION/STEM, any or any/ROLE"
            )),
        }
    }
}

impl From<MaterialSpec> for String {
    fn from(m: MaterialSpec) -> String {
        let name = |s: &Option<String>| s.clone().unwrap_or_else(|| "any".into());
        match m {
            MaterialSpec::PinkNoise => "pink-noise".into(),
            MaterialSpec::Mix(s) => name(&s),
            MaterialSpec::Solo(s, stem) => format!("{}/{stem}", name(&s)),
        }
    }
}

/// Material ready to render: sources, their layout and the base mix.
#[derive(Clone, Debug)]
pub struct Stage {
    /// Shown to the learner: "pink noise", "the snare of Velvet", "Velvet".
    pub description: String,
    /// The stems, their reference mix (with the others muted for a solo
    /// part) and tempo.
    pub loaded: Loaded,
    /// The stems a drill may change (the soloed one, or all of them).
    pub audible: Vec<String>,
    /// Length of a bar in frames, for excerpts that start on a downbeat.
    pub bar_frames: usize,
}

impl Stage {
    /// Frames available.
    pub fn frames(&self) -> usize {
        self.loaded.frames()
    }

    /// How the progress store names this material: `pink-noise`, `SESSION`
    /// or `SESSION/STEM`.
    pub fn material_id(&self) -> String {
        match self.audible.as_slice() {
            [stem] if self.loaded.name != "pink-noise" => format!("{}/{stem}", self.loaded.name),
            _ => self.loaded.name.clone(),
        }
    }

    /// Short kind for threshold sentences: "pink noise", "a solo stem", "a full mix".
    pub fn kind(&self) -> &'static str {
        material_kind(&self.material_id())
    }

    /// Stem `name`'s own audio over `excerpt` (before its strip), if it
    /// has a stem of that name.
    pub fn stem_excerpt(&self, name: &str, excerpt: Excerpt) -> Option<Audio> {
        let i = self.loaded.stems.iter().position(|s| s.name == name)?;
        let range = excerpt.start..excerpt.start + excerpt.frames;
        Some(Audio {
            channels: self.loaded.sources[i]
                .channels
                .iter()
                .map(|c| c[range.clone()].to_vec())
                .collect(),
            sample_rate: crate::SAMPLE_RATE_HZ,
        })
    }
}

/// The kind of a material as [`Stage::material_id`] names it: "pink
/// noise", "a solo stem" or "a full mix".
pub fn material_kind(material_id: &str) -> &'static str {
    if material_id == "pink-noise" {
        "pink noise"
    } else if material_id.contains('/') {
        "a solo stem"
    } else {
        "a full mix"
    }
}

/// Builds the stage for `spec`. `pick` chooses among built-in sessions when
/// the spec says `any` (pass a seeded number), never `avoid` when another
/// one fits.
pub fn stage(
    spec: &MaterialSpec,
    pick: u64,
    data: Option<&DataDir>,
    avoid: Option<&str>,
) -> Result<Stage, QuizError> {
    match spec {
        MaterialSpec::PinkNoise => Ok(noise_stage()),
        MaterialSpec::Mix(name) => {
            let session = load(name.as_deref(), pick, data, None, avoid)?;
            let audible = session.stems.iter().map(|s| s.entry.name.clone()).collect();
            Ok(from_session(
                &session,
                session.manifest.title.clone(),
                audible,
            ))
        }
        MaterialSpec::Solo(name, stem) => {
            let session = load(name.as_deref(), pick, data, Some(stem), avoid)?;
            let chosen = find_stem(&session, stem, pick)
                .ok_or_else(|| format!("{}: no stem or role '{stem}'", session.manifest.title))?;
            let display = session.stems[chosen].display_name().to_string();
            let name = session.stems[chosen].entry.name.clone();
            let mut stage = from_session(
                &session,
                format!(
                    "the {} of {}",
                    display.to_lowercase(),
                    session.manifest.title
                ),
                vec![name.clone()],
            );
            let Loaded { stems, mix, .. } = &mut stage.loaded;
            for other in stems.iter().filter(|s| s.name != name) {
                mix.strip_mut(&other.name).mute = true;
            }
            Ok(stage)
        }
    }
}

fn noise_stage() -> Stage {
    let frames = (NOISE_SECONDS * crate::SAMPLE_RATE_HZ as f64) as usize;
    let noise = pink_noise(frames, 1, NOISE_RMS_DBFS);
    Stage {
        description: "pink noise".into(),
        loaded: Loaded {
            name: "pink-noise".into(),
            title: "Pink noise".into(),
            genre: String::new(),
            layout: vec![StemLayout {
                name: NOISE_STEM.into(),
                channels: 1,
            }],
            sources: vec![Arc::new(Audio {
                channels: vec![noise],
                sample_rate: crate::SAMPLE_RATE_HZ,
            })],
            stems: vec![StemInfo {
                name: NOISE_STEM.into(),
                role: Role::Other,
                display: "Pink noise".into(),
            }],
            mix: Mix::default(),
            tempo_bpm: 120.0,
        },
        audible: vec![NOISE_STEM.into()],
        bar_frames: crate::SAMPLE_RATE_HZ as usize * 2,
    }
}

fn from_session(session: &Session, description: String, audible: Vec<String>) -> Stage {
    let tempo = session.manifest.tempo_bpm;
    Stage {
        description,
        loaded: Loaded::of(session),
        audible,
        bar_frames: (4.0 * 60.0 / tempo as f64 * crate::SAMPLE_RATE_HZ as f64).round() as usize,
    }
}

/// Loads the named session, or a built-in one chosen by `pick` (one that has
/// the stem or role asked for, when one is).
fn load(
    name: Option<&str>,
    pick: u64,
    data: Option<&DataDir>,
    stem: Option<&str>,
    avoid: Option<&str>,
) -> Result<Session, QuizError> {
    let dir = match name {
        Some(name) => Session::named(name, data).map_err(|e| e.to_string())?,
        None => {
            let mut candidates = any_sessions(stem)?;
            if candidates.len() > 1 {
                candidates.retain(|d| {
                    d.file_name()
                        .is_none_or(|n| Some(&*n.to_string_lossy()) != avoid)
                });
            }
            candidates.swap_remove((pick % candidates.len() as u64) as usize)
        }
    };
    Session::load(&dir).map_err(|e| QuizError::Drill(e.to_string()))
}

/// The built-in sessions "any" material draws from: the generated genre
/// sessions (the real band has no separate stems to drill on) with the
/// stem or role asked for, if any. An error when there is none.
pub fn any_sessions(stem: Option<&str>) -> Result<Vec<PathBuf>, QuizError> {
    let root = Session::built_in_root();
    let mut found = Vec::new();
    for name in Session::list(None) {
        let dir = root.join(&name);
        let manifest = Session::read_manifest(&dir).map_err(|e| e.to_string())?;
        let has = |want: &str| {
            manifest
                .stems
                .iter()
                .any(|s| s.name == want || s.role.name() == want)
        };
        if manifest.stems.len() >= 3 && stem.is_none_or(has) {
            found.push(dir);
        }
    }
    if found.is_empty() {
        return Err(QuizError::Drill(format!(
            "no built-in session has a '{}' stem",
            stem.unwrap_or("")
        )));
    }
    Ok(found)
}

/// A stem by strip name, else by role (the `pick`-th of several).
fn find_stem(session: &Session, want: &str, pick: u64) -> Option<usize> {
    if let Some(i) = session.stems.iter().position(|s| s.entry.name == want) {
        return Some(i);
    }
    let matching: Vec<usize> = (0..session.stems.len())
        .filter(|&i| session.stems[i].entry.role.name() == want)
        .collect();
    (!matching.is_empty()).then(|| matching[(pick % matching.len() as u64) as usize])
}
