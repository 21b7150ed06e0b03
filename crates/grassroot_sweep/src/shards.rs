//! What `merge` checks before it trusts a shard folder: nothing in it is read before its
//! `sweep.json` is; the manifest must record exactly the files of its format ([`shard_files`]), each with the size and
//! BLAKE3 hash it has on disk (truncated, edited or swapped files are named); the shards must be
//! one sweep's, each once, their world ranges without overlap or gap and each the slice
//! `--shard I/N` gives; and each `sweep_runs.csv` must hold its shard's worlds in order, with
//! their seeds and a status. Every problem of every folder is gathered into one message that
//! names the folder, the file, what differs and the shard to run again.

use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use grassroot_config::OutputFormat;
use grassroot_report::arrow::Counts;
use grassroot_report::check_files;
use grassroot_report::manifest::MANIFEST_SCHEMA;
use grassroot_report::parquet_file::read_batches;
use grassroot_report::verify::is_plain_name;

use crate::content::Expected;
use crate::error::SweepError;
use crate::manifest::{ShardInfo, SweepManifest};
use crate::seed::world_seed;
use crate::shard::Shard;
use crate::table::{
    COMPLETED, CsvFile, FAILED, MANIFEST_FILE, PARTIAL_FILE, RUNS_FILE, RUNS_PARQUET, SERIES_FILE, SERIES_PARQUET,
    runs_header,
};

/// The files a shard written in `format` writes, exactly those its `sweep.json` must record
/// (`sweep_series_partial.csv` is CSV in every format).
pub fn shard_files(format: OutputFormat) -> Vec<&'static str> {
    let mut files = Vec::new();
    if format.csv() {
        files.extend([RUNS_FILE, SERIES_FILE]);
    }
    if format.parquet() {
        files.extend([RUNS_PARQUET, SERIES_PARQUET]);
    }
    files.push(PARTIAL_FILE);
    files
}

/// What the user should pass to `merge`.
const PASS_SHARD_FOLDERS: &str = "pass the folders that `grassroot sweep --shard I/N --out DIR` wrote, one per shard";

/// A shard folder and its manifest, checked.
pub(crate) struct ShardDir {
    pub(crate) dir: PathBuf,
    pub(crate) manifest: SweepManifest,
    pub(crate) info: ShardInfo,
}

impl ShardDir {
    /// The shard's first world.
    pub(crate) fn first(&self) -> u64 {
        self.info.first_world
    }

    /// One past its last world.
    pub(crate) fn end(&self) -> u64 {
        self.info.end_world
    }

    /// The fix for a problem with this shard's files: run it again.
    pub(crate) fn rerun(&self) -> String {
        rerun(&self.dir, self.info.index, self.info.count)
    }
}

/// How to write shard `index`/`count` into `dir` again.
fn rerun(dir: &Path, index: u64, count: u64) -> String {
    format!(
        "run shard {index}/{count} again (grassroot sweep --config <the sweep's TOML> --shard {index}/{count} --out {})",
        dir.display()
    )
}

/// The problems found in the shard folders, gathered so that one message names them all.
#[derive(Default)]
struct Problems {
    lines: Vec<String>,
    fixes: Vec<String>,
}

impl Problems {
    fn add(&mut self, problem: String, fix: Option<String>) {
        self.lines.push(problem);
        if let Some(fix) = fix
            && !self.fixes.contains(&fix)
        {
            self.fixes.push(fix);
        }
    }

    fn add_error(&mut self, e: SweepError) {
        match e {
            SweepError::BadInput { problem, fix } => self.add(problem, fix),
            other => self.add(other.to_string(), None),
        }
    }

    /// Ok when there are none; else one bad-input error listing every problem and fix.
    fn into_result(self) -> Result<(), SweepError> {
        let problem = match self.lines.as_slice() {
            [] => return Ok(()),
            [one] => one.clone(),
            many => format!("cannot merge: {} problems in the shard folders:\n  - {}", many.len(), many.join("\n  - ")),
        };
        let error = SweepError::bad(problem);
        Err(if self.fixes.is_empty() { error } else { error.with_fix(self.fixes.join(";\n       ")) })
    }
}

