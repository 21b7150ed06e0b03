//! A parameter sweep from Rust: the `Sweep` builder over an `App` with a custom metric, 3 fees x 3 Pie payout rates x N seeds, in parallel; writes sweep_runs.csv, sweep_series.csv, sweep_results.png and sweep.json under OUTPUT_DIR.
//! Run: cargo run --release --example sweep -- --steps 300 --runs 8 --out sweep-example
//!
//! The grid is built in code with [`Grid::vary`]; every other parameter comes from the binary's
//! layers (defaults < `--config` < `.env` < environment < flags). [`Sweep::run`] calls the
//! factory — here [`App::build`], so the custom metric plugin is in every world — once per
//! world with that world's settings (its grid point's values and its derived `SEED`). The
//! custom column `pie_share` is summarised per step in `sweep_series.csv` next to the price
//! and The Pie. The same grid from a TOML file is `grassroot sweep --config examples/sweep.toml`.

#![expect(clippy::print_stdout, reason = "examples report to the terminal")]

use std::process::ExitCode;

use clap::Parser;
use grassroot::prelude::*;
use grassroot::runner::sweep_progress_bar;
use grassroot::sim::Supply;
use grassroot::sweep::{Grid, Sweep, swept_key_warnings};

/// The custom column: The Pie's share of all dDT in existence.
const PIE_SHARE: Column = Column::real("pie_share");

/// Flags: the binary's run flags for the base parameters, and the sweep's own.
#[derive(Parser)]
struct Args {
    #[command(flatten)]
    run: RunArgs,
    /// Worlds (seeds) per grid point.
    #[arg(long, default_value_t = 8)]
    runs: u64,
    /// Worlds run at once (default: every core).
    #[arg(long)]
    jobs: Option<usize>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let app = App::seed().plugin(|sim: &mut SimBuilder| {
        sim.add_metric(PIE_SHARE, pie_share);
    });
    let base = match app.settings(&args.run) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let grid = Grid::new().vary("fee_rate", ["0.001", "0.003", "0.01"]).vary("pie_payout_rate", ["0.3", "0.5", "0.7"]);
    // The grid replaces FEE_RATE and PIE_PAYOUT_RATE in every world: a value for them from
    // .env is worth a warning (from a flag or the environment, `run` refuses it).
    if let Ok(warnings) = swept_key_warnings(&grid, &base) {
        for warning in warnings {
            eprintln!("warning: {warning}");
        }
    }
    let (bar, report) = sweep_progress_bar(!args.run.quiet);
    let mut sweep = Sweep::new(grid)
        .base(base)
        .runs(args.runs)
        .series(["price", "pie_ddt", PIE_SHARE.name()])
        .on_progress(report)
        .scenario("seed + pie_share");
    if let Some(jobs) = args.jobs {
        sweep = sweep.jobs(jobs);
    }
    let result = sweep.run(|settings| app.build(settings));
    bar.finish_and_clear();
    match result {
        Ok(report) => {
            let m = &report.manifest;
            println!(
                "{} worlds: {} completed, {} failed in {:.2} s; files in {}",
                m.grid.worlds,
                m.worlds_completed,
                m.worlds_failed,
                report.wall.as_secs_f64(),
                report.dir.display()
            );
            if m.worlds_failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Sets `pie_share`: dDT in The Pie over dDT minted and not burned (empty before any mint).
fn pie_share(pie: Res<Pie>, supply: Res<Supply>, mut row: ResMut<MetricRow>) {
    let outstanding = supply.ddt_outstanding().map_or(0.0, |w| w.to_f64());
    if outstanding > 0.0 {
        row.set(&PIE_SHARE, pie.balance().to_f64() / outstanding);
    }
}
