//! Reference A/B: your mix (the desk's, or any file) against a track of the
//! reference library, the reference matched to the mix's loudness (whole
//! songs or the looped part), switched instantly, aligned by hand, heard
//! through simulated playback systems, compared blind or by ABX, with the
//! two measured side by side and what to listen for.

mod listening;
mod measurements;

use crate::analysis::{ReferenceComparison, listening_pair};
use crate::audio::Audio;
use crate::audio::deck::DeckStatus;
use crate::dsp::translation::System;
use crate::material::Reference;
use crate::quiz::{Abx, Blind, binomial_p_value};
use crate::ui::theme;
use crate::ui::widget::waveform::{Waveform, peaks};
use iced::widget::{Space, button, column, pick_list, row, scrollable, slider, text, text_input};
use iced::{Element, Length};
use std::sync::Arc;

/// ABX runs this many trials.
pub const ABX_TRIALS: u32 = 10;

/// Where the mix comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MixSource {
    Desk,
    File,
}

/// The two sides, decoded and compared.
#[derive(Clone)]
pub struct Compared {
    pub mix: Arc<Audio>,
    pub reference: Arc<Audio>,
    pub comparison: Arc<ReferenceComparison>,
}

pub struct State {
    library: Vec<Reference>,
    chosen: Option<String>,
    add_path: String,
    source: MixSource,
    mix_path: String,
    region: bool,
    loop_s: (f32, f32),
    offset_s: f32,
    system: System,
    compared: Option<Compared>,
    busy: bool,
    blind: Option<Blind>,
    blind_answer: Option<bool>,
    abx: Option<Abx>,
    abx_last: Option<bool>,
    heard: usize,
    seed: u64,
    /// The tonal-balance range, what it was measured on, and the genre
    /// it was asked for.
    targets: Vec<(f64, f64, f64)>,
    targets_label: String,
    targets_for: Option<String>,
    /// Waveform overviews of the mix and the reference.
    peaks: (Vec<f32>, Vec<f32>),
    /// Genres to file a new reference under, and the one chosen.
    genres: Vec<String>,
    add_genre: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Choose(String),
    AddPath(String),
    AddGenre(String),
    Add,
    Source(MixSource),
    MixPath(String),
    Region(bool),
    LoopStart(f32),
    LoopEnd(f32),
    Offset(f32),
    System(System),
    Compare,
    Hear(usize),
    PlayStop,
    Blind,
    BlindAnswer(usize),
    Abx,
    AbxAnswer(bool),
    OpenLesson(&'static str),
}

pub enum Event {
    /// Import this file into the library.
    Add {
        path: String,
        genre: String,
    },
    /// Decode and compare: the mix from `source` (`path` for a file), the
    /// library track `reference`, matched over `region` (seconds) or whole.
    Compare {
        source: MixSource,
        path: String,
        reference: String,
        region: Option<(f32, f32)>,
    },
    /// The clips changed (alignment, system, ABX): load them on the deck.
    Reload,
    /// The loop moved.
    Loop,
    Hear(usize),
    PlayStop,
    OpenLesson(&'static str),
}

impl State {
    /// `genres`: what a new reference can be filed under.
    pub fn new(library: Vec<Reference>, genres: Vec<String>, seed: u64) -> Self {
        Self {
            chosen: library.first().map(|r| r.title.clone()),
            library,
            add_path: String::new(),
            source: MixSource::Desk,
            mix_path: String::new(),
            region: false,
            loop_s: (0.0, 8.0),
            offset_s: 0.0,
            system: System::Flat,
            compared: None,
            busy: false,
            blind: None,
            blind_answer: None,
            abx: None,
            abx_last: None,
            heard: 0,
            seed,
            targets: Vec::new(),
            targets_label: String::new(),
            targets_for: None,
            genres,
            add_genre: None,
            peaks: (Vec::new(), Vec::new()),
        }
    }

    pub fn set_library(&mut self, library: Vec<Reference>, select: Option<String>) {
        self.library = library;
        // A new reference widens the range: measure it again.
        self.targets_for = None;
        self.add_path.clear();
        if let Some(title) = select.or_else(|| self.chosen.clone()) {
            self.chosen = Some(title);
        }
        if self.chosen.is_none() {
            self.chosen = self.library.first().map(|r| r.title.clone());
        }
        self.busy = false;
    }

    /// The library file of the chosen reference.
    pub fn chosen_file(&self) -> Option<&str> {
        let title = self.chosen.as_deref()?;
        self.library
            .iter()
            .find(|r| r.title == title)
            .map(|r| r.file.as_str())
    }

