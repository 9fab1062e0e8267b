//! The mixing desk: a channel strip per stem (fader in dB, pan, mute and
//! solo, gain-reduction meter), the selected strip's processors in detail
//! (EQ bands with their response curve, compressor, saturation, reverb and
//! delay sends), group buses, the master with its meters; save, load and
//! export the mix. Edits reach the player at once and glide.

use crate::audio::deck::DeckStatus;
use crate::dsp::eq::chain_response_db;
use crate::engine::Mix;
use crate::engine::strip::{Comp, DelaySend, EqBand, EqType, ReverbSend, Saturation, Strip};
use crate::ui::effect::Loaded;
use crate::ui::theme;
use crate::ui::widget::meter::{meter, reduction};
use crate::ui::widget::plot::{Axis, Plot};
use iced::widget::{
    Space, button, column, container, pick_list, progress_bar, row, scrollable, slider, text,
    text_input, vertical_slider,
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
    file: String,
    export: Option<f32>,
    /// Where mixes and exports go unless a path is typed.
    dir: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Selected {
    Stem(usize),
    Bus(usize),
    Master,
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
            file: String::new(),
            export: None,
            dir,
        }
    }
}

/// One edit of the selected strip.
#[derive(Clone, Debug)]
pub enum Edit {
    Gain(f32),
    Pan(f32),
    Mute,
    Width(f32),
    AddBand,
    RemoveBand(usize),
    BandType(usize, EqType),
    BandFreq(usize, f32),
    BandGain(usize, f32),
    BandQ(usize, f32),
    Comp(bool),
    Threshold(f32),
    Ratio(f32),
    Attack(f32),
    Release(f32),
    Makeup(f32),
    Saturation(bool),
    Drive(f32),
    Reverb(bool),
    ReverbSend(f32),
    Delay(bool),
    DelaySend(f32),
}

#[derive(Clone, Debug)]
pub enum Message {
    Session(String),
    Select(usize),
    SelectBus(usize),
    SelectMaster,
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
}

