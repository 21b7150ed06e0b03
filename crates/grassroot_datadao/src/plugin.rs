//! [`DataDaoPlugin`]: the mechanism as a plugin — components on the data members' archetypes,
//! resources, systems in the engine's phases, and metric columns.
//!
//! Its `build` only registers (the systems, the resources that need no parameter, its claim to
//! pay out The Pie); its `finish`, once every plugin is built, resolves and validates the
//! parameters against the run's and the roles, and gives the data members' archetypes their
//! components and the run its columns. So it may be added before or after the archetypes.

use std::sync::Arc;

use bevy_ecs::schedule::IntoScheduleConfigs;
use grassroot_config::{ConfigError, Params};
use grassroot_sim::amm::Wad;
use grassroot_sim::{
    AmountLimit, ColumnBlock, ComputeSpends, EntryPlan, EntrySystems, Job, MetricsStage, Plugin, Roles, SimBuilder,
    SimSet,
};

use crate::books::{DaoBooks, DaoTally, PieBooks};
use crate::circles::Circles;
use crate::contribution::{Contribution, Contributor};
use crate::params::{DataDaoParams, WeightRule};
use crate::policy::RedeemPolicy;
use crate::rules::Rules;
use crate::systems::{books, circles, contributions, joining, locking, metrics, pie};
use crate::usecase::{DEFAULT_USE_CASES, Permissions};
use crate::weight::{ContributionWeight, QualityTimesQuantity, QualityTimesSqrtQuantity, Weighting};

/// Adds the dataDAO mechanism to the run's archetypes: Circles issuance and demurrage,
/// contributions, locking and redeeming, The Pie per use case, the books and the columns.
/// Add it instead of the engine's `PiePlugin` (both claim [`Job::PIE_PAYOUT`]), before or
/// after the archetypes.
///
/// Each step: in [`SimSet::Entry`] after the members join — demurrage, welcoming new data
/// members, issuance, contributions and withdrawals, locking, redeeming; in
/// [`SimSet::PieDistribution`] — tagging the step's compute spends with use cases, then paying
/// each use case's book to the members who permit it; in the metrics phase — tallying, checking
/// the books, filling the columns.
#[derive(Clone, Default)]
pub struct DataDaoPlugin {
    params: Option<DataDaoParams>,
    weight: Option<Arc<dyn ContributionWeight>>,
}

impl std::fmt::Debug for DataDaoPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataDaoPlugin")
            .field("params", &self.params)
            .field("weight", &self.weight.as_ref().map(|w| w.name()))
            .finish()
    }
}

impl DataDaoPlugin {
    /// The mechanism with its parameters read, when it is built, from the run's settings (the
    /// default use cases' keys, see [`crate::keys::add_params`]), or their defaults if the
    /// simulation was built from bare parameters.
    pub fn from_settings() -> DataDaoPlugin {
        DataDaoPlugin::default()
    }

    /// The mechanism with these parameters.
    pub fn new(params: DataDaoParams) -> DataDaoPlugin {
        DataDaoPlugin { params: Some(params), weight: None }
    }

    /// Uses `weight` as the Contribution Weight instead of `CONTRIBUTION_WEIGHT`'s.
    pub fn with_weight(mut self, weight: impl ContributionWeight) -> DataDaoPlugin {
        self.weight = Some(Arc::new(weight));
        self
    }

    /// The parameters given, read from the settings, or the defaults.
    fn resolve(&self, sim: &SimBuilder) -> Result<DataDaoParams, ConfigError> {
        if let Some(p) = &self.params {
            return Ok(p.clone());
        }
        match sim.settings() {
            Some(settings) if crate::keys::has_params(settings.schema()) => {
                DataDaoParams::from_settings(settings, &DEFAULT_USE_CASES)
            }
            _ => DataDaoParams::seed_defaults(),
        }
    }
}

impl Plugin for DataDaoPlugin {
    /// Registers the systems and the resources that need no parameter, and claims The Pie.
    fn build(&self, sim: &mut SimBuilder) {
        sim.claim(Job::PIE_PAYOUT, self.name())
            .insert_resource(ComputeSpends::default())
            .insert_resource(DaoBooks::default())
            .insert_resource(DaoTally::default());
        sim.add_systems(
            SimSet::Entry,
            (
                circles::apply_demurrage,
                joining::welcome_members,
                circles::issue_circles,
                contributions::contribute_and_withdraw,
                locking::lock_and_mint,
                locking::redeem_ddt,
            )
                .chain()
                .after(EntrySystems),
        )
        .add_systems(SimSet::PieDistribution, (pie::attribute_spends, pie::distribute_by_use_case).chain())
        .add_systems(MetricsStage::Tally, (books::tally_members, books::check_dao_books).chain());
    }