    pub fn set_compared(&mut self, c: Compared) {
        self.peaks = (peaks(&c.mix.channels), peaks(&c.reference.channels));
        self.compared = Some(c);
        self.busy = false;
        self.abx = None;
        self.blind = None;
        self.heard = 0;
    }

    /// Whether the target range has to be measured for `genre` (once per
    /// genre, and again after a song is added).
    pub fn wants_targets(&mut self, genre: &str) -> bool {
        if self.targets_for.as_deref() == Some(genre) {
            return false;
        }
        self.targets_for = Some(genre.to_string());
        true
    }

    /// What the target range was measured on.
    pub fn targets_label(&self) -> &str {
        &self.targets_label
    }

    /// The genre the chosen reference is filed under.
    pub fn chosen_genre(&self) -> Option<&str> {
        let title = self.chosen.as_deref()?;
        self.library
            .iter()
            .find(|r| r.title == title)
            .map(|r| r.genre.as_str())
    }

    /// The tonal-balance range measured, per band (Hz, low, high).
    pub fn targets(&self) -> &[(f64, f64, f64)] {
        &self.targets
    }

    pub fn set_targets(&mut self, targets: Vec<(f64, f64, f64)>, label: String) {
        self.targets = targets;
        self.targets_label = label;
    }

    pub fn set_failed(&mut self) {
        self.busy = false;
    }

    pub fn comparison(&self) -> Option<&ReferenceComparison> {
        self.compared.as_ref().map(|c| c.comparison.as_ref())
    }

    /// The variant heard: 0 the mix, 1 the reference, 2 X of an ABX trial.
    pub fn heard(&self) -> usize {
        self.heard
    }

    /// The loop in frames, inside the material.
    pub fn loop_frames(&self, frames: usize) -> Option<(usize, usize)> {
        let s = (self.loop_s.0.max(0.0) as f64 * crate::SAMPLE_RATE_HZ as f64) as usize;
        let e = ((self.loop_s.1 as f64 * crate::SAMPLE_RATE_HZ as f64) as usize).min(frames);
        (e > s).then_some((s, e))
    }

    /// What the deck plays: the mix, the matched and aligned reference,
    /// both through the chosen system, and in ABX a copy of one as X.
    pub fn clips(&self) -> Option<Vec<Arc<Audio>>> {
        let c = self.compared.as_ref()?;
        let offset = (self.offset_s as f64 * crate::SAMPLE_RATE_HZ as f64).round() as i64;
        let (m, r) = listening_pair(
            &c.mix,
            &c.reference,
            c.comparison.reference_gain_db,
            offset,
            self.system,
        );
        let (m, r) = (Arc::new(m), Arc::new(r));
        let mut clips = vec![Arc::clone(&m), Arc::clone(&r)];
        if let Some(abx) = &self.abx {
            clips.push(if abx.x_is_a() { m } else { r });
        }
        Some(clips)
    }

    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::Choose(title) => {
                self.chosen = Some(title);
                None
            }
            Message::AddPath(p) => {
                self.add_path = p;
                None
            }
            Message::AddGenre(g) => {
                self.add_genre = Some(g);
                None
            }
            Message::Add => {
                let path = self.add_path.trim().to_string();
                (!path.is_empty()).then(|| {
                    self.busy = true;
                    Event::Add {
                        path,
                        genre: self.add_genre.clone().unwrap_or_default(),
                    }
                })
            }
            Message::Source(s) => {
                self.source = s;
                None
            }
            Message::MixPath(p) => {
                self.mix_path = p;
                None
            }
            Message::Region(on) => {
                self.region = on;
                None
            }
            Message::LoopStart(s) => {
                self.loop_s.0 = s.min(self.loop_s.1 - 0.5);
                self.compared.as_ref().map(|_| Event::Loop)
            }
            Message::LoopEnd(e) => {
                self.loop_s.1 = e.max(self.loop_s.0 + 0.5);
                self.compared.as_ref().map(|_| Event::Loop)
            }
            Message::Offset(o) => {
                self.offset_s = o;
                self.compared.as_ref().map(|_| Event::Reload)
            }
            Message::System(s) => {
                self.system = s;
                self.compared.as_ref().map(|_| Event::Reload)
            }
            Message::Compare => {
                let reference = self.chosen_file()?.to_string();
                self.busy = true;
                Some(Event::Compare {
                    source: self.source,
                    path: self.mix_path.trim().to_string(),
                    reference,
                    region: self.region.then_some(self.loop_s),
                })
            }
            Message::Hear(v) => {
                self.heard = v;
                Some(Event::Hear(v))
            }
            Message::PlayStop => Some(Event::PlayStop),
            Message::Blind => {
                self.seed = self.seed.wrapping_add(1);
                self.blind = match self.blind {
                    Some(_) => None,
                    None => Some(Blind::draw(self.seed)),
                };
                self.blind_answer = None;
                self.abx = None;
                Some(Event::Reload)
            }
            Message::BlindAnswer(slot) => {
                let b = self.blind?;
                self.blind_answer = Some(b.variant(slot) == 1);
                None
            }
            Message::Abx => {
                self.seed = self.seed.wrapping_add(1);
                self.abx = match self.abx {
                    Some(_) => None,
                    None => Some(Abx::new(ABX_TRIALS, self.seed)),
                };
                self.abx_last = None;
                self.blind = None;
                Some(Event::Reload)
            }
            Message::AbxAnswer(says_a) => {
                let abx = self.abx.as_mut()?;
                self.abx_last = abx.answer(says_a);
                // The next trial's X is another draw: reload it.
                self.abx_last.map(|_| Event::Reload)
            }
            Message::OpenLesson(id) => Some(Event::OpenLesson(id)),
        }
    }

