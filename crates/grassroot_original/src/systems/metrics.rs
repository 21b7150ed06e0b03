//! The original's columns of `simulation_data.csv`: the cumulative flows of its defects (the
//! fee account before them is the engine's, a column wherever `FEE_MODEL=account`).

use bevy_ecs::system::{Res, ResMut};
use grassroot_sim::{Column, MetricRow, Supply};

use crate::flows;

/// The columns, in order: each flow of [`flows::ALL`] by its name (every one an amount).
pub const COLUMNS: [Column; 4] = [
    Column::amount(flows::FEES_FORFEITED.name()),
    Column::amount(flows::CREATED_BY_REINVEST.name()),
    Column::amount(flows::CREATED_BY_OVERSPEND.name()),
    Column::amount(flows::PIE_UNPAID.name()),
];

/// Fills [`COLUMNS`].
pub fn original_metrics(supply: Res<Supply>, mut row: ResMut<MetricRow>) {
    for (column, flow) in COLUMNS.iter().zip(flows::ALL) {
        row.set(column, supply.flow(flow));
    }
}
