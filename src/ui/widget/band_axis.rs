//! Choice buttons laid out where their bands sit on a log-frequency axis,
//! so a learner sees 4 kHz between 2 and 8 kHz, not in a list.

use iced::widget::{Space, button, row, text};
use iced::{Element, Length};

/// One button: its label, its frequency and the message it sends (none
/// when disabled), with its style.
pub struct Band<'a, Message> {
    pub label: String,
    pub hz: f64,
    pub on_press: Option<Message>,
    pub style: crate::ui::theme::ButtonStyle<'a>,
}

/// Buttons placed by log-frequency: the gap before each is proportional
/// to its distance in octaves from the one before.
pub fn band_axis<'a, Message: Clone + 'a>(bands: Vec<Band<'a, Message>>) -> Element<'a, Message> {
    let mut sorted = bands;
    sorted.sort_by(|a, b| a.hz.total_cmp(&b.hz));
    let mut line = row![].spacing(0).align_y(iced::Center);
    let mut previous: Option<f64> = None;
    for band in sorted {
        if let Some(p) = previous {
            // Twelfths of an octave beyond the first sixth.
            let gap = ((band.hz / p).log2() * 12.0 - 2.0).round().max(0.0) as u16;
            if gap > 0 {
                line = line.push(Space::new().width(Length::FillPortion(gap)));
            }
        }
        previous = Some(band.hz);
        let style = band.style;
        line = line.push(
            button(text(band.label).size(super::super::theme::BODY).center())
                .padding(super::super::theme::TARGET_PADDING)
                .width(Length::Shrink)
                .on_press_maybe(band.on_press)
                .style(move |t, s| style(t, s)),
        );
    }
    line.width(Length::Fill).into()
}
