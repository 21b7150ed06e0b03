//! PNG figures drawn from plain numbers.
//!
//! This module owns turning slices of `f64` into publication-quality PNG
//! figures: a grid of panels, each either a set of time series ([`Panel`]:
//! [`Line`]s and shaded [`Band`]s such as Monte Carlo p5/p50/p95) or a
//! [`Heatmap`] (e.g. a sweep over two parameters). It knows nothing of the
//! simulation: callers hand over labels and numbers, this module picks axis
//! ranges, ticks, colours, legend placement and writes the file atomically.
//!
//! # Rendering
//!
//! Plotters draws every chart: each panel is a `ChartBuilder` chart over a
//! linear or logarithmic (`log_scale`) y coordinate, with its mesh, band
//! polygons, line segments, `DashedLineSeries` and, for heatmaps, rectangles
//! and a colour bar. This module keeps what plotters does not decide for a
//! reader: where the ticks go (nice steps; 1-2-5 on log axes), which lines
//! hide each other, where the legend hides no data, and how many digits a
//! heatmap needs. Three things are our own on purpose, each because the PNGs
//! side by side showed a loss a reader would notice: the legend (plotters'
//! series-label box has one column at a fixed corner, and a panel of fifteen
//! lines needs columns and a spot chosen by the data); a 2×2 supersampled
//! canvas averaged down, a row of panels at a time (plotters' bitmap backend
//! draws thick lines, polygons and rectangles with hard edges: without it a
//! sloped line is a staircase); and how a solid line is stroked, one
//! `PathElement` per segment with a filled `Circle` at its ends and turns,
//! after dropping points that change no pixel (plotters strokes a whole path
//! as one polygon with mitred joins, which grows hairs and notches along a
//! price that zigzags from step to step).
//!
//! * The figure is [`FIGURE_WIDTH`] pixels wide and
//!   [`TITLE_HEIGHT`]` + rows × `[`ROW_HEIGHT`] pixels high, white background.
//! * Text is rendered with the DejaVu Sans fonts embedded in the binary
//!   (no system fontconfig needed); they are registered with plotters once.
//! * Non-finite values (NaN, ±inf) are skipped and leave a gap in the line.
//!   A series longer or shorter than `x` is cut to the shorter of the two.
//! * A series with more than [`MAX_POINTS`] finite points is downsampled:
//!   its points are split into `MAX_POINTS / 2` consecutive buckets and each
//!   bucket keeps its minimum and its maximum (in their original order), so
//!   spikes survive; bands keep the lowest `low` and highest `high` of each
//!   bucket. The plot is visually identical at this resolution.
//! * Lines that coincide are told apart: a line (or a band's median) that
//!   stays within half a per cent of the y axis of an earlier one at every x
//!   is dashed over it (each further line of the pile more sparsely, so all
//!   show), and its legend entry names the line it lies on: `(= organization)`,
//!   or by the part of its label before `": "` when it has one (`(= #0)`).
//! * Axis ranges come from the finite data: x spans the data exactly, y gets
//!   a 6 % margin (but strictly positive data never gets a negative axis).
//!   A constant series or a single point gets a non-zero range around its
//!   value, and a panel without any finite data is drawn empty with a
//!   "No data" note. Tick labels use thousands separators (`25,000`), `M`,
//!   `B`, `T` suffixes from a million up, and as many decimals as the tick
//!   step needs (`0.35`); only absurd magnitudes fall back to `1.00e300`.
//! * A panel with [`Panel::log_y`] plots y on a log10 scale. Values that
//!   are zero or negative have no place on it and are skipped like NaN
//!   (a panel with no positive value shows "No data", and a series with
//!   none says "not shown: never above 0" in the legend). The axis spans the
//!   data with a 6 % margin in decades. Labelled ticks are the densest set
//!   that fits: 1, 2 and 5 × 10^k, else 1 and 3 × 10^k, else powers of ten
//!   (every decade, or every 2nd, 3rd, 5th … when they would crowd, with
//!   faint grid lines at the skipped ones or at 2–9 × 10^k). Labels read
//!   like the linear ones from `0.001` up (`0.02`, `1`, `1,000`, `20M`) and
//!   are written `1e-8`, `2e-5`, `1e15` beyond. [`Panel::log_when_spread`]
//!   picks a log axis for lines whose sizes differ by orders of magnitude.
//! * A legend is drawn when a panel has more than one line/band. It goes to
//!   the corner (1–4 columns) of the plot area where it hides no data; if
//!   every spot would hide some, the y axis is extended upwards to make room
//!   for it above the data. Its background is semi-transparent white.
//! * A heatmap writes each cell's value with as many digits as tell distinct
//!   values apart, and a colour bar spanning less than 5 % of its largest
//!   value says so in the heatmap's title ("the colours span only 1.0%").
//! * Figures with more than 64 rows of panels are refused
//!   ([`PlotError::TooLarge`]).
//!
//! # Writing
//!
//! [`render_png`] renders into memory first, then writes a temporary file
//! `.<name>.tmp-<pid>-<random>.png` next to the destination and renames it
//! over the destination only when everything succeeded. On failure the
//! temporary file is removed and the [`PlotError`] names the destination.
//! A figure without panels is an error ([`PlotError::NoPanels`]); nothing is
//! written in that case.
//!
//! # Source layout
//!
//! This file holds the public data model and the entry points. The work is
//! split by job: `layout` (figure grid, panel cells, titles, the
//! supersampled canvas), `series` (series panels and coinciding lines),
//! `heatmap` (heatmap panels), `legend` (legend shape, placement and
//! drawing), `axis` (ranges, ticks, number formats), `text` (fonts and text
//! styles), `style` (palette, dashes, colours, sizes) and `png` (the atomic
//! PNG write).

