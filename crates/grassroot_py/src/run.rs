//! `grassroot.run()`: one simulation, exactly as the binary runs it — the same `App`, the same
//! settings layers, the same runner and run driver, the same recorder when `out=` is given, and
//! the Arrow tables as one more sink — on a thread of its own while Python waits with the GIL
//! released; and `Run.write(dir)`, the binary's files.
//!
//! `write(dir)` runs the world again from its recorded settings (the engine is deterministic:
//! the same settings and seed give the same steps) for the steps the run completed, through the
//! binary's [`Recorder`], and checks that its last metric row is the run's. So the files are
//! the binary's own bytes, not a second rendering of the tables.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use grassroot::runner::{RunError, RunOptions, Sinks, run_into};
use grassroot_config::Settings;
use grassroot_report::arrow::RunBatches;
use grassroot_report::{Manifest, ReportError, RowChannel};
use grassroot_sim::{Simulation, Sink, Value};
use pyo3::prelude::*;

use crate::errors::Failure;
use crate::inputs::{AppSpec, Inputs, RoleArg, python, roles_of};
use crate::rows::RowFeed;
use crate::tables::NativeTable;
use crate::watch::{Watch, supervise};

/// What a run needs to be run again: the program, every resolved setting, how far it went.
#[derive(Clone, Debug)]
struct Replay {
    app: AppSpec,
    pairs: Vec<(String, String)>,
    steps: u64,
    last_row: Vec<Value>,
}

/// A finished run, as the native module hands it to `grassroot.Run`.
#[pyclass(frozen, module = "grassroot._core")]
pub struct RunResult {
    manifest: String,
    replay: Replay,
    series: Py<NativeTable>,
    transactions: Option<Py<NativeTable>>,
}

/// What the worker thread hands back; made a [`RunResult`] with the GIL.
struct RunDone {
    manifest: String,
    replay: Replay,
    series: NativeTable,
    transactions: Option<NativeTable>,
}

impl RunDone {
    fn into_result(self, py: Python<'_>) -> PyResult<RunResult> {
        Ok(RunResult {
            manifest: self.manifest,
            replay: self.replay,
            series: Py::new(py, self.series)?,
            transactions: self.transactions.map(|t| Py::new(py, t)).transpose()?,
        })
    }
}

#[pymethods]
impl RunResult {
    /// The run's `run.json` (as the binary writes it; `files` is empty unless `out=` was
    /// given), as JSON text.
    #[getter]
    fn manifest_json(&self) -> &str {
        &self.manifest
    }

    /// `simulation_data`: one row per step.
    #[getter]
    fn series(&self, py: Python<'_>) -> Py<NativeTable> {
        self.series.clone_ref(py)
    }

    /// `transaction_history`: one row per transaction (`None` without a transaction log).
    #[getter]
    fn transactions(&self, py: Python<'_>) -> Option<Py<NativeTable>> {
        self.transactions.as_ref().map(|t| t.clone_ref(py))
    }

    /// Writes the binary's files of this run into `dir` and returns their `run.json` as JSON
    /// text (see the module doc).
    #[pyo3(signature = (dir, progress=None))]
    fn write(&self, py: Python<'_>, dir: PathBuf, progress: Option<Bound<'_, PyAny>>) -> PyResult<String> {
        let watch = Arc::new(Watch::default());
        let replay = self.replay.clone();
        let watched = supervise(py, &watch, progress.as_ref(), None, move |w| write_again(&replay, &dir, w));
        finish(py, watched.result.map(|m| to_json(&m)), watched.interrupt)?
    }
}

/// Runs one simulation (its rows handed to `on_row` as it goes, when given). Every value comes
/// as text, already converted by the Python package.
#[pyfunction]
#[pyo3(signature = (scenario, roles, config, shorthands, params, out, progress, on_row=None))]
#[expect(clippy::too_many_arguments, reason = "the Python signature, converted")]
pub fn run(
    py: Python<'_>,
    scenario: Option<String>,
    roles: Vec<RoleArg>,
    config: Option<PathBuf>,
    shorthands: Vec<(String, String, String)>,
    params: Vec<(String, String)>,
    out: Option<PathBuf>,
    progress: Option<Bound<'_, PyAny>>,
    on_row: Option<Py<PyAny>>,
) -> PyResult<RunResult> {
    let app = AppSpec { scenario, roles: roles_of(roles) };
    let mut shorthands = shorthands;
    if let Some(dir) = &out {
        shorthands.push(("out".to_owned(), "OUTPUT_DIR".to_owned(), dir.display().to_string()));
    }
    let inputs = Inputs { config, shorthands, params };
    let watch = Arc::new(Watch::default());
    let (channel, mut feed) = on_row.map(RowFeed::new).unzip();
    let watched = supervise(py, &watch, progress.as_ref(), feed.as_mut(), move |w| {
        run_once(&app, &inputs, out.is_some(), channel, w)
    });
    finish(py, watched.result, watched.interrupt)??.into_result(py)
}

