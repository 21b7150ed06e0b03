//! Text: the embedded DejaVu Sans fonts, text measurement and shortening,
//! and the text pass. Panels queue [`TextCmd`]s while drawing geometry;
//! [`draw_texts`] renders them all at the end with plotters, so text is
//! always drawn on top.

use std::sync::OnceLock;

use plotters::backend::{BitMapBackend, DrawingBackend, RGBPixel};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, FontTransform, RGBColor, register_font};

use super::raster::{Image, Rgb};
use super::style::LABEL_COLOR;

const FONT_REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
const FONT_BOLD: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");
/// Private family name so we never clobber fonts registered by others.
const FONT_FAMILY: &str = "grassroot-dejavu-sans";

pub(super) fn ensure_fonts() -> Result<(), String> {
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

pub(super) fn font(size: f64, bold: bool) -> FontDesc<'static> {
    let style = if bold { FontStyle::Bold } else { FontStyle::Normal };
    FontDesc::new(FontFamily::Name(FONT_FAMILY), size, style)
}

/// Advance width of `text` in pixels.
pub(super) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    match font(size, bold).box_size(text) {
        Ok((w, _)) => f64::from(w),
        Err(_) => 0.6 * size * text.chars().count() as f64,
    }
}

/// Shortens `text` with an ellipsis so that it fits in `max_width` pixels.
pub(super) fn fit_text(text: &str, size: f64, bold: bool, max_width: f64) -> String {
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
pub(super) enum Align {
    Left,
    Center,
    Right,
}

/// A piece of text queued for the text pass (drawn after all geometry).
#[derive(Debug, Clone)]
pub(super) struct TextCmd {
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
    pub(super) fn new(text: impl Into<String>, x: f64, y: f64, size: f64) -> Self {
        Self { text: text.into(), x, y, size, bold: false, color: LABEL_COLOR, align: Align::Left, rotated: false }
    }
    pub(super) fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub(super) fn color(mut self, color: Rgb) -> Self {
        self.color = color;
        self
    }
    pub(super) fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }
    pub(super) fn rotated(mut self) -> Self {
        self.rotated = true;
        self
    }
}

/// Draws the queued texts onto the RGB buffer with plotters.
pub(super) fn draw_texts(image: &mut Image, texts: &[TextCmd]) -> Result<(), String> {
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
