//! Side effects as data: what a screen asks for (open the store, make the
//! next question, store an answer, decode a session, export a mix…) and
//! what comes back. The app turns each [`Effect`] into an iced `Task`; the
//! UI tests run them on a runtime of their own and feed back the results,
//! so the same code is exercised with and without a window.

mod work;

use work::{
    answer, blocking, compare, demo, export, load_session, make_parent, next, refresh, start,
    targets,
};

use super::screen::reference::Compared;
use crate::analysis::{MatchMode, Spectrum, compare_reference, target_range, tonal_balance};
use crate::audio::{Audio, WavFormat, WavStream};
use crate::engine::Loaded;
use crate::engine::{Excerpt, MasterLimiter, Mix, Session};
use crate::lessons::Lesson;
use crate::material::{Library, Reference, import_references};
use crate::paths::DataDir;
use crate::progress::{Outcome, Practice, Question, Stats, Store, now_ms};
use crate::quiz::{
    ROVE_DB, render_choice, render_mix, render_pair, render_solo_pair, solo_stem, stage,
};
use crate::settings::{Hearing, Settings};
use iced::futures::stream::{self, BoxStream, StreamExt};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::Mutex;

/// A practice sitting shared between the app and its tasks.
pub type Sitting = Arc<Mutex<Practice>>;

/// Work for a task.
pub enum Effect {
    /// Open the progress database and start a sitting for `learner`.
    Open {
        path: PathBuf,
        learner: String,
        data: Option<DataDir>,
        hearing: Option<Hearing>,
    },
    /// A sitting for another learner on the open store.
    Switch {
        store: Store,
        learner: String,
        data: Option<DataDir>,
        hearing: Option<Hearing>,
    },
    /// Lesson progress and statistics, after answers or on opening.
    Refresh {
        sitting: Sitting,
    },
    /// The next question (of `chosen`, else reviews and the curriculum),
    /// rendered as A and B.
    Next {
        sitting: Sitting,
        lessons: Arc<Vec<Lesson>>,
        chosen: Option<String>,
        rove: bool,
    },
    /// A and B with only the changed stem heard (solo ↔ mix).
    Solo {
        question: Arc<Question>,
        rove: bool,
    },
    /// Store the answer, render it as C and draw the difference.
    Answer {
        sitting: Sitting,
        question: Arc<Question>,
        given: Given,
        a: Arc<Audio>,
        b: Arc<Audio>,
    },
    /// A lesson's "hear it" demo: its material with and without the change.
    Demo {
        lesson: Arc<Lesson>,
        index: usize,
        data: Option<DataDir>,
    },
    /// Decode a session for the desk.
    LoadSession {
        name: String,
        data: Option<DataDir>,
    },
    /// Render a mix of a session to a WAV file, reporting progress.
    Export {
        session: Arc<Loaded>,
        mix: Mix,
        path: PathBuf,
    },
    SaveMix {
        mix: Mix,
        path: PathBuf,
    },
    LoadMix {
        path: PathBuf,
    },
    SaveSettings {
        settings: Settings,
        path: PathBuf,
    },
    /// Write the progress charts as PNG files into `dir`.
    ExportCharts {
        stats: Arc<Stats>,
        dir: PathBuf,
    },
    /// Write every answer as CSV.
    ExportCsv {
        sitting: Sitting,
        path: PathBuf,
    },
    /// The tonal-balance range of the built-in genre mixes and the
    /// library's references.
    Targets {
        data: Option<DataDir>,
        genre: String,
    },
    /// Add a song to the reference library.
    ImportReference {
        path: PathBuf,
        genre: String,
        data: DataDir,
    },
    /// Decode the mix and a library reference and compare them.
    Compare {
        mix: MixSide,
        reference: PathBuf,
        region: Option<(f32, f32)>,
    },
}

/// The mix side of a reference comparison.
pub enum MixSide {
    File(PathBuf),
    /// The desk's session with the desk's mix, rendered whole.
    Desk {
        session: Arc<Loaded>,
        mix: Box<Mix>,
    },
}

/// The learner's answer to a question.
#[derive(Clone, Debug)]
pub enum Given {
    Choice(usize),
    Controls(Vec<f64>),
}

/// A sitting started.
#[derive(Clone)]
pub struct Opened {
    pub sitting: Sitting,
    pub store: Store,
    pub learner: String,
    pub learners: Vec<String>,
    /// A message from opening (a damaged database moved aside).
    pub notice: Option<String>,
}

/// Progress as the home and progress screens show it.
#[derive(Clone)]
pub struct Refreshed {
    /// Per lesson: answers and the recent share right.
    pub lessons: HashMap<String, (i64, f64)>,
    pub stats: Arc<Stats>,
}

/// A question ready to play.
#[derive(Clone)]
pub struct Ready {
    pub question: Arc<Question>,
    pub a: Arc<Audio>,
    pub b: Arc<Audio>,
}

pub use crate::quiz::Picture;

/// An answer stored.
#[derive(Clone)]
pub struct Answered {
    pub outcome: Outcome,
    /// The learner's answer rendered (when it is a mix).
    pub c: Option<Arc<Audio>>,
    pub picture: Picture,
}

/// A demo ready to toggle: the material with its mix, and the mix with
/// the change.
#[derive(Clone)]
pub struct DemoPair {
    pub loaded: Arc<Loaded>,
    pub after: Mix,
}

