//! `sweep_results.png`, drawn from the sweep's own tables as staged, before any of them is put
//! in place (its CSV files, or its Parquet files when it wrote no CSV; so that a merged sweep
//! draws the same figure as an unsharded one): for up to [`MAX_POINTS_SHOWN`] grid points, the
//! price (log scale) and The Pie over time as a median line in a 5–95% band, one colour per
//! grid point with a legend naming it (grouped into panels as [`crate::facets`] says), and the
//! title saying what line and band are ([`CAPTION`]); and, when exactly two keys are varied, a
//! heatmap of the median final price over them.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::Array;
use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type};
use grassroot_config::OutputFormat;
use grassroot_report::arrow::Counts;
use grassroot_report::atomic::Staged;
use grassroot_report::parquet_file::read_batches_from;
use grassroot_report::plot::{Figure, Heatmap, Panel, PanelKind, png_bytes};

use crate::error::SweepError;
use crate::facets::facets;
use crate::manifest::SweepManifest;
use crate::stats::percentile;
use crate::table::{COMPLETED, CsvFile, RUNS_FILE, RUNS_PARQUET, SERIES_FILE, SERIES_PARQUET};

/// Grid points drawn at most (evenly spread over the grid when it has more).
pub const MAX_POINTS_SHOWN: usize = 9;

/// The metrics drawn: price and The Pie when they are series metrics, else the first two.
fn drawn_metrics(series: &[String]) -> Vec<String> {
    let mut out: Vec<String> =
        ["price", "pie_ddt"].iter().filter(|m| series.iter().any(|s| s == *m)).map(|m| (*m).to_owned()).collect();
    for s in series {
        if out.len() >= 2 {
            break;
        }
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

fn title_and_unit(metric: &str) -> (&str, &str) {
    match metric {
        "price" => ("dDT price (log scale)", "xDAI per dDT"),
        "pie_ddt" => ("The Pie", "dDT"),
        "pool_ddt" => ("Pool dDT reserve", "dDT"),
        "pool_xdai" => ("Pool xDAI reserve", "xDAI"),
        other => (other, other),
    }
}

/// The grid points drawn: all of them, or [`MAX_POINTS_SHOWN`] spread evenly from first to last.
pub fn shown_points(grid_points: u64) -> Vec<u64> {
    let n = MAX_POINTS_SHOWN as u64;
    if grid_points <= n {
        return (0..grid_points).collect();
    }
    (0..n).map(|k| (k * (grid_points - 1) + (n - 1) / 2) / (n - 1)).collect()
}

/// p5, p50, p95 by step of one metric at one grid point.
#[derive(Default)]
struct Bands {
    low: Vec<f64>,
    mid: Vec<f64>,
    high: Vec<f64>,
}

/// The bands of `metrics` at the grid points `shown`, from `sweep_series.csv` or, when the
/// sweep wrote no CSV, `sweep_series.parquet`.
fn bands_of(
    tables: &[Staged],
    format: OutputFormat,
    shown: &[u64],
    metrics: &[String],
) -> Result<BTreeMap<(u64, usize), Bands>, SweepError> {
    if format.csv() {
        return read_bands(tables, shown, metrics);
    }
    let names: Vec<String> = std::iter::once("grid_point".to_owned())
        .chain(metrics.iter().flat_map(|m| ["p5", "p50", "p95"].map(|p| format!("{m}_{p}"))))
        .collect();
    let mut bands: BTreeMap<(u64, usize), Bands> = BTreeMap::new();
    for_parquet_rows(staged(tables, SERIES_PARQUET)?, &names, |g, reals, _| {
        if !shown.contains(&g) {
            return;
        }
        for (m, cells) in reals.chunks(3).enumerate() {
            let b = bands.entry((g, m)).or_default();
            b.low.push(cells[0]);
            b.mid.push(cells[1]);
            b.high.push(cells[2]);
        }
    })?;
    Ok(bands)
}

/// The staged table `name` among `tables`, read from its start, and its final path.
fn staged(tables: &[Staged], name: &str) -> Result<(File, PathBuf), SweepError> {
    let Some(table) = tables.iter().find(|t| t.name() == name) else {
        return Err(SweepError::bad(format!("the figure needs {name}, which this sweep did not write")));
    };
    Ok((table.reader()?, table.dest().to_owned()))
}

/// Calls `row(grid_point, reals, status)` for every row of the Parquet table `(file, path)`,
/// with the columns `names`: `grid_point` first, then reals (a null is NaN) and at most a
/// `status`.
fn for_parquet_rows(
    (file, path): (File, PathBuf),
    names: &[String],
    mut row: impl FnMut(u64, &[f64], &str),
) -> Result<(), SweepError> {
    let bad = |what: String| SweepError::bad(format!("'{}': {what}", path.display()));
    let wanted: Vec<&str> = names.iter().map(String::as_str).collect();
    let reader = read_batches_from(file, &path, Some(&wanted)).map_err(|e| SweepError::bad(e.to_string()))?;
    let mut reals = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| bad(format!("cannot be read: {e}")))?;
        let schema = batch.schema();
        let index = |name: &str| schema.index_of(name).map_err(|_| bad(format!("it has no column {name}")));
        let g = Counts::of(batch.column(index("grid_point")?).as_ref())
            .ok_or_else(|| bad("grid_point is not a column of counts".to_owned()))?;
        let mut real_columns = Vec::new();
        let mut status = None;
        for name in &wanted[1..] {
            let column = batch.column(index(name)?);
            if *name == "status" {
                status = column.as_dictionary_opt::<Int32Type>();
            } else {
                real_columns.push(
                    column.as_primitive_opt::<Float64Type>().ok_or_else(|| bad(format!("{name} is not a real")))?,
                );
            }
        }
        let names = status.and_then(|s| s.values().as_string_opt::<i32>());
        for i in 0..batch.num_rows() {
            reals.clear();
            reals.extend(real_columns.iter().map(|c| if c.is_null(i) { f64::NAN } else { c.value(i) }));
            let text = match (status, names) {
                (Some(s), Some(n)) => s.key(i).map_or("", |k| n.value(k)),
                _ => "",
            };
            let Some(g) = g.get(i) else {
                return Err(bad("a grid_point is empty or negative".to_owned()));
            };
            row(g, &reals, text);
        }
    }
    Ok(())
}

