//! Running a built simulation to its outputs through the run driver (`grassroot_sim::driver`):
//! the recorder and the caller's sinks, a progress bar, Ctrl-C at a step boundary, and the
//! summary; and the progress bar of a sweep.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use grassroot_report::{Manifest, Outcome, RecordOptions, Recorder, ReportError, Tally, Written};
use grassroot_sim::Simulation;
use grassroot_sim::driver::{DriveError, Driver, Sink, each_step};
use grassroot_sweep::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How to run and what to write.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Outputs to write.
    pub record: RecordOptions,
    /// Where to write them.
    pub output_dir: PathBuf,
    /// Show a progress bar on stderr (only drawn when stderr is a terminal).
    pub progress: bool,
    /// Set to stop at the next step boundary (e.g. by Ctrl-C).
    pub stop: Option<Arc<AtomicBool>>,
}

/// What a finished run produced.
#[derive(Debug)]
pub struct RunReport {
    /// Files and manifest.
    pub written: Written,
    /// Wall time of the whole run, outputs included.
    pub wall: Duration,
}

impl RunReport {
    /// How the run ended.
    pub fn outcome(&self) -> &Outcome {
        &self.written.manifest.outcome
    }
}

/// Why a run could not write its outputs.
#[derive(Debug)]
pub enum RunError {
    /// The output folder cannot be used (it is a file, or cannot be created or written).
    OutputDir(ReportError),
    /// The outputs could not be written.
    Report(ReportError),
    /// A sink of the caller's failed (see [`Sinks::sinks`]).
    Sink(DriveError),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::OutputDir(e) | RunError::Report(e) => e.fmt(f),
            RunError::Sink(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for RunError {}

impl From<ReportError> for RunError {
    fn from(e: ReportError) -> Self {
        RunError::Report(e)
    }
}

impl From<DriveError> for RunError {
    fn from(e: DriveError) -> Self {
        match e.error.downcast::<ReportError>() {
            Ok(report) => RunError::Report(*report),
            Err(error) => RunError::Sink(DriveError { steps: e.steps, error }),
        }
    }
}

/// Where a run's steps go besides [`RunOptions`]: the files or not, the caller's own sinks, how
/// far, and a progress callback of the caller's.
pub struct Sinks<'a> {
    /// Write the files into [`RunOptions::output_dir`] (off: the run writes nothing, and its
    /// manifest lists no file).
    pub files: bool,
    /// Further sinks, handed each step before the files' recorder takes its transactions.
    pub sinks: Vec<&'a mut dyn Sink>,
    /// Steps to run (default: the rest of `TOTAL_STEPS`); a run that ends short of
    /// `TOTAL_STEPS` without a fault is `interrupted`.
    pub steps: Option<u64>,
    /// Called with (steps done, steps in all) after every step.
    pub on_progress: Option<Box<dyn FnMut(u64, u64) + 'a>>,
}

impl Default for Sinks<'_> {
    /// The binary's: the files, to the end.
    fn default() -> Self {
        Sinks { files: true, sinks: Vec::new(), steps: None, on_progress: None }
    }
}

/// Runs `sim` for its `total_steps`, recording every step; stops early at a fault (the run is
/// then `failed`, with the outputs up to that step) or when `stop` is set (`interrupted`).
pub fn run_to_outputs(sim: &mut Simulation, options: &RunOptions) -> Result<RunReport, RunError> {
    run_into(sim, options, Sinks::default())
}

/// Runs `sim` through the run driver into the files (when `sinks.files`) and the caller's
/// sinks, with the terminal bar and the stop flag of `options`; returns the manifest, which
/// lists the files when there are any.
pub fn run_into(sim: &mut Simulation, options: &RunOptions, sinks: Sinks<'_>) -> Result<RunReport, RunError> {
    let started = Instant::now();
    let Sinks { files, sinks, steps, mut on_progress } = sinks;
    let mut recorder = if files {
        Some(Recorder::create(&options.output_dir, sim, options.record.clone()).map_err(RunError::OutputDir)?)
    } else {
        None
    };
    let total = steps.unwrap_or_else(|| sim.params().total_steps.saturating_sub(sim.next_step()));
    let bar = progress_bar(options.progress, Some(total), "{spinner} step {pos}/{len} [{bar:40}] {per_sec} eta {eta}");
    let mut transactions = 0u64;
    let mut count = each_step(|sim: &mut Simulation| transactions += sim.transactions().len() as u64);
    let mut driver = Driver::new().steps(total).on_progress(|done, total| {
        bar.inc(1);
        if let Some(report) = on_progress.as_mut() {
            report(done, total);
        }
    });
    if let Some(stop) = &options.stop {
        driver = driver.stop(stop);
    }
    for sink in sinks {
        driver = driver.sink(sink);
    }
    driver = match recorder.as_mut() {
        Some(recorder) => driver.sink(recorder),
        None if options.record.transactions => driver.sink(&mut count),
        None => driver,
    };
    let run = driver.run(sim);
    bar.finish_and_clear();
    let run = run?;
    let outcome = Outcome::of_run(sim, &run.ending);
    let written = match recorder {
        Some(recorder) => recorder.finish(sim, outcome)?,
        None => {
            let tally = Tally { steps: run.steps, transactions, wall_seconds: started.elapsed().as_secs_f64() };
            Written { manifest: Manifest::of_run(sim, &options.record, tally, outcome, Vec::new()), files: Vec::new() }
        }
    };
    Ok(RunReport { written, wall: started.elapsed() })
}

