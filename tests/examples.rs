//! Every example, run briefly as a user would: it reads the binary's parameters and writes (or
//! prints) what its header says; and the two examples of member crates (`datadao_vs_seed`,
//! `plot_demo`), listed in examples/README.md too.
//!
//! The examples are built once by a nested `cargo build --examples` (a no-op when `cargo test`
//! has just built them), in the profile of this test, then run like `tests/cli.rs` runs the
//! binary: in a fresh folder, with a clean environment.

mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use support::Table;

/// The example executables by name, built on first use.
fn examples() -> &'static HashMap<String, PathBuf> {
    static BUILT: OnceLock<HashMap<String, PathBuf>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let mut cargo = Command::new(env!("CARGO"));
        cargo
            .args(["build", "--quiet", "--examples", "--message-format=json-render-diagnostics"])
            .args(["-p", "grassroot", "-p", "grassroot_datadao", "-p", "grassroot_report"])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        if !cfg!(debug_assertions) {
            cargo.arg("--release");
        }
        let out = cargo.output().expect("cargo runs");
        assert!(out.status.success(), "building the examples failed:\n{}", String::from_utf8_lossy(&out.stderr));
        let mut found = HashMap::new();
        for line in out.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let Ok(msg) = serde_json::from_slice::<serde_json::Value>(line) else { continue };
            let is_example = msg["target"]["kind"].as_array().is_some_and(|k| k.iter().any(|k| k == "example"));
            if msg["reason"] == "compiler-artifact"
                && is_example
                && let (Some(name), Some(exe)) = (msg["target"]["name"].as_str(), msg["executable"].as_str())
            {
                found.insert(name.to_owned(), PathBuf::from(exe));
            }
        }
        found
    })
}

/// Runs example `name` in `dir` with a clean environment (plus `env`).
fn run(name: &str, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let exe = examples().get(name).unwrap_or_else(|| panic!("example {name} was not built: {:?}", examples().keys()));
    Command::new(exe)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .output()
        .expect("the example runs")
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "exit {:?}\n{}", out.status.code(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&read(&dir.join("run.json"))).expect("run.json is json")
}

#[test]
fn every_example_is_listed_in_cargo_toml_and_the_readme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let toml = read(&root.join("Cargo.toml"));
    let readme = read(&root.join("examples").join("README.md"));
    for entry in std::fs::read_dir(root.join("examples")).expect("examples/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let name = path.file_stem().and_then(|s| s.to_str()).expect("a name").to_owned();
        assert!(toml.contains(&format!("[package.metadata.example.{name}]")), "{name}: no metadata in Cargo.toml");
        assert!(readme.contains(&format!("`{name}`")), "{name}: not in examples/README.md");
        let text = read(&path);
        let mut lines = text.lines();
        assert!(lines.next().is_some_and(|l| l.starts_with("//! ")), "{name}: no //! line saying what it shows");
        assert!(
            lines.next().is_some_and(|l| l.starts_with(&format!("//! Run: cargo run --release --example {name}"))),
            "{name}: no //! Run: line"
        );
    }
}

/// The examples of member crates are listed in examples/README.md with the command that runs
/// them.
#[test]
fn every_member_crate_example_is_listed_in_the_readme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = read(&root.join("examples").join("README.md"));
    let mut listed = 0;
    for krate in std::fs::read_dir(root.join("crates")).expect("crates/") {
        let krate = krate.expect("entry").path();
        let Ok(entries) = std::fs::read_dir(krate.join("examples")) else { continue };
        let package = krate.file_name().and_then(|n| n.to_str()).expect("a name").to_owned();
        for entry in entries {
            let path = entry.expect("entry").path();
            let name = path.file_stem().and_then(|s| s.to_str()).expect("a name").to_owned();
            let command = format!("cargo run --release -p {package} --example {name}");
            assert!(readme.contains(&format!("`{name}`")), "{package}'s example {name} is not in examples/README.md");
            assert!(readme.contains(&command), "examples/README.md does not say how to run it: {command}");
            listed += 1;
        }
    }
    assert_eq!(listed, 2, "the member crates' examples changed: list each in examples/README.md and test it here");
}

#[test]
fn datadao_vs_seed_example_draws_both_scenarios_side_by_side() {
    let dir = tmp();
    let stdout = ok(&run("datadao_vs_seed", dir.path(), &["both.png", "30"], &[]));
    assert!(stdout.contains("step 29: price baseline") && stdout.contains("datadao"), "{stdout}");
    let png = std::fs::read(dir.path().join("both.png")).expect("the figure");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000, "{} bytes", png.len());
    let bad = run("datadao_vs_seed", dir.path(), &["x.png", "0"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("number of steps"));
}

