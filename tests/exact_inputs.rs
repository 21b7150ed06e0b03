//! Numbers that stay what the user wrote, and inputs refused rather than bent (#23, classes 1,
//! 5 and 8), through the binary as a user runs it: a per-step flow sum that overflows fails the
//! run naming its column, and a sweep's "re-run alone" command fails the same way; a TOML float
//! is taken from its text; text that is not UTF-8 is refused naming the key; keys in two cases
//! in one table are refused; `.env` may start with a byte order mark; `--replay` refuses what
//! it cannot honour and yields to `--scenario`; a sweep's runs and jobs are capped; a message
//! quotes at most 200 characters of a line.

mod support;

use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use support::{Table, command, grassroot, read_text};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn code(out: &std::process::Output) -> Option<i32> {
    out.status.code()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// 2 x 10^20 dDT: accepted one by one (below 2^128 base units), but two members' unmet
/// compute demand in one step sum past 2^128 - 1 base units.
const HUGE: &str = "200000000000000000000";

/// The flags of a short run whose every power user and organization (two of each join at step
/// 0) wants [`HUGE`] dDT of compute a step, while the pool is not open yet at step 0.
fn huge_demand() -> Vec<String> {
    ["POWER_USER_SPEND_PER_STEP", "ORGANIZATION_SPEND_PER_STEP"]
        .iter()
        .flat_map(|k| ["--set".to_owned(), format!("{k}={HUGE}")])
        .chain(
            ["--steps", "3", "--no-env-file", "-q", "--set", "PLOT=off", "--set", "AGENTS_PER_ENTRY=40"]
                .map(str::to_owned),
        )
        .collect()
}

#[test]
fn a_flow_sum_that_overflows_fails_the_run_naming_its_column() {
    let dir = tmp();
    let mut args = huge_demand();
    args.extend(["--out", "out"].map(str::to_owned));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = grassroot(dir.path(), &args);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(1), "{err}");
    assert!(err.contains("amount overflow at step 0: unmet_demand_ddt"), "{err}");
    let manifest: serde_json::Value =
        serde_json::from_str(&read_text(&dir.path().join("out/run.json"))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(manifest["outcome"]["status"], "failed", "{manifest}");
    assert!(manifest["outcome"]["error"].as_str().is_some_and(|e| e.contains("unmet_demand_ddt")), "{manifest}");
    // No row holds the clamped number 2^128 - 1.
    let table = Table::read(&dir.path().join("out/simulation_data.csv"));
    let max = "340282366920938463463.374607431768211455";
    assert!(table.rows.iter().all(|r| r.iter().all(|c| c != max)), "a cell is clamped to {max}");
}

#[test]
fn a_sweep_world_that_overflows_is_reproduced_by_its_rerun_command() {
    let dir = tmp();
    let toml = format!(
        "total_steps = 3\nplot = \"off\"\nagents_per_entry = 40\n\
         [sweep]\npower_user_spend_per_step = [\"1\", \"{HUGE}\"]\n"
    );
    write(&dir.path().join("sweep.toml"), toml.as_bytes());
    let out = grassroot(dir.path(), &["sweep", "--config", "sweep.toml", "--no-env-file", "-q", "--out", "s"]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(1), "{err}");
    let rerun = err
        .lines()
        .find_map(|l| l.trim().strip_prefix("re-run alone: grassroot run "))
        .unwrap_or_else(|| panic!("no re-run command in {err}"));
    assert!(err.contains("unmet_demand_ddt"), "{err}");
    let script = format!("\"$GRASSROOT\" run --no-env-file -q {rerun} --out alone");
    let again = std::process::Command::new("sh")
        .args(["-c", &script])
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GRASSROOT", env!("CARGO_BIN_EXE_grassroot"))
        .output()
        .expect("sh runs");
    let again_err = stderr(&again);
    assert_eq!(code(&again), Some(1), "{script}: {again_err}");
    assert!(again_err.contains("unmet_demand_ddt"), "{again_err}");
}

#[test]
fn a_toml_float_is_taken_from_its_text() {
    let dir = tmp();
    let run = |toml: &str| {
        write(&dir.path().join("run.toml"), toml.as_bytes());
        let args = ["--config", "run.toml", "--no-env-file", "-q", "--steps", "1", "--set", "PLOT=off", "--out", "o"];
        grassroot(dir.path(), &args)
    };
    // 19 significant digits: f64 would make it 1234567890123456800.
    let out = run("degen_user_initial_xdai = 1234567890123456789.5\n");
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let manifest = read_text(&dir.path().join("o/run.json"));
    assert!(manifest.contains("\"DEGEN_USER_INITIAL_XDAI\": \"1234567890123456789.5\""), "{manifest}");
    // 19 decimals: refused, as a flag refuses them.
    let out = run("degen_user_initial_xdai = 0.1234567890123456789\n");
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("DEGEN_USER_INITIAL_XDAI = 0.1234567890123456789"), "{}", stderr(&out));
    // A float f64 would round to 0 is refused with its line, not taken as 0.
    let out = run("total_steps = 1\nfee_rate = 1e-500\n");
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("1e-500"), "{}", stderr(&out));
}

