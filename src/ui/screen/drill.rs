//! A drill: big A / B buttons (and C, the learner's own answer, after
//! answering), play and loop, the choices (bands on a log-frequency axis,
//! stems, amounts…) or the controls of a restoring drill, then feedback
//! with the answer, the score and a picture of the difference.
//!
//! Keyboard: Space play/stop, A/B/C or Tab to switch, 1–9 choose, Enter
//! check / next, L loop, S solo ↔ mix.

use crate::audio::Audio;
use crate::audio::deck::DeckStatus;
use crate::quiz::{DrillKind, skill, solo_stem};
use crate::ui::effect::{Answered, Given, Picture, Ready};
use crate::ui::theme;
use crate::ui::widget::band_axis::{Band, band_axis};
use crate::ui::widget::plot::{Axis, Plot};
use iced::keyboard::{Key, key::Named};
use iced::widget::{Space, button, column, container, row, scrollable, slider, text};
use iced::{Element, Length};
use std::sync::Arc;

#[derive(Default)]
pub struct State {
    /// The lesson asked for; `None` follows reviews and the curriculum.
    lesson: Option<String>,
    started: bool,
    loading: bool,
    error: Option<String>,
    ready: Option<Ready>,
    picked: Option<usize>,
    controls: Vec<f64>,
    answered: Option<Answered>,
    given: Option<Given>,
    variant: usize,
    looping: bool,
    /// Only the changed stem heard, and its A and B once rendered.
    solo: bool,
    solo_pair: Option<(Arc<Audio>, Arc<Audio>)>,
    asked: usize,
    right: usize,
}

#[derive(Clone, Debug)]
pub enum Message {
    Select(usize),
    Cycle,
    PlayStop,
    ToggleLoop,
    ToggleSolo,
    Pick(usize),
    Control(usize, f64),
    /// Check the answer, or go on after feedback.
    Confirm,
    Next,
    Leave,
    /// Restore a "match it" drill on the mixing desk.
    OnDesk,
}

pub enum Event {
    Select(usize),
    PlayStop,
    Loop(bool),
    /// Solo the changed stem (true) or hear the mix.
    Solo(bool),
    Answer(Given),
    Next,
    Leave,
    OnDesk,
}

/// The message a key stands for in a drill, if any.
pub fn key_message(key: &Key) -> Option<Message> {
    match key.as_ref() {
        Key::Named(Named::Space) => Some(Message::PlayStop),
        Key::Named(Named::Tab) => Some(Message::Cycle),
        Key::Named(Named::Enter) => Some(Message::Confirm),
        Key::Character(c) => match c.to_lowercase().as_str() {
            "a" => Some(Message::Select(0)),
            "b" => Some(Message::Select(1)),
            "c" => Some(Message::Select(2)),
            "l" => Some(Message::ToggleLoop),
            "s" => Some(Message::ToggleSolo),
            d => d
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=9).contains(n))
                .map(|n| Message::Pick(n - 1)),
        },
        _ => None,
    }
}

impl State {
    /// A new run of drills of `lesson` (or of the suggested practice).
    pub fn for_lesson(lesson: Option<String>) -> Self {
        Self {
            lesson,
            started: true,
            looping: true,
            ..Self::default()
        }
    }

    pub fn lesson(&self) -> Option<&str> {
        self.lesson.as_deref()
    }

    pub fn started(&self) -> bool {
        self.started
    }

    pub fn looping(&self) -> bool {
        self.looping
    }

    pub fn variant(&self) -> usize {
        self.variant
    }

    pub fn picture(&self) -> Option<&Picture> {
        self.answered.as_ref().map(|a| &a.picture)
    }

    pub fn ready(&self) -> Option<&Ready> {
        self.ready.as_ref()
    }

    pub fn set_loading(&mut self) {
        self.loading = true;
        self.error = None;
    }

    pub fn set_error(&mut self, e: &str) {
        self.loading = false;
        self.error = Some(e.to_string());
    }

    pub fn set_question(&mut self, ready: Ready) {
        self.controls = ready
            .question
            .exercise
            .controls
            .iter()
            .map(|c| c.start)
            .collect();
        self.ready = Some(ready);
        self.loading = false;
        self.error = None;
        self.picked = None;
        self.answered = None;
        self.given = None;
        self.variant = 0;
        self.solo = false;
        self.solo_pair = None;
        self.asked += 1;
    }

    pub fn has_solo(&self) -> bool {
        self.solo_pair.is_some()
    }

