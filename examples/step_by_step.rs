//! Drives the simulation one tick at a time, raises the pool fee halfway and prints what changed.
//! Run: cargo run --release --example step_by_step -- --steps 400 --set NEW_FEE_RATE=0.02
//!
//! [`App::build`] turns the binary's parameters (flags, `.env`, environment) into a
//! [`Simulation`] without running it; the run driver ([`Driver`]) then steps it, handing every
//! tick to a sink that reads it, and between two runs of the driver the pool, The Pie, the
//! metrics and the whole `World` can be read or changed. Halfway
//! the pool's fee becomes `NEW_FEE_RATE` (a key of this example's own, added with
//! [`App::param`]); the price, volume and fees of the two halves are compared at the end.
//! Nothing is written to disk. `-q` leaves out the periodic rows.
#![expect(clippy::print_stdout, reason = "examples report to the terminal")]

use std::process::ExitCode;

use clap::Parser;
use grassroot::app::{EXIT_BAD_INPUT, EXIT_FAILED};
use grassroot::prelude::*;
use grassroot::sim::TradeStats;
use grassroot::sim::driver::{Driver, Ending, Run, each_step};

/// The pool fee from the middle of the run on.
const NEW_FEE_RATE: &str = "NEW_FEE_RATE";

/// Steps the seed scenario one tick at a time and changes the pool fee halfway.
#[derive(Parser)]
#[command(name = "step_by_step")]
struct Args {
    #[command(flatten)]
    run: RunArgs,
}

fn main() -> ExitCode {
    grassroot::app::init_logging();
    let app = App::seed().param(
        ParamSpec::new(NEW_FEE_RATE, Kind::Rate, "0.01", "Pool fee from the middle of the run on (step_by_step).")
            .in_group("Simulation"),
    );
    let args = Args::parse().run;
    let (settings, new_fee) = match app.settings(&args).and_then(|s| {
        let fee = s.get_ppm(NEW_FEE_RATE)?;
        Ok((s, fee))
    }) {
        Ok(v) => v,
        Err(e) => return fail(EXIT_BAD_INPUT, &e),
    };
    let mut sim = match app.build(&settings) {
        Ok(sim) => sim,
        Err(e) => return fail(EXIT_BAD_INPUT, &e),
    };

    let total = sim.params().total_steps;
    let change_at = total / 2;
    let every = (total / 10).max(1);
    let mut halves = [Half::default(), Half::default()];
    if !args.quiet {
        println!(
            "{:>6} {:>10} {:>12} {:>12} {:>12} {:>7}",
            "step", "price", "volume xDAI", "fees xDAI", "fees dDT", "trades"
        );
    }
    let quiet = args.quiet;
    let mut report = each_step(|sim: &mut Simulation| {
        let step = sim.next_step() - 1;
        let stats = *sim.market().stats();
        let price = sim.pool().spot_price();
        halves[usize::from(step >= change_at)].add(price, &stats);
        if !quiet && (step.is_multiple_of(every) || step + 1 == total) {
            println!(
                "{step:>6} {price:>10.6} {:>12.4} {:>12.6} {:>12.6} {:>7}",
                stats.volume_xdai.to_f64(),
                stats.fees_xdai.to_f64(),
                stats.fees_ddt.to_f64(),
                stats.trades
            );
        }
    });
    // The first half, the fee changed between two ticks, then the rest: two runs of the driver.
    for half in [Some(change_at), None] {
        if half.is_none() {
            let old = sim.pool().fee_ppm();
            if let Err(e) = sim.set_pool_fee(new_fee) {
                return fail(EXIT_BAD_INPUT, &e);
            }
            println!("step {change_at}: pool fee {} -> {}", percent(old), percent(new_fee));
        }
        let driver = match half {
            Some(steps) => Driver::new().steps(steps),
            None => Driver::new(),
        };
        match driver.sink(&mut report).run(&mut sim) {
            Ok(Run { ending: Ending::Failed(e), .. }) => return fail(EXIT_FAILED, &e),
            Ok(_) => {}
            Err(e) => return fail(EXIT_FAILED, &e),
        }
    }

    let [before, after] = &halves;
    println!("\nper step, averaged        before step {change_at}   from step {change_at}");
    println!("  pool fee                {:>16} {:>16}", percent(sim.params().fee_ppm), percent(new_fee));
    for (what, f) in [
        ("price (xDAI per dDT)", Half::price as fn(&Half) -> f64),
        ("volume (xDAI)", Half::volume_xdai),
        ("fees paid in xDAI", Half::fees_xdai),
        ("fees paid in dDT", Half::fees_ddt),
        ("trades", Half::trades),
    ] {
        println!("  {what:<23} {:>16.6} {:>16.6}", f(before), f(after));
    }
    ExitCode::SUCCESS
}

/// Sums over the steps of one half of the run.
#[derive(Default)]
struct Half {
    steps: u64,
    price: f64,
    volume_xdai: f64,
    fees_xdai: f64,
    fees_ddt: f64,
    trades: u64,
}

impl Half {
    fn add(&mut self, price: f64, stats: &TradeStats) {
        self.steps += 1;
        self.price += price;
        self.volume_xdai += stats.volume_xdai.to_f64();
        self.fees_xdai += stats.fees_xdai.to_f64();
        self.fees_ddt += stats.fees_ddt.to_f64();
        self.trades += stats.trades;
    }

    fn mean(&self, sum: f64) -> f64 {
        if self.steps == 0 { f64::NAN } else { sum / self.steps as f64 }
    }

    fn price(&self) -> f64 {
        self.mean(self.price)
    }

    fn volume_xdai(&self) -> f64 {
        self.mean(self.volume_xdai)
    }

    fn fees_xdai(&self) -> f64 {
        self.mean(self.fees_xdai)
    }

    fn fees_ddt(&self) -> f64 {
        self.mean(self.fees_ddt)
    }

    fn trades(&self) -> f64 {
        self.mean(self.trades as f64)
    }
}

/// A fee in parts per million as a percentage, e.g. 3000 -> `0.3%`.
fn percent(ppm: u32) -> String {
    format!("{}%", f64::from(ppm) / 10_000.0)
}

fn fail(code: u8, error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(code)
}
