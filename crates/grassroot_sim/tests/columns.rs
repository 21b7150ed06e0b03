//! Declared metric columns: a plugin's column carries its kind into the row, a duplicated or
//! unwritable name fails the build naming it, and a column set per role is declared like the
//! standard ones.

use bevy_ecs::prelude::ResMut;
use grassroot_config::Params;
use grassroot_sim::{Column, MetricRow, SeedScenario, SimError, Simulation, Value, ValueKind};

const SHARE: Column = Column::real("share");

fn params() -> Params {
    let mut p = Params::seed_defaults();
    p.total_steps = 3;
    p
}

fn with_columns(columns: Vec<Column>) -> Result<Simulation, SimError> {
    let params = params();
    let mut builder = Simulation::builder(&params).with_plugin(SeedScenario::new(&params));
    builder.add_metric_columns(columns, |_: ResMut<MetricRow>| {});
    builder.build()
}

fn setup_error(built: Result<Simulation, SimError>) -> String {
    match built {
        Err(SimError::Setup(message)) => message,
        Err(e) => panic!("not a setup error: {e}"),
        Ok(_) => panic!("the simulation was built"),
    }
}

#[test]
fn a_plugins_column_declares_its_kind_and_is_set_through_its_declaration() {
    let params = params();
    let mut builder = Simulation::builder(&params).with_plugin(SeedScenario::new(&params));
    builder.add_metric(SHARE, |mut row: ResMut<MetricRow>| row.set(&SHARE, 0.25));
    let mut sim = builder.build().unwrap_or_else(|e| panic!("{e}"));
    let at = sim.metrics().position("share").unwrap_or_else(|| panic!("no column share"));
    assert_eq!(sim.metrics().kinds()[at], ValueKind::F64);
    sim.step().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sim.metrics().get("share"), Some(Value::F64(0.25)));
}

#[test]
fn a_column_declared_twice_fails_the_build_naming_it() {
    let twice = with_columns(vec![Column::count("trades")]);
    assert_eq!(setup_error(twice), "metric column 'trades' is registered twice");
    let own = with_columns(vec![Column::real("x"), Column::amount("x")]);
    assert_eq!(setup_error(own), "metric column 'x' is registered twice");
}

#[test]
fn a_name_a_csv_header_cannot_hold_fails_the_build_naming_it() {
    for name in ["", "a,b", "say \"hi\"", "two\nlines"] {
        let message = setup_error(with_columns(vec![Column::new(name, ValueKind::Int)]));
        assert!(message.starts_with(&format!("metric column {name:?} cannot be a column name")), "{message}");
    }
}

#[test]
fn every_role_has_its_declared_column_set() {
    let params = params();
    let sim = Simulation::builder(&params).with_plugin(SeedScenario::new(&params)).build();
    let sim = sim.unwrap_or_else(|e| panic!("{e}"));
    let row = sim.metrics();
    for (_, role) in sim.roles().iter() {
        for (prefix, kind) in [("agents_", ValueKind::Int), ("avg_ddt_", ValueKind::Wad), ("avg_lp_", ValueKind::Wad)] {
            let name = format!("{prefix}{}", role.name);
            let at = row.position(&name).unwrap_or_else(|| panic!("no column {name}"));
            assert_eq!(row.kinds()[at], kind, "{name}");
        }
    }
}
