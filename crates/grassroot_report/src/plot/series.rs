//! Series panels: turning [`Panel`] lines and bands into finite runs of
//! points (cut to the x length, downsampled min/max per bucket), finding the
//! lines that coincide so they can be told apart, choosing the axis ranges
//! and plot rectangle, and drawing one panel with plotters' chart API: a
//! `ChartBuilder` over a linear or logarithmic y coordinate with our tick
//! positions, the mesh, band polygons, lines as path segments,
//! `DashedLineSeries` and the legend.

use std::borrow::Cow;

use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axis::{Ticked, YScale, finite_range, padded_range, x_tick_labels};
use super::layout::{Area, CELL_PAD, Frame, PLOT_BOTTOM, PLOT_RIGHT, PLOT_TOP, draw_err, draw_panel_title};
use super::legend::{Entry, Legend};
use super::style::{
    AXIS_COLOR, AXIS_LABEL_SIZE, BAND_ALPHA, DASHES, GRID_COLOR, LABEL_COLOR, LINE_WIDTH, MINOR_GRID_COLOR, NOTE_COLOR,
    PALETTE, TICK_COLOR, TICK_LEN, TICK_SIZE, ipx, px,
};
use super::text::{Type, fit_text};
use super::{MAX_POINTS, Panel};

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

/// One series of a panel after filtering and downsampling, in axis
/// coordinates (values on a linear axis, their log10 on a log axis).
pub(super) struct SeriesData {
    pub(super) label: String,
    pub(super) color: RGBColor,
    pub(super) band: Vec<Vec<(f64, f64, f64)>>,
    pub(super) line: Vec<Vec<(f64, f64)>>,
    pub(super) is_band: bool,
    /// `(dash, gap)` in PNG pixels when the line lies on an earlier one
    /// (see [`mark_coinciding`]); `None` draws it solid.
    pub(super) dash: Option<(f64, f64)>,
    /// The colour of the first line of the pile this one lies on.
    pub(super) under: Option<RGBColor>,
}

