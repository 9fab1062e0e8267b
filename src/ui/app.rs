//! The app's life: starting up, dispatching messages, moving between
//! screens, the window's frame (navigation, banners) and the accessors the
//! tests read.

use super::*;
use iced::widget::{Space, button, column, container, row, text};

/// Banners on show at most; older ones give way to newer.
const MAX_BANNERS: usize = 3;

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
        if let Some(text) = crate::lessons::summary(&problems) {
            banners.push(Banner { text, danger: true });
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
        let reference =
            reference::State::new(library, built_in_genres(), crate::progress::now_ms() as u64);
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

    pub(super) fn boot(options: Options) -> (App, Task<Message>) {
        let (app, effects) = App::new(options);
        (app, tasks(effects))
    }

    pub(super) fn update(&mut self, message: Message) -> Task<Message> {
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

    pub(super) fn title(&self) -> String {
        match self.tab {
            Tab::Drill => "mixtutor — drill".into(),
            Tab::Desk => "mixtutor — mixing desk".into(),
            _ => "mixtutor".into(),
        }
    }

    pub(super) fn theme(&self) -> Theme {
        theme::theme(self.settings.theme)
    }

    pub(super) fn subscription(&self) -> Subscription<Message> {
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

    /// Whether the drill plays the changed stem alone (for tests).
    pub fn soloed(&self) -> bool {
        self.drill.soloed()
    }

    /// The difference picture of the feedback on screen (for tests).
    pub fn picture(&self) -> Option<&Picture> {
        self.drill.picture()
    }

    /// The reference comparison on screen (for tests).
    pub fn comparison(&self) -> Option<&crate::analysis::ReferenceComparison> {
        self.reference.comparison()
    }

    /// The tonal-balance range the reference screen draws (for tests).
    pub fn targets(&self) -> &[(f64, f64, f64)] {
        self.reference.targets()
    }

    /// What the target range was measured on (for tests).
    pub fn targets_label(&self) -> &str {
        self.reference.targets_label()
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

    /// The desk's shared returns (for tests).
    pub fn desk_returns(&self) -> Vec<crate::engine::returns::Return> {
        self.desk.returns()
    }

    /// The learner practising (for tests).
    pub fn learner(&self) -> &str {
        &self.learner
    }

    /// The settings in force (for tests).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Shows a banner (once: the same words are not shown twice). Only the
    /// newest [`MAX_BANNERS`] stay, so a run of errors never pushes the
    /// screen away.
    pub(super) fn banner(&mut self, text: impl Into<String>, danger: bool) {
        let text = text.into();
        if !self.banners.iter().any(|b| b.text == text) {
            if self.banners.len() >= MAX_BANNERS {
                self.banners.remove(0);
            }
            self.banners.push(Banner { text, danger });
        }
    }

    pub(super) fn go(&mut self, tab: Tab) -> Vec<Effect> {
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
                self.load_drill_into_deck(false);
                Vec::new()
            }
            Tab::Reference => {
                self.load_reference_into_deck(false);
                // The target is the desk's genre, else the reference's.
                let genre = self
                    .desk
                    .loaded()
                    .map(|l| l.genre.clone())
                    .or_else(|| self.reference.chosen_genre().map(str::to_string))
                    .unwrap_or_default();
                if self.reference.wants_targets(&genre) {
                    return vec![Effect::Targets {
                        data: self.data.clone(),
                        genre,
                    }];
                }
                Vec::new()
            }
            Tab::Progress | Tab::Home => self.refresh(),
            _ => Vec::new(),
        }
    }

    pub(super) fn refresh(&self) -> Vec<Effect> {
        self.sitting
            .clone()
            .map(|sitting| Effect::Refresh { sitting })
            .into_iter()
            .collect()
    }

    pub(super) fn open_lesson(&mut self, id: &str) -> Vec<Effect> {
        if let Some(l) = crate::lessons::find(&self.lessons, id) {
            self.lesson = Some(lesson::State::new(Arc::new(l.clone())));
            self.tab = Tab::Lesson;
        }
        Vec::new()
    }

    pub(super) fn switch_learner(&mut self, name: String) -> Vec<Effect> {
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

    pub(super) fn start_drill(&mut self, lesson: Option<String>) -> Vec<Effect> {
        self.deck.stop();
        self.tab = Tab::Drill;
        self.drill = drill::State::for_lesson(lesson);
        self.next_question()
    }

    pub(super) fn next_question(&mut self) -> Vec<Effect> {
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

    pub(super) fn save_settings(&self) -> Vec<Effect> {
        self.data
            .as_ref()
            .map(|d| Effect::SaveSettings {
                settings: self.settings.clone(),
                path: d.settings(),
            })
            .into_iter()
            .collect()
    }

    pub(super) fn key(&mut self, key: keyboard::Key) -> Vec<Effect> {
        if self.tab == Tab::Drill
            && let Some(m) = drill::key_message(&key)
        {
            return self.drill_message(m);
        }
        Vec::new()
    }

    pub(super) fn check_reminder(&mut self) {
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

    pub(super) fn nav(&self) -> Element<'_, Message> {
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
        if self.welcome.is_some() {
            // The first-run checks come first; the screens open after them.
            return tabs
                .push(Space::new().width(Length::Fill))
                .push(text(sound).size(theme::SMALL))
                .into();
        }
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

/// The genres of the built-in sessions, to file references under.
fn built_in_genres() -> Vec<String> {
    let mut genres: Vec<String> = crate::engine::Session::list(None)
        .iter()
        .filter_map(|name| crate::engine::Session::locate(name, None).ok())
        .filter_map(|dir| crate::engine::Session::read_manifest(&dir).ok())
        .map(|m| m.genre)
        .filter(|g| !g.is_empty())
        .collect();
    genres.sort();
    genres.dedup();
    genres.push("other".into());
    genres
}
