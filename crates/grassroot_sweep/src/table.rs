//! The sweep's tables: their names, columns and cells, written row by row as CSV through a
//! `csv::Writer` ([`CsvWriter`]) and as Parquet through a [`TableBatcher`] (the same columns,
//! typed: [`runs_schema`], [`series_schema`]), and [`CsvFile`], the reader that parses the CSV
//! cell by cell with errors naming file, line and column.
//!
//! Cells are typed so that `pandas.read_csv` and `polars.read_csv` need no options: counts are
//! plain integers; exact amounts are exact decimals that always carry a decimal point
//! (`100.0`, `0.5`: the report's [`push_wad`], the one rule of every CSV grassroot writes), so
//! a column is never guessed as integers from its first rows; real numbers are in their
//! shortest round-trip form (`0.8831`, `1.2e-7`); a missing value is an empty cell; text is
//! quoted per RFC 4180 when it has to be.
//!
//! In Parquet, amounts are `Decimal128(38, 18)`, counts `Int64` (as a CSV reader infers them),
//! reals `Float64`, the status a dictionary-encoded string, a missing value null. A varied
//! key's column is an amount when the key takes decimals and every value is one, a count when
//! every value is a whole number below 2^63, and a dictionary-encoded string otherwise
//! (`none`, `true`, a choice, a larger number) — decided from the values `sweep.json` records,
//! so a merge types it as the sweep did.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use arrow_schema::SchemaRef;
use grassroot_amm::Wad;
use grassroot_report::ReportError;
use grassroot_report::arrow::{ColumnKind, TableBatcher, TableError, table_schema};
use grassroot_report::atomic::open;
use grassroot_report::cells::{push_f64, push_u64, push_wad};
use grassroot_report::csv_writer::CsvWriter;

use crate::error::SweepError;
use crate::grid::{Axis, Grid};
use crate::stats::{PERCENTILES, Summary};
use crate::world::WorldResult;

/// One row per world.
pub const RUNS_FILE: &str = "sweep_runs.csv";
/// One row per (grid point, step): mean and percentiles across runs.
pub const SERIES_FILE: &str = "sweep_series.csv";
/// `sweep_runs` as Parquet.
pub const RUNS_PARQUET: &str = "sweep_runs.parquet";
/// `sweep_series` as Parquet.
pub const SERIES_PARQUET: &str = "sweep_series.parquet";
/// Shards only: the raw series of grid points split between shards, for `merge` (always CSV:
/// it is merge's input, not a result).
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

/// The cell of a swept value: a decimal key's value that is an amount is written as every
/// amount is ([`push_wad`]: always with a point); other values are text (quoted by the writer
/// if they must be).
fn param_cell(out: &mut CsvWriter, value: &str, decimal: bool) {
    match param_amount(value, decimal) {
        Some(w) => out.cell(|c| push_wad(c, w)),
        None => out.field(value.as_bytes()),
    }
}

/// The amount a swept value's cell holds: its value, if its key takes decimals and it is one.
fn param_amount(value: &str, decimal: bool) -> Option<Wad> {
    if decimal { Wad::parse(value).ok() } else { None }
}

/// The text of a swept value's cell, unquoted, as [`param_cell`] writes it.
pub(crate) fn param_text(value: &str, decimal: bool) -> std::borrow::Cow<'_, str> {
    match param_amount(value, decimal) {
        Some(w) => w.pointed().as_str().to_owned().into(),
        None => value.into(),
    }
}

/// The `grid_point` cell and one cell per varied key.
fn point_cells(out: &mut CsvWriter, grid: &Grid, g: u64) {
    out.cell(|c| push_u64(c, g));
    for ((_, value), axis) in grid.point(g).into_iter().zip(grid.axes()) {
        param_cell(out, value, axis.is_decimal());
    }
}

/// `grid_point` and the varied keys, in lower case.
fn key_columns(grid: &Grid) -> Vec<String> {
    std::iter::once("grid_point".to_owned()).chain(grid.keys().map(str::to_ascii_lowercase)).collect()
}

/// The columns of `sweep_runs.csv`.
pub fn runs_columns(grid: &Grid) -> Vec<String> {
    let mut columns = key_columns(grid);
    columns.extend(RUNS_COLUMNS.iter().map(|c| (*c).to_owned()));
    columns.push("error".to_owned());
    columns
}