use std::fmt;
use std::path::{Path, PathBuf};

mod axis;
mod heatmap;
mod layout;
mod legend;
mod png;
mod series;
mod style;
mod text;

use layout::{grid, render_figure};
use png::{encode_png, write_png_atomically};
use text::ensure_fonts;

/// Width of every figure, in pixels.
pub const FIGURE_WIDTH: u32 = 1600;
/// Height of one row of panels, in pixels.
pub const ROW_HEIGHT: u32 = 450;
/// Height of the band at the top that holds the figure title, in pixels.
pub const TITLE_HEIGHT: u32 = 64;
/// Series with more finite points than this are downsampled (min/max per
/// bucket) before drawing; see the module documentation.
pub const MAX_POINTS: usize = 4000;

/// Figures taller than this many rows are refused (memory guard).
const MAX_ROWS: usize = 64;

// ---------------------------------------------------------------------------
// Public data model
// ---------------------------------------------------------------------------

/// One line of a [`Panel`]: `values[i]` is drawn at `figure.x[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Line<'a> {
    /// Legend label.
    pub label: String,
    /// One y value per x; non-finite values leave a gap.
    pub values: &'a [f64],
}

impl<'a> Line<'a> {
    /// A line with the given legend label and values.
    pub fn new(label: impl Into<String>, values: &'a [f64]) -> Self {
        Self { label: label.into(), values }
    }
}

/// A median line with a shaded `low`..`high` band around it (e.g. Monte
/// Carlo p5/p50/p95). All three slices are indexed like `figure.x`.
#[derive(Debug, Clone, PartialEq)]
pub struct Band<'a> {
    /// Legend label.
    pub label: String,
    /// Lower edge of the shaded band.
    pub low: &'a [f64],
    /// The line drawn on top of the band.
    pub mid: &'a [f64],
    /// Upper edge of the shaded band.
    pub high: &'a [f64],
}

impl<'a> Band<'a> {
    /// A band with the given legend label and low/mid/high values.
    pub fn new(label: impl Into<String>, low: &'a [f64], mid: &'a [f64], high: &'a [f64]) -> Self {
        Self { label: label.into(), low, mid, high }
    }
}

/// A time-series panel: lines and bands sharing the figure's x axis.
///
/// Colours are assigned from a fixed palette in order: first the lines, then
/// the bands (so the same ordering gives the same colours in every panel).
/// Bands are drawn below lines. With [`log_y`](Panel::log_y) the y axis is
/// logarithmic (see the module documentation).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Panel<'a> {
    /// Panel title, drawn above the plot area (may be empty).
    pub title: String,
    /// Y-axis label, including units, e.g. `"price (USDC per token)"`.
    pub y_label: String,
    /// Plain lines.
    pub lines: Vec<Line<'a>>,
    /// Median lines with shaded bands.
    pub bands: Vec<Band<'a>>,
    /// Plot y on a log10 scale: ticks at powers of ten, and non-positive
    /// values skipped like NaN. `false` (linear) by default.
    pub log_y: bool,
}

impl<'a> Panel<'a> {
    /// An empty panel with a title and a y-axis label.
    pub fn new(title: impl Into<String>, y_label: impl Into<String>) -> Self {
        Self { title: title.into(), y_label: y_label.into(), lines: Vec::new(), bands: Vec::new(), log_y: false }
    }

    /// Switches the y axis to a log10 scale (builder style; see
    /// [`log_y`](Panel::log_y)).
    #[must_use]
    pub fn log_scale(mut self) -> Self {
        self.log_y = true;
        self
    }