#[test]
fn an_environment_value_that_is_not_utf8_is_refused_naming_the_key() {
    let dir = tmp();
    let value = std::ffi::OsStr::from_bytes(b"out\xff");
    let out = command(dir.path(), &["--steps", "1", "--no-env-file", "-q"]).env("OUTPUT_DIR", value).output();
    let out = out.expect("the binary runs");
    let err = stderr(&out);
    assert_eq!(code(&out), Some(2), "{err}");
    assert!(err.contains("OUTPUT_DIR") && err.contains("UTF-8"), "{err}");
    assert!(!dir.path().join("output").exists(), "the default folder was written");
}

#[test]
fn a_file_line_that_is_not_utf8_is_refused_naming_key_and_line() {
    let dir = tmp();
    write(&dir.path().join(".env"), b"TOTAL_STEPS=1\nOUTPUT_DIR=o\xffut\n");
    let out = grassroot(dir.path(), &["-q"]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(2), "{err}");
    assert!(err.contains("OUTPUT_DIR (from .env line 2)") && err.contains("UTF-8"), "{err}");
    write(&dir.path().join("run.toml"), b"total_steps = 1\noutput_dir = \"o\xffut\"\n");
    let out = grassroot(dir.path(), &["--config", "run.toml", "--no-env-file", "-q"]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(2), "{err}");
    assert!(err.contains("output_dir (from config file run.toml line 2)") && err.contains("UTF-8"), "{err}");
}

