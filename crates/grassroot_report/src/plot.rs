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
//! * The figure is [`FIGURE_WIDTH`] pixels wide and
//!   [`TITLE_HEIGHT`]` + rows × `[`ROW_HEIGHT`] pixels high, white background.
//! * Text is rendered with the DejaVu Sans fonts embedded in the binary
//!   (no system fontconfig needed); they are registered with plotters once.
//! * Lines and bands are rasterised by this module with anti-aliasing;
//!   plotters is used for text and PNG encoding.
//! * Non-finite values (NaN, ±inf) are skipped and leave a gap in the line.
//!   A series longer or shorter than `x` is cut to the shorter of the two.
//! * A series with more than [`MAX_POINTS`] finite points is downsampled:
//!   its points are split into `MAX_POINTS / 2` consecutive buckets and each
//!   bucket keeps its minimum and its maximum (in their original order), so
//!   spikes survive; bands keep the lowest `low` and highest `high` of each
//!   bucket. The plot is visually identical at this resolution.
//! * Axis ranges come from the finite data: x spans the data exactly, y gets
//!   a 6 % margin (but strictly positive data never gets a negative axis).
//!   A constant series or a single point gets a non-zero range around its
//!   value, and a panel without any finite data is drawn empty with a
//!   "No data" note. Tick labels use thousands separators (`25,000`), `M`,
//!   `B`, `T` suffixes from a million up, and as many decimals as the tick
//!   step needs (`0.35`); only absurd magnitudes fall back to `1.00e300`.
//! * A legend is drawn when a panel has more than one line/band. It goes to
//!   the corner (1–4 columns) of the plot area where it hides no data; if
//!   every spot would hide some, the y axis is extended upwards to make room
//!   for it above the data. Its background is semi-transparent white.
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

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plotters::backend::{BitMapBackend, DrawingBackend, RGBPixel};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, FontTransform, RGBColor, register_font};

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

const FONT_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const FONT_BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
/// Private family name so we never clobber fonts registered by others.
const FONT_FAMILY: &str = "grassroot-dejavu-sans";

// Font sizes (plotters/ab_glyph pixel scale).
const FIGURE_TITLE_SIZE: f64 = 28.0;
const PANEL_TITLE_SIZE: f64 = 21.0;
const AXIS_LABEL_SIZE: f64 = 19.0;
const TICK_SIZE: f64 = 16.0;
const LEGEND_SIZE: f64 = 16.0;
const ANNOTATION_SIZE: f64 = 14.0;
/// Cap height of DejaVu Sans as a fraction of the plotters font size.
const CAP_HEIGHT: f64 = 0.63;

/// Okabe–Ito inspired colour-blind friendly palette (yellow darkened so it
/// reads on white).
const PALETTE: [Rgb; 8] = [
    Rgb(0x00, 0x72, 0xB2), // blue
    Rgb(0xD5, 0x5E, 0x00), // vermillion
    Rgb(0x00, 0x9E, 0x73), // bluish green
    Rgb(0xCC, 0x79, 0xA7), // reddish purple
    Rgb(0xE6, 0x9F, 0x00), // orange
    Rgb(0x56, 0xB4, 0xE9), // sky blue
    Rgb(0x44, 0x44, 0x44), // dark grey
    Rgb(0xB8, 0xA3, 0x00), // dark yellow
];

const WHITE: Rgb = Rgb(0xFF, 0xFF, 0xFF);
const TITLE_COLOR: Rgb = Rgb(0x1A, 0x1A, 0x1A);
const LABEL_COLOR: Rgb = Rgb(0x33, 0x33, 0x33);
const TICK_COLOR: Rgb = Rgb(0x4D, 0x4D, 0x4D);
const AXIS_COLOR: Rgb = Rgb(0x66, 0x66, 0x66);
const GRID_COLOR: Rgb = Rgb(0xE6, 0xE6, 0xE6);
const NOTE_COLOR: Rgb = Rgb(0x99, 0x99, 0x99);
const MISSING_CELL: Rgb = Rgb(0xD9, 0xD9, 0xD9);

const LINE_WIDTH: f64 = 2.2;
const BAND_ALPHA: f64 = 0.22;
const LEGEND_ALPHA: f64 = 0.85;

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
/// Bands are drawn below lines.
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
}

impl<'a> Panel<'a> {
    /// An empty panel with a title and a y-axis label.
    pub fn new(title: impl Into<String>, y_label: impl Into<String>) -> Self {
        Self { title: title.into(), y_label: y_label.into(), lines: Vec::new(), bands: Vec::new() }
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
    if figure.panels.is_empty() {
        return Err(PlotError::NoPanels { path: path.to_path_buf() });
    }
    let (_, rows) = grid(figure.panels.len(), figure.columns);
    if rows > MAX_ROWS {
        return Err(PlotError::TooLarge { path: path.to_path_buf(), rows });
    }
    ensure_fonts().map_err(|message| PlotError::Font { path: path.to_path_buf(), message })?;
    let image = render_figure(figure).map_err(|message| PlotError::Render { path: path.to_path_buf(), message })?;
    write_png_atomically(&image, path)
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

// ---------------------------------------------------------------------------
// Fonts and text
// ---------------------------------------------------------------------------

fn ensure_fonts() -> Result<(), String> {
    static FONTS: OnceLock<Result<(), String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            register_font(FONT_FAMILY, FontStyle::Normal, FONT_REGULAR)
                .map_err(|_| "DejaVuSans.ttf is not a valid font".to_string())?;
            register_font(FONT_FAMILY, FontStyle::Bold, FONT_BOLD)
                .map_err(|_| "DejaVuSans-Bold.ttf is not a valid font".to_string())?;
            Ok(())
        })
        .clone()
}

fn font(size: f64, bold: bool) -> FontDesc<'static> {
    let style = if bold { FontStyle::Bold } else { FontStyle::Normal };
    FontDesc::new(FontFamily::Name(FONT_FAMILY), size, style)
}

/// Advance width of `text` in pixels.
fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    match font(size, bold).box_size(text) {
        Ok((w, _)) => f64::from(w),
        Err(_) => 0.6 * size * text.chars().count() as f64,
    }
}

/// Shortens `text` with an ellipsis so that it fits in `max_width` pixels.
fn fit_text(text: &str, size: f64, bold: bool, max_width: f64) -> String {
    if text_width(text, size, bold) <= max_width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>() + "…";
        if text_width(&candidate, size, bold) <= max_width {
            return candidate;
        }
    }
    String::new()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Center,
    Right,
}

/// A piece of text queued for the text pass (drawn after all geometry).
#[derive(Debug, Clone)]
struct TextCmd {
    text: String,
    /// Anchor x (left/centre/right edge depending on `align`); for rotated
    /// text, the baseline x.
    x: f64,
    /// Baseline y; for rotated text, the anchor along the (vertical) text.
    y: f64,
    size: f64,
    bold: bool,
    color: Rgb,
    align: Align,
    /// Rotated 90° counter-clockwise (reads bottom to top).
    rotated: bool,
}

