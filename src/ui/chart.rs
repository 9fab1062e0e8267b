//! The progress charts, drawn by plotters into pixel buffers: the progress
//! screen shows them as images and "Export charts" writes the same pixels
//! as PNG files. Text is drawn in Fira Sans, the app's own font.

use crate::progress::{Confusion, Stats};
use plotters::prelude::*;
use std::path::{Path, PathBuf};

/// Pixel size of every chart.
pub const SIZE: (u32, u32) = (640, 360);

/// An RGBA image.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// The charts the progress screen shows, with their file names.
pub const CHARTS: [(&str, &str); 5] = [
    ("Accuracy over time", "accuracy"),
    ("Thresholds", "thresholds"),
    ("Band confusion", "band-confusion"),
    ("Stem confusion", "stem-confusion"),
    ("Practice minutes", "minutes"),
];

/// Draws chart `index` of [`CHARTS`] for `stats`.
pub fn draw(stats: &Stats, index: usize) -> Result<Picture, String> {
    register_font();
    let (w, h) = SIZE;
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        root.fill(&RGBColor(0x22, 0x27, 0x2e)).map_err(err)?;
        match index {
            0 => accuracy(&root, stats)?,
            1 => thresholds(&root, stats)?,
            2 => confusion(&root, &stats.band_confusion, "band asked", "band answered")?,
            3 => confusion(&root, &stats.stem_confusion, "stem asked", "stem answered")?,
            _ => minutes(&root, stats)?,
        }
        root.present().map_err(err)?;
    }
    let rgba = rgb
        .chunks_exact(3)
        .flat_map(|p| [p[0], p[1], p[2], 255])
        .collect();
    Ok(Picture {
        width: w,
        height: h,
        rgba,
    })
}

/// Writes every chart as `DIR/NAME.png`; returns the files.
pub fn export_all(stats: &Stats, dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
    CHARTS
        .iter()
        .enumerate()
        .map(|(i, (_, name))| {
            let path = dir.join(format!("{name}.png"));
            write_png(&draw(stats, i)?, &path)?;
            Ok(path)
        })
        .collect()
}

fn write_png(picture: &Picture, path: &Path) -> Result<(), String> {
    let file_error = |e: &dyn std::fmt::Display| format!("{}: cannot write: {e}", path.display());
    let file = std::fs::File::create(path).map_err(|e| file_error(&e))?;
    let mut encoder =
        png::Encoder::new(std::io::BufWriter::new(file), picture.width, picture.height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| file_error(&e))?;
    writer
        .write_image_data(&picture.rgba)
        .map_err(|e| file_error(&e))?;
    writer.finish().map_err(|e| file_error(&e))
}

fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The bytes are a valid TTF shipped with iced; a failure would only
        // leave the charts without text.
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            iced_graphics::text::FIRA_SANS_REGULAR,
        );
    });
}

fn err(e: impl std::fmt::Display) -> String {
    format!("drawing a chart: {e}")
}

const TEXT: RGBColor = RGBColor(0xe6, 0xe8, 0xeb);
const GRID: RGBColor = RGBColor(0x3a, 0x41, 0x4a);

