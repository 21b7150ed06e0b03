//! Figure layout: the grid of panel cells, the figure title, the vertical
//! layout shared by both panel kinds, and the panel title and axis labels.
//! [`render_figure`] draws every panel into its cell and runs the text pass.

use super::heatmap::draw_heatmap_panel;
use super::raster::{IRect, Image};
use super::series::draw_series_panel;
use super::style::{AXIS_LABEL_SIZE, CAP_HEIGHT, FIGURE_TITLE_SIZE, PANEL_TITLE_SIZE, TICK_SIZE, TITLE_COLOR};
use super::text::{Align, TextCmd, draw_texts, fit_text, text_width};
use super::{Figure, PanelKind, ROW_HEIGHT, TITLE_HEIGHT};

/// `(columns, rows)` of the panel grid.
pub(super) fn grid(panels: usize, columns: usize) -> (usize, usize) {
    let cols = columns.clamp(1, panels.max(1));
    (cols, panels.div_ceil(cols))
}

pub(super) fn render_figure(figure: &Figure) -> Result<Image, String> {
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
pub(super) fn vertical_layout(cell: IRect) -> (f64, i32, i32, f64, f64) {
    let title_baseline = f64::from(cell.y0) + 30.0;
    let plot_top = cell.y0 + 46;
    let plot_bottom = cell.y1 - 76;
    let x_tick_baseline = f64::from(plot_bottom) + 12.0 + CAP_HEIGHT * TICK_SIZE;
    let x_label_baseline = f64::from(cell.y1) - 22.0;
    (title_baseline, plot_top, plot_bottom, x_tick_baseline, x_label_baseline)
}

pub(super) const TICK_LEN: i32 = 5;
pub(super) const CELL_PAD: f64 = 16.0;

/// Queues the panel title, centred over the plot area but kept in the cell.
pub(super) fn push_panel_title(texts: &mut Vec<TextCmd>, title: &str, cell: IRect, plot: IRect, baseline: f64) {
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
pub(super) fn push_x_label(texts: &mut Vec<TextCmd>, label: &str, cell: IRect, plot: IRect, baseline: f64) {
    if label.is_empty() {
        return;
    }
    let label = fit_text(label, AXIS_LABEL_SIZE, false, f64::from(cell.width()) - 2.0 * CELL_PAD);
    texts.push(TextCmd::new(label, 0.5 * f64::from(plot.x0 + plot.x1), baseline, AXIS_LABEL_SIZE).align(Align::Center));
}

/// Queues a rotated axis label whose glyphs start at `x_left`, centred on
/// the plot vertically.
pub(super) fn push_y_label(texts: &mut Vec<TextCmd>, label: &str, x_left: f64, plot: IRect) {
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
