//! Visual constants shared by every panel: the supersampling factor, font sizes, the colour
//! palette, the dash patterns that tell coinciding lines apart, text and axis colours, stroke
//! widths and opacities. Sizes are in pixels of the written PNG; [`px`] turns them into pixels
//! of the canvas plotters draws on.

use plotters::style::RGBColor;

/// The canvas is drawn this many times larger than the PNG in each direction and averaged
/// down, which anti-aliases plotters' thick lines, polygons and rectangles (its bitmap backend
/// draws those with hard edges).
pub(super) const SUPERSAMPLE: u32 = 2;

/// `v` PNG pixels in canvas pixels.
pub(super) fn px(v: f64) -> f64 {
    v * f64::from(SUPERSAMPLE)
}

/// `v` PNG pixels in whole canvas pixels.
pub(super) fn ipx(v: f64) -> i32 {
    px(v).round() as i32
}

// Font sizes (plotters/ab_glyph pixel scale, in PNG pixels).
pub(super) const FIGURE_TITLE_SIZE: f64 = 28.0;
pub(super) const PANEL_TITLE_SIZE: f64 = 21.0;
pub(super) const AXIS_LABEL_SIZE: f64 = 19.0;
pub(super) const TICK_SIZE: f64 = 16.0;
pub(super) const LEGEND_SIZE: f64 = 16.0;
pub(super) const ANNOTATION_SIZE: f64 = 14.0;

/// Okabe–Ito inspired colour-blind friendly palette (yellow darkened so it
/// reads on white).
pub(super) const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x44, 0x44, 0x44), // dark grey
    RGBColor(0xB8, 0xA3, 0x00), // dark yellow
];

/// `(dash, gap)` in PNG pixels of the n-th line drawn over an earlier one it coincides with
/// (the first is solid): each is shorter than the last, so every line of a pile shows.
pub(super) const DASHES: [(f64, f64); 4] = [(14.0, 14.0), (7.0, 21.0), (3.5, 24.5), (2.0, 26.0)];

pub(super) const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
pub(super) const TITLE_COLOR: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
pub(super) const LABEL_COLOR: RGBColor = RGBColor(0x33, 0x33, 0x33);
pub(super) const TICK_COLOR: RGBColor = RGBColor(0x4D, 0x4D, 0x4D);
pub(super) const AXIS_COLOR: RGBColor = RGBColor(0x66, 0x66, 0x66);
pub(super) const GRID_COLOR: RGBColor = RGBColor(0xE6, 0xE6, 0xE6);
pub(super) const MINOR_GRID_COLOR: RGBColor = RGBColor(0xF3, 0xF3, 0xF3);
pub(super) const LEGEND_BORDER: RGBColor = RGBColor(0xCC, 0xCC, 0xCC);
pub(super) const NOTE_COLOR: RGBColor = RGBColor(0x99, 0x99, 0x99);
pub(super) const MISSING_CELL: RGBColor = RGBColor(0xD9, 0xD9, 0xD9);

/// Stroke width of a line, in PNG pixels.
pub(super) const LINE_WIDTH: f64 = 2.0;
pub(super) const BAND_ALPHA: f64 = 0.22;
pub(super) const LEGEND_ALPHA: f64 = 0.85;
/// Length of a tick mark, in PNG pixels.
pub(super) const TICK_LEN: f64 = 5.0;

/// Relative luminance of a colour, 0 (black) to 1 (white).
pub(super) fn luminance(c: RGBColor) -> f64 {
    (0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2)) / 255.0
}