/// One folder as given to `merge`, looked at before any of its CSV files is read.
#[derive(Default)]
struct Inspection {
    /// Its shard, when its manifest could be read.
    info: Option<ShardInfo>,
    /// The shard, when nothing is wrong with it.
    shard: Option<ShardDir>,
    /// It has no `sweep.json`.
    no_manifest: bool,
    problems: Vec<(String, Option<String>)>,
}

/// Checks that `dir` is a shard folder whose `sweep.json` records exactly the files a shard
/// writes, and that each is on disk with the recorded size and hash.
fn inspect(dir: &Path) -> Inspection {
    let mut out = Inspection::default();
    let shown = dir.display();
    let problem = match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => None,
        Ok(_) => Some((format!("'{shown}' is a file, not a shard folder"), PASS_SHARD_FOLDERS.to_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Some((format!("'{shown}' does not exist"), PASS_SHARD_FOLDERS.to_owned()))
        }
        Err(e) => Some((format!("cannot read '{shown}': {e}"), "check that this user may read the folder".to_owned())),
    };
    if let Some((text, fix)) = problem {
        out.problems.push((text, Some(fix)));
        return out;
    }
    let json = dir.join(MANIFEST_FILE);
    if std::fs::symlink_metadata(&json).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        out.no_manifest = true;
        return out;
    }
    let manifest = match SweepManifest::read(&json) {
        Ok(m) => m,
        Err(SweepError::BadInput { problem, fix }) => {
            out.problems.push((problem, fix));
            return out;
        }
        Err(other) => {
            out.problems.push((other.to_string(), None));
            return out;
        }
    };
    let Some(info) = manifest.shard else {
        out.problems.push((
            format!("'{shown}' holds a whole sweep, not a shard"),
            Some("merge only the folders of `grassroot sweep --shard I/N` runs".to_owned()),
        ));
        return out;
    };
    out.info = Some(info);
    let fix = rerun(dir, info.index, info.count);
    let json = json.display();
    if manifest.schema < MANIFEST_SCHEMA {
        out.problems.push((
            format!(
                "'{json}' was written by an older grassroot (manifest schema {}, this grassroot writes {MANIFEST_SCHEMA}): \
                 it records no sizes and hashes of the shard's files, so they cannot be checked",
                manifest.schema
            ),
            Some(format!("{fix} with this grassroot")),
        ));
        return out;
    }
    let mut listed = true;
    let expected = shard_files(manifest.output_format);
    for (i, f) in manifest.files.iter().enumerate() {
        let what = if !is_plain_name(&f.name) {
            format!("the file {:?}, which is not a plain file name: merge reads only the shard's own files", f.name)
        } else if !expected.contains(&f.name.as_str()) {
            format!("the file {:?}, which a shard does not write in OUTPUT_FORMAT={}", f.name, manifest.output_format)
        } else if manifest.files[..i].iter().any(|g| g.name == f.name) {
            format!("{} twice", f.name)
        } else {
            continue;
        };
        out.problems.push((format!("'{json}' lists {what}"), Some(fix.clone())));
        listed = false;
    }
    for name in expected {
        if !manifest.files.iter().any(|f| f.name == name) {
            out.problems.push((format!("'{json}' does not record {name}"), Some(fix.clone())));
            listed = false;
        }
    }
    if !listed {
        return out;
    }
    for p in check_files(dir, &manifest.files) {
        out.problems.push((format!("'{shown}': {p}"), Some(fix.clone())));
    }
    if out.problems.is_empty() {
        out.shard = Some(ShardDir { dir: dir.to_owned(), info, manifest });
    }
    out
}