fn series_colour(i: usize) -> RGBColor {
    const COLOURS: [RGBColor; 6] = [
        RGBColor(0x4f, 0x8f, 0xd6),
        RGBColor(0x4c, 0xaf, 0x7a),
        RGBColor(0xd6, 0xa2, 0x4f),
        RGBColor(0xd6, 0x5f, 0x5f),
        RGBColor(0xa3, 0x7c, 0xd6),
        RGBColor(0x5f, 0xc8, 0xd6),
    ];
    COLOURS[i % COLOURS.len()]
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

fn empty(root: &Area, title: &str) -> Result<(), String> {
    root.draw(&Text::new(
        format!("{title}: no answers yet"),
        (20, 20),
        ("sans-serif", 18).into_font().color(&TEXT),
    ))
    .map_err(err)
}

/// Share right per day, one line per skill.
fn accuracy(root: &Area, stats: &Stats) -> Result<(), String> {
    let mut days: Vec<&str> = stats
        .accuracy_by_day
        .iter()
        .map(|d| d.day.as_str())
        .collect();
    days.sort_unstable();
    days.dedup();
    if days.is_empty() {
        return empty(root, "Accuracy");
    }
    let mut skills: Vec<&str> = stats
        .accuracy_by_day
        .iter()
        .map(|d| d.skill.as_str())
        .collect();
    skills.sort_unstable();
    skills.dedup();
    let mut chart = ChartBuilder::on(root)
        .caption(
            "Accuracy per day (%)",
            ("sans-serif", 20).into_font().color(&TEXT),
        )
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(44)
        .build_cartesian_2d(-0.5f64..days.len() as f64 - 0.5, 0f64..100f64)
        .map_err(err)?;
    let labels = days.clone();
    chart
        .configure_mesh()
        .label_style(("sans-serif", 13).into_font().color(&TEXT))
        .axis_style(GRID)
        .max_light_lines(1)
        .light_line_style(GRID)
        .bold_line_style(GRID)
        .x_labels(days.len().min(8))
        .x_label_formatter(&|x| {
            labels
                .get(x.round().max(0.0) as usize)
                .map_or_else(String::new, |d| d.get(5..).unwrap_or(d).to_string())
        })
        .draw()
        .map_err(err)?;
    for (i, skill) in skills.iter().enumerate() {
        let colour = series_colour(i);
        let points: Vec<(f64, f64)> = stats
            .accuracy_by_day
            .iter()
            .filter(|d| d.skill == *skill)
            .filter_map(|d| {
                let x = days.iter().position(|x| *x == d.day)? as f64;
                Some((x, 100.0 * d.accuracy))
            })
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))
            .map_err(err)?
            .label(crate::quiz::skill(skill).map_or(skill.to_string(), |s| s.name.to_string()))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], colour.stroke_width(2)));
        chart
            .draw_series(points.iter().map(|&p| Circle::new(p, 3, colour.filled())))
            .map_err(err)?;
    }
    legend(&mut chart)
}

fn legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
) -> Result<(), String>
where
    DB::ErrorType: 'static,
{
    chart
        .configure_series_labels()
        .label_font(("sans-serif", 13).into_font().color(&TEXT))
        .background_style(RGBColor(0x22, 0x27, 0x2e).mix(0.8))
        .border_style(GRID)
        .position(SeriesLabelPosition::LowerRight)
        .draw()
        .map_err(err)
}

/// Each staircase's threshold estimates, in the skill's own unit.
fn thresholds(root: &Area, stats: &Stats) -> Result<(), String> {
    let ladders: Vec<_> = stats
        .ladders
        .iter()
        .filter(|l| !l.history.is_empty())
        .collect();
    if ladders.is_empty() {
        return empty(root, "Thresholds (after enough answers)");
    }
    let max_trials = ladders
        .iter()
        .flat_map(|l| l.history.iter().map(|p| p.trials))
        .max()
        .unwrap_or(1) as f64;
    let max_value = ladders
        .iter()
        .flat_map(|l| l.history.iter().map(|p| p.threshold))
        .fold(0.0, f64::max)
        * 1.15;
    let mut chart = ChartBuilder::on(root)
        .caption(
            "Threshold by answers (lower is finer)",
            ("sans-serif", 20).into_font().color(&TEXT),
        )
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(44)
        .build_cartesian_2d(0f64..max_trials.max(1.0), 0f64..max_value.max(1.0))
        .map_err(err)?;
    chart
        .configure_mesh()
        .label_style(("sans-serif", 13).into_font().color(&TEXT))
        .axis_style(GRID)
        .max_light_lines(1)
        .light_line_style(GRID)
        .bold_line_style(GRID)
        .x_desc("answers")
        .draw()
        .map_err(err)?;
    for (i, ladder) in ladders.iter().enumerate() {
        let colour = series_colour(i);
        let points: Vec<(f64, f64)> = ladder
            .history
            .iter()
            .map(|p| (p.trials as f64, p.threshold))
            .collect();
        chart
            .draw_series(LineSeries::new(points, colour.stroke_width(2)))
            .map_err(err)?
            .label(format!("{} ({})", ladder.name, ladder.unit))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], colour.stroke_width(2)));
    }
    legend(&mut chart)
}