/// The median final price of each grid point's completed worlds, from `sweep_runs.csv` or,
/// when the sweep wrote no CSV, `sweep_runs.parquet`.
fn medians_of(tables: &[Staged], format: OutputFormat, grid_points: u64) -> Result<Vec<f64>, SweepError> {
    if format.csv() {
        return median_final_prices(tables, grid_points);
    }
    let mut prices: BTreeMap<u64, Vec<f64>> = BTreeMap::new();
    let names = ["grid_point", "price", "status"].map(str::to_owned);
    for_parquet_rows(staged(tables, RUNS_PARQUET)?, &names, |g, reals, status| {
        if status == COMPLETED && reals[0].is_finite() {
            prices.entry(g).or_default().push(reals[0]);
        }
    })?;
    let mut medians = vec![f64::NAN; usize::try_from(grid_points).unwrap_or(0)];
    for (g, mut p) in prices {
        if let Some(slot) = usize::try_from(g).ok().and_then(|g| medians.get_mut(g)) {
            p.sort_by(f64::total_cmp);
            *slot = percentile(&p, 0.5);
        }
    }
    Ok(medians)
}

/// Reads the bands of `metrics` at the grid points `shown` from `sweep_series.csv`.
fn read_bands(
    tables: &[Staged],
    shown: &[u64],
    metrics: &[String],
) -> Result<BTreeMap<(u64, usize), Bands>, SweepError> {
    let (file, path) = staged(tables, SERIES_FILE)?;
    let mut csv = CsvFile::from_reader(&path, file)?;
    let g_col = csv.column("grid_point")?;
    let mut cols = Vec::new();
    for m in metrics {
        cols.push([
            csv.column(&format!("{m}_p5"))?,
            csv.column(&format!("{m}_p50"))?,
            csv.column(&format!("{m}_p95"))?,
        ]);
    }
    let mut bands: BTreeMap<(u64, usize), Bands> = BTreeMap::new();
    let missing = |x: Option<f64>| x.unwrap_or(f64::NAN);
    while csv.next_record()? {
        let g = csv.count(g_col)?;
        if !shown.contains(&g) {
            continue;
        }
        for (m, [lo, mid, hi]) in cols.iter().enumerate() {
            let b = bands.entry((g, m)).or_default();
            b.low.push(missing(csv.real(*lo)?));
            b.mid.push(missing(csv.real(*mid)?));
            b.high.push(missing(csv.real(*hi)?));
        }
    }
    Ok(bands)
}

