//! A scenario is a definition: one defined in this file and registered with one line runs end
//! to end through the command line's path (`App::main_from` with `--scenario`), lists its keys
//! with `params --scenario`, shows in `--help`, and limits governance as it says. The built-in
//! `baseline` still answers to its former name, `seed`.

use std::path::Path;
use std::process::ExitCode;

use grassroot::App;
use grassroot::cli::Cli;
use grassroot::config::{ConfigError, Kind, ParamSpec, Params, Schema};
use grassroot::governance::ActionKind;
use grassroot::scenario::{Governance, Scenario};
use grassroot::sim::{Plugin, SeedScenario};

/// The test scenario: the baseline with a 1% pool fee, a key of its own, and governance that
/// may only change the pool fee.
struct DearPool;

/// The test scenario's own key.
const DEAR_POOL_NOTE: &str = "DEAR_POOL_NOTE";

impl Scenario for DearPool {
    fn name(&self) -> &str {
        "dear_pool"
    }

    fn description(&self) -> &str {
        "The baseline with a 1% pool fee (a scenario defined in a test)."
    }

    fn add_keys(&self, schema: &mut Schema) -> Result<(), ConfigError> {
        if schema.spec(DEAR_POOL_NOTE).is_some() {
            return Ok(());
        }
        let spec =
            ParamSpec::new(DEAR_POOL_NOTE, Kind::Bool, "on", "A switch only dear_pool has.").in_group("Dear pool");
        schema.add(spec).map(|_| ())
    }

    fn set_defaults(&self, schema: &mut Schema) -> Result<(), ConfigError> {
        schema.set_default("FEE_RATE", "0.01").map(|_| ())
    }

    fn plugin(&self, params: &Params) -> Box<dyn Plugin> {
        Box::new(SeedScenario::new(params))
    }

    fn governance(&self) -> Governance {
        Governance::Only(&[ActionKind::Fee])
    }
}

/// The program with the test scenario: the registration line.
fn app() -> App {
    App::seed().register(DearPool)
}

/// Runs `app` on the command line `args` (after the program's name), writing into
/// `dir/<out>`, and returns the exit code and run.json.
fn run(app: App, dir: &Path, out: &str, args: &[&str]) -> (ExitCode, serde_json::Value) {
    let out = dir.join(out);
    let out_arg = out.display().to_string();
    let mut argv = vec!["grassroot", "--no-env-file", "-q", "--out", &out_arg, "--steps", "30"];
    argv.extend_from_slice(args);
    let code = app.main_from(argv);
    let manifest = std::fs::read_to_string(out.join("run.json")).unwrap_or_default();
    (code, serde_json::from_str(&manifest).unwrap_or(serde_json::Value::Null))
}

#[test]
fn a_scenario_defined_in_one_file_runs_by_its_name() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (code, dear) = run(app(), dir.path(), "dear", &["--scenario", "dear_pool"]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(dear["scenario"], "dear_pool");
    assert_eq!(dear["params"]["FEE_RATE"], "0.01", "{dear}");
    assert_eq!(dear["params"][DEAR_POOL_NOTE], "true", "{dear}");

    // The same world with the baseline's fee is the baseline's run, byte for byte: the
    // scenario's plugin is the baseline's, only its default differs.
    let (code, base) = run(app(), dir.path(), "base", &["--set", "FEE_RATE=0.01"]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(base["scenario"], "baseline");
    let csv = |run: &str| std::fs::read(dir.path().join(run).join("simulation_data.csv")).expect("the series");
    assert_eq!(csv("dear"), csv("base"));
    let (_, fee_default) = run(app(), dir.path(), "default_fee", &[]);
    assert_eq!(fee_default["params"]["FEE_RATE"], "0.003");
    assert_ne!(csv("default_fee"), csv("base"), "the fee changes the run");
}

#[test]
fn the_registry_gives_help_params_and_choices() {
    let app = app();
    let help = Cli::command_for(app.scenarios(), "baseline").render_long_help().to_string();
    assert!(help.contains("dear_pool") && help.contains("a scenario defined in a test"), "{help}");
    assert!(help.contains(grassroot::config::LAYERS), "{help}");

    let unknown =
        Cli::command_for(app.scenarios(), "baseline").try_get_matches_from(["grassroot", "--scenario", "dear"]);
    let e = unknown.map(|_| ()).expect_err("an unknown scenario is refused");
    assert_eq!(e.kind(), clap::error::ErrorKind::InvalidValue);
    assert!(e.to_string().contains("dear_pool"), "{e}");

    // `params --scenario dear_pool` lists its own key with its defaults; every key of every
    // scenario is listed without it.
    let listed = app.listed_schema();
    assert!(listed.spec(DEAR_POOL_NOTE).is_some());
    assert_eq!(listed.spec("FEE_RATE").map(|s| s.default.as_str()), Some("0.003"));
    let dear = app.with_scenario("dear_pool").expect("registered");
    assert_eq!(dear.schema().spec("FEE_RATE").map(|s| s.default.as_str()), Some("0.01"));
    assert!(dear.schema().env_example().contains("DEAR_POOL_NOTE=on"));
    assert!(App::seed().schema().spec(DEAR_POOL_NOTE).is_none());
}

#[test]
fn registering_a_taken_name_is_refused() {
    struct Impostor;
    impl Scenario for Impostor {
        fn name(&self) -> &str {
            "datadao"
        }
        fn description(&self) -> &str {
            "Not the dataDAO."
        }
        fn plugin(&self, params: &Params) -> Box<dyn Plugin> {
            Box::new(SeedScenario::new(params))
        }
    }
    let mut scenarios = App::seed().scenarios().clone();
    let e = scenarios.add(std::rc::Rc::new(Impostor)).expect_err("a taken name");
    assert!(e.to_string().contains("already the name of the scenario datadao"), "{e}");
    let e = App::seed().with_scenario("nope").err().expect("unknown");
    assert!(e.to_string().contains("allowed baseline, datadao, original"), "{e}");
}

#[test]
fn governance_changes_only_what_the_scenario_allows() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let settings = |args: &[&str]| {
        let mut argv = vec!["grassroot", "--no-env-file", "--steps", "30", "--scenario", "dear_pool"];
        argv.extend_from_slice(args);
        let cli = Cli::parse_for(app().scenarios(), "baseline", argv);
        let app = app().for_run(&cli.run).expect("registered");
        let settings = app.settings(&cli.run).expect("valid settings");
        app.build(&settings).map(|_| ())
    };
    let e = settings(&["--set", "GOVERNANCE=on"]).expect_err("the default menu has burn");
    assert!(e.to_string().contains("GOV_ACTIONS") && e.to_string().contains("choose among fee"), "{e}");
    settings(&["--set", "GOVERNANCE=on", "--set", "GOV_ACTIONS=fee"]).expect("the fee alone is allowed");
    let (code, m) = run(
        app(),
        dir.path(),
        "gov",
        &["--scenario", "dear_pool", "--set", "GOVERNANCE=on", "--set", "GOV_ACTIONS=fee"],
    );
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(m["params"]["GOV_ACTIONS"], "fee");
}

#[test]
fn seed_is_the_former_name_of_baseline() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (code, m) = run(App::seed(), dir.path(), "old", &["--scenario", "seed"]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(m["scenario"], "baseline");
    let (_, new) = run(App::seed(), dir.path(), "new", &["--scenario", "baseline"]);
    let csv = |run: &str| std::fs::read(dir.path().join(run).join("simulation_data.csv")).expect("the series");
    assert_eq!(csv("old"), csv("new"));
    assert_eq!(new["scenario"], "baseline");
}
