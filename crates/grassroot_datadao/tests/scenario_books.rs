//! The `datadao` scenario with its defaults and variants: books balanced after every step,
//! the same seed gives the same run.

use grassroot_amm::Wad;
use grassroot_config::Params;
use grassroot_datadao::{DaoBooks, DataDaoParams, DataDaoScenario, OverCap, PieBooks, PieSplit, WeightRule};
use grassroot_sim::{SimError, Simulation};

fn run(steps: u64, datadao: DataDaoParams) -> Result<Simulation, SimError> {
    let mut params = Params::seed_defaults();
    params.total_steps = steps;
    let mut sim = Simulation::builder(&params).with_plugin(DataDaoScenario::with_params(&params, datadao)).build()?;
    sim.run(steps)?;
    Ok(sim)
}

fn defaults() -> DataDaoParams {
    DataDaoParams::seed_defaults().unwrap_or_else(|e| panic!("{e}"))
}

/// 300 steps of the default scenario: the engine's books and the mechanism's (CRC, locking,
/// The Pie per use case) are checked after every step, so the run completing is the test; the
/// end state is checked once more here, by hand.
#[test]
fn books_balance_over_300_steps_of_the_datadao_scenario() {
    let sim = run(300, defaults()).unwrap_or_else(|e| panic!("{e}"));
    let books = *sim.world().resource::<DaoBooks>();
    assert!(books.ddt_minted_lock > Wad::ZERO && books.ddt_redeemed > Wad::ZERO && books.crc_demurrage > Wad::ZERO);
    // Every dDT came from locking: the engine minted nothing else.
    assert_eq!(sim.supply().ddt_minted, books.ddt_minted_lock);
    assert_eq!(sim.supply().ddt_burned, books.ddt_redeemed);
    assert_eq!(sim.world().resource::<PieBooks>().total(), Ok(sim.pie().balance()));
    let metric = |name: &str| sim.metrics().get(name).map(|v| v.to_f64()).unwrap_or(f64::NAN);
    assert!(metric("crc_locked") > 0.0 && metric("avg_weight_power_user") > metric("avg_weight_degen_user"));
    assert_eq!(metric("avg_weight_organization"), 0.0);
}

/// The variants: equal split, unlocking over the cap, the sqrt weight (with the cap rescaled),
/// and hourly steps, each for 200 steps with the books checked every step.
#[test]
fn books_balance_in_every_variant() {
    let mut equal = defaults();
    equal.pie_split = PieSplit::Equal;
    let mut unlock = defaults();
    unlock.over_cap = OverCap::Unlock;
    let mut sqrt = defaults();
    sqrt.weight = WeightRule::Sqrt;
    sqrt.crc_per_weight = Wad::from_tokens(14);
    let mut hourly = defaults();
    hourly.step_hours = 1;
    for (name, d) in [("equal", equal), ("unlock", unlock), ("sqrt", sqrt), ("hourly", hourly)] {
        let sim = run(200, d).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(sim.supply().ddt_minted > Wad::ZERO, "{name}");
    }
}

/// Same seed, same run: every column of every step is equal.
#[test]
fn same_seed_gives_the_same_datadao_run() {
    let rows = |seed: u64| {
        let mut params = Params::seed_defaults();
        params.seed = seed;
        let mut sim = Simulation::builder(&params)
            .with_plugin(DataDaoScenario::with_params(&params, defaults()))
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::new();
        for _ in 0..60 {
            sim.step().unwrap_or_else(|e| panic!("{e}"));
            out.push(sim.metrics().values().to_vec());
        }
        out
    };
    assert_eq!(rows(7), rows(7));
    assert_ne!(rows(7), rows(8));
}

/// A fault in the mechanism's books stops the run and names the step and both sides: here The
/// Pie's use-case books are tampered with between steps.
#[test]
fn a_books_fault_names_the_step_and_the_difference() {
    let mut sim = run(5, defaults()).unwrap_or_else(|e| panic!("{e}"));
    sim.world_mut().resource_mut::<PieBooks>().balance[0] = Wad::ZERO;
    let err = sim.step().err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        err.starts_with("books do not balance after step 5: The Pie: sum of the use-case books = The Pie"),
        "{err}"
    );
    assert!(err.contains("difference -"), "{err}");
}
