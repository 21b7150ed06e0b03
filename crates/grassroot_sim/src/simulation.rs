//! [`Simulation`]: a built world and its schedule, stepped one tick at a time.

use bevy_ecs::resource::Resource;
use bevy_ecs::schedule::Schedule;
use bevy_ecs::system::{In, RunSystemOnce};
use bevy_ecs::world::World;
use grassroot_amm::Pool;
use grassroot_config::Params;

use crate::builder::SimBuilder;
use crate::driver::{Driver, Ending, Run};
use crate::economy::Economy;
use crate::resources::clock::Clock;
use crate::resources::fault::{Faults, SimError};
use crate::resources::market::Market;
use crate::resources::metrics::{Holdings, MetricRow};
use crate::resources::pie::Pie;
use crate::resources::roles::Roles;
use crate::resources::supply::{ComputeStats, Supply};
use crate::resources::tx::{Tx, TxLog};

/// The parameters the simulation was built with.
#[derive(Resource, Clone, Debug)]
pub struct RunParams(pub Params);

/// Every resolved setting of the run, plugins' own keys included (present when the
/// simulation was built by a program that loaded them).
#[derive(Resource, Clone, Debug)]
pub struct RunSettings(pub grassroot_config::Settings);

/// A simulation ready to run: step it, and read its state between steps.
///
/// ```
/// use grassroot_config::Params;
/// use grassroot_sim::{SeedScenario, Simulation};
///
/// let mut params = Params::seed_defaults();
/// params.total_steps = 10;
/// let mut sim = Simulation::builder(&params).with_plugin(SeedScenario::new(&params)).build().unwrap();
/// sim.run(10).unwrap();
/// assert_eq!(sim.roles().total_members(), 20);
/// assert!(sim.pool().is_open());
/// ```
pub struct Simulation {
    world: World,
    schedule: Schedule,
}

impl Simulation {
    /// A builder with the core resources made from `params`; add plugins, then `build`.
    pub fn builder(params: &Params) -> SimBuilder {
        SimBuilder::new(params)
    }

    pub(crate) fn new(world: World, schedule: Schedule) -> Simulation {
        Simulation { world, schedule }
    }

    /// Runs one tick (the step shown by [`Simulation::next_step`]) and advances the clock.
    ///
    /// A fault recorded during the tick (books that do not balance, an overflow) is returned
    /// after it; the state then shows that step, for inspection.
    pub fn step(&mut self) -> Result<(), SimError> {
        self.schedule.run(&mut self.world);
        let fault = self.world.resource_mut::<Faults>().take();
        self.world.resource_mut::<Clock>().step += 1;
        fault.map_or(Ok(()), Err)
    }

    /// Runs `steps` ticks, stopping at the first fault (a [`Driver`] into no sink).
    pub fn run(&mut self, steps: u64) -> Result<(), SimError> {
        match Driver::new().steps(steps).run(self) {
            Ok(Run { ending: Ending::Failed(e), .. }) => Err(e),
            // Without a sink nothing can fail but a step.
            Ok(_) | Err(_) => Ok(()),
        }
    }

    /// The step the next call to [`Simulation::step`] computes (= steps done so far).
    pub fn next_step(&self) -> u64 {
        self.world.resource::<Clock>().step
    }

    /// The world: every agent and resource.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The world, to change parameters or state between steps.
    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    /// The parameters the simulation was built with.
    pub fn params(&self) -> &Params {
        &self.world.resource::<RunParams>().0
    }

    /// The pool.
    pub fn pool(&self) -> &Pool {
        self.world.resource::<Market>().pool()
    }

    /// Sets the pool's swap fee for later swaps, in parts per million (below 1,000,000),
    /// between steps, through [`Economy::set_pool_fee`] (the one door through which the
    /// market changes): the fee a governance proposal sets, set from outside the run.
    pub fn set_pool_fee(&mut self, fee_ppm: u32) -> Result<(), SimError> {
        let set = |In(fee): In<u32>, mut economy: Economy| economy.set_pool_fee(fee);
        match self.world.run_system_once_with(set, fee_ppm) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(SimError::Setup(format!("the pool fee cannot be {fee_ppm} ppm: {e}"))),
            Err(e) => Err(SimError::Setup(format!("the pool fee cannot be set: {e}"))),
        }
    }

    /// The market: the pool and the last step's trade statistics.
    pub fn market(&self) -> &Market {
        self.world.resource::<Market>()
    }

    /// The Pie.
    pub fn pie(&self) -> &Pie {
        self.world.resource::<Pie>()
    }

    /// The supply books.
    pub fn supply(&self) -> &Supply {
        self.world.resource::<Supply>()
    }

    /// Last step's compute spending and unmet demand.
    pub fn compute(&self) -> &ComputeStats {
        self.world.resource::<ComputeStats>()
    }

    /// The roles and their head counts.
    pub fn roles(&self) -> &Roles {
        self.world.resource::<Roles>()
    }

    /// Holdings by role as of the last step's metrics phase.
    pub fn holdings(&self) -> &Holdings {
        self.world.resource::<Holdings>()
    }

    /// The last step's metric row.
    pub fn metrics(&self) -> &MetricRow {
        self.world.resource::<MetricRow>()
    }

    /// The last step's transactions (empty when the log is off).
    pub fn transactions(&self) -> &[Tx] {
        self.world.resource::<TxLog>().records()
    }

    /// Hands over the last step's transactions without copying them, leaving `spare` (emptied)
    /// to record the next step's; [`Simulation::transactions`] is empty afterwards. For writers
    /// that keep the records after the step (the engine is done with them).
    pub fn take_transactions(&mut self, spare: Vec<Tx>) -> Vec<Tx> {
        self.world.resource_mut::<TxLog>().swap_records(spare)
    }
}
