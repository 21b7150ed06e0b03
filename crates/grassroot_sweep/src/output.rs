//! The ordered writer of a sweep's tables: receives world results in world order, writes
//! `sweep_runs.csv` rows as they come, and the statistics of a grid point to `sweep_series.csv`
//! as soon as its last run is in — or, for a grid point split between shards, its raw series to
//! `sweep_series_partial.csv` for the merge. Files become visible only on [`Tables::commit`].

use std::ops::Range;
use std::path::{Path, PathBuf};

use grassroot_report::atomic::AtomicFile;

use crate::error::SweepError;
use crate::grid::Grid;
use crate::manifest::FAILURES_LISTED;
use crate::stats::PointSeries;
use crate::table::{
    PARTIAL_FILE, RUNS_FILE, SERIES_FILE, partial_header, push_partial_row, push_runs_row, push_series_row,
    runs_header, series_header,
};
use crate::world::{WorldId, WorldResult};

/// Bytes gathered before they are handed to a file.
const CHUNK: usize = 1 << 20;

/// A series-file writer: statistics rows, or raw rows for a split grid point.
pub(crate) struct SeriesSink {
    series: AtomicFile,
    partial: Option<AtomicFile>,
    buf: Vec<u8>,
    raw: Vec<u8>,
}

impl SeriesSink {
    /// Writes the statistics of a whole grid point (nothing if no run completed).
    pub fn write_stats(&mut self, grid: &Grid, acc: &mut PointSeries) -> Result<(), SweepError> {
        let runs = acc.completed_runs();
        if runs == 0 {
            return Ok(());
        }
        let g = acc.grid_point();
        let buf = &mut self.buf;
        let mut result = Ok(());
        let series = &mut self.series;
        acc.summaries(|step, stats| {
            push_series_row(buf, grid, g, step, runs, stats);
            if buf.len() >= CHUNK && result.is_ok() {
                result = series.write_chunk(std::mem::take(buf));
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
        let raw = &mut self.raw;
        let mut result = Ok(());
        acc.raw(|run, step, values| {
            push_partial_row(raw, g, run, step, values);
            if raw.len() >= CHUNK && result.is_ok() {
                result = partial.write_chunk(std::mem::take(raw));
            }
        })
        .map_err(SweepError::bad)?;
        result.map_err(SweepError::from)
    }

    /// Copies rows verbatim into the series file.
    pub fn copy(&mut self, bytes: &[u8]) -> Result<(), SweepError> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK {
            self.series.write_chunk(std::mem::take(&mut self.buf))?;
        }
        Ok(())
    }

    /// Flushes and renames the files into place.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, SweepError> {
        let mut files = Vec::new();
        self.series.write_chunk(std::mem::take(&mut self.buf))?;
        files.push(self.series.commit()?);
        if let Some(mut p) = self.partial {
            p.write_chunk(std::mem::take(&mut self.raw))?;
            files.push(p.commit()?);
        }
        Ok(files)
    }
}

/// Starts `sweep_series.csv` (and `sweep_series_partial.csv` when `partial`) in `dir`.
pub(crate) fn series_sink(dir: &Path, grid: &Grid, series: &[String], partial: bool) -> Result<SeriesSink, SweepError> {
    let mut file = AtomicFile::create_in_background(&dir.join(SERIES_FILE))?;
    file.write_chunk(series_header(grid, series))?;
    let partial = if partial {
        let mut p = AtomicFile::create_in_background(&dir.join(PARTIAL_FILE))?;
        p.write_chunk(partial_header(series))?;
        Some(p)
    } else {
        None
    };
    Ok(SeriesSink { series: file, partial, buf: Vec::with_capacity(CHUNK), raw: Vec::new() })
}

/// The tables of one sweep or shard, written as results arrive in world order.
pub(crate) struct Tables<'a> {
    grid: &'a Grid,
    runs: u64,
    worlds: Range<u64>,
    metrics: usize,
    runs_file: AtomicFile,
    runs_buf: Vec<u8>,
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
        let mut runs_file = AtomicFile::create_in_background(&dir.join(RUNS_FILE))?;
        runs_file.write_chunk(runs_header(grid))?;
        Ok(Tables {
            grid,
            runs,
            worlds,
            metrics: series.len(),
            runs_file,
            runs_buf: Vec::with_capacity(CHUNK),
            series: series_sink(dir, grid, series, sharded)?,
            acc: None,
            completed: 0,
            failed: 0,
            failures: Vec::new(),
        })
    }

    /// Takes the next world's result (results must come in world order).
    pub fn accept(&mut self, r: WorldResult) -> Result<(), SweepError> {
        push_runs_row(&mut self.runs_buf, self.grid, &r);
        if self.runs_buf.len() >= CHUNK {
            self.runs_file.write_chunk(std::mem::take(&mut self.runs_buf))?;
        }
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

    /// Flushes and renames the tables into place; returns their paths.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, SweepError> {
        self.runs_file.write_chunk(std::mem::take(&mut self.runs_buf))?;
        let mut files = vec![self.runs_file.commit()?];
        files.extend(self.series.commit()?);
        Ok(files)
    }
}
