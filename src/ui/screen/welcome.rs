//! The first-run welcome: is there sound, a comfortable level on pink
//! noise, and a tone check of the lowest and highest tones the learner's
//! headphones and ears reproduce, so drills skip bands they cannot hear.

use crate::settings::Hearing;
use crate::ui::theme;
use iced::widget::{button, column, container, row, slider, text};
use iced::{Element, Length};

/// Tones for the low and high limits, Hz.
pub const LOW_TONES: [f64; 7] = [20.0, 25.0, 31.5, 40.0, 50.0, 63.0, 80.0];
pub const HIGH_TONES: [f64; 7] = [
    8_000.0, 10_000.0, 12_500.0, 14_000.0, 16_000.0, 18_000.0, 20_000.0,
];

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Step {
    #[default]
    Sound,
    Level,
    Low,
    High,
}

#[derive(Debug, Default)]
pub struct State {
    step: Step,
    /// The lowest and highest tones marked as heard.
    low: Option<f64>,
    high: Option<f64>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Next,
    Skip,
    PlayNoise,
    Volume(f32),
    Play(f64),
    Heard(f64),
    Stop,
}

pub enum Event {
    Noise,
    Tone(f64),
    Volume(f32),
    Stop,
    Finish(Option<Hearing>),
}

impl State {
    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::Next => {
                self.step = match self.step {
                    Step::Sound => Step::Level,
                    Step::Level => Step::Low,
                    Step::Low => Step::High,
                    Step::High => return Some(Event::Finish(self.hearing())),
                };
                Some(Event::Stop)
            }
            Message::Skip => Some(Event::Finish(None)),
            Message::PlayNoise => Some(Event::Noise),
            Message::Volume(db) => Some(Event::Volume(db)),
            Message::Play(hz) => Some(Event::Tone(hz)),
            Message::Heard(hz) => {
                match self.step {
                    Step::Low => self.low = Some(hz),
                    Step::High => self.high = Some(hz),
                    _ => {}
                }
                None
            }
            Message::Stop => Some(Event::Stop),
        }
    }

    /// What the check found; bands outside it are skipped. Nothing marked
    /// means the full range is assumed.
    fn hearing(&self) -> Option<Hearing> {
        (self.low.is_some() || self.high.is_some()).then(|| Hearing {
            low_hz: self.low.unwrap_or(20.0),
            high_hz: self.high.unwrap_or(20_000.0),
        })
    }

    pub fn view<'a>(&'a self, sound: Result<&str, &str>, volume_db: f32) -> Element<'a, Message> {
        let next = |label: &'static str| {
            button(text(label).size(theme::HEADING))
                .padding(theme::TARGET_PADDING)
                .on_press(Message::Next)
                .style(button::primary)
        };
        let body = match self.step {
            Step::Sound => {
                let status = match sound {
                    Ok(device) => format!("Sound plays on: {device}."),
                    Err(why) => format!(
                        "No audio device: {why}. You can still read lessons, look at your \
                         progress and use the desk; choose a device in Settings when one is \
                         connected."
                    ),
                };
                column![
                    text("Welcome to mixtutor").size(theme::TITLE),
                    text(
                        "You will learn to hear what mixing engineers hear: levels, EQ, \
                         compression, space. Three quick checks first, about a minute."
                    )
                    .size(theme::BODY),
                    text(status).size(theme::BODY),
                    row![
                        next("Next"),
                        button(text("Skip the checks")).on_press(Message::Skip)
                    ]
                    .spacing(12),
                ]
            }
            Step::Level => column![
                text("A comfortable level").size(theme::TITLE),
                text(
                    "Play the noise and set the volume so it is clearly audible but never \
                     loud: you should be able to talk over it. Everything in mixtutor plays \
                     at about this level."
                )
                .size(theme::BODY),
                row![
                    button(text("Play noise")).on_press(Message::PlayNoise),
                    button(text("Stop")).on_press(Message::Stop),
                    text(format!("Volume {volume_db:.0} dB")),
                    slider(-40.0..=0.0, volume_db, Message::Volume).width(300),
                ]
                .spacing(12)
                .align_y(iced::Center),
                next("Next"),
            ],
            Step::Low | Step::High => {
                let (tones, title, pick) = if self.step == Step::Low {
                    (&LOW_TONES[..], "How low do your headphones go?", self.low)
                } else {
                    (&HIGH_TONES[..], "How high can you hear?", self.high)
                };
                let mut tone_row = row![].spacing(8);
                for &hz in tones {
                    let marked = pick == Some(hz);
                    tone_row = tone_row.push(
                        column![
                            button(text(crate::quiz::hz_label(hz)).center())
                                .width(80)
                                .on_press(Message::Play(hz)),
                            button(
                                text(if marked { "heard ✓" } else { "I hear it" })
                                    .size(theme::SMALL)
                                    .center()
                            )
                            .width(80)
                            .on_press(Message::Heard(hz))
                            .style(theme::toggle(marked)),
                        ]
                        .spacing(4),
                    );
                }
                let hint = if self.step == Step::Low {
                    "Play each tone, quietest first. Mark the lowest one you can still hear."
                } else {
                    "Play each tone. Mark the highest one you can still hear."
                };
                column![
                    text(title).size(theme::TITLE),
                    text(hint).size(theme::BODY),
                    tone_row,
                    row![
                        button(text("Stop")).on_press(Message::Stop),
                        next(if self.step == Step::Low {
                            "Next"
                        } else {
                            "Finish"
                        }),
                    ]
                    .spacing(12),
                ]
            }
        };
        container(body.spacing(16).max_width(900))
            .padding(24)
            .style(theme::card)
            .width(Length::Fill)
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_keeps_the_tones_marked_as_heard() {
        let mut s = State::default();
        for m in [Message::Next, Message::Next] {
            s.update(m);
        }
        s.update(Message::Heard(40.0));
        s.update(Message::Next);
        s.update(Message::Heard(14_000.0));
        match s.update(Message::Next) {
            Some(Event::Finish(Some(h))) => {
                assert_eq!((h.low_hz, h.high_hz), (40.0, 14_000.0));
            }
            _ => panic!("finishing gives the hearing range"),
        }
    }
}
