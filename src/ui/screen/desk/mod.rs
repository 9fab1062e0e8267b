//! The mixing desk: a channel strip per stem (fader in dB, pan, mute and
//! solo, gain-reduction meter), the selected strip's processors in detail
//! (EQ bands with their response curve, compressor, saturation, reverb and
//! delay sends), group buses, the shared reverb and delay returns, the
//! master with its meters; save, load and export the mix. Edits reach the
//! player at once and glide.

mod detail;
mod edit;
mod returns;

pub use crate::engine::returns::ReturnEdit;
pub use edit::Edit;

use crate::audio::deck::DeckStatus;
use crate::engine::Loaded;
use crate::engine::Mix;
use crate::engine::returns::{Kind, Return};
use crate::engine::strip::Strip;
use crate::ui::theme;
use crate::ui::widget::meter::{meter, reduction};
use iced::widget::{
    button, column, container, pick_list, progress_bar, row, scrollable, slider, text, text_input,
    vertical_slider,
};
use iced::{Element, Length};
use std::path::PathBuf;
use std::sync::Arc;

/// A fader's range, dB.
pub const FADER_DB: (f32, f32) = (-60.0, 12.0);

pub struct State {
    sessions: Vec<String>,
    name: String,
    loaded: Option<Arc<Loaded>>,
    loading: bool,
    mix: Mix,
    /// The strip shown in detail: a stem's index, or the master.
    selected: Selected,
    solo: Vec<bool>,
    /// Returns muted as heard (the mix keeps their sends).
    muted: Vec<ReturnId>,
    file: String,
    export: Option<f32>,
    /// Where mixes and exports go unless a path is typed.
    dir: PathBuf,
    /// In a "match it" drill: the original mix (A) the learner restores.
    target: Option<Mix>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Selected {
    Stem(usize),
    Bus(usize),
    Return(ReturnId),
    Master,
}

/// A return, named by its kind and its first feeder: a return has no name
/// of its own in the strip format, and its number changes as returns come
/// and go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnId {
    kind: Kind,
    feeder: String,
}

impl ReturnId {
    /// The id of `ret`.
    pub fn of(ret: &Return) -> Self {
        Self {
            kind: ret.kind,
            feeder: ret.feeders.first().cloned().unwrap_or_default(),
        }
    }

    fn names(&self, ret: &Return) -> bool {
        ret.kind == self.kind && ret.feeders.contains(&self.feeder)
    }
}

impl State {
    /// A desk over `sessions`, saving into `dir`.
    pub fn new(sessions: Vec<String>, dir: PathBuf) -> Self {
        Self {
            name: sessions.first().cloned().unwrap_or_default(),
            sessions,
            loaded: None,
            loading: false,
            mix: Mix::default(),
            selected: Selected::Stem(0),
            solo: Vec::new(),
            muted: Vec::new(),
            file: String::new(),
            export: None,
            dir,
            target: None,
        }
    }
}

#[derive(Clone, Debug)]
pub enum Message {
    Session(String),
    Select(usize),
    SelectBus(usize),
    SelectMaster,
    SelectReturn(ReturnId),
    /// An edit of every send into a return.
    Return(ReturnId, ReturnEdit),
    MuteReturn(ReturnId),
    /// An edit of stem `usize`'s strip (its fader, pan, mute from the strip
    /// row), or of the selected strip (`None`).
    Edit(Option<usize>, Edit),
    Solo(usize),
    Reset,
    PlayStop,
    File(String),
    Save,
    Load,
    Export,
    /// Hear A, the original, instead of the desk's mix (matching).
    HearTarget(bool),
    /// Answer the drill with the desk's mix (matching).
    AnswerMatch,
}

pub enum Event {
    /// The mix changed: send it to the player.
    Changed,
    PlayStop,
    Open(String),
    Save(PathBuf),
    Load(PathBuf),
    Export(PathBuf),
    HearTarget(bool),
    AnswerMatch,
}

impl State {
    pub fn session_name(&self) -> &str {
        &self.name
    }

    pub fn loaded(&self) -> Option<Arc<Loaded>> {
        self.loaded.clone()
    }

    pub fn loading(&self) -> bool {
        self.loading
    }

    pub fn set_loading(&mut self) {
        self.loading = true;
    }

    pub fn set_failed(&mut self) {
        self.loading = false;
    }

