//! `grassroot --scenario datadao` as a user runs it: the mechanism's columns, actions and
//! panels, its parameters validated like the others, and the seed scenario left as it was.

mod support;

use std::path::Path;

use support::{Table, grassroot, read_text as read};

#[test]
fn datadao_scenario_writes_its_columns_and_actions() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = grassroot(dir.path(), &["--scenario", "datadao", "--steps", "40", "--out", "out", "-q"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let o = dir.path().join("out");
    let data = Table::read(&o.join("simulation_data.csv"));
    for col in [
        "crc_issued",
        "crc_held",
        "crc_locked",
        "crc_demurrage",
        "ddt_minted_lock",
        "ddt_redeemed",
        "weight_total",
        "avg_weight_power_user",
        "pie_paid_research",
        "pie_paid_commercial",
        "pie_paid_training",
    ] {
        assert!(data.has(col), "column {col} missing from {:?}", data.header);
    }
    let actions = Table::read(&o.join("transaction_history.csv"));
    let actions = actions.column("action");
    for action in ["contribute", "lock_mint", "withdraw"] {
        assert!(actions.contains(&action), "no {action} in the transaction log");
    }
    assert!(!actions.contains(&"mint"), "in the dataDAO, dDT is only minted by locking");
    let manifest = read(&o.join("run.json"));
    assert!(manifest.contains("\"scenario\": \"datadao\"") && manifest.contains("\"PIE_SPLIT\""), "{manifest}");
    assert!(o.join("simulation_results.png").is_file());
}

#[test]
fn datadao_parameters_are_validated_and_the_seed_refuses_them() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bad = grassroot(dir.path(), &["--scenario", "datadao", "--set", "PIE_SPLIT=fair", "--out", "out"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("PIE_SPLIT = fair") && err.contains("weighted, equal"), "{err}");
    let upside_down = grassroot(
        dir.path(),
        &["--scenario", "datadao", "--set", "CASUAL_USER_QUALITY_MIN=0.9", "--steps", "3", "--out", "out"],
    );
    assert_eq!(upside_down.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&upside_down.stderr).contains("CASUAL_USER_QUALITY_MIN = 0.9"));
    // The seed scenario does not read them: setting one there is a mistake worth naming.
    let seed = grassroot(dir.path(), &["--set", "PIE_SPLIT=equal", "--out", "out"]);
    assert_eq!(seed.status.code(), Some(2));
    assert!(!dir.path().join("out").exists());
}

/// env.example, copied to .env, runs both scenarios.
#[test]
fn env_example_as_dotenv_serves_both_scenarios() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("env.example");
    std::fs::copy(example, dir.path().join(".env")).expect("copy");
    for scenario in ["seed", "datadao"] {
        let out = grassroot(dir.path(), &["--scenario", scenario, "--steps", "5", "--out", scenario, "-q"]);
        assert!(out.status.success(), "{scenario}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// `--replay` of a datadao run repeats it byte for byte, with or without `--scenario datadao`.
#[test]
fn replaying_a_datadao_run_repeats_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let first = grassroot(
        dir.path(),
        &["--scenario", "datadao", "--steps", "25", "--set", "OVER_CAP=unlock", "--out", "a", "-q"],
    );
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    for (out, extra) in [("b", &["--scenario", "datadao"][..]), ("c", &[][..])] {
        let mut args = vec!["--replay", "a/run.json", "--out", out, "-q"];
        args.extend_from_slice(extra);
        let again = grassroot(dir.path(), &args);
        assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
        for file in ["simulation_data.csv", "transaction_history.csv"] {
            assert_eq!(read(&dir.path().join("a").join(file)), read(&dir.path().join(out).join(file)), "{out}/{file}");
        }
    }
}