impl TextCmd {
    fn new(text: impl Into<String>, x: f64, y: f64, size: f64) -> Self {
        Self { text: text.into(), x, y, size, bold: false, color: LABEL_COLOR, align: Align::Left, rotated: false }
    }
    fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    fn color(mut self, color: Rgb) -> Self {
        self.color = color;
        self
    }
    fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }
    fn rotated(mut self) -> Self {
        self.rotated = true;
        self
    }
}

/// Draws the queued texts onto the RGB buffer with plotters.
fn draw_texts(image: &mut Image, texts: &[TextCmd]) -> Result<(), String> {
    let (w, h) = (image.width, image.height);
    let mut backend =
        BitMapBackend::<RGBPixel>::with_buffer_and_format(&mut image.pixels, (w, h)).map_err(|e| e.to_string())?;
    for t in texts {
        if t.text.is_empty() {
            continue;
        }
        let hpos = match t.align {
            Align::Left => HPos::Left,
            Align::Center => HPos::Center,
            Align::Right => HPos::Right,
        };
        let color = RGBColor(t.color.0, t.color.1, t.color.2);
        let mut style = font(t.size, t.bold).color(&color).pos(Pos::new(hpos, VPos::Top));
        // With VPos::Top, ab_glyph puts the baseline half a font size below
        // the anchor (to the right of it once rotated).
        let half = 0.5 * t.size;
        let pos = if t.rotated {
            style = style.transform(FontTransform::Rotate270);
            ((t.x - half).round() as i32, t.y.round() as i32)
        } else {
            (t.x.round() as i32, (t.y - half).round() as i32)
        };
        backend.draw_text(&t.text, &style, pos).map_err(|e| e.to_string())?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Raster canvas
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rgb(u8, u8, u8);

impl Rgb {
    fn lerp(self, other: Rgb, t: f64) -> Rgb {
        let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(mix(self.0, other.0), mix(self.1, other.1), mix(self.2, other.2))
    }
    fn luminance(self) -> f64 {
        (0.2126 * f64::from(self.0) + 0.7152 * f64::from(self.1) + 0.0722 * f64::from(self.2)) / 255.0
    }
}

/// Integer pixel rectangle, `x0..x1` × `y0..y1` (exclusive ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IRect {
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
}

impl IRect {
    fn width(self) -> i32 {
        self.x1 - self.x0
    }
    fn height(self) -> i32 {
        self.y1 - self.y0
    }
}

/// An RGB8 image buffer.
struct Image {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Image {
    fn new(width: u32, height: u32) -> Self {
        Self { width, height, pixels: vec![0xFF; width as usize * height as usize * 3] }
    }

    #[inline]
    fn blend(&mut self, x: i32, y: i32, c: Rgb, alpha: f64) {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 {
            return;
        }
        let i = (y as usize * self.width as usize + x as usize) * 3;
        if alpha >= 1.0 {
            self.pixels[i] = c.0;
            self.pixels[i + 1] = c.1;
            self.pixels[i + 2] = c.2;
            return;
        }
        let mix = |d: u8, s: u8| (f64::from(d) + (f64::from(s) - f64::from(d)) * alpha + 0.5) as u8;
        self.pixels[i] = mix(self.pixels[i], c.0);
        self.pixels[i + 1] = mix(self.pixels[i + 1], c.1);
        self.pixels[i + 2] = mix(self.pixels[i + 2], c.2);
    }

    fn fill_rect(&mut self, r: IRect, c: Rgb, alpha: f64) {
        let x0 = r.x0.max(0);
        let y0 = r.y0.max(0);
        let x1 = r.x1.min(self.width as i32);
        let y1 = r.y1.min(self.height as i32);
        for y in y0..y1 {
            for x in x0..x1 {
                self.blend(x, y, c, alpha);
            }
        }
    }

    fn stroke_rect(&mut self, r: IRect, c: Rgb) {
        self.fill_rect(IRect { y1: r.y0 + 1, ..r }, c, 1.0);
        self.fill_rect(IRect { y0: r.y1 - 1, ..r }, c, 1.0);
        self.fill_rect(IRect { x1: r.x0 + 1, ..r }, c, 1.0);
        self.fill_rect(IRect { x0: r.x1 - 1, ..r }, c, 1.0);
    }
}

/// Per-pixel coverage accumulator over a clip rectangle, used to draw one
/// series at a time with anti-aliasing and without double blending at
/// joints. Touched pixels are tracked per row so compositing is cheap.
struct Coverage {
    clip: IRect,
    data: Vec<f32>,
    /// Per clip row: touched column range `[min, max)` (absolute x).
    spans: Vec<(i32, i32)>,
}

impl Coverage {
    fn new(clip: IRect) -> Self {
        let n = clip.width().max(0) as usize * clip.height().max(0) as usize;
        Self { clip, data: vec![0.0; n], spans: vec![(i32::MAX, i32::MIN); clip.height().max(0) as usize] }
    }

    fn index(&self, x: i32, y: i32) -> usize {
        (y - self.clip.y0) as usize * self.clip.width() as usize + (x - self.clip.x0) as usize
    }

    fn touch(&mut self, y: i32, x0: i32, x1: i32) {
        let span = &mut self.spans[(y - self.clip.y0) as usize];
        span.0 = span.0.min(x0);
        span.1 = span.1.max(x1);
    }

    /// Clips a float bounding box to the clip rect; `None` if empty.
    fn clip_box(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> Option<IRect> {
        let r = IRect {
            x0: (x0.floor() as i32).max(self.clip.x0),
            y0: (y0.floor() as i32).max(self.clip.y0),
            x1: (x1.ceil() as i32).min(self.clip.x1),
            y1: (y1.ceil() as i32).min(self.clip.y1),
        };
        (r.x0 < r.x1 && r.y0 < r.y1).then_some(r)
    }

    /// Adds a round-capped segment of the given half width (max-combined).
    fn segment(&mut self, a: (f64, f64), b: (f64, f64), radius: f64) {
        let pad = radius + 1.0;
        let Some(r) = self.clip_box(a.0.min(b.0) - pad, a.1.min(b.1) - pad, a.0.max(b.0) + pad, a.1.max(b.1) + pad)
        else {
            return;
        };
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        let inv_len2 = if len2 > 0.0 { 1.0 / len2 } else { 0.0 };
        let reach = radius + 0.5;
        let reach2 = reach * reach;
        let inv_dy = if dy.abs() > 1e-9 { 1.0 / dy } else { 0.0 };
        for py in r.y0..r.y1 {
            let cy = f64::from(py) + 0.5;
            // Restrict the scanned columns to the segment's extent on this row.
            let (mut sx0, mut sx1) = (r.x0, r.x1);
            if inv_dy != 0.0 {
                let t0 = ((cy - pad - a.1) * inv_dy).clamp(0.0, 1.0);
                let t1 = ((cy + pad - a.1) * inv_dy).clamp(0.0, 1.0);
                let xa = a.0 + t0 * dx;
                let xb = a.0 + t1 * dx;
                sx0 = sx0.max((xa.min(xb) - pad) as i32 - 1);
                sx1 = sx1.min((xa.max(xb) + pad) as i32 + 2);
            }
            if sx0 >= sx1 {
                continue;
            }
            let row = (py - self.clip.y0) as usize * self.clip.width() as usize;
            let mut touched = false;
            for px in sx0..sx1 {
                let cx = f64::from(px) + 0.5;
                let t = (((cx - a.0) * dx + (cy - a.1) * dy) * inv_len2).clamp(0.0, 1.0);
                let ex = a.0 + t * dx - cx;
                let ey = a.1 + t * dy - cy;
                let d2 = ex * ex + ey * ey;
                if d2 >= reach2 {
                    continue;
                }
                let c = (reach - d2.sqrt()).min(1.0) as f32;
                let i = row + (px - self.clip.x0) as usize;
                if self.data[i] < c {
                    self.data[i] = c;
                }
                touched = true;
            }
            if touched {
                self.touch(py, sx0, sx1);
            }
        }
    }

    /// Adds an anti-aliased polyline; a single point becomes a dot.
    fn polyline(&mut self, pts: &[(f64, f64)], width: f64) {
        match pts {
            [] => {}
            [p] => self.segment(*p, *p, 1.6 * width),
            _ => {
                for w in pts.windows(2) {
                    self.segment(w[0], w[1], width / 2.0);
                }
            }
        }
    }

    /// Adds the area between two y curves, `(x, y_a, y_b)` per vertex
    /// (coverage is summed across segments so shared columns stay solid).
    fn band(&mut self, pts: &[(f64, f64, f64)]) {
        for w in pts.windows(2) {
            let (p, q) = if w[0].0 <= w[1].0 { (w[0], w[1]) } else { (w[1], w[0]) };
            let span = q.0 - p.0;
            if span <= 0.0 {
                continue;
            }
            let top = p.1.min(p.2).min(q.1).min(q.2);
            let bottom = p.1.max(p.2).max(q.1).max(q.2);
            let Some(r) = self.clip_box(p.0, top, q.0, bottom) else {
                continue;
            };
            for px in r.x0..r.x1 {
                let l = f64::from(px).max(p.0);
                let rr = (f64::from(px) + 1.0).min(q.0);
                let hcov = rr - l;
                if hcov <= 0.0 {
                    continue;
                }
                let t = (0.5 * (l + rr) - p.0) / span;
                let ya = p.1 + t * (q.1 - p.1);
                let yb = p.2 + t * (q.2 - p.2);
                let (y_top, y_bot) = (ya.min(yb), ya.max(yb));
                let py0 = (y_top.floor() as i32).max(r.y0);
                let py1 = (y_bot.ceil() as i32).min(r.y1);
                for py in py0..py1 {
                    let vcov = (f64::from(py + 1).min(y_bot) - f64::from(py).max(y_top)).max(0.0);
                    let i = self.index(px, py);
                    self.data[i] += (hcov * vcov) as f32;
                    self.touch(py, px, px + 1);
                }
            }
        }
    }

    /// Blends the accumulated coverage onto `image` and resets it.
    fn composite(&mut self, image: &mut Image, color: Rgb, alpha: f64) {
        for y in self.clip.y0..self.clip.y1 {
            let (x0, x1) = std::mem::replace(&mut self.spans[(y - self.clip.y0) as usize], (i32::MAX, i32::MIN));
            for x in x0.max(self.clip.x0)..x1.min(self.clip.x1) {
                let i = self.index(x, y);
                let c = f64::from(self.data[i].min(1.0));
                if c > 0.0 {
                    image.blend(x, y, color, c * alpha);
                    self.data[i] = 0.0;
                }
            }
        }
    }
}

/// Coarse map of where data is drawn in a plot area (cells of
/// `INK_CELL`² pixels), used to place the legend where it hides nothing.
struct InkGrid {
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

// ---------------------------------------------------------------------------
// Numbers: ranges, ticks, labels, downsampling
// ---------------------------------------------------------------------------

/// Min and max of the finite values, if any.
fn finite_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values.into_iter().filter(|v| v.is_finite()).fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// Widens a data range by `margin` (fraction of the span) on both sides and
/// guarantees a non-zero, finite span.
fn padded_range(range: Option<(f64, f64)>, margin: f64) -> (f64, f64) {
    const LIMIT: f64 = 1e300;
    let Some((lo, hi)) = range else {
        return (0.0, 1.0);
    };
    let (lo, hi) = (lo.clamp(-LIMIT, LIMIT), hi.clamp(-LIMIT, LIMIT));
    let span = hi - lo;
    let scale = lo.abs().max(hi.abs());
    if span <= scale * 1e-12 {
        let pad = if scale > 0.0 { scale * 0.05 } else { 1.0 };
        return (lo - pad, hi + pad);
    }
    let (a, b) = (lo - span * margin, hi + span * margin);
    // Keep strictly positive data from gaining a negative axis.
    let a = if lo > 0.0 && a < 0.0 { 0.0 } else { a };
    let b = if hi < 0.0 && b > 0.0 { 0.0 } else { b };
    (a, b)
}

/// "Nice" tick values (multiples of 1, 2 or 5 × 10^k) inside `lo..=hi`:
/// the step whose tick count is closest to `target` (ties: fewer ticks).
/// Returns the ticks and the step between them.
fn nice_ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
    let span = hi - lo;
    if !span.is_finite() || span <= 0.0 {
        return (vec![lo], 1.0);
    }
    let target = target.max(2) as f64;
    let base = 10f64.powf((span / target).log10().floor());
    let count = |step: f64| ((hi / step + 1e-9).floor() - (lo / step - 1e-9).ceil() + 1.0).max(0.0);
    let mut step = base;
    let mut best = f64::INFINITY;
    for scale in [base / 10.0, base, base * 10.0] {
        for m in [1.0, 2.0, 5.0] {
            let candidate = m * scale;
            let n = count(candidate);
            // Fewer than two ticks say nothing about the scale.
            let badness = (n - target).abs() + if n < 2.0 { 1e3 } else { 0.0 };
            if badness < best || (badness == best && candidate > step) {
                best = badness;
                step = candidate;
            }
        }
    }
    let first = (lo / step - 1e-9).ceil();
    let last = (hi / step + 1e-9).floor();
    let mut ticks = Vec::new();
    let mut k = first;
    while k <= last && ticks.len() < 50 {
        let v = k * step;
        ticks.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        k += 1.0;
    }
    (ticks, step)
}

/// How tick labels of one axis are printed: a common suffix scale and a
/// fixed number of decimals, chosen from the axis magnitude and tick step.
#[derive(Debug, Clone, Copy, PartialEq)]
struct NumberFormat {
    divisor: f64,
    suffix: &'static str,
    decimals: usize,
    scientific: bool,
}

impl NumberFormat {
    /// Format for values up to `max_abs` in magnitude, distinguished at
    /// resolution `step`.
    fn new(max_abs: f64, step: f64) -> Self {
        let (divisor, suffix) = if max_abs >= 1e12 {
            (1e12, "T")
        } else if max_abs >= 1e9 {
            (1e9, "B")
        } else if max_abs >= 1e6 {
            (1e6, "M")
        } else {
            (1.0, "")
        };
        let rel = (step / divisor).abs();
        let decimals = if rel > 0.0 && rel.is_finite() { (-(rel.log10() + 1e-9).floor()).max(0.0) as usize } else { 0 };
        Self { divisor, suffix, decimals: decimals.min(9), scientific: max_abs >= 1e15 || decimals > 9 }
    }

    fn format(&self, v: f64) -> String {
        if !v.is_finite() {
            return String::new();
        }
        if self.scientific {
            return if v == 0.0 { "0".into() } else { format!("{v:.2e}") };
        }
        let s = format!("{:.*}", self.decimals, v / self.divisor);
        let (neg, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.as_str()),
        };
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let is_zero = s.bytes().all(|b| b == b'0' || b == b'.');
        let mut out = String::with_capacity(s.len() + 8);
        if neg && !is_zero {
            out.push('-');
        }
        let digits = int.len();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (digits - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        if let Some(f) = frac {
            out.push('.');
            out.push_str(f);
        }
        out.push_str(self.suffix);
        out
    }
}

/// Splits `(x, y)` pairs into runs of consecutive finite points.
fn finite_runs(x: &[f64], y: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    let mut cur = Vec::new();
    for (&xv, &yv) in x.iter().zip(y) {
        if xv.is_finite() && yv.is_finite() {
            cur.push((xv, yv));
        } else if !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

/// Splits `(x, low, high)` triples into runs of consecutive finite points.
fn finite_band_runs(x: &[f64], low: &[f64], high: &[f64]) -> Vec<Vec<(f64, f64, f64)>> {
    let mut runs = Vec::new();
    let mut cur = Vec::new();
    for ((&xv, &l), &h) in x.iter().zip(low).zip(high) {
        if xv.is_finite() && l.is_finite() && h.is_finite() {
            cur.push((xv, l.min(h), l.max(h)));
        } else if !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

/// Bucket size for downsampling `total` points (1 = keep everything).
fn bucket_size(total: usize) -> usize {
    if total <= MAX_POINTS { 1 } else { total.div_ceil(MAX_POINTS / 2) }
}

/// Keeps the min and max point (in original order) of every `bucket`
/// consecutive points.
fn downsample_line(run: &[(f64, f64)], bucket: usize) -> Vec<(f64, f64)> {
    if bucket <= 1 {
        return run.to_vec();
    }
    let mut out = Vec::with_capacity(2 * run.len() / bucket + 2);
    for chunk in run.chunks(bucket) {
        let (mut imin, mut imax) = (0, 0);
        for (i, p) in chunk.iter().enumerate() {
            if p.1 < chunk[imin].1 {
                imin = i;
            }
            if p.1 > chunk[imax].1 {
                imax = i;
            }
        }
        let (a, b) = (imin.min(imax), imin.max(imax));
        out.push(chunk[a]);
        if b != a {
            out.push(chunk[b]);
        }
    }
    out
}

/// Keeps, per bucket, the lowest low and highest high at the bucket's first
/// and last x (a conservative envelope).
fn downsample_band(run: &[(f64, f64, f64)], bucket: usize) -> Vec<(f64, f64, f64)> {
    if bucket <= 1 {
        return run.to_vec();
    }
    let mut out = Vec::with_capacity(2 * run.len() / bucket + 2);
    for chunk in run.chunks(bucket) {
        let lo = chunk.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
        let hi = chunk.iter().map(|p| p.2).fold(f64::NEG_INFINITY, f64::max);
        if let (Some(first), Some(last)) = (chunk.first(), chunk.last()) {
            out.push((first.0, lo, hi));
            if chunk.len() > 1 {
                out.push((last.0, lo, hi));
            }
        }
    }
    out
}

/// Linear map from data to pixels for one plot area.
#[derive(Debug, Clone, Copy)]
struct Mapping {
    rect: IRect,
    x: (f64, f64),
    y: (f64, f64),
}

impl Mapping {
    fn px(&self, v: f64) -> f64 {
        let t = (v - self.x.0) / (self.x.1 - self.x.0);
        (f64::from(self.rect.x0) + t * f64::from(self.rect.width())).clamp(-1e6, 1e6)
    }
    fn py(&self, v: f64) -> f64 {
        let t = (v - self.y.0) / (self.y.1 - self.y.0);
        (f64::from(self.rect.y1) - t * f64::from(self.rect.height())).clamp(-1e6, 1e6)
    }
}

// ---------------------------------------------------------------------------
// Figure layout
// ---------------------------------------------------------------------------

/// `(columns, rows)` of the panel grid.
fn grid(panels: usize, columns: usize) -> (usize, usize) {
    let cols = columns.clamp(1, panels.max(1));
    (cols, panels.div_ceil(cols))
}

fn render_figure(figure: &Figure) -> Result<Image, String> {
    let (width, height) = figure.size();
    let mut image = Image::new(width, height);
    let mut texts = Vec::new();
    let (cols, _) = grid(figure.panels.len(), figure.columns);

    if !figure.title.is_empty() {
        let title = fit_text(&figure.title, FIGURE_TITLE_SIZE, true, f64::from(width) - 40.0);
        texts.push(
            TextCmd::new(title, f64::from(width) / 2.0, 44.0, FIGURE_TITLE_SIZE)
                .bold()
                .color(TITLE_COLOR)
                .align(Align::Center),
        );
    }

    for (i, panel) in figure.panels.iter().enumerate() {
        let (col, row) = ((i % cols) as i64, (i / cols) as i64);
        let w = i64::from(width);
        let cell = IRect {
            x0: (col * w / cols as i64) as i32,
            x1: ((col + 1) * w / cols as i64) as i32,
            y0: (i64::from(TITLE_HEIGHT) + row * i64::from(ROW_HEIGHT)) as i32,
            y1: (i64::from(TITLE_HEIGHT) + (row + 1) * i64::from(ROW_HEIGHT)) as i32,
        };
        match panel {
            PanelKind::Series(p) => {
                draw_series_panel(&mut image, &mut texts, cell, p, figure.x, &figure.x_label);
            }
            PanelKind::Heatmap(h) => draw_heatmap_panel(&mut image, &mut texts, cell, h),
        }
    }

    draw_texts(&mut image, &texts)?;
    Ok(image)
}

/// Vertical layout shared by both panel kinds: `(title_baseline, plot_top,
/// plot_bottom, x_tick_baseline, x_label_baseline)`.
fn vertical_layout(cell: IRect) -> (f64, i32, i32, f64, f64) {
    let title_baseline = f64::from(cell.y0) + 30.0;
    let plot_top = cell.y0 + 46;
    let plot_bottom = cell.y1 - 76;
    let x_tick_baseline = f64::from(plot_bottom) + 12.0 + CAP_HEIGHT * TICK_SIZE;
    let x_label_baseline = f64::from(cell.y1) - 22.0;
    (title_baseline, plot_top, plot_bottom, x_tick_baseline, x_label_baseline)
}

const TICK_LEN: i32 = 5;
const CELL_PAD: f64 = 16.0;

/// Y tick labels and their widest width.
fn y_tick_labels(lo: f64, hi: f64, plot_height: i32) -> (Vec<(f64, String)>, f64) {
    let target = (plot_height / 55).clamp(3, 8) as usize;
    let (ticks, step) = nice_ticks(lo, hi, target);
    let fmt = NumberFormat::new(lo.abs().max(hi.abs()), step);
    let labels: Vec<(f64, String)> = ticks.into_iter().map(|t| (t, fmt.format(t))).collect();
    let widest = labels.iter().map(|(_, s)| text_width(s, TICK_SIZE, false)).fold(0.0, f64::max);
    (labels, widest)
}

/// X ticks that fit without overlapping labels.
fn x_tick_labels(lo: f64, hi: f64, rect: IRect) -> Vec<(f64, String, f64)> {
    let width = f64::from(rect.width());
    let mut target = ((width / 95.0) as usize).clamp(2, 10);
    loop {
        let (ticks, step) = nice_ticks(lo, hi, target);
        let fmt = NumberFormat::new(lo.abs().max(hi.abs()), step);
        let labels: Vec<(f64, String, f64)> = ticks
            .into_iter()
            .map(|t| {
                let s = fmt.format(t);
                let w = text_width(&s, TICK_SIZE, false);
                (t, s, w)
            })
            .collect();
        let px = |v: f64| f64::from(rect.x0) + (v - lo) / (hi - lo) * width;
        let fits = labels.windows(2).all(|w| px(w[1].0) - px(w[0].0) >= 0.5 * (w[0].2 + w[1].2) + 18.0);
        if fits || target <= 2 {
            return labels;
        }
        target -= 1;
    }
}

/// Queues the panel title, centred over the plot area but kept in the cell.
fn push_panel_title(texts: &mut Vec<TextCmd>, title: &str, cell: IRect, plot: IRect, baseline: f64) {
    if title.is_empty() {
        return;
    }
    let max_w = f64::from(cell.width()) - 2.0 * CELL_PAD;
    let title = fit_text(title, PANEL_TITLE_SIZE, true, max_w);
    let w = text_width(&title, PANEL_TITLE_SIZE, true);
    let centre = 0.5 * f64::from(plot.x0 + plot.x1);
    let lo = f64::from(cell.x0) + CELL_PAD + w / 2.0;
    let hi = f64::from(cell.x1) - CELL_PAD - w / 2.0;
    let x = if lo <= hi { centre.clamp(lo, hi) } else { centre };
    texts.push(TextCmd::new(title, x, baseline, PANEL_TITLE_SIZE).bold().color(TITLE_COLOR).align(Align::Center));
}

/// Queues an axis label under the plot, centred on it.
fn push_x_label(texts: &mut Vec<TextCmd>, label: &str, cell: IRect, plot: IRect, baseline: f64) {
    if label.is_empty() {
        return;
    }
    let label = fit_text(label, AXIS_LABEL_SIZE, false, f64::from(cell.width()) - 2.0 * CELL_PAD);
    texts.push(TextCmd::new(label, 0.5 * f64::from(plot.x0 + plot.x1), baseline, AXIS_LABEL_SIZE).align(Align::Center));
}

/// Queues a rotated axis label whose glyphs start at `x_left`, centred on
/// the plot vertically.
fn push_y_label(texts: &mut Vec<TextCmd>, label: &str, x_left: f64, plot: IRect) {
    if label.is_empty() {
        return;
    }
    let label = fit_text(label, AXIS_LABEL_SIZE, false, f64::from(plot.height()) + 40.0);
    // Rotated text: the cap top sits at baseline - cap height, to the left.
    let baseline = x_left + CAP_HEIGHT * AXIS_LABEL_SIZE;
    texts.push(
        TextCmd::new(label, baseline, 0.5 * f64::from(plot.y0 + plot.y1), AXIS_LABEL_SIZE)
            .align(Align::Center)
            .rotated(),
    );
}

/// One series of a panel after filtering and downsampling, in data
/// coordinates.
struct SeriesData {
    label: String,
    color: Rgb,
    band: Vec<Vec<(f64, f64, f64)>>,
    line: Vec<Vec<(f64, f64)>>,
    is_band: bool,
}

/// Collects the finite runs of every line and band (cut to the length of
/// `x`), downsampled, with palette colours: lines first, then bands.
fn prepare_series(panel: &Panel, x: &[f64]) -> Vec<SeriesData> {
    let mut data: Vec<SeriesData> = Vec::new();
    for l in &panel.lines {
        let n = x.len().min(l.values.len());
        data.push(SeriesData {
            label: l.label.clone(),
            color: PALETTE[data.len() % PALETTE.len()],
            band: Vec::new(),
            line: finite_runs(&x[..n], &l.values[..n]),
            is_band: false,
        });
    }
    for b in &panel.bands {
        let n = x.len().min(b.low.len()).min(b.mid.len()).min(b.high.len());
        data.push(SeriesData {
            label: b.label.clone(),
            color: PALETTE[data.len() % PALETTE.len()],
            band: finite_band_runs(&x[..n], &b.low[..n], &b.high[..n]),
            line: finite_runs(&x[..n], &b.mid[..n]),
            is_band: true,
        });
    }
    for d in &mut data {
        let total: usize = d.line.iter().map(Vec::len).sum();
        let bucket = bucket_size(total);
        for run in &mut d.line {
            *run = downsample_line(run, bucket);
        }
        let total: usize = d.band.iter().map(Vec::len).sum();
        let bucket = bucket_size(total);
        for run in &mut d.band {
            *run = downsample_band(run, bucket);
        }
    }
    data
}

/// Plot rectangle, mapping and ticks of a series panel for given ranges.
struct SeriesLayout {
    plot: IRect,
    map: Mapping,
    y_labels: Vec<(f64, String)>,
    x_labels: Vec<(f64, String, f64)>,
}

fn series_layout(
    cell: IRect,
    (xlo, xhi): (f64, f64),
    (ylo, yhi): (f64, f64),
    has_y_label: bool,
) -> Option<SeriesLayout> {
    let (_, plot_top, plot_bottom, _, _) = vertical_layout(cell);
    let (y_labels, y_tick_w) = y_tick_labels(ylo, yhi, plot_bottom - plot_top);
    let y_label_band = if has_y_label { AXIS_LABEL_SIZE + 12.0 } else { 0.0 };
    let plot = IRect {
        x0: (f64::from(cell.x0) + CELL_PAD + y_label_band + y_tick_w + 8.0) as i32 + TICK_LEN,
        y0: plot_top,
        x1: cell.x1 - 30,
        y1: plot_bottom,
    };
    if plot.width() < 20 || plot.height() < 20 {
        return None;
    }
    let map = Mapping { rect: plot, x: (xlo, xhi), y: (ylo, yhi) };
    let x_labels = x_tick_labels(xlo, xhi, plot);
    Some(SeriesLayout { plot, map, y_labels, x_labels })
}

/// Rasterises all series: bands, then band medians, then lines.
fn rasterize_series(image: &mut Image, plot: IRect, data: &[SeriesData], map: &Mapping) {
    let mut cov = Coverage::new(plot);
    for s in data.iter().filter(|s| s.is_band) {
        for run in &s.band {
            let pts: Vec<(f64, f64, f64)> = run.iter().map(|p| (map.px(p.0), map.py(p.1), map.py(p.2))).collect();
            cov.band(&pts);
        }
        cov.composite(image, s.color, BAND_ALPHA);
    }
    let medians = data.iter().filter(|s| s.is_band);
    let lines = data.iter().filter(|s| !s.is_band);
    for s in medians.chain(lines) {
        for run in &s.line {
            let pts: Vec<(f64, f64)> = run.iter().map(|p| (map.px(p.0), map.py(p.1))).collect();
            cov.polyline(&pts, LINE_WIDTH);
        }
        cov.composite(image, s.color, 1.0);
    }
}

/// Where the series will be drawn: lines weigh 4, band areas 1.
fn ink_grid(plot: IRect, data: &[SeriesData], map: &Mapping) -> InkGrid {
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

fn draw_series_panel(
    image: &mut Image,
    texts: &mut Vec<TextCmd>,
    cell: IRect,
    panel: &Panel,
    x: &[f64],
    x_label: &str,
) {
    let data = prepare_series(panel, x);

    // Ranges.
    let xs = data.iter().flat_map(|d| d.line.iter().flatten().map(|p| p.0).chain(d.band.iter().flatten().map(|p| p.0)));
    let ys = data
        .iter()
        .flat_map(|d| d.line.iter().flatten().map(|p| p.1).chain(d.band.iter().flatten().flat_map(|p| [p.1, p.2])));
    let x_data = finite_range(xs);
    let has_data = x_data.is_some();
    let x_data = x_data.or_else(|| finite_range(x.iter().copied()));
    let x_range = padded_range(x_data, 0.0);
    let (ylo, mut yhi) = padded_range(finite_range(ys), 0.06);
    let has_y_label = !panel.y_label.is_empty();

    let Some(mut layout) = series_layout(cell, x_range, (ylo, yhi), has_y_label) else {
        return;
    };

    // Legend: find a spot that hides no data; if there is none, make
    // headroom above the data and put the legend there.
    let mut legend = None;
    if data.len() > 1 {
        let ink = ink_grid(layout.plot, &data, &layout.map);
        let options = legend_options(&data, layout.plot);
        let mut placed = place_legend(&ink, &options, layout.plot);
        let flattest = options.iter().enumerate().min_by_key(|(_, o)| o.h);
        if let (Some((score, _, _)), Some((fi, flat))) = (placed, flattest)
            && score > 0
        {
            let needed = f64::from(flat.h + 2 * LEGEND_INSET + 4);
            let frac = needed / f64::from(layout.plot.height());
            if frac < 0.5 {
                yhi = ylo + (yhi - ylo) / (1.0 - frac);
                if let Some(l) = series_layout(cell, x_range, (ylo, yhi), has_y_label) {
                    layout = l;
                    let ink = ink_grid(layout.plot, &data, &layout.map);
                    placed = place_legend(&ink, std::slice::from_ref(flat), layout.plot)
                        .map(|(score, _, pos)| (score, fi, pos));
                }
            }
        }
        legend = placed.and_then(|(_, i, pos)| options.get(i).cloned().map(|o| (o, pos)));
    }

    let SeriesLayout { plot, map, y_labels, x_labels } = layout;
    let (title_base, _, _, x_tick_base, x_label_base) = vertical_layout(cell);

    // Grid.
    for (t, _) in &y_labels {
        let y = map.py(*t).floor() as i32;
        if y >= plot.y0 && y < plot.y1 {
            image.fill_rect(IRect { y0: y, y1: y + 1, ..plot }, GRID_COLOR, 1.0);
        }
    }
    for (t, _, _) in &x_labels {
        let px = map.px(*t).floor() as i32;
        if px >= plot.x0 && px < plot.x1 {
            image.fill_rect(IRect { x0: px, x1: px + 1, ..plot }, GRID_COLOR, 1.0);
        }
    }

    // Data.
    rasterize_series(image, plot, &data, &map);

    // Axes: left and bottom spines with outward ticks.
    image.fill_rect(IRect { x0: plot.x0 - 1, x1: plot.x0, y0: plot.y0, y1: plot.y1 + 1 }, AXIS_COLOR, 1.0);
    image.fill_rect(IRect { x0: plot.x0 - 1, x1: plot.x1, y0: plot.y1, y1: plot.y1 + 1 }, AXIS_COLOR, 1.0);
    for (t, label) in &y_labels {
        let y = map.py(*t).floor() as i32;
        if y < plot.y0 || y > plot.y1 {
            continue;
        }
        image.fill_rect(IRect { x0: plot.x0 - 1 - TICK_LEN, x1: plot.x0 - 1, y0: y, y1: y + 1 }, AXIS_COLOR, 1.0);
        texts.push(
            TextCmd::new(
                label.clone(),
                f64::from(plot.x0 - TICK_LEN) - 7.0,
                f64::from(y) + 0.5 + 0.5 * CAP_HEIGHT * TICK_SIZE,
                TICK_SIZE,
            )
            .color(TICK_COLOR)
            .align(Align::Right),
        );
    }
    for (t, label, w) in &x_labels {
        let px = map.px(*t).floor() as i32;
        if px < plot.x0 - 1 || px > plot.x1 {
            continue;
        }
        image.fill_rect(IRect { x0: px, x1: px + 1, y0: plot.y1 + 1, y1: plot.y1 + 1 + TICK_LEN }, AXIS_COLOR, 1.0);
        // Keep the label inside the cell.
        let cx = (f64::from(px) + 0.5).min(f64::from(cell.x1) - 6.0 - w / 2.0);
        texts.push(TextCmd::new(label.clone(), cx, x_tick_base, TICK_SIZE).color(TICK_COLOR).align(Align::Center));
    }

    if !has_data {
        texts.push(
            TextCmd::new(
                "No data",
                0.5 * f64::from(plot.x0 + plot.x1),
                0.5 * f64::from(plot.y0 + plot.y1) + 0.5 * CAP_HEIGHT * AXIS_LABEL_SIZE,
                AXIS_LABEL_SIZE,
            )
            .color(NOTE_COLOR)
            .align(Align::Center),
        );
    }

    if let Some((option, pos)) = legend {
        draw_legend(image, texts, &data, &option, pos);
    }

    push_panel_title(texts, &panel.title, cell, plot, title_base);
    push_x_label(texts, x_label, cell, plot, x_label_base);
    push_y_label(texts, &panel.y_label, f64::from(cell.x0) + CELL_PAD, plot);
}

const LEGEND_PAD: i32 = 9;
const LEGEND_ROW: i32 = 23;
const LEGEND_SAMPLE: i32 = 28;
const LEGEND_GAP: i32 = 8;
const LEGEND_COL_GAP: i32 = 18;
const LEGEND_INSET: i32 = 10;

/// One possible legend shape (number of columns) and its size.
#[derive(Debug, Clone)]
struct LegendOption {
    labels: Vec<String>,
    nrows: i32,
    col_w: i32,
    w: i32,
    h: i32,
}

/// Legend shapes with 1 to 4 columns that fit into the plot area.
fn legend_options(series: &[SeriesData], plot: IRect) -> Vec<LegendOption> {
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
fn place_legend(ink: &InkGrid, options: &[LegendOption], plot: IRect) -> Option<(u64, usize, (i32, i32))> {
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

fn draw_legend(
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

// ---------------------------------------------------------------------------
// Heatmap
// ---------------------------------------------------------------------------

/// Viridis colour map, `t` in `0..=1`.
fn viridis(t: f64) -> Rgb {
    const STOPS: [Rgb; 11] = [
        Rgb(0x44, 0x01, 0x54),
        Rgb(0x48, 0x24, 0x75),
        Rgb(0x41, 0x44, 0x87),
        Rgb(0x35, 0x5F, 0x8D),
        Rgb(0x2A, 0x78, 0x8E),
        Rgb(0x21, 0x91, 0x8C),
        Rgb(0x22, 0xA8, 0x84),
        Rgb(0x44, 0xBF, 0x70),
        Rgb(0x7A, 0xD1, 0x51),
        Rgb(0xBD, 0xDF, 0x26),
        Rgb(0xFD, 0xE7, 0x25),
    ];
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let pos = t * (STOPS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(STOPS.len() - 2);
    STOPS[i].lerp(STOPS[i + 1], pos - i as f64)
}

/// Smallest stride so that labels of width `label_w` fit into slots of
/// `slot` pixels.
fn label_stride(slot: f64, label_w: f64) -> usize {
    if slot <= 0.0 {
        return 1;
    }
    ((label_w / slot).ceil() as usize).max(1)
}

fn draw_heatmap_panel(image: &mut Image, texts: &mut Vec<TextCmd>, cell: IRect, heat: &Heatmap) {
    let cols = heat.x_ticks.len();
    let rows = heat.y_ticks.len();
    let value = |r: usize, c: usize| -> f64 {
        heat.values.get(r * cols + c).copied().filter(|v| v.is_finite()).unwrap_or(f64::NAN)
    };
    let used = heat.values.iter().take(rows * cols).copied();
    let vrange = finite_range(used);
    let (vlo, vhi) = padded_range(vrange, 0.0);

    let (title_base, plot_top, plot_bottom, x_tick_base, x_label_base) = vertical_layout(cell);
    let plot_h = plot_bottom - plot_top;

    // Colour bar ticks.
    let (cb_ticks, cb_step) = nice_ticks(vlo, vhi, (plot_h / 55).clamp(3, 8) as usize);
    let cb_fmt = NumberFormat::new(vlo.abs().max(vhi.abs()), cb_step);
    let cb_labels: Vec<(f64, String)> = cb_ticks.into_iter().map(|t| (t, cb_fmt.format(t))).collect();
    let cb_label_w = cb_labels.iter().map(|(_, s)| text_width(s, TICK_SIZE, false)).fold(0.0, f64::max);
    let value_band = if heat.value_label.is_empty() { 0.0 } else { AXIS_LABEL_SIZE + 12.0 };
    const BAR_W: i32 = 20;
    let bar_x1 = (f64::from(cell.x1) - CELL_PAD - value_band - cb_label_w - 8.0) as i32 - TICK_LEN;
    let bar = IRect { x0: bar_x1 - BAR_W, x1: bar_x1, y0: plot_top, y1: plot_bottom };

    // Y tick labels (row labels).
    let row_h = f64::from(plot_h) / rows.max(1) as f64;
    let y_stride = label_stride(row_h, TICK_SIZE + 4.0);
    let y_tick_w = heat
        .y_ticks
        .iter()
        .step_by(y_stride)
        .map(|s| text_width(s, TICK_SIZE, false))
        .fold(0.0, f64::max)
        .min(f64::from(cell.width()) * 0.25);
    let y_label_band = if heat.y_label.is_empty() { 0.0 } else { AXIS_LABEL_SIZE + 12.0 };
    let plot = IRect {
        x0: (f64::from(cell.x0) + CELL_PAD + y_label_band + y_tick_w + 8.0) as i32 + TICK_LEN,
        y0: plot_top,
        x1: bar.x0 - 24,
        y1: plot_bottom,
    };
    if plot.width() < 10 || plot.height() < 10 {
        return;
    }

    if rows == 0 || cols == 0 {
        image.stroke_rect(plot, GRID_COLOR);
        texts.push(
            TextCmd::new(
                "No data",
                0.5 * f64::from(plot.x0 + plot.x1),
                0.5 * f64::from(plot.y0 + plot.y1) + 0.5 * CAP_HEIGHT * AXIS_LABEL_SIZE,
                AXIS_LABEL_SIZE,
            )
            .color(NOTE_COLOR)
            .align(Align::Center),
        );
    } else {
        let col_w = f64::from(plot.width()) / cols as f64;
        let x_edge = |c: usize| plot.x0 + (c as f64 * col_w).round() as i32;
        let y_edge = |r: usize| plot.y1 - (r as f64 * row_h).round() as i32;
        let gap = i32::from(col_w >= 12.0 && row_h >= 12.0);
        // About 20 distinguishable levels across the value range.
        let vfmt = NumberFormat::new(vlo.abs().max(vhi.abs()), (vhi - vlo) / 20.0);
        for r in 0..rows {
            for c in 0..cols {
                let v = value(r, c);
                let color = if v.is_finite() { viridis((v - vlo) / (vhi - vlo)) } else { MISSING_CELL };
                let rect = IRect { x0: x_edge(c), x1: x_edge(c + 1) - gap, y0: y_edge(r + 1), y1: y_edge(r) - gap };
                image.fill_rect(rect, color, 1.0);
                if v.is_finite() {
                    let label = vfmt.format(v);
                    let lw = text_width(&label, ANNOTATION_SIZE, false);
                    if lw + 8.0 <= f64::from(rect.width()) && f64::from(rect.height()) >= 22.0 {
                        let text_color = if color.luminance() > 0.5 { TITLE_COLOR } else { WHITE };
                        texts.push(
                            TextCmd::new(
                                label,
                                0.5 * f64::from(rect.x0 + rect.x1),
                                0.5 * f64::from(rect.y0 + rect.y1) + 0.5 * CAP_HEIGHT * ANNOTATION_SIZE,
                                ANNOTATION_SIZE,
                            )
                            .color(text_color)
                            .align(Align::Center),
                        );
                    }
                }
            }
        }

        // X tick labels (columns), thinned to avoid overlap.
        let x_label_w = heat.x_ticks.iter().map(|s| text_width(s, TICK_SIZE, false)).fold(0.0, f64::max);
        let x_stride = label_stride(col_w, x_label_w + 12.0);
        for c in (0..cols).step_by(x_stride) {
            let cx = 0.5 * f64::from(x_edge(c) + x_edge(c + 1) - gap);
            image.fill_rect(
                IRect { x0: cx.floor() as i32, x1: cx.floor() as i32 + 1, y0: plot.y1, y1: plot.y1 + TICK_LEN },
                AXIS_COLOR,
                1.0,
            );
            let label = fit_text(&heat.x_ticks[c], TICK_SIZE, false, col_w * x_stride as f64 - 8.0);
            texts.push(TextCmd::new(label, cx, x_tick_base, TICK_SIZE).color(TICK_COLOR).align(Align::Center));
        }
        for r in (0..rows).step_by(y_stride) {
            let cy = 0.5 * f64::from(y_edge(r) + y_edge(r + 1) - gap);
            image.fill_rect(
                IRect { x0: plot.x0 - TICK_LEN - 1, x1: plot.x0 - 1, y0: cy.floor() as i32, y1: cy.floor() as i32 + 1 },
                AXIS_COLOR,
                1.0,
            );
            let label = fit_text(&heat.y_ticks[r], TICK_SIZE, false, y_tick_w + 1.0);
            texts.push(
                TextCmd::new(label, f64::from(plot.x0 - TICK_LEN) - 7.0, cy + 0.5 * CAP_HEIGHT * TICK_SIZE, TICK_SIZE)
                    .color(TICK_COLOR)
                    .align(Align::Right),
            );
        }
    }

    // Colour bar.
    for y in bar.y0..bar.y1 {
        let t = (f64::from(bar.y1 - y) - 0.5) / f64::from(bar.height());
        image.fill_rect(IRect { y0: y, y1: y + 1, ..bar }, viridis(t), 1.0);
    }
    image.stroke_rect(IRect { x0: bar.x0 - 1, x1: bar.x1 + 1, y0: bar.y0 - 1, y1: bar.y1 + 1 }, AXIS_COLOR);
    for (t, label) in &cb_labels {
        let frac = (t - vlo) / (vhi - vlo);
        let y = (f64::from(bar.y1) - frac * f64::from(bar.height())).floor() as i32;
        image.fill_rect(IRect { x0: bar.x1 + 1, x1: bar.x1 + 1 + TICK_LEN, y0: y, y1: y + 1 }, AXIS_COLOR, 1.0);
        texts.push(
            TextCmd::new(
                label.clone(),
                f64::from(bar.x1 + 1 + TICK_LEN) + 6.0,
                f64::from(y) + 0.5 + 0.5 * CAP_HEIGHT * TICK_SIZE,
                TICK_SIZE,
            )
            .color(TICK_COLOR),
        );
    }
    if !heat.value_label.is_empty() {
        let x_left = f64::from(bar.x1 + 1 + TICK_LEN) + 6.0 + cb_label_w + 10.0;
        push_y_label(texts, &heat.value_label, x_left, bar);
    }

    push_panel_title(texts, &heat.title, cell, plot, title_base);
    push_x_label(texts, &heat.x_label, cell, plot, x_label_base);
    push_y_label(texts, &heat.y_label, f64::from(cell.x0) + CELL_PAD, plot);
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

fn write_png_atomically(image: &Image, path: &Path) -> Result<(), PlotError> {
    let io_err =
        |action: &'static str, source: std::io::Error| PlotError::Io { path: path.to_path_buf(), action, source };
    if path.file_name().is_none() {
        let e = std::io::Error::from(std::io::ErrorKind::InvalidInput);
        return Err(io_err("the destination has no file name", e));
    }
    // The bitmap encoder picks the format from the extension: keep `.png`.
    let tmp = crate::atomic::temp_file_beside(path, ".tmp.png")
        .map_err(|e| io_err("creating a temporary file in the destination directory", e))?;
    {
        let mut backend = BitMapBackend::new(tmp.path(), (image.width, image.height));
        let render_err = |e: &dyn fmt::Display| PlotError::Render { path: path.to_path_buf(), message: e.to_string() };
        backend.blit_bitmap((0, 0), (image.width, image.height), &image.pixels).map_err(|e| render_err(&e))?;
        backend.present().map_err(|e| render_err(&e))?;
    }
    tmp.persist(path).map_err(|e| io_err("moving the temporary file into place", e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_ticks_readably() {
        let f = NumberFormat::new(5000.0, 1000.0);
        assert_eq!(f.format(1000.0), "1,000");
        assert_eq!(f.format(-25000.0), "-25,000");
        let f = NumberFormat::new(1.0, 0.2);
        assert_eq!(f.format(0.4), "0.4");
        assert_eq!(f.format(0.0), "0.0");
        let f = NumberFormat::new(1.0, 0.05);
        assert_eq!(f.format(0.35), "0.35");
        let f = NumberFormat::new(2.5e6, 5e5);
        assert_eq!(f.format(1.5e6), "1.5M");
        let f = NumberFormat::new(3e9, 1e9);
        assert_eq!(f.format(2e9), "2B");
        let f = NumberFormat::new(1.0, 0.1);
        assert_eq!(f.format(-1e-17), "0.0");
        let f = NumberFormat::new(1e-3, 2e-4);
        assert_eq!(f.format(6e-4), "0.0006");
    }

    #[test]
    fn ticks_are_nice_and_inside() {
        let (t, step) = nice_ticks(0.27, 1.04, 7);
        assert!((step - 0.1).abs() < 1e-12);
        assert!(t.iter().all(|v| (0.27..=1.04).contains(v)));
        assert_eq!(t.len(), 8);
        // Equally far from the target: the coarser step wins.
        let (t, step) = nice_ticks(0.27, 1.04, 6);
        assert!((step - 0.2).abs() < 1e-12);
        assert_eq!(t.len(), 4);
        let (t, step) = nice_ticks(0.0, 26_000.0, 6);
        assert_eq!(step, 5000.0);
        assert_eq!(t.len(), 6);
        let (t, _) = nice_ticks(-5.0, 5.0, 5);
        assert!(t.contains(&0.0));
        let (t, _) = nice_ticks(1.0, 1.0, 5);
        assert_eq!(t, vec![1.0]);
    }

    #[test]
    fn ranges_never_collapse() {
        assert_eq!(padded_range(None, 0.05), (0.0, 1.0));
        let (a, b) = padded_range(Some((0.0, 0.0)), 0.05);
        assert!(b > a);
        let (a, b) = padded_range(Some((3.0, 3.0)), 0.05);
        assert!(a < 3.0 && b > 3.0);
        let (a, b) = padded_range(Some((f64::MAX, f64::MAX)), 0.05);
        assert!(b > a && (b - a).is_finite());
        let (a, _) = padded_range(Some((0.01, 10.0)), 0.06);
        assert_eq!(a, 0.0);
    }

    #[test]
    fn downsampling_keeps_spikes() {
        let mut run: Vec<(f64, f64)> = (0..100_000).map(|i| (f64::from(i), 0.0)).collect();
        run[54_321].1 = 1000.0;
        run[77_777].1 = -1000.0;
        let bucket = bucket_size(run.len());
        let out = downsample_line(&run, bucket);
        assert!(out.len() <= MAX_POINTS + 2);
        assert!(out.iter().any(|p| p.1 == 1000.0));
        assert!(out.iter().any(|p| p.1 == -1000.0));
        assert!(out.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn runs_skip_non_finite() {
        let x = [0.0, 1.0, 2.0, 3.0, 4.0];
        let y = [1.0, f64::NAN, 2.0, f64::INFINITY, 3.0];
        let runs = finite_runs(&x, &y);
        assert_eq!(runs, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0)], vec![(4.0, 3.0)]]);
    }
}
