//! `grassroot.sweep()` and the merge of its shards: the binary's [`Sweep`] over the grid, the
//! runs and the base parameters Python gives (or the `[sweep]` table of `config=`), with its
//! thread pool (`jobs`) and its bounded memory; its tables kept in memory by the sweep itself,
//! and its files written only into the caller's `out=`. [`merge`] is `grassroot merge`, whose
//! tables are read from the Parquet files it wrote.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use grassroot_sweep::table::{RUNS_PARQUET, SERIES_PARQUET};
use grassroot_sweep::{Grid, Shard, Sweep, SweepReport, expand_range, parse_sweep, seed_warning, swept_key_warnings};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::errors::Failure;
use crate::inputs::{AppSpec, Inputs, RoleArg, roles_of};
use crate::tables::NativeTable;
use crate::watch::{Watch, supervise};

/// A finished sweep (or shard, or merge): its folder and files (none for a sweep kept in
/// memory only), its manifest, and its tables.
#[pyclass(frozen, module = "grassroot._core")]
pub struct SweepResult {
    dir: Option<PathBuf>,
    manifest: String,
    files: Vec<PathBuf>,
    warnings: Vec<String>,
    tables: Option<(Py<NativeTable>, Py<NativeTable>)>,
}

#[pymethods]
impl SweepResult {
    /// The folder that holds the sweep's files (`None` when it wrote none).
    #[getter]
    fn dir(&self) -> Option<PathBuf> {
        self.dir.clone()
    }

    /// `sweep.json`, as JSON text.
    #[getter]
    fn manifest_json(&self) -> &str {
        &self.manifest
    }

    /// The files written, `sweep.json` last.
    #[getter]
    fn files(&self) -> Vec<PathBuf> {
        self.files.clone()
    }

    /// Warnings the binary prints before a sweep (a value the grid replaces, a seed not used).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// The table `runs` (`sweep_runs`) or `series` (`sweep_series`): as the sweep kept it in
    /// memory, or, for a merge, read from its Parquet file; `None` if a merge wrote no Parquet.
    fn table(&self, py: Python<'_>, name: &str) -> PyResult<Option<Py<NativeTable>>> {
        let (file, kept) = match (name, &self.tables) {
            ("runs", kept) => (RUNS_PARQUET, kept.as_ref().map(|t| &t.0)),
            ("series", kept) => (SERIES_PARQUET, kept.as_ref().map(|t| &t.1)),
            (other, _) => {
                return Err(PyValueError::new_err(format!("no table {other:?}: the tables are runs and series")));
            }
        };
        if let Some(table) = kept {
            return Ok(Some(table.clone_ref(py)));
        }
        let Some(path) = self.dir.as_ref().map(|d| d.join(file)).filter(|p| self.files.contains(p)) else {
            return Ok(None);
        };
        let table = py.detach(|| NativeTable::read(&path)).map_err(|f| f.into_pyerr(py))?;
        Ok(Some(Py::new(py, table)?))
    }
}

impl SweepResult {
    fn new(py: Python<'_>, report: SweepReport, warnings: Vec<String>) -> PyResult<SweepResult> {
        let manifest = serde_json::to_string(&report.manifest).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        let tables = match report.tables {
            Some(t) => Some((Py::new(py, NativeTable::from(t.runs))?, Py::new(py, NativeTable::from(t.series))?)),
            None => None,
        };
        let dir = (!report.files.is_empty()).then_some(report.dir);
        Ok(SweepResult { dir, manifest, files: report.files, warnings, tables })
    }
}

/// One axis of a grid from Python: `(key, is_range, values)`; a range's values are
/// `[from, to, step]`.
type AxisArg = (String, bool, Vec<String>);

/// Everything a sweep is given, as text.
struct SweepJob {
    app: AppSpec,
    inputs: Inputs,
    grid: Option<Vec<AxisArg>>,
    runs: Option<u64>,
    series: Option<Vec<String>>,
    jobs: Option<usize>,
    shard: Option<(u64, u64)>,
    out: Option<PathBuf>,
    yes: bool,
    check_only: bool,
}