/// A tonal-balance target: per ⅓-octave band (Hz, lowest, highest) over
/// the tracks in `label`.
#[derive(Clone, Debug, PartialEq)]
pub struct Targets {
    pub range: Vec<(f64, f64, f64)>,
    pub label: String,
}

/// What a task reports.
#[derive(Clone)]
pub enum Done {
    Opened(Result<Opened, String>),
    Refreshed(Result<Refreshed, String>),
    Ready(Result<Ready, String>),
    Answered(Result<Answered, String>),
    /// The solo pair: A and B of the changed stem alone.
    Solo(Result<(Arc<Audio>, Arc<Audio>), String>),
    Demo(Result<DemoPair, String>),
    Session(Result<Arc<Loaded>, String>),
    /// Export progress, 0 … 1.
    Exporting(f32),
    Exported(Result<PathBuf, String>),
    MixSaved(Result<PathBuf, String>),
    MixLoaded(Result<Mix, String>),
    SettingsSaved(Result<(), String>),
    ChartsExported(Result<Vec<PathBuf>, String>),
    CsvExported(Result<PathBuf, String>),
    /// The library after an import, and the title of the track added.
    ReferenceAdded(Result<(Vec<Reference>, String), String>),
    Compared(Result<Compared, String>),
    Targets(Result<Targets, String>),
}

impl Effect {
    /// Runs the work; most effects report once, an export reports its
    /// progress as it goes.
    pub fn run(self) -> BoxStream<'static, Done> {
        match self {
            Effect::Export { session, mix, path } => export(session, mix, path),
            other => stream::once(other.once()).boxed(),
        }
    }

    async fn once(self) -> Done {
        match self {
            Effect::Open {
                path,
                learner,
                data,
                hearing,
            } => Done::Opened(
                async {
                    let store = Store::open(&path).await.map_err(|e| e.to_string())?;
                    start(store, learner, data, hearing).await
                }
                .await,
            ),
            Effect::Switch {
                store,
                learner,
                data,
                hearing,
            } => Done::Opened(start(store, learner, data, hearing).await),
            Effect::Refresh { sitting } => Done::Refreshed(refresh(sitting).await),
            Effect::Next {
                sitting,
                lessons,
                chosen,
                rove,
            } => Done::Ready(next(sitting, lessons, chosen, rove).await),
            Effect::Solo { question, rove } => Done::Solo(
                blocking(move || {
                    let ex = &question.exercise;
                    let stem = solo_stem(ex).ok_or("this drill has no stem to solo")?;
                    let rove = (rove && ex.loudness_matched()).then_some(ROVE_DB);
                    let pair = render_solo_pair(ex, stem, rove)?;
                    Ok((Arc::new(pair.a), Arc::new(pair.b)))
                })
                .await,
            ),
            Effect::Answer {
                sitting,
                question,
                given,
                a,
                b,
            } => Done::Answered(answer(sitting, question, given, a, b).await),
            Effect::Demo {
                lesson,
                index,
                data,
            } => Done::Demo(blocking(move || demo(&lesson, index, data.as_ref())).await),
            Effect::LoadSession { name, data } => {
                Done::Session(blocking(move || load_session(&name, data.as_ref())).await)
            }
            Effect::Export { .. } => Done::Exported(Err("exports run as a stream".into())),
            Effect::SaveMix { mix, path } => Done::MixSaved(
                blocking(move || {
                    make_parent(&path)?;
                    let text = toml::to_string(&mix).map_err(|e| e.to_string())?;
                    std::fs::write(&path, text)
                        .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
                    Ok(path)
                })
                .await,
            ),
            Effect::LoadMix { path } => Done::MixLoaded(
                blocking(move || {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
                    Mix::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))
                })
                .await,
            ),
            Effect::SaveSettings { settings, path } => Done::SettingsSaved(
                blocking(move || settings.save(&path).map_err(|e| e.to_string())).await,
            ),
            Effect::ExportCharts { stats, dir } => {
                Done::ChartsExported(blocking(move || super::chart::export_all(&stats, &dir)).await)
            }
            Effect::ImportReference { path, genre, data } => Done::ReferenceAdded(
                blocking(move || {
                    let report = import_references(std::slice::from_ref(&path), &genre, &data)
                        .map_err(|e| e.to_string())?;
                    if let Some(e) = report.failed.first() {
                        return Err(e.to_string());
                    }
                    let title = report
                        .references
                        .first()
                        .map(|r| r.title.clone())
                        .ok_or_else(|| format!("{}: no audio file found", path.display()))?;
                    let library = Library::read(&data).map_err(|e| e.to_string())?;
                    Ok((library.references, title))
                })
                .await,
            ),
            Effect::Targets { data, genre } => {
                Done::Targets(blocking(move || targets(data.as_ref(), &genre)).await)
            }
            Effect::Compare {
                mix,
                reference,
                region,
            } => Done::Compared(blocking(move || compare(mix, &reference, region)).await),
            Effect::ExportCsv { sitting, path } => Done::CsvExported(
                async {
                    let practice = sitting.lock().await;
                    let attempts = practice
                        .store()
                        .attempts(practice.learner().id)
                        .await
                        .map_err(|e| e.to_string())?;
                    drop(practice);
                    blocking(move || {
                        make_parent(&path)?;
                        std::fs::write(&path, crate::progress::attempts_csv(&attempts))
                            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
                        Ok(path)
                    })
                    .await
                }
                .await,
            ),
        }
    }
}
