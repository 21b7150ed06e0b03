//! [`SimBuilder`]: assembles a world and its schedule from parameters and plugins, running the
//! plugins' lifecycle (every `build` as it is added, then every `finish`) and refusing a
//! plugin added twice or two plugins that claim the same job.

use bevy_ecs::bundle::Bundle;
use bevy_ecs::resource::Resource;
use bevy_ecs::schedule::{IntoScheduleConfigs, Schedule, SystemSet};
use bevy_ecs::system::ScheduleSystem;
use bevy_ecs::world::World;
use grassroot_amm::Pool;
use grassroot_config::{Params, Settings};

use crate::archetype::{Archetype, Archetypes};
use crate::books::CheckBooks;
use crate::components::Role;
use crate::plugin::{Job, Plugin};
use crate::resources::clock::Clock;
use crate::resources::fault::{Faults, SetupProblem, SimError};
use crate::resources::market::Market;
use crate::resources::metrics::{Column, Holdings, MetricRow};
use crate::resources::pie::Pie;
use crate::resources::population::{AmountLimit, EntryPlan, Newcomers, check_starting_supply};
use crate::resources::rng::SimRng;
use crate::resources::roles::Roles;
use crate::resources::supply::{ComputeStats, Supply};
use crate::resources::tx::TxLog;
use crate::sets::{EntrySystems, MetricsStage, SimSet};
use crate::simulation::{RunParams, RunSettings, Simulation};
use crate::systems;
use crate::systems::metrics::standard_columns;
use crate::turns::StepOrder;

/// Builds a [`Simulation`]: core resources from the parameters, then whatever plugins add.
///
/// The core (always present) holds the clock, the seeded RNG, the market with its pool, The
/// Pie, the supply books, the transaction log, the roles and the metric row, and runs the
/// per-step bookkeeping: reset at the start of a tick, tally and books check in the metrics
/// phase. Everything that acts — entry, behaviours, Pie distribution, metrics — is a plugin.
///
/// A plugin's [`Plugin::build`] runs when it is added; every plugin's [`Plugin::finish`] runs
/// in [`SimBuilder::build`], in the order they were added, before the simulation is made (see
/// [`crate::plugin`]).
pub struct SimBuilder {
    world: World,
    schedule: Schedule,
    /// The custom metric columns, each with the place of the plugin that added it (so that
    /// columns added in `finish` sit with those of `build`: in the order plugins were added).
    custom_columns: Vec<(usize, Column)>,
    standard_metrics: bool,
    /// Problems that are not parameters' (plugins that do not fit together), in order.
    errors: Vec<String>,
    /// Bad parameters the plugins found, every one of them.
    config_errors: Vec<grassroot_config::ConfigError>,
    /// Every plugin added, in that order (pre-order: a group before the plugins it adds).
    plugins: Vec<Added>,
    /// The plugins whose `build` or `finish` is running, innermost last (indices in `plugins`).
    running: Vec<usize>,
    /// Whether the plugins' `finish` pass has begun.
    finishing: bool,
    /// Each claimed job and the plugin that claimed it.
    claims: Vec<(Job, String)>,
    /// Bundles for archetypes by name, given to them once every plugin is finished (so a
    /// plugin may add one before the archetype is registered).
    bundles: Vec<(String, AddBundle)>,
}

/// A plugin that was added: its name, whether it is unique, and the plugin (taken out while
/// it builds or finishes).
struct Added {
    name: String,
    unique: bool,
    plugin: Option<Box<dyn Plugin>>,
}

/// Gives an archetype's role a bundle.
type AddBundle = Box<dyn FnOnce(&mut Archetypes, Role)>;

