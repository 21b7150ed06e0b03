//! The first system of every tick: forget the previous step's flows.

use bevy_ecs::system::ResMut;

use crate::market::Market;
use crate::metrics::MetricRow;
use crate::pie::Pie;
use crate::population::Newcomers;
use crate::spends::ComputeSpends;
use crate::supply::ComputeStats;
use crate::tx::TxLog;

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