/// A heat map: rows what was asked, columns what was answered.
fn confusion(root: &Area, c: &Confusion, rows: &str, columns: &str) -> Result<(), String> {
    let n = c.labels.len();
    if n == 0 {
        return empty(root, "Confusions");
    }
    let most = c.counts.iter().flatten().copied().max().unwrap_or(1).max(1) as f64;
    let labels = c.labels.clone();
    let mut chart = ChartBuilder::on(root)
        .caption(
            format!("{rows} → {columns}"),
            ("sans-serif", 20).into_font().color(&TEXT),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..n as f64, 0f64..n as f64)
        .map_err(err)?;
    let (xl, yl) = (labels.clone(), labels.clone());
    chart
        .configure_mesh()
        .disable_mesh()
        .label_style(("sans-serif", 12).into_font().color(&TEXT))
        .axis_style(GRID)
        .x_labels(n)
        .y_labels(n)
        .x_label_formatter(&|x| label_at(&xl, *x))
        .y_label_formatter(&|y| label_at(&yl, n as f64 - *y))
        .draw()
        .map_err(err)?;
    for (i, row) in c.counts.iter().enumerate() {
        for (j, &count) in row.iter().enumerate() {
            let share = count as f64 / most;
            let right = i == j;
            let base = if right {
                RGBColor(0x4c, 0xaf, 0x7a)
            } else {
                RGBColor(0xd6, 0x5f, 0x5f)
            };
            let y = (n - 1 - i) as f64;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(j as f64, y), (j as f64 + 1.0, y + 1.0)],
                    base.mix(if count == 0 { 0.05 } else { 0.2 + 0.8 * share })
                        .filled(),
                )))
                .map_err(err)?;
        }
    }
    Ok(())
}

fn label_at(labels: &[String], at: f64) -> String {
    let i = at - 0.5;
    if (i - i.round()).abs() > 0.01 || i < 0.0 {
        return String::new();
    }
    labels.get(i.round() as usize).cloned().unwrap_or_default()
}

/// Minutes practised per day.
fn minutes(root: &Area, stats: &Stats) -> Result<(), String> {
    let days = &stats.minutes_by_day;
    if days.is_empty() {
        return empty(root, "Practice minutes");
    }
    let most = days.iter().map(|d| d.minutes).fold(1.0, f64::max) * 1.15;
    let labels: Vec<String> = days.iter().map(|d| d.day.clone()).collect();
    let mut chart = ChartBuilder::on(root)
        .caption(
            format!(
                "Minutes per day — streak {} day(s), longest {}",
                stats.streaks.current_days, stats.streaks.longest_days
            ),
            ("sans-serif", 20).into_font().color(&TEXT),
        )
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(44)
        .build_cartesian_2d(0f64..days.len() as f64, 0f64..most)
        .map_err(err)?;
    chart
        .configure_mesh()
        .label_style(("sans-serif", 13).into_font().color(&TEXT))
        .axis_style(GRID)
        .max_light_lines(1)
        .light_line_style(GRID)
        .bold_line_style(GRID)
        .x_labels(days.len().min(8))
        .x_label_formatter(&|x| {
            let l = label_at(&labels, *x);
            l.get(5..).map_or(l.clone(), str::to_string)
        })
        .draw()
        .map_err(err)?;
    chart
        .draw_series(days.iter().enumerate().map(|(i, d)| {
            Rectangle::new(
                [(i as f64 + 0.15, 0.0), (i as f64 + 0.85, d.minutes)],
                series_colour(0).filled(),
            )
        }))
        .map_err(err)?;
    Ok(())
}
