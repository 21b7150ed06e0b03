//! [`Recorder`]: watches a simulation step by step and writes its outputs — the metric time
//! series, the transaction log, the figure and the manifest — whole or not at all.
//!
//! The recorder reads the simulation after each step; it never changes it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use grassroot_sim::Simulation;
use grassroot_sim::config::OutputFormat;
use grassroot_sim::driver::{Sink, SinkError};

use crate::atomic::{Staged, Writing};
use crate::error::ReportError;
use crate::figure::{ExtraPanel, run_figure_png};
use crate::folder::OutputFolder;
use crate::manifest::{Manifest, Outcome, Tally};
use crate::timeseries::TimeSeries;
use crate::transactions::TransactionLog;

/// File names of a run's outputs.
pub mod files {
    /// The metric time series.
    pub const SIMULATION_DATA: &str = "simulation_data.csv";
    /// The metric time series as Parquet.
    pub const SIMULATION_DATA_PARQUET: &str = "simulation_data.parquet";
    /// The transaction log.
    pub const TRANSACTIONS: &str = "transaction_history.csv";
    /// The transaction log as Parquet.
    pub const TRANSACTIONS_PARQUET: &str = "transaction_history.parquet";
    /// The figure.
    pub const FIGURE: &str = "simulation_results.png";
    /// The manifest.
    pub const MANIFEST: &str = "run.json";
    /// Every file a run writes, the manifest last.
    pub const ALL: [&str; 6] =
        [SIMULATION_DATA, SIMULATION_DATA_PARQUET, TRANSACTIONS, TRANSACTIONS_PARQUET, FIGURE, MANIFEST];
}

/// What to write besides `simulation_data` and `run.json`.
#[derive(Clone, Debug, Default)]
pub struct RecordOptions {
    /// The formats of the tables: CSV, Parquet or both (`OUTPUT_FORMAT`).
    pub format: OutputFormat,
    /// Write the transaction log.
    pub transactions: bool,
    /// Draw `simulation_results.png`.
    pub plot: bool,
    /// Further panels to draw after the standard ones (e.g. custom metrics).
    pub extra_panels: Vec<ExtraPanel>,
    /// The scenario's name, for the manifest and the figure's title.
    pub scenario: String,
    /// Every resolved parameter as (key, value), for the manifest.
    pub params: Vec<(String, String)>,
}

/// What a finished recording wrote.
#[derive(Clone, Debug)]
pub struct Written {
    /// The manifest as written.
    pub manifest: Manifest,
    /// Full paths of the files written, `run.json` last.
    pub files: Vec<PathBuf>,
}

/// Writes the outputs of one run into a folder.
#[derive(Debug)]
pub struct Recorder {
    folder: OutputFolder,
    series: TimeSeries,
    transactions: Option<TransactionLog>,
    options: RecordOptions,
    started: Instant,
}

impl Recorder {
    /// Claims `dir` for this process (creating it if needed; see [`OutputFolder`]: a folder
    /// another process holds is refused, a dead run's temporaries are removed) and starts the
    /// output files for `sim`. Nothing appears under the final names until
    /// [`Recorder::finish`], and the folder stays held until then.
    pub fn create(dir: &Path, sim: &Simulation, options: RecordOptions) -> Result<Recorder, ReportError> {
        let folder = OutputFolder::claim(dir, &files::ALL)?;
        let (csv, parquet) = (options.format.csv(), options.format.parquet());
        let file = |on: bool, name: &str, writing: Writing| on.then(|| folder.create(name, writing)).transpose();
        let series = TimeSeries::create_with(
            file(csv, files::SIMULATION_DATA, Writing::Buffered)?,
            file(parquet, files::SIMULATION_DATA_PARQUET, Writing::Buffered)?,
            sim.metrics(),
        )?
        .keep_columns(options.plot);
        let transactions = if options.transactions {
            Some(TransactionLog::create_with(
                file(csv, files::TRANSACTIONS, Writing::Unbuffered)?,
                file(parquet, files::TRANSACTIONS_PARQUET, Writing::Buffered)?,
                sim.roles(),
            )?)
        } else {
            None
        };
        Ok(Recorder { folder, series, transactions, options, started: Instant::now() })
    }

    /// Records the step `sim` just computed. The step's transaction records are taken over
    /// (not copied) when the log is written; nothing else in `sim` changes.
    pub fn record(&mut self, sim: &mut Simulation) -> Result<(), ReportError> {
        self.series.record(sim.metrics())?;
        if let Some(log) = &mut self.transactions {
            let step = sim.next_step().saturating_sub(1);
            let txs = sim.take_transactions(log.spare_rows());
            log.record(step, txs)?;
        }
        Ok(())
    }

    /// Steps recorded so far.
    pub fn steps(&self) -> u64 {
        self.series.len() as u64
    }

    /// Finishes every file, draws the figure and writes `run.json` with `outcome`, through the
    /// one publishing routine ([`OutputFolder::publish`]): an earlier run's file that this run
    /// does not write (a transaction log with TX_LOG=off, a figure with PLOT=off, a table in the
    /// format this run does not write) is removed when the earlier `run.json` records it, so the
    /// folder holds one run's outputs only; no other file is touched.
    ///
    /// Every file is first written whole under a temporary name, the figure drawn; only then
    /// are they renamed into place, `run.json` last, after the earlier run's `run.json` was
    /// removed. So an error while writing (a full disk) leaves the folder as it was, and the
    /// folder never shows a `run.json` beside files of another run.
    pub fn finish(self, sim: &Simulation, outcome: Outcome) -> Result<Written, ReportError> {
        let steps_completed = self.series.len() as u64;
        let mut staged = Vec::new();
        let (data, columns) = self.series.stage()?;
        let tables = data.len();
        staged.extend(data);
        // The figure is drawn while the transaction log's writer finishes its queue.
        if self.options.plot && steps_completed > 0 {
            let dir = self.folder.dir();
            let roles: Vec<String> = sim.roles().iter().map(|(_, r)| r.name.clone()).collect();
            let title = format!("grassroot — {} scenario, seed {}", self.options.scenario, sim.params().seed);
            let png = run_figure_png(&dir.join(files::FIGURE), &columns, &roles, &self.options.extra_panels, &title)?;
            staged.push(Staged::write_in(dir, files::FIGURE, &png)?);
        }
        let mut transactions = 0;
        if let Some(log) = self.transactions {
            transactions = log.rows();
            for (i, file) in log.stage()?.into_iter().enumerate() {
                staged.insert(tables + i, file);
            }
        }
        let tally = Tally { steps: steps_completed, transactions, wall_seconds: self.started.elapsed().as_secs_f64() };
        let mut manifest = Manifest::of_run(sim, &self.options, tally, outcome, Vec::new());
        let manifest_path = self.folder.dir().join(files::MANIFEST);
        let published = self.folder.publish(staged, |digests| {
            manifest.files = digests.to_vec();
            manifest.to_bytes(&manifest_path)
        })?;
        Ok(Written { manifest, files: published.paths })
    }
}

/// The recorder as the run driver's sink: each step recorded as [`Recorder::record`] does; the
/// files are finished by [`Recorder::finish`], which knows the run's outcome.
impl Sink for Recorder {
    fn record(&mut self, sim: &mut Simulation) -> Result<(), SinkError> {
        Recorder::record(self, sim).map_err(SinkError::from)
    }
}