/// Reads and checks the shard folders: every folder a shard's whose files are as its
/// `sweep.json` records them, one sweep, every shard exactly once, and in each
/// `sweep_runs.csv` exactly the worlds of its shard, in order.
pub(crate) fn read_shards(dirs: &[PathBuf]) -> Result<Vec<ShardDir>, SweepError> {
    if dirs.is_empty() {
        return Err(SweepError::bad("merge needs the shard folders to join")
            .with_fix("e.g. grassroot merge out/shard-* --out out/merged"));
    }
    let inspections: Vec<(&PathBuf, Inspection)> = dirs.iter().map(|d| (d, inspect(d))).collect();
    // A folder without sweep.json is the shard missing among the others', when only one is.
    let known: Vec<ShardInfo> = inspections.iter().filter_map(|(_, i)| i.info).collect();
    let count = known.first().map(|i| i.count).filter(|n| known.iter().all(|i| i.count == *n));
    let absent: Vec<u64> = match count {
        Some(n) if n == dirs.len() as u64 => (0..n).filter(|i| known.iter().all(|k| k.index != *i)).collect(),
        _ => Vec::new(),
    };
    let unnamed = inspections.iter().filter(|(_, i)| i.no_manifest).count();
    let mut problems = Problems::default();
    for (dir, inspection) in inspections.iter() {
        if inspection.no_manifest {
            let fix = match (absent.as_slice(), count) {
                ([index], Some(n)) if unnamed == 1 => rerun(dir, *index, n),
                _ => "run the shard whose folder this is again, or leave the folder out".to_owned(),
            };
            problems.add(
                format!(
                    "'{}' holds no {MANIFEST_FILE}: not a shard folder of a grassroot sweep, or the shard did not finish",
                    dir.display()
                ),
                Some(fix),
            );
        }
        for (text, fix) in &inspection.problems {
            problems.add(text.clone(), fix.clone());
        }
    }
    problems.into_result()?;
    let mut shards: Vec<ShardDir> = inspections.into_iter().filter_map(|(_, i)| i.shard).collect();
    shards.sort_by_key(|s| s.info.index);
    let Some(reference) = shards.first() else {
        return Err(SweepError::bad("merge found no shard folder").with_fix(PASS_SHARD_FOLDERS));
    };
    let count = reference.info.count;
    let format = reference.manifest.output_format;
    if let Some(other) = shards.iter().find(|s| s.manifest.output_format != format) {
        return Err(SweepError::bad(format!(
            "cannot merge shards written in different formats: '{}' holds OUTPUT_FORMAT={format} and '{}' \
             OUTPUT_FORMAT={}",
            reference.dir.display(),
            other.dir.display(),
            other.manifest.output_format
        ))
        .with_fix("run every shard with the same OUTPUT_FORMAT (csv, parquet or both), then merge them"));
    }
    for s in &shards {
        let m = &s.manifest;
        let differs = [
            ("program version", m.version != reference.manifest.version),
            ("scenario", m.scenario != reference.manifest.scenario),
            ("grid", m.grid != reference.manifest.grid),
            ("base seed", m.base_seed != reference.manifest.base_seed),
            ("series", m.series != reference.manifest.series),
            ("base parameters", m.base_params != reference.manifest.base_params),
            ("number of shards", s.info.count != count),
        ];
        if let Some((what, _)) = differs.iter().find(|(_, d)| *d) {
            return Err(SweepError::bad(format!(
                "'{}' and '{}' are not shards of the same sweep: their {what} differs",
                reference.dir.display(),
                s.dir.display()
            ))
            .with_fix("merge the folders of one sweep, run with the same TOML, flags and version"));
        }
    }
    check_grid(reference)?;
    let indices: Vec<u64> = shards.iter().map(|s| s.info.index).collect();
    if let Some(s) = shards.iter().find(|s| s.info.index >= count) {
        return Err(SweepError::bad(format!(
            "'{}' says it is shard {}/{count}, which does not exist: shard indices are 0..{count}",
            s.dir.join(MANIFEST_FILE).display(),
            s.info.index
        ))
        .with_fix("run that shard again; its sweep.json was edited or is not grassroot's"));
    }
    let twice = indices.windows(2).find(|w| w[0] == w[1]).map(|w| w[0]);
    // Sorted and without repeats: the first index out of place is the first missing.
    let missing = (0u64..).zip(&indices).find(|(i, x)| i != *x).map(|(i, _)| i).or_else(|| {
        let given = indices.len() as u64;
        (given < count).then_some(given)
    });
    let problem = match (twice, missing) {
        (Some(i), _) => Some(format!("shard {i}/{count} is given twice")),
        (None, Some(i)) => Some(format!("shard {i}/{count} is missing")),
        (None, None) => None,
    };
    if let Some(what) = problem {
        return Err(SweepError::bad(format!("cannot merge: {what} (got shards {indices:?} of {count})"))
            .with_fix("pass every shard folder exactly once"));
    }
    check_ranges(&shards)?;
    let header = runs_header(&reference.manifest.grid.to_grid());
    let mut problems = Problems::default();
    for s in &shards {
        if let Err(e) = check_runs_rows(s, &header) {
            problems.add_error(e.with_fix(s.rerun()));
        }
    }
    problems.into_result()?;
    Ok(shards)
}

