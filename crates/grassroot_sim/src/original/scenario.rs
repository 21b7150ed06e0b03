//! `--scenario original`: the seed scenario with the original's defects switched on by its
//! keys, The Pie's payout that reaches nobody in place of the engine's, and the columns of
//! every flow the defects create or destroy.

use bevy_ecs::system::{Res, ResMut};
use grassroot_config::{Params, Settings, role_key};

use super::keys::{FEE_RESET, FLOAT_BALANCES, LP_SHARES, OVERSPENDS, PIE_PAYS_NOBODY, REINVEST_CREATES_DDT};
use super::{FloatBalance, OriginalRules, Overspends};
use crate::builder::SimBuilder;
use crate::economy::Economy;
use crate::plugin::{Job, Plugin};
use crate::plugins::{PiePlugin, SeedScenario};
use crate::resources::market::Market;
use crate::resources::metrics::MetricRow;
use crate::resources::supply::Supply;
use crate::sets::SimSet;

/// The columns the original scenario adds to `simulation_data.csv`: the fee account and the
/// cumulative flows of its defects.
pub const ORIGINAL_COLUMNS: [&str; 5] = [
    "xdai_fee_account",
    "xdai_fees_forfeited",
    "ddt_created_by_reinvest",
    "ddt_created_by_overspend",
    "ddt_pie_unpaid",
];

/// The original simulation as a plugin group: the seed scenario's plugins, with
/// [`UnpaidPiePlugin`] in place of [`PiePlugin`] while `ORIGINAL_PIE_PAYS_NOBODY` is on, and
/// [`OriginalMetricsPlugin`]. The defects are read from the builder's settings (all on, and
/// `power_user` overspending, when it has none).
#[derive(Clone, Debug)]
pub struct OriginalScenario {
    seed: SeedScenario,
    roles: Vec<String>,
}

impl OriginalScenario {
    /// The scenario as the parameters describe it.
    pub fn new(params: &Params) -> OriginalScenario {
        OriginalScenario {
            seed: SeedScenario::new(params),
            roles: params.archetypes.iter().map(|a| a.role.clone()).collect(),
        }
    }
}

/// The defects the settings switch on, and the roles that overspend.
fn read_rules(settings: Option<&Settings>, roles: &[String]) -> (OriginalRules, Vec<String>) {
    let on = |key: &str| settings.is_none_or(|s| s.get_bool(key).unwrap_or(true));
    let rules = OriginalRules {
        pie_pays_nobody: on(PIE_PAYS_NOBODY),
        fee_reset: on(FEE_RESET),
        reinvest_creates_ddt: on(REINVEST_CREATES_DDT),
        float_balances: on(FLOAT_BALANCES),
        lp_by_ddt: on(LP_SHARES),
    };
    let overspending = roles
        .iter()
        .filter(|role| match settings {
            Some(s) => s.get_bool(&role_key(role, OVERSPENDS)).unwrap_or(false),
            None => role.as_str() == "power_user",
        })
        .cloned()
        .collect();
    (rules, overspending)
}

impl Plugin for OriginalScenario {
    fn build(&self, sim: &mut SimBuilder) {
        let (rules, overspending) = read_rules(sim.settings(), &self.roles);
        let payout: Box<dyn Plugin> =
            if rules.pie_pays_nobody { Box::new(UnpaidPiePlugin) } else { Box::new(PiePlugin) };
        for plugin in self.seed.plugins_paying_by(payout) {
            sim.add_boxed_plugin(plugin);
        }
        sim.add_plugin(OriginalMetricsPlugin { rules, overspending, roles: self.roles.clone() });
    }
}

/// The original's Pie: every step it deducts `floor(balance x PIE_PAYOUT_RATE)` and pays it to
/// nobody ([`Economy::pay_pie_to_nobody`]). Claims [`Job::PIE_PAYOUT`].
#[derive(Clone, Copy, Debug, Default)]
pub struct UnpaidPiePlugin;

impl Plugin for UnpaidPiePlugin {
    fn build(&self, sim: &mut SimBuilder) {
        sim.claim(Job::PIE_PAYOUT, self.name()).add_systems(SimSet::PieDistribution, pay_pie_to_nobody);
    }
}

/// Deducts this step's payout from The Pie and pays nobody.
fn pay_pie_to_nobody(mut economy: Economy) {
    let budget = economy.pie().payout_budget();
    if !budget.is_zero() {
        // Cannot fail: the budget is at most the balance.
        let _ = economy.pay_pie_to_nobody(budget);
    }
}

/// The original's rules as a resource, its float balances and overspending as components of
/// the archetypes, and the columns `ORIGINAL_COLUMNS`.
#[derive(Clone, Debug)]
pub struct OriginalMetricsPlugin {
    /// The defects in force.
    pub rules: OriginalRules,
    /// Roles whose members overspend.
    pub overspending: Vec<String>,
    /// Every role (each keeps a float balance when `rules.float_balances`).
    pub roles: Vec<String>,
}

impl Plugin for OriginalMetricsPlugin {
    fn build(&self, sim: &mut SimBuilder) {
        sim.insert_resource(self.rules);
        if self.rules.float_balances {
            for role in &self.roles {
                sim.add_bundle(role, FloatBalance::default());
            }
        }
        for role in &self.overspending {
            sim.add_bundle(role, Overspends);
        }
        sim.add_metric_columns(&ORIGINAL_COLUMNS, original_metrics);
    }
}

/// Fills [`ORIGINAL_COLUMNS`].
fn original_metrics(market: Res<Market>, supply: Res<Supply>, mut row: ResMut<MetricRow>) {
    row.set("xdai_fee_account", market.pool().fee_account());
    row.set("xdai_fees_forfeited", supply.xdai_fees_forfeited);
    row.set("ddt_created_by_reinvest", supply.ddt_created_by_reinvest);
    row.set("ddt_created_by_overspend", supply.ddt_created_by_overspend);
    row.set("ddt_pie_unpaid", supply.ddt_pie_unpaid);
}
