//! [`SimBuilder`]: assembles a world and its schedule from parameters and plugins.

use bevy_ecs::bundle::Bundle;
use bevy_ecs::resource::Resource;
use bevy_ecs::schedule::{IntoScheduleConfigs, Schedule, SystemSet};
use bevy_ecs::system::ScheduleSystem;
use bevy_ecs::world::World;
use grassroot_amm::Pool;
use grassroot_config::{Params, Settings};

use crate::archetype::{Archetype, Archetypes};
use crate::books::CheckBooks;
use crate::plugin::Plugin;
use crate::resources::clock::Clock;
use crate::resources::fault::{Faults, SimError};
use crate::resources::market::Market;
use crate::resources::metrics::{Holdings, MetricRow};
use crate::resources::pie::Pie;
use crate::resources::population::{EntryPlan, Newcomers, check_starting_supply};
use crate::resources::rng::SimRng;
use crate::resources::roles::Roles;
use crate::resources::supply::{ComputeStats, Supply};
use crate::resources::tx::TxLog;
use crate::sets::SimSet;
use crate::simulation::{RunParams, RunSettings, Simulation};
use crate::systems;
use crate::systems::metrics::{ROLE_COLUMN_PREFIXES, STANDARD_COLUMNS};

/// Stages inside [`SimSet::Metrics`]: holdings are tallied and the books checked before any
/// metric system records a value.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricsStage {
    /// Tally holdings and check the books.
    Tally,
    /// Metric systems (standard and custom) fill the row.
    Record,
}

/// Builds a [`Simulation`]: core resources from the parameters, then whatever plugins add.
///
/// The core (always present) holds the clock, the seeded RNG, the market with its pool, The
/// Pie, the supply books, the transaction log, the roles and the metric row, and runs the
/// per-step bookkeeping: reset at the start of a tick, tally and books check in the metrics
/// phase. Everything that acts — entry, behaviours, Pie distribution, metrics — is a plugin.
pub struct SimBuilder {
    world: World,
    schedule: Schedule,
    custom_columns: Vec<String>,
    standard_metrics: bool,
    errors: Vec<String>,
}

impl SimBuilder {
    pub(crate) fn new(params: &Params) -> SimBuilder {
        let mut world = World::new();
        let mut errors = Vec::new();
        let pool = Pool::new(params.fee_ppm).unwrap_or_else(|e| {
            errors.push(format!("pool fee: {e}"));
            Pool::new(0).unwrap_or_else(|_| unreachable!("a zero fee is always valid"))
        });
        world.insert_resource(RunParams(params.clone()));
        world.insert_resource(Clock { step: 0, total_steps: params.total_steps });
        world.insert_resource(SimRng::new(params.seed));
        world.insert_resource(Market::new(pool));
        world.insert_resource(Pie::new(params.pie_payout_rate));
        world.insert_resource(Supply::default());
        world.insert_resource(ComputeStats::default());
        world.insert_resource(TxLog::new(params.tx_log));
        world.insert_resource(Faults::default());
        world.insert_resource(Roles::default());
        world.insert_resource(Archetypes::default());
        world.insert_resource(MetricRow::default());
        world.insert_resource(Holdings::default());
        world.insert_resource(Newcomers::default());
        world.insert_resource(CheckBooks(params.check_books));

        let mut schedule = Schedule::default();
        schedule.configure_sets(
            (SimSet::Entry, SimSet::Spend, SimSet::Trade, SimSet::Liquidity, SimSet::PieDistribution, SimSet::Metrics)
                .chain(),
        );
        schedule.configure_sets((MetricsStage::Tally, MetricsStage::Record).chain().in_set(SimSet::Metrics));
        schedule.add_systems(systems::begin::begin_step.in_set(SimSet::Entry).before(EntrySystems));
        schedule.configure_sets(EntrySystems.in_set(SimSet::Entry));
        schedule.add_systems(
            (systems::metrics::tally_holdings, systems::metrics::check_books).chain().in_set(MetricsStage::Tally),
        );
        SimBuilder { world, schedule, custom_columns: Vec::new(), standard_metrics: false, errors }
    }

    /// The run's parameters.
    pub fn params(&self) -> &Params {
        &self.world.resource::<RunParams>().0
    }

    /// Every resolved setting, including plugins' own keys (set by the program that loaded
    /// them; `None` when the simulation was built from bare [`Params`]).
    pub fn settings(&self) -> Option<&Settings> {
        self.world.get_resource::<RunSettings>().map(|s| &s.0)
    }

    /// Records the resolved settings, for plugins that read their own keys.
    pub fn set_settings(&mut self, settings: Settings) -> &mut Self {
        self.world.insert_resource(RunSettings(settings));
        self
    }

    /// Adds a plugin (which may add more).
    pub fn add_plugin(&mut self, plugin: impl Plugin) -> &mut Self {
        tracing::debug!(plugin = plugin.name(), "adding plugin");
        plugin.build(self);
        self
    }

    /// Adds a plugin, by value (for chaining).
    pub fn with_plugin(mut self, plugin: impl Plugin) -> Self {
        self.add_plugin(plugin);
        self
    }

    /// Registers an archetype: a role, its share of the population and its bundle.
    pub fn add_archetype(&mut self, archetype: Archetype) -> &mut Self {
        let mut roles = self.world.resource_mut::<Roles>();
        if roles.find(archetype.name()).is_some() {
            self.errors.push(format!("archetype '{}' is registered twice", archetype.name()));
            return self;
        }
        roles.add(archetype.name(), archetype.share(), archetype.pie_share_of_payout());
        self.world.resource_mut::<Archetypes>().push(archetype);
        self
    }

