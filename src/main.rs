//! The `grassroot` command: run a scenario from defaults, a TOML file, `.env`, the environment
//! and flags; write its CSVs, plot and run.json; print a summary.

#![expect(clippy::print_stdout, reason = "the binary reports to the terminal")]

use std::process::ExitCode;

use clap::Parser;
use grassroot::cli::{Cli, Command, RunArgs};
use grassroot::config::Schema;
use grassroot::report::{Manifest, Outcome, RecordOptions};
use grassroot::runner::{RunOptions, run_to_outputs, stop_on_ctrl_c};
use tracing_subscriber::EnvFilter;

/// Exit code for bad input: parameters, files, the output folder.
const EXIT_BAD_INPUT: u8 = 2;
/// Exit code for a run that failed (books, I/O).
const EXIT_FAILED: u8 = 1;
/// Exit code for a run stopped by Ctrl-C.
const EXIT_INTERRUPTED: u8 = 130;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn")))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Params) => {
            print!("{}", Schema::seed().env_example());
            ExitCode::SUCCESS
        }
        Some(Command::Run(args)) => run(&args),
        None => run(&cli.run),
    }
}

fn run(args: &RunArgs) -> ExitCode {
    let replay = match &args.replay {
        Some(path) => match Manifest::read(path) {
            Ok(m) => m.param_pairs(),
            Err(e) => return fail(EXIT_BAD_INPUT, &format!("--replay: {e}")),
        },
        None => Vec::new(),
    };
    let schema = Schema::seed();
    let settings = match args.settings(&schema, replay) {
        Ok(s) => s,
        Err(e) => return fail(EXIT_BAD_INPUT, &e.to_string()),
    };
    let params = match settings.params() {
        Ok(p) => p,
        Err(e) => return fail(EXIT_BAD_INPUT, &e.to_string()),
    };
    let mut sim = match grassroot::seed_simulation(&params) {
        Ok(s) => s,
        Err(e) => return fail(EXIT_BAD_INPUT, &e.to_string()),
    };
    let options = RunOptions {
        record: RecordOptions {
            transactions: params.tx_log,
            plot: params.plot,
            plot_columns: Vec::new(),
            scenario: args.scenario.name().to_owned(),
            params: settings.to_pairs(),
        },
        output_dir: params.output_dir.clone(),
        progress: !args.quiet,
        stop: Some(stop_on_ctrl_c()),
    };
    let report = match run_to_outputs(&mut sim, &options) {
        Ok(r) => r,
        Err(e) => {
            let code = if params.output_dir.is_file() { EXIT_BAD_INPUT } else { EXIT_FAILED };
            return fail(code, &e.to_string());
        }
    };
    if !args.quiet {
        grassroot::runner::print_summary(&sim, &report);
    }
    match report.outcome() {
        Outcome::Completed => ExitCode::SUCCESS,
        Outcome::Interrupted => ExitCode::from(EXIT_INTERRUPTED),
        Outcome::Failed { error } => fail(EXIT_FAILED, error),
    }
}

fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(code)
}