#[test]
fn plot_demo_example_draws_its_four_figures() {
    let dir = tmp();
    ok(&run("plot_demo", dir.path(), &["."], &[]));
    for file in ["plot_demo.png", "plot_heatmap_demo.png", "plot_mixed_demo.png", "plot_log_demo.png"] {
        let png = std::fs::read(dir.path().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000, "{file}: {} bytes", png.len());
    }
}

#[test]
fn grassroot_example_reads_env_and_dotenv_and_matches_the_binary() {
    let dir = tmp();
    // Steps from .env, the output folder from the environment, the seed from a flag.
    std::fs::write(dir.path().join(".env"), "TOTAL_STEPS=30\nSEED=5\n").expect("write .env");
    let stdout = ok(&run("grassroot", dir.path(), &["--seed", "9"], &[("OUTPUT_DIR", "from_env")]));
    assert!(stdout.contains("steps        30 of 30") && stdout.contains("books"), "{stdout}");
    let out = dir.path().join("from_env");
    for file in ["simulation_data.csv", "transaction_history.csv", "simulation_results.png", "run.json"] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let m = manifest(&out);
    assert_eq!((m["seed"].as_u64(), m["steps_completed"].as_u64()), (Some(9), Some(30)));

    // The library path and the binary give the same run.
    let binary = Command::new(env!("CARGO_BIN_EXE_grassroot"))
        .args(["--steps", "30", "--seed", "9", "--out", "bin", "-q", "--no-env-file"])
        .current_dir(dir.path())
        .env_clear()
        .output()
        .expect("the binary runs");
    ok(&binary);
    for file in ["simulation_data.csv", "transaction_history.csv"] {
        assert_eq!(read(&out.join(file)), read(&dir.path().join("bin").join(file)), "{file} differs");
    }
}

#[test]
fn custom_archetype_example_adds_arbitrageurs_that_trade() {
    let dir = tmp();
    ok(&run("custom_archetype", dir.path(), &["--steps", "40", "--out", "out", "-q"], &[]));
    let out = dir.path().join("out");
    let data = Table::read(&out.join("simulation_data.csv"));
    assert_eq!(data.column("agents_arbitrageur").last(), Some(&"4"), "5% of 80 members");
    let actions = arbitrageur_actions(&out.join("transaction_history.csv"));
    assert!(actions.iter().any(|a| a == "buy"), "below the reference, the arbitrageurs buy: {actions:?}");
    let m = manifest(&out);
    assert_eq!(m["scenario"], "arbitrage");
    assert_eq!(m["params"]["ARBITRAGEUR_REFERENCE_PRICE"], "1");
    assert_eq!(m["params"]["DEGEN_USER_SHARE"], "0.35");
    assert!(out.join("simulation_results.png").is_file());

    // Above a (low) reference price they sell.
    let low = ["--steps", "10", "--out", "low", "-q", "--set", "ARBITRAGEUR_REFERENCE_PRICE=0.005"];
    ok(&run("custom_archetype", dir.path(), &low, &[]));
    let actions = arbitrageur_actions(&dir.path().join("low").join("transaction_history.csv"));
    assert!(actions.iter().any(|a| a == "sell"), "above the reference, the arbitrageurs sell: {actions:?}");
}

/// The `action` of every arbitrageur's transaction in the transaction log at `path`.
fn arbitrageur_actions(path: &Path) -> Vec<String> {
    let txs = Table::read(path);
    let (role, action) = (txs.index("role"), txs.index("action"));
    txs.rows.iter().filter(|r| r[role] == "arbitrageur").map(|r| r[action].clone()).collect()
}

#[test]
fn custom_archetype_example_validates_its_keys_with_the_others() {
    let dir = tmp();
    let shares = run("custom_archetype", dir.path(), &["--set", "ARBITRAGEUR_SHARE=0.1", "--out", "out"], &[]);
    assert_eq!(shares.status.code(), Some(2));
    let err = String::from_utf8_lossy(&shares.stderr);
    assert!(err.contains("role shares") && err.contains("ARBITRAGEUR_SHARE"), "{err}");
    let price = run("custom_archetype", dir.path(), &["--out", "out"], &[("ARBITRAGEUR_REFERENCE_PRICE", "0")]);
    assert_eq!(price.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&price.stderr).contains("ARBITRAGEUR_REFERENCE_PRICE"));
    assert!(!dir.path().join("out").exists(), "no outputs for a rejected run");
}

#[test]
fn custom_metric_example_writes_a_gini_column_between_0_and_1() {
    let dir = tmp();
    ok(&run("custom_metric", dir.path(), &["--steps", "30", "--out", "out", "-q"], &[]));
    let out = dir.path().join("out");
    let gini: Vec<f64> = Table::read(&out.join("simulation_data.csv"))
        .column("ddt_gini")
        .iter()
        .map(|v| v.parse().unwrap_or_else(|e| panic!("ddt_gini {v:?}: {e}")))
        .collect();
    assert_eq!(gini.len(), 30);
    assert!(gini.iter().all(|g| (0.0..=1.0).contains(g)), "{gini:?}");
    // Degens dump everything they hold: holdings are far from equal.
    assert!(gini.iter().any(|g| *g > 0.2), "{gini:?}");
    assert!(out.join("simulation_results.png").is_file());
}

