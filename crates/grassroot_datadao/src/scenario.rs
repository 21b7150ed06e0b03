//! [`DataDaoScenario`]: the seed's archetypes in a dataDAO — their starting dDT minted by
//! locking CRC against a first contribution, then contributing and locking as they go.

use grassroot_config::{ArchetypeParams, Params};
use grassroot_sim::{
    ArchetypePlugin, BehavioursPlugin, EntryPlan, EntryPlugin, Plugin, SimBuilder, StandardMetricsPlugin,
    archetype_from_params,
};

use crate::params::DataDaoParams;
use crate::plugin::DataDaoPlugin;

/// The `datadao` scenario, as a plugin group: entry, the standard behaviours (spending,
/// trading, liquidity), the standard metrics, the seed's archetypes from the parameters with
/// every `<ROLE>_INITIAL_DDT` ignored (dDT only comes from locking CRC), and the
/// [`DataDaoPlugin`] in place of the seed's Pie distribution.
///
/// ```
/// use grassroot_config::Params;
/// use grassroot_datadao::DataDaoScenario;
/// use grassroot_sim::Simulation;
///
/// let mut params = Params::seed_defaults();
/// params.total_steps = 20;
/// let mut sim = Simulation::builder(&params).with_plugin(DataDaoScenario::new(&params)).build()?;
/// sim.run(20)?; // the books are checked after every step
/// assert!(sim.pool().is_open());
/// assert_eq!(sim.supply().ddt_minted, sim.metrics().get("ddt_minted_lock").map_or(Default::default(), |v| match v {
///     grassroot_sim::Value::Wad(w) => w,
///     _ => Default::default(),
/// }));
/// # Ok::<(), grassroot_sim::SimError>(())
/// ```
#[derive(Clone, Debug)]
pub struct DataDaoScenario {
    entry: EntryPlan,
    archetypes: Vec<ArchetypeParams>,
    mechanism: DataDaoPlugin,
}

impl DataDaoScenario {
    /// The scenario for `params`, reading the dataDAO's keys from the run's settings when it is
    /// built (their defaults if there are none).
    pub fn new(params: &Params) -> DataDaoScenario {
        DataDaoScenario::with_mechanism(params, DataDaoPlugin::from_settings())
    }

    /// The scenario for `params` with explicit dataDAO parameters.
    pub fn with_params(params: &Params, datadao: DataDaoParams) -> DataDaoScenario {
        DataDaoScenario::with_mechanism(params, DataDaoPlugin::new(datadao))
    }

    /// The scenario for `params` with a configured mechanism (e.g. another weight function).
    pub fn with_mechanism(params: &Params, mechanism: DataDaoPlugin) -> DataDaoScenario {
        let archetypes = params
            .archetypes
            .iter()
            .map(|a| ArchetypeParams { initial_ddt: Default::default(), ..a.clone() })
            .collect();
        DataDaoScenario { entry: EntryPlan::from_params(params), archetypes, mechanism }
    }

    /// The plugins the scenario adds, in the order it adds them: entry, the standard
    /// behaviours, the standard metrics, one per archetype (in the parameters' role order),
    /// and the mechanism. Adding them in any other order that keeps the archetypes' gives the
    /// same run.
    pub fn plugins(&self) -> Vec<Box<dyn Plugin>> {
        let mut plugins: Vec<Box<dyn Plugin>> =
            vec![Box::new(EntryPlugin(self.entry)), Box::new(BehavioursPlugin), Box::new(StandardMetricsPlugin)];
        plugins.extend(
            self.archetypes.iter().map(|a| Box::new(ArchetypePlugin(archetype_from_params(a))) as Box<dyn Plugin>),
        );
        plugins.push(Box::new(self.mechanism.clone()));
        plugins
    }
}

impl Plugin for DataDaoScenario {
    fn build(&self, sim: &mut SimBuilder) {
        for plugin in self.plugins() {
            sim.add_boxed_plugin(plugin);
        }
    }
}
