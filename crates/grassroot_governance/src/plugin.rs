//! [`GovernancePlugin`]: governance as a plugin — its resources, its systems in the engine's
//! governance phase, its columns.
//!
//! Its `build` only registers (the systems, the resources that need no parameter); its
//! `finish`, once every plugin is built, resolves the parameters, checks them against the run
//! (`GOV_WEIGHT=data` needs the dataDAO's Contribution Weight) and the roles, and adds the
//! rules and the columns. So it may be added before or after the scenario.

use bevy_ecs::schedule::IntoScheduleConfigs;
use grassroot_config::{Choice, ConfigError, ErrorKind};
use grassroot_datadao::DaoBooks;
use grassroot_sim::{ColumnBlock, Plugin, Roles, SimBuilder, SimSet};

use crate::keys;
use crate::params::{GovParams, VoteWeight};
use crate::proposal::Proposals;
use crate::rules::GovRules;
use crate::systems::{execute, metrics, propose, vote};
use crate::tally::GovTally;

/// Members govern The Pie's kept dDT and the run's parameters: every `GOV_PERIOD` steps a
/// proposal opens, members vote during `GOV_VOTING_STEPS` steps by the power `GOV_WEIGHT`
/// says, and a passed proposal is executed `GOV_TIMELOCK` steps later.
///
/// Each step, in [`SimSet::Governance`] (after The Pie's payout): opening a proposal with its
/// snapshot, casting the step's votes and closing proposals, executing those due; in the
/// metrics phase, the columns.
#[derive(Clone, Debug, Default)]
pub struct GovernancePlugin {
    params: Option<GovParams>,
}

impl GovernancePlugin {
    /// Governance with its parameters read, when it is built, from the run's settings (see
    /// [`crate::keys::add_params`]), or their defaults if there are none.
    pub fn from_settings() -> GovernancePlugin {
        GovernancePlugin::default()
    }

    /// Governance with these parameters.
    pub fn new(params: GovParams) -> GovernancePlugin {
        GovernancePlugin { params: Some(params) }
    }

    fn resolve(&self, sim: &SimBuilder) -> Result<GovParams, ConfigError> {
        if let Some(p) = &self.params {
            return Ok(p.clone());
        }
        match sim.settings() {
            Some(settings) if keys::has_params(settings.schema()) => GovParams::from_settings(settings),
            _ => GovParams::seed_defaults(),
        }
    }
}

impl Plugin for GovernancePlugin {
    /// Registers the systems and the resources that need no parameter.
    fn build(&self, sim: &mut SimBuilder) {
        sim.insert_resource(Proposals::default()).insert_resource(GovTally::default()).add_systems(
            SimSet::Governance,
            (propose::open_proposal, vote::cast_votes, execute::execute_proposals).chain(),
        );
    }

    /// Resolves the parameters, refuses `GOV_WEIGHT=data` in a run without the dataDAO, and adds
    /// the rules and the columns.
    fn finish(&self, sim: &mut SimBuilder) {
        let params = match self.resolve(sim) {
            Ok(p) => p,
            Err(e) => {
                sim.add_error(e);
                return;
            }
        };
        let datadao = sim.world_mut().contains_resource::<DaoBooks>();
        if params.weight == VoteWeight::Data && !datadao {
            let mut e = ConfigError::new(
                ErrorKind::NotAChoice,
                "needs Contribution Weight, which only --scenario datadao has: allowed without the dataDAO: tokens, person",
            )
            .with_key(keys::GOV_WEIGHT)
            .with_value(VoteWeight::Data.name())
            .with_allowed("tokens, person (data needs --scenario datadao)")
            .with_fix("run with --scenario datadao, or set GOV_WEIGHT=tokens or GOV_WEIGHT=person");
            if let Some(origin) = sim.settings().and_then(|s| s.origin(keys::GOV_WEIGHT)) {
                e = e.with_origin(origin.clone());
            }
            sim.add_error(e);
            return;
        }
        let roles: Roles = sim.world_mut().resource::<Roles>().clone();
        let role_names: Vec<String> = roles.iter().map(|(_, info)| info.name.clone()).collect();
        let columns = metrics::columns(&role_names);
        sim.insert_resource(GovRules::new(params, &roles))
            .insert_resource(metrics::GovColumns(ColumnBlock::new(columns[0].name())));
        sim.add_metric_columns(columns, metrics::gov_metrics);
    }
}