#[test]
fn step_by_step_example_prints_the_fee_change_and_writes_nothing() {
    let dir = tmp();
    let stdout = ok(&run("step_by_step", dir.path(), &["--steps", "30", "--set", "NEW_FEE_RATE=0.02"], &[]));
    assert!(stdout.contains("step 15: pool fee 0.3% -> 2%"), "{stdout}");
    assert!(stdout.contains("before step 15") && stdout.contains("volume (xDAI)"), "{stdout}");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0, "step_by_step writes no files");
    // The environment is read like the binary's.
    let quiet = ok(&run("step_by_step", dir.path(), &["-q"], &[("TOTAL_STEPS", "10"), ("FEE_RATE", "0.001")]));
    assert!(quiet.contains("step 5: pool fee 0.1% -> 1%"), "{quiet}");
}

#[test]
fn sweep_example_runs_its_grid_with_the_custom_metric() {
    let dir = tmp();
    let stdout =
        ok(&run("sweep", dir.path(), &["--steps", "12", "--runs", "2", "--jobs", "2", "--out", "out", "-q"], &[]));
    assert!(stdout.contains("18 worlds: 18 completed, 0 failed"), "{stdout}");
    let out = dir.path().join("out");
    let series = read(&out.join("sweep_series.csv"));
    assert!(series.starts_with("grid_point,fee_rate,pie_payout_rate,step,runs,price_mean,"), "{series}");
    let share: Vec<f64> = Table::read(&out.join("sweep_series.csv"))
        .column("pie_share_p50")
        .iter()
        .filter_map(|v| v.parse().ok())
        .collect();
    assert_eq!(share.len(), 9 * 12, "one row per grid point and step");
    assert!(share.iter().all(|s| (0.0..=1.0).contains(s)), "{share:?}");
    for file in ["sweep_runs.csv", "sweep_results.png", "sweep.json"] {
        assert!(out.join(file).is_file(), "{file}");
    }
}

#[test]
fn datadao_example_runs_the_datadao_scenario_with_its_panels_and_columns() {
    let dir = tmp();
    ok(&run("datadao", dir.path(), &["--steps", "30", "--set", "PIE_SPLIT=equal", "--out", "out", "-q"], &[]));
    let out = dir.path().join("out");
    assert_eq!(manifest(&out)["scenario"], "datadao");
    assert_eq!(manifest(&out)["params"]["PIE_SPLIT"], "equal");
    let data = Table::read(&out.join("simulation_data.csv"));
    let minted: Vec<f64> = data.column("ddt_minted_lock").iter().filter_map(|v| v.parse().ok()).collect();
    assert_eq!(minted.len(), 30);
    assert!(minted.windows(2).all(|w| w[0] <= w[1]) && minted[29] > 0.0, "{minted:?}");
    assert!(out.join("simulation_results.png").is_file());
}

#[test]
fn original_to_grassroot_example_walks_every_difference_and_draws_it() {
    let dir = tmp();
    let stdout = ok(&run("original_to_grassroot", dir.path(), &["--steps", "40", "--out", "walk"], &[]));
    let rows: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| stage") && !l.starts_with("| difference"))
        .collect();
    let stages = grassroot::original::DIFFERENCES.len() + 1;
    // The walk's stages, then each difference alone and the router's deposit.
    assert_eq!(rows.len(), stages + stages, "{stdout}");
    assert!(rows[0].starts_with("| the original (--scenario original) |"), "{stdout}");
    assert!(rows.iter().all(|r| r.matches('e').count() >= 2), "every row quotes prices: {stdout}");
    let png = std::fs::read(dir.path().join("walk").join("original_to_grassroot.png")).expect("the figure");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn governance_example_runs_the_four_ways_and_draws_them() {
    let dir = tmp();
    let args = ["--steps", "60", "--set", "GOV_PERIOD=10", "--set", "GOV_QUORUM=0", "--out", "gov"];
    let stdout = ok(&run("governance", dir.path(), &args, &[]));
    for way in ["off", "tokens", "data", "person"] {
        let rows = stdout.lines().filter(|l| l.starts_with(&format!("| {way} | "))).count();
        assert_eq!(rows, 2, "{way}: a row in each table:\n{stdout}");
    }
    assert!(stdout.lines().any(|l| l.starts_with("| tokens | 5 | ")), "5 proposals, steps 10 to 50:\n{stdout}");
    let png = std::fs::read(dir.path().join("gov").join("governance.png")).expect("the figure");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}
