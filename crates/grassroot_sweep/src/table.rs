//! The sweep's CSV files: their names, columns and cells, and a reader for them.
//!
//! Cells are typed so that `pandas.read_csv` and `polars.read_csv` need no options: counts are
//! plain integers; exact amounts are exact decimals that always carry a decimal point
//! (`100.0`, `0.5`), so a column is never guessed as integers from its first rows; real
//! numbers are in their shortest round-trip form (`0.8831`, `1.2e-7`); a missing value is an
//! empty cell; text is quoted per RFC 4180 when it has to be.

use std::io::{BufRead, BufReader, Read};

use grassroot_amm::Wad;
use grassroot_report::cells::{push_f64, push_text, push_u64};

use crate::grid::Grid;
use crate::stats::{PERCENTILES, Summary};
use crate::world::WorldResult;

/// One row per world.
pub const RUNS_FILE: &str = "sweep_runs.csv";
/// One row per (grid point, step): mean and percentiles across runs.
pub const SERIES_FILE: &str = "sweep_series.csv";
/// Shards only: the raw series of grid points split between shards, for `merge`.
pub const PARTIAL_FILE: &str = "sweep_series_partial.csv";
/// The figure.
pub const FIGURE_FILE: &str = "sweep_results.png";
/// The manifest.
pub const MANIFEST_FILE: &str = "sweep.json";

/// Columns of `sweep_runs.csv` after the varied keys: identity, status, final state and totals.
pub const RUNS_COLUMNS: [&str; 12] = [
    "run",
    "seed",
    "status",
    "steps",
    "price",
    "pool_ddt",
    "pool_xdai",
    "pie_ddt",
    "agents_total",
    "unmet_demand_ddt",
    "volume_ddt",
    "volume_xdai",
];

/// `status` of a world that ran every step with balanced books.
pub const COMPLETED: &str = "completed";
/// `status` of a world that did not.
pub const FAILED: &str = "failed";

/// Appends an exact amount, with `.0` when it is whole.
pub fn push_amount(out: &mut Vec<u8>, w: Wad) {
    let start = out.len();
    w.write_decimal(out);
    if !out[start..].contains(&b'.') {
        out.extend_from_slice(b".0");
    }
}

/// Appends a swept value: decimals of decimal keys always carry a point; other values are
/// written as text.
fn push_param(out: &mut Vec<u8>, value: &str, decimal: bool) {
    if decimal && !value.contains('.') && value.bytes().all(|b| b.is_ascii_digit()) {
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b".0");
    } else {
        push_text(out, value);
    }
}

/// The `grid_point` cell and one cell per varied key.
fn push_point(out: &mut Vec<u8>, grid: &Grid, g: u64) {
    push_u64(out, g);
    for ((_, value), axis) in grid.point(g).into_iter().zip(grid.axes()) {
        out.push(b',');
        push_param(out, value, axis.is_decimal());
    }
}

fn push_key_columns(out: &mut Vec<u8>, grid: &Grid) {
    out.extend_from_slice(b"grid_point");
    for key in grid.keys() {
        out.push(b',');
        out.extend_from_slice(key.to_ascii_lowercase().as_bytes());
    }
}

/// The header of `sweep_runs.csv`.
pub fn runs_header(grid: &Grid) -> Vec<u8> {
    let mut out = Vec::new();
    push_key_columns(&mut out, grid);
    for c in RUNS_COLUMNS {
        out.push(b',');
        out.extend_from_slice(c.as_bytes());
    }
    out.extend_from_slice(b",error\n");
    out
}

/// Appends the row of one world to `sweep_runs.csv`.
pub fn push_runs_row(out: &mut Vec<u8>, grid: &Grid, r: &WorldResult) {
    push_point(out, grid, r.id.grid_point);
    out.push(b',');
    push_u64(out, r.id.run);
    out.push(b',');
    push_u64(out, r.id.seed);
    out.push(b',');
    out.extend_from_slice(if r.completed() { COMPLETED } else { FAILED }.as_bytes());
    out.push(b',');
    push_u64(out, r.steps);
    match &r.finals {
        Some(f) => {
            out.push(b',');
            push_f64(out, f.price);
            for w in [f.pool_ddt, f.pool_xdai, f.pie_ddt] {
                out.push(b',');
                push_amount(out, w);
            }
            out.push(b',');
            push_u64(out, f.agents_total);
            for w in [f.unmet_demand_ddt, f.volume_ddt, f.volume_xdai] {
                out.push(b',');
                push_amount(out, w);
            }
        }
        None => out.extend_from_slice(b",,,,,,,,"),
    }
    out.push(b',');
    if let Some(e) = &r.error {
        // One line per world: a multi-line message (e.g. its `fix:` line) is joined.
        let line: Vec<&str> = e.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        push_text(out, &line.join(" "));
    }
    out.push(b'\n');
}

