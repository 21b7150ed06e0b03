//! Text: the embedded DejaVu Sans fonts (registered with plotters once, so no system
//! fontconfig is needed), text measurement and shortening, and the text styles the panels
//! hand to plotters.

use std::sync::OnceLock;

use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, RGBColor, TextStyle, register_font};

use super::style::px;

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

/// The font at `size` PNG pixels, scaled to the canvas.
fn font(size: f64, bold: bool) -> FontDesc<'static> {
    let style = if bold { FontStyle::Bold } else { FontStyle::Normal };
    FontDesc::new(FontFamily::Name(FONT_FAMILY), px(size), style)
}

/// Advance width of `text` in PNG pixels.
pub(super) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    match font(size, bold).box_size(text) {
        Ok((w, _)) => f64::from(w) / px(1.0),
        Err(_) => 0.6 * size * text.chars().count() as f64,
    }
}

/// Shortens `text` with an ellipsis so that it fits in `max_width` PNG pixels.
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

/// How a piece of text is set: size in PNG pixels, weight, colour and which point of its box
/// the drawing position names.
#[derive(Debug, Clone, Copy)]
pub(super) struct Type {
    pub(super) size: f64,
    pub(super) bold: bool,
    pub(super) color: RGBColor,
}

impl Type {
    pub(super) const fn new(size: f64, color: RGBColor) -> Self {
        Self { size, bold: false, color }
    }

    pub(super) const fn bold(self) -> Self {
        Self { bold: true, ..self }
    }

    /// The plotters style, anchored at `(h, v)` of the text's box.
    pub(super) fn style(self, h: HPos, v: VPos) -> TextStyle<'static> {
        font(self.size, self.bold).color(&self.color).pos(Pos::new(h, v))
    }
}
