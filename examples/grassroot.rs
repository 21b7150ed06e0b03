//! The seed scenario through the library: parameters, builder, plugins, run, outputs — no `App::main`.
//! Run: cargo run --release --example grassroot -- --steps 500 --seed 7
//!
//! The `grassroot` binary is `App::seed().main()`, which does all of this in one call. Here
//! the same steps are spelled out, so that each can be replaced: your own plugins, your own
//! loop, your own outputs. It reads the same flags, `.env`, environment and `OUTPUT_DIR`, and
//! writes the same files, as the binary.
#![expect(clippy::print_stdout, reason = "examples report to the terminal")]

use std::process::ExitCode;

use clap::Parser;
use grassroot::app::{EXIT_BAD_INPUT, EXIT_FAILED, init_logging};
use grassroot::prelude::*;
use grassroot::report::{Outcome, RecordOptions};
use grassroot::runner::{print_summary, stop_on_ctrl_c};

/// The seed scenario, built and run through the library.
#[derive(Parser)]
#[command(name = "grassroot-example", version)]
struct Args {
    #[command(flatten)]
    run: RunArgs,
}

fn main() -> ExitCode {
    init_logging();
    let args = Args::parse().run;

    // 1. Parameters: defaults < --config TOML < .env < environment < flags, validated against
    //    the seed's schema. Bad input is exit code 2, like the binary.
    let settings = match App::seed().settings(&args) {
        Ok(s) => s,
        Err(e) => return fail(EXIT_BAD_INPUT, &e),
    };
    let (params, outputs) = match settings.params().and_then(|p| Ok((p, settings.outputs()?))) {
        Ok(p) => p,
        Err(e) => return fail(EXIT_BAD_INPUT, &e),
    };

    // 2. The simulation: core resources from the parameters, then the seed scenario's plugin
    //    group (entry, behaviours, The Pie, five archetypes, standard metrics).
    let mut builder = Simulation::builder(&params);
    builder.set_settings(settings.clone());
    if outputs.format.parquet() {
        // Parquet's decimals hold less than 10^20 tokens: refuse a larger supply before step 0.
        builder.limit_amounts(grassroot::report::arrow::parquet_limit());
    }
    let mut sim = match builder.with_plugin(SeedScenario::new(&params)).build() {
        Ok(sim) => sim,
        Err(e) => return fail(EXIT_BAD_INPUT, &e),
    };

    // 3. Run every step, recording each into the output folder.
    let options = RunOptions {
        record: RecordOptions {
            format: outputs.format,
            transactions: params.tx_log,
            plot: outputs.plot,
            extra_panels: Vec::new(),
            scenario: "seed".to_owned(),
            params: settings.to_pairs(),
        },
        output_dir: outputs.dir.clone(),
        progress: !args.quiet,
        stop: Some(stop_on_ctrl_c()),
    };
    let report = match run_to_outputs(&mut sim, &options) {
        Ok(r) => r,
        Err(e) => return fail(EXIT_FAILED, &e),
    };

    // 4. The state stays readable after the run: the books, read through the facade.
    if !args.quiet {
        print_summary(&sim, &report);
        let held = [sim.holdings().total.ddt, sim.pool().reserve_ddt(), sim.pie().balance()];
        println!(
            "  books        {} dDT minted - {} burned = {} in wallets + {} in the pool + {} in The Pie",
            sim.supply().ddt_minted,
            sim.supply().ddt_burned,
            held[0],
            held[1],
            held[2]
        );
    }
    match report.outcome() {
        Outcome::Completed => ExitCode::SUCCESS,
        Outcome::Interrupted => ExitCode::from(grassroot::app::EXIT_INTERRUPTED),
        Outcome::Failed { error } => fail(EXIT_FAILED, error),
    }
}

fn fail(code: u8, error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(code)
}