/// The grid's numbers agree: at least one run, as many grid points as the axes make, and as
/// many worlds as grid points times runs (merge divides by them).
fn check_grid(reference: &ShardDir) -> Result<(), SweepError> {
    let g = &reference.manifest.grid;
    let points = reference.manifest.grid.to_grid().points();
    let problem = if g.runs == 0 {
        Some("it records 0 runs per grid point".to_owned())
    } else if points != u128::from(g.grid_points) {
        Some(format!("its grid's axes make {points} grid points, it records {}", g.grid_points))
    } else if g.grid_points.checked_mul(g.runs) != Some(g.worlds) {
        Some(format!("it records {} worlds, not {} grid points x {} runs", g.worlds, g.grid_points, g.runs))
    } else {
        None
    };
    match problem {
        Some(what) => Err(SweepError::bad(format!("'{}': {what}", reference.dir.join(MANIFEST_FILE).display()))
            .with_fix("run the shards again; their sweep.json was edited or is not grassroot's")),
        None => Ok(()),
    }
}

/// The shards' world ranges follow each other from world 0 to the last, without overlap or
/// gap, and each is the slice `--shard I/N` gives.
fn check_ranges(shards: &[ShardDir]) -> Result<(), SweepError> {
    let fix = "merge the folders of one sweep, each shard once; a shard whose sweep.json was edited must run again";
    let mut expected = 0;
    let mut previous: Option<&ShardDir> = None;
    for s in shards {
        let (dir, first, end) = (s.dir.display(), s.first(), s.end());
        let problem = if end < first {
            Some(format!("'{dir}' says it holds worlds {first}..{end}, which end before they start"))
        } else if first != expected {
            Some(match previous {
                Some(p) if first < expected => format!(
                    "'{}' holds worlds {}..{} and '{dir}' worlds {first}..{end}: they overlap at worlds {first}..{}",
                    p.dir.display(),
                    p.first(),
                    p.end(),
                    expected.min(end)
                ),
                Some(p) => format!(
                    "'{}' holds worlds {}..{} and '{dir}' worlds {first}..{end}: worlds {expected}..{first} are in no shard",
                    p.dir.display(),
                    p.first(),
                    p.end()
                ),
                None => {
                    format!("'{dir}', the first shard, holds worlds {first}..{end}: worlds 0..{first} are in no shard")
                }
            })
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(SweepError::bad(problem).with_fix(fix));
        }
        expected = end;
        previous = Some(s);
    }
    let Some(last) = previous else { return Ok(()) };
    let worlds = last.manifest.grid.worlds;
    if expected != worlds {
        let what = if expected < worlds {
            format!("worlds {expected}..{worlds} are in no shard")
        } else {
            format!("the sweep has only {worlds} worlds")
        };
        return Err(SweepError::bad(format!(
            "the last shard, '{}', ends at world {expected}: {what}",
            last.dir.display()
        ))
        .with_fix(fix));
    }
    for s in shards {
        let slice = Shard::new(s.info.index, s.info.count).map(|sh| sh.worlds(worlds));
        if slice.as_ref().ok() != Some(&(s.first()..s.end())) {
            let should = slice.map_or_else(|_| "no slice".to_owned(), |r| format!("worlds {}..{}", r.start, r.end));
            return Err(SweepError::bad(format!(
                "'{}' says shard {}/{} holds worlds {}..{}, but that shard of {worlds} worlds holds {should}",
                s.dir.join(MANIFEST_FILE).display(),
                s.info.index,
                s.info.count,
                s.first(),
                s.end()
            ))
            .with_fix(s.rerun()));
        }
    }
    Ok(())
}

