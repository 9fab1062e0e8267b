//! A lesson: its explanation, the "hear it" demos (toggle the change on and
//! off while knowing what it is), then Start drill.

use crate::lessons::Lesson;
use crate::ui::theme;
use iced::widget::{Space, button, column, container, row, scrollable, text};
use iced::{Element, Length};
use std::sync::Arc;

pub struct State {
    lesson: Arc<Lesson>,
    /// The demo playing, and whether the change is heard.
    demo: Option<(usize, bool)>,
    loading: bool,
}

#[derive(Clone, Debug)]
pub enum Message {
    Demo(usize),
    Hear(bool),
    Stop,
    StartDrill,
    Back,
}

pub enum Event {
    /// Load demo `i` and play it.
    Demo(usize),
    /// Hear the version without (false) or with (true) the change.
    Hear(bool),
    Stop,
    StartDrill,
    Back,
}

impl State {
    pub fn new(lesson: Arc<Lesson>) -> Self {
        Self {
            lesson,
            demo: None,
            loading: false,
        }
    }

    pub fn lesson(&self) -> Arc<Lesson> {
        Arc::clone(&self.lesson)
    }

    /// The demo's audio is on the deck.
    pub fn demo_ready(&mut self) {
        self.loading = false;
    }

    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::Demo(i) => {
                self.demo = Some((i, false));
                self.loading = true;
                Some(Event::Demo(i))
            }
            Message::Hear(after) => {
                let (i, _) = self.demo?;
                self.demo = Some((i, after));
                Some(Event::Hear(after))
            }
            Message::Stop => Some(Event::Stop),
            Message::StartDrill => Some(Event::StartDrill),
            Message::Back => Some(Event::Back),
        }
    }

    pub fn view(&self, playing: bool, sound: Result<&str, &str>) -> Element<'_, Message> {
        let l = &self.lesson;
        let mut demos = column![text("Hear it").size(theme::HEADING)].spacing(10);
        for (i, d) in l.demos.iter().enumerate() {
            let active = self.demo.filter(|(k, _)| *k == i);
            let mut line = row![
                button(text(d.name.clone()).size(theme::BODY))
                    .padding(theme::TARGET_PADDING)
                    .on_press(Message::Demo(i))
                    .style(theme::toggle(active.is_some())),
            ]
            .spacing(8)
            .align_y(iced::Center);
            if let Some((_, after)) = active {
                if self.loading {
                    line = line.push(text("preparing…"));
                } else {
                    line = line
                        .push(
                            button(text("Without"))
                                .padding(theme::TARGET_PADDING)
                                .on_press(Message::Hear(false))
                                .style(theme::toggle(!after)),
                        )
                        .push(
                            button(text("With the change"))
                                .padding(theme::TARGET_PADDING)
                                .on_press(Message::Hear(true))
                                .style(theme::toggle(after)),
                        )
                        .push(
                            button(text(if playing { "Stop" } else { "Stopped" }))
                                .on_press(Message::Stop),
                        );
                }
            }
            demos = demos.push(line);
            if !d.listen_for.is_empty() {
                demos =
                    demos.push(text(format!("Listen for: {}", d.listen_for)).size(theme::SMALL));
            }
        }
        if let Err(why) = sound {
            demos = demos.push(text(format!("No sound: {why}")).size(theme::SMALL));
        }
        if l.demos.is_empty() {
            demos = demos.push(text("This lesson goes straight to the drill.").size(theme::SMALL));
        }
        let start = button(text("Start drill").size(theme::HEADING))
            .padding(theme::TARGET_PADDING)
            .on_press_maybe((!l.drills.is_empty()).then_some(Message::StartDrill))
            .style(button::primary);
        scrollable(
            column![
                row![
                    button(text("← Lessons")).on_press(Message::Back),
                    Space::new().width(12),
                    text(l.title.clone()).size(theme::TITLE),
                    Space::new().width(Length::Fill),
                    start,
                ]
                .align_y(iced::Center),
                container(text(reflow(&l.explanation)).size(theme::BODY))
                    .padding(16)
                    .style(theme::card)
                    .width(Length::Fill),
                demos,
            ]
            .spacing(16)
            .max_width(1000),
        )
        .height(Length::Fill)
        .into()
    }
}

/// Lesson text as written in TOML (lines broken at 80 columns) reflowed:
/// paragraphs stay, line breaks inside them become spaces.
pub fn reflow(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn reflow_keeps_paragraphs_and_joins_lines() {
        assert_eq!(
            super::reflow("EQ changes\nthe level.\n\nPink noise\n  has energy.\n"),
            "EQ changes the level.\n\nPink noise has energy."
        );
    }
}
