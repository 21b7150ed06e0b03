//! Runs the baseline (seed) and the datadao scenario side by side (same seed, same defaults) and draws their price and dDT supply in one figure.
//! Run: cargo run --release -p grassroot_datadao --example datadao_vs_seed -- docs/datadao_vs_seed.png 2000
//!
//! Both worlds are built as the `grassroot` binary builds them (`--scenario baseline` and
//! `--scenario datadao` with every parameter at its default), so each line matches the
//! `price` column of that run's `simulation_data.csv`. The figure has four panels: the price
//! (log scale), dDT supply (minted - burned), the pool's dDT reserve, and where the dataDAO's
//! dDT came from (minted on joining, minted later for new contributions, redeemed).

#![expect(clippy::print_stdout, reason = "examples report to the terminal")]

use std::path::PathBuf;
use std::process::ExitCode;

use grassroot_config::{Schema, Settings};
use grassroot_datadao::{DEFAULT_USE_CASES, DataDaoScenario, keys};
use grassroot_report::plot::{Figure, Panel, render_png};
use grassroot_sim::driver::{Driver, Ending, each_step};
use grassroot_sim::{Plugin, SeedScenario, Simulation, Value};

/// One run's series, one value per step.
#[derive(Default)]
struct Series {
    price: Vec<f64>,
    supply: Vec<f64>,
    pool_ddt: Vec<f64>,
    minted_join: Vec<f64>,
    minted_later: Vec<f64>,
    redeemed: Vec<f64>,
}

fn metric(sim: &Simulation, name: &str) -> f64 {
    sim.metrics().get(name).map_or(f64::NAN, Value::to_f64)
}

/// Runs `steps` steps of the scenario that `plugin` builds, with `settings` as the binary would.
fn run(
    settings: &Settings,
    steps: u64,
    plugin: impl Fn(&grassroot_config::Params) -> Box<dyn Plugin>,
) -> Result<Series, String> {
    let mut params = settings.params().map_err(|e| e.to_string())?;
    params.total_steps = steps;
    let mut builder = Simulation::builder(&params);
    builder.set_settings(settings.clone());
    builder.add_boxed_plugin(plugin(&params));
    let mut sim = builder.build().map_err(|e| e.to_string())?;
    let mut s = Series::default();
    let mut record = each_step(|sim: &mut Simulation| {
        let supply = sim.supply();
        s.price.push(metric(sim, "price"));
        s.supply.push(supply.ddt_minted.saturating_sub(supply.ddt_burned).to_f64());
        s.pool_ddt.push(metric(sim, "pool_ddt"));
        let (join, lock) = (metric(sim, "ddt_minted_join"), metric(sim, "ddt_minted_lock"));
        s.minted_join.push(join);
        s.minted_later.push(lock - join);
        s.redeemed.push(metric(sim, "ddt_redeemed"));
    });
    let run = Driver::new().steps(steps).sink(&mut record).run(&mut sim).map_err(|e| e.to_string())?;
    match run.ending {
        Ending::Failed(e) => Err(e.to_string()),
        Ending::Completed | Ending::Interrupted => Ok(s),
    }
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "docs/datadao_vs_seed.png".to_owned()));
    let steps = match args.next().map(|s| s.parse::<u64>()) {
        None => 2000,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("error: the second argument is the number of steps, a whole number >= 1");
            return ExitCode::from(2);
        }
    };
    let result = (|| -> Result<(Series, Series), String> {
        let seed_settings = Settings::defaults(&Schema::seed()).map_err(|e| e.to_string())?;
        let mut schema = Schema::seed();
        keys::add_params(&mut schema, &DEFAULT_USE_CASES).map_err(|e| e.to_string())?;
        let datadao_settings = Settings::defaults(&schema).map_err(|e| e.to_string())?;
        let seed = run(&seed_settings, steps, |p| Box::new(SeedScenario::new(p)))?;
        let datadao = run(&datadao_settings, steps, |p| Box::new(DataDaoScenario::new(p)))?;
        Ok((seed, datadao))
    })();
    let (seed, datadao) = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let x: Vec<f64> = (0..steps).map(|s| s as f64).collect();
    let figure = Figure {
        title: format!("baseline vs datadao scenario — defaults, seed 42, {steps} daily steps"),
        x_label: "step (day)".to_owned(),
        x: &x,
        panels: vec![
            Panel::new("dDT price (log scale)", "xDAI per dDT")
                .log_scale()
                .with_line("baseline", &seed.price)
                .with_line("datadao", &datadao.price)
                .into(),
            Panel::new("dDT supply (minted - burned)", "dDT")
                .with_line("baseline", &seed.supply)
                .with_line("datadao", &datadao.supply)
                .into(),
            Panel::new("Pool dDT reserve", "dDT")
                .with_line("baseline", &seed.pool_ddt)
                .with_line("datadao", &datadao.pool_ddt)
                .into(),
            Panel::new("datadao: where dDT came from (cumulative)", "dDT")
                .with_line("minted on joining (locking CRC)", &datadao.minted_join)
                .with_line("minted later (new contributions)", &datadao.minted_later)
                .with_line("redeemed (burned, CRC unlocked)", &datadao.redeemed)
                .with_line("baseline: minted on joining", &seed.supply)
                .into(),
        ],
        columns: 2,
    };
    if let Err(e) = render_png(&figure, &out) {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let last = |v: &[f64]| v.last().copied().unwrap_or(f64::NAN);
    println!("wrote {}", out.display());
    println!("step {}: price baseline {:.3e}, datadao {:.3e}", steps - 1, last(&seed.price), last(&datadao.price));
    println!("step {}: supply baseline {:.0}, datadao {:.0}", steps - 1, last(&seed.supply), last(&datadao.supply));
    ExitCode::SUCCESS
}