/// Collects the finite runs of every line and band (cut to the length of
/// `x`), in axis coordinates of `scale`, downsampled, with palette colours:
/// lines first, then bands. Also returns each series' full-resolution line
/// (the band's median) for [`mark_coinciding`].
fn prepare_series<'a>(panel: &'a Panel, x: &[f64], scale: YScale) -> (Vec<SeriesData>, Vec<Cow<'a, [f64]>>) {
    let mut data: Vec<SeriesData> = Vec::new();
    let mut full = Vec::new();
    // A log axis cannot show a series that is never above zero: say so.
    let unseen = |label: &str, values: &[f64]| {
        if scale == YScale::Log && values.iter().any(|v| v.is_finite()) && !values.iter().any(|v| *v > 0.0) {
            format!("{label} (not shown: never above 0)")
        } else {
            label.to_owned()
        }
    };
    for l in &panel.lines {
        let n = x.len().min(l.values.len());
        let values = scale.to_axis(&l.values[..n]);
        data.push(SeriesData {
            label: unseen(&l.label, &l.values[..n]),
            color: PALETTE[data.len() % PALETTE.len()],
            band: Vec::new(),
            line: finite_runs(&x[..n], &values),
            is_band: false,
            dash: None,
            under: None,
        });
        full.push(values);
    }
    for b in &panel.bands {
        let n = x.len().min(b.low.len()).min(b.mid.len()).min(b.high.len());
        let (low, high) = (scale.to_axis(&b.low[..n]), scale.to_axis(&b.high[..n]));
        let mid = scale.to_axis(&b.mid[..n]);
        data.push(SeriesData {
            label: unseen(&b.label, &b.mid[..n]),
            color: PALETTE[data.len() % PALETTE.len()],
            band: finite_band_runs(&x[..n], &low, &high),
            line: finite_runs(&x[..n], &mid),
            is_band: true,
            dash: None,
            under: None,
        });
        full.push(mid);
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
    (data, full)
}

/// The largest part of a plot's height a legend may take above the data when every spot in
/// the data would hide some (the walk from the original to grassroot names fourteen lines).
const HEADROOM: f64 = 0.65;

/// Two lines closer than this fraction of the y axis everywhere are drawn
/// on top of each other (about a line's width).
const COINCIDE: f64 = 0.005;

/// Tells apart lines that would hide each other: a line that stays within
/// [`COINCIDE`] of the y axis of an earlier line at every x (with gaps at the
/// same places) is dashed (each further line of the same pile more sparsely,
/// [`DASHES`]) and its legend label says which line it coincides with, by
/// that line's short name ([`short_name`]): `power_user (= organization)`. `full` holds each series' full-resolution line in axis coordinates and
/// `span` is the height of the y axis in the same units.
pub(super) fn mark_coinciding(data: &mut [SeriesData], full: &[Cow<'_, [f64]>], span: f64) {
    let tolerance = COINCIDE * span;
    let close = |a: &[f64], b: &[f64]| {
        let mut shared = 0usize;
        for (u, v) in a.iter().zip(b) {
            match (u.is_finite(), v.is_finite()) {
                (true, true) if (u - v).abs() <= tolerance => shared += 1,
                (false, false) => {}
                _ => return false,
            }
        }
        shared > 0 && a.len() == b.len()
    };
    // root[j]: the first line of j's pile; depth[j]: lines of the pile before j.
    let mut root: Vec<usize> = (0..data.len()).collect();
    let mut depth = vec![0usize; data.len()];
    for j in 1..data.len() {
        if let Some(i) = (0..j).find(|&i| root[i] == i && close(&full[i], &full[j])) {
            root[j] = i;
            depth[j] = (0..j).filter(|&k| root[k] == i).count();
        }
    }
    for j in 0..data.len() {
        if root[j] != j {
            let (first, under) = (short_name(&data[root[j]].label).to_owned(), data[root[j]].color);
            let d = &mut data[j];
            d.dash = Some(DASHES[(depth[j] - 1) % DASHES.len()]);
            d.under = Some(under);
            d.label = format!("{} (= {first})", d.label);
        }
    }
}

/// What a legend entry that coincides with a line calls it: the part of its label before
/// `": "` when it has one (a sweep's `#1: fee_rate=0.003` is `#1`), so that the entry keeps
/// its own label whole in the legend's width; else the whole label.
fn short_name(label: &str) -> &str {
    label.split_once(": ").map_or(label, |(name, _)| name)
}

/// The values of axis coordinates (log10 undone on a log axis).
fn value_of(scale: YScale, v: f64) -> f64 {
    match scale {
        YScale::Linear => v,
        YScale::Log => 10f64.powf(v),
    }
}

/// The label of the tick nearest `v` (an axis coordinate).
fn nearest_label(labels: &[(f64, String)], v: f64) -> String {
    labels.iter().min_by(|a, b| (a.0 - v).abs().total_cmp(&(b.0 - v).abs())).map(|(_, s)| s.clone()).unwrap_or_default()
}

/// Where a series panel's plot goes and what its axes read, for given
/// ranges (axis coordinates).
struct SeriesLayout {
    frame: Frame,
    y_area: f64,
    y_labels: Vec<(f64, String)>,
    y_minor: Vec<f64>,
    x_labels: Vec<(f64, String)>,
}

fn series_layout(
    (width, height): (f64, f64),
    (xlo, xhi): (f64, f64),
    (ylo, yhi): (f64, f64),
    scale: YScale,
    has_y_label: bool,
) -> Option<SeriesLayout> {
    let plot_height = height - PLOT_TOP - PLOT_BOTTOM;
    let (y_labels, y_minor, y_tick_w) = scale.tick_labels(ylo, yhi, plot_height as i32);
    let y_label_band = if has_y_label { AXIS_LABEL_SIZE + 12.0 } else { 0.0 };
    let y_area = (y_label_band + y_tick_w + 2.0 * TICK_LEN + 4.0).ceil();
    let frame = Frame {
        x0: CELL_PAD + y_area,
        y0: PLOT_TOP,
        x1: width - PLOT_RIGHT,
        y1: height - PLOT_BOTTOM,
        x: (xlo, xhi),
        y: (ylo, yhi),
    };
    if frame.width() < 20.0 || frame.height() < 20.0 {
        return None;
    }
    let x_labels = x_tick_labels(xlo, xhi, frame.width()).into_iter().map(|(t, s, _)| (t, s)).collect();
    Some(SeriesLayout { frame, y_area, y_labels, y_minor, x_labels })
}

/// Draws one series panel into `area` (its cell of the figure).
pub(super) fn draw_series_panel(area: &Area, panel: &Panel, x: &[f64], x_label: &str) -> Result<(), String> {
    let scale = YScale::new(panel.log_y);
    let (mut data, full) = prepare_series(panel, x, scale);
    let size = area.dim_in_pixel();
    let size = (f64::from(size.0) / px(1.0), f64::from(size.1) / px(1.0));

    // Ranges.
    let xs = data.iter().flat_map(|d| d.line.iter().flatten().map(|p| p.0).chain(d.band.iter().flatten().map(|p| p.0)));
    let ys = data
        .iter()
        .flat_map(|d| d.line.iter().flatten().map(|p| p.1).chain(d.band.iter().flatten().flat_map(|p| [p.1, p.2])));
    let x_data = finite_range(xs);
    let has_data = x_data.is_some();
    let x_data = x_data.or_else(|| finite_range(x.iter().copied()));
    let x_range = padded_range(x_data, 0.0);
    let (ylo, mut yhi) = scale.padded_range(finite_range(ys), 0.06);
    let has_y_label = !panel.y_label.is_empty();
    mark_coinciding(&mut data, &full, yhi - ylo);

    let Some(mut layout) = series_layout(size, x_range, (ylo, yhi), scale, has_y_label) else {
        return Ok(());
    };

    // Legend: a spot that hides no data; if there is none, headroom above
    // the data for it.
    let mut legend = None;
    if data.len() > 1 {
        let entries: Vec<Entry> = data.iter().map(Entry::of).collect();
        let mut placed = Legend::place(&entries, &data, &layout.frame);
        if let Some(l) = &placed
            && l.hides_data()
        {
            let needed = l.flattest_height() + 24.0;
            let frac = needed / layout.frame.height();
            if frac < HEADROOM {
                yhi = ylo + (yhi - ylo) / (1.0 - frac);
                if let Some(l) = series_layout(size, x_range, (ylo, yhi), scale, has_y_label) {
                    layout = l;
                    placed = Legend::place_flattest(&entries, &data, &layout.frame);
                }
            }
        }
        legend = placed;
    }

    let SeriesLayout { frame, y_area, y_labels, y_minor, x_labels } = layout;
    draw_panel_title(area, &panel.title, &frame, size.0)?;
    let x_keys: Vec<f64> = x_labels.iter().map(|(t, _)| *t).collect();
    let y_keys: Vec<f64> = y_labels.iter().map(|(t, _)| value_of(scale, *t)).collect();
    let y_light: Vec<f64> = y_minor.iter().map(|t| value_of(scale, *t)).collect();
    let x_spec = Ticked::new(x_range, x_keys, Vec::new());
    let axes = Axes {
        frame: &frame,
        y_area,
        x_labels: &x_labels,
        y_labels: &y_labels,
        x_desc: x_label,
        y_desc: &panel.y_label,
        scale,
    };
    match scale {
        YScale::Linear => {
            let y_spec = Ticked::new((ylo, yhi), y_keys, y_light);
            draw_chart(area, &axes, x_spec, y_spec, &data)?;
        }
        YScale::Log => {
            let y_spec = (value_of(scale, ylo)..value_of(scale, yhi))
                .log_scale()
                .with_key_points(y_keys)
                .with_light_points(y_light);
            draw_chart(area, &axes, x_spec, y_spec, &data)?;
        }
    }

    if !has_data {
        let style = Type::new(AXIS_LABEL_SIZE, NOTE_COLOR).style(HPos::Center, VPos::Center);
        let centre = (ipx(0.5 * (frame.x0 + frame.x1)), ipx(0.5 * (frame.y0 + frame.y1)));
        area.draw_text("No data", &style, centre).map_err(draw_err)?;
    }
    if let Some(legend) = legend {
        legend.draw(area, &frame)?;
    }
    Ok(())
}

/// What the axes of one panel read.
struct Axes<'a> {
    frame: &'a Frame,
    y_area: f64,
    x_labels: &'a [(f64, String)],
    y_labels: &'a [(f64, String)],
    x_desc: &'a str,
    y_desc: &'a str,
    scale: YScale,
}

/// Builds the chart over `x_spec` × `y_spec` in the panel's frame, draws
/// the mesh (grid, axes, ticks, labels) and the series.
fn draw_chart<X, Y>(area: &Area, axes: &Axes, x_spec: X, y_spec: Y, data: &[SeriesData]) -> Result<(), String>
where
    X: AsRangedCoord<Value = f64>,
    Y: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    let (width, height) = area.dim_in_pixel();
    let frame = axes.frame;
    let mut chart = ChartBuilder::on(area)
        .margin_top(ipx(frame.y0))
        .margin_left(ipx(frame.x0 - axes.y_area))
        .margin_right(i32::try_from(width).unwrap_or(i32::MAX) - ipx(frame.x1))
        .margin_bottom(i32::try_from(height).unwrap_or(i32::MAX) - ipx(frame.y1) - ipx(X_AREA))
        .x_label_area_size(ipx(X_AREA))
        .y_label_area_size(ipx(axes.y_area))
        .build_cartesian_2d(x_spec, y_spec)
        .map_err(draw_err)?;
    let scale = axes.scale;
    let x_fmt = |v: &f64| nearest_label(axes.x_labels, *v);
    let y_fmt = |v: &f64| {
        let v = if scale == YScale::Log { v.log10() } else { *v };
        nearest_label(axes.y_labels, v)
    };
    let tick_type = Type::new(TICK_SIZE, TICK_COLOR);
    let desc_type = Type::new(AXIS_LABEL_SIZE, LABEL_COLOR);
    let y_desc = fit_text(axes.y_desc, AXIS_LABEL_SIZE, false, frame.height() + 40.0);
    chart
        .configure_mesh()
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(tick_type.style(HPos::Center, VPos::Center))
        .axis_desc_style(desc_type.style(HPos::Center, VPos::Center))
        .x_desc(axes.x_desc)
        .y_desc(y_desc)
        .bold_line_style(ShapeStyle::from(GRID_COLOR).stroke_width(ipx(1.0) as u32))
        .light_line_style(ShapeStyle::from(MINOR_GRID_COLOR).stroke_width(ipx(1.0) as u32))
        .axis_style(ShapeStyle::from(AXIS_COLOR).stroke_width(ipx(1.0) as u32))
        .set_all_tick_mark_size(ipx(TICK_LEN))
        .draw()
        .map_err(draw_err)?;

    let to_value = |v: f64| value_of(scale, v);
    // Bands, then band medians, then lines.
    for s in data.iter().filter(|s| s.is_band) {
        let fill = s.color.mix(BAND_ALPHA).filled();
        for run in &s.band {
            let outline: Vec<(f64, f64)> = run
                .iter()
                .map(|p| (p.0, to_value(p.1)))
                .chain(run.iter().rev().map(|p| (p.0, to_value(p.2))))
                .collect();
            chart.draw_series(std::iter::once(Polygon::new(outline, fill))).map_err(draw_err)?;
        }
    }
    let medians = data.iter().filter(|s| s.is_band);
    let lines = data.iter().filter(|s| !s.is_band);
    for s in medians.chain(lines) {
        let stroke = s.color.stroke_width(ipx(LINE_WIDTH) as u32);
        for run in &s.line {
            let points: Vec<(f64, f64)> = run.iter().map(|p| (p.0, to_value(p.1))).collect();
            if let [only] = points.as_slice() {
                chart
                    .draw_series(std::iter::once(Circle::new(*only, ipx(LINE_WIDTH), s.color.filled())))
                    .map_err(draw_err)?;
                continue;
            }
            match s.dash {
                None => {
                    let pixel = |p: &(f64, f64)| (px(frame.fx(p.0)), px(frame.fy(p.1)));
                    let (points, turns) = strokes(run, pixel);
                    let points: Vec<(f64, f64)> = points.into_iter().map(|p| (p.0, to_value(p.1))).collect();
                    let segments = points.windows(2).map(|w| PathElement::new(w.to_vec(), stroke));
                    chart.draw_series(segments).map_err(draw_err)?;
                    let joint = s.color.filled();
                    let joints = turns.into_iter().map(|i| Circle::new(points[i], ipx(LINE_WIDTH / 2.0), joint));
                    chart.draw_series(joints).map_err(draw_err)?
                }
                Some((dash, gap)) => {
                    chart.draw_series(DashedLineSeries::new(points, ipx(dash), ipx(gap), stroke)).map_err(draw_err)?
                }
            };
        }
    }
    Ok(())
}

