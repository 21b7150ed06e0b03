//! The ordered writer of a sweep's tables: receives world results in world order, writes
//! `sweep_runs` rows as they come, and the statistics of a grid point to `sweep_series` as soon
//! as its last run is in — or, for a grid point split between shards, its raw series to
//! `sweep_series_partial.csv` for the merge. Each table goes to CSV (through a `csv::Writer`,
//! [`CsvWriter`]) and/or Parquet (a [`TableBatcher`] into a [`ParquetFile`]), as
//! `OUTPUT_FORMAT` asks ([`TableOut`]), started in the held folder through its handle, and/or
//! kept in memory as Arrow batches ([`SweepTables`]). Files become visible only on [`publish`]:
//! the figure is drawn from the staged tables, then the folder's one publishing routine
//! ([`OutputFolder::publish`]) puts them in place with `sweep.json` (the manifest last, with
//! every file's size and hash).

use std::ops::Range;
use std::path::PathBuf;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use grassroot_config::OutputFormat;
use grassroot_report::arrow::{ArrowTable, TableBatcher, TableError};
use grassroot_report::atomic::{AtomicFile, Staged, Writing};
use grassroot_report::csv_writer::CsvWriter;
use grassroot_report::parquet_file::{ParquetFile, WRITE_ROWS};
use grassroot_report::{Dir, OutputFolder, ReportError};

use crate::error::SweepError;
use crate::figure::render_results;
use crate::grid::Grid;
use crate::manifest::{FAILURES_LISTED, SweepManifest};
use crate::stats::PointSeries;
use crate::table::{
    FIGURE_FILE, MANIFEST_FILE, PARTIAL_FILE, RUNS_FILE, RUNS_PARQUET, SERIES_FILE, SERIES_PARQUET, partial_columns,
    push_runs_row, push_series_row, runs_columns, runs_schema, series_columns, series_schema, write_partial_row,
    write_runs_row, write_series_row,
};

/// Every file a sweep folder can hold, the manifest last.
pub const ALL_FILES: [&str; 7] =
    [RUNS_FILE, RUNS_PARQUET, SERIES_FILE, SERIES_PARQUET, PARTIAL_FILE, FIGURE_FILE, MANIFEST_FILE];
use crate::world::{WorldId, WorldResult};

/// Where a sweep's tables go: files in a format (none: no file), and Arrow batches kept in
/// memory (the Python package's tables).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Outputs {
    /// The files' format.
    pub files: Option<OutputFormat>,
    /// Keep the tables in memory too.
    pub memory: bool,
}

impl From<OutputFormat> for Outputs {
    fn from(format: OutputFormat) -> Outputs {
        Outputs { files: Some(format), memory: false }
    }
}

/// One table of the sweep, as CSV and/or Parquet, and/or in memory.
pub(crate) struct TableOut {
    csv: Option<CsvWriter>,
    parquet: Option<(ParquetFile, TableBatcher)>,
    /// The table's name (its Parquet file's, for errors), its rows and its batches.
    memory: Option<(PathBuf, TableBatcher, Vec<RecordBatch>)>,
}

impl TableOut {
    /// Starts the table as `outputs` say: in `dir` (given when `outputs` has files), `names.0` (CSV, with the header `columns`)
    /// and `names.1` (Parquet, of `schema`); in memory, batches of `schema`.
    pub fn create(
        dir: Option<&Dir>,
        names: (&str, &str),
        columns: Vec<String>,
        schema: SchemaRef,
        outputs: impl Into<Outputs>,
    ) -> Result<TableOut, SweepError> {
        let outputs = outputs.into();
        let memory =
            outputs.memory.then(|| (PathBuf::from(names.1), TableBatcher::new(SchemaRef::clone(&schema)), Vec::new()));
        let files = outputs.files.zip(dir);
        let csv = if let Some((_, dir)) = files.filter(|(f, _)| f.csv()) {
            let mut file = CsvWriter::new(AtomicFile::create_in(dir, names.0, Writing::Background)?);
            file.header(columns)?;
            Some(file)
        } else {
            None
        };
        let parquet = if let Some((_, dir)) = files.filter(|(f, _)| f.parquet()) {
            let file =
                ParquetFile::new(AtomicFile::create_in(dir, names.1, Writing::Buffered)?, SchemaRef::clone(&schema))?;
            Some((file, TableBatcher::new(schema)))
        } else {
            None
        };
        Ok(TableOut { csv, parquet, memory })
    }

    /// Writes one row: `csv` writes its cells to the CSV file, `parquet` to the Parquet rows.
    pub fn row(
        &mut self,
        csv: impl FnOnce(&mut CsvWriter) -> Result<(), ReportError>,
        parquet: impl Fn(&mut TableBatcher) -> Result<(), TableError>,
    ) -> Result<(), SweepError> {
        if let Some(out) = self.csv.as_mut() {
            csv(out)?;
        }
        if let Some((name, rows, batches)) = self.memory.as_mut() {
            parquet(rows).map_err(|e| ReportError::table(name, e))?;
            if rows.len() >= WRITE_ROWS {
                batches.push(rows.take_batch().map_err(|e| ReportError::table(name, e))?);
            }
        }
        if let Some((file, rows)) = self.parquet.as_mut() {
            parquet(rows).map_err(|e| ReportError::table(file.path(), e))?;
            if rows.len() >= WRITE_ROWS {
                let batch = rows.take_batch().map_err(|e| ReportError::table(file.path(), e))?;
                file.write(&batch)?;
            }
        }
        Ok(())
    }