    pub fn set_solo_pair(&mut self, a: Arc<Audio>, b: Arc<Audio>) {
        self.solo_pair = Some((a, b));
        self.variant = self.variant.min(1);
    }

    /// Whether only the changed stem is heard.
    pub fn soloed(&self) -> bool {
        self.solo && self.solo_pair.is_some()
    }

    pub fn set_answered(&mut self, answered: Answered) {
        if answered.outcome.score.correct {
            self.right += 1;
        }
        self.answered = Some(answered);
        self.loading = false;
    }

    /// What the deck plays: A and B, and C once answered (when the answer
    /// is a mix).
    pub fn clips(&self) -> Option<Vec<Arc<Audio>>> {
        let r = self.ready.as_ref()?;
        if self.solo
            && let Some((a, b)) = &self.solo_pair
        {
            // C is an answer for the whole mix; solo compares A and B.
            return Some(vec![Arc::clone(a), Arc::clone(b)]);
        }
        let mut clips = vec![Arc::clone(&r.a), Arc::clone(&r.b)];
        if let Some(c) = self.answered.as_ref().and_then(|a| a.c.as_ref()) {
            clips.push(Arc::clone(c));
        }
        Some(clips)
    }

    fn variants(&self) -> usize {
        self.clips().map_or(2, |c| c.len())
    }

    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::Select(v) if v < self.variants() => {
                self.variant = v;
                Some(Event::Select(v))
            }
            Message::Select(_) => None,
            Message::Cycle => {
                self.variant = (self.variant + 1) % self.variants();
                Some(Event::Select(self.variant))
            }
            Message::PlayStop => self.ready.as_ref().map(|_| Event::PlayStop),
            Message::ToggleSolo => {
                let ex = &self.ready.as_ref()?.question.exercise;
                solo_stem(ex)?;
                self.solo = !self.solo;
                if self.solo {
                    self.variant = self.variant.min(1);
                }
                Some(Event::Solo(self.solo))
            }
            Message::ToggleLoop => {
                self.looping = !self.looping;
                Some(Event::Loop(self.looping))
            }
            Message::Pick(i) => {
                let choices = self.ready.as_ref()?.question.exercise.choices.len();
                if self.answered.is_none() && self.given.is_none() && i < choices {
                    self.picked = Some(i);
                }
                None
            }
            Message::Control(i, v) => {
                if self.answered.is_none()
                    && let Some(slot) = self.controls.get_mut(i)
                {
                    *slot = v;
                }
                None
            }
            Message::Confirm => {
                if self.answered.is_some() {
                    return Some(Event::Next);
                }
                if self.given.is_some() || self.ready.is_none() {
                    return None;
                }
                let ex = &self.ready.as_ref()?.question.exercise;
                let given = if ex.drill.kind.uses_controls() {
                    Given::Controls(self.controls.clone())
                } else {
                    Given::Choice(self.picked?)
                };
                self.given = Some(given.clone());
                self.loading = true;
                Some(Event::Answer(given))
            }
            Message::Next => self.answered.as_ref().map(|_| Event::Next),
            Message::Leave => Some(Event::Leave),
            Message::OnDesk => {
                (self.answered.is_none() && self.given.is_none()).then_some(Event::OnDesk)
            }
        }
    }

    pub fn view(&self, status: &DeckStatus, sound: Result<&str, &str>) -> Element<'_, Message> {
        let Some(ready) = &self.ready else {
            let note = match (&self.error, self.loading) {
                (Some(e), _) => format!("This drill could not start: {e}"),
                (None, true) => "Preparing the question…".into(),
                (None, false) => "Choose a lesson on Home, or start today's practice.".into(),
            };
            return column![
                text(note).size(theme::HEADING),
                button(text("← Home")).on_press(Message::Leave)
            ]
            .spacing(16)
            .into();
        };
        let q = &ready.question;
        let ex = &q.exercise;
        let header = column![
            row![
                button(text("← Home")).on_press(Message::Leave),
                Space::new().width(12),
                text(format!(
                    "Question {} · {} right so far",
                    self.asked, self.right
                ))
                .size(theme::SMALL),
                Space::new().width(Length::Fill),
                text(skill_line(
                    &q.exercise.skill,
                    q.staircase.threshold(),
                    ex.level
                ))
                .size(theme::SMALL),
            ]
            .align_y(iced::Center),
            text(ex.question.clone()).size(theme::HEADING),
            text(format!("Material: {}", ex.stage.description)).size(theme::SMALL),
        ]
        .spacing(6);

        let mut transport = row![].spacing(12).align_y(iced::Center);
        let names = ["A  original", "B  changed", "C  your answer"];
        for (v, name) in names.iter().enumerate().take(self.variants()) {
            transport = transport.push(
                button(text(*name).size(theme::HEADING))
                    .padding([18, 28])
                    .on_press(Message::Select(v))
                    .style(theme::toggle(self.variant == v)),
            );
        }
        let seconds = ready.a.duration_s();
        transport = transport
            .push(
                button(text(if status.playing { "Stop" } else { "Play" }).size(theme::HEADING))
                    .padding([18, 28])
                    .on_press(Message::PlayStop),
            )
            .push(
                button(text("Loop"))
                    .padding(theme::TARGET_PADDING)
                    .on_press(Message::ToggleLoop)
                    .style(theme::toggle(self.looping)),
            );
        if let Some(stem) = solo_stem(ex) {
            let name = ex
                .stage
                .loaded
                .stems
                .iter()
                .find(|s| s.name == stem)
                .map_or(stem, |s| s.display.as_str());
            transport = transport.push(
                button(text(format!("Solo: {name}")))
                    .padding(theme::TARGET_PADDING)
                    .on_press(Message::ToggleSolo)
                    .style(theme::toggle(self.solo)),
            );
        }
        transport = transport.push(
            text(format!(
                "{:.1} / {seconds:.1} s",
                status.frame as f64 / crate::SAMPLE_RATE_HZ as f64
            ))
            .size(theme::SMALL),
        );

        let answer: Element<'_, Message> = if ex.drill.kind.uses_controls() {
            self.controls_view()
        } else {
            self.choices_view()
        };
        let check = button(
            text(if self.answered.is_some() {
                "Next question"
            } else {
                "Check answer"
            })
            .size(theme::HEADING),
        )
        .padding(theme::TARGET_PADDING)
        .style(button::primary)
        .on_press_maybe(self.can_confirm().then_some(Message::Confirm));

        let mut page = column![header, transport].spacing(18);
        if let Err(why) = sound {
            page = page.push(
                text(format!(
                    "No sound: {why}. You can still answer; choose a device in Settings to hear A and B."
                ))
                .size(theme::SMALL),
            );
        }
        let mut page = page.push(answer).push(check);
        if let Some(e) = &self.error {
            page = page.push(text(e.clone()).size(theme::BODY));
        }
        if self.loading {
            page = page.push(text("…").size(theme::BODY));
        }
        if let Some(a) = &self.answered {
            page = page.push(self.feedback(a));
        }
        scrollable(page.max_width(1200)).height(Length::Fill).into()
    }

    fn can_confirm(&self) -> bool {
        if self.answered.is_some() {
            return true;
        }
        let Some(r) = &self.ready else {
            return false;
        };
        self.given.is_none()
            && (r.question.exercise.drill.kind.uses_controls() || self.picked.is_some())
    }

    fn choices_view(&self) -> Element<'_, Message> {
        let Some(r) = &self.ready else {
            return Space::new().into();
        };
        let ex = &r.question.exercise;
        let done = self.answered.is_some() || self.given.is_some();
        let style_of = |i: usize| -> theme::ButtonStyle<'static> {
            if self.answered.is_some() {
                Box::new(theme::verdict(i == ex.answer, self.picked == Some(i)))
            } else {
                Box::new(theme::toggle(self.picked == Some(i)))
            }
        };
        let on_band_axis = matches!(ex.drill.kind, DrillKind::WhichBand { .. })
            && ex.choices.iter().all(|c| band_hz(c).is_some());
        if on_band_axis {
            let bands = ex
                .choices
                .iter()
                .enumerate()
                .map(|(i, c)| Band {
                    label: format!("{}  {}", i + 1, c.label),
                    hz: band_hz(c).unwrap_or(1000.0),
                    on_press: (!done).then_some(Message::Pick(i)),
                    style: style_of(i),
                })
                .collect();
            return column![
                band_axis(bands),
                text("low ← frequency → high").size(theme::SMALL)
            ]
            .spacing(4)
            .into();
        }
        let mut line = row![].spacing(10);
        for (i, c) in ex.choices.iter().enumerate() {
            let style = style_of(i);
            line = line.push(
                button(text(format!("{}  {}", i + 1, c.label)).size(theme::BODY))
                    .padding(theme::TARGET_PADDING)
                    .on_press_maybe((!done).then_some(Message::Pick(i)))
                    .style(move |t, s| style(t, s)),
            );
        }
        line.wrap().into()
    }

    fn controls_view(&self) -> Element<'_, Message> {
        let Some(r) = &self.ready else {
            return Space::new().into();
        };
        let mut list = column![
            row![
                text("Move the controls until B sounds like A again.").size(theme::BODY),
                button(text("Restore it on the mixing desk")).on_press_maybe(
                    (self.answered.is_none() && self.given.is_none()).then_some(Message::OnDesk)
                ),
            ]
            .spacing(16)
            .align_y(iced::Center)
        ]
        .spacing(10);
        for (i, c) in r.question.exercise.controls.iter().enumerate() {
            let value = self.controls.get(i).copied().unwrap_or(c.start);
            list = list.push(
                row![
                    text(c.label.clone()).width(220),
                    slider(c.min..=c.max, value, move |v| Message::Control(i, v))
                        .step(0.1)
                        .width(400),
                    text(format!("{value:+.1} {}", c.unit)),
                ]
                .spacing(12)
                .align_y(iced::Center),
            );
        }
        list.into()
    }

    fn feedback<'a>(&'a self, a: &'a Answered) -> Element<'a, Message> {
        let Some(r) = &self.ready else {
            return Space::new().into();
        };
        let ex = &r.question.exercise;
        let s = &a.outcome.score;
        let verdict = if s.correct {
            format!("Right: {}.", ex.answer_label())
        } else {
            format!(
                "Not quite — the answer was {} ({:.0} % for yours).",
                ex.answer_label(),
                s.points * 100.0
            )
        };
        let mut col = column![text(verdict).size(theme::HEADING)].spacing(8);
        if a.c.is_some() {
            col = col.push(
                text("Press C to hear your answer, then A and B again knowing what changed.")
                    .size(theme::BODY),
            );
        } else {
            col = col.push(text("Listen to A and B again knowing what changed.").size(theme::BODY));
        }
        if let Some(sentence) = &a.outcome.sentence {
            col = col.push(text(format!("So far {sentence}.")).size(theme::BODY));
        }
        let plot = match &a.picture {
            Picture::Spectrum(points) => Plot {
                points: points.clone(),
                second: Vec::new(),
                range: Vec::new(),
                axis: Axis::Frequency,
                below_zero: false,
                range_db: 6.0,
                caption: "B − A by ⅓-octave band".into(),
            },
            Picture::Level(points) => Plot {
                points: points.clone(),
                second: Vec::new(),
                range: Vec::new(),
                axis: Axis::Time,
                below_zero: false,
                range_db: 3.0,
                caption: "B − A level over time (10 ms)".into(),
            },
            Picture::Reduction { strip, a, b } => Plot {
                points: b.clone(),
                second: a.clone(),
                range: Vec::new(),
                axis: Axis::Time,
                below_zero: true,
                range_db: 6.0,
                caption: format!("{strip}: gain reduction over time, B (blue) and A (amber)"),
            },
            Picture::Decay { what, a, b } => Plot {
                points: b.clone(),
                second: a.clone(),
                range: Vec::new(),
                axis: Axis::Time,
                below_zero: true,
                range_db: 60.0,
                caption: format!("{what} decay of one click, 3 s: B (blue) and A (amber)"),
            },
        };
        col = col.push(plot.view(180.0));
        col = col.push(text("Enter or “Next question” to go on.").size(theme::SMALL));
        container(col)
            .padding(16)
            .style(theme::card)
            .width(Length::Fill)
            .into()
    }
}

/// The centre frequency a band choice names (its key is the band in Hz).
fn band_hz(c: &crate::quiz::Choice) -> Option<f64> {
    c.key.as_deref()?.parse::<f64>().ok().filter(|f| *f > 0.0)
}

/// "EQ boosts · level 6 dB · threshold 2.5 dB" for the header.
fn skill_line(skill_id: &str, threshold: Option<f64>, level: f64) -> String {
    let Some(s) = skill(skill_id) else {
        return skill_id.to_string();
    };
    match threshold {
        Some(t) => format!(
            "{} · this question {level:.1} {u} · your threshold {t:.1} {u}",
            s.name,
            u = s.unit
        ),
        None => format!("{} · this question {level:.1} {}", s.name, s.unit),
    }
}
