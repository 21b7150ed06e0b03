//! Legends: which shapes (1–4 columns) fit, where in the plot area a legend
//! hides the least data (measured on a coarse [`InkGrid`] of where series
//! are drawn), and drawing the box with its samples and labels as plotters
//! elements. Plotters' own series-label box has one column and a fixed
//! corner; a panel of fifteen lines needs columns and a spot chosen by data.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::layout::{Area, Frame, draw_err};
use super::series::SeriesData;
use super::style::{BAND_ALPHA, LABEL_COLOR, LEGEND_ALPHA, LEGEND_BORDER, LEGEND_SIZE, LINE_WIDTH, WHITE, ipx};
use super::text::{Type, fit_text, text_width};

/// Coarse map of where data is drawn in a plot area (cells of
/// `INK_CELL`² PNG pixels), used to place the legend where it hides nothing.
struct InkGrid {
    width: f64,
    height: f64,
    cols: usize,
    rows: usize,
    cells: Vec<u8>,
}

const INK_CELL: f64 = 4.0;

impl InkGrid {
    /// Where the series are drawn in `frame`: lines weigh 4, band areas 1.
    fn of(data: &[SeriesData], frame: &Frame) -> Self {
        let (width, height) = (frame.width().max(0.0), frame.height().max(0.0));
        let cols = (width / INK_CELL) as usize + 1;
        let rows = (height / INK_CELL) as usize + 1;
        let mut ink = Self { width, height, cols, rows, cells: vec![0; cols * rows] };
        for s in data {
            for run in &s.band {
                for w in run.windows(2) {
                    let p = (frame.fx(w[0].0), frame.fy(w[0].1), frame.fy(w[0].2));
                    let q = (frame.fx(w[1].0), frame.fy(w[1].1), frame.fy(w[1].2));
                    ink.band(p, q, 1);
                }
            }
            for run in &s.line {
                match run.as_slice() {
                    [p] => ink.mark(frame.fx(p.0), frame.fy(p.1), 4),
                    pts => {
                        for w in pts.windows(2) {
                            let a = (frame.fx(w[0].0), frame.fy(w[0].1));
                            let b = (frame.fx(w[1].0), frame.fy(w[1].1));
                            ink.segment(a, b, 4);
                        }
                    }
                }
            }
        }
        ink
    }

    fn mark(&mut self, x: f64, y: f64, weight: u8) {
        if !(0.0..self.width).contains(&x) || !(0.0..self.height).contains(&y) {
            return;
        }
        let i = (y / INK_CELL) as usize * self.cols + (x / INK_CELL) as usize;
        self.cells[i] = self.cells[i].max(weight);
    }

    fn segment(&mut self, a: (f64, f64), b: (f64, f64), weight: u8) {
        let len = (b.0 - a.0).hypot(b.1 - a.1);
        let n = (len / 2.0).ceil().clamp(1.0, 20_000.0) as usize;
        for k in 0..=n {
            let t = k as f64 / n as f64;
            self.mark(a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1), weight);
        }
    }

    fn band(&mut self, p: (f64, f64, f64), q: (f64, f64, f64), weight: u8) {
        let n = ((q.0 - p.0).abs() / 2.0).ceil().clamp(1.0, 20_000.0) as usize;
        for k in 0..=n {
            let t = k as f64 / n as f64;
            let x = p.0 + t * (q.0 - p.0);
            let ya = p.1 + t * (q.1 - p.1);
            let yb = p.2 + t * (q.2 - p.2);
            let (top, bottom) = (ya.min(yb).max(-1.0), ya.max(yb).min(self.height + 1.0));
            let mut y = top;
            while y < bottom {
                self.mark(x, y, weight);
                y += INK_CELL;
            }
            self.mark(x, bottom, weight);
        }
    }

    /// Sum of the weights of the cells that overlap `x0..x1` × `y0..y1`.
    fn sum(&self, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> u64 {
        let cell = |v: f64, n: usize| ((v.max(0.0) / INK_CELL) as usize).min(n);
        let (c0, c1) = (cell(x0, self.cols), cell(x1 + INK_CELL - 1.0, self.cols));
        let (r0, r1) = (cell(y0, self.rows), cell(y1 + INK_CELL - 1.0, self.rows));
        let mut sum = 0;
        for row in r0..r1 {
            for col in c0..c1 {
                sum += u64::from(self.cells[row * self.cols + col]);
            }
        }
        sum
    }
}

