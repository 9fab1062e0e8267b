//! The two sides measured side by side: the table, the tonal-balance
//! overlay and the matched difference, and what to listen for.

use super::Message;
use crate::analysis::{Bands, ReferenceComparison, tonal_balance};
use crate::ui::theme;
use crate::ui::widget::plot::{Axis, Plot};
use iced::widget::{button, column, container, row, text};
use iced::{Element, Length};

pub(super) fn measurements<'a>(
    c: &'a ReferenceComparison,
    targets: &[(f64, f64, f64)],
    targets_label: &str,
) -> Element<'a, Message> {
    let (m, r) = (&c.mix, &c.reference);
    let line = |name: &'static str, a: f64, b: f64, unit: &'static str| {
        row![
            text(name).width(220).size(theme::SMALL),
            text(format!("{a:.1}")).width(90).size(theme::SMALL),
            text(format!("{b:.1}")).width(90).size(theme::SMALL),
            text(unit).size(theme::SMALL),
        ]
    };
    let table = column![
        row![
            text("").width(220),
            text("mix").width(90),
            text("reference").width(90)
        ],
        line(
            "integrated loudness",
            m.analysis.integrated_lufs,
            r.analysis.integrated_lufs,
            "LUFS"
        ),
        line(
            "loudest 3 s",
            m.max_short_term_lufs,
            r.max_short_term_lufs,
            "LUFS"
        ),
        line(
            "loudness range",
            m.analysis.loudness_range_lu,
            r.analysis.loudness_range_lu,
            "LU"
        ),
        line(
            "true peak",
            m.analysis.true_peak_dbtp,
            r.analysis.true_peak_dbtp,
            "dBTP"
        ),
        line(
            "crest factor",
            m.analysis.crest_db,
            r.analysis.crest_db,
            "dB"
        ),
        line("PLR", m.plr_db, r.plr_db, "dB"),
        line(
            "stereo correlation",
            m.analysis.correlation,
            r.analysis.correlation,
            ""
        ),
        line(
            "low end 20–120 Hz",
            m.low_end_db,
            r.low_end_db,
            "dB of the whole"
        ),
        line(
            "vocal range 1–5 kHz",
            m.vocal_range_db,
            r.vocal_range_db,
            "dB of the whole"
        ),
    ]
    .spacing(4);
    let table = [
        ("width, lows (125 Hz)", 125.0),
        ("width, mids (1 kHz)", 1000.0),
        ("width, highs (8 kHz)", 8000.0),
    ]
    .into_iter()
    .fold(table, |t, (name, hz)| {
        t.push(line(
            name,
            width_at(&m.width_db, hz),
            width_at(&r.width_db, hz),
            "dB side/mid",
        ))
    });
    let overlay = Plot {
        points: tonal_balance(&m.third_octave_db),
        second: tonal_balance(&r.third_octave_db),
        range: targets.to_vec(),
        axis: Axis::Frequency,
        below_zero: false,
        range_db: 12.0,
        caption: if targets.is_empty() {
            "Tonal balance: mix (blue), reference (amber)".into()
        } else {
            format!("Tonal balance: mix (blue), reference (amber), range of {targets_label} (grey)")
        },
    };
    let difference = Plot {
        points: c
            .differences
            .third_octave_db
            .0
            .iter()
            .copied()
            .filter(|p| p.1.is_finite())
            .collect(),
        second: Vec::new(),
        range: Vec::new(),
        axis: Axis::Frequency,
        below_zero: false,
        range_db: 6.0,
        caption: "Reference − mix, matched (⅓ octave)".into(),
    };
    let mut prompts = column![text("Listen for").size(theme::HEADING)].spacing(6);
    if c.prompts.is_empty() {
        prompts = prompts.push(
            text("No big differences: your mix's balance is close to the reference's.")
                .size(theme::BODY),
        );
    }
    for p in &c.prompts {
        let mut line = row![text(p.text.clone()).size(theme::BODY).width(Length::Fill)]
            .spacing(8)
            .align_y(iced::Center);
        if let Some(lesson) = p.lesson {
            line = line.push(button(text("Open lesson")).on_press(Message::OpenLesson(lesson)));
        }
        prompts = prompts.push(line);
    }
    container(
        column![
            row![
                table,
                column![overlay.view(160.0), difference.view(120.0)].spacing(8)
            ]
            .spacing(16),
            prompts,
        ]
        .spacing(12),
    )
    .padding(16)
    .style(theme::card)
    .width(Length::Fill)
    .into()
}

/// Side relative to mid in the octave band at `hz`, dB.
fn width_at(width: &Bands, hz: f64) -> f64 {
    width.get(hz).unwrap_or(f64::NEG_INFINITY)
}