impl SimBuilder {
    pub(crate) fn new(params: &Params) -> SimBuilder {
        let mut world = World::new();
        let mut errors = Vec::new();
        let mut pool = Pool::new(params.fee_ppm).unwrap_or_else(|e| {
            errors.push(format!("pool fee: {e}"));
            Pool::new(0).unwrap_or_else(|_| unreachable!("a zero fee is always valid"))
        });
        if let Err(e) = pool.set_fee_model(params.fee_model) {
            errors.push(format!("FEE_MODEL: {e}"));
        }
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
        world.insert_resource(StepOrder(params.turn_order));

        let mut schedule = Schedule::default();
        schedule.configure_sets(
            (
                SimSet::Entry,
                SimSet::Spend,
                SimSet::Trade,
                SimSet::Liquidity,
                SimSet::PieDistribution,
                SimSet::Governance,
                SimSet::Metrics,
            )
                .chain(),
        );
        schedule.configure_sets((MetricsStage::Tally, MetricsStage::Record).chain().in_set(SimSet::Metrics));
        schedule.add_systems(systems::begin::begin_step.in_set(SimSet::Entry).before(EntrySystems));
        schedule.configure_sets(EntrySystems.in_set(SimSet::Entry));
        schedule.add_systems(
            (systems::metrics::tally_holdings, systems::metrics::check_books).chain().in_set(MetricsStage::Tally),
        );
        SimBuilder {
            world,
            schedule,
            custom_columns: Vec::new(),
            standard_metrics: false,
            errors,
            config_errors: Vec::new(),
            plugins: Vec::new(),
            running: Vec::new(),
            finishing: false,
            claims: Vec::new(),
            bundles: Vec::new(),
        }
    }

    /// Asks that every amount of the run stay below `limit.below` base units (an output that
    /// cannot hold more, e.g. Parquet's decimals): the starting supply is checked against it in
    /// [`SimBuilder::build`], and plugins check their own issuance against
    /// [`SimBuilder::amount_limit`] in their `finish`. Call it before [`SimBuilder::build`].
    pub fn limit_amounts(&mut self, limit: AmountLimit) -> &mut Self {
        self.world.insert_resource(limit);
        self
    }

