//! The plugins' lifecycle: every `build` as the plugin is added, then every `finish` in the
//! order added; a `finish` sees other plugins' resources and every role whatever the order;
//! a unique plugin added twice, two claimants of one job, and a plugin or archetype added in
//! a `finish` are refused when the simulation is built, with messages naming them.

use bevy_ecs::prelude::{Component, Res, ResMut, Resource};
use grassroot_amm::Wad;
use grassroot_config::Params;
use grassroot_sim::{
    Archetype, Column, EntryPlan, EntryPlugin, Job, MetricRow, PiePlugin, Plugin, Roles, SeedScenario, SimBuilder,
    SimError, Simulation, Value,
};

/// What each plugin did, in order.
#[derive(Resource, Default)]
struct Log(Vec<String>);

fn log(sim: &mut SimBuilder, what: String) {
    if sim.world_mut().get_resource::<Log>().is_none() {
        sim.insert_resource(Log::default());
    }
    sim.world_mut().resource_mut::<Log>().0.push(what);
}

/// A rate that [`Provider`] inserts in its `build`.
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq)]
struct Rate(u64);

/// What [`Reader`] derives in its `finish` from [`Rate`] and the roles.
#[derive(Resource, Clone, Debug, PartialEq, Eq)]
struct Derived {
    rate: u64,
    roles: Vec<String>,
}

/// Inserts [`Rate`].
struct Provider;

impl Plugin for Provider {
    fn build(&self, sim: &mut SimBuilder) {
        sim.insert_resource(Rate(7));
        log(sim, "build Provider".to_owned());
    }

    fn finish(&self, sim: &mut SimBuilder) {
        log(sim, "finish Provider".to_owned());
    }
}

/// Reads [`Rate`] and the roles in its `finish`, and adds a column there.
struct Reader;

impl Plugin for Reader {
    fn build(&self, sim: &mut SimBuilder) {
        log(sim, "build Reader".to_owned());
    }

    fn finish(&self, sim: &mut SimBuilder) {
        log(sim, "finish Reader".to_owned());
        let Some(&Rate(rate)) = sim.world_mut().get_resource::<Rate>() else {
            sim.add_error("Reader needs Provider's Rate");
            return;
        };
        let roles = sim.world_mut().resource::<Roles>().iter().map(|(_, i)| i.name.clone()).collect();
        sim.insert_resource(Derived { rate, roles });
        const READER_RATE: Column = Column::real("reader_rate");
        sim.add_metric(READER_RATE, |rate: Res<Rate>, mut row: ResMut<MetricRow>| {
            row.set(&READER_RATE, rate.0);
        });
    }
}

/// Adds a column in its `build`.
struct Counter(&'static str);

impl Plugin for Counter {
    fn build(&self, sim: &mut SimBuilder) {
        let column = Column::count(self.0);
        sim.add_metric(column.clone(), move |mut row: ResMut<MetricRow>| {
            row.set(&column, 1_u64);
        });
    }

    fn name(&self) -> &str {
        self.0
    }
}

fn params() -> Params {
    let mut p = Params::seed_defaults();
    p.total_steps = 5;
    p
}

fn setup_error(built: Result<Simulation, SimError>) -> String {
    match built {
        Err(SimError::Setup(why)) => why,
        Err(other) => panic!("expected a setup error, got {other}"),
        Ok(_) => panic!("expected a setup error, but the simulation was built"),
    }
}

#[test]
fn a_finish_reads_another_plugins_resource_and_every_role_in_any_order() {
    let p = params();
    let orders: [Vec<Box<dyn Plugin>>; 3] = [
        vec![Box::new(Provider), Box::new(Reader), Box::new(SeedScenario::new(&p))],
        vec![Box::new(Reader), Box::new(Provider), Box::new(SeedScenario::new(&p))],
        vec![Box::new(Reader), Box::new(SeedScenario::new(&p)), Box::new(Provider)],
    ];
    let seed_roles: Vec<String> = p.archetypes.iter().map(|a| a.role.clone()).collect();
    for plugins in orders {
        let mut builder = Simulation::builder(&p);
        for plugin in plugins {
            builder.add_boxed_plugin(plugin);
        }
        let mut sim = builder.build().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sim.world().resource::<Derived>(), &Derived { rate: 7, roles: seed_roles.clone() });
        sim.step().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sim.metrics().get("reader_rate"), Some(Value::Int(7)));
    }
}

#[test]
fn every_build_runs_as_the_plugin_is_added_then_every_finish_in_that_order() {
    let p = params();
    let group = |sim: &mut SimBuilder| {
        sim.add_plugin(Reader).add_plugin(Provider);
    };
    let sim = Simulation::builder(&p).with_plugin(group).build().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sim.world().resource::<Log>().0, ["build Reader", "build Provider", "finish Reader", "finish Provider"],);
}

