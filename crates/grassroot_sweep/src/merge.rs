//! `merge`: joins the folders of `sweep --shard I/N` runs into exactly the files one unsharded
//! run writes, once `shards.rs` has checked every one of them; `--out` is not touched
//! until every check passed.
//!
//! `sweep_runs` is the shards' rows in shard order (shards are contiguous slices of the
//! worlds in world order). `sweep_series` is the shards' rows in shard order, with the
//! statistics of each grid point that two or more shards split computed here from their raw
//! series (`sweep_series_partial.csv`) by the same code that computes them in a sweep, so
//! both files are byte-identical to an unsharded run's. The shards' format (their
//! `OUTPUT_FORMAT`, recorded in `sweep.json`; all shards must share it) is the merge's: CSV
//! rows are copied byte for byte, Parquet rows batch by batch into a writer that encodes the
//! same rows into the same bytes however they are split (see
//! `grassroot_report::parquet_file`). The figure is drawn from the merged
//! files. `sweep.json` differs only in `wall_seconds` (the shards' sum), `jobs` (`null`) and
//! `merged_from`. Memory: one grid point's raw series at a time. Cells are parsed by
//! [`CsvFile`]: one that does not parse names the file, line and column.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use arrow_array::RecordBatch;
use arrow_array::RecordBatchReader;
use arrow_schema::SchemaRef;
use grassroot_report::atomic::open;
use grassroot_report::folder::LOCK_FILE;
use grassroot_report::manifest::MANIFEST_SCHEMA;
use grassroot_report::parquet_file::read_batches;
use grassroot_report::{Dir, OutputFolder, ReadGuard, ReportError};

use crate::error::SweepError;
use crate::manifest::{FAILURES_LISTED, SweepManifest};
use crate::output::{ALL_FILES, SeriesSink, publish, runs_table, series_sink};
use crate::shards::{ShardDir, io, read_shards};
use crate::stats::PointSeries;
use crate::sweep::SweepReport;
use crate::table::{
    CsvFile, PARTIAL_FILE, RUNS_FILE, RUNS_PARQUET, SERIES_FILE, SERIES_PARQUET, partial_header, runs_header,
    runs_schema, series_schema,
};

/// Copies a CSV file without its header line into `out`, byte for byte. The header must be
/// `header`, and the file must end with a line break (its hash was checked, so it is whole;
/// this keeps a torn line of a forged file from running into the next shard's first row).
fn copy_rows(
    path: &Path,
    header: &[u8],
    out: &mut dyn FnMut(&[u8]) -> Result<(), SweepError>,
) -> Result<(), SweepError> {
    let mut file = open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    let mut head = Vec::new();
    let mut in_header = true;
    let mut last = b'\n';
    loop {
        let n = file.read(&mut buf).map_err(|e| io(path, e))?;
        if n == 0 {
            break;
        }
        let mut chunk = &buf[..n];
        if in_header {
            match chunk.iter().position(|b| *b == b'\n') {
                Some(i) => {
                    head.extend_from_slice(&chunk[..=i]);
                    chunk = &chunk[i + 1..];
                    in_header = false;
                    if head != header {
                        return Err(SweepError::bad(format!(
                            "'{}' line 1: another header than its sweep.json describes",
                            path.display()
                        )));
                    }
                }
                None => {
                    head.extend_from_slice(chunk);
                    continue;
                }
            }
        }
        if let Some(b) = chunk.last() {
            last = *b;
        }
        out(chunk)?;
    }
    if in_header {
        return Err(SweepError::bad(format!("'{}' has no whole header line", path.display())));
    }
    if last != b'\n' {
        return Err(SweepError::bad(format!(
            "'{}' does not end with a line break: its last line is torn",
            path.display()
        )));
    }
    Ok(())
}

