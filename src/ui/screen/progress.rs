//! Progress: what the learner can hear now (each skill's threshold in its
//! own units), the charts (accuracy over time, thresholds, band and stem
//! confusions, minutes per day and streaks), and export of the charts as
//! PNG and of every answer as CSV.

use crate::progress::Stats;
use crate::ui::chart::{self, CHARTS};
use crate::ui::theme;
use iced::widget::{button, column, container, image, row, scrollable, text, text_input};
use iced::{Element, Length};
use std::path::PathBuf;

pub struct State {
    /// The charts as drawn for the latest statistics.
    charts: Vec<Result<image::Handle, String>>,
    folder: String,
}

#[derive(Clone, Debug)]
pub enum Message {
    Folder(String),
    ExportCharts,
    ExportCsv,
}

pub enum Event {
    ExportCharts(PathBuf),
    ExportCsv(PathBuf),
}

impl State {
    /// Exports go to `dir` unless the learner types another folder.
    pub fn new(dir: PathBuf) -> Self {
        Self {
            charts: Vec::new(),
            folder: dir.display().to_string(),
        }
    }

    /// Draws the charts of new statistics.
    pub fn set_stats(&mut self, stats: &Stats) {
        self.charts = (0..CHARTS.len())
            .map(|i| {
                chart::draw(stats, i).map(|p| image::Handle::from_rgba(p.width, p.height, p.rgba))
            })
            .collect();
    }

    /// How many charts are drawn (for tests).
    pub fn charts_drawn(&self) -> usize {
        self.charts.iter().filter(|c| c.is_ok()).count()
    }

    pub fn update(&mut self, message: Message) -> Option<Event> {
        let dir = PathBuf::from(self.folder.trim());
        match message {
            Message::Folder(f) => {
                self.folder = f;
                None
            }
            Message::ExportCharts => Some(Event::ExportCharts(dir)),
            Message::ExportCsv => Some(Event::ExportCsv(dir.join("answers.csv"))),
        }
    }

    pub fn view<'a>(&'a self, stats: Option<&'a Stats>) -> Element<'a, Message> {
        let Some(stats) = stats else {
            return text("No progress yet: answer a few drills and come back.")
                .size(theme::HEADING)
                .into();
        };
        let mut summary = column![
            text(format!("Progress of {}", stats.learner)).size(theme::TITLE),
            text(format!(
                "{} answers, {:.0} % right, {:.0} minutes of practice; {} day(s) in a row \
                 (longest {}), {} right answers in a row.",
                stats.attempts,
                100.0 * stats.accuracy.unwrap_or(0.0),
                stats.practice_minutes,
                stats.streaks.current_days,
                stats.streaks.longest_days,
                stats.streaks.current_correct
            ))
            .size(theme::BODY),
        ]
        .spacing(6);
        let heard: Vec<_> = stats
            .ladders
            .iter()
            .filter_map(|l| l.sentence.clone())
            .collect();
        if heard.is_empty() {
            summary = summary.push(
                text("Your thresholds appear after about a dozen answers per skill.")
                    .size(theme::BODY),
            );
        } else {
            summary = summary.push(text("What you can hear now:").size(theme::HEADING));
            for s in heard {
                summary = summary.push(text(format!("• {s}")).size(theme::BODY));
            }
        }
        if !stats.due.is_empty() {
            summary = summary
                .push(text(format!("Due for review: {}", stats.due.join(", "))).size(theme::BODY));
        }
        let mut grid = row![].spacing(12);
        let mut rows = column![].spacing(12);
        for (i, c) in self.charts.iter().enumerate() {
            let cell: Element<'a, Message> = match c {
                Ok(handle) => column![
                    text(CHARTS[i].0).size(theme::SMALL),
                    image(handle.clone()).width(Length::Fixed(chart::SIZE.0 as f32 * 0.9)),
                ]
                .spacing(4)
                .into(),
                Err(e) => text(e.clone()).into(),
            };
            grid = grid.push(container(cell).padding(8).style(theme::card));
            if i % 2 == 1 {
                rows = rows.push(std::mem::replace(&mut grid, row![].spacing(12)));
            }
        }
        rows = rows.push(grid);
        let export = row![
            text("Export to").size(theme::BODY),
            text_input("folder", &self.folder)
                .on_input(Message::Folder)
                .width(360),
            button(text("Charts as PNG")).on_press(Message::ExportCharts),
            button(text("Answers as CSV")).on_press(Message::ExportCsv),
        ]
        .spacing(10)
        .align_y(iced::Center);
        scrollable(column![summary, export, rows].spacing(16))
            .height(Length::Fill)
            .into()
    }
}
