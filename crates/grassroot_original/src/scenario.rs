//! `--scenario original`: the seed scenario with the original's turns, its Pie and its
//! defects, as the keys switch them on.

use grassroot_config::Params;
use grassroot_sim::{PiePlugin, Plugin, SeedScenario, SimBuilder};

use crate::plugins::{DefectsPlugin, FloatPiePlugin, OriginalBehavioursPlugin, UnpaidPiePlugin};
use crate::rules::OriginalRules;

/// The original simulation as a plugin group: the seed scenario's plugins with
/// [`OriginalBehavioursPlugin`] in place of the engine's behaviours, and in place of its
/// `PiePlugin` [`UnpaidPiePlugin`] while `ORIGINAL_PIE_PAYS_NOBODY` is on ([`FloatPiePlugin`]
/// when it is off and the float balances on); then [`DefectsPlugin`]. The defects are read
/// from the builder's settings (all on, and `power_user` overspending, when it has none).
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

impl Plugin for OriginalScenario {
    fn build(&self, sim: &mut SimBuilder) {
        let (rules, overspending) = OriginalRules::read(sim.settings(), &self.roles);
        let payout: Box<dyn Plugin> = match (rules.pie_pays_nobody, rules.float_balances) {
            (true, _) => Box::new(UnpaidPiePlugin),
            (false, true) => Box::new(FloatPiePlugin),
            (false, false) => Box::new(PiePlugin),
        };
        for plugin in self.seed.plugins_with(Box::new(OriginalBehavioursPlugin), payout) {
            sim.add_boxed_plugin(plugin);
        }
        sim.add_plugin(DefectsPlugin { rules, overspending, roles: self.roles.clone() });
    }
}
