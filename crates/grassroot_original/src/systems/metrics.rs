//! The original's columns of `simulation_data.csv`: the fee account and the cumulative flows
//! of its defects.

use bevy_ecs::system::{Res, ResMut};
use grassroot_sim::{Market, MetricRow, Supply};

use crate::flows;

/// The columns, in order: the fee account, then each flow of [`flows::ALL`] by its name.
pub const COLUMNS: [&str; 5] = [
    "xdai_fee_account",
    flows::FEES_FORFEITED.name(),
    flows::CREATED_BY_REINVEST.name(),
    flows::CREATED_BY_OVERSPEND.name(),
    flows::PIE_UNPAID.name(),
];

/// Fills [`COLUMNS`].
pub fn original_metrics(market: Res<Market>, supply: Res<Supply>, mut row: ResMut<MetricRow>) {
    row.set(COLUMNS[0], market.pool().fee_account());
    for flow in flows::ALL {
        row.set(flow.name(), supply.flow(flow));
    }
}