    /// Copies whole CSV rows, as they are, into the CSV file (rows of a shard being merged).
    pub fn copy_csv(&mut self, bytes: &[u8]) -> Result<(), SweepError> {
        if let Some(out) = self.csv.as_mut() {
            out.copy(bytes)?;
        }
        Ok(())
    }

    /// Copies a batch of rows into the Parquet file (rows of a shard being merged), after the
    /// rows written so far.
    pub fn copy_batch(&mut self, batch: &RecordBatch) -> Result<(), SweepError> {
        if let Some((file, rows)) = self.parquet.as_mut() {
            if !rows.is_empty() {
                let pending = rows.take_batch().map_err(|e| ReportError::table(file.path(), e))?;
                file.write(&pending)?;
            }
            file.write(batch)?;
        }
        Ok(())
    }

    /// The table kept in memory (`None` unless asked for), complete once every row is in.
    pub fn take_memory(&mut self) -> Result<Option<ArrowTable>, SweepError> {
        let Some((name, mut rows, mut batches)) = self.memory.take() else { return Ok(None) };
        if !rows.is_empty() {
            batches.push(rows.take_batch().map_err(|e| ReportError::table(&name, e))?);
        }
        Ok(Some(ArrowTable { schema: rows.schema(), batches }))
    }

    /// Writes out every byte, to be put in place by [`publish`] (CSV first).
    pub fn stage(self) -> Result<Vec<Staged>, SweepError> {
        let mut files = Vec::new();
        if let Some(out) = self.csv {
            files.push(out.stage()?);
        }
        if let Some((mut file, mut rows)) = self.parquet {
            let pending = rows.take_batch().map_err(|e| ReportError::table(file.path(), e))?;
            file.write(&pending)?;
            files.push(file.stage()?);
        }
        Ok(files)
    }
}

/// A series-file writer: statistics rows, or raw rows for a split grid point.
pub(crate) struct SeriesSink {
    series: TableOut,
    partial: Option<CsvWriter>,
}

impl SeriesSink {
    /// Writes the statistics of a whole grid point (nothing if no run completed).
    pub fn write_stats(&mut self, grid: &Grid, acc: &mut PointSeries) -> Result<(), SweepError> {
        let runs = acc.completed_runs();
        if runs == 0 {
            return Ok(());
        }
        let g = acc.grid_point();
        let mut result = Ok(());
        let series = &mut self.series;
        acc.summaries(|step, stats| {
            if result.is_ok() {
                result = series.row(
                    |out| write_series_row(out, grid, g, step, runs, stats),
                    |out| push_series_row(out, grid, g, step, runs, stats),
                );
            }
        })
        .map_err(SweepError::bad)?;
        result
    }

    /// Writes the raw series of a grid point this shard holds only part of.
    pub fn write_raw(&mut self, acc: &mut PointSeries) -> Result<(), SweepError> {
        let Some(partial) = self.partial.as_mut() else {
            return Ok(());
        };
        let g = acc.grid_point();
        let mut result = Ok(());
        acc.raw(|run, step, values| {
            if result.is_ok() {
                result = write_partial_row(partial, g, run, step, values);
            }
        })
        .map_err(SweepError::bad)?;
        result.map_err(SweepError::from)
    }

    /// The series table, to copy a shard's rows into.
    pub fn table(&mut self) -> &mut TableOut {
        &mut self.series
    }

    /// Writes out every byte, to be put in place by [`publish`].
    pub fn stage(self) -> Result<Vec<Staged>, SweepError> {
        let mut files = self.series.stage()?;
        if let Some(p) = self.partial {
            files.push(p.stage()?);
        }
        Ok(files)
    }
}

/// Starts `sweep_series` in `format` (and `sweep_series_partial.csv` when `partial`) in `dir`.
pub(crate) fn series_sink(
    dir: Option<&Dir>,
    grid: &Grid,
    series: &[String],
    partial: bool,
    outputs: impl Into<Outputs>,
) -> Result<SeriesSink, SweepError> {
    let outputs = outputs.into();
    let table = TableOut::create(
        dir,
        (SERIES_FILE, SERIES_PARQUET),
        series_columns(grid, series),
        series_schema(grid, series),
        outputs,
    )?;
    let partial = if let Some(dir) = dir.filter(|_| partial && outputs.files.is_some()) {
        let mut p = CsvWriter::new(AtomicFile::create_in(dir, PARTIAL_FILE, Writing::Background)?);
        p.header(partial_columns(series))?;
        Some(p)
    } else {
        None
    };
    Ok(SeriesSink { series: table, partial })
}