/// Copies the rows of the Parquet file at `path` into `out`, batch by batch. Its columns must
/// be `schema`'s, with the same names and types (its hash was checked, so it is whole).
fn copy_batches(
    path: &Path,
    schema: &SchemaRef,
    out: &mut dyn FnMut(&RecordBatch) -> Result<(), SweepError>,
) -> Result<(), SweepError> {
    let reader = read_batches(path, None).map_err(|e| SweepError::bad(e.to_string()))?;
    let same = |found: &SchemaRef| {
        found.fields().len() == schema.fields().len()
            && found
                .fields()
                .iter()
                .zip(schema.fields())
                .all(|(a, b)| a.name() == b.name() && a.data_type() == b.data_type())
    };
    if !same(&reader.schema()) {
        return Err(SweepError::bad(format!(
            "'{}': its columns are not the ones its sweep.json describes",
            path.display()
        )));
    }
    for batch in reader {
        let batch = batch.map_err(|e| SweepError::bad(format!("cannot read '{}': {e}", path.display())))?;
        out(&batch)?;
    }
    Ok(())
}

/// Adds the raw series of `path` (grid points split between shards) to the accumulators:
/// rows of grid point `lead` go to `pending`, rows of `trail` to `next`. Every cell must parse
/// (an empty one is a missing value); each run's steps must come in order from 0.
fn read_partial(
    path: &Path,
    series: &[String],
    runs: u64,
    pending: &mut Option<PointSeries>,
    next: &mut Option<PointSeries>,
) -> Result<(), SweepError> {
    let mut csv = CsvFile::open(path)?;
    csv.expect_header(&partial_header(series))?;
    let metrics = series.len();
    let mut current: Option<(u64, u64)> = None;
    let mut step = 0u64;
    let mut values: Vec<f64> = Vec::new();
    let mut add = |csv: &CsvFile, key: Option<(u64, u64)>, values: &mut Vec<f64>| -> Result<(), SweepError> {
        if let Some((g, run)) = key {
            let target = [pending.as_mut(), next.as_mut()].into_iter().flatten().find(|a| a.grid_point() == g);
            let Some(acc) = target else {
                return Err(csv.bad_row(&format!("grid point {g} is not split at this shard's edges")));
            };
            acc.add(run, values).map_err(|e| csv.bad_row(&e))?;
        }
        values.clear();
        Ok(())
    };
    while csv.next_record()? {
        let (g, run) = (csv.count(0)?, csv.count(1)?);
        if run >= runs {
            return Err(csv.bad_cell(1, &format!("is not a run of this sweep ({runs} runs per grid point)")));
        }
        if current != Some((g, run)) {
            add(&csv, current, &mut values)?;
            current = Some((g, run));
            step = 0;
        }
        if csv.count(2)? != step {
            return Err(csv.bad_cell(2, &format!("is not the next step of grid point {g}, run {run}: {step}")));
        }
        step += 1;
        for i in 3..3 + metrics {
            values.push(csv.real(i)?.unwrap_or(f64::NAN));
        }
    }
    add(&csv, current, &mut values)
}

/// Joins the shard folders `dirs` into `out`, writing the files one unsharded run writes.
///
/// Every shard folder is checked first, before `out` is touched: its `sweep.json` must record
/// exactly the files a shard writes (`sweep_runs.csv`, `sweep_series.csv`,
/// `sweep_series_partial.csv`) with the size and hash they have on disk,
/// the shards must be one sweep's, each once, and each `sweep_runs.csv` must hold its shard's
/// worlds in order. A problem is bad input naming the folder, the file, what differs and the
/// shard to run again. A merge that fails later leaves no `out` folder it created.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<SweepReport, SweepError> {
    let started = Instant::now();
    // Held until the merge is written: no shard can be rewritten between its check and its read.
    let _reading = dirs
        .iter()
        .filter(|d| d.is_dir())
        .map(|d| ReadGuard::share(d))
        .collect::<Result<Vec<ReadGuard>, ReportError>>()
        .map_err(folder_error)?;
    let shards = read_shards(dirs)?;
    // The same folder by another path (a symbolic link, `a/../a`) too: the folder, not its name.
    if let Ok(out_dir) = Dir::open(out)
        && let Some(s) = shards.iter().find(|s| Dir::open(&s.dir).is_ok_and(|d| d.is(&out_dir)))
    {
        return Err(SweepError::bad(format!(
            "--out {} is the shard folder '{}': a merge never writes into its shards",
            out.display(),
            s.dir.display()
        ))
        .with_fix("merge into a new folder, e.g. --out merged"));
    }
    let created = std::fs::symlink_metadata(out).is_err();
    let folder = OutputFolder::claim(out, &ALL_FILES).map_err(SweepError::from_folder)?;
    let written = write_merged(&shards, folder);
    if written.is_err() && created {
        // Only what the claim made: the lock file, then the folder if nothing else is in it.
        let _ = std::fs::remove_file(out.join(LOCK_FILE));
        let _ = std::fs::remove_dir(out);
    }
    let (manifest, files) = written?;
    Ok(SweepReport { manifest, dir: out.to_owned(), files, tables: None, wall: started.elapsed() })
}

