//! `grassroot.sweep()` and the merge of its shards: the binary's [`Sweep`] over the grid, the
//! runs and the base parameters Python gives (or the `[sweep]` table of `config=`), with its
//! thread pool (`jobs`), its bounded memory and its files, written into `out=` or a private
//! temporary folder that lives as long as the result; [`merge`] is `grassroot merge`. The
//! tables are read back from the sweep's Parquet files (`OUTPUT_FORMAT=parquet` in a private
//! folder, `both` in the caller's `out=` unless it asks for Parquet itself).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use grassroot_config::OutputFormat;
use grassroot_sweep::table::{RUNS_PARQUET, SERIES_PARQUET};
use grassroot_sweep::{Grid, Shard, Sweep, SweepReport, expand_range, parse_sweep, seed_warning, swept_key_warnings};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use tempfile::TempDir;

use crate::errors::Failure;
use crate::inputs::{AppSpec, Inputs, RoleArg, roles_of};
use crate::tables::NativeTable;
use crate::watch::{Watch, supervise};

/// A finished sweep (or shard, or merge): its folder and manifest.
#[pyclass(frozen, module = "grassroot._core")]
pub struct SweepResult {
    dir: PathBuf,
    manifest: String,
    files: Vec<PathBuf>,
    warnings: Vec<String>,
    _temp: Option<TempDir>,
}

#[pymethods]
impl SweepResult {
    /// The folder that holds the sweep's files.
    #[getter]
    fn dir(&self) -> PathBuf {
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

    /// The table `runs` (`sweep_runs.parquet`) or `series` (`sweep_series.parquet`), read
    /// from the sweep's folder; `None` if the sweep wrote no Parquet.
    fn table(&self, py: Python<'_>, name: &str) -> PyResult<Option<Py<NativeTable>>> {
        let file = match name {
            "runs" => RUNS_PARQUET,
            "series" => SERIES_PARQUET,
            other => return Err(PyValueError::new_err(format!("no table {other:?}: the tables are runs and series"))),
        };
        let path = self.dir.join(file);
        if !self.files.contains(&path) {
            return Ok(None);
        }
        let table = py.detach(|| NativeTable::read(&path)).map_err(|f| f.into_pyerr(py))?;
        Ok(Some(Py::new(py, table)?))
    }
}

impl SweepResult {
    fn new(report: SweepReport, warnings: Vec<String>, temp: Option<TempDir>) -> SweepResult {
        let manifest = serde_json::to_string(&report.manifest).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        SweepResult { dir: report.dir, manifest, files: report.files, warnings, _temp: temp }
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
    scenario: String,
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
    let watched = supervise(py, &watch, progress.as_ref(), move |w| run_sweep(job, w));
    if let Some(e) = watched.interrupt {
        return Err(e);
    }
    watched.result.map_err(|f| f.into_pyerr(py))
}

/// `grassroot merge`: joins shard folders `dirs` into `out`.
#[pyfunction]
pub fn merge(py: Python<'_>, dirs: Vec<PathBuf>, out: PathBuf) -> PyResult<SweepResult> {
    let watch = Arc::new(Watch::default());
    let watched = supervise(py, &watch, None, move |_| {
        Ok(SweepResult::new(grassroot_sweep::merge(&dirs, &out)?, Vec::new(), None))
    });
    if let Some(e) = watched.interrupt {
        return Err(e);
    }
    watched.result.map_err(|f| f.into_pyerr(py))
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

fn run_sweep(job: SweepJob, watch: &Arc<Watch>) -> Result<Option<SweepResult>, Failure> {
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
    let temp =
        match &job.out {
            Some(_) => None,
            None => Some(tempfile::Builder::new().prefix("grassroot-sweep-").tempdir().map_err(|e| {
                Failure::Failed(format!("cannot create a temporary folder for the sweep's files: {e}"))
            })?),
        };
    let out = match (&job.out, &temp) {
        (Some(o), _) => o.clone(),
        (None, Some(t)) => t.path().to_owned(),
        (None, None) => PathBuf::from("output"),
    };
    // The tables are read from the Parquet files: a private folder holds only those; a
    // folder of the caller's gets them beside the CSVs its OUTPUT_FORMAT asks for.
    let format = match base.outputs()?.format {
        f if f.parquet() => f,
        _ if job.out.is_some() => OutputFormat::Both,
        _ => OutputFormat::Parquet,
    };
    let progress = Arc::clone(watch);
    let mut sweep = Sweep::new(grid)
        .output_format(format)
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
        .rerun_with(match job.app.scenario.as_str() {
            "seed" => "grassroot run".to_owned(),
            other => format!("grassroot run --scenario {other}"),
        });
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
    Ok(Some(SweepResult::new(report, warnings, temp)))
}