    /// Resolves and validates the parameters against the run's and the roles (all registered
    /// by now), gives the data members' archetypes their components, and adds the rules, The
    /// Pie's books, the weight and the columns.
    fn finish(&self, sim: &mut SimBuilder) {
        let params = match self.resolve(sim) {
            Ok(p) => p,
            Err(e) => {
                sim.add_error(e);
                return;
            }
        };
        let roles: Roles = sim.world_mut().resource::<Roles>().clone();
        let rules = match Rules::new(params, &roles) {
            Ok(r) => r,
            Err(e) => {
                sim.add_error(e);
                return;
            }
        };
        if let Err(e) = check_issuance(sim.params(), &rules, sim.amount_limit()) {
            sim.add_error(e);
            return;
        }
        for (role, info) in roles.iter() {
            let Some(r) = rules.role(role).filter(|r| r.data_member) else { continue };
            let contributor = Contributor {
                first: r.first_contribution,
                chance: r.contribution_chance,
                size: r.contribution_size,
                quality_min: r.quality_min,
                quality_max: r.quality_max,
                withdraw_chance: r.withdraw_chance,
            };
            sim.add_bundle(
                &info.name,
                (Circles::default(), Contribution::default(), Permissions::NONE, contributor, r.lock),
            );
            if let Some(below_price) = r.redeem_below_price {
                sim.add_bundle(&info.name, RedeemPolicy { below_price });
            }
        }
        let weight: Arc<dyn ContributionWeight> = match (&self.weight, rules.params.weight) {
            (Some(w), _) => Arc::clone(w),
            (None, WeightRule::Linear) => Arc::new(QualityTimesQuantity),
            (None, WeightRule::Sqrt) => Arc::new(QualityTimesSqrtQuantity),
        };
        let role_names: Vec<String> = roles.iter().map(|(_, info)| info.name.clone()).collect();
        let columns = metrics::columns(&role_names, &rules.params.use_cases);
        sim.insert_resource(PieBooks::new(rules.use_cases()))
            .insert_resource(Weighting(weight))
            .insert_resource(metrics::DaoColumns(ColumnBlock::new(columns[0].name())))
            .insert_resource(rules);
        sim.add_metric_columns(columns, metrics::dao_metrics);
    }
}

/// Checks that the CRC the run can issue fits in a `Wad`, and below the run's
/// [`AmountLimit`] when it has one: every member the run admits brings `CRC_ON_JOINING` and
/// receives the per-step issuance at most `TOTAL_STEPS` times (the dDT minted by locking it is
/// at most as much).
fn check_issuance(run: &Params, rules: &Rules, limit: Option<&AmountLimit>) -> Result<(), String> {
    let plan = EntryPlan::from_params(run);
    let members = plan.members_after(run.total_steps);
    let joining = rules.params.crc_on_joining;
    let per_step = rules.crc_per_step;
    let each = per_step.raw().checked_mul(u128::from(run.total_steps)).and_then(|v| v.checked_add(joining.raw()));
    let what = format!(
        "up to {members} members x (CRC_ON_JOINING = {joining} + TOTAL_STEPS = {} x {per_step} CRC a step from \
         CRC_PER_HOUR x STEP_HOURS)",
        run.total_steps
    );
    let fix = "lower CRC_PER_HOUR, CRC_ON_JOINING, TOTAL_STEPS or AGENTS_PER_ENTRY";
    let Some(total) = each.and_then(|each| each.checked_mul(u128::from(members))) else {
        return Err(format!("the CRC this run can issue overflows 2^128 - 1 base units: {what}\n  fix: {fix}"));
    };
    match limit {
        Some(limit) => limit.check(total, |l| {
            format!(
                "the CRC this run can issue, {} CRC, is not below {}: {what}\n  fix: {fix}, {}",
                Wad::from_raw(total),
                l.what,
                l.fix
            )
        }),
        None => Ok(()),
    }
}
