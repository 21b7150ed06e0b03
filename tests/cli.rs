//! The `grassroot` binary as a user runs it: outputs, determinism, replay, bad input.

mod support;

use std::path::Path;
use std::process::Command;

use grassroot::report::folder::LOCK_FILE;
use support::{Table, command, grassroot, read};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

#[test]
fn short_run_writes_all_four_outputs() {
    let dir = tmp();
    let out = grassroot(dir.path(), &["--steps", "60", "--out", "out"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("completed") && stdout.contains("steps        60 of 60"), "{stdout}");
    let o = dir.path().join("out");
    let data = Table::read(&o.join("simulation_data.csv"));
    for col in
        ["step", "price", "pool_ddt", "pool_xdai", "lp_supply", "pie_ddt", "agents_degen_user", "avg_xdai_casual_user"]
    {
        assert!(data.has(col), "column {col} missing from {:?}", data.header);
    }
    assert_eq!(data.rows.len(), 60, "one row per step");
    let txs = Table::read(&o.join("transaction_history.csv"));
    assert_eq!(txs.header.join(","), "step,agent_id,role,action,ddt,xdai,lp,ddt_after,xdai_after,lp_after,price_after");
    let first = txs.rows.first().map(|r| r[..5].join(","));
    assert_eq!(first.as_deref(), Some("0,0,degen_user,mint,100.0"), "the first transaction mints a member's dDT");
    let png = read(&o.join("simulation_results.png"));
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let manifest: serde_json::Value = serde_json::from_slice(&read(&o.join("run.json"))).expect("json");
    assert_eq!(manifest["outcome"]["status"], "completed");
    assert_eq!(manifest["steps_completed"], 60);
    assert_eq!(manifest["params"]["TOTAL_STEPS"], "60");
    // Nothing temporary is left behind.
    assert_eq!(hidden_files(&o), Vec::<String>::new(), "temporary files left behind");
}

#[test]
fn same_seed_gives_identical_csv_and_another_seed_does_not() {
    let dir = tmp();
    for (out, seed) in [("a", "7"), ("b", "7"), ("c", "8")] {
        let o = grassroot(dir.path(), &["--steps", "80", "--seed", seed, "--out", out, "--set", "PLOT=off", "-q"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    for file in ["simulation_data.csv", "transaction_history.csv"] {
        let a = read(&dir.path().join("a").join(file));
        assert_eq!(a, read(&dir.path().join("b").join(file)), "{file} differs for the same seed");
        assert_ne!(a, read(&dir.path().join("c").join(file)), "{file} is the same for another seed");
    }
}

#[test]
fn replay_repeats_a_run_byte_for_byte() {
    let dir = tmp();
    let first = grassroot(dir.path(), &["--steps", "40", "--seed", "3", "--set", "FEE_RATE=0.01", "--out", "a", "-q"]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let again = grassroot(dir.path(), &["--replay", "a/run.json", "--out", "b", "-q"]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    for file in ["simulation_data.csv", "transaction_history.csv"] {
        assert_eq!(read(&dir.path().join("a").join(file)), read(&dir.path().join("b").join(file)), "{file}");
    }
}

#[test]
fn bad_parameter_exits_2_names_the_key_and_writes_nothing() {
    let dir = tmp();
    let out = grassroot(dir.path(), &["--set", "FEE_RATE=1.5", "--out", "out"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("FEE_RATE = 1.5") && err.contains("allowed"), "{err}");
    assert!(!dir.path().join("out").exists(), "no output folder for a rejected run");
}

#[test]
fn every_bad_parameter_is_printed_as_an_error_of_its_own() {
    let dir = tmp();
    let out = grassroot(dir.path(), &["--set", "FEE_RATE=1.5", "--steps", "0", "--out", "out"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 2, "{err}");
    assert!(errors[0].starts_with("error: TOTAL_STEPS = 0 (from flag --steps) must not be zero"), "{err}");
    assert!(errors[1].starts_with("error: FEE_RATE = 1.5 (from flag --set) is out of range"), "{err}");
    assert_eq!(err.matches("\n  fix: ").count(), 2, "each error has its fix: {err}");
}

#[test]
fn a_plugins_refusal_names_key_value_origin_and_fix() {
    // See: #22. Governance refuses GOV_WEIGHT=data without the dataDAO as the world is built.
    let dir = tmp();
    let out = grassroot(dir.path(), &["--set", "GOVERNANCE=on", "--set", "GOV_WEIGHT=data", "--out", "out"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: GOV_WEIGHT = data (from flag --set) needs Contribution Weight"), "{err}");
    assert!(err.contains("\n  fix: run with --scenario datadao"), "{err}");
}

#[test]
fn output_dir_that_is_a_file_exits_2_and_is_left_alone() {
    let dir = tmp();
    let file = dir.path().join("taken");
    std::fs::write(&file, "keep me").expect("write");
    let out = grassroot(dir.path(), &["--steps", "5", "--out", "taken"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("taken"));
    assert_eq!(read(&file), b"keep me");
}

#[test]
fn dotenv_in_the_working_directory_is_read_and_flags_win() {
    let dir = tmp();
    std::fs::write(dir.path().join(".env"), "TOTAL_STEPS=12\nSEED=5\nOUTPUT_DIR=from_env\n").expect("write");
    let out = grassroot(dir.path(), &["--seed", "6", "-q"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let manifest: serde_json::Value =
        serde_json::from_slice(&read(&dir.path().join("from_env").join("run.json"))).expect("json");
    assert_eq!(manifest["steps_completed"], 12);
    assert_eq!(manifest["seed"], 6);
    // Without -q the run says what the file set (SEED was set by the flag instead).
    let out = grassroot(dir.path(), &["--seed", "6"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("note: .env sets TOTAL_STEPS, OUTPUT_DIR (--no-env-file runs without it)"), "{err}");
}

#[test]
fn env_example_lists_every_parameter_with_its_default() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("env.example")).expect("env.example");
    // Every key of every scenario the binary runs: the seed's, then the dataDAO's.
    assert_eq!(
        text,
        grassroot::App::seed().listed_schema().env_example(),
        "regenerate it: cargo run -- params > env.example"
    );
}

#[test]
fn params_lists_one_scenarios_group_and_names_the_groups_of_a_wrong_one() {
    let dir = tmp();
    let out = grassroot(dir.path(), &["params", "--scenario", "datadao", "--group", "ROLE: organization"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\n# ===== Role: organization =====\n") && text.contains("\nORGANIZATION_SHARE="), "{text}");
    assert!(!text.contains("\nTOTAL_STEPS=") && !text.contains("\nPOWER_USER_SHARE="), "{text}");
    let out = grassroot(dir.path(), &["params", "--group", "roles"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--group = roles") && err.contains("Role: organization"), "{err}");
}

#[test]
fn a_space_for_the_equals_sign_of_set_gets_the_fix() {
    let dir = tmp();
    let out = grassroot(dir.path(), &["--set", "FEE_RATE", "0.01", "--steps", "3", "--out", "o"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("fix: write --set FEE_RATE=0.01"), "{err}");
    assert!(!dir.path().join("o").exists());
}

#[test]
fn help_explains_the_flags() {
    let dir = tmp();
    let out = grassroot(dir.path(), &["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in ["--config", "--steps", "--seed", "--out", "--set", "--replay", "params"] {
        assert!(help.contains(flag), "--help does not mention {flag}");
    }
}

/// Starts a run that would take hours, lets it compute some steps, sends `signal`, and checks
/// that it stopped at a step boundary with its outputs marked `interrupted`.
fn stops_on(signal: &str) {
    let dir = tmp();
    let args =
        ["--steps", "100000000", "--set", "AGENTS_PER_ENTRY=1", "--set", "ENTRY_STEPS=1000", "--out", "out", "-q"];
    let mut child = command(dir.path(), &args).spawn().expect("the binary starts");
    std::thread::sleep(std::time::Duration::from_millis(700));
    let killed = Command::new("kill").args([signal, &child.id().to_string()]).status().expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("the binary exits");
    assert_eq!(status.code(), Some(130), "{signal}");
    let o = dir.path().join("out");
    let manifest: serde_json::Value = serde_json::from_slice(&read(&o.join("run.json"))).expect("json");
    assert_eq!(manifest["outcome"]["status"], "interrupted");
    let done = manifest["steps_completed"].as_u64().expect("a count");
    assert!(done > 0 && done < 100_000_000, "{done}");
    let rows = Table::read(&o.join("simulation_data.csv")).rows.len() as u64;
    assert_eq!(rows, done, "one row per computed step");
    assert_eq!(hidden_files(&o), Vec::<String>::new(), "temporary files left behind");
}

/// Hidden files other than the folder's lock file: temporaries.
fn hidden_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != LOCK_FILE)
        .collect()
}

#[test]
fn ctrl_c_stops_at_a_step_boundary_and_keeps_what_was_computed() {
    stops_on("-INT");
}

#[test]
fn sigterm_from_a_scheduler_stops_like_ctrl_c() {
    // Slurm and Kubernetes send SIGTERM when a job reaches its time limit.
    stops_on("-TERM");
}

/// Every file in `dir`: its name, size and a hash of its bytes (readable when it differs).
fn snapshot(dir: &Path) -> Vec<(String, usize, u64)> {
    use std::hash::{Hash, Hasher};
    let mut files: Vec<(String, usize, u64)> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_name() != LOCK_FILE)
        .map(|e| {
            let bytes = read(&e.path());
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            (e.file_name().to_string_lossy().into_owned(), bytes.len(), h.finish())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_run_that_cannot_write_leaves_the_earlier_runs_outputs_as_they_were() {
    let dir = tmp();
    let first = grassroot(dir.path(), &["--steps", "5", "--seed", "1", "--out", "out", "-q"]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let before = snapshot(&dir.path().join("out"));
    assert_eq!(before.len(), 4, "four outputs");
    // A full disk, played by a file-size limit of 100 blocks (at most 100 KiB): the second
    // run's simulation_data.csv (3 KB) can be written, its figure (~200 KB) cannot. SIGXFSZ is
    // ignored so that the write fails with an error instead of killing the process.
    let script = r#"trap '' XFSZ; ulimit -f 100; exec "$0" "$@""#;
    let bin = env!("CARGO_BIN_EXE_grassroot");
    let args = ["--steps", "6", "--seed", "2", "--set", "TX_LOG=off", "--out", "out", "-q"];
    let second = Command::new("sh").arg("-c").arg(script).arg(bin).args(args).current_dir(dir.path()).output();
    let second = second.expect("sh runs");
    let err = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(1), "{err}");
    assert!(err.contains("simulation_results.png") && err.contains("File too large"), "{err}");
    // Whole or absent: the folder still holds the first run's four files, byte for byte.
    assert_eq!(snapshot(&dir.path().join("out")), before);
}

#[test]
fn bad_input_leaves_an_earlier_runs_outputs_untouched() {
    let dir = tmp();
    let first = grassroot(dir.path(), &["--steps", "5", "--out", "out", "-q"]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let before = snapshot(&dir.path().join("out"));
    let bad = grassroot(dir.path(), &["--steps", "5", "--out", "out", "--set", "FEE_RATE=2"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(snapshot(&dir.path().join("out")), before);
}
