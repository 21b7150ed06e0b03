//! `simulation_data.csv` and `simulation_data.parquet`: one row per step, one column per
//! metric, streamed as the run goes; plus, for the figure, the columns kept in memory (as
//! `f64`), unless no figure is drawn ([`TimeSeries::keep_columns`]): then memory does not
//! grow with the steps.
//! CSV rows go through a `csv::Writer` ([`CsvWriter`]: why is in its module documentation);
//! Parquet rows are gathered by a [`SeriesBatcher`] and written every [`WRITE_ROWS`] steps
//! (the file's schema is fixed by the first batch, see [`crate::arrow::series`]).

use std::path::{Path, PathBuf};

use grassroot_sim::MetricRow;

use crate::arrow::SeriesBatcher;
use crate::atomic::{AtomicFile, Staged};
use crate::cells::push_value;
use crate::csv_writer::CsvWriter;
use crate::error::ReportError;
use crate::parquet_file::{ParquetFile, WRITE_ROWS};

/// Streams the metric rows of a run to CSV and/or Parquet and keeps every column as `f64`
/// for plotting (2000 steps x 50 columns is under 1 MB; about 8 bytes a column a step), unless
/// told not to.
#[derive(Debug)]
pub struct TimeSeries {
    out: Option<CsvWriter>,
    parquet: Option<SeriesParquet>,
    names: Vec<String>,
    columns: Vec<Vec<f64>>,
    keep: bool,
    rows: usize,
}

/// The Parquet file of the series: its rows gathered until a batch is whole.
#[derive(Debug)]
struct SeriesParquet {
    batcher: SeriesBatcher,
    file: ParquetSlot,
}

/// The file, opened when the first batch fixes its schema.
#[derive(Debug)]
enum ParquetSlot {
    Waiting(AtomicFile),
    /// Boxed: the writer's state is large beside a path.
    Open(Box<ParquetFile>),
    Closed(PathBuf),
}

impl SeriesParquet {
    /// Writes the rows gathered.
    fn flush(&mut self) -> Result<(), ReportError> {
        if self.batcher.is_empty() && !matches!(self.file, ParquetSlot::Waiting(_)) {
            return Ok(());
        }
        let path = self.path();
        let batch = self.batcher.take_batch().map_err(|e| ReportError::table(&path, e))?;
        let mut file = match std::mem::replace(&mut self.file, ParquetSlot::Closed(path.clone())) {
            ParquetSlot::Waiting(f) => Box::new(ParquetFile::new(f, batch.schema())?),
            ParquetSlot::Open(f) => f,
            ParquetSlot::Closed(_) => return Err(ReportError::io(&path, "write", std::io::Error::other("closed"))),
        };
        file.write(&batch)?;
        self.file = ParquetSlot::Open(file);
        Ok(())
    }

    fn path(&self) -> PathBuf {
        match &self.file {
            ParquetSlot::Waiting(f) => f.path().to_owned(),
            ParquetSlot::Open(f) => f.path().to_owned(),
            ParquetSlot::Closed(p) => p.clone(),
        }
    }

    fn stage(mut self) -> Result<Staged, ReportError> {
        self.flush()?;
        match self.file {
            ParquetSlot::Open(f) => (*f).stage(),
            ParquetSlot::Waiting(_) | ParquetSlot::Closed(_) => {
                Err(ReportError::io(&self.path(), "write", std::io::Error::other("closed")))
            }
        }
    }
}

impl TimeSeries {
    /// Starts `path` (CSV) with the header of `row`'s columns.
    pub fn create(path: &Path, row: &MetricRow) -> Result<TimeSeries, ReportError> {
        TimeSeries::create_as(Some(path), None, row)
    }

    /// Starts the CSV file `csv` and the Parquet file `parquet`, those given, for `row`'s
    /// columns.
    pub fn create_as(csv: Option<&Path>, parquet: Option<&Path>, row: &MetricRow) -> Result<TimeSeries, ReportError> {
        TimeSeries::create_with(
            csv.map(AtomicFile::create).transpose()?,
            parquet.map(AtomicFile::create).transpose()?,
            row,
        )
    }