/// A bar on stderr in `template` (hidden unless `wanted` and stderr is a terminal), of `total`
/// when known.
fn progress_bar(wanted: bool, total: Option<u64>, template: &str) -> ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// A bar of worlds done with an ETA on stderr (drawn only when `wanted` and stderr is a
/// terminal), and the callback that moves it, for [`grassroot_sweep::Sweep::on_progress`].
/// Call `finish_and_clear` on the bar when the sweep returns.
pub fn sweep_progress_bar(wanted: bool) -> (ProgressBar, impl Fn(Progress) + Send + Sync + 'static) {
    let template = "{spinner} worlds {pos}/{len} [{bar:40}] {elapsed} elapsed, eta {eta} {msg}";
    let bar = progress_bar(wanted, None, template);
    if !bar.is_hidden() {
        bar.enable_steady_tick(Duration::from_millis(200));
    }
    let shown = bar.clone();
    let report = move |p: Progress| {
        shown.set_length(p.total);
        shown.set_position(p.done);
        if p.failed > 0 {
            shown.set_message(format!("{} failed", p.failed));
        }
    };
    (bar, report)
}

/// Sets a flag on Ctrl-C (SIGINT), SIGTERM or SIGHUP so that a run stops at the next step
/// boundary and writes what it computed: a scheduler's time limit (Slurm and Kubernetes send
/// SIGTERM first) leaves outputs marked `interrupted`, not a folder of temporary files.
pub fn stop_on_ctrl_c() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = Arc::clone(&flag);
    if let Err(e) = ctrlc::set_handler(move || f.store(true, Ordering::Relaxed)) {
        tracing::warn!("cannot catch Ctrl-C ({e}); an interrupted run will leave no outputs");
    }
    flag
}

/// Prints the end-of-run summary to stdout: final price, reserves, The Pie, members, wall
/// time and where the files are.
pub fn print_summary(sim: &Simulation, report: &RunReport) {
    let m = &report.written.manifest;
    let pool = sim.pool();
    let status = match &m.outcome {
        Outcome::Completed => "completed".to_owned(),
        Outcome::Interrupted => "interrupted".to_owned(),
        Outcome::Failed { error } => format!("FAILED: {error}"),
    };
    say!("grassroot {} — {} scenario, seed {}: {status}", m.version, m.scenario, m.seed);
    say!("  steps        {} of {}", m.steps_completed, m.steps_requested);
    say!("  price        {} xDAI per dDT", significant(pool.spot_price()));
    say!("  pool         {} dDT / {} xDAI, {} LP", pool.reserve_ddt(), pool.reserve_xdai(), pool.lp_supply());
    say!("  The Pie      {} dDT", sim.pie().balance());
    let roles: Vec<String> = sim.roles().iter().map(|(_, r)| format!("{} {}", r.members, r.name)).collect();
    say!("  members      {} ({})", sim.roles().total_members(), roles.join(", "));
    say!("  transactions {}", m.transactions);
    say!("  wall time    {:.3} s", report.wall.as_secs_f64());
    let dir = report.written.files.first().and_then(|p| p.parent()).map(|p| p.display().to_string());
    say!("  outputs      {} in {}", m.output_names().join(", "), dir.unwrap_or_default());
}

/// `x` with six significant digits, in plain or scientific notation as fits.
fn significant(x: f64) -> String {
    if x == 0.0 || (1e-4..1e9).contains(&x.abs()) {
        let decimals = (5 - x.abs().log10().floor() as i32).clamp(0, 12) as usize;
        format!("{x:.decimals$}")
    } else {
        format!("{x:.5e}")
    }
}
