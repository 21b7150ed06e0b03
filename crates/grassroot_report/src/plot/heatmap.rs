//! Heatmap panels: the viridis colour map, the cell grid with value
//! annotations (as many digits as tell the cells apart), thinned row and
//! column labels, and the colour bar, each a plotters chart; a colour bar
//! that spans only a few per cent of its values says so in the title.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::Heatmap;
use super::axis::{NumberFormat, Ticked, distinguishing_format, finite_range, nice_ticks, padded_range};
use super::layout::{Area, CELL_PAD, Frame, PLOT_BOTTOM, PLOT_TOP, draw_err, draw_panel_title};
use super::series::X_AREA;
use super::style::{
    ANNOTATION_SIZE, AXIS_COLOR, AXIS_LABEL_SIZE, LABEL_COLOR, MISSING_CELL, NOTE_COLOR, TICK_COLOR, TICK_LEN,
    TICK_SIZE, TITLE_COLOR, WHITE, ipx, luminance, px,
};
use super::text::{Type, fit_text, text_width};

/// Viridis colour map, `t` in `0..=1`.
fn viridis(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 11] = [
        (0x44, 0x01, 0x54),
        (0x48, 0x24, 0x75),
        (0x41, 0x44, 0x87),
        (0x35, 0x5F, 0x8D),
        (0x2A, 0x78, 0x8E),
        (0x21, 0x91, 0x8C),
        (0x22, 0xA8, 0x84),
        (0x44, 0xBF, 0x70),
        (0x7A, 0xD1, 0x51),
        (0xBD, 0xDF, 0x26),
        (0xFD, 0xE7, 0x25),
    ];
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let pos = t * (STOPS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(STOPS.len() - 2);
    let (a, b, f) = (STOPS[i], STOPS[i + 1], pos - i as f64);
    let mix = |u: u8, v: u8| (f64::from(u) + (f64::from(v) - f64::from(u)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Colour bars spanning less than this fraction of their largest value say so.
const NARROW_SPAN: f64 = 0.05;

/// The heatmap's title, with a note when its colours span only a few per
/// cent of the values (so that a reader does not take a 1% difference for
/// the whole range of colours).
fn titled(title: &str, range: Option<(f64, f64)>) -> String {
    let Some((lo, hi)) = range else { return title.to_owned() };
    let scale = lo.abs().max(hi.abs());
    let note = if hi == lo {
        format!("every cell is {lo}")
    } else if scale > 0.0 && (hi - lo) / scale < NARROW_SPAN {
        format!("the colours span only {:.1}%", 100.0 * (hi - lo) / scale)
    } else {
        return title.to_owned();
    };
    if title.is_empty() { note } else { format!("{title} — {note}") }
}

/// Smallest stride so that labels of width `label_w` fit into slots of
/// `slot` pixels.
fn label_stride(slot: f64, label_w: f64) -> usize {
    if slot <= 0.0 {
        return 1;
    }
    ((label_w / slot).ceil() as usize).max(1)
}

/// Width of the colour bar, in PNG pixels.
const BAR_W: f64 = 20.0;

/// Draws one heatmap panel into `area` (its cell of the figure).
pub(super) fn draw_heatmap_panel(area: &Area, heat: &Heatmap) -> Result<(), String> {
    let (cw, ch) = area.dim_in_pixel();
    let (width, height) = (f64::from(cw) / px(1.0), f64::from(ch) / px(1.0));
    let cols = heat.x_ticks.len();
    let rows = heat.y_ticks.len();
    let cells: Vec<f64> =
        (0..rows * cols).map(|i| heat.values.get(i).copied().filter(|v| v.is_finite()).unwrap_or(f64::NAN)).collect();
    let vrange = finite_range(cells.iter().copied());
    let (vlo, vhi) = padded_range(vrange, 0.0);
    let plot_h = height - PLOT_TOP - PLOT_BOTTOM;

    // Colour bar ticks and where the bar goes.
    let (cb_ticks, cb_step) = nice_ticks(vlo, vhi, ((plot_h / 55.0) as usize).clamp(3, 8));
    let cb_fmt = NumberFormat::new(vlo.abs().max(vhi.abs()), cb_step);
    let cb_labels: Vec<(f64, String)> = cb_ticks.iter().map(|&t| (t, cb_fmt.format(t))).collect();
    let cb_label_w = cb_labels.iter().map(|(_, s)| text_width(s, TICK_SIZE, false)).fold(0.0, f64::max);
    let value_band = if heat.value_label.is_empty() { 0.0 } else { AXIS_LABEL_SIZE + 12.0 };
    let bar_area = (2.0 * TICK_LEN + cb_label_w + 10.0 + value_band).ceil();
    let bar_x1 = width - CELL_PAD - bar_area;
    let bar_x0 = bar_x1 - BAR_W;

    // Row labels, thinned to fit.
    let row_h = plot_h / rows.max(1) as f64;
    let y_stride = label_stride(row_h, TICK_SIZE + 4.0);
    let y_tick_w = heat
        .y_ticks
        .iter()
        .step_by(y_stride)
        .map(|s| text_width(s, TICK_SIZE, false))
        .fold(0.0, f64::max)
        .min(width * 0.25);
    let y_label_band = if heat.y_label.is_empty() { 0.0 } else { AXIS_LABEL_SIZE + 12.0 };
    let y_area = (y_label_band + y_tick_w + 2.0 * TICK_LEN + 4.0).ceil();
    let frame = Frame {
        x0: CELL_PAD + y_area,
        y0: PLOT_TOP,
        x1: bar_x0 - 24.0,
        y1: height - PLOT_BOTTOM,
        x: (0.0, cols.max(1) as f64),
        y: (0.0, rows.max(1) as f64),
    };
    if frame.width() < 10.0 || frame.height() < 10.0 {
        return Ok(());
    }
    draw_panel_title(area, &titled(&heat.title, vrange), &frame, width)?;

    // Column labels, thinned to fit.
    let col_w = frame.width() / cols.max(1) as f64;
    let x_label_w = heat.x_ticks.iter().map(|s| text_width(s, TICK_SIZE, false)).fold(0.0, f64::max);
    let x_stride = label_stride(col_w, x_label_w + 12.0);
    let x_keys: Vec<f64> = (0..cols).step_by(x_stride).map(|c| c as f64 + 0.5).collect();
    let y_keys: Vec<f64> = (0..rows).step_by(y_stride).map(|r| r as f64 + 0.5).collect();
    let x_fmt = |v: &f64| {
        let label = heat.x_ticks.get(v.floor().max(0.0) as usize).map_or("", String::as_str);
        fit_text(label, TICK_SIZE, false, col_w * x_stride as f64 - 8.0)
    };
    let y_fmt = |v: &f64| {
        let label = heat.y_ticks.get(v.floor().max(0.0) as usize).map_or("", String::as_str);
        fit_text(label, TICK_SIZE, false, y_tick_w + 1.0)
    };

    let mut chart = ChartBuilder::on(area)
        .margin_top(ipx(frame.y0))
        .margin_left(ipx(CELL_PAD))
        .margin_right(ipx(width - frame.x1))
        .margin_bottom(ipx(PLOT_BOTTOM - X_AREA))
        .x_label_area_size(ipx(X_AREA))
        .y_label_area_size(ipx(y_area))
        .build_cartesian_2d(
            Ticked::new((0.0, cols.max(1) as f64), x_keys, Vec::new()),
            Ticked::new((0.0, rows.max(1) as f64), y_keys, Vec::new()),
        )
        .map_err(draw_err)?;
    let y_desc = fit_text(&heat.y_label, AXIS_LABEL_SIZE, false, frame.height() + 40.0);
    chart
        .configure_mesh()
        .disable_mesh()
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(Type::new(TICK_SIZE, TICK_COLOR).style(HPos::Center, VPos::Center))
        .axis_desc_style(Type::new(AXIS_LABEL_SIZE, LABEL_COLOR).style(HPos::Center, VPos::Center))
        .x_desc(heat.x_label.as_str())
        .y_desc(y_desc)
        .axis_style(ShapeStyle::from(AXIS_COLOR).stroke_width(ipx(1.0) as u32))
        .set_all_tick_mark_size(ipx(TICK_LEN))
        .draw()
        .map_err(draw_err)?;

    if rows == 0 || cols == 0 {
        let style = Type::new(AXIS_LABEL_SIZE, NOTE_COLOR).style(HPos::Center, VPos::Center);
        let centre = (ipx(0.5 * (frame.x0 + frame.x1)), ipx(0.5 * (frame.y0 + frame.y1)));
        area.draw_text("No data", &style, centre).map_err(draw_err)?;
    } else {
        let gap = col_w >= 12.0 && row_h >= 12.0;
        let fmt = distinguishing_format(&cells, vlo, vhi);
        for r in 0..rows {
            for c in 0..cols {
                let v = cells[r * cols + c];
                let color = if v.is_finite() { viridis((v - vlo) / (vhi - vlo)) } else { MISSING_CELL };
                let corners = [(c as f64, r as f64), (c as f64 + 1.0, r as f64 + 1.0)];
                chart.draw_series(std::iter::once(Rectangle::new(corners, color.filled()))).map_err(draw_err)?;
                if gap {
                    let border = ShapeStyle::from(WHITE).stroke_width(ipx(1.0) as u32);
                    chart.draw_series(std::iter::once(Rectangle::new(corners, border))).map_err(draw_err)?;
                }
                if !v.is_finite() {
                    continue;
                }
                let label = fmt.format(v);
                if text_width(&label, ANNOTATION_SIZE, false) + 8.0 <= col_w && row_h >= 22.0 {
                    let ink = if luminance(color) > 0.5 { TITLE_COLOR } else { WHITE };
                    let style = Type::new(ANNOTATION_SIZE, ink).style(HPos::Center, VPos::Center);
                    let centre = (c as f64 + 0.5, r as f64 + 0.5);
                    chart.draw_series(std::iter::once(Text::new(label, centre, style))).map_err(draw_err)?;
                }
            }
        }
    }
    draw_colour_bar(area, (bar_x0, &frame, width), (vlo, vhi), &cb_labels, &heat.value_label)
}

/// Draws the colour bar from `bar_x0` over the frame's height, its ticks
/// and labels, and the value label beside it.
fn draw_colour_bar(
    area: &Area,
    (bar_x0, frame, width): (f64, &Frame, f64),
    (vlo, vhi): (f64, f64),
    labels: &[(f64, String)],
    value_label: &str,
) -> Result<(), String> {
    let keys: Vec<f64> = labels.iter().map(|(t, _)| *t).collect();
    let fmt = |v: &f64| {
        labels
            .iter()
            .min_by(|a, b| (a.0 - v).abs().total_cmp(&(b.0 - v).abs()))
            .map(|l| l.1.clone())
            .unwrap_or_default()
    };
    let mut bar = ChartBuilder::on(area)
        .margin_top(ipx(frame.y0))
        .margin_bottom(ipx(PLOT_BOTTOM))
        .margin_left(ipx(bar_x0))
        .margin_right(ipx(CELL_PAD))
        .right_y_label_area_size(ipx(width - CELL_PAD - bar_x0 - BAR_W))
        .build_cartesian_2d(0.0..1.0, Ticked::new((vlo, vhi), keys, Vec::new()))
        .map_err(draw_err)?;
    let desc = fit_text(value_label, AXIS_LABEL_SIZE, false, frame.height() + 40.0);
    bar.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_label_formatter(&fmt)
        .label_style(Type::new(TICK_SIZE, TICK_COLOR).style(HPos::Center, VPos::Center))
        .axis_desc_style(Type::new(AXIS_LABEL_SIZE, LABEL_COLOR).style(HPos::Center, VPos::Center))
        .y_desc(desc)
        .axis_style(ShapeStyle::from(AXIS_COLOR).stroke_width(ipx(1.0) as u32))
        .set_all_tick_mark_size(ipx(TICK_LEN))
        .draw()
        .map_err(draw_err)?;
    const STRIPS: usize = 128;
    let step = (vhi - vlo) / STRIPS as f64;
    bar.draw_series((0..STRIPS).map(|i| {
        let lo = vlo + i as f64 * step;
        Rectangle::new([(0.0, lo), (1.0, lo + step)], viridis((i as f64 + 0.5) / STRIPS as f64).filled())
    }))
    .map_err(draw_err)?;
    let outline = ShapeStyle::from(AXIS_COLOR).stroke_width(ipx(1.0) as u32);
    bar.draw_series(std::iter::once(Rectangle::new([(0.0, vlo), (1.0, vhi)], outline))).map_err(draw_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrow_colour_bar_says_how_narrow() {
        assert_eq!(
            titled("Median final price", Some((0.02515, 0.02541))),
            "Median final price — the colours span only 1.0%"
        );
        assert_eq!(titled("Median final price", Some((0.01, 0.03))), "Median final price");
        assert_eq!(titled("", Some((2.5, 2.5))), "every cell is 2.5");
        assert_eq!(titled("t", None), "t");
    }
}
