//! `merge`: joins the folders of `sweep --shard I/N` runs into exactly the files one unsharded
//! run writes.
//!
//! `sweep_runs.csv` is the shards' rows in shard order (shards are contiguous slices of the
//! worlds in world order). `sweep_series.csv` is the shards' rows in shard order, with the
//! statistics of each grid point that two or more shards split computed here from their raw
//! series (`sweep_series_partial.csv`) by the same code that computes them in a sweep, so
//! both files are byte-identical to an unsharded run's. The figure is drawn from the merged
//! files. `sweep.json` differs only in `wall_seconds` (the shards' sum), `jobs` (`null`) and
//! `merged_from`. Memory: one grid point's raw series at a time.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use grassroot_report::atomic::{AtomicFile, open};
use grassroot_report::manifest::MANIFEST_SCHEMA;
use grassroot_report::{OutputFolder, ReportError};

use crate::error::SweepError;
use crate::manifest::{FAILURES_LISTED, SweepManifest};
use crate::output::{ALL_FILES, SeriesSink, publish, series_sink};
use crate::stats::PointSeries;
use crate::sweep::SweepReport;
use crate::table::{CsvReader, MANIFEST_FILE, PARTIAL_FILE, RUNS_FILE, SERIES_FILE};

/// A shard folder and its manifest.
struct ShardDir {
    dir: PathBuf,
    manifest: SweepManifest,
    first: u64,
    end: u64,
}

/// Reads and checks the shard folders: one sweep, every shard exactly once.
fn read_shards(dirs: &[PathBuf]) -> Result<Vec<ShardDir>, SweepError> {
    if dirs.is_empty() {
        return Err(SweepError::bad("merge needs the shard folders to join")
            .with_fix("e.g. grassroot merge out/shard-* --out out/merged"));
    }
    let mut shards = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let manifest = SweepManifest::read(&dir.join(MANIFEST_FILE))?;
        let Some(info) = manifest.shard else {
            return Err(SweepError::bad(format!("{} holds a whole sweep, not a shard", dir.display()))
                .with_fix("merge only the folders of `grassroot sweep --shard I/N` runs"));
        };
        for file in [RUNS_FILE, SERIES_FILE, PARTIAL_FILE] {
            if !dir.join(file).is_file() {
                return Err(SweepError::bad(format!("{} has no {file}: the shard did not finish", dir.display()))
                    .with_fix(format!("run shard {}/{} again", info.index, info.count)));
            }
        }
        shards.push(ShardDir { dir: dir.clone(), first: info.first_world, end: info.end_world, manifest });
    }
    shards.sort_by_key(|s| s.manifest.shard.map(|i| i.index));
    let reference = &shards[0];
    let count = reference.manifest.shard.map_or(0, |i| i.count);
    for s in &shards {
        let m = &s.manifest;
        let differs = [
            ("program version", m.version != reference.manifest.version),
            ("scenario", m.scenario != reference.manifest.scenario),
            ("grid", m.grid != reference.manifest.grid),
            ("base seed", m.base_seed != reference.manifest.base_seed),
            ("series", m.series != reference.manifest.series),
            ("base parameters", m.base_params != reference.manifest.base_params),
            ("number of shards", m.shard.map(|i| i.count) != Some(count)),
        ];
        if let Some((what, _)) = differs.iter().find(|(_, d)| *d) {
            return Err(SweepError::bad(format!(
                "{} and {} are not shards of the same sweep: their {what} differs",
                reference.dir.display(),
                s.dir.display()
            ))
            .with_fix("merge the folders of one sweep, run with the same TOML, flags and version"));
        }
    }
    let indices: Vec<u64> = shards.iter().filter_map(|s| s.manifest.shard.map(|i| i.index)).collect();
    let twice = indices.windows(2).find(|w| w[0] == w[1]).map(|w| w[0]);
    let missing = (0..count).find(|i| indices.binary_search(i).is_err());
    let problem = match (twice, missing) {
        (Some(i), _) => Some(format!("shard {i}/{count} is given twice")),
        (None, Some(i)) => Some(format!("shard {i}/{count} is missing")),
        (None, None) => None,
    };
    if let Some(what) = problem {
        return Err(SweepError::bad(format!("cannot merge: {what} (got shards {indices:?} of {count})"))
            .with_fix("pass every shard folder exactly once"));
    }
    let mut expected = 0;
    for s in &shards {
        if s.first != expected || s.end < s.first {
            return Err(SweepError::bad(format!(
                "{}: its worlds {}..{} do not follow the previous shard's",
                s.dir.display(),
                s.first,
                s.end
            )));
        }
        expected = s.end;
    }
    if expected != reference.manifest.grid.worlds {
        return Err(SweepError::bad(format!(
            "the shards hold {expected} of {} worlds",
            reference.manifest.grid.worlds
        )));
    }
    Ok(shards)
}

fn io(path: &Path, e: std::io::Error) -> SweepError {
    SweepError::Report(grassroot_report::ReportError::io(path, "read", e))
}

