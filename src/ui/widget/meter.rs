//! Meters: a level bar from −60 to 0 dB, and a gain-reduction bar, each
//! with its value written above it.

use iced::widget::{column, container, progress_bar, text};
use iced::{Element, Length};

/// The bottom of the scale, dB.
pub const FLOOR_DB: f32 = -60.0;

/// A labelled horizontal meter of `value_db` (−∞ reads as the floor).
pub fn meter<'a, Message: 'a>(label: &str, value_db: f32, unit: &str) -> Element<'a, Message> {
    let shown = if value_db.is_finite() {
        format!("{label} {value_db:.1} {unit}")
    } else {
        format!("{label} — {unit}")
    };
    let level = if value_db.is_finite() {
        value_db.clamp(FLOOR_DB, 0.0)
    } else {
        FLOOR_DB
    };
    column![
        text(shown).size(super::super::theme::SMALL),
        container(progress_bar(FLOOR_DB..=0.0, level).girth(8)).width(Length::Fill),
    ]
    .spacing(2)
    .into()
}

/// A gain-reduction meter: the bar grows with the reduction, 0 … 20 dB.
pub fn reduction<'a, Message: 'a>(label: &str, reduction_db: f32) -> Element<'a, Message> {
    let db = reduction_db.max(0.0);
    column![
        text(format!("{label} {db:.1} dB")).size(super::super::theme::SMALL),
        container(progress_bar(0.0..=20.0, db.min(20.0)).girth(8)).width(Length::Fill),
    ]
    .spacing(2)
    .into()
}
