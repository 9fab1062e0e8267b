//! The iced app: the only module that imports iced. [`App`] owns what the
//! screens share (the deck, the progress sitting, the lessons, the
//! settings) and routes each screen's messages; each screen under
//! [`screen`] has its own state, messages, `update` and `view`.
//!
//! Work with side effects is described as an [`Effect`] and run as an iced
//! `Task`; tests call [`App::handle`] and run the effects themselves.

mod chart;
mod effect;
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
use iced::widget::{Space, button, column, container, row, text};
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

impl App {
    /// The app before any effect has run, and the effects it starts with.
    pub fn new(options: Options) -> (App, Vec<Effect>) {
        let mut banners = Vec::new();
        let settings = match options.data.as_ref().map(|d| Settings::load(&d.settings())) {
            Some(Ok(s)) => s,
            Some(Err(e)) => {
                banners.push(Banner {
                    text: e.to_string(),
                    danger: true,
                });
                Settings::default()
            }
            None => Settings::default(),
        };
        let mut deck = if options.audio {
            Deck::open(OutputSettings {
                device: settings.device.clone(),
                buffer_frames: settings.buffer_frames,
            })
        } else {
            Deck::silent("started without sound (--no-audio)")
        };
        deck.set_volume_db(settings.volume_db);
        let (lessons, problems) = crate::lessons::load_all(options.data.as_ref());
        for p in problems {
            banners.push(Banner {
                text: format!("A lesson could not be loaded: {p}"),
                danger: true,
            });
        }
        let mut effects = Vec::new();
        match &options.data {
            Some(d) => effects.push(Effect::Open {
                path: d.database(),
                learner: settings.learner.clone(),
                data: Some(d.clone()),
                hearing: settings.hearing,
            }),
            None => banners.push(Banner {
                text: "No data folder: progress is not kept. Start mixtutor with --data-dir DIR \
                       to keep it."
                    .into(),
                danger: false,
            }),
        }
        let welcome = (!settings.welcomed).then(welcome::State::default);
        let desk = desk::State::new(
            crate::engine::Session::list(options.data.as_ref()),
            data_folder(options.data.as_ref(), "mixes"),
        );
        let progress = progress::State::new(data_folder(options.data.as_ref(), "exports"));
        let library = match options.data.as_ref().map(crate::material::Library::read) {
            Some(Ok(l)) => l.references,
            Some(Err(e)) => {
                banners.push(Banner {
                    text: format!("The reference library could not be read: {e}"),
                    danger: true,
                });
                Vec::new()
            }
            None => Vec::new(),
        };
        let reference = reference::State::new(library, crate::progress::now_ms() as u64);
        let app = App {
            desk,
            reference,
            progress,
            data: options.data,
            learner: settings.learner.clone(),
            settings_screen: settings::State::new(&settings),
            settings,
            deck,
            status: DeckStatus::default(),
            lessons: Arc::new(lessons),
            store: None,
            sitting: None,
            learners: Vec::new(),
            lesson_progress: HashMap::new(),
            stats: None,
            tab: Tab::Home,
            banners,
            welcome,
            home: home::State::default(),
            lesson: None,
            drill: drill::State::default(),
            deck_owner: None,
            started: std::time::Instant::now(),
            reminded: false,
        };
        (app, effects)
    }

    fn boot(options: Options) -> (App, Task<Message>) {
        let (app, effects) = App::new(options);
        (app, tasks(effects))
    }

    fn update(&mut self, message: Message) -> Task<Message> {
        tasks(self.handle(message))
    }

    /// Reacts to `message`; returns the work to run.
    pub fn handle(&mut self, message: Message) -> Vec<Effect> {
        match message {
            Message::Go(tab) => self.go(tab),
            Message::Dismiss => {
                self.banners.clear();
                Vec::new()
            }
            Message::Tick => {
                self.status = self.deck.poll();
                self.check_reminder();
                Vec::new()
            }
            Message::Key(key) => self.key(key),
            Message::Done(done) => self.done(*done),
            Message::Home(m) => match self.home.update(m) {
                Some(home::Event::OpenLesson(id)) => self.open_lesson(&id),
                Some(home::Event::Practise) => self.start_drill(None),
                Some(home::Event::SwitchLearner(name)) => self.switch_learner(name),
                None => Vec::new(),
            },
            Message::Welcome(m) => self.welcome_message(m),
            Message::Lesson(m) => self.lesson_message(m),
            Message::Drill(m) => self.drill_message(m),
            Message::Desk(m) => self.desk_message(m),
            Message::Reference(m) => self.reference_message(m),
            Message::Progress(m) => self.progress_message(m),
            Message::Settings(m) => self.settings_message(m),
        }
    }

