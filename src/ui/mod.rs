//! The iced app: the only module that imports iced. [`App`] owns what the
//! screens share (the deck, the progress sitting, the lessons, the
//! settings) and routes each screen's messages; each screen under
//! [`screen`] has its own state, messages, `update` and `view`.
//!
//! Work with side effects is described as an [`Effect`] and run as an iced
//! `Task`; tests call [`App::handle`] and run the effects themselves.

mod app;
mod chart;
mod done;
mod effect;
mod playback;
mod route;
pub mod screen;
mod theme;
mod widget;

pub use effect::{Done, Effect, Given, Picture};

use crate::audio::deck::{Deck, DeckStatus};
use crate::audio::output::OutputSettings;
use crate::lessons::Lesson;
use crate::paths::DataDir;
use crate::progress::{Stats, Store};
use crate::settings::Settings;
use effect::Sitting;
use iced::{Element, Length, Subscription, Task, Theme, keyboard};
use screen::{desk, drill, home, lesson, progress, reference, settings, welcome};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How the app starts.
#[derive(Clone, Debug)]
pub struct Options {
    /// Where sessions, references, lessons, progress and settings live;
    /// `None` keeps nothing between runs.
    pub data: Option<DataDir>,
    /// Open the sound card (false: run without sound, as in tests).
    pub audio: bool,
}

/// The screen on show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Home,
    Lesson,
    Drill,
    Desk,
    Reference,
    Progress,
    Settings,
}

/// Everything the app reacts to.
#[derive(Clone)]
pub enum Message {
    Go(Tab),
    Home(home::Message),
    Welcome(welcome::Message),
    Lesson(lesson::Message),
    Drill(drill::Message),
    Desk(desk::Message),
    Reference(reference::Message),
    Progress(progress::Message),
    Settings(settings::Message),
    Done(Box<Done>),
    Key(keyboard::Key),
    Tick,
    Dismiss,
}

/// A message for the learner at the top of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    pub text: String,
    pub danger: bool,
}

/// The app's state.
pub struct App {
    data: Option<DataDir>,
    settings: Settings,
    deck: Deck,
    status: DeckStatus,
    lessons: Arc<Vec<Lesson>>,
    store: Option<Store>,
    sitting: Option<Sitting>,
    learner: String,
    learners: Vec<String>,
    lesson_progress: HashMap<String, (i64, f64)>,
    stats: Option<Arc<Stats>>,
    tab: Tab,
    banners: Vec<Banner>,
    welcome: Option<welcome::State>,
    home: home::State,
    lesson: Option<lesson::State>,
    drill: drill::State,
    desk: desk::State,
    reference: reference::State,
    progress: progress::State,
    settings_screen: settings::State,
    /// Whose audio the deck holds, so a tab change reloads only when needed.
    deck_owner: Option<Tab>,
    started: std::time::Instant,
    reminded: bool,
}

/// The application builder, for `main` and for `iced_test::run`.
pub fn app(
    options: Options,
) -> iced::Application<impl iced::Program<State = App, Message = Message, Theme = Theme>> {
    iced::application(move || App::boot(options.clone()), App::update, App::view)
        .title(App::title)
        .subscription(App::subscription)
        .theme(App::theme)
        .window_size((1280.0, 800.0))
        .default_font(iced::Font::with_name("Fira Sans"))
}

/// Opens the window and runs until it is closed.
pub fn run(options: Options) -> iced::Result {
    app(options).run()
}

/// A folder inside the data folder (the temporary folder without one).
fn data_folder(data: Option<&DataDir>, sub: &str) -> PathBuf {
    data.map_or_else(std::env::temp_dir, |d| d.root().to_path_buf())
        .join(sub)
}

/// Effects as iced tasks that report back as messages.
fn tasks(effects: Vec<Effect>) -> Task<Message> {
    Task::batch(
        effects
            .into_iter()
            .map(|e| Task::run(e.run(), |d| Message::Done(Box::new(d)))),
    )
}