#[test]
fn a_dotenv_file_with_a_byte_order_mark_is_read() {
    let dir = tmp();
    write(&dir.path().join(".env"), "\u{feff}TOTAL_STEPS=2\nPLOT=off\n".as_bytes());
    let out = grassroot(dir.path(), &["-q", "--out", "o"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(read_text(&dir.path().join("o/run.json")).contains("\"steps_requested\": 2"));
}

#[test]
fn keys_in_two_cases_in_one_sweep_table_are_refused() {
    let dir = tmp();
    for table in ["fee_rate = [\"0.001\"]\nFEE_RATE = [\"0.002\", \"0.003\"]\n", "runs = 2\nRUNS = 3\n"] {
        write(&dir.path().join("sweep.toml"), format!("total_steps = 2\n[sweep]\n{table}").as_bytes());
        let out = grassroot(dir.path(), &["sweep", "--config", "sweep.toml", "--no-env-file", "-q", "--out", "s"]);
        let err = stderr(&out);
        assert_eq!(code(&out), Some(2), "{err}");
        assert!(err.contains("is set twice in the [sweep] table of sweep.toml"), "{err}");
        assert!(!dir.path().join("s").exists(), "{table}: the sweep wrote");
    }
}

#[test]
fn replay_refuses_what_it_cannot_honour_and_yields_to_scenario() {
    let dir = tmp();
    let args = ["--scenario", "datadao", "--steps", "2", "--no-env-file", "-q", "--set", "PLOT=off", "--out", "d"];
    let out = grassroot(dir.path(), &args);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let original = read_text(&dir.path().join("d/run.json"));
    for (from, to, says) in [
        ("\"program\": \"grassroot\"", "\"program\": \"other\"", "written by 'other', not grassroot"),
        ("\"scenario\": \"datadao\"", "\"scenario\": \"whale\"", "a run of scenario 'whale'"),
        ("\"version\": \"", "\"version\": \"999.", "written by grassroot 999."),
    ] {
        assert!(original.contains(from), "{original}");
        write(&dir.path().join("edited.json"), original.replacen(from, to, 1).as_bytes());
        let out = grassroot(dir.path(), &["--replay", "edited.json", "--no-env-file", "-q", "--out", "r"]);
        let err = stderr(&out);
        assert_eq!(code(&out), Some(2), "{err}");
        assert!(err.contains(says), "{err}");
        assert!(!dir.path().join("r").exists(), "a refused replay wrote");
    }
    // An explicit --scenario wins over the replayed one.
    let out = grassroot(
        dir.path(),
        &["--replay", "d/run.json", "--scenario", "baseline", "--no-env-file", "-q", "--out", "s"],
    );
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(read_text(&dir.path().join("s/run.json")).contains("\"scenario\": \"baseline\""));
    let out = grassroot(dir.path(), &["--replay", "d/run.json", "--no-env-file", "-q", "--out", "again"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(read_text(&dir.path().join("again/run.json")).contains("\"scenario\": \"datadao\""));
}

#[test]
fn sweep_runs_and_jobs_beyond_their_caps_fail_with_a_message() {
    let dir = tmp();
    write(&dir.path().join("sweep.toml"), b"total_steps = 2\n[sweep]\nruns = 100000000000\n");
    let out = grassroot(dir.path(), &["sweep", "--config", "sweep.toml", "--no-env-file", "-q", "--yes", "--out", "s"]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(2), "{err}");
    assert!(err.contains("runs = 100,000,000,000 is more than the 1,000,000 runs a grid point may have"), "{err}");
    write(&dir.path().join("sweep.toml"), b"total_steps = 2\n[sweep]\nruns = 2\n");
    let out = grassroot(dir.path(), &["sweep", "--config", "sweep.toml", "--no-env-file", "-q", "--jobs", "100000"]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(2), "{err}");
    assert!(err.contains("--jobs 100000 is more than the 1024 worlds that may run at once"), "{err}");
}

#[test]
fn an_error_quotes_at_most_200_characters_of_a_line() {
    let dir = tmp();
    let long = "x".repeat(200_000);
    write(&dir.path().join("run.toml"), format!("total_steps = = {long}\n").as_bytes());
    let out = grassroot(dir.path(), &["--config", "run.toml", "--no-env-file", "-q"]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(2), "{}", &err[..err.len().min(2000)]);
    assert!(err.len() < 2_000, "the message is {} bytes", err.len());
    // One argument may hold at most 128 KiB.
    let set = format!("FEE_RAT={}", &long[..100_000]);
    let out = grassroot(dir.path(), &["--set", &set, "--no-env-file", "-q"]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(2), "{}", &err[..err.len().min(2000)]);
    assert!(err.len() < 2_000, "the message is {} bytes", err.len());
}

/// Under `FEE_MODEL=account` the pool's fee account is a column in every scenario (not only
/// the original's), so the xDAI books can be checked from the series alone: at every step,
/// exactly, `xdai_endowed = xdai_wallets + pool_xdai + xdai_fee_account`. Under the default fee
/// model there is no fee account and no column.
#[test]
fn the_fee_account_is_a_column_wherever_the_fee_model_keeps_one() {
    let dir = tmp();
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec!["--steps", "300", "--no-env-file", "-q", "--set", "PLOT=off", "--set", "TX_LOG=off"];
        args.extend(["--out", out]);
        args.extend_from_slice(extra);
        let result = grassroot(dir.path(), &args);
        assert_eq!(code(&result), Some(0), "{}", stderr(&result));
        Table::read(&dir.path().join(out).join("simulation_data.csv"))
    };
    let plain = run("plain", &[]);
    assert!(!plain.has("xdai_fee_account"), "the default fee model keeps no fee account");
    let account = run("account", &["--set", "FEE_MODEL=account", "--set", "FEE_RATE=0.01"]);
    assert!(account.has("xdai_fee_account"), "no fee account column under FEE_MODEL=account");
    let wad = |row: &[String], name: &str| grassroot_testkit::wad(account.cell(row, name));
    let mut collected = false;
    for row in &account.rows {
        let held = [wad(row, "xdai_wallets"), wad(row, "pool_xdai"), wad(row, "xdai_fee_account")]
            .into_iter()
            .try_fold(grassroot_amm::Wad::ZERO, |sum, w| sum.checked_add(w))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(wad(row, "xdai_endowed"), held, "xDAI books at step {}", account.cell(row, "step"));
        collected |= !wad(row, "xdai_fee_account").is_zero();
    }
    assert!(collected, "the fee account never held anything: the check above proved nothing about it");
}
