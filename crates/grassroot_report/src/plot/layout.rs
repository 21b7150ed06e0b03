//! Figure layout: the grid of panel cells, the figure and panel titles, the
//! plot frame shared by both panel kinds, and the supersampled canvas.
//! [`render_figure`] draws the panels a row at a time into their cells of a
//! plotters bitmap [`SUPERSAMPLE`] times the PNG's size and averages it down.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::heatmap::draw_heatmap_panel;
use super::series::draw_series_panel;
use super::style::{FIGURE_TITLE_SIZE, PANEL_TITLE_SIZE, SUPERSAMPLE, TITLE_COLOR, ipx};
use super::text::{Type, fit_text, text_width};
use super::{Figure, PanelKind, ROW_HEIGHT, TITLE_HEIGHT};

/// A region of the canvas plotters draws on (pixel coordinates).
pub(super) type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// Left padding of a panel's cell, in PNG pixels.
pub(super) const CELL_PAD: f64 = 16.0;
/// Space above a panel's plot (its title), in PNG pixels.
pub(super) const PLOT_TOP: f64 = 46.0;
/// Space under a panel's plot (tick labels and the x axis label), in PNG pixels.
pub(super) const PLOT_BOTTOM: f64 = 76.0;
/// Space right of a panel's plot, in PNG pixels.
pub(super) const PLOT_RIGHT: f64 = 30.0;

/// A drawing error as text.
pub(super) fn draw_err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// The plot rectangle of a panel in PNG pixels relative to its cell, and
/// the axis ranges (axis coordinates) it shows.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Frame {
    pub(super) x0: f64,
    pub(super) y0: f64,
    pub(super) x1: f64,
    pub(super) y1: f64,
    pub(super) x: (f64, f64),
    pub(super) y: (f64, f64),
}

impl Frame {
    pub(super) fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    pub(super) fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    /// Horizontal PNG pixel of `v`, relative to the plot's left edge.
    pub(super) fn fx(&self, v: f64) -> f64 {
        ((v - self.x.0) / (self.x.1 - self.x.0) * self.width()).clamp(-1e6, 1e6)
    }
    /// Vertical PNG pixel of `v` (axis coordinates), relative to the plot's top edge.
    pub(super) fn fy(&self, v: f64) -> f64 {
        (self.height() - (v - self.y.0) / (self.y.1 - self.y.0) * self.height()).clamp(-1e6, 1e6)
    }
}

/// `(columns, rows)` of the panel grid.
pub(super) fn grid(panels: usize, columns: usize) -> (usize, usize) {
    let cols = columns.clamp(1, panels.max(1));
    (cols, panels.div_ceil(cols))
}

/// The figure as RGB8 pixels, [`Figure::size`] large: the title band, then each row of
/// panels, each drawn on a canvas [`SUPERSAMPLE`] times larger and averaged down. A row at a
/// time, so that one canvas a row high is filled and reused rather than one the figure's size
/// (its memory is what drawing spent most of its time on).
pub(super) fn render_figure(figure: &Figure) -> Result<Vec<u8>, String> {
    let (width, height) = figure.size();
    let mut pixels = Vec::with_capacity(width as usize * height as usize * 3);
    let mut canvas = Vec::new();
    draw_strip(&mut canvas, (width, TITLE_HEIGHT), &mut pixels, |top| {
        if figure.title.is_empty() {
            return Ok(());
        }
        let title = fit_text(&figure.title, FIGURE_TITLE_SIZE, true, f64::from(width) - 40.0);
        let style = Type::new(FIGURE_TITLE_SIZE, TITLE_COLOR).bold().style(HPos::Center, VPos::Center);
        top.draw_text(&title, &style, (ipx(f64::from(width) / 2.0), ipx(34.0))).map_err(draw_err)
    })?;
    let (cols, _) = grid(figure.panels.len(), figure.columns);
    for row in figure.panels.chunks(cols) {
        draw_strip(&mut canvas, (width, ROW_HEIGHT), &mut pixels, |strip| {
            for (panel, cell) in row.iter().zip(&strip.split_evenly((1, cols))) {
                match panel {
                    PanelKind::Series(p) => draw_series_panel(cell, p, figure.x, &figure.x_label)?,
                    PanelKind::Heatmap(h) => draw_heatmap_panel(cell, h)?,
                }
            }
            Ok(())
        })?;
    }
    Ok(pixels)
}