/// A folder `merge` cannot hold: one in use by another process keeps its own error (exit 75);
/// any other problem is bad input.
fn folder_error(e: ReportError) -> SweepError {
    match e {
        e @ ReportError::FolderInUse { .. } => SweepError::Report(e),
        other => SweepError::bad(other.to_string()),
    }
}

/// Writes the merged files of the checked `shards` into the claimed folder `out`.
fn write_merged(shards: &[ShardDir], out: OutputFolder) -> Result<(SweepManifest, Vec<PathBuf>), SweepError> {
    let reference = shards[0].manifest.clone();
    let grid = reference.grid.to_grid();
    let runs = reference.grid.runs;
    let metrics = reference.series.len();

    let format = reference.output_format;
    let runs_header = runs_header(&grid);
    let mut runs_file = runs_table(Some(out.dir()), &grid, format)?;
    let mut series: SeriesSink = series_sink(Some(out.dir()), &grid, &reference.series, false, format)?;
    let series_header = crate::table::series_header(&grid, &reference.series);
    let (runs_schema, series_schema) = (runs_schema(&grid), series_schema(&grid, &reference.series));
    let mut pending: Option<PointSeries> = None;
    for s in shards {
        let again = |e: SweepError| e.with_fix(s.rerun());
        if format.csv() {
            copy_rows(&s.dir.join(RUNS_FILE), &runs_header, &mut |chunk| runs_file.copy_csv(chunk)).map_err(again)?;
        }
        if format.parquet() {
            copy_batches(&s.dir.join(RUNS_PARQUET), &runs_schema, &mut |b| runs_file.copy_batch(b)).map_err(again)?;
        }
        if s.first() == s.end() {
            continue;
        }
        let lead = (s.first() % runs != 0).then_some(s.first() / runs);
        let trail = (s.end() % runs != 0).then_some((s.end() - 1) / runs).filter(|t| Some(*t) != lead);
        if let Some(l) = lead
            && pending.as_ref().is_none_or(|p| p.grid_point() != l)
        {
            pending = Some(PointSeries::new(l, runs, metrics));
        }
        let mut next = trail.map(|t| PointSeries::new(t, runs, metrics));
        read_partial(&s.dir.join(PARTIAL_FILE), &reference.series, runs, &mut pending, &mut next).map_err(again)?;
        if let Some(l) = lead
            && (l + 1) * runs <= s.end()
            && let Some(mut acc) = pending.take()
        {
            series.write_stats(&grid, &mut acc)?;
        }
        if format.csv() {
            copy_rows(&s.dir.join(SERIES_FILE), &series_header, &mut |chunk| series.table().copy_csv(chunk))
                .map_err(again)?;
        }
        if format.parquet() {
            copy_batches(&s.dir.join(SERIES_PARQUET), &series_schema, &mut |b| series.table().copy_batch(b))
                .map_err(again)?;
        }
        if next.is_some() {
            pending = next;
        }
    }
    let mut staged = runs_file.stage()?;
    staged.extend(series.stage()?);

    let mut failures: Vec<_> = shards.iter().flat_map(|s| s.manifest.failures.iter().cloned()).collect();
    failures.sort_by_key(|f| f.world);
    failures.truncate(FAILURES_LISTED);
    let mut manifest = SweepManifest {
        shard: None,
        merged_from: shards.iter().map(|s| s.dir.display().to_string()).collect(),
        worlds_completed: shards.iter().map(|s| s.manifest.worlds_completed).sum(),
        worlds_failed: shards.iter().map(|s| s.manifest.worlds_failed).sum(),
        failures,
        files: Vec::new(),
        jobs: None,
        wall_seconds: shards.iter().map(|s| s.manifest.wall_seconds).sum(),
        schema: MANIFEST_SCHEMA,
        ..reference
    };
    let files = publish(out, staged, &mut manifest, true)?;
    Ok((manifest, files))
}
