//! The original's columns of `simulation_data.csv`: the fee account and the cumulative flows
//! of its defects.

use bevy_ecs::system::{Res, ResMut};
use grassroot_sim::{Column, Market, MetricRow, Supply};

use crate::flows;

/// The columns, in order: the fee account, then each flow of [`flows::ALL`] by its name
/// (every one an amount).
pub const COLUMNS: [Column; 5] = [
    Column::amount("xdai_fee_account"),
    Column::amount(flows::FEES_FORFEITED.name()),
    Column::amount(flows::CREATED_BY_REINVEST.name()),
    Column::amount(flows::CREATED_BY_OVERSPEND.name()),
    Column::amount(flows::PIE_UNPAID.name()),
];

/// Fills [`COLUMNS`].
pub fn original_metrics(market: Res<Market>, supply: Res<Supply>, mut row: ResMut<MetricRow>) {
    let [fee_account, flow_columns @ ..] = COLUMNS;
    row.set(&fee_account, market.pool().fee_account());
    for (column, flow) in flow_columns.iter().zip(flows::ALL) {
        row.set(column, supply.flow(flow));
    }
}
