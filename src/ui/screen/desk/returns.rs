//! Return strips: one per shared reverb or delay. A return's settings live
//! on every send that feeds it (the strip format), so an edit here changes
//! all of those sends together and they stay one return. Its level is the
//! loudest send's, and moving it moves every send by the same dB, which is
//! what a return fader does: the returns are linear.

use super::detail::labelled;
use super::{Edit, Message, ReturnId};
use crate::engine::Mix;
use crate::engine::returns::{
    Kind, Return, ReturnEdit, delay_of, fresh_delay, fresh_reverb, level_db, reverb_of, send_db,
};
use crate::engine::strip::DelaySend;
use crate::ui::theme;
use iced::widget::{
    Space, button, column, container, pick_list, row, slider, text, vertical_slider,
};
use iced::{Element, Length};

/// A send's level range on the desk, dB.
pub const SEND_DB: (f32, f32) = (-40.0, 0.0);

/// Note values a delay can follow the tempo by.
const NOTES: [&str; 7] = ["1/4", "1/4.", "1/8", "1/8.", "1/8t", "1/16", "1/16."];

/// The return's strip on the desk's row.
/// `label` names a strip as the desk shows it ("Bell lead" for `bells`).
pub(super) fn card<'a>(
    mix: &Mix,
    label: &dyn Fn(&str) -> String,
    ret: &Return,
    muted: bool,
    selected: bool,
    tempo_bpm: f32,
) -> Element<'a, Message> {
    let id = ReturnId::of(ret);
    let level = level_db(mix, ret);
    let summary = match ret.kind {
        Kind::Reverb => reverb_of(mix, ret)
            .map(|r| format!("{:.1} s, {:.0} ms pre", r.decay_s, r.predelay_ms))
            .unwrap_or_default(),
        Kind::Delay => delay_of(mix, ret)
            .map(|d| time_label(&d, tempo_bpm))
            .unwrap_or_default(),
    };
    let edit = id.clone();
    container(
        column![
            button(text(ret.label()).size(theme::SMALL))
                .on_press(Message::SelectReturn(id.clone()))
                .style(theme::toggle(selected))
                .width(Length::Fill),
            text(summary).size(theme::SMALL),
            row![
                vertical_slider(SEND_DB.0..=SEND_DB.1, level.max(SEND_DB.0), move |v| {
                    Message::Return(edit.clone(), ReturnEdit::Level(v))
                })
                .step(0.5)
                .height(110),
                column![
                    text(format!("{level:+.1} dB")).size(theme::SMALL),
                    text(format!(
                        "from {}",
                        ret.feeders
                            .iter()
                            .map(|f| label(f))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                    .size(theme::SMALL),
                ]
                .spacing(4),
            ]
            .spacing(6),
            button(text("M").size(theme::SMALL))
                .on_press(Message::MuteReturn(id))
                .style(theme::toggle(muted)),
        ]
        .spacing(6)
        .width(130),
    )
    .padding(8)
    .style(theme::card)
    .into()
}

fn time_label(d: &DelaySend, tempo_bpm: f32) -> String {
    let ms = d.resolved_time_ms(tempo_bpm).unwrap_or(0.0);
    match &d.note {
        Some(n) => format!("{n} = {ms:.0} ms"),
        None => format!("{ms:.0} ms"),
    }
}

/// The selected return in detail: its character and every send into it.
pub(super) fn detail<'a>(
    mix: &Mix,
    label: &dyn Fn(&str) -> String,
    ret: &Return,
    tempo_bpm: f32,
) -> Element<'a, Message> {
    let id = ReturnId::of(ret);
    let on = move |e: ReturnEdit| Message::Return(id.clone(), e);
    let mut character = column![text("Character").size(theme::HEADING)].spacing(6);
    match ret.kind {
        Kind::Reverb => {
            if let Some(r) = reverb_of(mix, ret) {
                let (a, b, c, d) = (on.clone(), on.clone(), on.clone(), on.clone());
                character = character
                    .push(labelled(
                        "decay",
                        slider(0.2..=8.0, r.decay_s, move |v| a(ReturnEdit::Decay(v)))
                            .step(0.05)
                            .into(),
                        format!("{:.2} s", r.decay_s),
                    ))
                    .push(labelled(
                        "pre-delay",
                        slider(0.0..=200.0, r.predelay_ms, move |v| {
                            b(ReturnEdit::Predelay(v))
                        })
                        .step(1.0)
                        .into(),
                        format!("{:.0} ms", r.predelay_ms),
                    ))
                    .push(labelled(
                        "damping",
                        slider(0.0..=1.0, r.damping, move |v| c(ReturnEdit::Damping(v)))
                            .step(0.01)
                            .into(),
                        format!("{:.0} % dark", 100.0 * r.damping),
                    ))
                    .push(labelled(
                        "size",
                        slider(0.5..=2.0, r.size, move |v| d(ReturnEdit::Size(v)))
                            .step(0.01)
                            .into(),
                        format!("{:.2}×", r.size),
                    ));
            }
        }
        Kind::Delay => {
            if let Some(d) = delay_of(mix, ret) {
                let ms = d.resolved_time_ms(tempo_bpm).unwrap_or(250.0);
                let (a, b, c, e, f) = (on.clone(), on.clone(), on.clone(), on.clone(), on.clone());
                let notes: Vec<String> = NOTES.iter().map(|n| n.to_string()).collect();
                character = character
                    .push(labelled(
                        "time",
                        slider(20.0..=2000.0, ms, move |v| a(ReturnEdit::Time(v)))
                            .step(1.0)
                            .into(),
                        time_label(&d, tempo_bpm),
                    ))
                    .push(labelled(
                        "follow tempo",
                        pick_list(notes, d.note.clone(), move |n| b(ReturnEdit::Note(n))).into(),
                        format!("at {tempo_bpm:.0} BPM"),
                    ))
                    .push(labelled(
                        "feedback",
                        slider(0.0..=0.95, d.feedback, move |v| c(ReturnEdit::Feedback(v)))
                            .step(0.01)
                            .into(),
                        format!("{:.0} %", 100.0 * d.feedback),
                    ))
                    .push(labelled(
                        "high cut",
                        slider(
                            1000f32.log2()..=20_000f32.log2(),
                            d.high_cut_hz.log2(),
                            move |v| e(ReturnEdit::HighCut(v.exp2())),
                        )
                        .step(0.01)
                        .into(),
                        crate::quiz::hz_label(d.high_cut_hz as f64),
                    ))
                    .push(labelled(
                        "ping-pong",
                        button(text(if d.ping_pong { "On" } else { "Off" }))
                            .on_press(f(ReturnEdit::PingPong(!d.ping_pong)))
                            .style(theme::toggle(d.ping_pong))
                            .into(),
                        String::new(),
                    ));
            }
        }
    }
    let mut sends = column![text("Sends into it").size(theme::HEADING)].spacing(6);
    for name in &ret.feeders {
        let db = send_db(&mix.strip(name), ret.kind).unwrap_or(SEND_DB.0);
        let (who, on) = (name.clone(), on.clone());
        sends = sends.push(labelled(
            &label(name),
            slider(SEND_DB.0..=SEND_DB.1, db, move |v| {
                on(ReturnEdit::Send(who.clone(), v))
            })
            .step(0.5)
            .width(180)
            .into(),
            format!("{db:.1} dB"),
        ));
    }
    container(
        column![
            text(format!("Return: {}", ret.label())).size(theme::HEADING),
            text(
                "One return, shared by every strip that sends to it: its settings change it \
                 for all of them, and each strip's send sets how much of that strip goes in."
            )
            .size(theme::SMALL),
            row![
                container(character).width(Length::FillPortion(3)),
                Space::new().width(24),
                container(sends).width(Length::FillPortion(2)),
            ],
        ]
        .spacing(12),
    )
    .padding(16)
    .style(theme::card)
    .width(Length::Fill)
    .into()
}

