//! Series panels: turning [`Panel`] lines and bands into finite runs of
//! points (cut to the x length, downsampled min/max per bucket), choosing
//! the axis ranges and plot rectangle, and drawing grid, data, axes, ticks,
//! legend and labels of one panel.

use super::axis::{Mapping, YScale, finite_range, padded_range, x_tick_labels};
use super::layout::{CELL_PAD, TICK_LEN, push_panel_title, push_x_label, push_y_label, vertical_layout};
use super::legend::{LEGEND_INSET, draw_legend, ink_grid, legend_options, place_legend};
use super::raster::{Coverage, IRect, Image, Rgb};
use super::style::{
    AXIS_COLOR, AXIS_LABEL_SIZE, BAND_ALPHA, CAP_HEIGHT, GRID_COLOR, LINE_WIDTH, NOTE_COLOR, PALETTE, TICK_COLOR,
    TICK_SIZE,
};
use super::text::{Align, TextCmd};
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

/// One series of a panel after filtering and downsampling, in data
/// coordinates.
pub(super) struct SeriesData {
    pub(super) label: String,
    pub(super) color: Rgb,
    pub(super) band: Vec<Vec<(f64, f64, f64)>>,
    pub(super) line: Vec<Vec<(f64, f64)>>,
    pub(super) is_band: bool,
}

/// Collects the finite runs of every line and band (cut to the length of
/// `x`), in axis coordinates of `scale`, downsampled, with palette colours:
/// lines first, then bands.
fn prepare_series(panel: &Panel, x: &[f64], scale: YScale) -> Vec<SeriesData> {
    let mut data: Vec<SeriesData> = Vec::new();
    for l in &panel.lines {
        let n = x.len().min(l.values.len());
        data.push(SeriesData {
            label: l.label.clone(),
            color: PALETTE[data.len() % PALETTE.len()],
            band: Vec::new(),
            line: finite_runs(&x[..n], &scale.to_axis(&l.values[..n])),
            is_band: false,
        });
    }
    for b in &panel.bands {
        let n = x.len().min(b.low.len()).min(b.mid.len()).min(b.high.len());
        let (low, high) = (scale.to_axis(&b.low[..n]), scale.to_axis(&b.high[..n]));
        data.push(SeriesData {
            label: b.label.clone(),
            color: PALETTE[data.len() % PALETTE.len()],
            band: finite_band_runs(&x[..n], &low, &high),
            line: finite_runs(&x[..n], &scale.to_axis(&b.mid[..n])),
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
    /// Unlabelled minor y ticks (log axes only).
    y_minor: Vec<f64>,
    x_labels: Vec<(f64, String, f64)>,
}

fn series_layout(
    cell: IRect,
    (xlo, xhi): (f64, f64),
    (ylo, yhi): (f64, f64),
    scale: YScale,
    has_y_label: bool,
) -> Option<SeriesLayout> {
    let (_, plot_top, plot_bottom, _, _) = vertical_layout(cell);
    let (y_labels, y_minor, y_tick_w) = scale.tick_labels(ylo, yhi, plot_bottom - plot_top);
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
    Some(SeriesLayout { plot, map, y_labels, y_minor, x_labels })
}

/// Length of the unlabelled minor ticks of a log axis, in pixels.
const MINOR_TICK_LEN: i32 = 3;

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

pub(super) fn draw_series_panel(
    image: &mut Image,
    texts: &mut Vec<TextCmd>,
    cell: IRect,
    panel: &Panel,
    x: &[f64],
    x_label: &str,
) {
    let scale = YScale::new(panel.log_y);
    let data = prepare_series(panel, x, scale);

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

    let Some(mut layout) = series_layout(cell, x_range, (ylo, yhi), scale, has_y_label) else {
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
                if let Some(l) = series_layout(cell, x_range, (ylo, yhi), scale, has_y_label) {
                    layout = l;
                    let ink = ink_grid(layout.plot, &data, &layout.map);
                    placed = place_legend(&ink, std::slice::from_ref(flat), layout.plot)
                        .map(|(score, _, pos)| (score, fi, pos));
                }
            }
        }
        legend = placed.and_then(|(_, i, pos)| options.get(i).cloned().map(|o| (o, pos)));
    }

    let SeriesLayout { plot, map, y_labels, y_minor, x_labels } = layout;
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
    for t in &y_minor {
        let y = map.py(*t).floor() as i32;
        if y >= plot.y0 && y <= plot.y1 {
            image.fill_rect(
                IRect { x0: plot.x0 - 1 - MINOR_TICK_LEN, x1: plot.x0 - 1, y0: y, y1: y + 1 },
                AXIS_COLOR,
                1.0,
            );
        }
    }
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
    fn runs_skip_non_finite() {
        let x = [0.0, 1.0, 2.0, 3.0, 4.0];
        let y = [1.0, f64::NAN, 2.0, f64::INFINITY, 3.0];
        let runs = finite_runs(&x, &y);
        assert_eq!(runs, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0)], vec![(4.0, 3.0)]]);
    }
}
