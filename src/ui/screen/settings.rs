//! Settings: output device, buffer size, output volume, data folder, theme,
//! roving, the break reminder, and the first-run checks again.

use crate::audio::output::devices;
use crate::paths::DataDir;
use crate::settings::{Settings, ThemeChoice};
use crate::ui::theme;
use iced::widget::{button, column, container, pick_list, row, slider, text, toggler};
use iced::{Element, Length};

const SYSTEM_DEFAULT: &str = "System default";
const DEVICE_BUFFER: &str = "Device's choice";
const BUFFERS: [&str; 7] = [DEVICE_BUFFER, "64", "128", "256", "512", "1024", "2048"];
const REMINDERS: [&str; 5] = ["Never", "30", "45", "60", "90"];
const THEMES: [&str; 2] = ["Dark", "Light"];

pub struct State {
    draft: Settings,
    devices: Vec<String>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Device(String),
    Buffer(&'static str),
    Volume(f32),
    Theme(&'static str),
    Roving(bool),
    Reminder(&'static str),
    RefreshDevices,
    Apply,
    Welcome,
}

pub enum Event {
    /// Settings that apply at once (volume, theme, roving, reminder).
    Changed(Settings),
    /// The output must be reopened with these settings.
    Reopen(Settings),
    /// Run the first-run checks again.
    Welcome,
}

fn device_list() -> Vec<String> {
    let mut list = vec![SYSTEM_DEFAULT.to_string()];
    list.extend(devices().unwrap_or_default());
    list
}

impl State {
    pub fn new(settings: &Settings) -> Self {
        Self {
            draft: settings.clone(),
            devices: device_list(),
        }
    }

    pub fn update(&mut self, message: Message) -> Option<Event> {
        let d = &mut self.draft;
        match message {
            Message::Device(name) => {
                d.device = (name != SYSTEM_DEFAULT).then_some(name);
                None
            }
            Message::Buffer(b) => {
                d.buffer_frames = b.parse().ok();
                None
            }
            Message::Volume(v) => {
                d.volume_db = v.min(0.0);
                Some(Event::Changed(d.clone()))
            }
            Message::Theme(t) => {
                d.theme = if t == "Light" {
                    ThemeChoice::Light
                } else {
                    ThemeChoice::Dark
                };
                Some(Event::Changed(d.clone()))
            }
            Message::Roving(on) => {
                d.roving = on;
                Some(Event::Changed(d.clone()))
            }
            Message::Reminder(r) => {
                d.reminder_minutes = r.parse().unwrap_or(0);
                Some(Event::Changed(d.clone()))
            }
            Message::RefreshDevices => {
                self.devices = device_list();
                None
            }
            Message::Apply => Some(Event::Reopen(d.clone())),
            Message::Welcome => Some(Event::Welcome),
        }
    }

    pub fn view<'a>(
        &'a self,
        data: Option<&'a DataDir>,
        sound: Result<&'a str, &'a str>,
    ) -> Element<'a, Message> {
        let d = &self.draft;
        let line = |label: &'static str, widget: Element<'a, Message>| {
            row![text(label).width(200).size(theme::BODY), widget]
                .spacing(12)
                .align_y(iced::Center)
        };
        let buffer = d
            .buffer_frames
            .map_or(DEVICE_BUFFER.to_string(), |b| b.to_string());
        let buffer = BUFFERS.iter().copied().find(|b| *b == buffer);
        let reminder = REMINDERS
            .iter()
            .copied()
            .find(|r| r.parse() == Ok(d.reminder_minutes))
            .unwrap_or("Never");
        let status = match sound {
            Ok(device) => format!("Playing on {device}."),
            Err(why) => format!("No sound: {why}"),
        };
        container(
            column![
                text("Settings").size(theme::TITLE),
                text(status).size(theme::BODY),
                line(
                    "Output device",
                    row![
                        pick_list(
                            self.devices.as_slice(),
                            Some(d.device.clone().unwrap_or_else(|| SYSTEM_DEFAULT.into())),
                            Message::Device
                        ),
                        button(text("Look again")).on_press(Message::RefreshDevices),
                    ]
                    .spacing(8)
                    .into()
                ),
                line(
                    "Buffer (frames)",
                    pick_list(&BUFFERS[..], buffer, Message::Buffer).into()
                ),
                button(text("Use this device").size(theme::BODY))
                    .padding(theme::TARGET_PADDING)
                    .on_press(Message::Apply)
                    .style(button::primary),
                line(
                    "Output volume",
                    row![
                        slider(-40.0..=0.0, d.volume_db, Message::Volume).width(300),
                        text(format!("{:.0} dB", d.volume_db)),
                    ]
                    .spacing(8)
                    .into()
                ),
                line(
                    "Theme",
                    pick_list(
                        &THEMES[..],
                        Some(if d.theme == ThemeChoice::Light {
                            "Light"
                        } else {
                            "Dark"
                        }),
                        Message::Theme
                    )
                    .into()
                ),
                line(
                    "Level roving",
                    toggler(d.roving)
                        .label("small random level offsets, so loudness never gives the answer")
                        .on_toggle(Message::Roving)
                        .into()
                ),
                line(
                    "Break reminder (min)",
                    pick_list(&REMINDERS[..], Some(reminder), Message::Reminder).into()
                ),
                line(
                    "Data folder",
                    text(data.map_or_else(
                        || "none (progress is not kept)".to_string(),
                        |d| d.root().display().to_string()
                    ))
                    .into()
                ),
                text("Start mixtutor with --data-dir DIR (or MIXTUTOR_DATA_DIR) to use another.")
                    .size(theme::SMALL),
                button(text("Run the first-run checks again")).on_press(Message::Welcome),
            ]
            .spacing(14)
            .max_width(900),
        )
        .padding(20)
        .style(theme::card)
        .width(Length::Fill)
        .into()
    }
}
