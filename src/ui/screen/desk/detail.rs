//! The selected strip's processors in detail: EQ bands with the chain's
//! response curve, compressor, saturation and width, sends.

use super::returns::{SEND_DB, SendChoice};
use super::{Edit, Message};
use crate::dsp::eq::chain_response_db;
use crate::engine::strip::{EqType, Strip};
use crate::ui::theme;
use crate::ui::widget::plot::{Axis, Plot};
use iced::widget::{Space, button, column, container, pick_list, row, slider, text};
use iced::{Element, Length};

/// The selected strip's processors.
/// `sends` are where the strip's reverb and delay sends can go (none for
/// the master).
pub(super) fn detail<'a>(
    name: &str,
    strip: &Strip,
    sends: Option<[SendChoice; 2]>,
) -> Element<'a, Message> {
    let master = sends.is_none();
    let edit = |e: Edit| Message::Edit(None, e);
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
            range: Vec::new(),
            axis: Axis::Frequency,
            below_zero: false,
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
    let mut send_rows = column![text("Sends").size(theme::HEADING)].spacing(6);
    match sends {
        Some([reverb, delay]) => {
            send_rows = send_rows
                .push(send_row(
                    "reverb",
                    strip.reverb.map(|r| r.send_db),
                    reverb,
                    Edit::Reverb(None),
                    Edit::ReverbSend,
                ))
                .push(send_row(
                    "delay",
                    strip.delay.as_ref().map(|d| d.send_db),
                    delay,
                    Edit::Delay(None),
                    Edit::DelaySend,
                ));
        }
        None => send_rows = send_rows.push(text("The master has no sends.").size(theme::SMALL)),
    }
    container(
        column![
            text(format!("Strip: {name}")).size(theme::HEADING),
            eq,
            row![
                container(dynamics).width(Length::FillPortion(2)),
                container(colour).width(Length::FillPortion(2)),
                container(send_rows).width(Length::FillPortion(2)),
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
    choice: SendChoice,
    off: Edit,
    set: fn(f32) -> Edit,
) -> Element<'a, Message> {
    let toggle = if send_db.is_some() { off } else { choice.on };
    let mut line = column![
        row![
            text(label).width(60).size(theme::SMALL),
            button(text(if send_db.is_some() { "On" } else { "Off" }).size(theme::SMALL))
                .on_press(Message::Edit(None, toggle))
                .style(theme::toggle(send_db.is_some())),
        ]
        .spacing(8)
        .align_y(iced::Center),
    ]
    .spacing(4);
    if let Some(db) = send_db {
        line = line.push(
            row![
                slider(SEND_DB.0..=SEND_DB.1, db, move |v| Message::Edit(
                    None,
                    set(v)
                ))
                .step(0.5)
                .width(140),
                text(format!("{db:.1} dB")).size(theme::SMALL),
                text("to").size(theme::SMALL),
                pick_list(choice.destinations, choice.current, |d| {
                    Message::Edit(None, d.edit)
                })
                .text_size(theme::SMALL),
            ]
            .spacing(8)
            .align_y(iced::Center),
        );
    }
    line.into()
}

/// A control on one line: its name, the widget, its value in words.
pub(super) fn labelled<'a>(
    label: &str,
    widget: Element<'a, Message>,
    value: String,
) -> iced::widget::Row<'a, Message> {
    row![
        text(label.to_string()).width(120).size(theme::SMALL),
        widget,
        text(value).width(110).size(theme::SMALL)
    ]
    .spacing(8)
    .align_y(iced::Center)
}