    /// The limit set by [`SimBuilder::limit_amounts`], if any (2^128 base units otherwise).
    pub fn amount_limit(&self) -> Option<&AmountLimit> {
        self.world.get_resource::<AmountLimit>()
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

    /// Adds a plugin (which may add more) and runs its [`Plugin::build`]; its
    /// [`Plugin::finish`] runs in [`SimBuilder::build`]. A unique plugin added a second time is
    /// not built, and makes [`SimBuilder::build`] fail naming it; so does a plugin added from
    /// another's `finish`.
    ///
    /// ```
    /// use grassroot_config::Params;
    /// use grassroot_sim::{PiePlugin, Simulation};
    ///
    /// let params = Params::seed_defaults();
    /// let err = Simulation::builder(&params).with_plugin(PiePlugin).with_plugin(PiePlugin).build().err();
    /// assert_eq!(
    ///     err.map(|e| e.to_string()).as_deref(),
    ///     Some("cannot set up the simulation: plugin grassroot_sim::plugins::PiePlugin is added twice: add it once")
    /// );
    /// ```
    pub fn add_plugin(&mut self, plugin: impl Plugin) -> &mut Self {
        self.add_boxed_plugin(Box::new(plugin))
    }

    /// Adds a plugin, by value (for chaining).
    pub fn with_plugin(mut self, plugin: impl Plugin) -> Self {
        self.add_plugin(plugin);
        self
    }

    /// Adds a boxed plugin, as [`SimBuilder::add_plugin`] does (for plugins chosen at run time).
    pub fn add_boxed_plugin(&mut self, plugin: Box<dyn Plugin>) -> &mut Self {
        let name = plugin.name().to_owned();
        if self.finishing {
            let by = self.running_name().to_owned();
            self.errors.push(format!("plugin {name} is added in the finish of {by}: add plugins in build"));
            return self;
        }
        let unique = plugin.is_unique();
        if unique && self.plugins.iter().any(|p| p.unique && p.name == name) {
            self.errors.push(format!("plugin {name} is added twice: add it once"));
            return self;
        }
        tracing::debug!(plugin = %name, "building plugin");
        let index = self.plugins.len();
        self.plugins.push(Added { name, unique, plugin: None });
        self.running.push(index);
        plugin.build(self);
        self.running.pop();
        self.plugins[index].plugin = Some(plugin);
        self
    }

    /// The name of the plugin whose `build` or `finish` is running (empty outside any).
    fn running_name(&self) -> &str {
        self.running.last().map_or("", |&i| self.plugins[i].name.as_str())
    }

    /// Claims `job` for the plugin called `by` (usually `self.name()`, in its `build`): a
    /// second claimant makes [`SimBuilder::build`] fail with a message naming both, and what
    /// to do about it (see [`Job`]).
    pub fn claim(&mut self, job: Job, by: &str) -> &mut Self {
        match self.claims.iter().find(|(j, _)| *j == job) {
            Some((_, first)) => {
                let refusal = job.refusal(first, by);
                self.errors.push(refusal);
            }
            None => self.claims.push((job, by.to_owned())),
        }
        self
    }

    /// Who claimed `job`, if anyone has.
    pub fn claimant(&self, job: Job) -> Option<&str> {
        self.claims.iter().find(|(j, _)| *j == job).map(|(_, by)| by.as_str())
    }

    /// Runs every plugin's `finish`, in the order they were added.
    fn finish_plugins(&mut self) {
        self.finishing = true;
        for index in 0..self.plugins.len() {
            let Some(plugin) = self.plugins[index].plugin.take() else { continue };
            self.running.push(index);
            plugin.finish(self);
            self.running.pop();
            self.plugins[index].plugin = Some(plugin);
        }
    }

    /// Gives the registered archetypes the bundles added for them.
    fn give_bundles(&mut self) {
        for (name, add) in std::mem::take(&mut self.bundles) {
            match self.world.resource::<Roles>().find(&name) {
                Some(role) => add(&mut self.world.resource_mut::<Archetypes>(), role),
                None => self.errors.push(format!("no archetype '{name}' to add a bundle to: no plugin registers it")),
            }
        }
    }

    /// Registers an archetype: a role, its share of the population and its bundle. Roles are
    /// numbered in the order archetypes are registered; register them in a plugin's `build`
    /// (the roles are complete when the first `finish` runs).
    pub fn add_archetype(&mut self, archetype: Archetype) -> &mut Self {
        if self.finishing {
            let by = self.running_name().to_owned();
            self.errors.push(format!(
                "archetype '{}' is registered in the finish of {by}: register archetypes in build, so that every \
                 finish sees every role",
                archetype.name()
            ));
            return self;
        }
        let mut roles = self.world.resource_mut::<Roles>();
        if roles.find(archetype.name()).is_some() {
            self.errors.push(format!("archetype '{}' is registered twice", archetype.name()));
            return self;
        }
        if let Err(e) = roles.add(archetype.name(), archetype.share(), archetype.pie_share_of_payout()) {
            self.errors.push(e.to_string());
            return self;
        }
        self.world.resource_mut::<Archetypes>().push(archetype);
        self
    }

    /// Gives every member of the archetype `name` also `bundle`: how a plugin adds its own
    /// behaviour component to a role declared elsewhere (e.g. a role whose keys were added to
    /// the parameters with `Schema::add_role` and whose archetype the scenario built). The
    /// bundle is given once every plugin is finished, so the archetype may be registered
    /// before or after; an archetype that no plugin registers makes [`SimBuilder::build`] fail.
    /// Bundles of one archetype are inserted in the order they were added.
    ///
    /// ```
    /// use grassroot_config::Params;
    /// use grassroot_sim::{SeedScenario, Simulation, StepSeller};
    /// use grassroot_sim::amm::Wad;
    ///
    /// let params = Params::seed_defaults();
    /// let mut builder = Simulation::builder(&params);
    /// // Organizations also sell a little every step (added before the scenario registers them).
    /// builder.add_bundle("organization", StepSeller { per_step: Wad::ONE, partial: true });
    /// builder.add_plugin(SeedScenario::new(&params));
    /// assert!(builder.build().is_ok());
    ///
    /// let mut builder = Simulation::builder(&params);
    /// builder.add_bundle("whale", StepSeller { per_step: Wad::ONE, partial: true });
    /// assert!(builder.build().is_err());
    /// ```
    pub fn add_bundle<B: Bundle + Clone>(&mut self, name: &str, bundle: B) -> &mut Self {
        self.bundles.push((name.to_owned(), Box::new(move |archetypes, role| archetypes.add_bundle(role, bundle))));
        self
    }

    /// Records a setup problem that a plugin found: a [`ConfigError`](grassroot_config::ConfigError)
    /// when its parameters are valid one by one but not together or not for this run (every
    /// one recorded is reported, each with all its parts, as [`SimError::Config`]), or a
    /// sentence for anything else ([`SimError::Setup`], the first one recorded, reported before
    /// any parameter's). A program reports either as bad input.
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
    pub fn add_error(&mut self, problem: impl Into<SetupProblem>) -> &mut Self {
        match problem.into() {
            SetupProblem::Config(e) => self.config_errors.push(e),
            SetupProblem::Other(why) => self.errors.push(why),
        }
        self
    }

    /// Whether a problem has been recorded, of either kind.
    fn has_errors(&self) -> bool {
        !self.errors.is_empty() || !self.config_errors.is_empty()
    }

    /// Adds systems to a set of the tick: a phase ([`SimSet`]) or a stage inside one
    /// ([`EntrySystems`], [`MetricsStage`]); see [`crate::sets`].
    ///
    /// ```
    /// use grassroot_config::Params;
    /// use grassroot_sim::bevy_ecs::prelude::IntoScheduleConfigs;
    /// use grassroot_sim::{EntrySystems, MetricsStage, Newcomers, SimBuilder, SimSet, Simulation};
    /// use grassroot_sim::bevy_ecs::system::Res;
    ///
    /// fn greet(newcomers: Res<Newcomers>) {
    ///     let _ = newcomers.iter().count();
    /// }
    /// fn audit() {}
    ///
    /// let params = Params::seed_defaults();
    /// let mut builder = Simulation::builder(&params);
    /// builder.add_systems(SimSet::Entry, greet.after(EntrySystems)).add_systems(MetricsStage::Tally, audit);
    /// assert!(builder.build().is_ok());
    /// ```
    pub fn add_systems<M>(
        &mut self,
        set: impl SystemSet,
        systems: impl IntoScheduleConfigs<ScheduleSystem, M>,
    ) -> &mut Self {
        self.schedule.add_systems(systems.in_set(set));
        self
    }

    /// Adds a metric: a column of `simulation_data.csv`, declared with its kind, and the
    /// system, run in the metrics phase after holdings are tallied, that sets it each step with
    /// [`MetricRow::set`] (the same declared [`Column`]). A duplicated or unwritable name makes
    /// [`SimBuilder::build`] fail naming it.
    pub fn add_metric<M>(&mut self, column: Column, system: impl IntoScheduleConfigs<ScheduleSystem, M>) -> &mut Self {
        self.add_metric_columns([column], system)
    }

    /// Adds several columns filled by one system, in this order (consecutive in the row: the
    /// system may set them by position from the first one's, see
    /// [`ColumnBlock`](crate::ColumnBlock)).
    pub fn add_metric_columns<M>(
        &mut self,
        columns: impl IntoIterator<Item = Column>,
        system: impl IntoScheduleConfigs<ScheduleSystem, M>,
    ) -> &mut Self {
        let slot = self.running.last().copied().unwrap_or(self.plugins.len());
        self.custom_columns.extend(columns.into_iter().map(|c| (slot, c)));
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

    /// Finishes: runs every plugin's [`Plugin::finish`] (in the order they were added), gives
    /// the archetypes their bundles, registers the metric columns (standard first, then per
    /// role, then custom in the order of the plugins that added them) and returns the
    /// simulation, or the first setup problem that is not a parameter's, or else every bad
    /// parameter. When a `build` has recorded an error, no `finish` runs.
    pub fn build(mut self) -> Result<Simulation, SimError> {
        if !self.has_errors() {
            self.finish_plugins();
            self.give_bundles();
        }
        if let Some(e) = self.errors.first() {
            return Err(SimError::Setup(e.clone()));
        }
        grassroot_config::ConfigError::collect(std::mem::take(&mut self.config_errors)).map_err(SimError::Config)?;
        if let (Some(archetypes), Some(plan)) =
            (self.world.get_resource::<Archetypes>(), self.world.get_resource::<EntryPlan>())
        {
            let total_steps = self.world.resource::<Clock>().total_steps;
            let limit = self.world.get_resource::<AmountLimit>();
            check_starting_supply(archetypes, plan, total_steps, limit).map_err(SimError::Setup)?;
        }
        let mut row = MetricRow::default();
        let standard: Vec<Column> = if self.standard_metrics {
            standard_columns(self.world.resource::<Roles>(), self.world.resource::<RunParams>().0.fee_model)
        } else {
            Vec::new()
        };
        // Stable: a plugin's columns keep the order it added them in, `build`'s before `finish`'s.
        self.custom_columns.sort_by_key(|(slot, _)| *slot);
        for column in standard.iter().chain(self.custom_columns.iter().map(|(_, c)| c)) {
            row.register(column).map_err(|e| SimError::Setup(e.to_string()))?;
        }
        self.world.insert_resource(row);
        Ok(Simulation::new(self.world, self.schedule))
    }
}
