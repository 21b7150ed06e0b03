//! Heatmap panels: the viridis colour map, the cell grid with value
//! annotations, thinned row and column labels, and the colour bar.

use super::Heatmap;
use super::axis::{NumberFormat, finite_range, nice_ticks, padded_range};
use super::layout::{CELL_PAD, TICK_LEN, push_panel_title, push_x_label, push_y_label, vertical_layout};
use super::raster::{IRect, Image, Rgb};
use super::style::{
    ANNOTATION_SIZE, AXIS_COLOR, AXIS_LABEL_SIZE, CAP_HEIGHT, GRID_COLOR, MISSING_CELL, NOTE_COLOR, TICK_COLOR,
    TICK_SIZE, TITLE_COLOR, WHITE,
};
use super::text::{Align, TextCmd, fit_text, text_width};

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

pub(super) fn draw_heatmap_panel(image: &mut Image, texts: &mut Vec<TextCmd>, cell: IRect, heat: &Heatmap) {
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
