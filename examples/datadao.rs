//! The dataDAO mechanism: dDT minted by locking Circles against contributed data, The Pie paid per use case to members who permit it.
//! Run: cargo run --release --example datadao -- --steps 365 --set PIE_SPLIT=equal --out out/datadao
//!
//! The same program as `grassroot --scenario datadao`: [`App::datadao`] is the seed's
//! parameters plus the dataDAO's (`grassroot params` lists them under `dataDAO`), the
//! [`DataDaoScenario`](grassroot::datadao::DataDaoScenario) plugin group, and three more figure
//! panels (where dDT supply came from, The Pie's payouts by use case, Circles). The run writes
//! the standard outputs; `simulation_data.csv` gains the mechanism's columns (crc_*, ddt_minted_lock,
//! ddt_redeemed, weight_total, avg_weight_<role>, pie_paid_<use case>) and the transaction log its
//! actions (contribute, withdraw, lock_mint, redeem). Its books are checked after every step.

use std::process::ExitCode;

use grassroot::App;

fn main() -> ExitCode {
    App::datadao().main()
}