/// One legend entry: the sample (line, dashed line or band) and its label.
pub(super) struct Entry {
    label: String,
    color: RGBColor,
    is_band: bool,
    dash: Option<(f64, f64)>,
    under: Option<RGBColor>,
}

impl Entry {
    pub(super) fn of(s: &SeriesData) -> Self {
        Self { label: s.label.clone(), color: s.color, is_band: s.is_band, dash: s.dash, under: s.under }
    }
}

const PAD: f64 = 9.0;
const ROW: f64 = 23.0;
const SAMPLE: f64 = 28.0;
const GAP: f64 = 8.0;
const COL_GAP: f64 = 18.0;
const INSET: f64 = 10.0;

/// One legend shape (number of columns) and its size, in PNG pixels.
#[derive(Debug, Clone)]
struct Shape {
    labels: Vec<String>,
    rows: usize,
    col_w: f64,
    w: f64,
    h: f64,
}

/// Legend shapes with 1 to 4 columns that fit into the plot area.
fn shapes(entries: &[Entry], frame: &Frame) -> Vec<Shape> {
    let max_label_w = frame.width() * 0.6;
    let labels: Vec<String> = entries.iter().map(|e| fit_text(&e.label, LEGEND_SIZE, false, max_label_w)).collect();
    let label_w = labels.iter().map(|l| text_width(l, LEGEND_SIZE, false).ceil()).fold(0.0, f64::max);
    let n = entries.len();
    let col_w = SAMPLE + GAP + label_w;
    let mut out = Vec::new();
    for cols in 1..=n.min(4) {
        let rows = n.div_ceil(cols);
        let w = 2.0 * PAD + cols as f64 * col_w + (cols - 1) as f64 * COL_GAP;
        let h = 2.0 * PAD + rows as f64 * ROW - 4.0;
        let fits = w + 2.0 * INSET <= frame.width() && h + 2.0 * INSET <= frame.height();
        if fits || cols == 1 {
            out.push(Shape { labels: labels.clone(), rows, col_w, w, h });
        }
    }
    out
}

/// A legend placed in a plot: its shape, its top-left corner relative to
/// the plot, and how much data it hides.
pub(super) struct Legend {
    entries: Vec<Entry>,
    shape: Shape,
    at: (f64, f64),
    ink: u64,
    flattest: f64,
}

impl Legend {
    /// The least-inked spot for any shape. Preference on ties: fewer
    /// columns, then upper right, upper left, lower right, lower left, upper
    /// centre, lower centre.
    pub(super) fn place(entries: &[Entry], data: &[SeriesData], frame: &Frame) -> Option<Legend> {
        Self::best(entries, shapes(entries, frame), data, frame)
    }

    /// The least-inked spot for the flattest shape (after making headroom).
    pub(super) fn place_flattest(entries: &[Entry], data: &[SeriesData], frame: &Frame) -> Option<Legend> {
        let flattest = shapes(entries, frame).into_iter().min_by(|a, b| a.h.total_cmp(&b.h));
        Self::best(entries, flattest.into_iter().collect(), data, frame)
    }