/// Draws a strip of the figure, `size` PNG pixels, with `draw` on a white `canvas`
/// [`SUPERSAMPLE`] times larger, and appends it averaged down to `pixels`.
fn draw_strip(
    canvas: &mut Vec<u8>,
    (width, height): (u32, u32),
    pixels: &mut Vec<u8>,
    draw: impl FnOnce(&Area) -> Result<(), String>,
) -> Result<(), String> {
    let (cw, ch) = (width * SUPERSAMPLE, height * SUPERSAMPLE);
    canvas.clear();
    canvas.resize(cw as usize * ch as usize * 3, 0xFF);
    {
        let root = BitMapBackend::with_buffer(canvas, (cw, ch)).into_drawing_area();
        draw(&root)?;
        root.present().map_err(draw_err)?;
    }
    downsample(canvas, cw, pixels);
    Ok(())
}

/// Averages each [`SUPERSAMPLE`]² block of the RGB8 `canvas` (`cw` pixels wide) into one
/// pixel appended to `pixels`: the canvas rows of a block summed byte by byte first (a loop
/// the compiler vectorises), then each pixel's [`SUPERSAMPLE`] neighbours.
fn downsample(canvas: &[u8], cw: u32, pixels: &mut Vec<u8>) {
    const S: usize = SUPERSAMPLE as usize;
    const AREA: u16 = (S * S) as u16;
    let line = cw as usize * 3;
    let mut column_sums = vec![0u16; line];
    for block in canvas.chunks_exact(line * S) {
        column_sums.fill(0);
        for canvas_row in block.chunks_exact(line) {
            for (sum, &byte) in column_sums.iter_mut().zip(canvas_row) {
                *sum += u16::from(byte);
            }
        }
        let start = pixels.len();
        pixels.resize(start + line / S, 0);
        for (px, sub) in pixels[start..].chunks_exact_mut(3).zip(column_sums.chunks_exact(3 * S)) {
            for (c, channel) in px.iter_mut().enumerate() {
                let sum: u16 = (0..S).map(|k| sub[3 * k + c]).sum();
                *channel = ((sum + AREA / 2) / AREA) as u8;
            }
        }
    }
}

/// Draws a panel's title, centred over its plot but kept in the cell
/// (`cell_width` PNG pixels wide).
pub(super) fn draw_panel_title(area: &Area, title: &str, frame: &Frame, cell_width: f64) -> Result<(), String> {
    if title.is_empty() {
        return Ok(());
    }
    let title = fit_text(title, PANEL_TITLE_SIZE, true, cell_width - 2.0 * CELL_PAD);
    let w = text_width(&title, PANEL_TITLE_SIZE, true);
    let centre = 0.5 * (frame.x0 + frame.x1);
    let (lo, hi) = (CELL_PAD + w / 2.0, cell_width - CELL_PAD - w / 2.0);
    let x = if lo <= hi { centre.clamp(lo, hi) } else { centre };
    let style = Type::new(PANEL_TITLE_SIZE, TITLE_COLOR).bold().style(HPos::Center, VPos::Center);
    area.draw_text(&title, &style, (ipx(x), ipx(23.0))).map_err(draw_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downsampling_averages_each_block() {
        let s = SUPERSAMPLE as usize;
        // A canvas two output pixels wide and one high: the left block black,
        // the right block white but for one black canvas pixel.
        let (cw, ch) = (2 * s, s);
        let mut canvas = vec![0u8; cw * ch * 3];
        for y in 0..ch {
            for x in s..cw {
                canvas[(y * cw + x) * 3..(y * cw + x) * 3 + 3].fill(255);
            }
        }
        canvas[s * 3..s * 3 + 3].fill(0);
        let mut out = Vec::new();
        downsample(&canvas, cw as u32, &mut out);
        let n = (s * s) as u32;
        let expected = ((255 * (n - 1) + n / 2) / n) as u8;
        assert_eq!(out, vec![0, 0, 0, expected, expected, expected]);
    }
}