/// The columns of `sweep_series.csv` for the series metrics `series`.
pub fn series_columns(grid: &Grid, series: &[String]) -> Vec<String> {
    let mut columns = key_columns(grid);
    columns.extend(["step".to_owned(), "runs".to_owned()]);
    for m in series {
        for suffix in std::iter::once("mean").chain(PERCENTILES.iter().map(|(_, s)| *s)) {
            columns.push(format!("{m}_{suffix}"));
        }
    }
    columns
}

/// The columns of `sweep_series_partial.csv`.
pub fn partial_columns(series: &[String]) -> Vec<String> {
    ["grid_point", "run", "step"].iter().map(|c| (*c).to_owned()).chain(series.iter().cloned()).collect()
}

/// The header line of `columns`, with its line break, as the `csv` writer writes it.
pub fn header_line(columns: &[String]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().quote_style(csv::QuoteStyle::Necessary).from_writer(Vec::new());
    // Writing into memory cannot fail; a header that could not be written is an empty one.
    if w.write_record(columns).is_err() {
        return Vec::new();
    }
    w.into_inner().unwrap_or_default()
}

/// The header line of `sweep_runs.csv`.
pub fn runs_header(grid: &Grid) -> Vec<u8> {
    header_line(&runs_columns(grid))
}

/// Writes the row of one world to `sweep_runs.csv`.
pub fn write_runs_row(out: &mut CsvWriter, grid: &Grid, r: &WorldResult) -> Result<(), ReportError> {
    point_cells(out, grid, r.id.grid_point);
    out.cell(|c| push_u64(c, r.id.run));
    out.cell(|c| push_u64(c, r.id.seed));
    out.field(if r.completed() { COMPLETED } else { FAILED }.as_bytes());
    out.cell(|c| push_u64(c, r.steps));
    match &r.finals {
        Some(f) => {
            out.cell(|c| push_f64(c, f.price));
            for w in [f.pool_ddt, f.pool_xdai, f.pie_ddt] {
                out.cell(|c| push_wad(c, w));
            }
            out.cell(|c| push_u64(c, f.agents_total));
            for w in [f.unmet_demand_ddt, f.volume_ddt, f.volume_xdai] {
                out.cell(|c| push_wad(c, w));
            }
        }
        None => (0..8).for_each(|_| out.field(b"")),
    }
    match &r.error {
        // One line per world: a multi-line message (e.g. its `fix:` line) is joined.
        Some(e) => {
            let line: Vec<&str> = e.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            out.field(line.join(" ").as_bytes());
        }
        None => out.field(b""),
    }
    out.end_row()
}

/// The header line of `sweep_series.csv` for the series metrics `series`.
pub fn series_header(grid: &Grid, series: &[String]) -> Vec<u8> {
    header_line(&series_columns(grid, series))
}

/// Writes the row of one (grid point, step) to `sweep_series.csv`.
pub fn write_series_row(
    out: &mut CsvWriter,
    grid: &Grid,
    g: u64,
    step: usize,
    runs: u64,
    stats: &[Summary],
) -> Result<(), ReportError> {
    point_cells(out, grid, g);
    out.cell(|c| push_u64(c, step as u64));
    out.cell(|c| push_u64(c, runs));
    for x in stats.iter().flat_map(Summary::cells) {
        out.cell(|c| push_f64(c, x));
    }
    out.end_row()
}

/// The header line of `sweep_series_partial.csv`.
pub fn partial_header(series: &[String]) -> Vec<u8> {
    header_line(&partial_columns(series))
}

/// Writes one (grid point, run, step) row of raw values to `sweep_series_partial.csv`.
pub fn write_partial_row(
    out: &mut CsvWriter,
    g: u64,
    run: u64,
    step: usize,
    values: &[f64],
) -> Result<(), ReportError> {
    out.cell(|c| push_u64(c, g));
    out.cell(|c| push_u64(c, run));
    out.cell(|c| push_u64(c, step as u64));
    for x in values {
        out.cell(|c| push_f64(c, *x));
    }
    out.end_row()
}

/// The Parquet kind of a varied key's column (see the module documentation).
pub fn axis_kind(axis: &Axis) -> ColumnKind {
    let values = axis.values();
    if axis.is_decimal() && values.iter().all(|v| Wad::parse(v).is_ok()) {
        ColumnKind::Amount
    } else if values.iter().all(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) && v.parse::<i64>().is_ok())
    {
        ColumnKind::Count
    } else {
        ColumnKind::Category
    }
}