    fn title(&self) -> String {
        match self.tab {
            Tab::Drill => "mixtutor — drill".into(),
            Tab::Desk => "mixtutor — mixing desk".into(),
            _ => "mixtutor".into(),
        }
    }

    fn theme(&self) -> Theme {
        theme::theme(self.settings.theme)
    }

    fn subscription(&self) -> Subscription<Message> {
        Subscription::batch([
            iced::time::every(Duration::from_millis(33)).map(|_| Message::Tick),
            keyboard::listen().filter_map(|event| match event {
                keyboard::Event::KeyPressed { key, .. } => Some(Message::Key(key)),
                _ => None,
            }),
        ])
    }

    /// The screen on show (for tests).
    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// The banners on show (for tests).
    pub fn banners(&self) -> &[Banner] {
        &self.banners
    }

    /// The deck (for tests).
    pub fn deck(&self) -> &Deck {
        &self.deck
    }

    /// The question on screen (for tests).
    pub fn question(&self) -> Option<&crate::progress::Question> {
        self.drill.ready().map(|r| r.question.as_ref())
    }

    /// The difference picture of the feedback on screen (for tests).
    pub fn picture(&self) -> Option<&Picture> {
        self.drill.picture()
    }

    /// The reference comparison on screen (for tests).
    pub fn comparison(&self) -> Option<&crate::analysis::ReferenceComparison> {
        self.reference.comparison()
    }

    /// The statistics last loaded (for tests).
    pub fn stats(&self) -> Option<&Stats> {
        self.stats.as_deref()
    }

    /// How many progress charts are drawn (for tests).
    pub fn charts_drawn(&self) -> usize {
        self.progress.charts_drawn()
    }

    /// The desk's mix as edited (for tests).
    pub fn desk_mix(&self) -> &crate::engine::Mix {
        self.desk.mix()
    }

    /// The learner practising (for tests).
    pub fn learner(&self) -> &str {
        &self.learner
    }

