//! `simulation_data.csv`: one row per step, one column per metric, streamed as the run goes;
//! plus the columns kept in memory (as `f64`) for the plots. The rows go through a
//! `csv::Writer` ([`CsvWriter`]: what that costs is in its module documentation).

use std::path::Path;

use grassroot_sim::MetricRow;

use crate::atomic::{AtomicFile, Staged};
use crate::cells::push_value;
use crate::csv_writer::CsvWriter;
use crate::error::ReportError;

/// Streams the metric rows of a run to CSV and keeps every column as `f64` for plotting
/// (2000 steps x 50 columns is under 1 MB).
#[derive(Debug)]
pub struct TimeSeries {
    out: CsvWriter,
    names: Vec<String>,
    columns: Vec<Vec<f64>>,
}

impl TimeSeries {
    /// Starts `path` with the header of `row`'s columns.
    pub fn create(path: &Path, row: &MetricRow) -> Result<TimeSeries, ReportError> {
        let mut out = CsvWriter::new(AtomicFile::create(path)?);
        out.header(row.names())?;
        let names = row.names().to_vec();
        let columns = vec![Vec::new(); names.len()];
        Ok(TimeSeries { out, names, columns })
    }

    /// Appends the current row.
    pub fn record(&mut self, row: &MetricRow) -> Result<(), ReportError> {
        for (i, v) in row.values().iter().enumerate() {
            self.out.cell(|c| push_value(c, *v));
            if let Some(col) = self.columns.get_mut(i) {
                col.push(v.to_f64());
            }
        }
        self.out.end_row()
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
        self.columns.first().map_or(0, Vec::len)
    }

    /// True if no row was recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Finishes the file under its temporary name, to be renamed into place with the run's
    /// other outputs; the in-memory columns stay readable.
    pub fn stage(self) -> Result<(Staged, Columns), ReportError> {
        let staged = self.out.stage()?;
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