/// `grid_point` and the varied keys, typed.
fn key_fields(grid: &Grid) -> Vec<(String, ColumnKind, bool)> {
    let keys = key_columns(grid);
    let kinds = std::iter::once(ColumnKind::Count).chain(grid.axes().iter().map(axis_kind));
    keys.into_iter().zip(kinds).map(|(k, kind)| (k, kind, false)).collect()
}

/// The schema of `sweep_runs.parquet`: the columns of `sweep_runs.csv`, the finals and the
/// error null for a world that has none.
pub fn runs_schema(grid: &Grid) -> SchemaRef {
    let mut fields = key_fields(grid);
    let kinds = [
        (ColumnKind::Count, false),
        (ColumnKind::Count, false),
        (ColumnKind::Category, false),
        (ColumnKind::Count, false),
        (ColumnKind::Real, true),
        (ColumnKind::Amount, true),
        (ColumnKind::Amount, true),
        (ColumnKind::Amount, true),
        (ColumnKind::Count, true),
        (ColumnKind::Amount, true),
        (ColumnKind::Amount, true),
        (ColumnKind::Amount, true),
    ];
    fields.extend(RUNS_COLUMNS.iter().zip(kinds).map(|(c, (k, null))| ((*c).to_owned(), k, null)));
    fields.push(("error".to_owned(), ColumnKind::Text, true));
    table_schema(&fields)
}

/// The schema of `sweep_series.parquet`: the columns of `sweep_series.csv`, every statistic
/// a nullable real.
pub fn series_schema(grid: &Grid, series: &[String]) -> SchemaRef {
    let mut fields = key_fields(grid);
    fields.push(("step".to_owned(), ColumnKind::Count, false));
    fields.push(("runs".to_owned(), ColumnKind::Count, false));
    let stats = series_columns(grid, series).into_iter().skip(fields.len());
    fields.extend(stats.map(|c| (c, ColumnKind::Real, true)));
    table_schema(&fields)
}

/// The `grid_point` cell and one cell per varied key, typed as [`axis_kind`] says.
fn push_point(out: &mut TableBatcher, grid: &Grid, g: u64) -> Result<(), TableError> {
    out.count(Some(g))?;
    for ((_, value), axis) in grid.point(g).into_iter().zip(grid.axes()) {
        match axis_kind(axis) {
            ColumnKind::Amount => out.amount(Wad::parse(value).ok())?,
            ColumnKind::Count => out.count(value.parse().ok())?,
            _ => out.text(Some(value))?,
        }
    }
    Ok(())
}

/// Adds the row of one world to `sweep_runs.parquet`.
pub fn push_runs_row(out: &mut TableBatcher, grid: &Grid, r: &WorldResult) -> Result<(), TableError> {
    push_point(out, grid, r.id.grid_point)?;
    out.count(Some(r.id.run))?;
    out.count(Some(r.id.seed))?;
    out.text(Some(if r.completed() { COMPLETED } else { FAILED }))?;
    out.count(Some(r.steps))?;
    let f = r.finals.as_ref();
    out.real(f.map(|f| f.price))?;
    for w in [f.map(|f| f.pool_ddt), f.map(|f| f.pool_xdai), f.map(|f| f.pie_ddt)] {
        out.amount(w)?;
    }
    out.count(f.map(|f| f.agents_total))?;
    for w in [f.map(|f| f.unmet_demand_ddt), f.map(|f| f.volume_ddt), f.map(|f| f.volume_xdai)] {
        out.amount(w)?;
    }
    let error = r.error.as_ref().map(|e| {
        let line: Vec<&str> = e.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        line.join(" ")
    });
    out.text(error.as_deref())?;
    out.end_row()
}

/// Adds the row of one (grid point, step) to `sweep_series.parquet`.
pub fn push_series_row(
    out: &mut TableBatcher,
    grid: &Grid,
    g: u64,
    step: usize,
    runs: u64,
    stats: &[Summary],
) -> Result<(), TableError> {
    push_point(out, grid, g)?;
    out.count(Some(step as u64))?;
    out.count(Some(runs))?;
    for x in stats.iter().flat_map(Summary::cells) {
        out.real(Some(x))?;
    }
    out.end_row()
}

/// A sweep CSV file read record by record (RFC 4180, by the `csv` crate) into one reused
/// record, with cells parsed as the sweep writes them: every cell that does not parse is bad
/// input naming the file, the line (1-based, as an editor shows it), the column and the text
/// found — never a NaN. A missing value, an empty cell, stays missing ([`CsvFile::real`]).
pub struct CsvFile<R = File> {
    path: PathBuf,
    reader: csv::Reader<R>,
    header: Vec<String>,
    record: csv::ByteRecord,
}

