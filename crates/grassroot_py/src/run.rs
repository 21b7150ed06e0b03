//! `grassroot.run()`: one simulation, exactly as the binary runs it — the same `App`, the same
//! settings layers, the same recorder when `out=` is given — stepped on a thread of its own
//! while Python waits with the GIL released; and `Run.write(dir)`, the binary's files.
//!
//! `write(dir)` runs the world again from its recorded settings (the engine is deterministic:
//! the same settings and seed give the same steps) for the steps the run completed, through the
//! binary's [`Recorder`], and checks that its last metric row is the run's. So the files are
//! the binary's own bytes, not a second rendering of the tables.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use grassroot_config::Settings;
use grassroot_report::manifest::MANIFEST_SCHEMA;
use grassroot_report::{Manifest, Outcome, Recorder, ReportError};
use grassroot_sim::{Simulation, Value};
use pyo3::prelude::*;

use crate::errors::Failure;
use crate::inputs::{AppSpec, Inputs, RoleArg, python, roles_of};
use crate::tables::{NativeTable, RunTables};
use crate::watch::{Watch, supervise};

/// What a run needs to be run again: the program, every resolved setting, how far it went.
#[derive(Clone, Debug)]
struct Replay {
    app: AppSpec,
    pairs: Vec<(String, String)>,
    steps: u64,
    outcome: Outcome,
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
        let watched = supervise(py, &watch, progress.as_ref(), move |w| write_again(&replay, &dir, w));
        finish(py, watched.result.map(|m| to_json(&m)), watched.interrupt)?
    }
}