/// A line drawn this close to every point of its run (in canvas pixels) looks the same.
const SIMPLIFY_TOLERANCE: f64 = 0.5;

/// Cosine of the largest turn at which two stroked segments meet without a gap a reader
/// could see (25°).
const GENTLE_TURN: f64 = 0.9;

/// How a run of points is stroked: the points kept, and the positions among them of the ends
/// and of the turns that need a round joint.
///
/// plotters strokes a whole path as one polygon with mitred joins, which spike where a series
/// zigzags from one step to the next and leave holes where the polygon crosses itself; so a
/// line is stroked one segment at a time, with a filled circle at its ends and wherever it
/// turns by more than 25°. Points within [`SIMPLIFY_TOLERANCE`] of the line through their
/// neighbours (Ramer–Douglas–Peucker, on canvas pixels given by `pixel`) change nothing a
/// reader sees and are dropped first, so a smooth curve of thousands of steps is a few dozen
/// segments; as are points on the pixel of the point before (a segment of length zero has no
/// direction to stroke).
fn strokes(run: &[(f64, f64)], pixel: impl Fn(&(f64, f64)) -> (f64, f64)) -> (Vec<(f64, f64)>, Vec<usize>) {
    let at: Vec<(f64, f64)> = run.iter().map(&pixel).collect();
    let mut keep = vec![false; run.len()];
    if let Some(last) = run.len().checked_sub(1) {
        keep[0] = true;
        keep[last] = true;
    }
    let mut stack = vec![(0usize, run.len().saturating_sub(1))];
    while let Some((i, j)) = stack.pop() {
        if j <= i + 1 {
            continue;
        }
        let (a, b) = (at[i], at[j]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = dx.hypot(dy);
        let distance = |p: (f64, f64)| {
            if len > 0.0 { ((p.0 - a.0) * dy - (p.1 - a.1) * dx).abs() / len } else { (p.0 - a.0).hypot(p.1 - a.1) }
        };
        let (far, d) = (i + 1..j).map(|k| (k, distance(at[k]))).fold((i, 0.0), |m, c| if c.1 > m.1 { c } else { m });
        if d > SIMPLIFY_TOLERANCE {
            keep[far] = true;
            stack.push((i, far));
            stack.push((far, j));
        }
    }
    let mut points = Vec::new();
    let mut canvas: Vec<(f64, f64)> = Vec::new();
    for (k, p) in run.iter().enumerate() {
        let c = (at[k].0.round(), at[k].1.round());
        if keep[k] && canvas.last() != Some(&c) {
            points.push(*p);
            canvas.push(c);
        }
    }
    let mut turns: Vec<usize> = (!points.is_empty()).then_some(0).into_iter().collect();
    for (k, w) in canvas.windows(3).enumerate() {
        let (u, v) = ((w[1].0 - w[0].0, w[1].1 - w[0].1), (w[2].0 - w[1].0, w[2].1 - w[1].1));
        if u.0 * v.0 + u.1 * v.1 < GENTLE_TURN * u.0.hypot(u.1) * v.0.hypot(v.1) {
            turns.push(k + 1);
        }
    }
    if points.len() > 1 {
        turns.push(points.len() - 1);
    }
    (points, turns)
}

/// Height of the band under the plot that holds the x tick labels and the
/// x axis label, in PNG pixels.
pub(super) const X_AREA: f64 = 62.0;

#[cfg(test)]
mod tests {
    use super::*;

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
    fn strokes_keep_the_turns_and_drop_what_a_reader_cannot_see() {
        let pixel = |p: &(f64, f64)| *p;
        // A straight line of a hundred points is one segment with two round ends.
        let straight: Vec<(f64, f64)> = (0..100).map(|i| (f64::from(i), 0.5 * f64::from(i))).collect();
        assert_eq!(strokes(&straight, pixel), (vec![(0.0, 0.0), (99.0, 49.5)], vec![0, 1]));
        // A zigzag keeps every corner, each with a round joint; a wobble of 0.2 pixel is dropped.
        let zigzag = [(0.0, 0.0), (5.0, 0.2), (10.0, 0.0), (11.0, 8.0), (12.0, 0.0), (20.0, 0.0)];
        assert_eq!(
            strokes(&zigzag, pixel),
            (vec![(0.0, 0.0), (10.0, 0.0), (11.0, 8.0), (12.0, 0.0), (20.0, 0.0)], vec![0, 1, 2, 3, 4])
        );
        // Points on one canvas pixel are one point; a single point has no segment.
        assert_eq!(strokes(&[(3.0, 3.0), (3.2, 3.1), (3.1, 2.9)], pixel), (vec![(3.0, 3.0)], vec![0]));
        assert_eq!(strokes(&[], pixel), (vec![], vec![]));
    }

    #[test]
    fn runs_skip_non_finite() {
        let x = [0.0, 1.0, 2.0, 3.0, 4.0];
        let y = [1.0, f64::NAN, 2.0, f64::INFINITY, 3.0];
        let runs = finite_runs(&x, &y);
        assert_eq!(runs, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0)], vec![(4.0, 3.0)]]);
    }
}