impl CsvFile<File> {
    /// Opens the file at `path` and reads its header line.
    pub fn open(path: &Path) -> Result<CsvFile<File>, SweepError> {
        CsvFile::from_reader(path, open(path)?)
    }
}

impl<R: Read> CsvFile<R> {
    /// Reads the CSV text of `inner`, named `path` in errors, and its header line.
    pub fn from_reader(path: &Path, inner: R) -> Result<CsvFile<R>, SweepError> {
        let mut reader = csv::ReaderBuilder::new().has_headers(true).buffer_capacity(1 << 16).from_reader(inner);
        let header: Vec<String> = reader
            .byte_headers()
            .map_err(|e| csv_error(path, e))?
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect();
        if header.is_empty() {
            return Err(SweepError::bad(format!("'{}' is empty: it has no header line", path.display())));
        }
        Ok(CsvFile { path: path.to_owned(), reader, header, record: csv::ByteRecord::new() })
    }

    /// The file's name, as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The column names of the header line.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The position of column `name`; an error naming the file if it has none.
    pub fn column(&self, name: &str) -> Result<usize, SweepError> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| SweepError::bad(format!("'{}' has no column {name}", self.path.display())))
    }

    /// An error unless the header line is exactly `expected` (as written, with its line break).
    pub fn expect_header(&self, expected: &[u8]) -> Result<(), SweepError> {
        let text = String::from_utf8_lossy(expected);
        let want: Vec<&str> = text.trim_end_matches(['\n', '\r']).split(',').collect();
        if self.header.iter().map(String::as_str).ne(want.iter().copied()) {
            return Err(SweepError::bad(format!(
                "'{}' line 1: the header is not the one its sweep.json describes: expected {}, found {}",
                self.path.display(),
                shorten(&want.join(",")),
                shorten(&self.header.join(","))
            )));
        }
        Ok(())
    }

    /// Reads the next record; false at the end. A record with another number of cells than the
    /// header (e.g. a torn last line) is an error naming its line.
    pub fn next_record(&mut self) -> Result<bool, SweepError> {
        self.reader.read_byte_record(&mut self.record).map_err(|e| csv_error(&self.path, e))
    }

    /// The line (1-based) where the current record starts.
    pub fn line(&self) -> u64 {
        self.record.position().map_or(0, csv::Position::line)
    }

    /// The raw bytes of cell `i` of the current record (empty past its end).
    pub fn raw(&self, i: usize) -> &[u8] {
        self.record.get(i).unwrap_or_default()
    }

    /// Cell `i` as text.
    pub fn text(&self, i: usize) -> Result<&str, SweepError> {
        std::str::from_utf8(self.raw(i)).map_err(|_| self.bad_cell(i, "is not UTF-8 text"))
    }

    /// Cell `i` as a count (a whole number, `0` or more).
    pub fn count(&self, i: usize) -> Result<u64, SweepError> {
        let raw = self.raw(i);
        let digits = !raw.is_empty() && raw.iter().all(u8::is_ascii_digit);
        std::str::from_utf8(raw)
            .ok()
            .filter(|_| digits)
            .and_then(|t| t.parse::<u64>().ok())
            .ok_or_else(|| self.bad_cell(i, "is not a whole number"))
    }

    /// Cell `i` as a real number: `None` for an empty cell (a missing value); an error for
    /// anything else that is not a finite number.
    pub fn real(&self, i: usize) -> Result<Option<f64>, SweepError> {
        let raw = self.raw(i);
        if raw.is_empty() {
            return Ok(None);
        }
        std::str::from_utf8(raw)
            .ok()
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| self.bad_cell(i, "is not a number"))
    }

    /// Bad input about cell `i` of the current record: file, line, column, the text found and
    /// `what` is wrong with it.
    pub fn bad_cell(&self, i: usize, what: &str) -> SweepError {
        let column = self.header.get(i).map_or_else(|| format!("{}", i + 1), Clone::clone);
        SweepError::bad(format!(
            "'{}' line {}, column {column}: '{}' {what}",
            self.path.display(),
            self.line(),
            shorten(&String::from_utf8_lossy(self.raw(i)))
        ))
    }

    /// Bad input about the current record.
    pub fn bad_row(&self, what: &str) -> SweepError {
        SweepError::bad(format!("'{}' line {}: {what}", self.path.display(), self.line()))
    }
}

/// At most 60 characters of `text`, for a message.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_owned(),
    }
}

