//! Home: the curriculum as a path grouped by topic, each lesson's state,
//! today's suggested practice, and the learner profile.

use crate::lessons::Lesson;
use crate::progress::{LessonState, Stats};
use crate::ui::theme;
use iced::widget::{
    Space, button, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Element, Length};
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct State {
    new_learner: String,
}

#[derive(Clone, Debug)]
pub enum Message {
    Open(String),
    Practise,
    Learner(String),
    NewLearnerName(String),
    AddLearner,
}

/// What the app must do.
pub enum Event {
    OpenLesson(String),
    Practise,
    SwitchLearner(String),
}

/// What home shows that the app owns.
pub struct Context<'a> {
    pub lessons: &'a [Lesson],
    pub progress: &'a HashMap<String, (i64, f64)>,
    pub learner: &'a str,
    pub learners: &'a [String],
    pub stats: Option<&'a Stats>,
    /// Whether progress is kept (the store is open).
    pub stored: bool,
}

impl State {
    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::Open(id) => Some(Event::OpenLesson(id)),
            Message::Practise => Some(Event::Practise),
            Message::Learner(name) => Some(Event::SwitchLearner(name)),
            Message::NewLearnerName(name) => {
                self.new_learner = name;
                None
            }
            Message::AddLearner => {
                let name = self.new_learner.trim().to_string();
                self.new_learner.clear();
                (!name.is_empty()).then_some(Event::SwitchLearner(name))
            }
        }
    }

    pub fn view<'a>(&'a self, cx: &Context<'a>) -> Element<'a, Message> {
        let state_of = |l: &Lesson| {
            let (n, recent) = cx.progress.get(&l.id).copied().unwrap_or((0, 0.0));
            (LessonState::of(n, recent), n, recent)
        };
        let next = cx
            .lessons
            .iter()
            .find(|l| state_of(l).0 != LessonState::Mastered);
        let mut today = column![text("Today's practice").size(theme::HEADING)].spacing(8);
        let due = cx.stats.map_or(&[][..], |s| s.due.as_slice());
        let plan = match (due, next) {
            ([], Some(l)) => format!("About 15 minutes: continue with “{}”.", l.title),
            ([], None) => "Every lesson is mastered: practise any of them to keep sharp.".into(),
            (due, _) => format!(
                "About 15 minutes: first a review of {} (skills due today), then the next lesson.",
                due.join(", ")
            ),
        };
        today = today.push(text(plan).size(theme::BODY));
        today = today.push(
            button(text("Start today's practice").size(theme::HEADING))
                .padding(theme::TARGET_PADDING)
                .on_press_maybe(cx.stored.then_some(Message::Practise))
                .style(button::primary),
        );
        if let Some(s) = cx.stats.filter(|s| s.attempts > 0) {
            today = today.push(
                text(format!(
                    "{} answers so far, {:.0} % right, {:.0} minutes; {} day(s) in a row.",
                    s.attempts,
                    100.0 * s.accuracy.unwrap_or(0.0),
                    s.practice_minutes,
                    s.streaks.current_days
                ))
                .size(theme::SMALL),
            );
        }

        let profile = row![
            text("Learner").size(theme::BODY),
            pick_list(cx.learners, Some(cx.learner.to_string()), Message::Learner),
            text_input("new profile name", &self.new_learner)
                .on_input(Message::NewLearnerName)
                .on_submit(Message::AddLearner)
                .width(180),
            button(text("Add")).on_press(Message::AddLearner),
        ]
        .spacing(8)
        .align_y(iced::Center);

        let mut path = column![text("Lessons").size(theme::HEADING)].spacing(12);
        let mut topics: Vec<&str> = Vec::new();
        for l in cx.lessons {
            if !topics.contains(&l.topic.as_str()) {
                topics.push(&l.topic);
            }
        }
        for topic in topics {
            let mut cards = row![].spacing(8);
            for l in cx.lessons.iter().filter(|l| l.topic == topic) {
                let (state, n, recent) = state_of(l);
                let badge = match state {
                    LessonState::New => "new".to_string(),
                    LessonState::InProgress => {
                        format!("{n} answers, {:.0} % lately", 100.0 * recent)
                    }
                    LessonState::Mastered => "mastered ✓".to_string(),
                };
                cards = cards.push(
                    button(
                        column![
                            text(l.title.clone()).size(theme::BODY),
                            text(badge).size(theme::SMALL),
                        ]
                        .spacing(4)
                        .width(200),
                    )
                    .padding(12)
                    .on_press(Message::Open(l.id.clone()))
                    .style(match state {
                        LessonState::Mastered => button::success,
                        LessonState::InProgress => button::primary,
                        LessonState::New => button::secondary,
                    }),
                );
            }
            path = path.push(
                column![
                    text(topic.to_string()).size(theme::BODY),
                    cards.wrap().vertical_spacing(8),
                ]
                .spacing(6),
            );
        }
        scrollable(
            column![
                row![
                    container(today)
                        .padding(16)
                        .style(theme::card)
                        .width(Length::Fill),
                    Space::new().width(16),
                    container(profile).padding(16).style(theme::card),
                ],
                path,
            ]
            .spacing(20),
        )
        .height(Length::Fill)
        .into()
    }
}