/// Copies a CSV file without its header line into `out`.
fn copy_rows(
    path: &Path,
    header: &[u8],
    out: &mut dyn FnMut(&[u8]) -> Result<(), SweepError>,
) -> Result<(), SweepError> {
    let mut file = open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    let mut head = Vec::new();
    let mut in_header = true;
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
                            "{} has another header than the other shards",
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
        out(chunk)?;
    }
    Ok(())
}

/// Adds the raw series of `path` (grid points split between shards) to the accumulators:
/// rows of grid point `lead` go to `pending`, rows of `trail` to `next`.
fn read_partial(
    path: &Path,
    runs: u64,
    metrics: usize,
    pending: &mut Option<PointSeries>,
    next: &mut Option<PointSeries>,
) -> Result<(), SweepError> {
    let mut reader = CsvReader::new(open(path)?);
    let mut fields = Vec::new();
    reader.next_record(&mut fields).map_err(|e| io(path, e))?;
    let mut current: Option<(u64, u64)> = None;
    let mut values: Vec<f64> = Vec::new();
    let bad_row = |what: &str| SweepError::bad(format!("{}: {what}", path.display()));
    let mut add = |key: Option<(u64, u64)>, values: &mut Vec<f64>| -> Result<(), SweepError> {
        if let Some((g, run)) = key {
            let target = [pending.as_mut(), next.as_mut()].into_iter().flatten().find(|a| a.grid_point() == g);
            let Some(acc) = target else {
                return Err(bad_row(&format!("grid point {g} is not split at this shard's edges")));
            };
            acc.add(run, values).map_err(|e| bad_row(&e))?;
        }
        values.clear();
        Ok(())
    };
    while reader.next_record(&mut fields).map_err(|e| io(path, e))? {
        let num = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
        let (Some(g), Some(run)) = (num(0), num(1)) else {
            return Err(bad_row("a row without grid_point and run"));
        };
        if fields.len() != 3 + metrics || run >= runs {
            return Err(bad_row("a row of the wrong shape"));
        }
        if current != Some((g, run)) {
            add(current, &mut values)?;
            current = Some((g, run));
        }
        values.extend(
            fields[3..].iter().map(|f| if f.is_empty() { f64::NAN } else { f.parse::<f64>().unwrap_or(f64::NAN) }),
        );
    }
    add(current, &mut values)
}

/// Joins the shard folders `dirs` into `out`, writing the files one unsharded run writes.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<SweepReport, SweepError> {
    let started = Instant::now();
    let shards = read_shards(dirs)?;
    let out_abs = std::path::absolute(out).unwrap_or_else(|_| out.to_owned());
    for s in &shards {
        if std::path::absolute(&s.dir).unwrap_or_else(|_| s.dir.clone()) == out_abs {
            return Err(SweepError::bad(format!("--out {} is one of the shard folders", out.display()))
                .with_fix("merge into a new folder, e.g. --out merged"));
        }
    }
    let reference = shards[0].manifest.clone();
    let grid = reference.grid.to_grid();
    let runs = reference.grid.runs;
    let metrics = reference.series.len();
    let folder = OutputFolder::claim(out, &ALL_FILES).map_err(|e| match e {
        e @ ReportError::FolderInUse { .. } => SweepError::Report(e),
        other => SweepError::bad(other.to_string()),
    })?;

    let runs_header = crate::table::runs_header(&grid);
    let mut runs_file = AtomicFile::create_in_background(&out.join(RUNS_FILE))?;
    runs_file.write_chunk(runs_header.clone())?;
    let mut series: SeriesSink = series_sink(out, &grid, &reference.series, false)?;
    let series_header = crate::table::series_header(&grid, &reference.series);
    let mut pending: Option<PointSeries> = None;
    for s in &shards {
        copy_rows(&s.dir.join(RUNS_FILE), &runs_header, &mut |chunk| Ok(runs_file.write_chunk(chunk.to_vec())?))?;
        if s.first == s.end {
            continue;
        }
        let lead = (s.first % runs != 0).then_some(s.first / runs);
        let trail = (s.end % runs != 0).then_some((s.end - 1) / runs).filter(|t| Some(*t) != lead);
        if let Some(l) = lead
            && pending.as_ref().is_none_or(|p| p.grid_point() != l)
        {
            pending = Some(PointSeries::new(l, runs, metrics));
        }
        let mut next = trail.map(|t| PointSeries::new(t, runs, metrics));
        read_partial(&s.dir.join(PARTIAL_FILE), runs, metrics, &mut pending, &mut next)?;
        if let Some(l) = lead
            && (l + 1) * runs <= s.end
            && let Some(mut acc) = pending.take()
        {
            series.write_stats(&grid, &mut acc)?;
        }
        copy_rows(&s.dir.join(SERIES_FILE), &series_header, &mut |chunk| series.copy(chunk))?;
        if next.is_some() {
            pending = next;
        }
    }
    let mut staged = vec![runs_file.stage()?];
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
    drop(folder);
    Ok(SweepReport { manifest, dir: out.to_owned(), files, wall: started.elapsed() })
}
