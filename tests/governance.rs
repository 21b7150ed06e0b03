//! `GOVERNANCE` as a user meets it: off, a run's bytes are those of a build without governance
//! in the seed and the dataDAO scenarios; on, `--scenario datadao` runs with its columns, its
//! rows, its panels and its parameters in run.json; and an unrelated plugin changes no byte of
//! a governed run (governance walks members in AgentId order).

mod support;

use std::path::Path;

use grassroot::App;
use grassroot::config::{Origin, Settings};
use grassroot::datadao::DataDaoScenario;
use grassroot::prelude::*;
use grassroot::sim::Newcomers;
use grassroot::sim::bevy_ecs::prelude::{Commands, IntoScheduleConfigs};
use grassroot_testkit::{TABLES, assert_same_bytes, run_to_bytes, temp_dir};
use support::{Table, grassroot, read_text};

const STEPS: &str = "150";

/// Runs `sim` to its last step in `dir` and returns the bytes of its two CSVs.
fn outputs(mut sim: Simulation, dir: &Path) -> [Vec<u8>; 2] {
    let steps = sim.params().total_steps;
    run_to_bytes(&mut sim, steps, dir)
}

/// `app`'s settings with `values` set by flags, a log and no plot.
fn settings(app: &App, values: &[(&str, &str)]) -> Settings {
    let base = Settings::defaults(app.schema()).expect("the defaults are valid");
    let flag = || Origin::Flag { flag: "--set".to_owned() };
    let mut all = vec![("TOTAL_STEPS", STEPS), ("TX_LOG", "on"), ("PLOT", "off")];
    all.extend_from_slice(values);
    base.with_values(all.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned(), flag()))).expect("valid values")
}

fn assert_same(a: &[Vec<u8>; 2], b: &[Vec<u8>; 2], what: &str) {
    for (file, (x, y)) in TABLES.iter().zip(a.iter().zip(b)) {
        assert!(x.len() > 1000, "{file} is too short to tell anything");
        assert_same_bytes(&format!("{what}: {file}"), x, y);
    }
}

/// GOVERNANCE=off, even with every other governance key changed, gives the bytes of a
/// simulation built from the scenario's plugins alone, in both scenarios.
#[test]
fn governance_off_gives_the_bytes_of_a_build_without_it() {
    let dir = temp_dir();
    let off = [("GOVERNANCE", "off"), ("GOV_PERIOD", "1"), ("GOV_WEIGHT", "person"), ("GOV_QUORUM", "0")];
    for (name, app) in [("seed", App::seed()), ("datadao", App::datadao())] {
        let s = settings(&app, &off);
        let with_app = outputs(app.build(&s).expect("builds"), &dir.path().join(format!("{name}-app")));
        let params = s.params().expect("params");
        let plain = Simulation::builder(&params);
        let plain = if name == "seed" {
            plain.with_plugin(SeedScenario::new(&params))
        } else {
            let mut b = plain;
            b.set_settings(s.clone());
            b.with_plugin(DataDaoScenario::new(&params))
        };
        let without = outputs(plain.build().expect("builds"), &dir.path().join(format!("{name}-plain")));
        assert_same(&with_app, &without, name);
    }
}

#[test]
fn governance_on_runs_the_datadao_scenario_with_its_columns_rows_and_parameters() {
    let dir = temp_dir();
    let args = ["--scenario", "datadao", "--set", "GOVERNANCE=on", "--set", "GOV_PERIOD=10", "--steps", "100"];
    let out = grassroot(dir.path(), &[&args[..], &["--out", "out", "-q"]].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let o = dir.path().join("out");
    let data = Table::read(&o.join("simulation_data.csv"));
    for col in ["gov_proposals_open", "gov_votes_for", "gov_voters_against", "gov_turnout", "gov_passed"] {
        assert!(data.has(col), "no column {col}");
    }
    for col in ["gov_executed", "gov_pie_governed", "gov_payout_rate", "gov_fee_rate", "gov_pie_share_power_user"] {
        assert!(data.has(col), "no column {col}");
    }
    assert_eq!(data.column("gov_proposed").last(), Some(&"9"), "steps 10 to 90");
    let log = Table::read(&o.join("transaction_history.csv"));
    let actions = log.column("action");
    for action in ["propose", "vote", "execute"] {
        assert!(actions.contains(&action), "no {action} row");
    }
    let manifest = read_text(&o.join("run.json"));
    for text in [
        "\"GOVERNANCE\": \"true\"",
        "\"GOV_WEIGHT\": \"tokens\"",
        "\"GOV_PERIOD\": \"10\"",
        "\"POWER_USER_GOV_PREFERS\"",
    ] {
        assert!(manifest.contains(text), "run.json lacks {text}");
    }
    assert!(o.join("simulation_results.png").is_file());
}

/// Tags every third newcomer with a component nobody reads: their archetype splits and the ECS
/// walks them in another order.
#[derive(Component)]
struct Tagged;

fn tag(newcomers: Res<Newcomers>, mut commands: Commands) {
    for &entity in newcomers.iter().step_by(3) {
        commands.entity(entity).insert(Tagged);
    }
}

#[test]
fn an_unrelated_plugin_changes_no_byte_of_a_governed_run() {
    let dir = temp_dir();
    let app = App::datadao();
    let s = settings(&app, &[("GOVERNANCE", "on"), ("GOV_PERIOD", "10"), ("GOV_WEIGHT", "data")]);
    let plain = outputs(app.build(&s).expect("builds"), &dir.path().join("plain"));
    let noisy_app = App::datadao().plugin(|sim: &mut SimBuilder| {
        sim.add_systems(SimSet::Entry, tag.after(grassroot::sim::EntrySystems));
    });
    let noisy = outputs(noisy_app.build(&s).expect("builds"), &dir.path().join("noisy"));
    assert_same(&plain, &noisy, "datadao, governed by data");
}
