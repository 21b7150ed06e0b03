//! The engine's standard plugins: entry, the standard behaviours, The Pie's distribution, the
//! standard metrics, one plugin per archetype, and the seed scenario that groups them.
//!
//! The entry plugin claims [`Job::ENTRY`], the behaviours plugin [`Job::BEHAVIOURS`] and the
//! Pie plugin [`Job::PIE_PAYOUT`], so a scenario that replaces one (the dataDAO pays The Pie by
//! use case; the original simulation has turns of its own) cannot run beside it.

use bevy_ecs::schedule::IntoScheduleConfigs;
use grassroot_amm::{FeeModel, Wad};
use grassroot_config::{ArchetypeParams, Params, TurnOrder};

use crate::archetype::Archetype;
use crate::builder::SimBuilder;
use crate::components::{BuysShortfall, ComputeDemand, Dumper, FeeReinvest, LiquiditySeeder, StepSeller};
use crate::plugin::{Job, Plugin};
use crate::resources::population::EntryPlan;
use crate::sets::{EntrySystems, SimSet};
use crate::systems;

/// Members join at step 0 and every `every` steps, `per_entry` at a time, in the archetypes'
/// proportions, and receive their starting balances.
#[derive(Clone, Copy, Debug)]
pub struct EntryPlugin(pub EntryPlan);

impl Plugin for EntryPlugin {
    fn build(&self, sim: &mut SimBuilder) {
        sim.claim(Job::ENTRY, self.name())
            .insert_resource(self.0)
            .add_systems(EntrySystems, (systems::entry::admit_members, systems::entry::endow_newcomers).chain());
    }
}

/// The behaviours the seed archetypes are made of. By `TURN_ORDER=phases`: [`ComputeDemand`]
/// (+ [`BuysShortfall`]) in the spend phase, [`StepSeller`] and [`Dumper`] in the trade phase,
/// [`LiquiditySeeder`] and, under `FEE_MODEL=account`, the LP holders' fee collection in the
/// liquidity phase. By `TURN_ORDER=agents`: all of them as each agent's whole turn
/// ([`systems::whole_turns()`]), in the spend phase. Claims [`Job::BEHAVIOURS`].
#[derive(Clone, Copy, Debug, Default)]
pub struct BehavioursPlugin;

impl Plugin for BehavioursPlugin {
    fn build(&self, sim: &mut SimBuilder) {
        sim.claim(Job::BEHAVIOURS, self.name());
        let params = sim.params();
        let (order, fees) = (params.turn_order, params.fee_model);
        match order {
            TurnOrder::Phases => {
                sim.add_systems(SimSet::Spend, systems::spend::spend_on_compute)
                    .add_systems(SimSet::Trade, systems::trade::sell_ddt)
                    .add_systems(SimSet::Liquidity, systems::liquidity::seed_liquidity);
                if fees == FeeModel::Account {
                    sim.add_systems(
                        SimSet::Liquidity,
                        systems::liquidity::collect_fees.after(systems::liquidity::seed_liquidity),
                    );
                }
            }
            TurnOrder::Agents => {
                sim.add_systems(SimSet::Spend, systems::whole_turns);
            }
        }
    }
}

/// The Pie pays out its payout rate each step to member groups by their Pie shares.
#[derive(Clone, Copy, Debug, Default)]
pub struct PiePlugin;

impl Plugin for PiePlugin {
    fn build(&self, sim: &mut SimBuilder) {
        sim.claim(Job::PIE_PAYOUT, self.name()).add_systems(SimSet::PieDistribution, systems::pie::distribute_pie);
    }
}

/// The standard columns of `simulation_data.csv`.
#[derive(Clone, Copy, Debug, Default)]
pub struct StandardMetricsPlugin;

impl Plugin for StandardMetricsPlugin {
    fn build(&self, sim: &mut SimBuilder) {
        sim.enable_standard_metrics();
    }
}

/// Adds one archetype.
#[derive(Clone, Debug)]
pub struct ArchetypePlugin(pub Archetype);

impl Plugin for ArchetypePlugin {
    fn build(&self, sim: &mut SimBuilder) {
        sim.add_archetype(self.0.clone());
    }

    /// One per archetype: the archetypes' names tell them apart (a name registered twice is
    /// refused by [`SimBuilder::add_archetype`]).
    fn is_unique(&self) -> bool {
        false
    }
}

/// The archetype that a set of per-role parameters describes: a bundle of the standard
/// behaviour components, each present only where its parameter asks for it.
pub fn archetype_from_params(p: &ArchetypeParams) -> Archetype {
    let mut a = Archetype::new(&p.role, p.share)
        .founders(p.founders)
        .starts_with(p.initial_ddt, p.initial_xdai)
        .pie_share(p.pie_share, p.pie_use);
    if p.spend_per_step > Wad::ZERO {
        a = a.with_bundle(ComputeDemand { per_step: p.spend_per_step, partial: p.partial });
        if p.buys_shortfall {
            a = a.with_bundle(BuysShortfall { max_price: p.max_buy_price, rule: p.buy });
        }
    }
    if p.sell_per_step > Wad::ZERO {
        a = a.with_bundle(StepSeller { per_step: p.sell_per_step, partial: p.partial });
    }
    if p.fee_reinvest > Wad::ZERO {
        a = a.with_bundle(FeeReinvest { share: p.fee_reinvest });
    }
    if p.dumps_ddt {
        a = a.with_bundle(Dumper);
    }
    if p.seed_liquidity_ddt > Wad::ZERO && p.seed_liquidity_xdai > Wad::ZERO {
        a = a.with_bundle(LiquiditySeeder { ddt: p.seed_liquidity_ddt, xdai: p.seed_liquidity_xdai, rule: p.deposit });
    }
    a
}

/// The seed scenario of the grassroots dataDAO, as a plugin group: entry, the standard
/// behaviours, The Pie, the five archetypes (degen_user, organization, power_user,
/// active_user, casual_user, from the parameters) and the standard metrics.
#[derive(Clone, Debug)]
pub struct SeedScenario {
    entry: EntryPlan,
    archetypes: Vec<Archetype>,
}

impl SeedScenario {
    /// The scenario as the parameters describe it.
    pub fn new(params: &Params) -> SeedScenario {
        SeedScenario {
            entry: EntryPlan::from_params(params),
            archetypes: params.archetypes.iter().map(archetype_from_params).collect(),
        }
    }

    /// The plugins the scenario adds, in the order it adds them: entry, the standard
    /// behaviours, The Pie, the standard metrics, then one per archetype.
    pub fn plugins(&self) -> Vec<Box<dyn Plugin>> {
        self.plugins_with(Box::new(BehavioursPlugin), Box::new(PiePlugin))
    }

    /// [`SeedScenario::plugins`] with `behaviours` in place of [`BehavioursPlugin`] and
    /// `payout` in place of [`PiePlugin`] (the original scenario's, say).
    pub fn plugins_with(&self, behaviours: Box<dyn Plugin>, payout: Box<dyn Plugin>) -> Vec<Box<dyn Plugin>> {
        let mut plugins: Vec<Box<dyn Plugin>> =
            vec![Box::new(EntryPlugin(self.entry)), behaviours, payout, Box::new(StandardMetricsPlugin)];
        plugins.extend(self.archetypes.iter().map(|a| Box::new(ArchetypePlugin(a.clone())) as Box<dyn Plugin>));
        plugins
    }
}

impl Plugin for SeedScenario {
    fn build(&self, sim: &mut SimBuilder) {
        for plugin in self.plugins() {
            sim.add_boxed_plugin(plugin);
        }
    }
}
