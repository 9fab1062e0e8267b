//! A small line plot on a canvas: an EQ response under a channel strip, or
//! the difference between A and B after a drill (⅓-octave spectrum over a
//! log-frequency axis, or level over time).

use iced::mouse;
use iced::widget::canvas::{self, Frame, Geometry, Path, Stroke, Text};
use iced::{Color, Element, Length, Point, Rectangle, Renderer, Theme};

/// How the horizontal axis is laid out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Axis {
    /// 20 Hz … 20 kHz, logarithmic, with octave ticks.
    Frequency,
    /// Seconds, linear from the first point to the last.
    Time,
}

/// Points (x, y in dB) drawn against a 0 dB line, with an optional second
/// series (a reference against a mix).
pub struct Plot {
    pub points: Vec<(f64, f64)>,
    /// Drawn in the second colour; empty for none.
    pub second: Vec<(f64, f64)>,
    /// A range (x, low, high) drawn as two muted lines behind the series.
    pub range: Vec<(f64, f64, f64)>,
    pub axis: Axis,
    /// Every value is 0 dB or less (a gain reduction, a decay): 0 dB is at
    /// the top and the range runs down from it.
    pub below_zero: bool,
    /// The vertical range is ± this many dB (at least); with `below_zero`,
    /// 0 … −this many.
    pub range_db: f64,
    pub caption: String,
}

impl Plot {
    /// The plot as a widget of the given height.
    pub fn view<'a, Message: 'a>(self, height: f32) -> Element<'a, Message> {
        canvas::Canvas::new(self)
            .width(Length::Fill)
            .height(Length::Fixed(height))
            .into()
    }

    fn x_of(&self, x: f64, width: f32) -> f32 {
        match self.axis {
            Axis::Frequency => {
                let t = (x.max(20.0) / 20.0).log2() / (20_000.0f64 / 20.0).log2();
                (t.clamp(0.0, 1.0) as f32) * width
            }
            Axis::Time => {
                let (lo, hi) = self.time_span();
                (((x - lo) / (hi - lo).max(1e-9)).clamp(0.0, 1.0) as f32) * width
            }
        }
    }

    /// From the first point to the last of either series (one may be
    /// empty: a version with no compressor has no gain reduction).
    fn time_span(&self) -> (f64, f64) {
        let xs = || self.points.iter().chain(&self.second).map(|p| p.0);
        let lo = xs().fold(f64::INFINITY, f64::min);
        let hi = xs().fold(f64::NEG_INFINITY, f64::max);
        if lo < hi { (lo, hi) } else { (0.0, 1.0) }
    }
}

impl<Message> canvas::Program<Message> for Plot {
    type State = ();

    fn draw(
        &self,
        _state: &(),
        renderer: &Renderer,
        theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let mut frame = Frame::new(renderer, bounds.size());
        let palette = theme.extended_palette();
        let (w, h) = (bounds.width, bounds.height);
        let range = self
            .points
            .iter()
            .chain(&self.second)
            .copied()
            .chain(self.range.iter().flat_map(|r| [(r.0, r.1), (r.0, r.2)]))
            .filter(|p| p.1.is_finite())
            .map(|p| p.1.abs())
            .fold(self.range_db, f64::max)
            .max(1.0);
        let y_of = |db: f64| {
            if self.below_zero {
                h * 0.05 - (db / range) as f32 * (h * 0.85)
            } else {
                h * 0.5 - (db / range) as f32 * (h * 0.45)
            }
        };
        frame.fill_rectangle(Point::ORIGIN, bounds.size(), palette.background.weak.color);
        let grid = Stroke::default()
            .with_width(1.0)
            .with_color(palette.background.strong.color);
        if self.axis == Axis::Frequency {
            for f in [
                31.5, 63.0, 125.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16000.0,
            ] {
                let x = self.x_of(f, w);
                frame.stroke(&Path::line(Point::new(x, 0.0), Point::new(x, h)), grid);
                frame.fill_text(Text {
                    content: crate::quiz::hz_label(f),
                    position: Point::new(x + 2.0, h - 14.0),
                    color: muted(theme),
                    size: 11.0.into(),
                    ..Text::default()
                });
            }
        }
        frame.stroke(
            &Path::line(Point::new(0.0, y_of(0.0)), Point::new(w, y_of(0.0))),
            grid,
        );
        let labels = if self.below_zero {
            [0.0, -range]
        } else {
            [range, -range]
        };
        for db in labels {
            frame.fill_text(Text {
                content: format!("{db:+.0} dB"),
                position: Point::new(2.0, y_of(db) - if db < 0.0 { 12.0 } else { 0.0 }),
                color: muted(theme),
                size: 11.0.into(),
                ..Text::default()
            });
        }
        let edges: [Vec<(f64, f64)>; 2] = [
            self.range.iter().map(|r| (r.0, r.1)).collect(),
            self.range.iter().map(|r| (r.0, r.2)).collect(),
        ];
        let muted = muted(theme);
        let series = [
            (&edges[0], muted),
            (&edges[1], muted),
            (&self.points, palette.primary.strong.color),
            (&self.second, palette.warning.strong.color),
        ];
        for (points, colour) in series {
            if points.len() < 2 {
                continue;
            }
            let line = Path::new(|b| {
                for (i, &(x, y)) in points.iter().enumerate() {
                    let p = Point::new(self.x_of(x, w), y_of(y));
                    if i == 0 {
                        b.move_to(p);
                    } else {
                        b.line_to(p);
                    }
                }
            });
            frame.stroke(&line, Stroke::default().with_width(2.0).with_color(colour));
        }
        frame.fill_text(Text {
            content: self.caption.clone(),
            position: Point::new(w * 0.5, 4.0),
            color: theme.palette().text,
            size: 12.0.into(),
            align_x: iced::widget::text::Alignment::Center,
            ..Text::default()
        });
        vec![frame.into_geometry()]
    }
}

fn muted(theme: &Theme) -> Color {
    super::super::theme::muted(theme)
}