/// The median final price of each grid point's completed worlds, from `sweep_runs.csv`.
fn median_final_prices(tables: &[Staged], grid_points: u64) -> Result<Vec<f64>, SweepError> {
    let (file, path) = staged(tables, RUNS_FILE)?;
    let mut csv = CsvFile::from_reader(&path, file)?;
    let (g_col, s_col, p_col) = (csv.column("grid_point")?, csv.column("status")?, csv.column("price")?);
    let mut medians = vec![f64::NAN; usize::try_from(grid_points).unwrap_or(0)];
    let mut current: Option<u64> = None;
    let mut prices: Vec<f64> = Vec::new();
    let mut flush = |g: Option<u64>, prices: &mut Vec<f64>| {
        if let Some(slot) = g.and_then(|g| usize::try_from(g).ok()).and_then(|g| medians.get_mut(g)) {
            prices.sort_by(f64::total_cmp);
            *slot = percentile(prices, 0.5);
        }
        prices.clear();
    };
    while csv.next_record()? {
        let g = Some(csv.count(g_col)?);
        if g != current {
            flush(current, &mut prices);
            current = g;
        }
        if csv.raw(s_col) == COMPLETED.as_bytes()
            && let Some(price) = csv.real(p_col)?
        {
            prices.push(price);
        }
    }
    flush(current, &mut prices);
    Ok(medians)
}

/// What the lines and bands are, for the figure's title.
pub const CAPTION: &str = "line: median of the runs, band: 5–95% of runs";

/// Draws `sweep_results.png` (`png` names it in errors) from the sweep's staged `tables`;
/// returns its bytes.
pub fn render_results(tables: &[Staged], manifest: &SweepManifest, png: &Path) -> Result<Vec<u8>, SweepError> {
    let grid = manifest.grid.to_grid();
    let metrics = drawn_metrics(&manifest.series);
    let shown = shown_points(manifest.grid.grid_points);
    let bands = bands_of(tables, manifest.output_format, &shown, &metrics)?;
    let steps = bands.values().map(|b| b.mid.len()).max().unwrap_or(0);
    let x: Vec<f64> = (0..steps).map(|s| s as f64).collect();
    let facets = facets(&grid, &shown);
    let empty = Bands::default();
    let mut panels: Vec<PanelKind<'_>> = Vec::new();
    for facet in &facets {
        for (m, metric) in metrics.iter().enumerate() {
            let (title, unit) = title_and_unit(metric);
            let title = if facet.title.is_empty() { title.to_owned() } else { format!("{title} — {}", facet.title) };
            let mut panel = Panel::new(title, unit);
            for (g, label) in &facet.lines {
                let b = bands.get(&(*g, m)).unwrap_or(&empty);
                panel = panel.with_band(label.clone(), &b.low, &b.mid, &b.high);
            }
            // Prices span orders of magnitude (a dump takes them from 1 to 1e-6).
            if metric == "price" {
                panel = panel.log_scale();
            }
            panels.push(panel.into());
        }
    }
    let axes = grid.axes();
    let heat_values;
    if let [rows, cols] = axes {
        heat_values = medians_of(tables, manifest.output_format, manifest.grid.grid_points)?;
        panels.push(PanelKind::Heatmap(Heatmap {
            title: format!("Median final price over {} runs", manifest.grid.runs),
            x_label: cols.key().to_ascii_lowercase(),
            y_label: rows.key().to_ascii_lowercase(),
            x_ticks: cols.values().to_vec(),
            y_ticks: rows.values().to_vec(),
            values: &heat_values,
            value_label: "xDAI per dDT".to_owned(),
        }));
    }
    let figure = Figure {
        title: figure_title(&manifest.scenario, manifest.grid.grid_points, manifest.grid.runs, shown.len()),
        x_label: "step".to_owned(),
        x: &x,
        panels,
        columns: metrics.len().max(1),
    };
    png_bytes(&figure, png).map_err(|e| SweepError::Report(grassroot_report::ReportError::Plot(e.to_string())))
}

/// The figure's title: the sweep, how many of its `grid_points` are drawn, and [`CAPTION`].
fn figure_title(scenario: &str, grid_points: u64, runs: u64, shown: usize) -> String {
    let points = if (shown as u64) < grid_points {
        format!("{shown} of {grid_points} grid points")
    } else {
        format!("{grid_points} grid point{}", if grid_points == 1 { "" } else { "s" })
    };
    format!("grassroot sweep ({scenario}), {points} x {runs} runs — {CAPTION}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_points_spread_from_first_to_last() {
        assert_eq!(shown_points(3), vec![0, 1, 2]);
        let s = shown_points(100);
        assert_eq!((s.len(), s[0], s[8]), (9, 0, 99));
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn price_and_pie_are_drawn_first() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(drawn_metrics(&s(&["pool_ddt", "pie_ddt", "price"])), s(&["price", "pie_ddt"]));
        assert_eq!(drawn_metrics(&s(&["pool_ddt"])), s(&["pool_ddt"]));
    }

    #[test]
    fn the_title_says_what_line_and_band_are() {
        assert_eq!(
            figure_title("seed", 9, 8, 9),
            "grassroot sweep (seed), 9 grid points x 8 runs — line: median of the runs, band: 5–95% of runs"
        );
        assert!(figure_title("datadao", 20, 3, 9).starts_with("grassroot sweep (datadao), 9 of 20 grid points x 3"));
    }
}
