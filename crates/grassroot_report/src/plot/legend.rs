//! Legends: which shapes (1–4 columns) fit, where in the plot area a legend
//! hides the least data (measured on a coarse [`InkGrid`] of where series
//! are drawn), and drawing the legend box with its samples and labels.

use super::axis::Mapping;
use super::raster::{IRect, Image, Rgb};
use super::series::SeriesData;
use super::style::{BAND_ALPHA, CAP_HEIGHT, LABEL_COLOR, LEGEND_ALPHA, LEGEND_SIZE, WHITE};
use super::text::{TextCmd, fit_text, text_width};

/// Coarse map of where data is drawn in a plot area (cells of
/// `INK_CELL`² pixels), used to place the legend where it hides nothing.
pub(super) struct InkGrid {
    clip: IRect,
    cols: usize,
    rows: usize,
    cells: Vec<u8>,
}

const INK_CELL: i32 = 4;

impl InkGrid {
    fn new(clip: IRect) -> Self {
        let cols = (clip.width().max(0) / INK_CELL + 1) as usize;
        let rows = (clip.height().max(0) / INK_CELL + 1) as usize;
        Self { clip, cols, rows, cells: vec![0; cols * rows] }
    }

    fn mark(&mut self, x: f64, y: f64, weight: u8) {
        let (cx, cy) = (x - f64::from(self.clip.x0), y - f64::from(self.clip.y0));
        if cx < 0.0 || cy < 0.0 || cx >= f64::from(self.clip.width()) || cy >= f64::from(self.clip.height()) {
            return;
        }
        let i = (cy as i32 / INK_CELL) as usize * self.cols + (cx as i32 / INK_CELL) as usize;
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
            let (top, bottom) = (ya.min(yb).max(-1.0), ya.max(yb).min(f64::from(self.clip.y1) + 1.0));
            let mut y = top;
            while y < bottom {
                self.mark(x, y, weight);
                y += f64::from(INK_CELL);
            }
            self.mark(x, bottom, weight);
        }
    }

    /// Sum of the weights of the cells that overlap `r`.
    fn sum(&self, r: IRect) -> u64 {
        let to_cell = |v: i32, origin: i32, n: usize| ((v - origin).max(0) / INK_CELL).min(n as i32) as usize;
        let c0 = to_cell(r.x0, self.clip.x0, self.cols);
        let c1 = to_cell(r.x1 + INK_CELL - 1, self.clip.x0, self.cols);
        let r0 = to_cell(r.y0, self.clip.y0, self.rows);
        let r1 = to_cell(r.y1 + INK_CELL - 1, self.clip.y0, self.rows);
        let mut sum = 0;
        for row in r0..r1 {
            for col in c0..c1 {
                sum += u64::from(self.cells[row * self.cols + col]);
            }
        }
        sum
    }
}

/// Where the series will be drawn: lines weigh 4, band areas 1.
pub(super) fn ink_grid(plot: IRect, data: &[SeriesData], map: &Mapping) -> InkGrid {
    let mut ink = InkGrid::new(plot);
    for s in data {
        for run in &s.band {
            for w in run.windows(2) {
                let p = (map.px(w[0].0), map.py(w[0].1), map.py(w[0].2));
                let q = (map.px(w[1].0), map.py(w[1].1), map.py(w[1].2));
                ink.band(p, q, 1);
            }
        }
        for run in &s.line {
            match run.as_slice() {
                [p] => ink.mark(map.px(p.0), map.py(p.1), 4),
                pts => {
                    for w in pts.windows(2) {
                        ink.segment((map.px(w[0].0), map.py(w[0].1)), (map.px(w[1].0), map.py(w[1].1)), 4);
                    }
                }
            }
        }
    }
    ink
}

const LEGEND_PAD: i32 = 9;
const LEGEND_ROW: i32 = 23;
const LEGEND_SAMPLE: i32 = 28;
const LEGEND_GAP: i32 = 8;
const LEGEND_COL_GAP: i32 = 18;
pub(super) const LEGEND_INSET: i32 = 10;

/// One possible legend shape (number of columns) and its size.
#[derive(Debug, Clone)]
pub(super) struct LegendOption {
    labels: Vec<String>,
    nrows: i32,
    col_w: i32,
    w: i32,
    pub(super) h: i32,
}