/// One row of `sweep_runs` as the checks read it: grid point, run, seed, status.
struct RunRow<'a> {
    g: u64,
    run: u64,
    seed: u64,
    status: &'a [u8],
}

/// What is wrong with a row: the whole row, or one of its cells (by column name).
enum RowProblem {
    Row(String),
    Cell(&'static str, String),
}

/// Checks the rows of `sweep_runs` of shard `s` one at a time: they must be the worlds
/// `first..end` in order (`grid_point * runs + run`), each with its own seed and a status.
struct RunsCheck<'a> {
    s: &'a ShardDir,
    world: u64,
    completed: u64,
    failed: u64,
}

impl RunsCheck<'_> {
    fn row(&mut self, r: &RunRow<'_>) -> Result<(), RowProblem> {
        let s = self.s;
        let runs = s.manifest.grid.runs;
        let world = self.world;
        if world >= s.end() {
            return Err(RowProblem::Row(format!(
                "a row after the last world of the shard's {}..{}",
                s.first(),
                s.end()
            )));
        }
        if r.run >= runs {
            return Err(RowProblem::Cell("run", format!("is not a run of this sweep ({runs} runs per grid point)")));
        }
        let id = r.g.checked_mul(runs).and_then(|w| w.checked_add(r.run));
        if id != Some(world) {
            let found = id.map_or_else(|| "a world beyond the sweep".to_owned(), |w| format!("world {w}"));
            return Err(RowProblem::Row(format!(
                "{found} (grid point {}, run {}) where world {world} belongs: the shard holds worlds {}..{}, in order",
                r.g,
                r.run,
                s.first(),
                s.end()
            )));
        }
        let own = world_seed(s.manifest.base_seed, r.g, r.run);
        if r.seed != own {
            return Err(RowProblem::Cell("seed", format!("is not the seed of world {world}, {own}")));
        }
        match r.status {
            b if b == COMPLETED.as_bytes() => self.completed += 1,
            b if b == FAILED.as_bytes() => self.failed += 1,
            _ => return Err(RowProblem::Cell("status", format!("is neither {COMPLETED} nor {FAILED}"))),
        }
        self.world += 1;
        Ok(())
    }
}

/// Reads `sweep_runs` of shard `s` (the CSV when it has one, else the Parquet file) and checks
/// its rows ([`RunsCheck`]), their content ([`Expected`]) and its counts against `sweep.json`;
/// then the rows of its series.
fn check_runs_rows(s: &ShardDir, header: &[u8]) -> Result<(), SweepError> {
    let mut check = RunsCheck { s, world: s.first(), completed: 0, failed: 0 };
    let mut expected = Expected::new(&s.manifest, s.first(), s.end());
    let path = if s.manifest.output_format.csv() {
        check_runs_csv(s, header, &mut check, &mut expected)?
    } else {
        check_runs_parquet(s, &mut check, &mut expected)?
    };
    let (world, completed, failed) = (check.world, check.completed, check.failed);
    if world != s.end() {
        return Err(SweepError::bad(format!(
            "'{}' holds worlds {}..{world} of the shard's {}..{}: worlds {world}..{} are missing",
            path.display(),
            s.first(),
            s.first(),
            s.end(),
            s.end()
        )));
    }
    let m = &s.manifest;
    if (completed, failed) != (m.worlds_completed, m.worlds_failed) {
        return Err(SweepError::bad(format!(
            "'{}' records {} worlds completed and {} failed, but '{}' holds {completed} and {failed}",
            s.dir.join(MANIFEST_FILE).display(),
            m.worlds_completed,
            m.worlds_failed,
            path.display()
        )));
    }
    expected.check_series(&s.dir, s.manifest.output_format.csv())?;
    expected.check_partial(&s.dir)
}