    pub fn view<'a>(&'a self, status: &DeckStatus) -> Element<'a, Message> {
        let titles: Vec<String> = self.library.iter().map(|r| r.title.clone()).collect();
        let source = row![
            text("Mix from").width(110).size(theme::BODY),
            button(text("The desk's mix"))
                .on_press(Message::Source(MixSource::Desk))
                .style(theme::toggle(self.source == MixSource::Desk)),
            button(text("A file"))
                .on_press(Message::Source(MixSource::File))
                .style(theme::toggle(self.source == MixSource::File)),
            text_input("mix file (WAV, FLAC, MP3, OGG, AIFF)", &self.mix_path)
                .on_input(Message::MixPath)
                .width(360),
        ]
        .spacing(8)
        .align_y(iced::Center);
        let library = row![
            text("Reference").width(110).size(theme::BODY),
            pick_list(titles, self.chosen.clone(), Message::Choose).placeholder("add a song first"),
            text_input("a song to add (file path)", &self.add_path)
                .on_input(Message::AddPath)
                .on_submit(Message::Add)
                .width(300),
            pick_list(
                self.genres.as_slice(),
                self.add_genre.clone(),
                Message::AddGenre
            )
            .placeholder("genre"),
            button(text("Add to library")).on_press(Message::Add),
        ]
        .spacing(8)
        .align_y(iced::Center);
        let matching = row![
            text("Match").width(110).size(theme::BODY),
            button(text("Whole songs"))
                .on_press(Message::Region(false))
                .style(theme::toggle(!self.region)),
            button(text("The looped part"))
                .on_press(Message::Region(true))
                .style(theme::toggle(self.region)),
            text(format!("loop {:.1}–{:.1} s", self.loop_s.0, self.loop_s.1)).size(theme::SMALL),
            slider(0.0..=60.0, self.loop_s.0, Message::LoopStart)
                .step(0.1)
                .width(140),
            slider(0.5..=60.0, self.loop_s.1, Message::LoopEnd)
                .step(0.1)
                .width(140),
            button(text("Compare").size(theme::HEADING))
                .padding(theme::TARGET_PADDING)
                .style(button::primary)
                .on_press_maybe(
                    (!self.busy && self.chosen_file().is_some()).then_some(Message::Compare)
                ),
        ]
        .spacing(8)
        .align_y(iced::Center);
        let mut page = column![
            text("Reference A/B").size(theme::TITLE),
            source,
            library,
            matching
        ]
        .spacing(12);
        if self.busy {
            page = page.push(text("Working…").size(theme::BODY));
        }
        if let Some(c) = &self.compared {
            page = page
                .push(self.listening(status))
                .push(measurements::measurements(
                    &c.comparison,
                    &self.targets,
                    &self.targets_label,
                ));
        } else if self.library.is_empty() {
            page = page.push(
                text(
                    "Add a song you love as a reference: mixtutor keeps it in your library, \
                     brings it to your mix's loudness and shows how the two differ.",
                )
                .size(theme::BODY),
            );
        }
        scrollable(page.padding(iced::padding::right(16)))
            .height(Length::Fill)
            .into()
    }
}

/// "3.2 LU louder than your mix", "0.7 LU quieter than your mix".
pub fn louder_or_quieter(lu: f64) -> String {
    if lu >= 0.0 {
        format!("{lu:.1} LU louder than your mix")
    } else {
        format!("{:.1} LU quieter than your mix", -lu)
    }
}
