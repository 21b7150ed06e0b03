//! `--scenario original` against the original Python simulation's own series
//! (`tests/data/original/series.csv`, taken from an unmodified run of it) at every one of its
//! 2000 steps: price, the pool's dDT and xDAI, The Pie, and each role's head count (exactly)
//! and average xDAI, within [`TOLERANCE`] relative. The issue asked for 1e-4; the worst
//! difference is 4.8e-12 (the price at step 1644): float64 rounding against exact integers.

use grassroot::App;
use grassroot::config::{Origin, Settings};

/// The relative tolerance every float column must meet at every step: the original's floats
/// against grassroot's exact integers differ in the twelfth digit, so a reproduction that
/// drifts (a decision taken differently at one step) fails by far.
const TOLERANCE: f64 = 1e-9;

const SERIES: &str = include_str!("data/original/series.csv");

const ROLES: [&str; 5] = ["degen_user", "organization", "power_user", "active_user", "casual_user"];

/// The original's column and grassroot's for each compared float.
fn float_columns() -> Vec<(String, String)> {
    let mut cols: Vec<(String, String)> = [
        ("price", "price"),
        ("lp_dDT_reserve", "pool_ddt"),
        ("lp_xDAI_reserve", "pool_xdai"),
        ("pie_total_ddt", "pie_ddt"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    cols.extend(ROLES.iter().map(|r| (format!("xdai_{r}"), format!("avg_xdai_{r}"))));
    cols
}

fn relative(reference: f64, ours: f64) -> f64 {
    if reference == ours {
        return 0.0;
    }
    (reference - ours).abs() / reference.abs().max(ours.abs())
}

#[test]
fn the_original_scenario_follows_the_originals_series_at_every_step() {
    let app = App::original();
    let defaults = Settings::defaults(app.schema()).expect("the original's defaults are valid");
    let quiet = [("TX_LOG", "off"), ("PLOT", "off")].map(|(k, v)| (k, v, Origin::Flag { flag: "--set".into() }));
    let settings = defaults.with_values(quiet).expect("valid settings");
    let mut sim = app.build(&settings).expect("the original scenario builds");

    let mut lines = SERIES.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no column {name}"));
    let floats = float_columns();
    let mut worst: Vec<(f64, u64)> = vec![(0.0, 0); floats.len()];
    let mut rows = 0u64;
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let step: u64 = cells[col("step")].parse().expect("a step number");
        sim.step().unwrap_or_else(|e| panic!("step {step}: {e}"));
        let metrics = sim.metrics();
        let ours = |name: &str| metrics.get(name).unwrap_or_else(|| panic!("no metric {name}")).to_f64();
        for role in ROLES {
            let count: f64 = cells[col(&format!("active_{role}s"))].parse().expect("a count");
            assert_eq!(ours(&format!("agents_{role}")), count, "head count of {role} after step {step}");
        }
        for (i, (theirs, mine)) in floats.iter().enumerate() {
            let reference: f64 = cells[col(theirs)].parse().expect("a number");
            let r = relative(reference, ours(mine));
            if r > worst[i].0 {
                worst[i] = (r, step);
            }
        }
        rows += 1;
    }
    assert_eq!(rows, 2000, "the series has the original's 2000 steps");
    let report: Vec<String> =
        floats.iter().zip(&worst).map(|((theirs, _), (r, step))| format!("{theirs}: {r:.2e} at step {step}")).collect();
    assert!(
        worst.iter().all(|(r, _)| *r <= TOLERANCE),
        "the original scenario leaves the original's series by more than {TOLERANCE}: {}",
        report.join("; ")
    );
    eprintln!("worst relative differences: {}", report.join("; "));
}