    /// Switches the y axis to a log10 scale when the lines and bands differ
    /// by orders of magnitude (the largest value of one is 100 times that
    /// of another or more), so that none lies flat on the zero line of the
    /// others' axis (builder style). Series with no positive value are left
    /// out of the comparison; on a log axis their legend entry says they are
    /// not shown. A panel with a negative value keeps its linear axis, as a
    /// log axis would hide that value.
    ///
    /// ```
    /// use grassroot_report::plot::Panel;
    /// let (org, degen) = ([1000.0, 950.0], [0.5, 3.0]);
    /// assert!(Panel::new("xDAI", "").with_line("org", &org).with_line("degen", &degen).log_when_spread().log_y);
    /// let close = [500.0, 20.0];
    /// assert!(!Panel::new("xDAI", "").with_line("org", &org).with_line("b", &close).log_when_spread().log_y);
    /// let zero = [0.0, 0.0];
    /// assert!(!Panel::new("xDAI", "").with_line("org", &org).with_line("z", &zero).log_when_spread().log_y);
    /// assert!(Panel::new("xDAI", "").with_line("org", &org).with_line("z", &zero).with_line("degen", &degen).log_when_spread().log_y);
    /// let loss = [-5.0, 3.0];
    /// assert!(!Panel::new("P&L", "").with_line("org", &org).with_line("loss", &loss).log_when_spread().log_y);
    /// ```
    #[must_use]
    pub fn log_when_spread(mut self) -> Self {
        let peak = |v: &[f64]| v.iter().copied().filter(|v| v.is_finite()).fold(f64::NEG_INFINITY, f64::max);
        let peaks: Vec<f64> = self
            .lines
            .iter()
            .map(|l| peak(l.values))
            .chain(self.bands.iter().map(|b| peak(b.mid).max(peak(b.high))))
            .collect();
        let values = self.lines.iter().map(|l| l.values).chain(self.bands.iter().flat_map(|b| [b.low, b.mid, b.high]));
        if values.flatten().any(|v| *v < 0.0) {
            return self;
        }
        let positive: Vec<f64> = peaks.into_iter().filter(|p| *p > 0.0).collect();
        let (lo, hi) = positive.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &p| (lo.min(p), hi.max(p)));
        if positive.len() > 1 && hi >= 100.0 * lo {
            self.log_y = true;
        }
        self
    }

    /// Adds a line (builder style).
    #[must_use]
    pub fn with_line(mut self, label: impl Into<String>, values: &'a [f64]) -> Self {
        self.lines.push(Line::new(label, values));
        self
    }

    /// Adds a band (builder style).
    #[must_use]
    pub fn with_band(mut self, label: impl Into<String>, low: &'a [f64], mid: &'a [f64], high: &'a [f64]) -> Self {
        self.bands.push(Band::new(label, low, mid, high));
        self
    }
}

/// A heatmap panel: a grid of coloured cells with a colour bar.
///
/// The grid has `y_ticks.len()` rows and `x_ticks.len()` columns; `values`
/// is row-major (`values[row * x_ticks.len() + col]`). Row 0 is drawn at the
/// bottom (the y axis grows upwards, like the other panels). Missing values
/// (slice too short) and non-finite values are drawn as light grey cells.
/// Cells are annotated with their value when they are large enough. The
/// colour map is viridis (perceptually uniform, colour-blind friendly).
/// A heatmap ignores the figure's `x` and `x_label`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Heatmap<'a> {
    /// Panel title (may be empty).
    pub title: String,
    /// Label of the horizontal axis (the key varied across columns).
    pub x_label: String,
    /// Label of the vertical axis (the key varied across rows).
    pub y_label: String,
    /// One label per column.
    pub x_ticks: Vec<String>,
    /// One label per row (row 0 at the bottom).
    pub y_ticks: Vec<String>,
    /// Row-major cell values, `y_ticks.len()` rows by `x_ticks.len()` columns.
    pub values: &'a [f64],
    /// Label of the colour bar, including units.
    pub value_label: String,
}

/// One panel of a [`Figure`].
#[derive(Debug, Clone, PartialEq)]
pub enum PanelKind<'a> {
    /// Lines and bands over the figure's x axis.
    Series(Panel<'a>),
    /// A heatmap (ignores the figure's x axis).
    Heatmap(Heatmap<'a>),
}

impl<'a> From<Panel<'a>> for PanelKind<'a> {
    fn from(panel: Panel<'a>) -> Self {
        PanelKind::Series(panel)
    }
}

impl<'a> From<Heatmap<'a>> for PanelKind<'a> {
    fn from(heatmap: Heatmap<'a>) -> Self {
        PanelKind::Heatmap(heatmap)
    }
}

