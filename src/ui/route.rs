//! Each screen's events, turned into deck commands and effects.

use super::*;

impl App {
    pub(super) fn reference_message(&mut self, m: reference::Message) -> Vec<Effect> {
        match self.reference.update(m) {
            Some(reference::Event::Add { path, genre }) => match &self.data {
                Some(data) => vec![Effect::ImportReference {
                    path: PathBuf::from(path),
                    genre,
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
            Some(reference::Event::Loop) => {
                if self.deck_owner == Some(Tab::Reference) {
                    let frames = self.deck.frames();
                    self.deck
                        .set_loop(self.reference.loop_frames(frames).or(Some((0, frames))));
                }
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

    pub(super) fn welcome_message(&mut self, m: welcome::Message) -> Vec<Effect> {
        let Some(w) = &mut self.welcome else {
            return Vec::new();
        };
        match w.update(m) {
            Some(welcome::Event::Tone(hz)) => {
                let tone = crate::material::signals::sine(hz, 0.1, crate::SAMPLE_RATE_HZ as usize);
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

    pub(super) fn lesson_message(&mut self, m: lesson::Message) -> Vec<Effect> {
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

    pub(super) fn drill_message(&mut self, m: drill::Message) -> Vec<Effect> {
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
                    self.load_drill_into_deck(false);
                    self.deck.play();
                }
            }
            Some(drill::Event::Solo(on)) => {
                if on && !self.drill.has_solo() {
                    let Some(ready) = self.drill.ready() else {
                        return Vec::new();
                    };
                    return vec![Effect::Solo {
                        question: Arc::clone(&ready.question),
                        rove: self.settings.roving,
                    }];
                }
                self.load_drill_into_deck(true);
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
            Some(drill::Event::OnDesk) => {
                let Some(ready) = self.drill.ready() else {
                    return Vec::new();
                };
                let ex = &ready.question.exercise;
                let stage = &ex.stage;
                let loaded = Arc::new(crate::engine::Loaded {
                    title: format!("Match it: {}", stage.description),
                    mix: ex.b.clone(),
                    ..stage.loaded.clone()
                });
                self.desk.set_matching(loaded, ex.a.clone());
                self.deck.stop();
                self.deck_owner = None;
                self.tab = Tab::Desk;
                self.load_desk_into_deck();
            }
            None => {}
        }
        Vec::new()
    }

    pub(super) fn desk_message(&mut self, m: desk::Message) -> Vec<Effect> {
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
            Some(desk::Event::HearTarget(a)) => {
                self.deck.select(usize::from(a));
                if !self.status.playing {
                    self.deck.play();
                }
            }
            Some(desk::Event::AnswerMatch) => return self.answer_from_desk(),
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

    pub(super) fn progress_message(&mut self, m: progress::Message) -> Vec<Effect> {
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

    pub(super) fn settings_message(&mut self, m: settings::Message) -> Vec<Effect> {
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

    /// A "match it" drill answered with the desk's mix: each control's
    /// value read back from it, then checked as if set in the drill.
    fn answer_from_desk(&mut self) -> Vec<Effect> {
        let Some(ready) = self.drill.ready() else {
            return Vec::new();
        };
        let controls = ready.question.exercise.controls.clone();
        let mix = self.desk.mix().clone();
        for (i, c) in controls.iter().enumerate() {
            match mix.number(&c.target, c.parameter) {
                Ok(v) => {
                    self.drill.update(drill::Message::Control(i, v));
                }
                Err(e) => {
                    self.banner(e.to_string(), true);
                    return Vec::new();
                }
            }
        }
        self.desk.stop_matching();
        self.deck.stop();
        self.deck_owner = None;
        self.tab = Tab::Drill;
        self.drill_message(drill::Message::Confirm)
    }
}
