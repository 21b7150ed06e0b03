//! `grassroot --scenario original` as a user runs it: the original's figure and columns, its
//! keys validated like every key, a `SEED` it does not use reported in one line, a key it has
//! no counterpart for refused, and `--replay` of its run.json repeating it.

mod support;

use support::{Table, grassroot, read};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

#[test]
fn the_original_scenario_writes_its_flows_and_replays() {
    let dir = tmp();
    let out = grassroot(dir.path(), &["--scenario", "original", "--steps", "120", "--out", "o", "-q"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let data = Table::read(&dir.path().join("o").join("simulation_data.csv"));
    for col in [
        "xdai_fee_account",
        "xdai_fees_forfeited",
        "ddt_created_by_reinvest",
        "ddt_created_by_overspend",
        "ddt_pie_unpaid",
    ] {
        assert!(data.has(col), "column {col} missing");
    }
    // The original's 11 founders and its first entry, round(21 x share): 8/1/1/6/4, 20 members.
    assert_eq!(data.cell(&data.rows[0], "agents_total"), "20");
    let manifest: serde_json::Value =
        serde_json::from_slice(&read(&dir.path().join("o").join("run.json"))).expect("json");
    assert_eq!(manifest["scenario"], "original");
    assert_eq!(manifest["params"]["ORIGINAL_PIE_PAYS_NOBODY"], "true");
    let again = grassroot(dir.path(), &["--replay", "o/run.json", "--out", "r", "-q"]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    for file in ["simulation_data.csv", "transaction_history.csv"] {
        assert_eq!(read(&dir.path().join("o").join(file)), read(&dir.path().join("r").join(file)), "{file}");
    }
}

#[test]
fn an_unknown_deposit_rule_exits_2_with_the_choices() {
    let dir = tmp();
    let out = grassroot(dir.path(), &["--set", "DEGEN_USER_DEPOSIT=zap", "--out", "o"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("DEGEN_USER_DEPOSIT") && err.contains("zap") && err.contains("pair") && err.contains("router"),
        "{err}"
    );
    assert!(!dir.path().join("o").exists());
}

#[test]
fn a_seed_the_original_does_not_use_is_reported_in_one_line() {
    let dir = tmp();
    let out = grassroot(dir.path(), &["--scenario", "original", "--steps", "20", "--seed", "7", "--out", "o", "-q"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("SEED=7 is not used")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    // By phases the original scenario shuffles the turns, so the seed is used: no warning.
    let out = grassroot(
        dir.path(),
        &["--scenario", "original", "--steps", "20", "--seed", "7", "--set", "TURN_ORDER=phases", "--out", "p", "-q"],
    );
    assert!(out.status.success() && !String::from_utf8_lossy(&out.stderr).contains("not used"));
}

#[test]
fn a_key_the_original_has_no_counterpart_for_is_refused() {
    let dir = tmp();
    let out = grassroot(dir.path(), &["--scenario", "original", "--set", "CRC_PER_HOUR=2", "--out", "o"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("CRC_PER_HOUR"), "{err}");
    // The original's own keys belong to --scenario original only.
    let out = grassroot(dir.path(), &["--set", "ORIGINAL_FEE_RESET=off", "--out", "o"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}
