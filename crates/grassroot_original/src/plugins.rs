//! The original's plugins: its behaviours' turns ([`OriginalBehavioursPlugin`], in place of
//! the engine's `BehavioursPlugin`), its Pie payouts ([`UnpaidPiePlugin`],
//! [`FloatPiePlugin`], in place of the engine's `PiePlugin`) and its rules, components and
//! columns ([`DefectsPlugin`]).

use bevy_ecs::schedule::IntoScheduleConfigs;
use grassroot_amm::FeeModel;
use grassroot_config::TurnOrder;
use grassroot_sim::{EntrySystems, Job, Plugin, SimBuilder, SimSet};

use crate::components::{FloatBalance, Overspends};
use crate::rules::OriginalRules;
use crate::systems::{entry, metrics, phases, pie, whole_turns};

/// The standard behaviours with the original's turns (`systems::turns`): by `TURN_ORDER=phases`
/// the spend, trade and liquidity systems (with the fee collection under `FEE_MODEL=account`),
/// by `TURN_ORDER=agents` each agent's whole turn in the spend phase. Claims
/// [`Job::BEHAVIOURS`]; reads [`OriginalRules`] (from [`DefectsPlugin`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct OriginalBehavioursPlugin;

impl Plugin for OriginalBehavioursPlugin {
    fn build(&self, sim: &mut SimBuilder) {
        sim.claim(Job::BEHAVIOURS, self.name());
        let (order, fees) = (sim.params().turn_order, sim.params().fee_model);
        match order {
            TurnOrder::Phases => {
                sim.add_systems(SimSet::Spend, phases::spend_on_compute)
                    .add_systems(SimSet::Trade, phases::sell_ddt)
                    .add_systems(SimSet::Liquidity, phases::seed_liquidity);
                if fees == FeeModel::Account {
                    sim.add_systems(SimSet::Liquidity, phases::collect_fees.after(phases::seed_liquidity));
                }
            }
            TurnOrder::Agents => {
                sim.add_systems(SimSet::Spend, whole_turns);
            }
        }
    }
}

/// The original's Pie: every step it deducts `floor(balance x PIE_PAYOUT_RATE)` and pays it to
/// nobody. Claims [`Job::PIE_PAYOUT`].
#[derive(Clone, Copy, Debug, Default)]
pub struct UnpaidPiePlugin;

impl Plugin for UnpaidPiePlugin {
    fn build(&self, sim: &mut SimBuilder) {
        sim.claim(Job::PIE_PAYOUT, self.name()).add_systems(SimSet::PieDistribution, pie::pay_pie_to_nobody);
    }
}

/// The engine's payout to the member groups, with their float balances following it (the
/// original's Pie once it pays its members, while the float balances are on). Claims
/// [`Job::PIE_PAYOUT`].
#[derive(Clone, Copy, Debug, Default)]
pub struct FloatPiePlugin;

impl Plugin for FloatPiePlugin {
    fn build(&self, sim: &mut SimBuilder) {
        sim.claim(Job::PIE_PAYOUT, self.name())
            .add_systems(SimSet::PieDistribution, pie::distribute_pie_following_floats);
    }
}

/// The original's rules as a resource, its float balances (started at each newcomer's
/// starting dDT) and overspending as components of the archetypes, and the columns
/// [`metrics::COLUMNS`].
#[derive(Clone, Debug)]
pub struct DefectsPlugin {
    /// The defects in force.
    pub rules: OriginalRules,
    /// Roles whose members overspend.
    pub overspending: Vec<String>,
    /// Every role (each keeps a float balance when `rules.float_balances`).
    pub roles: Vec<String>,
}

impl Plugin for DefectsPlugin {
    fn build(&self, sim: &mut SimBuilder) {
        sim.insert_resource(self.rules);
        if self.rules.float_balances {
            for role in &self.roles {
                sim.add_bundle(role, FloatBalance::default());
            }
            sim.add_systems(SimSet::Entry, entry::start_float_balances.after(EntrySystems));
        }
        for role in &self.overspending {
            sim.add_bundle(role, Overspends);
        }
        sim.add_metric_columns(metrics::COLUMNS, metrics::original_metrics);
    }
}
