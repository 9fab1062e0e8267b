//! The look: a calm dark theme by default (and a light one), large click
//! targets, and the few styles the screens share.

use crate::settings::ThemeChoice;
use iced::widget::{button, container};
use iced::{Border, Color, Theme, color};

/// Text sizes, so every screen reads at the same scale.
pub const TITLE: u32 = 28;
pub const HEADING: u32 = 20;
pub const BODY: u32 = 16;
pub const SMALL: u32 = 13;

/// Padding of a large click target.
pub const TARGET_PADDING: [u16; 2] = [12, 20];

/// The iced theme for a settings choice.
pub fn theme(choice: ThemeChoice) -> Theme {
    match choice {
        ThemeChoice::Dark => Theme::custom(
            "mixtutor dark",
            iced::theme::Palette {
                background: color!(0x1b1f24),
                text: color!(0xe6e8eb),
                primary: color!(0x4f8fd6),
                success: color!(0x4caf7a),
                warning: color!(0xd6a24f),
                danger: color!(0xd65f5f),
            },
        ),
        ThemeChoice::Light => Theme::custom(
            "mixtutor light",
            iced::theme::Palette {
                background: color!(0xf5f6f7),
                text: color!(0x1b1f24),
                primary: color!(0x2f6fb6),
                success: color!(0x2e8b57),
                warning: color!(0xb07a20),
                danger: color!(0xb83c3c),
            },
        ),
    }
}

/// A raised panel (a lesson card, a channel strip, a chart).
pub fn card(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        background: Some(p.background.weak.color.into()),
        border: Border {
            radius: 8.0.into(),
            width: 1.0,
            color: p.background.strong.color,
        },
        ..container::Style::default()
    }
}

/// The error or notice banner at the top of the window.
pub fn banner(theme: &Theme, danger: bool) -> container::Style {
    let p = theme.extended_palette();
    let pair = if danger {
        p.danger.weak
    } else {
        p.warning.weak
    };
    container::Style {
        background: Some(pair.color.into()),
        text_color: Some(pair.text),
        border: Border {
            radius: 6.0.into(),
            ..Border::default()
        },
        ..container::Style::default()
    }
}

/// A button style chosen at run time.
pub type ButtonStyle<'a> = Box<dyn Fn(&Theme, button::Status) -> button::Style + 'a>;

/// A button that shows whether it is the one selected (A/B/C, tabs, bands).
pub fn toggle(selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        if selected {
            button::primary(theme, status)
        } else {
            button::secondary(theme, status)
        }
    }
}

/// A choice after answering: green when it was right, red when it was the
/// learner's wrong answer.
pub fn verdict(right: bool, chosen: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        if right {
            button::success(theme, status)
        } else if chosen {
            button::danger(theme, status)
        } else {
            button::secondary(theme, status)
        }
    }
}

/// Muted text (captions, units).
pub fn muted(theme: &Theme) -> Color {
    let mut c = theme.palette().text;
    c.a = 0.65;
    c
}