/// Starts `sweep_runs` in `format` in `dir`.
pub(crate) fn runs_table(dir: Option<&Dir>, grid: &Grid, outputs: impl Into<Outputs>) -> Result<TableOut, SweepError> {
    TableOut::create(dir, (RUNS_FILE, RUNS_PARQUET), runs_columns(grid), runs_schema(grid), outputs)
}

/// A sweep's tables in memory, as Arrow batches of the Parquet files' schemas.
#[derive(Clone, Debug)]
pub struct SweepTables {
    /// `sweep_runs`: one row per world.
    pub runs: ArrowTable,
    /// `sweep_series`: one row per grid point and step.
    pub series: ArrowTable,
}

/// The tables of one sweep or shard, written as results arrive in world order.
pub(crate) struct Tables<'a> {
    grid: &'a Grid,
    runs: u64,
    worlds: Range<u64>,
    metrics: usize,
    runs_file: TableOut,
    series: SeriesSink,
    acc: Option<PointSeries>,
    /// Worlds that completed.
    pub completed: u64,
    /// Worlds that failed.
    pub failed: u64,
    /// The first failures (world and error).
    pub failures: Vec<(WorldId, String)>,
}

impl<'a> Tables<'a> {
    /// Starts the tables in `dir` for `worlds` of a grid with `runs` runs per point.
    pub fn create(
        dir: Option<&Dir>,
        grid: &'a Grid,
        runs: u64,
        worlds: Range<u64>,
        (series, sharded): (&[String], bool),
        outputs: Outputs,
    ) -> Result<Tables<'a>, SweepError> {
        Ok(Tables {
            grid,
            runs,
            worlds,
            metrics: series.len(),
            runs_file: runs_table(dir, grid, outputs)?,
            series: series_sink(dir, grid, series, sharded, outputs)?,
            acc: None,
            completed: 0,
            failed: 0,
            failures: Vec::new(),
        })
    }

    /// Takes the next world's result (results must come in world order).
    pub fn accept(&mut self, r: WorldResult) -> Result<(), SweepError> {
        let grid = self.grid;
        self.runs_file.row(|out| write_runs_row(out, grid, &r), |out| push_runs_row(out, grid, &r))?;
        let g = r.id.grid_point;
        if self.acc.as_ref().is_none_or(|a| a.grid_point() != g) {
            self.acc = Some(PointSeries::new(g, self.runs, self.metrics));
        }
        if let Some(error) = &r.error {
            self.failed += 1;
            if self.failures.len() < FAILURES_LISTED {
                self.failures.push((r.id, error.clone()));
            }
        } else {
            self.completed += 1;
            if let Some(acc) = self.acc.as_mut() {
                acc.add(r.id.run, &r.series).map_err(SweepError::bad)?;
            }
        }
        let last_of_point = r.id.run + 1 == self.runs || r.id.world + 1 == self.worlds.end;
        if last_of_point && let Some(mut acc) = self.acc.take() {
            let whole = g * self.runs >= self.worlds.start && (g + 1) * self.runs <= self.worlds.end;
            if whole {
                self.series.write_stats(self.grid, &mut acc)?;
            } else {
                self.series.write_raw(&mut acc)?;
            }
        }
        Ok(())
    }

    /// `sweep_runs` and `sweep_series` as kept in memory (`None` unless asked for), once every
    /// world is in.
    pub fn take_memory(&mut self) -> Result<Option<SweepTables>, SweepError> {
        let runs = self.runs_file.take_memory()?;
        let series = self.series.table().take_memory()?;
        Ok(runs.zip(series).map(|(runs, series)| SweepTables { runs, series }))
    }

    /// Writes out every byte of the tables, to be put in place by [`publish`].
    pub fn stage(self) -> Result<Vec<Staged>, SweepError> {
        let mut files = self.runs_file.stage()?;
        files.extend(self.series.stage()?);
        Ok(files)
    }
}

/// Puts a sweep's staged `tables` in place in the held `folder` with the figure, drawn from
/// them first when `figure` (a shard has none), and `sweep.json` last, recording every file's
/// size and hash: [`OutputFolder::publish`], which removes only the earlier sweep's own files
/// that this one does not write, and the earlier manifest first, so the folder never shows a
/// `sweep.json` beside files it does not describe. A figure that cannot be drawn leaves the
/// folder as it was. Returns the paths written, the manifest last.
pub(crate) fn publish(
    folder: OutputFolder,
    mut tables: Vec<Staged>,
    manifest: &mut SweepManifest,
    figure: bool,
) -> Result<Vec<PathBuf>, SweepError> {
    let dir = folder.dir().clone();
    if figure {
        let png = render_results(&tables, manifest, &dir.join(FIGURE_FILE))?;
        tables.push(Staged::write_in(&dir, FIGURE_FILE, &png)?);
    }
    let json = dir.join(MANIFEST_FILE);
    let published = folder.publish(tables, |digests| {
        manifest.files = digests.to_vec();
        manifest.to_bytes(&json)
    })?;
    Ok(published.paths)
}