    /// Gives every member of the registered archetype `name` also `bundle`: how a plugin adds
    /// its own behaviour component to a role declared elsewhere (e.g. a role whose keys were
    /// added to the parameters with `Schema::add_role` and whose archetype the scenario built).
    /// Members that joined before are not changed; add bundles before the first step. An
    /// unknown name makes [`SimBuilder::build`] fail.
    ///
    /// ```
    /// use grassroot_config::Params;
    /// use grassroot_sim::{SeedScenario, Simulation, StepSeller};
    /// use grassroot_sim::amm::Wad;
    ///
    /// let params = Params::seed_defaults();
    /// let mut builder = Simulation::builder(&params).with_plugin(SeedScenario::new(&params));
    /// // Organizations also sell a little every step.
    /// builder.add_bundle("organization", StepSeller { per_step: Wad::ONE });
    /// assert!(builder.build().is_ok());
    ///
    /// let mut builder = Simulation::builder(&params);
    /// builder.add_bundle("whale", StepSeller { per_step: Wad::ONE });
    /// assert!(builder.build().is_err());
    /// ```
    pub fn add_bundle<B: Bundle + Clone>(&mut self, name: &str, bundle: B) -> &mut Self {
        let Some(role) = self.world.resource::<Roles>().find(name) else {
            self.errors.push(format!("no archetype '{name}' to add a bundle to: register it first"));
            return self;
        };
        self.world.resource_mut::<Archetypes>().add_bundle(role, bundle);
        self
    }

    /// Records a setup problem that a plugin found (e.g. its parameters are valid one by one
    /// but not together): [`SimBuilder::build`] then fails with the first one recorded, which a
    /// program reports as bad input.
    ///
    /// ```
    /// use grassroot_config::Params;
    /// use grassroot_sim::{SimBuilder, Simulation};
    ///
    /// let params = Params::seed_defaults();
    /// let mut builder = Simulation::builder(&params);
    /// builder.add_plugin(|sim: &mut SimBuilder| {
    ///     sim.add_error("WHALE_MIN = 5 is above WHALE_MAX = 2");
    /// });
    /// let err = builder.build().err().map(|e| e.to_string());
    /// assert_eq!(err.as_deref(), Some("cannot set up the simulation: WHALE_MIN = 5 is above WHALE_MAX = 2"));
    /// ```
    pub fn add_error(&mut self, problem: impl Into<String>) -> &mut Self {
        self.errors.push(problem.into());
        self
    }

    /// Adds systems to a phase of the tick.
    pub fn add_systems<M>(&mut self, set: SimSet, systems: impl IntoScheduleConfigs<ScheduleSystem, M>) -> &mut Self {
        self.schedule.add_systems(systems.in_set(set));
        self
    }

    /// Adds a metric: a named column of `simulation_data.csv` and the system, run in the
    /// metrics phase after holdings are tallied, that sets it each step with
    /// [`MetricRow::set`].
    pub fn add_metric<M>(&mut self, column: &str, system: impl IntoScheduleConfigs<ScheduleSystem, M>) -> &mut Self {
        self.add_metric_columns(&[column], system)
    }

    /// Adds several columns filled by one system.
    pub fn add_metric_columns<M>(
        &mut self,
        columns: &[&str],
        system: impl IntoScheduleConfigs<ScheduleSystem, M>,
    ) -> &mut Self {
        self.custom_columns.extend(columns.iter().map(|c| (*c).to_owned()));
        self.schedule.add_systems(system.in_set(MetricsStage::Record));
        self
    }

    /// Adds the standard columns (prices, reserves, The Pie, books, volumes, per-role
    /// holdings) and the system that fills them; used by the standard metrics plugin.
    pub fn enable_standard_metrics(&mut self) -> &mut Self {
        if !self.standard_metrics {
            self.standard_metrics = true;
            self.schedule.add_systems(systems::metrics::standard_metrics.in_set(MetricsStage::Record));
        }
        self
    }

    /// Inserts (or replaces) a resource.
    pub fn insert_resource<R: Resource>(&mut self, resource: R) -> &mut Self {
        self.world.insert_resource(resource);
        self
    }

    /// The world being built, for anything the methods above do not cover.
    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    /// The schedule being built.
    pub fn schedule_mut(&mut self) -> &mut Schedule {
        &mut self.schedule
    }

    /// Finishes: registers the metric columns (standard first, then per role, then custom in
    /// the order added) and returns the simulation, or the first setup error.
    pub fn build(mut self) -> Result<Simulation, SimError> {
        if let Some(e) = self.errors.first() {
            return Err(SimError::Setup(e.clone()));
        }
        if let (Some(archetypes), Some(plan)) =
            (self.world.get_resource::<Archetypes>(), self.world.get_resource::<EntryPlan>())
        {
            let total_steps = self.world.resource::<Clock>().total_steps;
            check_starting_supply(archetypes, plan, total_steps).map_err(SimError::Setup)?;
        }
        let mut row = MetricRow::default();
        let mut duplicate = None;
        if self.standard_metrics {
            let roles = self.world.resource::<Roles>();
            let role_columns = roles
                .iter()
                .flat_map(|(_, info)| ROLE_COLUMN_PREFIXES.iter().map(move |p| format!("{p}{}", info.name)));
            for name in STANDARD_COLUMNS.iter().map(|s| (*s).to_owned()).chain(role_columns) {
                row.register(name);
            }
        }
        for name in &self.custom_columns {
            if !row.register(name.clone()) {
                duplicate = Some(name.clone());
            }
        }
        if let Some(name) = duplicate {
            return Err(SimError::Setup(format!("metric column '{name}' is registered twice")));
        }
        self.world.insert_resource(row);
        Ok(Simulation::new(self.world, self.schedule))
    }
}

/// The entry systems' place inside [`SimSet::Entry`], after the step's reset.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntrySystems;
