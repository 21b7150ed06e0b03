//! A custom metric: the Gini coefficient of dDT holdings, as a column of simulation_data.csv and a plot panel.
//! Run: cargo run --release --example custom_metric -- --steps 500
//!
//! A metric is a column declared with its kind ([`Column::real`]) and a system:
//! [`SimBuilder::add_metric`] registers the column `ddt_gini` and runs [`ddt_gini`] in the
//! metrics phase of every step (after the holdings are tallied), where it sets its cell with
//! [`MetricRow::set`], through the same declaration. [`App::plot_column`] draws the
//! column as a panel of `simulation_results.png`. Everything else is the seed scenario, with
//! the binary's flags, `.env`, environment and `OUTPUT_DIR`.

use std::process::ExitCode;

use grassroot::prelude::*;

/// The new column of `simulation_data.csv`.
const GINI: Column = Column::real("ddt_gini");

fn main() -> ExitCode {
    App::seed().plugin(GiniPlugin).plot_column(GINI.name()).main()
}

/// Adds the `ddt_gini` column.
pub struct GiniPlugin;

impl Plugin for GiniPlugin {
    fn build(&self, sim: &mut SimBuilder) {
        sim.add_metric(GINI, ddt_gini);
    }
}

/// Sets `ddt_gini`: 0 when every agent holds the same dDT, close to 1 when one holds it all;
/// left empty before anyone has joined. The balances are copied into a buffer the system
/// keeps from step to step, so nothing is allocated per agent per step once it has grown.
pub fn ddt_gini(wallets: Query<&Wallet>, mut row: ResMut<MetricRow>, mut held: Local<Vec<u128>>) {
    held.clear();
    held.extend(wallets.iter().map(|w| w.ddt.raw()));
    if let Some(g) = gini(&mut held) {
        row.set(&GINI, g);
    }
}

/// The Gini coefficient of `values` (sorted in place): `sum_i (2i - n - 1) x_i / (n sum x)`
/// over the values in ascending order, `i` from 1. `None` for no values, 0 if all are 0.
fn gini(values: &mut [u128]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len() as f64;
    let (mut total, mut weighted) = (0.0_f64, 0.0_f64);
    for (i, &v) in values.iter().enumerate() {
        let x = v as f64;
        total += x;
        weighted += (2.0 * (i as f64 + 1.0) - n - 1.0) * x;
    }
    Some(if total == 0.0 { 0.0 } else { weighted / (n * total) })
}
