//! The same dataDAO run ungoverned and governed by tokens, by data and by person: a figure of price, The Pie, the governed parameters and who holds the supply, and the numbers of docs/governance.md.
//! Run: cargo run --release --example governance -- --out output/governance
//!
//! Starts from `--scenario datadao` ([`App::datadao`], with the binary's flags, `.env` and
//! environment on top) and runs it four times with the same seed: `GOVERNANCE=off`, then on
//! with `GOV_WEIGHT=tokens`, `data` and `person`, every other key as given. It writes
//! `governance.png` into OUTPUT_DIR (eight panels, one line per run) and prints, as the
//! Markdown tables of `docs/governance.md`, each run's final price, The Pie, who holds the dDT
//! supply, the proposals passed and executed by action, the dDT they moved and the governed
//! parameters at the end. No run writes a log or a plot: each is a [`Comparison::build`] of the
//! same base (read by [`App::compare`]) with its keys, stepped by [`step_to_end`].
#![expect(clippy::print_stdout, reason = "examples report to the terminal")]

use std::process::ExitCode;

use grassroot::comparison::step_to_end;
use grassroot::governance::{ActionKind, Proposals, Status};
use grassroot::report::plot::{Figure, Panel, PanelKind};
use grassroot::sim::Simulation;
use grassroot::{App, AppError, Comparison};

/// The four runs: a label and the keys that make it.
const RUNS: [(&str, &[(&str, &str)]); 4] = [
    ("off", &[("GOVERNANCE", "off")]),
    ("tokens", &[("GOVERNANCE", "on"), ("GOV_WEIGHT", "tokens")]),
    ("data", &[("GOVERNANCE", "on"), ("GOV_WEIGHT", "data")]),
    ("person", &[("GOVERNANCE", "on"), ("GOV_WEIGHT", "person")]),
];

/// The roles whose share of the supply is reported, in the table's order.
const ROLES: [&str; 5] = ["power_user", "active_user", "casual_user", "degen_user", "organization"];