    /// Starts the series in the files given, started by the caller (a held folder's,
    /// [`crate::OutputFolder::create`]): `csv` as CSV, `parquet` as Parquet.
    pub fn create_with(
        csv: Option<AtomicFile>,
        parquet: Option<AtomicFile>,
        row: &MetricRow,
    ) -> Result<TimeSeries, ReportError> {
        let out = match csv {
            Some(file) => {
                let mut out = CsvWriter::new(file);
                out.header(row.names())?;
                Some(out)
            }
            None => None,
        };
        let parquet =
            parquet.map(|file| SeriesParquet { batcher: SeriesBatcher::new(row), file: ParquetSlot::Waiting(file) });
        let names = row.names().to_vec();
        let columns = vec![Vec::new(); names.len()];
        Ok(TimeSeries { out, parquet, names, columns, keep: true, rows: 0 })
    }

    /// Whether the columns are kept in memory for a figure (yes by default); without them
    /// [`TimeSeries::column`] and the staged [`Columns`] are empty.
    #[must_use]
    pub fn keep_columns(mut self, keep: bool) -> TimeSeries {
        self.keep = keep;
        self
    }

    /// Appends the current row.
    pub fn record(&mut self, row: &MetricRow) -> Result<(), ReportError> {
        if let Some(out) = self.out.as_mut() {
            for v in row.values() {
                out.cell(|c| push_value(c, *v));
            }
        }
        if self.keep {
            for (col, v) in self.columns.iter_mut().zip(row.values()) {
                col.push(v.to_f64());
            }
        }
        self.rows += 1;
        if let Some(p) = self.parquet.as_mut() {
            p.batcher.push(row.values()).map_err(|e| ReportError::table(&p.path(), e))?;
            if p.batcher.len() >= WRITE_ROWS {
                p.flush()?;
            }
        }
        match self.out.as_mut() {
            Some(out) => out.end_row(),
            None => Ok(()),
        }
    }

    /// A column's values so far, by name.
    pub fn column(&self, name: &str) -> Option<&[f64]> {
        self.names.iter().position(|n| n == name).map(|i| self.columns[i].as_slice())
    }

    /// Column names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Rows recorded.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// True if no row was recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Finishes the files under their temporary names (the CSV first), to be renamed into
    /// place with the run's other outputs; the in-memory columns stay readable.
    pub fn stage(self) -> Result<(Vec<Staged>, Columns), ReportError> {
        let mut staged = Vec::new();
        if let Some(out) = self.out {
            staged.push(out.stage()?);
        }
        if let Some(p) = self.parquet {
            staged.push(p.stage()?);
        }
        Ok((staged, Columns { names: self.names, columns: self.columns }))
    }
}

/// The metric columns of a finished run, as `f64`.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    names: Vec<String>,
    columns: Vec<Vec<f64>>,
}

impl Columns {
    /// A column by name.
    pub fn get(&self, name: &str) -> Option<&[f64]> {
        self.names.iter().position(|n| n == name).map(|i| self.columns[i].as_slice())
    }

    /// Column names.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

#[cfg(test)]
mod tests {
    use grassroot_sim::Column;

    use super::*;

    /// Records `steps` rows of two columns into a CSV in a temporary folder.
    fn recorded(keep: bool, steps: u64) -> (TimeSeries, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (step, price) = (Column::count("step"), Column::real("price"));
        let mut row = MetricRow::default();
        for column in [&step, &price] {
            row.register(column).unwrap_or_else(|e| panic!("{e}"));
        }
        let series = TimeSeries::create(&dir.path().join("s.csv"), &row).unwrap_or_else(|e| panic!("{e}"));
        let mut series = series.keep_columns(keep);
        for n in 0..steps {
            row.set(&step, n);
            row.set(&price, 0.5);
            series.record(&row).unwrap_or_else(|e| panic!("{e}"));
        }
        (series, dir)
    }

    #[test]
    fn columns_are_kept_for_a_figure_and_not_without_one() {
        let (kept, _dir) = recorded(true, 3);
        assert_eq!(kept.column("price"), Some(&[0.5, 0.5, 0.5][..]));
        let (streamed, _dir) = recorded(false, 1000);
        assert_eq!(streamed.len(), 1000);
        assert_eq!(streamed.column("price"), Some(&[][..]));
        assert!(streamed.columns.iter().all(|c| c.capacity() == 0), "memory grew with the steps");
    }
}