    fn best(entries: &[Entry], shapes: Vec<Shape>, data: &[SeriesData], frame: &Frame) -> Option<Legend> {
        let ink = InkGrid::of(data, frame);
        let flattest = shapes.iter().map(|s| s.h).fold(f64::INFINITY, f64::min);
        let mut best: Option<(u64, usize, (f64, f64))> = None;
        for (i, s) in shapes.iter().enumerate() {
            let (left, right, centre) = (INSET, frame.width() - INSET - s.w, (frame.width() - s.w) / 2.0);
            let (top, bottom) = (INSET, frame.height() - INSET - s.h);
            for (x, y) in [(right, top), (left, top), (right, bottom), (left, bottom), (centre, top), (centre, bottom)]
            {
                // Count the box plus a small clearance around it.
                let score = ink.sum((x - 4.0, y - 4.0, x + s.w + 4.0, y + s.h + 4.0));
                if best.is_none_or(|b| score < b.0) {
                    best = Some((score, i, (x, y)));
                }
            }
        }
        let (ink, i, at) = best?;
        let shape = shapes.into_iter().nth(i)?;
        let entries = entries.iter().map(|e| Entry { label: e.label.clone(), ..*e }).collect();
        Some(Legend { entries, shape, at, ink, flattest })
    }

    /// Whether the legend covers some data.
    pub(super) fn hides_data(&self) -> bool {
        self.ink > 0
    }

    /// Height of the flattest shape that fits, in PNG pixels.
    pub(super) fn flattest_height(&self) -> f64 {
        self.flattest
    }

    /// Draws the legend into the cell `area` whose plot is `frame`.
    pub(super) fn draw(&self, area: &Area, frame: &Frame) -> Result<(), String> {
        let (bx, by) = (frame.x0 + self.at.0, frame.y0 + self.at.1);
        let corners = [(ipx(bx), ipx(by)), (ipx(bx + self.shape.w), ipx(by + self.shape.h))];
        area.draw(&Rectangle::new(corners, WHITE.mix(LEGEND_ALPHA).filled())).map_err(draw_err)?;
        area.draw(&Rectangle::new(corners, ShapeStyle::from(LEGEND_BORDER).stroke_width(ipx(1.0) as u32)))
            .map_err(draw_err)?;
        let text = Type::new(LEGEND_SIZE, LABEL_COLOR).style(HPos::Left, VPos::Center);
        let rows = self.shape.rows.max(1);
        for (i, (e, label)) in self.entries.iter().zip(&self.shape.labels).enumerate() {
            let (col, row) = ((i / rows) as f64, (i % rows) as f64);
            let x0 = bx + PAD + col * (self.shape.col_w + COL_GAP);
            let cy = by + PAD + row * ROW + (ROW - 4.0) / 2.0;
            if e.is_band {
                let band = [(ipx(x0), ipx(cy - 7.0)), (ipx(x0 + SAMPLE), ipx(cy + 8.0))];
                area.draw(&Rectangle::new(band, e.color.mix(BAND_ALPHA + 0.1).filled())).map_err(draw_err)?;
            }
            let stroke = e.color.stroke_width(ipx(LINE_WIDTH) as u32);
            let sample = [(ipx(x0), ipx(cy)), (ipx(x0 + SAMPLE), ipx(cy))];
            match e.dash {
                None => area.draw(&PathElement::new(sample, stroke)).map_err(draw_err)?,
                Some((dash, gap)) => {
                    // The sample shows the line it coincides with underneath, as the plot does.
                    if let Some(under) = e.under {
                        area.draw(&PathElement::new(sample, under.stroke_width(ipx(LINE_WIDTH) as u32)))
                            .map_err(draw_err)?;
                    }
                    let (d, g) = ((dash / 2.0).max(2.0), (gap / 2.0).max(2.0));
                    area.draw(&DashedPathElement::new(sample, ipx(d), ipx(g), stroke)).map_err(draw_err)?;
                }
            }
            area.draw_text(label, &text, (ipx(x0 + SAMPLE + GAP), ipx(cy))).map_err(draw_err)?;
        }
        Ok(())
    }
}