/// Runs one simulation. Every value comes as text, already converted by the Python package.
#[pyfunction]
#[pyo3(signature = (scenario, roles, config, shorthands, params, out, progress))]
#[expect(clippy::too_many_arguments, reason = "the Python signature, converted")]
pub fn run(
    py: Python<'_>,
    scenario: String,
    roles: Vec<RoleArg>,
    config: Option<PathBuf>,
    shorthands: Vec<(String, String, String)>,
    params: Vec<(String, String)>,
    out: Option<PathBuf>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<RunResult> {
    let app = AppSpec { scenario, roles: roles_of(roles) };
    let mut shorthands = shorthands;
    if let Some(dir) = &out {
        shorthands.push(("out".to_owned(), "OUTPUT_DIR".to_owned(), dir.display().to_string()));
    }
    let inputs = Inputs { config, shorthands, params };
    let watch = Arc::new(Watch::default());
    let watched = supervise(py, &watch, progress.as_ref(), move |w| run_once(&app, &inputs, out.is_some(), w));
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

/// Builds and runs the world on this (worker) thread.
fn run_once(spec: &AppSpec, inputs: &Inputs, to_files: bool, watch: &Watch) -> Result<RunDone, Failure> {
    let started = Instant::now();
    let app = spec.app()?;
    let (settings, _) = inputs.settings(&app, false)?;
    let params = settings.params()?;
    let mut sim = app.build_for_arrow(&settings)?;
    let tables = RunTables::new(&sim, params.tx_log);
    let recorder =
        if to_files { Some(create_recorder(&settings, &sim, app.record_options(&settings, &params)?)?) } else { None };
    let stepped = step_all(&mut sim, params.total_steps, tables, recorder, watch)?;
    let manifest = match stepped.written {
        Some(m) => m,
        None => Manifest {
            program: "grassroot".to_owned(),
            schema: MANIFEST_SCHEMA,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            scenario: app.name().to_owned(),
            seed: params.seed,
            steps_requested: params.total_steps,
            steps_completed: stepped.steps,
            outcome: stepped.outcome.clone(),
            wall_seconds: started.elapsed().as_secs_f64(),
            transactions: if params.tx_log { stepped.transactions } else { 0 },
            files: Vec::new(),
            params: settings.to_json().as_object().cloned().unwrap_or_default(),
        },
    };
    let replay = Replay {
        app: spec.clone(),
        pairs: settings.to_pairs(),
        steps: stepped.steps,
        outcome: stepped.outcome,
        last_row: sim.metrics().values().to_vec(),
    };
    Ok(RunDone {
        manifest: to_json(&manifest),
        replay,
        series: stepped.series,
        transactions: stepped.transactions_table,
    })
}

/// A recorder into `OUTPUT_DIR`, its errors as the binary words them.
fn create_recorder(
    settings: &Settings,
    sim: &Simulation,
    options: grassroot_report::RecordOptions,
) -> Result<Recorder, Failure> {
    Recorder::create(&settings.outputs()?.dir, sim, options).map_err(|e| match e {
        e @ (ReportError::NotADirectory(_) | ReportError::FolderInUse { .. }) => Failure::Failed(e.to_string()),
        e => Failure::BadInput {
            message: format!("OUTPUT_DIR: {e}"),
            fix: Some("choose a folder this user can create and write, with out=DIR".to_owned()),
        },
    })
}

/// How a stepped world ended.
struct Stepped {
    steps: u64,
    outcome: Outcome,
    transactions: u64,
    written: Option<Manifest>,
    series: NativeTable,
    transactions_table: Option<NativeTable>,
}

/// Steps `sim` up to `total` times as the binary's runner does — a stop request ends it at a
/// step boundary (`interrupted`), a fault after recording the failing step (`failed`) — into
/// `tables`, with `recorder` writing each step too when given.
fn step_all(
    sim: &mut Simulation,
    total: u64,
    mut tables: RunTables,
    recorder: Option<Recorder>,
    watch: &Watch,
) -> Result<Stepped, Failure> {
    watch.total.store(total, Ordering::Relaxed);
    let mut recorder = recorder;
    let mut outcome = Outcome::Completed;
    let mut steps = 0;
    let mut transactions = 0u64;
    for _ in 0..total {
        if watch.stopped() {
            outcome = Outcome::Interrupted;
            break;
        }
        let stepped = sim.step();
        steps += 1;
        transactions += sim.transactions().len() as u64;
        tables.record(sim).map_err(|e| Failure::Failed(e.to_string()))?;
        if let Some(r) = recorder.as_mut() {
            r.record(sim)?;
        }
        watch.done.store(steps, Ordering::Relaxed);
        if let Err(e) = stepped {
            outcome = Outcome::Failed { error: e.to_string() };
            break;
        }
    }
    let written = match recorder {
        Some(r) => Some(r.finish(sim, outcome.clone())?.manifest),
        None => None,
    };
    let (series, transactions_table) = tables.finish().map_err(|e| Failure::Failed(e.to_string()))?;
    Ok(Stepped { steps, outcome, transactions, written, series, transactions_table })
}

/// Runs the world of `replay` again into `dir` with the binary's recorder.
fn write_again(replay: &Replay, dir: &std::path::Path, watch: &Watch) -> Result<Manifest, Failure> {
    let app = replay.app.app()?;
    let recorded = Settings::from_pairs(app.schema(), replay.pairs.iter().cloned())?;
    let settings =
        recorded.with_values([("OUTPUT_DIR", dir.display().to_string(), python("dir"))]).map_err(Failure::Config)?;
    let params = settings.params()?;
    let mut sim = app.build(&settings)?;
    let recorder = create_recorder(&settings, &sim, app.record_options(&settings, &params)?)?;
    let mut recorder = Some(recorder);
    watch.total.store(replay.steps, Ordering::Relaxed);
    for step in 0..replay.steps {
        if watch.stopped() {
            return Err(Failure::Interrupted);
        }
        let stepped = sim.step();
        if let Some(r) = recorder.as_mut() {
            r.record(&mut sim)?;
        }
        watch.done.store(step + 1, Ordering::Relaxed);
        if stepped.is_err() && step + 1 < replay.steps {
            return Err(Failure::Failed(format!("the run could not be repeated: step {step} failed this time")));
        }
    }
    if !same_row(sim.metrics().values(), &replay.last_row) {
        return Err(Failure::Failed(format!(
            "the run could not be repeated: its step {} differs (a bug: please report it)",
            replay.steps.saturating_sub(1)
        )));
    }
    let recorder = recorder.ok_or_else(|| Failure::Failed("no recorder".to_owned()))?;
    Ok(recorder.finish(&sim, replay.outcome.clone())?.manifest)
}

/// Two metric rows are the same, NaN for NaN.
fn same_row(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Value::F64(x), Value::F64(y)) => x.to_bits() == y.to_bits(),
            _ => x == y,
        })
}