/// [`check_runs_rows`] on `sweep_runs.csv`, record by record; returns its path.
fn check_runs_csv(
    s: &ShardDir,
    header: &[u8],
    check: &mut RunsCheck<'_>,
    expected: &mut Expected,
) -> Result<PathBuf, SweepError> {
    let axes = s.manifest.grid.axes.len();
    let path = s.dir.join(RUNS_FILE);
    let mut csv = CsvFile::open(&path)?;
    csv.expect_header(header)?;
    let column = |name: &str| match name {
        "run" => axes + 1,
        "seed" => axes + 2,
        _ => axes + 3,
    };
    while csv.next_record()? {
        let row = RunRow {
            g: csv.count(0)?,
            run: csv.count(axes + 1)?,
            seed: csv.count(axes + 2)?,
            status: csv.raw(axes + 3),
        };
        match check.row(&row) {
            Ok(()) => {}
            Err(RowProblem::Row(what)) => return Err(csv.bad_row(&what)),
            Err(RowProblem::Cell(name, what)) => return Err(csv.bad_cell(column(name), &what)),
        }
        let completed = csv.raw(axes + 3) == COMPLETED.as_bytes();
        expected.check_world_row(&csv, (row.g, row.run), axes + 3, completed)?;
    }
    Ok(path)
}

/// [`check_runs_rows`] on `sweep_runs.parquet`, batch by batch; returns its path.
fn check_runs_parquet(s: &ShardDir, check: &mut RunsCheck<'_>, expected: &mut Expected) -> Result<PathBuf, SweepError> {
    let path = s.dir.join(RUNS_PARQUET);
    let shown = path.display().to_string();
    let bad = |what: String| SweepError::bad(format!("'{shown}': {what}"));
    let reader = read_batches(&path, Some(&["grid_point", "run", "seed", "status", "steps"]))
        .map_err(|e| SweepError::bad(e.to_string()))?;
    let mut row_number = 0u64;
    for batch in reader {
        let batch = batch.map_err(|e| bad(format!("cannot be read: {e}")))?;
        let count = |i: usize| Counts::of(batch.column(i).as_ref());
        let (Some(g), Some(run), Some(seed), Some(steps)) = (count(0), count(1), count(2), count(4)) else {
            return Err(bad("grid_point, run, seed and steps are not columns of counts (Int64)".to_owned()));
        };
        let Some(status) = batch.column(3).as_dictionary_opt::<Int32Type>() else {
            return Err(bad("status is not a dictionary-encoded string".to_owned()));
        };
        let Some(names) = status.values().as_string_opt::<i32>() else {
            return Err(bad("status is not a dictionary-encoded string".to_owned()));
        };
        for i in 0..batch.num_rows() {
            row_number += 1;
            let name = status.key(i).map_or("", |k| names.value(k));
            let (Some(gi), Some(ri), Some(si)) = (g.get(i), run.get(i), seed.get(i)) else {
                return Err(bad(format!("row {row_number}: an empty or negative grid_point, run or seed")));
            };
            let row = RunRow { g: gi, run: ri, seed: si, status: name.as_bytes() };
            match check.row(&row) {
                Ok(()) => {}
                Err(RowProblem::Row(what)) => return Err(bad(format!("row {row_number}: {what}"))),
                Err(RowProblem::Cell(name, what)) => {
                    return Err(bad(format!(
                        "row {row_number}, column {name}: '{}' {what}",
                        match name {
                            "run" => row.run.to_string(),
                            "seed" => row.seed.to_string(),
                            _ => row.status.escape_ascii().to_string(),
                        }
                    )));
                }
            }
            if name == COMPLETED {
                let Some(steps) = steps.get(i) else {
                    return Err(bad(format!("row {row_number}, column steps: empty or negative")));
                };
                expected
                    .add_completed(row.g, row.run, steps)
                    .map_err(|what| bad(format!("row {row_number}, column steps: {what}")))?;
            }
        }
    }
    Ok(path)
}

pub(crate) fn io(path: &Path, e: std::io::Error) -> SweepError {
    SweepError::Report(grassroot_report::ReportError::io(path, "read", e))
}
