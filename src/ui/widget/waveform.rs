//! A waveform overview: the peak level per column, the looped region
//! shaded and the play position, so a learner sees where the loop sits in
//! the song.

use iced::mouse;
use iced::widget::canvas::{self, Frame, Geometry, Path, Stroke};
use iced::{Element, Length, Point, Rectangle, Renderer, Size, Theme};

/// Columns a waveform overview keeps.
pub const COLUMNS: usize = 600;

/// The peak of each of [`COLUMNS`] equal stretches of `channels`.
pub fn peaks(channels: &[Vec<f32>]) -> Vec<f32> {
    let frames = channels.first().map_or(0, Vec::len);
    (0..COLUMNS)
        .map(|k| {
            let (s, e) = (
                k * frames / COLUMNS,
                ((k + 1) * frames / COLUMNS).max(k * frames / COLUMNS + 1),
            );
            channels
                .iter()
                .flat_map(|c| c.get(s..e.min(c.len())).unwrap_or(&[]))
                .fold(0.0f32, |m, x| m.max(x.abs()))
        })
        .collect()
}

/// One waveform with its loop region (0 … 1 of the length) and position.
pub struct Waveform<'a> {
    pub peaks: &'a [f32],
    pub region: Option<(f32, f32)>,
    pub position: f32,
    pub label: String,
}

impl<'a> Waveform<'a> {
    pub fn view<Message: 'a>(self, height: f32) -> Element<'a, Message> {
        canvas::Canvas::new(self)
            .width(Length::Fill)
            .height(Length::Fixed(height))
            .into()
    }
}

impl<Message> canvas::Program<Message> for Waveform<'_> {
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
        let p = theme.extended_palette();
        let (w, h) = (bounds.width, bounds.height);
        frame.fill_rectangle(Point::ORIGIN, bounds.size(), p.background.weak.color);
        if let Some((s, e)) = self.region {
            let mut shade = p.primary.weak.color;
            shade.a = 0.35;
            frame.fill_rectangle(
                Point::new(s * w, 0.0),
                Size::new((e - s).max(0.0) * w, h),
                shade,
            );
        }
        let n = self.peaks.len().max(1) as f32;
        let outline = Path::new(|b| {
            for (k, &peak) in self.peaks.iter().enumerate() {
                let x = (k as f32 + 0.5) / n * w;
                let half = peak.min(1.0) * h * 0.45;
                b.move_to(Point::new(x, h * 0.5 - half));
                b.line_to(Point::new(x, h * 0.5 + half));
            }
        });
        frame.stroke(
            &outline,
            Stroke::default()
                .with_width((w / n).max(1.0))
                .with_color(p.secondary.strong.color),
        );
        let x = self.position.clamp(0.0, 1.0) * w;
        frame.stroke(
            &Path::line(Point::new(x, 0.0), Point::new(x, h)),
            Stroke::default()
                .with_width(2.0)
                .with_color(p.primary.strong.color),
        );
        frame.fill_text(canvas::Text {
            content: self.label.clone(),
            position: Point::new(4.0, 2.0),
            color: theme.palette().text,
            size: 11.0.into(),
            ..canvas::Text::default()
        });
        vec![frame.into_geometry()]
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn peaks_follow_the_loudest_sample_of_each_column() {
        let mut x = vec![0.0f32; super::COLUMNS * 10];
        x[15] = -0.5;
        x[super::COLUMNS * 10 - 1] = 0.25;
        let p = super::peaks(&[x]);
        assert_eq!(p.len(), super::COLUMNS);
        assert_eq!((p[1], p[0], p[super::COLUMNS - 1]), (0.5, 0.0, 0.25));
    }
}