    pub fn set_loaded(&mut self, loaded: Arc<Loaded>) {
        self.mix = loaded.mix.clone();
        self.solo = vec![false; loaded.layout.len()];
        self.muted.clear();
        self.selected = Selected::Stem(0);
        self.name = loaded.name.clone();
        self.loaded = Some(loaded);
        self.loading = false;
    }

    /// A drill's damaged mix on the desk, to restore until it sounds like
    /// `target` (A).
    pub fn set_matching(&mut self, loaded: Arc<Loaded>, target: Mix) {
        self.set_loaded(loaded);
        self.target = Some(target);
    }

    /// The mix a "match it" drill asks for, while one is on the desk.
    pub fn target(&self) -> Option<&Mix> {
        self.target.as_ref()
    }

    /// The drill is answered (or left): the desk is free again.
    pub fn stop_matching(&mut self) {
        self.target = None;
    }

    /// The mix as edited (what is saved and exported).
    pub fn mix(&self) -> &Mix {
        &self.mix
    }

    pub fn set_mix(&mut self, mix: Mix) {
        self.mix = mix;
    }

    /// The shared returns of the mix, numbered as the desk shows them.
    pub fn returns(&self) -> Vec<Return> {
        self.loaded
            .as_ref()
            .and_then(|l| crate::engine::returns::returns(&l.layout, &self.mix, l.tempo_bpm).ok())
            .unwrap_or_default()
    }

    fn find_return(&self, id: &ReturnId) -> Option<Return> {
        self.returns().into_iter().find(|r| id.names(r))
    }

    /// The mix as heard: with solo, every stem not soloed is muted; a muted
    /// return's sends are silent.
    pub fn heard_mix(&self) -> Mix {
        let mut mix = self.mix.clone();
        if !self.muted.is_empty() {
            for r in self.returns() {
                if self.muted.iter().any(|id| id.names(&r)) {
                    crate::engine::returns::silence(&mut mix, &r);
                }
            }
        }
        if self.solo.iter().any(|s| *s)
            && let Some(l) = &self.loaded
        {
            for (stem, soloed) in l.layout.iter().zip(&self.solo) {
                if !soloed {
                    mix.strip_mut(&stem.name).mute = true;
                }
            }
        }
        mix
    }

    pub fn set_export_progress(&mut self, p: f32) {
        self.export = Some(p);
    }

    pub fn stop_export(&mut self) {
        self.export = None;
    }

    fn strip_name(&self, selected: &Selected) -> Option<String> {
        match selected {
            Selected::Stem(i) => self.loaded.as_ref()?.layout.get(*i).map(|s| s.name.clone()),
            Selected::Bus(i) => self.mix.buses.keys().nth(*i).cloned(),
            Selected::Return(_) => None,
            Selected::Master => Some("master".into()),
        }
    }

