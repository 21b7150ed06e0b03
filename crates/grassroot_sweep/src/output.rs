//! The ordered writer of a sweep's tables: receives world results in world order, writes
//! `sweep_runs.csv` rows as they come, and the statistics of a grid point to `sweep_series.csv`
//! as soon as its last run is in — or, for a grid point split between shards, its raw series to
//! `sweep_series_partial.csv` for the merge. Rows go through a `csv::Writer`
//! ([`CsvWriter`]). Files become visible only on [`publish`], which puts them in place with the
//! figure and `sweep.json` (the manifest last, with every file's size and hash).

use std::ops::Range;
use std::path::{Path, PathBuf};

use grassroot_report::atomic::{AtomicFile, Staged, remove_if_present};
use grassroot_report::csv_writer::CsvWriter;

use crate::error::SweepError;
use crate::figure::render_results;
use crate::grid::Grid;
use crate::manifest::{FAILURES_LISTED, SweepManifest};
use crate::stats::PointSeries;
use crate::table::{
    FIGURE_FILE, MANIFEST_FILE, PARTIAL_FILE, RUNS_FILE, SERIES_FILE, partial_columns, runs_columns, series_columns,
    write_partial_row, write_runs_row, write_series_row,
};

/// Every file a sweep folder can hold, the manifest last.
pub const ALL_FILES: [&str; 5] = [RUNS_FILE, SERIES_FILE, PARTIAL_FILE, FIGURE_FILE, MANIFEST_FILE];
use crate::world::{WorldId, WorldResult};

/// A series-file writer: statistics rows, or raw rows for a split grid point.
pub(crate) struct SeriesSink {
    series: CsvWriter,
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
                result = write_series_row(series, grid, g, step, runs, stats);
            }
        })
        .map_err(SweepError::bad)?;
        result.map_err(SweepError::from)
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

    /// Copies rows verbatim into the series file.
    pub fn copy(&mut self, bytes: &[u8]) -> Result<(), SweepError> {
        Ok(self.series.copy(bytes)?)
    }

    /// Writes out every byte, to be put in place by [`publish`].
    pub fn stage(self) -> Result<Vec<Staged>, SweepError> {
        let mut files = vec![self.series.stage()?];
        if let Some(p) = self.partial {
            files.push(p.stage()?);
        }
        Ok(files)
    }
}

/// Starts `sweep_series.csv` (and `sweep_series_partial.csv` when `partial`) in `dir`.
pub(crate) fn series_sink(dir: &Path, grid: &Grid, series: &[String], partial: bool) -> Result<SeriesSink, SweepError> {
    let mut file = CsvWriter::new(AtomicFile::create_in_background(&dir.join(SERIES_FILE))?);
    file.header(series_columns(grid, series))?;
    let partial = if partial {
        let mut p = CsvWriter::new(AtomicFile::create_in_background(&dir.join(PARTIAL_FILE))?);
        p.header(partial_columns(series))?;
        Some(p)
    } else {
        None
    };
    Ok(SeriesSink { series: file, partial })
}

/// The tables of one sweep or shard, written as results arrive in world order.
pub(crate) struct Tables<'a> {
    grid: &'a Grid,
    runs: u64,
    worlds: Range<u64>,
    metrics: usize,
    runs_file: CsvWriter,
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
        dir: &Path,
        grid: &'a Grid,
        runs: u64,
        worlds: Range<u64>,
        series: &[String],
        sharded: bool,
    ) -> Result<Tables<'a>, SweepError> {
        let mut runs_file = CsvWriter::new(AtomicFile::create_in_background(&dir.join(RUNS_FILE))?);
        runs_file.header(runs_columns(grid))?;
        Ok(Tables {
            grid,
            runs,
            worlds,
            metrics: series.len(),
            runs_file,
            series: series_sink(dir, grid, series, sharded)?,
            acc: None,
            completed: 0,
            failed: 0,
            failures: Vec::new(),
        })
    }

    /// Takes the next world's result (results must come in world order).
    pub fn accept(&mut self, r: WorldResult) -> Result<(), SweepError> {
        write_runs_row(&mut self.runs_file, self.grid, &r)?;
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

    /// Writes out every byte of the tables, to be put in place by [`publish`].
    pub fn stage(self) -> Result<Vec<Staged>, SweepError> {
        let mut files = vec![self.runs_file.stage()?];
        files.extend(self.series.stage()?);
        Ok(files)
    }
}

/// Puts a sweep's staged `tables` in place in `dir`, draws the figure from them when `figure`
/// (a shard has none), removes the files of an earlier sweep in `dir` that this one did not
/// write, and writes `sweep.json` last, recording every file's size and hash. The earlier
/// manifest goes first, so `dir` never shows a `sweep.json` beside files it does not describe.
/// Returns the paths written, the manifest last.
pub(crate) fn publish(
    dir: &Path,
    tables: Vec<Staged>,
    manifest: &mut SweepManifest,
    figure: bool,
) -> Result<Vec<PathBuf>, SweepError> {
    let json = dir.join(MANIFEST_FILE);
    remove_if_present(&json, "remove the earlier sweep's")?;
    let mut digests = Vec::with_capacity(tables.len() + 1);
    for file in tables {
        digests.push(file.persist()?);
    }
    if figure {
        digests.push(render_results(dir, manifest, &dir.join(FIGURE_FILE))?);
    }
    for stale in &ALL_FILES[..ALL_FILES.len() - 1] {
        if !digests.iter().any(|d| d.name == *stale) {
            remove_if_present(&dir.join(stale), "remove the earlier sweep's")?;
        }
    }
    let mut paths: Vec<PathBuf> = digests.iter().map(|d| dir.join(&d.name)).collect();
    paths.push(json.clone());
    manifest.files = digests;
    manifest.write(&json)?;
    Ok(paths)
}
