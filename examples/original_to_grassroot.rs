//! The walk from the original simulation to grassroot, one difference at a time: a figure of the price paths and the table of docs/original.md.
//! Run: cargo run --release --example original_to_grassroot -- --out output/walk
//!
//! Starts from `--scenario original` ([`App::original`]: the original's `config.py` and its
//! defects, with the binary's flags, `.env` and environment on top) and switches the
//! differences of [`DIFFERENCES`] to grassroot's values one after another; after the last, the
//! run computes what `--scenario seed` does. It writes `original_to_grassroot.png` into
//! OUTPUT_DIR: the price on a log scale, one labelled line per stage. It prints, as the
//! Markdown rows of `docs/original.md`, the price at steps 500 and 2000 (or the last step) of
//! each stage, and of each difference switched alone: to grassroot's value from the original,
//! and to the original's value from grassroot's default. No run writes a log or a plot: each
//! is a [`Comparison::run`] of the same base (read by [`App::compare`]) with its changes.
#![expect(clippy::print_stdout, reason = "examples report to the terminal")]

use std::process::ExitCode;

use grassroot::original::{DIFFERENCES, Difference, Nature};
use grassroot::report::plot::{Figure, Panel, PanelKind};
use grassroot::{App, AppError, Comparison};

/// The price after every step of the comparison's base with `changes` on top.
fn prices(runs: &Comparison<'_>, changes: &[(&str, &str)]) -> Result<Vec<f64>, AppError> {
    let mut out = Vec::new();
    runs.run(changes, |sim| out.push(sim.metrics().get("price").map_or(f64::NAN, |v| v.to_f64())))?;
    Ok(out)
}

/// The original's values of a difference's keys: their defaults in `--scenario original`.
fn original_values(app: &App, d: &Difference) -> Vec<(&'static str, String)> {
    d.grassroot.iter().map(|(k, _)| (*k, app.schema().spec(k).map(|s| s.default.clone()).unwrap_or_default())).collect()
}

/// The price after step `step` (1-based), or `-` for a step the run did not reach.
fn at(prices: &[f64], step: usize) -> String {
    step.checked_sub(1).and_then(|i| prices.get(i)).map_or("-".to_owned(), |p| format!("{p:.5e}"))
}

fn main() -> ExitCode {
    App::original().compare(walk)
}

fn walk(runs: &Comparison<'_>) -> Result<(), AppError> {
    let last = usize::try_from(runs.params().total_steps).unwrap_or(usize::MAX);
    let quoted = [500.min(last), last];
    let prices = |changes: &[(&str, &str)]| prices(runs, changes);
    let everything: Vec<(&str, &str)> = DIFFERENCES.iter().flat_map(|d| d.grassroot.iter().copied()).collect();

    // The walk: stage k has the first k differences switched to grassroot's values.
    let mut stages: Vec<(String, Vec<f64>)> = vec![("the original (--scenario original)".to_owned(), prices(&[])?)];
    let mut applied: Vec<(&str, &str)> = Vec::new();
    for d in &DIFFERENCES {
        applied.extend(d.grassroot.iter().copied());
        stages.push((format!("+ {}", d.label), prices(&applied)?));
    }
    println!("| stage | price at step {} | price at step {} |", quoted[0], quoted[1]);
    println!("|---|---|---|");
    for (label, p) in &stages {
        println!("| {label} | {} | {} |", at(p, quoted[0]), at(p, quoted[1]));
    }

    // Each difference alone, both ways.
    println!();
    println!(
        "| difference | nature | alone, from the original: step {} / {} | alone, from grassroot: step {} / {} |",
        quoted[0], quoted[1], quoted[0], quoted[1]
    );
    println!("|---|---|---|---|");
    for d in &DIFFERENCES {
        let from_original = prices(d.grassroot)?;
        let originals = original_values(runs.app(), d);
        let mut back: Vec<(&str, &str)> = everything.clone();
        back.retain(|(k, _)| !d.grassroot.iter().any(|(g, _)| g == k));
        back.extend(originals.iter().map(|(k, v)| (*k, v.as_str())));
        let from_grassroot = prices(&back)?;
        let nature = if d.nature == Nature::Defect { "defect" } else { "choice" };
        println!(
            "| {} | {nature} | {} / {} | {} / {} |",
            d.label,
            at(&from_original, quoted[0]),
            at(&from_original, quoted[1]),
            at(&from_grassroot, quoted[0]),
            at(&from_grassroot, quoted[1]),
        );
    }
    let mut router = everything.clone();
    router.push(("DEGEN_USER_DEPOSIT", "router"));
    let old = prices(&router)?;
    println!(
        "| the router's deposit (10 dDT + 10 x price xDAI) | choice | - | {} / {} |",
        at(&old, quoted[0]),
        at(&old, quoted[1])
    );

    let x: Vec<f64> = (1..=stages[0].1.len()).map(|s| s as f64).collect();
    let mut walk = Panel::new("Price, one difference at a time (log scale)", "xDAI per dDT").log_scale();
    for (label, p) in &stages {
        walk = walk.with_line(label.clone(), p);
    }
    walk = walk.with_line("grassroot with the router's deposit", &old);
    let mut rest = Panel::new("The stages after The Pie pays its members (log scale)", "xDAI per dDT").log_scale();
    for (label, p) in stages.iter().skip(1) {
        rest = rest.with_line(label.clone(), p);
    }
    let figure = Figure {
        title: "From the original simulation to grassroot".to_owned(),
        x_label: "step".to_owned(),
        x: &x,
        panels: vec![PanelKind::Series(walk), PanelKind::Series(rest)],
        columns: 1,
    };
    let path = runs.write_figure("original_to_grassroot.png", &figure)?;
    println!("\nwrote {}", path.display());
    Ok(())
}