/// Columns are in the order of the plugins that added them, whether in `build` or `finish`.
#[test]
fn columns_added_in_finish_keep_their_plugins_place() {
    let p = params();
    let sim = Simulation::builder(&p)
        .with_plugin(Counter("first"))
        .with_plugin(Provider)
        .with_plugin(Reader)
        .with_plugin(Counter("last"))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sim.metrics().names(), ["first", "reader_rate", "last"]);
}

#[test]
fn a_unique_plugin_added_twice_is_refused_naming_it() {
    let p = params();
    let built = Simulation::builder(&p)
        .with_plugin(SeedScenario::new(&p))
        .with_plugin(EntryPlugin(EntryPlan { every: 10, per_entry: 1, rule: grassroot_config::EntryRule::Quota }))
        .build();
    assert_eq!(setup_error(built), "plugin grassroot_sim::plugins::EntryPlugin is added twice: add it once");
    // Plugins that are not unique (one per archetype) may be added many times.
    assert!(Simulation::builder(&p).with_plugin(SeedScenario::new(&p)).build().is_ok());
}

/// A second plugin paying out The Pie, by the engine's rule or its own.
struct OtherPie;

impl Plugin for OtherPie {
    fn build(&self, sim: &mut SimBuilder) {
        sim.claim(Job::PIE_PAYOUT, self.name());
    }

    fn name(&self) -> &str {
        "OtherPie"
    }
}

#[test]
fn two_pie_payers_are_refused_naming_both() {
    let p = params();
    let built = Simulation::builder(&p).with_plugin(SeedScenario::new(&p)).with_plugin(OtherPie).build();
    assert_eq!(
        setup_error(built),
        "both grassroot_sim::plugins::PiePlugin and OtherPie pay out The Pie: add only one (the datadao scenario \
         replaces the engine's PiePlugin)"
    );
    let mut builder = Simulation::builder(&p).with_plugin(OtherPie);
    assert_eq!(builder.claimant(Job::PIE_PAYOUT), Some("OtherPie"));
    builder.add_plugin(PiePlugin);
    assert!(setup_error(builder.build()).starts_with("both OtherPie and grassroot_sim::plugins::PiePlugin pay out"));
}

#[test]
fn a_job_of_a_plugins_own_is_claimed_once() {
    const RAIN: Job = Job::new("make it rain", "add one weather plugin");
    let p = params();
    // Closures are not unique plugins (their type names do not tell them apart).
    let clouds = |sim: &mut SimBuilder| {
        sim.claim(RAIN, "Clouds");
    };
    let storm = |sim: &mut SimBuilder| {
        sim.claim(RAIN, "Storm");
    };
    let built = Simulation::builder(&p).with_plugin(clouds).with_plugin(storm).build();
    assert_eq!(setup_error(built), "both Clouds and Storm make it rain: add one weather plugin");
}

#[test]
fn a_plugin_or_an_archetype_added_in_a_finish_is_refused() {
    struct Late;
    impl Plugin for Late {
        fn build(&self, _: &mut SimBuilder) {}
        fn finish(&self, sim: &mut SimBuilder) {
            sim.add_plugin(PiePlugin);
        }
        fn name(&self) -> &str {
            "Late"
        }
    }
    struct LateRole;
    impl Plugin for LateRole {
        fn build(&self, _: &mut SimBuilder) {}
        fn finish(&self, sim: &mut SimBuilder) {
            sim.add_archetype(Archetype::new("latecomer", Wad::ZERO));
        }
        fn name(&self) -> &str {
            "LateRole"
        }
    }
    let p = params();
    assert_eq!(
        setup_error(Simulation::builder(&p).with_plugin(Late).build()),
        "plugin grassroot_sim::plugins::PiePlugin is added in the finish of Late: add plugins in build"
    );
    assert_eq!(
        setup_error(Simulation::builder(&p).with_plugin(LateRole).build()),
        "archetype 'latecomer' is registered in the finish of LateRole: register archetypes in build, so that \
         every finish sees every role"
    );
}

/// A component no engine system reads.
#[derive(Component, Clone)]
struct Marked;

/// A bundle may be added for an archetype that a later plugin registers; one that no plugin
/// registers is refused.
#[test]
fn bundles_wait_for_their_archetype() {
    let p = params();
    let mut builder = Simulation::builder(&p);
    builder.add_bundle("organization", Marked);
    builder.add_plugin(SeedScenario::new(&p));
    let mut sim = builder.build().unwrap_or_else(|e| panic!("{e}"));
    sim.run(1).unwrap_or_else(|e| panic!("{e}"));
    let organizations = sim.roles().iter().find(|(_, i)| i.name == "organization").map(|(_, i)| i.members);
    let world = sim.world_mut();
    let marked = world.query::<&Marked>().iter(world).count() as u64;
    assert!(marked > 0, "some organizations joined in the first step");
    assert_eq!(Some(marked), organizations, "every organization carries the bundle, and no one else");

    let mut builder = Simulation::builder(&p).with_plugin(SeedScenario::new(&p));
    builder.add_bundle("whale", Marked);
    assert_eq!(setup_error(builder.build()), "no archetype 'whale' to add a bundle to: no plugin registers it");
}