/// One run, step by step and at its end.
#[derive(Default)]
struct Run {
    price: Vec<f64>,
    pie: Vec<f64>,
    payout_rate: Vec<f64>,
    granted: Vec<f64>,
    power_supply_share: Vec<f64>,
    pool_supply_share: Vec<f64>,
    executed: Vec<f64>,
    fee: Vec<f64>,
    /// At the end: the dDT supply, and the shares of it held by the pool, The Pie and each role.
    supply: f64,
    shares: Vec<(String, f64)>,
    /// Proposals: opened, passed, executed, and executed by kind.
    proposed: usize,
    passed: usize,
    executed_by_kind: Vec<(&'static str, usize)>,
    moved: [f64; 3],
    pie_shares: Vec<f64>,
}

fn metric(sim: &Simulation, name: &str) -> f64 {
    sim.metrics().get(name).map_or(f64::NAN, |v| v.to_f64())
}

/// The share of the dDT supply that `role`'s members hold.
fn role_share(sim: &Simulation, role: &str, supply: f64) -> f64 {
    let held =
        sim.roles().find(role).and_then(|r| sim.holdings().by_role.get(r.index())).map_or(0.0, |h| h.ddt.to_f64());
    held / supply
}

fn run(runs: &Comparison<'_>, changes: &[(&str, &str)]) -> Result<Run, AppError> {
    let mut sim = runs.build(changes)?;
    let governed = |sim: &Simulation, column: &str, otherwise: f64| {
        let v = metric(sim, column);
        if v.is_nan() { otherwise } else { v }
    };
    let (rate0, fee0) = (sim.pie().payout_rate().to_f64(), f64::from(sim.pool().fee_ppm()) / 1e6);
    let mut r = Run::default();
    step_to_end(&mut sim, |sim| {
        let supply = sim.supply().ddt_minted.saturating_sub(sim.supply().ddt_burned).to_f64();
        r.price.push(metric(sim, "price"));
        r.pie.push(metric(sim, "pie_ddt"));
        r.payout_rate.push(governed(sim, "gov_payout_rate", rate0));
        r.fee.push(governed(sim, "gov_fee_rate", fee0));
        r.granted.push(governed(sim, "gov_ddt_granted", 0.0));
        r.power_supply_share.push(role_share(sim, "power_user", supply));
        r.pool_supply_share.push(sim.pool().reserve_ddt().to_f64() / supply);
        r.executed.push(governed(sim, "gov_executed", 0.0));
    })?;
    let supply = sim.supply().ddt_minted.saturating_sub(sim.supply().ddt_burned).to_f64();
    r.supply = supply;
    r.shares.push(("pool".to_owned(), sim.pool().reserve_ddt().to_f64() / supply));
    r.shares.push(("The Pie".to_owned(), sim.pie().balance().to_f64() / supply));
    r.shares.extend(ROLES.iter().map(|role| ((*role).to_owned(), role_share(&sim, role, supply))));
    r.pie_shares = ROLES
        .iter()
        .map(|role| sim.roles().find(role).map_or(0.0, |x| sim.roles().get(x).pie_share.to_f64()))
        .collect();
    r.moved = [f64::NAN; 3];
    if let Some(proposals) = sim.world().get_resource::<Proposals>() {
        let all = proposals.all();
        r.proposed = all.len();
        r.passed =
            all.iter().filter(|p| matches!(p.status, Status::Passed { .. } | Status::Executed | Status::Void)).count();
        r.executed_by_kind = ActionKind::ALL
            .iter()
            .map(|k| (k.name(), all.iter().filter(|p| p.status == Status::Executed && p.action.kind() == *k).count()))
            .collect();
        r.moved = ["gov_ddt_burned", "gov_ddt_granted", "gov_ddt_to_liquidity"].map(|c| metric(&sim, c));
    }
    Ok(r)
}

fn main() -> ExitCode {
    App::datadao().compare(govern)
}

fn govern(comparison: &Comparison<'_>) -> Result<(), AppError> {
    let mut runs = Vec::new();
    for (label, changes) in RUNS {
        runs.push((label, run(comparison, changes)?));
    }
    print_tables(&runs);

    let steps = runs.first().map_or(0, |(_, r)| r.price.len());
    let x: Vec<f64> = (1..=steps).map(|s| s as f64).collect();
    let panel = |title: &str, unit: &str, pick: &dyn Fn(&Run) -> &[f64]| {
        runs.iter().fold(Panel::new(title, unit), |p, (label, r)| p.with_line(*label, pick(r)))
    };
    let panels = vec![
        panel("Price (log scale)", "xDAI per dDT", &|r| &r.price).log_scale(),
        panel("The Pie", "dDT", &|r| &r.pie),
        panel("The Pie's payout rate (governed)", "fraction", &|r| &r.payout_rate),
        panel("dDT granted by governance (cumulative)", "dDT", &|r| &r.granted),
        panel("Power users' share of the dDT supply", "fraction", &|r| &r.power_supply_share),
        panel("The pool's share of the dDT supply", "fraction", &|r| &r.pool_supply_share),
        panel("Proposals executed (cumulative)", "proposals", &|r| &r.executed),
        panel("Pool fee (governed)", "fraction", &|r| &r.fee),
    ];
    let figure = Figure {
        title: "One dataDAO, four ways to govern it: off, by tokens, by data, by person".to_owned(),
        x_label: "step".to_owned(),
        x: &x,
        panels: panels.into_iter().map(PanelKind::Series).collect(),
        columns: 2,
    };
    let path = comparison.write_figure("governance.png", &figure)?;
    println!("\nwrote {}", path.display());
    Ok(())
}

/// The Markdown tables of docs/governance.md.
fn print_tables(runs: &[(&str, Run)]) {
    let last = |v: &[f64]| v.last().copied().unwrap_or(f64::NAN);
    println!("| voting | price at the end | The Pie (dDT) | dDT supply | pool | The Pie | {} |", ROLES.join(" | "));
    println!("|---|---|---|---|---|---|{}", "---|".repeat(ROLES.len()));
    for (label, r) in runs {
        let shares: Vec<String> = r.shares.iter().map(|(_, s)| format!("{:.1}%", 100.0 * s)).collect();
        println!(
            "| {label} | {:.5e} | {:.1} | {:.0} | {} |",
            last(&r.price),
            last(&r.pie),
            r.supply,
            shares.join(" | ")
        );
    }
    println!();
    let kinds: Vec<&str> = ActionKind::ALL.iter().map(|k| k.name()).collect();
    println!(
        "| voting | proposed | passed | executed: {} | dDT burned / granted / to liquidity | payout rate | fee | Pie shares ({}) |",
        kinds.join(" / "),
        ROLES[..3].join(" / ")
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (label, r) in runs {
        let by_kind: Vec<String> = r.executed_by_kind.iter().map(|(_, n)| n.to_string()).collect();
        let by_kind = if by_kind.is_empty() { "-".to_owned() } else { by_kind.join(" / ") };
        let moved = r.moved.map(|m| if m.is_nan() { "-".to_owned() } else { format!("{m:.1}") }).join(" / ");
        let shares: Vec<String> = r.pie_shares.iter().take(3).map(|s| format!("{s:.3}")).collect();
        println!(
            "| {label} | {} | {} | {by_kind} | {moved} | {:.3} | {:.4} | {} |",
            r.proposed,
            r.passed,
            last(&r.payout_rate),
            last(&r.fee),
            shares.join(" / ")
        );
    }
}
