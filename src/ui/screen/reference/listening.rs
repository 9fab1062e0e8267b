//! Listening to the pair: the waveforms with the loop, the sides (named,
//! blind or ABX), the playback system, the alignment, and the blind and
//! ABX verdicts.

use super::*;
use iced::widget::{button, column, container, row, slider, text};

impl State {
    pub(super) fn listening<'a>(&'a self, status: &DeckStatus) -> Element<'a, Message> {
        let Some(c) = &self.compared else {
            return Space::new().into();
        };
        let gain = c.comparison.reference_gain_db;
        let side = |label: String, v: usize| {
            button(text(label).size(theme::HEADING))
                .padding([16, 24])
                .on_press(Message::Hear(v))
                .style(theme::toggle(self.heard == v))
        };
        let mut transport = row![].spacing(10).align_y(iced::Center);
        match (&self.blind, &self.abx) {
            (Some(_), _) => {
                transport = transport
                    .push(side("1".into(), 0))
                    .push(side("2".into(), 1));
            }
            (_, Some(_)) => {
                transport = transport
                    .push(side("A  mix".into(), 0))
                    .push(side("B  reference".into(), 1))
                    .push(side("X".into(), 2));
            }
            _ => {
                transport = transport
                    .push(side("Your mix".into(), 0))
                    .push(side("The reference".into(), 1));
            }
        }
        transport = transport
            .push(
                button(text(if status.playing { "Stop" } else { "Play" }).size(theme::HEADING))
                    .padding([16, 24])
                    .on_press(Message::PlayStop),
            )
            .push(
                button(text("Blind"))
                    .on_press(Message::Blind)
                    .style(theme::toggle(self.blind.is_some())),
            )
            .push(
                button(text("ABX"))
                    .on_press(Message::Abx)
                    .style(theme::toggle(self.abx.is_some())),
            )
            .push(text("Hear through").size(theme::SMALL))
            .push(pick_list(
                &System::ALL[..],
                Some(self.system),
                Message::System,
            ));
        let frames = c.mix.frames().max(1) as f32;
        let region = self
            .loop_frames(c.mix.frames())
            .map(|(s, e)| (s as f32 / frames, e as f32 / frames));
        let position = status.frame as f32 / frames;
        let ref_frames = c.reference.frames().max(1) as f32;
        let shift = self.offset_s * crate::SAMPLE_RATE_HZ as f32 / ref_frames;
        let mut col = column![
            text(format!(
                "Reference matched by {gain:+.2} dB (it was {}).",
                louder_or_quieter(c.comparison.differences.integrated_lu)
            ))
            .size(theme::BODY),
            Waveform {
                peaks: &self.peaks.0,
                region,
                position,
                label: "your mix".into(),
            }
            .view(48.0),
            Waveform {
                peaks: &self.peaks.1,
                region: region.map(|(s, e)| (s + shift, e + shift)),
                position: position + shift,
                label: "reference (loop as aligned)".into(),
            }
            .view(48.0),
            transport,
            row![
                text(format!("Align the reference: {:+.2} s", self.offset_s)).width(230),
                slider(-10.0..=10.0, self.offset_s, Message::Offset)
                    .step(0.01)
                    .width(400),
            ]
            .spacing(8)
            .align_y(iced::Center),
        ]
        .spacing(10);
        if let Some(b) = &self.blind {
            let _ = b;
            col = col.push(
                row![
                    text("Which one is the reference?").size(theme::BODY),
                    button(text("1 is the reference")).on_press(Message::BlindAnswer(0)),
                    button(text("2 is the reference")).on_press(Message::BlindAnswer(1)),
                ]
                .spacing(10)
                .align_y(iced::Center),
            );
            if let Some(right) = self.blind_answer {
                col = col.push(
                    text(if right {
                        "Right: you can tell your mix from the reference blind."
                    } else {
                        "Not this time: the two are close enough to fool you. Press Blind twice \
                         for a new draw."
                    })
                    .size(theme::BODY),
                );
            }
        }
        if let Some(abx) = &self.abx {
            let score = format!(
                "Trial {} of {}: {} right so far. The chance of doing this well by guessing: \
                 p = {:.3}.",
                (abx.answered() + 1).min(abx.trials()),
                abx.trials(),
                abx.correct(),
                binomial_p_value(abx.correct(), abx.answered()),
            );
            col = col.push(text(score).size(theme::BODY));
            if abx.done() {
                let verdict = if abx.p_value() < 0.05 {
                    "You hear a real difference (p < 0.05)."
                } else {
                    "Not enough to be sure you hear a difference."
                };
                col = col.push(text(verdict).size(theme::BODY));
            } else {
                col = col.push(
                    row![
                        button(text("X is A (the mix)")).on_press(Message::AbxAnswer(true)),
                        button(text("X is B (the reference)")).on_press(Message::AbxAnswer(false)),
                    ]
                    .spacing(10),
                );
            }
            if let Some(last) = self.abx_last {
                col = col.push(
                    text(if last { "Last: right." } else { "Last: wrong." }).size(theme::SMALL),
                );
            }
        }
        container(col)
            .padding(16)
            .style(theme::card)
            .width(Length::Fill)
            .into()
    }
}