    /// The settings in force (for tests).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    fn banner(&mut self, text: impl Into<String>, danger: bool) {
        let text = text.into();
        if !self.banners.iter().any(|b| b.text == text) {
            self.banners.push(Banner { text, danger });
        }
    }

    fn go(&mut self, tab: Tab) -> Vec<Effect> {
        if tab != self.tab {
            self.deck.pause();
        }
        self.tab = tab;
        match tab {
            Tab::Desk if self.desk.loaded().is_none() && !self.desk.loading() => {
                let name = self.desk.session_name().to_string();
                self.desk.set_loading();
                vec![Effect::LoadSession {
                    name,
                    data: self.data.clone(),
                }]
            }
            Tab::Desk => {
                self.load_desk_into_deck();
                Vec::new()
            }
            Tab::Drill => {
                self.load_drill_into_deck();
                Vec::new()
            }
            Tab::Reference => {
                self.load_reference_into_deck(false);
                Vec::new()
            }
            Tab::Progress | Tab::Home => self.refresh(),
            _ => Vec::new(),
        }
    }

    fn refresh(&self) -> Vec<Effect> {
        self.sitting
            .clone()
            .map(|sitting| Effect::Refresh { sitting })
            .into_iter()
            .collect()
    }

    fn open_lesson(&mut self, id: &str) -> Vec<Effect> {
        if let Some(l) = crate::lessons::find(&self.lessons, id) {
            self.lesson = Some(lesson::State::new(Arc::new(l.clone())));
            self.tab = Tab::Lesson;
        }
        Vec::new()
    }

    fn switch_learner(&mut self, name: String) -> Vec<Effect> {
        let Some(store) = self.store.clone() else {
            self.banner("Progress is not kept, so there are no profiles.", false);
            return Vec::new();
        };
        vec![Effect::Switch {
            store,
            learner: name,
            data: self.data.clone(),
            hearing: self.settings.hearing,
        }]
    }

    fn start_drill(&mut self, lesson: Option<String>) -> Vec<Effect> {
        self.deck.stop();
        self.tab = Tab::Drill;
        self.drill = drill::State::for_lesson(lesson);
        self.next_question()
    }

    fn next_question(&mut self) -> Vec<Effect> {
        let Some(sitting) = self.sitting.clone() else {
            self.drill.set_error(
                "Drills need the progress database, which is not open (see the message above).",
            );
            return Vec::new();
        };
        self.drill.set_loading();
        vec![Effect::Next {
            sitting,
            lessons: Arc::clone(&self.lessons),
            chosen: self.drill.lesson().map(str::to_string),
            rove: self.settings.roving,
        }]
    }

    fn done(&mut self, done: Done) -> Vec<Effect> {
        match done {
            Done::Opened(Ok(o)) => {
                if let Some(n) = o.notice {
                    self.banner(n, true);
                }
                self.store = Some(o.store);
                self.sitting = Some(o.sitting);
                self.learners = o.learners;
                if o.learner != self.settings.learner {
                    self.settings.learner = o.learner.clone();
                    let save = self.save_settings();
                    self.learner = o.learner;
                    return save.into_iter().chain(self.refresh()).collect();
                }
                self.learner = o.learner;
                self.refresh()
            }
            Done::Opened(Err(e)) => {
                self.banner(
                    format!("{e}. Drills and progress are off until this is fixed."),
                    true,
                );
                Vec::new()
            }
            Done::Refreshed(Ok(r)) => {
                self.lesson_progress = r.lessons;
                self.progress.set_stats(&r.stats);
                self.stats = Some(r.stats);
                Vec::new()
            }
            Done::Refreshed(Err(e)) | Done::Exported(Err(e)) | Done::MixLoaded(Err(e)) => {
                self.desk.stop_export();
                self.banner(e, true);
                Vec::new()
            }
            Done::Ready(result) => {
                match result {
                    Ok(ready) => {
                        self.drill.set_question(ready);
                        if self.tab == Tab::Drill {
                            self.load_drill_into_deck();
                            self.deck.play();
                        }
                    }
                    Err(e) => self.drill.set_error(&e),
                }
                Vec::new()
            }
            Done::Answered(result) => match result {
                Ok(answered) => {
                    self.drill.set_answered(answered);
                    self.load_drill_into_deck();
                    self.refresh()
                }
                Err(e) => {
                    self.drill.set_error(&e);
                    Vec::new()
                }
            },
            Done::Demo(result) => {
                match result {
                    Ok(pair) => {
                        let mixes = [pair.loaded.mix.clone(), pair.after.clone()];
                        let l = &pair.loaded;
                        match self
                            .deck
                            .load_mixes(&l.layout, &l.sources, &mixes, l.tempo_bpm)
                        {
                            Ok(()) => {
                                self.deck_owner = Some(Tab::Lesson);
                                self.deck.set_loop(Some((0, self.deck.frames())));
                                self.deck.select(0);
                                self.deck.play();
                                if let Some(lesson) = &mut self.lesson {
                                    lesson.demo_ready();
                                }
                            }
                            Err(e) => self.banner(e, true),
                        }
                    }
                    Err(e) => self.banner(e, true),
                }
                Vec::new()
            }
            Done::Session(result) => {
                match result {
                    Ok(loaded) => {
                        self.desk.set_loaded(loaded);
                        if self.tab == Tab::Desk {
                            self.load_desk_into_deck();
                        }
                    }
                    Err(e) => {
                        self.desk.set_failed();
                        self.banner(e, true);
                    }
                }
                Vec::new()
            }
            Done::Exporting(p) => {
                self.desk.set_export_progress(p);
                Vec::new()
            }
            Done::Exported(Ok(path)) => {
                self.desk.stop_export();
                self.banner(format!("Exported {}", path.display()), false);
                Vec::new()
            }
            Done::MixSaved(result) => {
                match result {
                    Ok(p) => self.banner(format!("Saved the mix as {}", p.display()), false),
                    Err(e) => self.banner(e, true),
                }
                Vec::new()
            }
            Done::MixLoaded(Ok(mix)) => {
                self.desk.set_mix(mix);
                self.push_desk_mix();
                Vec::new()
            }
            Done::SettingsSaved(result) => {
                if let Err(e) = result {
                    self.banner(format!("Settings were not saved: {e}"), true);
                }
                Vec::new()
            }
            Done::ChartsExported(result) => {
                match result {
                    Ok(files) => self.banner(
                        format!(
                            "Wrote {} charts to {}",
                            files.len(),
                            files
                                .first()
                                .and_then(|f| f.parent())
                                .map_or_else(String::new, |d| d.display().to_string())
                        ),
                        false,
                    ),
                    Err(e) => self.banner(e, true),
                }
                Vec::new()
            }
            Done::ReferenceAdded(result) => {
                match result {
                    Ok((library, title)) => {
                        self.banner(format!("Added “{title}” to your references."), false);
                        self.reference.set_library(library, Some(title));
                    }
                    Err(e) => {
                        self.reference.set_failed();
                        self.banner(e, true);
                    }
                }
                Vec::new()
            }
            Done::Compared(result) => {
                match result {
                    Ok(c) => {
                        self.reference.set_compared(c);
                        self.load_reference_into_deck(true);
                    }
                    Err(e) => {
                        self.reference.set_failed();
                        self.banner(e, true);
                    }
                }
                Vec::new()
            }
            Done::CsvExported(result) => {
                match result {
                    Ok(p) => self.banner(format!("Wrote every answer to {}", p.display()), false),
                    Err(e) => self.banner(e, true),
                }
                Vec::new()
            }
        }
    }

    fn load_drill_into_deck(&mut self) {
        let Some(clips) = self.drill.clips() else {
            return;
        };
        let keep = self.deck_owner == Some(Tab::Drill) && self.deck.variants() == clips.len();
        if keep {
            return;
        }
        match self.deck.load_clips(clips) {
            Ok(()) => {
                self.deck_owner = Some(Tab::Drill);
                let frames = self.deck.frames();
                self.deck
                    .set_loop(self.drill.looping().then_some((0, frames)));
                self.deck.select(self.drill.variant());
            }
            Err(e) => self.banner(e, true),
        }
    }

    /// The mix and the matched reference on the deck; `fresh` starts from
    /// the mix, otherwise the side heard stays (a switch of system or
    /// alignment during A/B).
    fn load_reference_into_deck(&mut self, fresh: bool) {
        let Some(clips) = self.reference.clips() else {
            return;
        };
        match self.deck.load_clips(clips) {
            Ok(()) => {
                self.deck_owner = Some(Tab::Reference);
                let frames = self.deck.frames();
                self.deck
                    .set_loop(self.reference.loop_frames(frames).or(Some((0, frames))));
                self.deck
                    .select(if fresh { 0 } else { self.reference.heard() });
            }
            Err(e) => self.banner(e, true),
        }
    }

    fn reference_message(&mut self, m: reference::Message) -> Vec<Effect> {
        match self.reference.update(m) {
            Some(reference::Event::Add(path)) => match &self.data {
                Some(data) => vec![Effect::ImportReference {
                    path: PathBuf::from(path),
                    data: data.clone(),
                }],
                None => {
                    self.reference.set_failed();
                    self.banner("References need a data folder (--data-dir).", true);
                    Vec::new()
                }
            },
            Some(reference::Event::Compare {
                source,
                path,
                reference: file,
                region,
            }) => {
                let Some(data) = &self.data else {
                    return Vec::new();
                };
                let mix = match source {
                    reference::MixSource::File if path.is_empty() => {
                        self.reference.set_failed();
                        self.banner(
                            "Type the path of your mix's file, or choose the desk's mix.",
                            true,
                        );
                        return Vec::new();
                    }
                    reference::MixSource::File => effect::MixSide::File(PathBuf::from(path)),
                    reference::MixSource::Desk => match self.desk.loaded() {
                        Some(session) => effect::MixSide::Desk {
                            session,
                            mix: Box::new(self.desk.mix().clone()),
                        },
                        None => {
                            self.reference.set_failed();
                            self.banner(
                                "Open a session on the mixing desk first, or compare a file.",
                                true,
                            );
                            return Vec::new();
                        }
                    },
                };
                self.deck.stop();
                vec![Effect::Compare {
                    mix,
                    reference: data.references().join(file),
                    region,
                }]
            }
            Some(reference::Event::Reload) => {
                self.load_reference_into_deck(false);
                Vec::new()
            }
            Some(reference::Event::Hear(v)) => {
                if self.deck_owner != Some(Tab::Reference) {
                    self.load_reference_into_deck(false);
                }
                self.deck.select(v);
                if !self.status.playing {
                    self.deck.play();
                }
                Vec::new()
            }
            Some(reference::Event::PlayStop) => {
                if self.status.playing {
                    self.deck.pause();
                } else {
                    if self.deck_owner != Some(Tab::Reference) {
                        self.load_reference_into_deck(false);
                    }
                    self.deck.play();
                }
                Vec::new()
            }
            Some(reference::Event::OpenLesson(id)) => self.open_lesson(id),
            None => Vec::new(),
        }
    }

    fn load_desk_into_deck(&mut self) {
        let Some(loaded) = self.desk.loaded() else {
            return;
        };
        let mix = self.desk.heard_mix();
        match self
            .deck
            .load_mixes(&loaded.layout, &loaded.sources, &[mix], loaded.tempo_bpm)
        {
            Ok(()) => {
                self.deck_owner = Some(Tab::Desk);
                self.deck.set_loop(Some((0, self.deck.frames())));
            }
            Err(e) => self.banner(e, true),
        }
    }

    fn push_desk_mix(&mut self) {
        if self.deck_owner != Some(Tab::Desk) {
            self.load_desk_into_deck();
            return;
        }
        let mix = self.desk.heard_mix();
        if let Err(e) = self.deck.set_mix(0, &mix) {
            self.banner(e, true);
        }
    }

    fn welcome_message(&mut self, m: welcome::Message) -> Vec<Effect> {
        let Some(w) = &mut self.welcome else {
            return Vec::new();
        };
        match w.update(m) {
            Some(welcome::Event::Tone(hz)) => {
                let tone = crate::material::signals::sine(hz, 0.1, 48_000);
                let clip = crate::audio::Audio {
                    channels: vec![tone.clone(), tone],
                    sample_rate: crate::SAMPLE_RATE_HZ,
                };
                self.play_clip(clip);
            }
            Some(welcome::Event::Noise) => {
                let noise = crate::material::signals::pink_noise(96_000, 7, -20.0);
                let clip = crate::audio::Audio {
                    channels: vec![noise.clone(), noise],
                    sample_rate: crate::SAMPLE_RATE_HZ,
                };
                self.play_clip(clip);
            }
            Some(welcome::Event::Volume(db)) => {
                self.settings.volume_db = db;
                self.deck.set_volume_db(db);
            }
            Some(welcome::Event::Stop) => self.deck.stop(),
            Some(welcome::Event::Finish(hearing)) => {
                self.deck.stop();
                self.settings.welcomed = true;
                self.settings.hearing = hearing;
                self.settings_screen = settings::State::new(&self.settings);
                self.welcome = None;
                let mut effects = self.save_settings();
                if let Some(sitting) = &self.sitting {
                    let sitting = Arc::clone(sitting);
                    // The sitting takes the hearing limits for its next question.
                    if let Ok(mut practice) = sitting.try_lock() {
                        practice.set_hearing(hearing);
                    }
                }
                effects.extend(self.refresh());
                return effects;
            }
            None => {}
        }
        Vec::new()
    }

    fn play_clip(&mut self, clip: crate::audio::Audio) {
        match self.deck.load_clips(vec![Arc::new(clip)]) {
            Ok(()) => {
                self.deck_owner = Some(Tab::Home);
                self.deck.set_loop(Some((0, self.deck.frames())));
                self.deck.select(0);
                self.deck.play();
            }
            Err(e) => self.banner(e, true),
        }
    }

    fn lesson_message(&mut self, m: lesson::Message) -> Vec<Effect> {
        let Some(state) = &mut self.lesson else {
            return Vec::new();
        };
        match state.update(m) {
            Some(lesson::Event::Demo(index)) => vec![Effect::Demo {
                lesson: state.lesson(),
                index,
                data: self.data.clone(),
            }],
            Some(lesson::Event::Hear(after)) => {
                self.deck.select(usize::from(after));
                self.deck.play();
                Vec::new()
            }
            Some(lesson::Event::Stop) => {
                self.deck.stop();
                Vec::new()
            }
            Some(lesson::Event::StartDrill) => {
                let id = state.lesson().id.clone();
                self.start_drill(Some(id))
            }
            Some(lesson::Event::Back) => self.go(Tab::Home),
            None => Vec::new(),
        }
    }

    fn drill_message(&mut self, m: drill::Message) -> Vec<Effect> {
        match self.drill.update(m) {
            Some(drill::Event::Select(v)) => {
                self.deck.select(v);
                if !self.status.playing {
                    self.deck.play();
                }
            }
            Some(drill::Event::PlayStop) => {
                if self.status.playing {
                    self.deck.pause();
                } else {
                    self.load_drill_into_deck();
                    self.deck.play();
                }
            }
            Some(drill::Event::Loop(on)) => {
                let frames = self.deck.frames();
                self.deck.set_loop(on.then_some((0, frames)));
            }
            Some(drill::Event::Answer(given)) => {
                let (Some(sitting), Some(ready)) = (self.sitting.clone(), self.drill.ready())
                else {
                    return Vec::new();
                };
                return vec![Effect::Answer {
                    sitting,
                    question: Arc::clone(&ready.question),
                    given,
                    a: Arc::clone(&ready.a),
                    b: Arc::clone(&ready.b),
                }];
            }
            Some(drill::Event::Next) => {
                self.deck.stop();
                self.deck_owner = None;
                return self.next_question();
            }
            Some(drill::Event::Leave) => return self.go(Tab::Home),
            None => {}
        }
        Vec::new()
    }

    fn desk_message(&mut self, m: desk::Message) -> Vec<Effect> {
        match self.desk.update(m) {
            Some(desk::Event::Changed) => self.push_desk_mix(),
            Some(desk::Event::PlayStop) => {
                if self.status.playing {
                    self.deck.pause();
                } else {
                    if self.deck_owner != Some(Tab::Desk) {
                        self.load_desk_into_deck();
                    }
                    self.deck.play();
                }
            }
            Some(desk::Event::Open(name)) => {
                self.deck.stop();
                self.deck_owner = None;
                return vec![Effect::LoadSession {
                    name,
                    data: self.data.clone(),
                }];
            }
            Some(desk::Event::Save(path)) => {
                return vec![Effect::SaveMix {
                    mix: self.desk.mix().clone(),
                    path,
                }];
            }
            Some(desk::Event::Load(path)) => return vec![Effect::LoadMix { path }],
            Some(desk::Event::Export(path)) => {
                if let Some(session) = self.desk.loaded() {
                    return vec![Effect::Export {
                        session,
                        mix: self.desk.mix().clone(),
                        path,
                    }];
                }
            }
            None => {}
        }
        Vec::new()
    }

    fn progress_message(&mut self, m: progress::Message) -> Vec<Effect> {
        match self.progress.update(m) {
            Some(progress::Event::ExportCharts(dir)) => match &self.stats {
                Some(stats) => vec![Effect::ExportCharts {
                    stats: Arc::clone(stats),
                    dir,
                }],
                None => Vec::new(),
            },
            Some(progress::Event::ExportCsv(path)) => match &self.sitting {
                Some(sitting) => vec![Effect::ExportCsv {
                    sitting: Arc::clone(sitting),
                    path,
                }],
                None => Vec::new(),
            },
            None => Vec::new(),
        }
    }

    fn settings_message(&mut self, m: settings::Message) -> Vec<Effect> {
        let Some(event) = self.settings_screen.update(m) else {
            return Vec::new();
        };
        match event {
            settings::Event::Changed(new) => {
                if new.volume_db != self.settings.volume_db {
                    self.deck.set_volume_db(new.volume_db);
                }
                self.settings = new;
                self.save_settings()
            }
            settings::Event::Reopen(new) => {
                self.settings = new;
                let problem = self.deck.reopen(OutputSettings {
                    device: self.settings.device.clone(),
                    buffer_frames: self.settings.buffer_frames,
                });
                self.deck.set_volume_db(self.settings.volume_db);
                if let Some(p) = problem {
                    self.banner(format!("No sound: {p}"), true);
                }
                self.save_settings()
            }
            settings::Event::Welcome => {
                self.welcome = Some(welcome::State::default());
                self.tab = Tab::Home;
                Vec::new()
            }
        }
    }

    fn save_settings(&self) -> Vec<Effect> {
        self.data
            .as_ref()
            .map(|d| Effect::SaveSettings {
                settings: self.settings.clone(),
                path: d.settings(),
            })
            .into_iter()
            .collect()
    }

    fn key(&mut self, key: keyboard::Key) -> Vec<Effect> {
        if self.tab == Tab::Drill
            && let Some(m) = drill::key_message(&key)
        {
            return self.drill_message(m);
        }
        Vec::new()
    }

    fn check_reminder(&mut self) {
        if self.reminded || self.settings.reminder_minutes == 0 {
            return;
        }
        let minutes = self.started.elapsed().as_secs() / 60;
        let note = self.deck.fatigue_note().or_else(|| {
            (minutes >= self.settings.reminder_minutes as u64).then(|| {
                format!(
                    "You have practised for {minutes} minutes. A short break at a lower volume \
                     keeps your ears fresh: tired ears hear small changes less well."
                )
            })
        });
        if let Some(n) = note {
            self.reminded = true;
            self.banner(n, false);
        }
    }

    /// The whole window.
    pub fn view(&self) -> Element<'_, Message> {
        let body: Element<'_, Message> = if let Some(w) = &self.welcome {
            w.view(self.deck.sound(), self.settings.volume_db)
                .map(Message::Welcome)
        } else {
            match self.tab {
                Tab::Home => self
                    .home
                    .view(&home::Context {
                        lessons: &self.lessons,
                        progress: &self.lesson_progress,
                        learner: &self.learner,
                        learners: &self.learners,
                        stats: self.stats.as_deref(),
                        stored: self.store.is_some(),
                    })
                    .map(Message::Home),
                Tab::Lesson => match &self.lesson {
                    Some(l) => l
                        .view(self.status.playing, self.deck.sound())
                        .map(Message::Lesson),
                    None => text("Choose a lesson on Home.").into(),
                },
                Tab::Drill => self
                    .drill
                    .view(&self.status, self.deck.sound())
                    .map(Message::Drill),
                Tab::Desk => self.desk.view(&self.status).map(Message::Desk),
                Tab::Reference => self.reference.view(&self.status).map(Message::Reference),
                Tab::Progress => self
                    .progress
                    .view(self.stats.as_deref())
                    .map(Message::Progress),
                Tab::Settings => self
                    .settings_screen
                    .view(self.data.as_ref(), self.deck.sound())
                    .map(Message::Settings),
            }
        };
        let mut page = column![self.nav()].spacing(12).padding(16);
        for b in &self.banners {
            let danger = b.danger;
            page = page.push(
                container(
                    row![
                        text(b.text.clone()).size(theme::BODY).width(Length::Fill),
                        button(text("Dismiss").size(theme::SMALL))
                            .on_press(Message::Dismiss)
                            .style(button::secondary),
                    ]
                    .spacing(12)
                    .align_y(iced::Center),
                )
                .padding(10)
                .width(Length::Fill)
                .style(move |t| theme::banner(t, danger)),
            );
        }
        page.push(body).into()
    }

    fn nav(&self) -> Element<'_, Message> {
        let tab = |label: &'static str, t: Tab| {
            button(text(label).size(theme::BODY))
                .padding(theme::TARGET_PADDING)
                .on_press(Message::Go(t))
                .style(theme::toggle(self.tab == t))
        };
        let sound = match self.deck.sound() {
            Ok(device) => format!("Sound: {device}"),
            Err(_) => "No audio device".to_string(),
        };
        let mut tabs = row![text("mixtutor").size(theme::TITLE), Space::new().width(16)]
            .spacing(8)
            .align_y(iced::Center);
        tabs = tabs.push(tab("Home", Tab::Home));
        if self.lesson.is_some() {
            tabs = tabs.push(tab("Lesson", Tab::Lesson));
        }
        if self.drill.started() {
            tabs = tabs.push(tab("Drill", Tab::Drill));
        }
        tabs.push(tab("Mixing desk", Tab::Desk))
            .push(tab("Reference", Tab::Reference))
            .push(tab("Progress", Tab::Progress))
            .push(tab("Settings", Tab::Settings))
            .push(Space::new().width(Length::Fill))
            .push(text(sound).size(theme::SMALL))
            .into()
    }
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