/// Runs a sweep (or, with `shard`, one shard of it; with `check_only`, only checks its input).
#[pyfunction]
#[pyo3(signature = (scenario, roles, config, shorthands, params, grid, runs, series, jobs, shard, out, yes, check_only, progress))]
#[expect(clippy::too_many_arguments, reason = "the Python signature, converted")]
pub fn sweep(
    py: Python<'_>,
    scenario: Option<String>,
    roles: Vec<RoleArg>,
    config: Option<PathBuf>,
    shorthands: Vec<(String, String, String)>,
    params: Vec<(String, String)>,
    grid: Option<Vec<AxisArg>>,
    runs: Option<u64>,
    series: Option<Vec<String>>,
    jobs: Option<usize>,
    shard: Option<(u64, u64)>,
    out: Option<PathBuf>,
    yes: bool,
    check_only: bool,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<Option<SweepResult>> {
    let job = SweepJob {
        app: AppSpec { scenario, roles: roles_of(roles) },
        inputs: Inputs { config, shorthands, params },
        grid,
        runs,
        series,
        jobs,
        shard,
        out,
        yes,
        check_only,
    };
    let watch = Arc::new(Watch::default());
    let watched = supervise(py, &watch, progress.as_ref(), None, move |w| run_sweep(job, w));
    if let Some(e) = watched.interrupt {
        return Err(e);
    }
    match watched.result.map_err(|f| f.into_pyerr(py))? {
        Some((report, warnings)) => Ok(Some(SweepResult::new(py, report, warnings)?)),
        None => Ok(None),
    }
}

/// `grassroot merge`: joins shard folders `dirs` into `out`.
#[pyfunction]
pub fn merge(py: Python<'_>, dirs: Vec<PathBuf>, out: PathBuf) -> PyResult<SweepResult> {
    let watch = Arc::new(Watch::default());
    let watched = supervise(py, &watch, None, None, move |_| Ok(grassroot_sweep::merge(&dirs, &out)?));
    if let Some(e) = watched.interrupt {
        return Err(e);
    }
    SweepResult::new(py, watched.result.map_err(|f| f.into_pyerr(py))?, Vec::new())
}

/// The grid Python gave, ranges expanded exactly as a `[sweep]` table's.
fn grid_of(axes: &[AxisArg], app: &grassroot::App) -> Result<Grid, Failure> {
    let mut grid = Grid::new();
    for (key, is_range, values) in axes {
        let values = if *is_range {
            let at = format!("grid[{key:?}]");
            let Some(spec) = app.schema().spec(key) else {
                // Unknown keys are named by the sweep's own check of the grid.
                grid = grid.vary(key, values.iter().take(1).cloned());
                continue;
            };
            let [from, to, step] = values.as_slice() else {
                return Err(Failure::BadInput {
                    message: format!("{at}: a range has a from, a to and a step"),
                    fix: Some("write {\"from\": A, \"to\": B, \"step\": S}".to_owned()),
                });
            };
            expand_range(&at, &spec.kind, from, to, step)?
        } else {
            values.clone()
        };
        grid = grid.vary(key, values);
    }
    Ok(grid)
}

fn run_sweep(job: SweepJob, watch: &Arc<Watch>) -> Result<Option<(SweepReport, Vec<String>)>, Failure> {
    let app = job.app.app()?;
    let (base, file) = job.inputs.settings(&app, true)?;
    let table = match &file {
        Some(f) if f.sweep_table().is_some() => Some(parse_sweep(app.schema(), f)?),
        _ => None,
    };
    let (grid, spec) = match (&job.grid, table) {
        (Some(axes), table) => (grid_of(axes, &app)?, table),
        (None, Some(spec)) => (spec.grid.clone(), Some(spec)),
        (None, None) => {
            return Err(Failure::BadInput {
                message: "a sweep needs a grid: grid={...}, or config= naming a TOML file with a [sweep] table".into(),
                fix: Some("e.g. grassroot.sweep(grid={\"fee_rate\": [\"0.001\", \"0.003\"]}, runs=8)".into()),
            });
        }
    };
    let checked = grid.check(app.schema())?;
    let mut warnings = swept_key_warnings(&checked, &base)?;
    let runs = job.runs.or(spec.as_ref().map(|s| s.runs)).unwrap_or(1);
    let seed = match &spec {
        Some(s) => {
            warnings.extend(seed_warning(s, &base));
            s.base_seed(&base)
        }
        None => base.get_u64("SEED")?,
    };
    if job.check_only {
        return Ok(None);
    }
    // The tables are kept in memory; the files are written only into a folder of the caller's.
    let out = job.out.clone().unwrap_or_else(|| PathBuf::from("output"));
    let progress = Arc::clone(watch);
    let mut sweep = Sweep::new(grid)
        .files(job.out.is_some())
        .in_memory(true)
        .runs(runs)
        .seed(seed)
        .base(base)
        .out(&out)
        .yes(job.yes)
        .stop(Arc::clone(&watch.stop))
        .on_progress(move |p| {
            progress.total.store(p.total, Ordering::Relaxed);
            progress.done.store(p.done, Ordering::Relaxed);
        })
        .scenario(app.name())
        .rerun_with(app.run_command());
    if let Some(jobs) = job.jobs {
        sweep = sweep.jobs(jobs);
    }
    if let Some((index, count)) = job.shard {
        sweep = sweep.shard(Shard::new(index, count)?);
    }
    if let Some(series) = job.series {
        sweep = sweep.series(series);
    }
    let report = sweep.run(|settings| app.build(settings))?;
    Ok(Some((report, warnings)))
}
