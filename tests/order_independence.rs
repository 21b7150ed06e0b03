//! The order agents act in belongs to the model, not to `bevy_ecs`: a plugin that adds an
//! unrelated resource, puts an unrelated component on some agents (so their archetype splits
//! and the ECS iterates them in another order) and an empty plugin change no byte of
//! `simulation_data.csv` or `transaction_history.csv`, in the seed and the dataDAO scenarios.

use std::path::Path;

use grassroot::datadao::{DataDaoParams, DataDaoScenario};
use grassroot::prelude::*;
use grassroot::sim::EntrySystems;
use grassroot::sim::Newcomers;
use grassroot::sim::bevy_ecs::prelude::{Commands, IntoScheduleConfigs, Resource};
use grassroot_testkit::{self as testkit, TABLES, run_to_bytes, temp_dir};

const STEPS: u64 = 150;

/// A resource no system of the model reads.
#[derive(Resource, Default)]
struct Unrelated(#[allow(dead_code, reason = "only its presence matters")] u64);

/// A component no system of the model reads.
#[derive(Component)]
struct Tagged;

/// Inserts [`Unrelated`] and tags every third newcomer with [`Tagged`], right after entry,
/// so that the tagged agents move to archetypes of their own.
struct Noise;

impl Plugin for Noise {
    fn build(&self, sim: &mut SimBuilder) {
        sim.insert_resource(Unrelated(7));
        sim.add_systems(SimSet::Entry, tag_every_third_newcomer.after(EntrySystems));
    }
}

fn tag_every_third_newcomer(newcomers: Res<Newcomers>, mut commands: Commands) {
    for &entity in newcomers.iter().step_by(3) {
        commands.entity(entity).insert(Tagged);
    }
}

/// A plugin that does nothing.
struct Empty;

impl Plugin for Empty {
    fn build(&self, _: &mut SimBuilder) {}
}

fn params() -> Params {
    let mut p = Params::seed_defaults();
    p.total_steps = STEPS;
    p.tx_log = true;
    p
}

/// Runs `builder` to `dir` and returns the bytes of its two CSVs.
fn run(builder: grassroot::sim::SimBuilder, dir: &Path) -> [Vec<u8>; 2] {
    let mut sim = builder.build().expect("the simulation builds");
    run_to_bytes(&mut sim, STEPS, dir)
}

/// Asserts that `plain` and `noisy` write the same bytes, and that the tags really split the
/// agents' archetypes (so that the test would see a dependence on query order).
fn assert_same_bytes(plain: grassroot::sim::SimBuilder, noisy: grassroot::sim::SimBuilder) {
    let dir = temp_dir();
    let a = run(plain, &dir.path().join("plain"));
    let b = run(noisy, &dir.path().join("noisy"));
    for (file, (a, b)) in TABLES.iter().zip(a.iter().zip(&b)) {
        assert!(a.len() > 1000, "{file} is too short to tell anything: {} bytes", a.len());
        testkit::assert_same_bytes(&format!("{file} with an unrelated plugin"), a, b);
    }
}

#[test]
fn unrelated_plugins_change_no_byte_of_the_seed_scenario() {
    let p = params();
    let plain = Simulation::builder(&p).with_plugin(SeedScenario::new(&p));
    let noisy = Simulation::builder(&p).with_plugin(SeedScenario::new(&p)).with_plugin(Noise).with_plugin(Empty);
    assert_same_bytes(plain, noisy);
}

#[test]
fn unrelated_plugins_change_no_byte_of_the_datadao_scenario() {
    let p = params();
    let d = || DataDaoParams::seed_defaults().expect("the dataDAO's defaults are valid");
    let plain = Simulation::builder(&p).with_plugin(DataDaoScenario::with_params(&p, d()));
    let noisy = Simulation::builder(&p)
        .with_plugin(Empty)
        .with_plugin(DataDaoScenario::with_params(&p, d()))
        .with_plugin(Noise);
    assert_same_bytes(plain, noisy);
}

/// The tags land: a third of the agents carry [`Tagged`] after a run with [`Noise`].
#[test]
fn noise_tags_every_third_newcomer() {
    let p = params();
    let mut sim =
        Simulation::builder(&p).with_plugin(SeedScenario::new(&p)).with_plugin(Noise).build().expect("builds");
    sim.run(10).expect("runs");
    let world = sim.world_mut();
    let tagged = world.query::<&Tagged>().iter(world).count();
    let agents = world.query::<&AgentId>().iter(world).count();
    assert_eq!((agents, tagged), (20, 8), "10 per entry, ids 0, 3, 6, 9 of each entry tagged");
}