    fn path(&self, extension: &str) -> PathBuf {
        let typed = self.file.trim();
        let stem = if typed.is_empty() {
            format!("{}-my-mix", self.name)
        } else {
            typed.to_string()
        };
        let p = PathBuf::from(&stem);
        let p = if p.is_absolute() { p } else { self.dir.join(p) };
        p.with_extension(extension)
    }

    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::HearTarget(a) => self.target.as_ref().map(|_| Event::HearTarget(a)),
            Message::AnswerMatch => self.target.as_ref().map(|_| Event::AnswerMatch),
            Message::Session(name) => {
                self.target = None;
                self.name = name.clone();
                self.loading = true;
                Some(Event::Open(name))
            }
            Message::Select(i) => {
                self.selected = Selected::Stem(i);
                None
            }
            Message::SelectBus(i) => {
                self.selected = Selected::Bus(i);
                None
            }
            Message::SelectMaster => {
                self.selected = Selected::Master;
                None
            }
            Message::SelectReturn(id) => {
                self.selected = Selected::Return(id);
                None
            }
            Message::Return(id, edit) => {
                let ret = self.find_return(&id)?;
                crate::engine::returns::apply(&mut self.mix, &ret, &edit);
                Some(Event::Changed)
            }
            Message::MuteReturn(id) => {
                match self.muted.iter().position(|m| *m == id) {
                    Some(k) => {
                        self.muted.remove(k);
                    }
                    None => self.muted.push(id),
                }
                Some(Event::Changed)
            }
            Message::Edit(stem, edit) => {
                let target = stem.map_or_else(|| self.selected.clone(), Selected::Stem);
                let name = self.strip_name(&target)?;
                edit::apply(self.mix.strip_mut(&name), edit).then_some(Event::Changed)
            }
            Message::Solo(i) => {
                if let Some(s) = self.solo.get_mut(i) {
                    *s = !*s;
                }
                Some(Event::Changed)
            }
            Message::Reset => {
                self.mix = self.loaded.as_ref()?.mix.clone();
                Some(Event::Changed)
            }
            Message::PlayStop => Some(Event::PlayStop),
            Message::File(f) => {
                self.file = f;
                None
            }
            Message::Save => Some(Event::Save(self.path("toml"))),
            Message::Load => Some(Event::Load(self.path("toml"))),
            Message::Export => {
                self.export = Some(0.0);
                Some(Event::Export(self.path("wav")))
            }
        }
    }

    pub fn view<'a>(&'a self, status: &DeckStatus) -> Element<'a, Message> {
        let top = row![
            text("Session").size(theme::BODY),
            pick_list(
                self.sessions.as_slice(),
                Some(self.name.clone()),
                Message::Session
            ),
            button(text(if status.playing { "Stop" } else { "Play" }).size(theme::HEADING))
                .padding(theme::TARGET_PADDING)
                .on_press_maybe(self.loaded.as_ref().map(|_| Message::PlayStop)),
            button(text("Back to the reference mix")).on_press(Message::Reset),
        ]
        .spacing(10)
        .align_y(iced::Center);
        let files = row![
            text_input("mix name or path", &self.file)
                .on_input(Message::File)
                .width(220),
            button(text("Save mix")).on_press(Message::Save),
            button(text("Load mix")).on_press(Message::Load),
            button(text("Export WAV")).on_press_maybe(
                (self.loaded.is_some() && self.export.is_none()).then_some(Message::Export)
            ),
        ]
        .spacing(10)
        .align_y(iced::Center);
        let mut page = column![top, files].spacing(12);
        if self.target.is_some() {
            page = page.push(
                container(
                    row![
                        text("Match it: move the controls until your mix sounds like A, the original.")
                            .size(theme::BODY)
                            .width(Length::Fill),
                        button(text("Hear A (the original)")).on_press(Message::HearTarget(true)),
                        button(text("Hear your mix")).on_press(Message::HearTarget(false)),
                        button(text("Answer with this mix"))
                            .style(button::primary)
                            .on_press(Message::AnswerMatch),
                    ]
                    .spacing(10)
                    .align_y(iced::Center),
                )
                .padding(12)
                .style(theme::card),
            );
        }
        if let Some(p) = self.export {
            page = page.push(
                row![
                    text(format!("Exporting {:.0} %", 100.0 * p)),
                    progress_bar(0.0..=1.0, p)
                ]
                .spacing(10),
            );
        }
        let Some(loaded) = &self.loaded else {
            let note = if self.loading {
                "Decoding the session…"
            } else {
                "Choose a session to mix."
            };
            return page.push(text(note).size(theme::HEADING)).into();
        };
        let mut strips = row![].spacing(8);
        for (i, stem) in loaded.layout.iter().enumerate() {
            let strip = self.mix.strip(&stem.name);
            let label = loaded
                .stems
                .get(i)
                .map_or_else(|| stem.name.clone(), |s| s.display.clone());
            let reduction = status.reduction_db.get(i).copied().unwrap_or(0.0);
            strips = strips.push(self.channel(
                i,
                label,
                &strip,
                reduction,
                self.selected == Selected::Stem(i),
            ));
        }
        // Buses and returns sit in a row of their own under the channels,
        // and the master stays in view beside them at 1280 px.
        let mut groups = row![].spacing(8);
        for (i, (name, bus)) in self.mix.buses.iter().enumerate() {
            groups = groups.push(
                container(
                    column![
                        text(format!("Bus: {name}")).size(theme::SMALL),
                        text(format!("{:+.1} dB", bus.gain_db)).size(theme::SMALL),
                        button(text("Edit").size(theme::SMALL))
                            .on_press(Message::SelectBus(i))
                            .style(theme::toggle(self.selected == Selected::Bus(i))),
                    ]
                    .spacing(6)
                    .width(90),
                )
                .padding(8)
                .style(theme::card),
            );
        }
        let returns = self.returns();
        let label = |name: &str| -> String {
            loaded
                .layout
                .iter()
                .position(|s| s.name == name)
                .and_then(|i| loaded.stems.get(i))
                .map_or_else(|| name.to_string(), |s| s.display.clone())
        };
        for r in &returns {
            let id = ReturnId::of(r);
            groups = groups.push(returns::card(
                &self.mix,
                &label,
                r,
                self.muted.contains(&id),
                self.selected == Selected::Return(id),
                loaded.tempo_bpm,
            ));
        }
        let master = container(
            column![
                text("Master").size(theme::BODY),
                meter("peak", status.peak_db, "dBFS"),
                meter("loudness", status.momentary_lufs, "LUFS"),
                reduction("glue comp GR", status.master_reduction_db),
                text(format!(
                    "limiter ceiling {:.1} dBTP",
                    self.mix.limiter.ceiling_dbtp
                ))
                .size(theme::SMALL),
                button(text("Edit master").size(theme::SMALL))
                    .on_press(Message::SelectMaster)
                    .style(theme::toggle(self.selected == Selected::Master)),
            ]
            .spacing(6)
            .width(170),
        )
        .padding(8)
        .style(theme::card);
        let across = |r: iced::widget::Row<'a, Message>| {
            scrollable(r).direction(scrollable::Direction::Horizontal(
                scrollable::Scrollbar::new(),
            ))
        };
        page = page.push(
            row![
                column![across(strips), across(groups)]
                    .spacing(8)
                    .width(Length::Fill),
                master
            ]
            .spacing(8),
        );
        if let Selected::Return(id) = &self.selected
            && let Some(r) = returns.iter().find(|r| id.names(r))
        {
            page = page.push(returns::detail(&self.mix, &label, r, loaded.tempo_bpm));
        } else if let Some(name) = self.strip_name(&self.selected) {
            let strip = self.mix.strip(&name);
            let sends = (self.selected != Selected::Master).then(|| {
                [Kind::Reverb, Kind::Delay]
                    .map(|kind| returns::choice(&self.mix, &returns, kind, &name, loaded.tempo_bpm))
            });
            page = page.push(detail::detail(&name, &strip, sends));
        }
        scrollable(page.padding(iced::padding::right(16)))
            .height(Length::Fill)
            .into()
    }

    fn channel<'a>(
        &'a self,
        i: usize,
        label: String,
        strip: &Strip,
        reduction_db: f32,
        selected: bool,
    ) -> Element<'a, Message> {
        let soloed = self.solo.get(i).copied().unwrap_or(false);
        container(
            column![
                button(text(label).size(theme::SMALL))
                    .on_press(Message::Select(i))
                    .style(theme::toggle(selected))
                    .width(Length::Fill),
                row![
                    vertical_slider(FADER_DB.0..=FADER_DB.1, strip.gain_db, move |v| {
                        Message::Edit(Some(i), Edit::Gain(v))
                    })
                    .step(0.1)
                    .height(160),
                    column![
                        text(format!("{:+.1} dB", strip.gain_db)).size(theme::SMALL),
                        text(pan_label(strip.pan)).size(theme::SMALL),
                        text(if strip.comp.is_some() {
                            format!("GR {reduction_db:.1}")
                        } else {
                            String::new()
                        })
                        .size(theme::SMALL),
                    ]
                    .spacing(4),
                ]
                .spacing(6),
                slider(-1.0..=1.0, strip.pan, move |v| Message::Edit(
                    Some(i),
                    Edit::Pan(v)
                ))
                .step(0.01),
                row![
                    button(text("M").size(theme::SMALL))
                        .on_press(Message::Edit(Some(i), Edit::Mute))
                        .style(theme::toggle(strip.mute)),
                    button(text("S").size(theme::SMALL))
                        .on_press(Message::Solo(i))
                        .style(theme::toggle(soloed)),
                ]
                .spacing(6),
            ]
            .spacing(6)
            .width(110),
        )
        .padding(8)
        .style(theme::card)
        .into()
    }
}

fn pan_label(pan: f32) -> String {
    match pan {
        p if p.abs() < 0.005 => "C".into(),
        p if p < 0.0 => format!("L{:.0}", -p * 100.0),
        p => format!("R{:.0}", p * 100.0),
    }
}
