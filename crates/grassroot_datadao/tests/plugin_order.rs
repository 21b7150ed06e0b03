//! The `datadao` scenario does not depend on the order its plugins are added in: built from
//! its plugins (entry, behaviours, standard metrics, the archetypes, the mechanism) in every
//! order of those five — the archetypes keeping theirs, which numbers the roles — and with the
//! mechanism between the archetypes, it writes the same bytes of `simulation_data.csv` and
//! `transaction_history.csv`. And two plugins paying out The Pie, or the mechanism added twice,
//! are refused when the simulation is built, naming them.

use std::path::Path;

use grassroot_config::Params;
use grassroot_datadao::{DataDaoParams, DataDaoPlugin, DataDaoScenario};
use grassroot_sim::{Plugin, SeedScenario, SimBuilder, SimError, Simulation};
use grassroot_testkit::{TABLES, assert_same_bytes, run_to_bytes, temp_dir};

const STEPS: u64 = 100;

fn params() -> Params {
    let mut p = Params::seed_defaults();
    p.total_steps = STEPS;
    p.tx_log = true;
    p
}

fn scenario(p: &Params) -> DataDaoScenario {
    DataDaoScenario::with_params(p, DataDaoParams::seed_defaults().unwrap_or_else(|e| panic!("{e}")))
}

/// Runs the simulation `builder` makes for [`STEPS`] steps into `dir` and returns the bytes of
/// its two CSVs.
fn run(builder: SimBuilder, dir: &Path) -> [Vec<u8>; 2] {
    let mut sim = builder.build().unwrap_or_else(|e| panic!("{e}"));
    run_to_bytes(&mut sim, STEPS, dir)
}

/// The builder with the scenario's plugins added in `order` (indices into
/// `DataDaoScenario::plugins`).
fn builder_in(p: &Params, order: &[usize]) -> SimBuilder {
    let mut plugins: Vec<Option<Box<dyn Plugin>>> = scenario(p).plugins().into_iter().map(Some).collect();
    let mut builder = Simulation::builder(p);
    for &i in order {
        let plugin = plugins[i].take().unwrap_or_else(|| panic!("plugin {i} is added twice in {order:?}"));
        builder.add_boxed_plugin(plugin);
    }
    assert!(plugins.iter().all(Option::is_none), "{order:?} leaves plugins out");
    builder
}

/// Every permutation of `items`.
fn permutations(items: &[usize]) -> Vec<Vec<usize>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for (i, &first) in items.iter().enumerate() {
        let rest: Vec<usize> = items.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, &x)| x).collect();
        for mut tail in permutations(&rest) {
            tail.insert(0, first);
            out.push(tail);
        }
    }
    out
}

#[test]
fn any_order_of_the_scenarios_plugins_gives_the_same_bytes() {
    let p = params();
    let names: Vec<String> = scenario(&p).plugins().iter().map(|pl| pl.name().to_owned()).collect();
    let short: Vec<&str> = names.iter().map(|n| n.rsplit("::").next().unwrap_or(n)).collect();
    assert_eq!(
        short,
        [
            "EntryPlugin",
            "BehavioursPlugin",
            "StandardMetricsPlugin",
            "ArchetypePlugin",
            "ArchetypePlugin",
            "ArchetypePlugin",
            "ArchetypePlugin",
            "ArchetypePlugin",
            "DataDaoPlugin"
        ],
        "the test's grouping assumes the scenario's plugins"
    );
    // The five units: entry, behaviours, standard metrics, the archetypes (in their order), the
    // mechanism.
    let units: [&[usize]; 5] = [&[0], &[1], &[2], &[3, 4, 5, 6, 7], &[8]];
    let mut orders: Vec<Vec<usize>> = permutations(&[0, 1, 2, 3, 4])
        .into_iter()
        .map(|perm| perm.iter().flat_map(|&u| units[u].iter().copied()).collect())
        .collect();
    // The mechanism between the archetypes, and everything else between them too.
    orders.push(vec![3, 4, 8, 5, 6, 7, 0, 1, 2]);
    orders.push(vec![3, 2, 4, 1, 5, 0, 6, 8, 7]);
    assert_eq!(orders.len(), 122);

    let dir = temp_dir();
    let reference = {
        let builder = Simulation::builder(&p).with_plugin(scenario(&p));
        run(builder, &dir.path().join("scenario"))
    };
    for (file, bytes) in TABLES.iter().zip(&reference) {
        assert!(bytes.len() > 10_000, "{file} is too short to tell anything: {} bytes", bytes.len());
    }
    for (n, order) in orders.iter().enumerate() {
        let got = run(builder_in(&p, order), &dir.path().join(n.to_string()));
        for (file, (want, got)) in TABLES.iter().zip(reference.iter().zip(&got)) {
            assert_same_bytes(&format!("{file} with the plugins in the order {order:?}"), want, got);
        }
    }
}

/// The archetypes' own order does matter (it numbers the roles and orders their columns), so
/// the comparison above can see a difference.
#[test]
fn the_archetypes_order_is_the_scenarios() {
    let p = params();
    let dir = temp_dir();
    let [data, _] = run(builder_in(&p, &[0, 1, 2, 3, 4, 5, 6, 7, 8]), &dir.path().join("scenario"));
    let [swapped, _] = run(builder_in(&p, &[0, 1, 2, 4, 3, 5, 6, 7, 8]), &dir.path().join("swapped"));
    assert!(data != swapped, "swapping two archetypes changes simulation_data.csv");
}

fn setup_error(built: Result<Simulation, SimError>) -> String {
    match built {
        Err(SimError::Setup(why)) => why,
        Err(SimError::Config(e)) => e.to_string(),
        Err(other) => panic!("expected a setup error, got {other}"),
        Ok(_) => panic!("expected a setup error, but the simulation was built"),
    }
}

/// The seed scenario pays The Pie out with the engine's `PiePlugin`; the mechanism pays it by
/// use case: together they are refused, whichever comes first.
#[test]
fn the_seed_scenario_and_the_mechanism_are_refused_as_two_pie_payers() {
    let p = params();
    let built =
        Simulation::builder(&p).with_plugin(SeedScenario::new(&p)).with_plugin(DataDaoPlugin::from_settings()).build();
    assert_eq!(
        setup_error(built),
        "both grassroot_sim::plugins::PiePlugin and grassroot_datadao::plugin::DataDaoPlugin pay out The Pie: add only \
         one (the datadao scenario replaces the engine's PiePlugin)"
    );
    let built = Simulation::builder(&p)
        .with_plugin(DataDaoPlugin::from_settings())
        .with_plugin(grassroot_sim::PiePlugin)
        .build();
    assert_eq!(
        setup_error(built),
        "both grassroot_datadao::plugin::DataDaoPlugin and grassroot_sim::plugins::PiePlugin pay out The Pie: add only \
         one (the datadao scenario replaces the engine's PiePlugin)"
    );
}

#[test]
fn the_mechanism_added_twice_is_refused_naming_it() {
    let p = params();
    let built = Simulation::builder(&p).with_plugin(scenario(&p)).with_plugin(DataDaoPlugin::from_settings()).build();
    assert_eq!(setup_error(built), "plugin grassroot_datadao::plugin::DataDaoPlugin is added twice: add it once");
}