/// The header of `sweep_series.csv` for the series metrics `series`.
pub fn series_header(grid: &Grid, series: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    push_key_columns(&mut out, grid);
    out.extend_from_slice(b",step,runs");
    for m in series {
        for suffix in std::iter::once("mean").chain(PERCENTILES.iter().map(|(_, s)| *s)) {
            out.push(b',');
            out.extend_from_slice(m.as_bytes());
            out.push(b'_');
            out.extend_from_slice(suffix.as_bytes());
        }
    }
    out.push(b'\n');
    out
}

/// Appends the row of one (grid point, step) to `sweep_series.csv`.
pub fn push_series_row(out: &mut Vec<u8>, grid: &Grid, g: u64, step: usize, runs: u64, stats: &[Summary]) {
    push_point(out, grid, g);
    out.push(b',');
    push_u64(out, step as u64);
    out.push(b',');
    push_u64(out, runs);
    for s in stats {
        for x in s.cells() {
            out.push(b',');
            push_f64(out, x);
        }
    }
    out.push(b'\n');
}

/// The header of `sweep_series_partial.csv`.
pub fn partial_header(series: &[String]) -> Vec<u8> {
    let mut out = b"grid_point,run,step".to_vec();
    for m in series {
        out.push(b',');
        out.extend_from_slice(m.as_bytes());
    }
    out.push(b'\n');
    out
}

/// Appends one (grid point, run, step) row of raw values to `sweep_series_partial.csv`.
pub fn push_partial_row(out: &mut Vec<u8>, g: u64, run: u64, step: usize, values: &[f64]) {
    push_u64(out, g);
    out.push(b',');
    push_u64(out, run);
    out.push(b',');
    push_u64(out, step as u64);
    for x in values {
        out.push(b',');
        push_f64(out, *x);
    }
    out.push(b'\n');
}

/// Reads CSV records (RFC 4180: quoted fields may hold commas, quotes and line breaks).
pub struct CsvReader<R> {
    inner: BufReader<R>,
    line: String,
}

impl<R: Read> CsvReader<R> {
    /// A reader of `inner`.
    pub fn new(inner: R) -> CsvReader<R> {
        CsvReader { inner: BufReader::with_capacity(1 << 16, inner), line: String::new() }
    }

    /// The next record's raw text (with its line break), or `None` at the end.
    pub fn next_raw(&mut self) -> std::io::Result<Option<&str>> {
        self.line.clear();
        loop {
            let n = self.inner.read_line(&mut self.line)?;
            let quotes = self.line.bytes().filter(|b| *b == b'"').count();
            if n == 0 || quotes % 2 == 0 {
                break;
            }
        }
        Ok((!self.line.is_empty()).then_some(self.line.as_str()))
    }

    /// The next record's fields, or `None` at the end.
    pub fn next_record(&mut self, fields: &mut Vec<String>) -> std::io::Result<bool> {
        let Some(raw) = self.next_raw()? else {
            return Ok(false);
        };
        split_record(raw, fields);
        Ok(true)
    }
}

/// Splits one record's text into unquoted fields.
pub fn split_record(raw: &str, fields: &mut Vec<String>) {
    fields.clear();
    let text = raw.strip_suffix('\n').unwrap_or(raw);
    let text = text.strip_suffix('\r').unwrap_or(text);
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_with_quotes_and_line_breaks() {
        let text = "a,b\n1,\"x, \"\"y\"\"\nz\"\n2,\n";
        let mut r = CsvReader::new(text.as_bytes());
        let mut f = Vec::new();
        assert!(matches!(r.next_record(&mut f), Ok(true)));
        assert_eq!(f, ["a", "b"]);
        assert!(matches!(r.next_record(&mut f), Ok(true)));
        assert_eq!(f, ["1", "x, \"y\"\nz"]);
        assert!(matches!(r.next_record(&mut f), Ok(true)));
        assert_eq!(f, ["2", ""]);
        assert!(matches!(r.next_record(&mut f), Ok(false)));
    }

    #[test]
    fn amounts_always_have_a_point() {
        let mut out = Vec::new();
        push_amount(&mut out, Wad::from_tokens(100));
        out.push(b' ');
        push_amount(&mut out, Wad::from_raw(5));
        assert_eq!(String::from_utf8_lossy(&out), "100.0 0.000000000000000005");
    }
}
