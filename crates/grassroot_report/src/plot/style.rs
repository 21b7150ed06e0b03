//! Visual constants shared by every panel: font sizes, the colour palette,
//! text and axis colours, stroke widths and opacities.

use super::raster::Rgb;

// Font sizes (plotters/ab_glyph pixel scale).
pub(super) const FIGURE_TITLE_SIZE: f64 = 28.0;
pub(super) const PANEL_TITLE_SIZE: f64 = 21.0;
pub(super) const AXIS_LABEL_SIZE: f64 = 19.0;
pub(super) const TICK_SIZE: f64 = 16.0;
pub(super) const LEGEND_SIZE: f64 = 16.0;
pub(super) const ANNOTATION_SIZE: f64 = 14.0;
/// Cap height of DejaVu Sans as a fraction of the plotters font size.
pub(super) const CAP_HEIGHT: f64 = 0.63;

/// Okabe–Ito inspired colour-blind friendly palette (yellow darkened so it
/// reads on white).
pub(super) const PALETTE: [Rgb; 8] = [
    Rgb(0x00, 0x72, 0xB2), // blue
    Rgb(0xD5, 0x5E, 0x00), // vermillion
    Rgb(0x00, 0x9E, 0x73), // bluish green
    Rgb(0xCC, 0x79, 0xA7), // reddish purple
    Rgb(0xE6, 0x9F, 0x00), // orange
    Rgb(0x56, 0xB4, 0xE9), // sky blue
    Rgb(0x44, 0x44, 0x44), // dark grey
    Rgb(0xB8, 0xA3, 0x00), // dark yellow
];

pub(super) const WHITE: Rgb = Rgb(0xFF, 0xFF, 0xFF);
pub(super) const TITLE_COLOR: Rgb = Rgb(0x1A, 0x1A, 0x1A);
pub(super) const LABEL_COLOR: Rgb = Rgb(0x33, 0x33, 0x33);
pub(super) const TICK_COLOR: Rgb = Rgb(0x4D, 0x4D, 0x4D);
pub(super) const AXIS_COLOR: Rgb = Rgb(0x66, 0x66, 0x66);
pub(super) const GRID_COLOR: Rgb = Rgb(0xE6, 0xE6, 0xE6);
pub(super) const NOTE_COLOR: Rgb = Rgb(0x99, 0x99, 0x99);
pub(super) const MISSING_CELL: Rgb = Rgb(0xD9, 0xD9, 0xD9);

pub(super) const LINE_WIDTH: f64 = 2.2;
pub(super) const BAND_ALPHA: f64 = 0.22;
pub(super) const LEGEND_ALPHA: f64 = 0.85;