pub enum Event {
    /// The mix changed: send it to the player.
    Changed,
    PlayStop,
    Open(String),
    Save(PathBuf),
    Load(PathBuf),
    Export(PathBuf),
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
        self.selected = Selected::Stem(0);
        self.name = loaded.name.clone();
        self.loaded = Some(loaded);
        self.loading = false;
    }

    /// The mix as edited (what is saved and exported).
    pub fn mix(&self) -> &Mix {
        &self.mix
    }

    pub fn set_mix(&mut self, mix: Mix) {
        self.mix = mix;
    }

    /// The mix as heard: with solo, every stem not soloed is muted.
    pub fn heard_mix(&self) -> Mix {
        let mut mix = self.mix.clone();
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

    fn strip_name(&self, selected: Selected) -> Option<String> {
        match selected {
            Selected::Stem(i) => self.loaded.as_ref()?.layout.get(i).map(|s| s.name.clone()),
            Selected::Bus(i) => self.mix.buses.keys().nth(i).cloned(),
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
            Message::Session(name) => {
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
            Message::Edit(stem, edit) => {
                let target = stem.map_or(self.selected, Selected::Stem);
                let name = self.strip_name(target)?;
                apply(self.mix.strip_mut(&name), edit);
                Some(Event::Changed)
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
                .cloned()
                .unwrap_or_else(|| stem.name.clone());
            let reduction = status.reduction_db.get(i).copied().unwrap_or(0.0);
            strips = strips.push(self.channel(
                i,
                label,
                &strip,
                reduction,
                self.selected == Selected::Stem(i),
            ));
        }
        for (i, (name, bus)) in self.mix.buses.iter().enumerate() {
            strips = strips.push(
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
        strips = strips.push(
            container(
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
            .style(theme::card),
        );
        page = page.push(
            scrollable(strips).direction(scrollable::Direction::Horizontal(
                scrollable::Scrollbar::new(),
            )),
        );
        if let Some(name) = self.strip_name(self.selected) {
            let strip = self.mix.strip(&name);
            page = page.push(detail(&name, &strip, self.selected == Selected::Master));
        }
        scrollable(page).height(Length::Fill).into()
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

/// The selected strip's processors.
fn detail<'a>(name: &str, strip: &Strip, master: bool) -> Element<'a, Message> {
    let edit = |e: Edit| Message::Edit(None, e);
    let labelled = |label: &str, widget: Element<'a, Message>, value: String| {
        row![
            text(label.to_string()).width(120).size(theme::SMALL),
            widget,
            text(value).width(90).size(theme::SMALL)
        ]
        .spacing(8)
        .align_y(iced::Center)
    };
    let mut eq = column![
        row![
            text("EQ").size(theme::HEADING),
            Space::new().width(Length::Fill),
            button(text("Add band"))
                .on_press_maybe((strip.eq.len() < 6).then_some(edit(Edit::AddBand)))
        ]
        .align_y(iced::Center)
    ]
    .spacing(6);
    let bands: Vec<_> = strip
        .eq
        .iter()
        .map(|b| (b.params(), b.slope_db_oct == Some(24)))
        .collect();
    let curve: Vec<(f64, f64)> = (0..=120)
        .map(|k| {
            let f = 20.0 * 1000f64.powf(k as f64 / 120.0);
            (f, chain_response_db(&bands, f))
        })
        .collect();
    eq = eq.push(
        Plot {
            points: curve,
            second: Vec::new(),
            axis: Axis::Frequency,
            range_db: 12.0,
            caption: format!("{name}: EQ response"),
        }
        .view(130.0),
    );
    const TYPES: [EqType; 5] = [
        EqType::Peak,
        EqType::LowShelf,
        EqType::HighShelf,
        EqType::HighPass,
        EqType::LowPass,
    ];
    for (k, b) in strip.eq.iter().enumerate() {
        let log_f = b.freq_hz.max(20.0).log2();
        eq = eq.push(
            row![
                pick_list(TYPES, Some(b.kind), move |t| edit(Edit::BandType(k, t))).width(120),
                slider(20f32.log2()..=20_000f32.log2(), log_f, move |v| edit(
                    Edit::BandFreq(k, v.exp2())
                ))
                .step(0.01)
                .width(220),
                text(crate::quiz::hz_label(b.freq_hz as f64)).width(70),
                slider(-18.0..=18.0, b.gain_db, move |v| edit(Edit::BandGain(k, v)))
                    .step(0.1)
                    .width(160),
                text(format!("{:+.1} dB", b.gain_db)).width(70),
                slider(0.3..=10.0, b.q, move |v| edit(Edit::BandQ(k, v)))
                    .step(0.05)
                    .width(120),
                text(format!("Q {:.2}", b.q)).width(60),
                button(text("×")).on_press(edit(Edit::RemoveBand(k))),
            ]
            .spacing(8)
            .align_y(iced::Center),
        );
    }
    let mut dynamics = column![
        row![
            text("Compressor").size(theme::HEADING),
            Space::new().width(Length::Fill),
            button(text(if strip.comp.is_some() { "On" } else { "Off" }))
                .on_press(edit(Edit::Comp(strip.comp.is_none())))
                .style(theme::toggle(strip.comp.is_some())),
        ]
        .align_y(iced::Center)
    ]
    .spacing(6);
    if let Some(c) = &strip.comp {
        dynamics = dynamics
            .push(labelled(
                "threshold",
                slider(-60.0..=0.0, c.threshold_db, move |v| {
                    edit(Edit::Threshold(v))
                })
                .step(0.5)
                .into(),
                format!("{:.1} dB", c.threshold_db),
            ))
            .push(labelled(
                "ratio",
                slider(1.0..=20.0, c.ratio, move |v| edit(Edit::Ratio(v)))
                    .step(0.1)
                    .into(),
                format!("{:.1}:1", c.ratio),
            ))
            .push(labelled(
                "attack",
                slider(0.1..=100.0, c.attack_ms, move |v| edit(Edit::Attack(v)))
                    .step(0.1)
                    .into(),
                format!("{:.1} ms", c.attack_ms),
            ))
            .push(labelled(
                "release",
                slider(10.0..=1000.0, c.release_ms, move |v| edit(Edit::Release(v)))
                    .step(1.0)
                    .into(),
                format!("{:.0} ms", c.release_ms),
            ))
            .push(labelled(
                "make-up",
                slider(0.0..=24.0, c.makeup_db, move |v| edit(Edit::Makeup(v)))
                    .step(0.1)
                    .into(),
                format!("{:+.1} dB", c.makeup_db),
            ));
    }
    let mut colour = column![
        row![
            text("Saturation").size(theme::HEADING),
            Space::new().width(Length::Fill),
            button(text(if strip.saturation.is_some() {
                "On"
            } else {
                "Off"
            }))
            .on_press(edit(Edit::Saturation(strip.saturation.is_none())))
            .style(theme::toggle(strip.saturation.is_some())),
        ]
        .align_y(iced::Center)
    ]
    .spacing(6);
    if let Some(s) = &strip.saturation {
        colour = colour.push(labelled(
            "drive",
            slider(0.0..=24.0, s.drive_db, move |v| edit(Edit::Drive(v)))
                .step(0.1)
                .into(),
            format!("{:.1} dB", s.drive_db),
        ));
    }
    if !master {
        colour = colour.push(labelled(
            "width",
            slider(0.0..=2.0, strip.width, move |v| edit(Edit::Width(v)))
                .step(0.01)
                .into(),
            format!("{:.0} %", strip.width * 100.0),
        ));
    }
    let mut sends = column![text("Sends").size(theme::HEADING)].spacing(6);
    if !master {
        sends = sends
            .push(send_row(
                "reverb",
                strip.reverb.map(|r| r.send_db),
                Edit::Reverb(strip.reverb.is_none()),
                Edit::ReverbSend,
            ))
            .push(send_row(
                "delay",
                strip.delay.as_ref().map(|d| d.send_db),
                Edit::Delay(strip.delay.is_none()),
                Edit::DelaySend,
            ));
    } else {
        sends = sends.push(text("The master has no sends.").size(theme::SMALL));
    }
    container(
        column![
            text(format!("Strip: {name}")).size(theme::HEADING),
            eq,
            row![
                container(dynamics).width(Length::FillPortion(2)),
                container(colour).width(Length::FillPortion(2)),
                container(sends).width(Length::FillPortion(2)),
            ]
            .spacing(24),
        ]
        .spacing(12),
    )
    .padding(16)
    .style(theme::card)
    .width(Length::Fill)
    .into()
}

fn send_row<'a>(
    label: &'static str,
    send_db: Option<f32>,
    toggle: Edit,
    set: fn(f32) -> Edit,
) -> Element<'a, Message> {
    let mut line = row![
        text(label).width(60).size(theme::SMALL),
        button(text(if send_db.is_some() { "On" } else { "Off" }).size(theme::SMALL))
            .on_press(Message::Edit(None, toggle))
            .style(theme::toggle(send_db.is_some())),
    ]
    .spacing(8)
    .align_y(iced::Center);
    if let Some(db) = send_db {
        line = line
            .push(
                slider(-40.0..=0.0, db, move |v| Message::Edit(None, set(v)))
                    .step(0.5)
                    .width(160),
            )
            .push(text(format!("{db:.1} dB")).size(theme::SMALL));
    }
    line.into()
}

/// Applies one edit to a strip.
fn apply(strip: &mut Strip, edit: Edit) {
    match edit {
        Edit::Gain(db) => strip.gain_db = db.clamp(FADER_DB.0, FADER_DB.1),
        Edit::Pan(p) => strip.pan = p.clamp(-1.0, 1.0),
        Edit::Mute => strip.mute = !strip.mute,
        Edit::Width(w) => strip.width = w.clamp(0.0, 2.0),
        Edit::AddBand => strip.eq.push(EqBand {
            kind: EqType::Peak,
            freq_hz: 1000.0,
            gain_db: 0.0,
            q: 1.0,
            slope_db_oct: None,
        }),
        Edit::RemoveBand(k) => {
            if k < strip.eq.len() {
                strip.eq.remove(k);
            }
        }
        Edit::BandType(k, t) => band(strip, k, |b| b.kind = t),
        Edit::BandFreq(k, f) => band(strip, k, |b| b.freq_hz = f.clamp(20.0, 20_000.0)),
        Edit::BandGain(k, g) => band(strip, k, |b| b.gain_db = g),
        Edit::BandQ(k, q) => band(strip, k, |b| b.q = q),
        Edit::Comp(on) => {
            strip.comp = on.then(|| Comp {
                threshold_db: -20.0,
                ratio: 4.0,
                attack_ms: 10.0,
                release_ms: 100.0,
                knee_db: 6.0,
                makeup_db: 0.0,
                mix: 1.0,
                detector: Default::default(),
                sidechain: None,
            })
        }
        Edit::Threshold(v) => comp(strip, |c| c.threshold_db = v),
        Edit::Ratio(v) => comp(strip, |c| c.ratio = v),
        Edit::Attack(v) => comp(strip, |c| c.attack_ms = v),
        Edit::Release(v) => comp(strip, |c| c.release_ms = v),
        Edit::Makeup(v) => comp(strip, |c| c.makeup_db = v),
        Edit::Saturation(on) => {
            strip.saturation = on.then_some(Saturation {
                drive_db: 6.0,
                mix: 1.0,
            })
        }
        Edit::Drive(v) => {
            if let Some(s) = &mut strip.saturation {
                s.drive_db = v;
            }
        }
        Edit::Reverb(on) => {
            strip.reverb = on.then_some(ReverbSend {
                send_db: -12.0,
                decay_s: 1.8,
                predelay_ms: 20.0,
                damping: 0.5,
                size: 1.0,
            })
        }
        Edit::ReverbSend(v) => {
            if let Some(r) = &mut strip.reverb {
                r.send_db = v;
            }
        }
        Edit::Delay(on) => {
            strip.delay = on.then(|| DelaySend {
                send_db: -18.0,
                time_ms: None,
                note: Some("1/8.".into()),
                feedback: 0.35,
                high_cut_hz: 8000.0,
                ping_pong: true,
            })
        }
        Edit::DelaySend(v) => {
            if let Some(d) = &mut strip.delay {
                d.send_db = v;
            }
        }
    }
}

fn band(strip: &mut Strip, k: usize, f: impl FnOnce(&mut EqBand)) {
    if let Some(b) = strip.eq.get_mut(k) {
        f(b);
    }
}

fn comp(strip: &mut Strip, f: impl FnOnce(&mut Comp)) {
    if let Some(c) = &mut strip.comp {
        f(c);
    }
}
