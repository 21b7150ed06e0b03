//! `grassroot sweep` and `grassroot merge`: the command-line side of [`grassroot_sweep`] —
//! flags to a [`Sweep`], the summary, the failed worlds and the exit codes.

use std::process::ExitCode;

use grassroot_config::load_with_file;
use grassroot_sweep::{Sweep, SweepError, SweepReport, merge, parse_sweep, seed_warning, swept_key_warnings};

use crate::app::{App, EXIT_FAILED};
use crate::cli::{MergeArgs, SweepArgs};
use crate::runner::{stop_on_ctrl_c, sweep_progress_bar};

/// Failed worlds printed at the end of a sweep (all are in `sweep_runs.csv`).
const FAILURES_PRINTED: usize = 10;

impl App {
    /// Runs the sweep that `args` describe — the `[sweep]` table of `--config` over the base
    /// parameters from the usual layers — with this program's scenario and plugins, and writes
    /// its outputs. Nothing is written when the input is bad.
    pub fn sweep(&self, args: &SweepArgs) -> Result<SweepReport, SweepError> {
        let Some(config) = &args.run.config else {
            return Err(SweepError::bad("grassroot sweep needs --config FILE: a TOML file with a [sweep] table")
                .with_fix("e.g. grassroot sweep --config examples/sweep.toml"));
        };
        let replay = match &args.run.replay {
            Some(path) => {
                let manifest = crate::replay::read(path).map_err(SweepError::bad)?;
                crate::replay::pairs(&args.run, self.scenario().name(), &manifest, &|k| self.schema().spec(k).is_some())
            }
            None => Vec::new(),
        };
        let mut sources = args.run.sources(replay);
        sources.allow_sweep_table = true;
        // One read of the TOML file: the base settings and the [sweep] table come from it.
        let (base, file) = load_with_file(self.schema(), &sources)?;
        let Some(file) = file else {
            return Err(SweepError::bad(format!("--config {} was not read", config.display())));
        };
        let spec = parse_sweep(self.schema(), &file)?;
        // A flag or environment variable for a swept key is refused; a TOML or .env value that
        // the grid replaces (e.g. after `cp env.example .env`) is only worth a warning.
        let warnings = swept_key_warnings(&spec.grid, &base)?;
        for warning in warnings.iter().chain(&seed_warning(&spec, &base)) {
            eprintln!("warning: {warning}");
        }
        let (bar, report) = sweep_progress_bar(!args.run.quiet);
        let mut sweep = Sweep::from_spec(&spec, base)
            .yes(args.yes)
            .on_progress(report)
            .stop(stop_on_ctrl_c())
            .scenario(self.name())
            .rerun_with(self.run_command());
        if let Some(jobs) = args.jobs {
            sweep = sweep.jobs(jobs);
        }
        if let Some(shard) = &args.shard {
            sweep = sweep.shard(shard.parse()?);
        }
        if !args.series.is_empty() {
            sweep = sweep.series(args.series.iter().map(|s| s.trim().to_owned()));
        }
        let result = sweep.run(|settings| self.build(settings));
        bar.finish_and_clear();
        result
    }

    /// `grassroot sweep`: runs, prints the summary and failures, returns the exit code (0 every
    /// world completed, 1 some failed or the outputs could not be written, 2 bad input, 130
    /// interrupted).
    pub(crate) fn sweep_exit_code(&self, args: &SweepArgs) -> ExitCode {
        match self.sweep(args) {
            Ok(report) => {
                print_failures(&report);
                if !args.run.quiet {
                    print_sweep_summary(&report, "sweep");
                }
                if report.manifest.worlds_failed > 0 { ExitCode::from(EXIT_FAILED) } else { ExitCode::SUCCESS }
            }
            Err(e) => fail(&e),
        }
    }
}

/// `grassroot merge`: joins shard folders, prints the summary, returns the exit code.
pub(crate) fn merge_exit_code(args: &MergeArgs) -> ExitCode {
    match merge(&args.dirs, &args.out) {
        Ok(report) => {
            if !args.quiet {
                print_sweep_summary(&report, "merge");
            }
            if report.manifest.worlds_failed > 0 { ExitCode::from(EXIT_FAILED) } else { ExitCode::SUCCESS }
        }
        Err(e) => fail(&e),
    }
}

fn fail(e: &SweepError) -> ExitCode {
    if let SweepError::Config(e) = e {
        return crate::app::fail_config(e);
    }
    eprintln!("error: {e}");
    ExitCode::from(e.exit_code())
}

/// Prints each failed world (up to [`FAILURES_PRINTED`]) with its parameters, seed and the
/// command that re-runs it alone, to stderr.
fn print_failures(report: &SweepReport) {
    let m = &report.manifest;
    for f in m.failures.iter().take(FAILURES_PRINTED) {
        let params: Vec<String> = f.params.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))).collect();
        let params = if params.is_empty() { String::new() } else { format!("; {}", params.join(", ")) };
        eprintln!(
            "world {} failed (grid point {}, run {}, seed {}{params}): {}\n  re-run alone: {}",
            f.world, f.grid_point, f.run, f.seed, f.error, f.rerun
        );
    }
    let more = m.worlds_failed.saturating_sub(FAILURES_PRINTED.min(m.failures.len()) as u64);
    if more > 0 {
        eprintln!("... and {more} more failed worlds: see the rows with status failed in sweep_runs.csv");
    }
}

/// Prints the end-of-sweep summary to stdout.
fn print_sweep_summary(report: &SweepReport, what: &str) {
    let m = &report.manifest;
    let g = &m.grid;
    say!(
        "grassroot {what} — {} scenario: {} grid points x {} runs = {} worlds, base seed {}",
        m.scenario,
        g.grid_points,
        g.runs,
        g.worlds,
        m.base_seed
    );
    if let Some(s) = m.shard {
        say!("  shard        {}/{}: worlds {}..{} of {}", s.index, s.count, s.first_world, s.end_world, g.worlds);
    }
    if !m.merged_from.is_empty() {
        say!("  merged       {} shards", m.merged_from.len());
    }
    say!("  worlds       {} completed, {} failed", m.worlds_completed, m.worlds_failed);
    let secs = report.wall.as_secs_f64();
    let done = (m.worlds_completed + m.worlds_failed) as f64;
    match m.jobs {
        Some(jobs) if secs > 0.0 => {
            say!(
                "  wall time    {secs:.3} s ({:.1} worlds/s, {jobs} job{})",
                done / secs,
                if jobs == 1 { "" } else { "s" }
            );
        }
        _ => say!("  wall time    {secs:.3} s"),
    }
    say!("  outputs      {} in {}", m.output_names().join(", "), report.dir.display());
}