/// A return a strip's send can go to, as its pick list shows it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Destination {
    label: String,
    pub(super) edit: Edit,
}

impl std::fmt::Display for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// Where one kind of send of strip `name` can go.
pub(super) struct SendChoice {
    /// Every return of the kind, then a new one.
    pub(super) destinations: Vec<Destination>,
    /// The return the strip sends to now.
    pub(super) current: Option<Destination>,
    /// What turning the send on does: join the first return (or a new one).
    pub(super) on: Edit,
}

/// The choices of strip `name`'s `kind` send.
pub(super) fn choice(
    mix: &Mix,
    returns: &[Return],
    kind: Kind,
    name: &str,
    tempo_bpm: f32,
) -> SendChoice {
    let mut destinations: Vec<Destination> = returns
        .iter()
        .filter(|r| r.kind == kind)
        .filter_map(|r| {
            let edit = match kind {
                Kind::Reverb => Edit::Reverb(Some(reverb_of(mix, r)?)),
                Kind::Delay => Edit::Delay(Some(delay_of(mix, r)?)),
            };
            Some(Destination {
                label: r.label(),
                edit,
            })
        })
        .collect();
    let current = returns
        .iter()
        .filter(|r| r.kind == kind)
        .position(|r| r.feeders.iter().any(|f| f == name))
        .and_then(|i| destinations.get(i).cloned());
    let fresh = match kind {
        Kind::Reverb => Destination {
            label: "New reverb".into(),
            edit: Edit::Reverb(Some(fresh_reverb(mix, returns))),
        },
        Kind::Delay => Destination {
            label: "New delay".into(),
            edit: Edit::Delay(Some(fresh_delay(mix, returns, tempo_bpm))),
        },
    };
    let on = destinations.first().unwrap_or(&fresh).edit.clone();
    destinations.push(fresh);
    SendChoice {
        destinations,
        current,
        on,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::StemLayout;
    use crate::engine::returns::apply;
    use crate::engine::returns::returns;

    fn setup() -> (Vec<StemLayout>, Mix) {
        let layout = ["clap", "pad", "vocal", "hats"]
            .iter()
            .map(|n| StemLayout {
                name: n.to_string(),
                channels: 1,
            })
            .collect();
        let mix = Mix::from_toml(
            r#"
            [stems.clap]
            reverb = { send_db = -14.0, decay_s = 1.2, predelay_ms = 15.0 }
            [stems.pad]
            reverb = { send_db = -12.0, decay_s = 2.2, predelay_ms = 25.0 }
            [stems.vocal]
            reverb = { send_db = -10.0, decay_s = 2.2, predelay_ms = 25.0 }
            "#,
        )
        .expect("mix");
        (layout, mix)
    }

    fn labels(c: &SendChoice) -> Vec<String> {
        c.destinations.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_send_turned_on_joins_the_first_return_and_can_move_to_another() {
        let (layout, mut mix) = setup();
        let r = returns(&layout, &mix, 120.0).expect("returns");
        let hats = choice(&mix, &r, Kind::Reverb, "hats", 120.0);
        assert_eq!(labels(&hats), ["Reverb 1", "Reverb 2", "New reverb"]);
        assert_eq!(hats.current, None);
        crate::ui::screen::desk::edit::apply(mix.strip_mut("hats"), hats.on);
        let r = returns(&layout, &mix, 120.0).expect("returns");
        assert_eq!(r.len(), 2, "no new return");
        assert_eq!(r[0].feeders, ["clap", "hats"]);

        // Moved to Reverb 2, the hats keep their send level.
        let hats = choice(&mix, &r, Kind::Reverb, "hats", 120.0);
        assert_eq!(
            hats.current.as_ref().map(ToString::to_string),
            Some("Reverb 1".into())
        );
        let level = mix.strip("hats").reverb.map(|s| s.send_db);
        crate::ui::screen::desk::edit::apply(
            mix.strip_mut("hats"),
            hats.destinations[1].edit.clone(),
        );
        let r = returns(&layout, &mix, 120.0).expect("returns");
        assert_eq!(r[1].feeders, ["pad", "vocal", "hats"]);
        assert_eq!(mix.strip("hats").reverb.map(|s| s.send_db), level);

        // "New reverb" makes a third return, unlike the other two.
        let hats = choice(&mix, &r, Kind::Reverb, "hats", 120.0);
        let new = hats.destinations.last().expect("new").edit.clone();
        crate::ui::screen::desk::edit::apply(mix.strip_mut("hats"), new);
        let r = returns(&layout, &mix, 120.0).expect("returns");
        assert_eq!(r.len(), 3);
        assert_eq!(r[2].feeders, ["hats"]);
    }

    #[test]
    fn a_return_level_moves_every_send_by_the_same_db() {
        let (layout, mut mix) = setup();
        let r = returns(&layout, &mix, 120.0).expect("returns");
        assert_eq!(level_db(&mix, &r[1]), -10.0);
        apply(&mut mix, &r[1], &ReturnEdit::Level(-16.5));
        let send = |m: &Mix, s: &str| m.strip(s).reverb.map(|r| r.send_db);
        assert_eq!(send(&mix, "vocal"), Some(-16.5));
        assert_eq!(send(&mix, "pad"), Some(-18.5));
        assert_eq!(send(&mix, "clap"), Some(-14.0), "another return");
        apply(&mut mix, &r[1], &ReturnEdit::Send("pad".into(), -30.0));
        assert_eq!(send(&mix, "pad"), Some(-30.0));
        assert_eq!(send(&mix, "vocal"), Some(-16.5));
    }
}
