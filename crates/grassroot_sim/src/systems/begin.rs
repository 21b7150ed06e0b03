//! The first system of every tick: forget the previous step's flows.

use bevy_ecs::system::ResMut;

use crate::resources::market::Market;
use crate::resources::metrics::MetricRow;
use crate::resources::pie::Pie;
use crate::resources::population::Newcomers;
use crate::resources::spends::ComputeSpends;
use crate::resources::supply::ComputeStats;
use crate::resources::tx::TxLog;

/// Resets every per-step counter and buffer (trade stats, Pie flows, compute and its spends,
/// the transaction log, newcomers, the metric row) so that each step reports its own flows.
pub fn begin_step(
    mut market: ResMut<Market>,
    mut pie: ResMut<Pie>,
    mut compute: ResMut<ComputeStats>,
    spends: Option<ResMut<ComputeSpends>>,
    mut log: ResMut<TxLog>,
    mut newcomers: ResMut<Newcomers>,
    mut row: ResMut<MetricRow>,
) {
    market.begin_step();
    pie.begin_step();
    *compute = ComputeStats::default();
    if let Some(mut spends) = spends {
        spends.clear();
    }
    log.clear();
    newcomers.clear();
    row.clear();
}