/// A figure: a title and a grid of panels sharing one x axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure<'a> {
    /// Figure title, drawn centred at the top.
    pub title: String,
    /// Label of the x axis (with units), drawn under every series panel.
    pub x_label: String,
    /// X values shared by all series panels; should be increasing.
    pub x: &'a [f64],
    /// Panels, filled into the grid row by row.
    pub panels: Vec<PanelKind<'a>>,
    /// Number of grid columns (e.g. 2). `0` is treated as 1, and a value
    /// larger than the number of panels is reduced to it.
    pub columns: usize,
}

impl Figure<'_> {
    /// Pixel size `(width, height)` that [`render_png`] produces for this
    /// figure.
    pub fn size(&self) -> (u32, u32) {
        let (_, rows) = grid(self.panels.len(), self.columns);
        let rows = u32::try_from(rows.max(1)).unwrap_or(u32::MAX);
        (FIGURE_WIDTH, TITLE_HEIGHT.saturating_add(rows.saturating_mul(ROW_HEIGHT)))
    }
}

/// Why a figure could not be written.
#[derive(Debug)]
#[non_exhaustive]
pub enum PlotError {
    /// The figure has no panels; nothing was written.
    NoPanels {
        /// Destination that was asked for.
        path: PathBuf,
    },
    /// The figure has more than 64 rows of panels.
    TooLarge {
        /// Destination that was asked for.
        path: PathBuf,
        /// Number of panel rows requested.
        rows: usize,
    },
    /// The embedded fonts could not be loaded (a build problem).
    Font {
        /// Destination that was asked for.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// Drawing or PNG encoding failed.
    Render {
        /// Destination that was asked for.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// Creating, writing or renaming a file failed.
    Io {
        /// Destination that was asked for.
        path: PathBuf,
        /// The step that failed.
        action: &'static str,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl PlotError {
    /// The destination path the failed operation was writing to.
    pub fn path(&self) -> &Path {
        match self {
            PlotError::NoPanels { path }
            | PlotError::TooLarge { path, .. }
            | PlotError::Font { path, .. }
            | PlotError::Render { path, .. }
            | PlotError::Io { path, .. } => path,
        }
    }
}

impl fmt::Display for PlotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path().display();
        match self {
            PlotError::NoPanels { .. } => {
                write!(f, "cannot write plot {path}: the figure has no panels")
            }
            PlotError::TooLarge { rows, .. } => {
                write!(f, "cannot write plot {path}: {rows} rows of panels (at most {MAX_ROWS} are allowed)")
            }
            PlotError::Font { message, .. } => {
                write!(f, "cannot write plot {path}: loading the embedded fonts failed: {message}")
            }
            PlotError::Render { message, .. } => {
                write!(f, "cannot write plot {path}: rendering failed: {message}")
            }
            PlotError::Io { action, source, .. } => {
                write!(f, "cannot write plot {path}: {action}: {source}")
            }
        }
    }
}

impl std::error::Error for PlotError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PlotError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Renders `figure` as a PNG and writes it atomically to `path`.
///
/// The image is [`Figure::size`] pixels. The PNG is written to a temporary
/// file in the destination directory and renamed over `path` on success; on
/// failure the temporary file is removed. A figure without panels returns
/// [`PlotError::NoPanels`] and writes nothing.
pub fn render_png(figure: &Figure, path: &Path) -> Result<(), PlotError> {
    write_png_atomically(&png_bytes(figure, path)?, path)
}

/// Renders `figure` as the bytes of a PNG file, for a caller that writes them itself
/// (`path` only names the figure in errors). Errors as [`render_png`].
pub fn png_bytes(figure: &Figure, path: &Path) -> Result<Vec<u8>, PlotError> {
    if figure.panels.is_empty() {
        return Err(PlotError::NoPanels { path: path.to_path_buf() });
    }
    let (_, rows) = grid(figure.panels.len(), figure.columns);
    if rows > MAX_ROWS {
        return Err(PlotError::TooLarge { path: path.to_path_buf(), rows });
    }
    ensure_fonts().map_err(|message| PlotError::Font { path: path.to_path_buf(), message })?;
    let pixels = render_figure(figure).map_err(|message| PlotError::Render { path: path.to_path_buf(), message })?;
    encode_png(&pixels, figure.size(), path)
}

/// Renders a single heatmap as a one-panel figure titled with the heatmap's
/// title, and writes it atomically to `path` (see [`render_png`]).
pub fn render_heatmap_png(heatmap: &Heatmap, path: &Path) -> Result<(), PlotError> {
    let panel = Heatmap { title: String::new(), ..heatmap.clone() };
    let figure = Figure {
        title: heatmap.title.clone(),
        x_label: String::new(),
        x: &[],
        panels: vec![PanelKind::Heatmap(panel)],
        columns: 1,
    };
    render_png(&figure, path)
}