/// The result, or its failure as an exception; a Ctrl-C that stopped the work is raised
/// after the work stopped (its outputs written as `interrupted`).
fn finish<T>(py: Python<'_>, result: Result<T, Failure>, interrupt: Option<PyErr>) -> PyResult<PyResult<T>> {
    if let Some(e) = interrupt {
        return Err(e);
    }
    Ok(result.map_err(|f| f.into_pyerr(py)))
}

fn to_json(manifest: &Manifest) -> String {
    serde_json::to_string(manifest).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Builds and runs the world on this (worker) thread, into its Arrow tables (and the
/// binary's files when `to_files`).
fn run_once(
    spec: &AppSpec,
    inputs: &Inputs,
    to_files: bool,
    channel: Option<RowChannel>,
    watch: &Watch,
) -> Result<RunDone, Failure> {
    let app = spec.app()?;
    let (settings, _) = inputs.settings(&app, false)?;
    let params = settings.params()?;
    let mut sim = app.build_for_arrow(&settings)?;
    let mut tables = RunBatches::new(&sim, params.tx_log);
    let mut channel = channel;
    let mut sinks: Vec<&mut dyn Sink> = vec![&mut tables];
    if let Some(channel) = channel.as_mut() {
        sinks.push(channel);
    }
    let sinks = Sinks { files: to_files, sinks, ..watched(watch) };
    let manifest = drive(&app, &settings, &mut sim, sinks, watch)?;
    let replay = Replay {
        app: spec.clone(),
        pairs: settings.to_pairs(),
        steps: manifest.steps_completed,
        last_row: sim.metrics().values().to_vec(),
    };
    let tables = tables.finish().map_err(|e| Failure::Failed(e.to_string()))?;
    let series = NativeTable::from(tables.series);
    let transactions = tables.transactions.map(NativeTable::from);
    Ok(RunDone { manifest: to_json(&manifest), replay, series, transactions })
}

/// The binary's files and progress, reported to `watch`.
fn watched(watch: &Watch) -> Sinks<'_> {
    Sinks {
        on_progress: Some(Box::new(|done, total| {
            watch.total.store(total, Ordering::Relaxed);
            watch.done.store(done, Ordering::Relaxed);
        })),
        ..Sinks::default()
    }
}

/// Runs `sim` through the binary's runner (the run driver) into `sinks`, stopped by `watch`;
/// returns its manifest. Errors are worded as the binary words them.
fn drive(
    app: &grassroot::App,
    settings: &Settings,
    sim: &mut Simulation,
    sinks: Sinks<'_>,
    watch: &Watch,
) -> Result<Manifest, Failure> {
    let params = sim.params().clone();
    let options = RunOptions {
        record: app.record_options(settings, &params)?,
        output_dir: settings.outputs()?.dir,
        progress: false,
        stop: Some(Arc::clone(&watch.stop)),
    };
    match run_into(sim, &options, sinks) {
        Ok(report) => Ok(report.written.manifest),
        Err(RunError::OutputDir(e @ (ReportError::NotADirectory(_) | ReportError::FolderInUse { .. }))) => {
            Err(Failure::Failed(e.to_string()))
        }
        Err(RunError::OutputDir(e)) if e.is_bad_input() => Err(Failure::BadInput {
            message: format!("OUTPUT_DIR: {e}"),
            fix: Some("choose a folder this user can create and write, with out=DIR".to_owned()),
        }),
        // A full disk, a failing device: not the arguments' fault.
        Err(RunError::OutputDir(e)) => Err(Failure::Failed(e.to_string())),
        Err(RunError::Report(e)) => Err(e.into()),
        Err(e @ RunError::Sink(_)) => Err(Failure::Failed(e.to_string())),
    }
}

/// Runs the world of `replay` again into `dir` with the binary's recorder, for the steps the
/// run computed.
fn write_again(replay: &Replay, dir: &std::path::Path, watch: &Watch) -> Result<Manifest, Failure> {
    let app = replay.app.app()?;
    let recorded = Settings::from_pairs(app.schema(), replay.pairs.iter().cloned())?;
    let settings =
        recorded.with_values([("OUTPUT_DIR", dir.display().to_string(), python("dir"))]).map_err(Failure::Config)?;
    let mut sim = app.build(&settings)?;
    let sinks = Sinks { steps: Some(replay.steps), ..watched(watch) };
    let manifest = drive(&app, &settings, &mut sim, sinks, watch)?;
    if watch.stopped() {
        return Err(Failure::Interrupted);
    }
    if manifest.steps_completed < replay.steps {
        return Err(Failure::Failed(format!(
            "the run could not be repeated: step {} failed this time",
            manifest.steps_completed.saturating_sub(1)
        )));
    }
    if !same_row(sim.metrics().values(), &replay.last_row) {
        return Err(Failure::Failed(format!(
            "the run could not be repeated: its step {} differs (a bug: please report it)",
            replay.steps.saturating_sub(1)
        )));
    }
    Ok(manifest)
}

/// Two metric rows are the same, NaN for NaN.
fn same_row(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Value::F64(x), Value::F64(y)) => x.to_bits() == y.to_bits(),
            _ => x == y,
        })
}