/// A `csv` error as bad input naming the file and line (an I/O error stays one).
fn csv_error(path: &Path, e: csv::Error) -> SweepError {
    let line = e.position().map_or_else(String::new, |p| format!(" line {}", p.line()));
    if let csv::ErrorKind::UnequalLengths { expected_len, len, .. } = e.kind() {
        return SweepError::bad(format!(
            "'{}'{line}: {len} cells where the header has {expected_len} (a torn or edited line)",
            path.display()
        ));
    }
    if e.is_io_error() {
        if let csv::ErrorKind::Io(io) = e.into_kind() {
            return SweepError::Report(ReportError::io(path, "read", io));
        }
        return SweepError::bad(format!("cannot read '{}'", path.display()));
    }
    SweepError::bad(format!("'{}'{line}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(text: &str) -> CsvFile<&[u8]> {
        CsvFile::from_reader(Path::new("out/s/t.csv"), text.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn records_with_quotes_and_line_breaks() -> Result<(), SweepError> {
        let mut r = reader("a,b\n1,\"x, \"\"y\"\"\nz\"\n2,\n");
        assert_eq!(r.header(), ["a", "b"]);
        assert!(r.next_record()?);
        assert_eq!((r.line(), r.text(0)?, r.text(1)?), (2, "1", "x, \"y\"\nz"));
        assert!(r.next_record()?);
        assert_eq!((r.line(), r.count(0)?, r.real(1)?), (4, 2, None));
        assert!(!r.next_record()?);
        Ok(())
    }

    #[test]
    fn a_cell_that_does_not_parse_names_file_line_and_column() -> Result<(), SweepError> {
        let mut r = reader("grid_point,run,price\n0,0,0.5\n0,1,garbage\n0,x2,nan\n");
        assert!(r.next_record()?);
        assert_eq!(r.real(2)?, Some(0.5));
        assert!(r.next_record()?);
        let e = r.real(2).err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("'out/s/t.csv' line 3, column price: 'garbage' is not a number"));
        assert!(r.next_record()?);
        let e = r.count(1).err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("'out/s/t.csv' line 4, column run: 'x2' is not a whole number"));
        // Non-finite text is refused too: a missing value is an empty cell, never NaN.
        let e = r.real(2).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.ends_with("column price: 'nan' is not a number"), "{e}");
        Ok(())
    }

    #[test]
    fn a_torn_line_and_bytes_that_are_not_utf8_are_errors_not_panics() -> Result<(), SweepError> {
        let mut r = reader("a,b\n1,2\n3");
        assert!(r.next_record()?);
        let e = r.next_record().err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(e, "'out/s/t.csv' line 3: 1 cells where the header has 2 (a torn or edited line)");
        let mut r = CsvFile::from_reader(Path::new("t.csv"), &b"a\n\xff\n"[..])?;
        assert!(r.next_record()?);
        let e = r.real(0).err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(e, "'t.csv' line 2, column a: '\u{fffd}' is not a number");
        let empty = CsvFile::from_reader(Path::new("t.csv"), &b""[..]).err().map(|e| e.to_string());
        assert_eq!(empty.as_deref(), Some("'t.csv' is empty: it has no header line"));
        Ok(())
    }

    #[test]
    fn the_header_must_be_the_expected_one() -> Result<(), SweepError> {
        let r = reader("grid_point,run\n");
        r.expect_header(b"grid_point,run\n")?;
        let e = r.expect_header(b"grid_point,step\n").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("expected grid_point,step, found grid_point,run"), "{e}");
        Ok(())
    }

    #[test]
    fn amounts_always_have_a_point() {
        let mut out = Vec::new();
        push_wad(&mut out, Wad::from_tokens(100));
        out.push(b' ');
        push_wad(&mut out, Wad::from_raw(5));
        assert_eq!(String::from_utf8_lossy(&out), "100.0 0.000000000000000005");
        assert_eq!(param_text("900", true), "900.0");
        assert_eq!(param_text("0.003", true), "0.003");
        assert_eq!(param_text("none", true), "none");
        assert_eq!(param_text("900", false), "900");
    }

    #[test]
    fn a_varied_count_beyond_int64_is_text_not_a_count() {
        let grid = Grid::new().vary("AGENTS_PER_ENTRY", ["10", "20"]).vary("LIMIT", ["1", "18446744073709551615"]);
        let kinds: Vec<ColumnKind> = grid.axes().iter().map(axis_kind).collect();
        assert_eq!(kinds, [ColumnKind::Count, ColumnKind::Category]);
    }
}