/// Legend shapes with 1 to 4 columns that fit into the plot area.
pub(super) fn legend_options(series: &[SeriesData], plot: IRect) -> Vec<LegendOption> {
    let max_label_w = f64::from(plot.width()) * 0.45;
    let labels: Vec<String> = series.iter().map(|s| fit_text(&s.label, LEGEND_SIZE, false, max_label_w)).collect();
    let label_w = labels.iter().map(|l| text_width(l, LEGEND_SIZE, false).ceil() as i32).max().unwrap_or(0);
    let n = series.len() as i32;
    let col_w = LEGEND_SAMPLE + LEGEND_GAP + label_w;
    let mut options = Vec::new();
    for ncols in 1..=n.min(4) {
        let nrows = (n + ncols - 1) / ncols;
        let w = 2 * LEGEND_PAD + ncols * col_w + (ncols - 1) * LEGEND_COL_GAP;
        let h = 2 * LEGEND_PAD + nrows * LEGEND_ROW - 4;
        let fits = w + 2 * LEGEND_INSET <= plot.width() && h + 2 * LEGEND_INSET <= plot.height();
        if fits || ncols == 1 {
            options.push(LegendOption { labels: labels.clone(), nrows, col_w, w, h });
        }
    }
    options
}

/// The least-inked legend position: `(ink, option index, top-left)`.
/// Preference on ties: fewer columns, then upper right, upper left, lower
/// right, lower left, upper centre, lower centre.
pub(super) fn place_legend(ink: &InkGrid, options: &[LegendOption], plot: IRect) -> Option<(u64, usize, (i32, i32))> {
    let mut best: Option<(u64, usize, (i32, i32))> = None;
    for (i, o) in options.iter().enumerate() {
        let left = plot.x0 + LEGEND_INSET;
        let right = plot.x1 - LEGEND_INSET - o.w;
        let centre = (plot.x0 + plot.x1 - o.w) / 2;
        let top = plot.y0 + LEGEND_INSET;
        let bottom = plot.y1 - LEGEND_INSET - o.h;
        for (x, y) in [(right, top), (left, top), (right, bottom), (left, bottom), (centre, top), (centre, bottom)] {
            // Count the box plus a small clearance around it.
            let score = ink.sum(IRect { x0: x - 4, y0: y - 4, x1: x + o.w + 4, y1: y + o.h + 4 });
            if best.is_none_or(|b| score < b.0) {
                best = Some((score, i, (x, y)));
            }
        }
    }
    best
}

pub(super) fn draw_legend(
    image: &mut Image,
    texts: &mut Vec<TextCmd>,
    series: &[SeriesData],
    o: &LegendOption,
    (bx, by): (i32, i32),
) {
    let boxr = IRect { x0: bx, y0: by, x1: bx + o.w, y1: by + o.h };
    image.fill_rect(boxr, WHITE, LEGEND_ALPHA);
    image.stroke_rect(boxr, Rgb(0xCC, 0xCC, 0xCC));

    for (i, (s, label)) in series.iter().zip(&o.labels).enumerate() {
        let i = i as i32;
        let (col, row) = (i / o.nrows, i % o.nrows);
        let x0 = bx + LEGEND_PAD + col * (o.col_w + LEGEND_COL_GAP);
        let cy = by + LEGEND_PAD + row * LEGEND_ROW + (LEGEND_ROW - 4) / 2;
        if s.is_band {
            image.fill_rect(IRect { x0, x1: x0 + LEGEND_SAMPLE, y0: cy - 7, y1: cy + 8 }, s.color, BAND_ALPHA + 0.1);
        }
        image.fill_rect(IRect { x0, x1: x0 + LEGEND_SAMPLE, y0: cy - 1, y1: cy + 2 }, s.color, 1.0);
        texts.push(
            TextCmd::new(
                label.clone(),
                f64::from(x0 + LEGEND_SAMPLE + LEGEND_GAP),
                f64::from(cy) + 0.5 + 0.5 * CAP_HEIGHT * LEGEND_SIZE,
                LEGEND_SIZE,
            )
            .color(LABEL_COLOR),
        );
    }
}
