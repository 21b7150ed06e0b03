//! `grassroot sweep` and `grassroot merge` as a user runs them: a TOML file and one command,
//! tables that pandas reads as they are, a world re-run alone, three shards merged into the
//! files of one run, failures that let the rest go on, and bad input that writes nothing.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::{Table, grassroot, read};

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "exit {:?}\n{}", out.status.code(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn text(path: &Path) -> String {
    String::from_utf8(read(path)).expect("utf-8")
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// The records of a CSV file, read with the `csv` crate, as (header, rows).
fn table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let t = Table::read(path);
    (t.header, t.rows)
}

fn cell<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
    let i = header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {header:?}"));
    &row[i]
}

const SWEEP: &str = "\
# 2 fees x 2 entry sizes x 3 seeds, 15 steps
total_steps = 15
[sweep]
runs = 3
seed = 11
fee_rate = [0.003, 0.01]
agents_per_entry = { from = 4, to = 8, step = 4 }
";

fn sweep_dir(toml: &str) -> tempfile::TempDir {
    let dir = tmp();
    std::fs::write(dir.path().join("sweep.toml"), toml).expect("write");
    dir
}

#[test]
fn one_command_writes_four_tidy_outputs() {
    let dir = sweep_dir(SWEEP);
    let stdout = ok(&grassroot(dir.path(), &["sweep", "--config", "sweep.toml", "--out", "out", "--jobs", "2"]));
    assert!(stdout.contains("4 grid points x 3 runs = 12 worlds, base seed 11"), "{stdout}");
    assert!(stdout.contains("12 completed, 0 failed"), "{stdout}");
    let out = dir.path().join("out");
    let (h, rows) = table(&out.join("sweep_runs.csv"));
    assert_eq!(
        h.join(","),
        "grid_point,agents_per_entry,fee_rate,run,seed,status,steps,price,pool_ddt,pool_xdai,pie_ddt,agents_total,\
         unmet_demand_ddt,volume_ddt,volume_xdai,error"
    );
    assert_eq!(rows.len(), 12);
    // Grid order: agents_per_entry (outer) then fee_rate (inner); runs innermost.
    let ids: Vec<String> = rows
        .iter()
        .map(|r| format!("{}:{}:{}:{}", r[0], cell(&h, r, "agents_per_entry"), cell(&h, r, "fee_rate"), r[3]))
        .collect();
    assert_eq!(ids[..4], ["0:4:0.003:0", "0:4:0.003:1", "0:4:0.003:2", "1:4:0.01:0"]);
    assert_eq!(ids[11], "3:8:0.01:2");
    for r in &rows {
        assert_eq!(cell(&h, r, "status"), "completed");
        assert_eq!(cell(&h, r, "steps"), "15");
        // Typed cells: decimals always carry a point, counts never do.
        for c in ["price", "pool_ddt", "pool_xdai", "pie_ddt", "volume_ddt", "unmet_demand_ddt"] {
            assert!(cell(&h, r, c).parse::<f64>().is_ok() && cell(&h, r, c).contains(['.', 'e']), "{c}: {r:?}");
        }
        assert!(cell(&h, r, "agents_total").parse::<u64>().is_ok());
        assert!(cell(&h, r, "seed").parse::<i64>().is_ok(), "seeds fit in int64");
    }
    let (sh, srows) = table(&out.join("sweep_series.csv"));
    assert_eq!(&sh[..5], ["grid_point", "agents_per_entry", "fee_rate", "step", "runs"]);
    assert!(sh.iter().any(|c| c == "pie_ddt_p95") && sh.iter().any(|c| c == "pool_xdai_mean"));
    assert_eq!(srows.len(), 4 * 15, "one row per grid point and step");
    // At the last step the median of the price equals the median of the final prices.
    let last = &srows[14];
    let mut finals: Vec<f64> = rows[..3].iter().map(|r| cell(&h, r, "price").parse().unwrap_or(f64::NAN)).collect();
    finals.sort_by(f64::total_cmp);
    assert_eq!(cell(&sh, last, "price_p50").parse::<f64>().ok(), Some(finals[1]));
    let png = read(&out.join("sweep_results.png"));
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let json: serde_json::Value = serde_json::from_slice(&read(&out.join("sweep.json"))).expect("json");
    assert_eq!(json["grid"]["worlds"], 12);
    assert_eq!(json["grid"]["axes"][1]["values"], serde_json::json!(["0.003", "0.01"]));
    assert_eq!(json["base_params"]["TOTAL_STEPS"], "15");
    assert_eq!(json["worlds_completed"], 12);
    assert_eq!(json["shard"], serde_json::Value::Null);
    let mut names: Vec<String> =
        std::fs::read_dir(&out).expect("dir").map(|e| e.expect("entry").file_name().to_string_lossy().into()).collect();
    names.sort();
    assert_eq!(
        names,
        [".grassroot.lock", "sweep.json", "sweep_results.png", "sweep_runs.csv", "sweep_series.csv"],
        "the four outputs and the folder's lock file"
    );
    let verified = grassroot(dir.path(), &["verify", "out"]);
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stderr));
}

#[test]
fn a_world_rerun_alone_gives_the_numbers_it_had_in_the_sweep() {
    let dir = sweep_dir(SWEEP);
    ok(&grassroot(dir.path(), &["sweep", "--config", "sweep.toml", "--out", "out", "-q"]));
    let (h, rows) = table(&dir.path().join("out").join("sweep_runs.csv"));
    let row = &rows[10]; // grid point 3 (agents_per_entry 8, fee_rate 0.01), run 1
    let (seed, aps, fee) = (cell(&h, row, "seed"), cell(&h, row, "agents_per_entry"), cell(&h, row, "fee_rate"));
    let args = [
        "run",
        "--seed",
        seed,
        "--steps",
        "15",
        "--set",
        &format!("AGENTS_PER_ENTRY={aps}"),
        "--set",
        &format!("FEE_RATE={fee}"),
        "--out",
        "alone",
        "-q",
    ];
    ok(&grassroot(dir.path(), &args));
    let (rh, steps) = table(&dir.path().join("alone").join("simulation_data.csv"));
    let last = steps.last().expect("rows");
    let plain = |v: &str| v.strip_suffix(".0").unwrap_or(v).to_owned();
    for c in ["price", "pool_ddt", "pool_xdai", "pie_ddt", "agents_total"] {
        assert_eq!(plain(cell(&rh, last, c)), plain(cell(&h, row, c)), "{c}");
    }
}

#[test]
fn three_shards_merge_into_the_files_of_one_run() {
    let dir = sweep_dir(SWEEP);
    ok(&grassroot(dir.path(), &["sweep", "--config", "sweep.toml", "--out", "whole", "-q"]));
    let mut shards: Vec<String> = Vec::new();
    for i in 0..3 {
        let out = format!("shard-{i}");
        let shard = format!("{i}/3");
        let stdout = ok(&grassroot(dir.path(), &["sweep", "--config", "sweep.toml", "--shard", &shard, "--out", &out]));
        assert!(stdout.contains(&format!("shard        {i}/3: worlds {}..{} of 12", i * 4, i * 4 + 4)), "{stdout}");
        shards.push(out);
    }
    let mut args = vec!["merge"];
    args.extend(shards.iter().rev().map(String::as_str));
    args.extend(["--out", "merged"]);
    let stdout = ok(&grassroot(dir.path(), &args));
    assert!(stdout.contains("merged       3 shards") && stdout.contains("12 completed, 0 failed"), "{stdout}");
    let (whole, merged) = (dir.path().join("whole"), dir.path().join("merged"));
    for file in ["sweep_runs.csv", "sweep_series.csv", "sweep_results.png"] {
        assert!(read(&whole.join(file)) == read(&merged.join(file)), "{file} differs after merging");
    }
    let json = |d: &PathBuf| {
        let mut v: serde_json::Value = serde_json::from_slice(&read(&d.join("sweep.json"))).expect("json");
        for k in ["wall_seconds", "jobs", "merged_from"] {
            v[k] = serde_json::Value::Null;
        }
        v
    };
    assert_eq!(json(&whole), json(&merged));
}

#[test]
fn three_parquet_shards_merge_into_the_bytes_of_one_run() {
    for format in ["parquet", "both"] {
        let dir = sweep_dir(SWEEP);
        let set = format!("OUTPUT_FORMAT={format}");
        let sweep = |extra: &[&str]| {
            let mut args = vec!["sweep", "--config", "sweep.toml", "--set", &set, "-q"];
            args.extend(extra);
            ok(&grassroot(dir.path(), &args));
        };
        sweep(&["--out", "whole"]);
        for i in 0..3 {
            sweep(&["--shard", &format!("{i}/3"), "--out", &format!("shard-{i}")]);
        }
        // Shard 0 holds worlds 0..4: grid point 1 is split between shards 0 and 1.
        ok(&grassroot(dir.path(), &["merge", "shard-2", "shard-0", "shard-1", "--out", "merged", "-q"]));
        let (whole, merged) = (dir.path().join("whole"), dir.path().join("merged"));
        let mut files = vec!["sweep_runs.parquet", "sweep_series.parquet", "sweep_results.png"];
        if format == "both" {
            files.extend(["sweep_runs.csv", "sweep_series.csv"]);
        } else {
            assert!(!whole.join("sweep_runs.csv").exists() && !merged.join("sweep_series.csv").exists());
        }
        for file in files {
            assert!(read(&whole.join(file)) == read(&merged.join(file)), "{format}: {file} differs after merging");
        }
        let manifest: serde_json::Value = serde_json::from_slice(&read(&merged.join("sweep.json"))).expect("json");
        assert_eq!(manifest["output_format"], format);
        ok(&grassroot(dir.path(), &["verify", "merged"]));
    }
}

#[test]
fn merging_shards_of_different_formats_is_refused_naming_both() {
    let dir = sweep_dir(SWEEP);
    for (i, format) in ["csv", "parquet", "csv"].iter().enumerate() {
        let (shard, out, set) = (format!("{i}/3"), format!("shard-{i}"), format!("OUTPUT_FORMAT={format}"));
        ok(&grassroot(
            dir.path(),
            &["sweep", "--config", "sweep.toml", "--set", &set, "--shard", &shard, "--out", &out],
        ));
    }
    let out = grassroot(dir.path(), &["merge", "shard-0", "shard-1", "shard-2", "--out", "merged"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot merge shards written in different formats"), "{stderr}");
    assert!(stderr.contains("'shard-0' holds OUTPUT_FORMAT=csv and 'shard-1' OUTPUT_FORMAT=parquet"), "{stderr}");
    assert!(!dir.path().join("merged").exists(), "nothing is written");
}

#[test]
fn an_impossible_grid_point_fails_its_worlds_and_the_rest_go_on() {
    // degen_user_share = 0.5 makes the role shares sum to 1.1: those worlds cannot be built.
    let dir = sweep_dir("total_steps = 5\n[sweep]\nruns = 2\ndegen_user_share = [0.4, 0.5]\n");
    let out = grassroot(dir.path(), &["sweep", "--config", "sweep.toml", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1), "some worlds failed");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("world 2 failed (grid point 1, run 0, seed"), "{stderr}");
    assert!(stderr.contains("degen_user_share=0.5") && stderr.contains("sum to exactly 1"), "{stderr}");
    assert!(stderr.contains("re-run alone: grassroot run --seed"), "{stderr}");
    // Each value's true origin, not the "replayed settings" the world is rebuilt from.
    assert!(stderr.contains("DEGEN_USER_SHARE=0.5 from the sweep grid"), "{stderr}");
    assert!(stderr.contains("ACTIVE_USER_SHARE=0.3 from default") && !stderr.contains("replayed"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 completed, 2 failed"));
    let (h, rows) = table(&dir.path().join("out").join("sweep_runs.csv"));
    let status: Vec<&str> = rows.iter().map(|r| cell(&h, r, "status")).collect();
    assert_eq!(status, ["completed", "completed", "failed", "failed"]);
    let json: serde_json::Value =
        serde_json::from_slice(&read(&dir.path().join("out").join("sweep.json"))).expect("json");
    assert_eq!((json["worlds_completed"].as_u64(), json["worlds_failed"].as_u64()), (Some(2), Some(2)));
}

struct Case {
    toml: &'static str,
    args: &'static [&'static str],
    expect: &'static [&'static str],
}

const GOOD: &str = "total_steps = 5\n[sweep]\nruns = 2\nfee_rate = [0.001, 0.003]\n";

const CASES: &[Case] = &[
    Case {
        toml: "[sweep]\noutput_format = [\"csv\", \"parquet\"]\n",
        args: &[],
        expect: &["output_format cannot be varied", "set output_format above the [sweep] table"],
    },
    Case {
        toml: GOOD,
        args: &["--set", "OUTPUT_FORMAT=xlsx"],
        expect: &["OUTPUT_FORMAT = xlsx (from flag --set)", "one of csv, parquet, both"],
    },
    Case { toml: "[sweep]\nfee_rte = [0.001]\n", args: &[], expect: &["fee_rte", "did you mean fee_rate?"] },
    Case { toml: "[sweep]\nfee_rate = []\n", args: &[], expect: &["fee_rate", "empty list"] },
    Case {
        toml: "[sweep]\nagents_per_entry = { from = 10, to = 50, step = 0 }\n",
        args: &[],
        expect: &["agents_per_entry", "goes nowhere"],
    },
    Case {
        toml: "[sweep]\nagents_per_entry = { from = 50, to = 10, step = 10 }\n",
        args: &[],
        expect: &["goes nowhere", "step = -10"],
    },
    Case { toml: "[sweep]\nfee_rate = [0.001, 1.5]\n", args: &[], expect: &["fee_rate = 1.5", "out of range"] },
    Case {
        toml: "[sweep]\nruns = 1000\nagents_per_entry = { from = 0, to = 1000, step = 1 }\n",
        args: &[],
        expect: &["1,001,000 worlds", "more than 1,000,000", "--yes"],
    },
    Case { toml: GOOD, args: &["--shard", "3/2"], expect: &["--shard 3/2", "below N = 2"] },
    Case { toml: GOOD, args: &["--shard", "0/0"], expect: &["--shard 0/0", "at least 1"] },
    Case { toml: GOOD, args: &["--shard", "first"], expect: &["--shard \"first\"", "I/N"] },
    Case { toml: GOOD, args: &["--jobs", "0"], expect: &["--jobs 0"] },
    Case { toml: GOOD, args: &["--series", "price,prcie"], expect: &["--series prcie", "did you mean price?"] },
    Case { toml: GOOD, args: &["--set", "FEE_RATE=2"], expect: &["FEE_RATE = 2"] },
    Case { toml: "total_steps = 5\n", args: &[], expect: &["has no [sweep] table"] },
    Case {
        toml: "total_step = 5\n[sweep]\nruns = 2\n",
        args: &[],
        expect: &["total_step", "did you mean total_steps"],
    },
    Case { toml: "[sweep]\nseed = [1, 2]\n", args: &[], expect: &["seed", "whole number"] },
    Case {
        toml: "[sweep]\nfee_rate = [0.003, 0.001, 0.003]\n",
        args: &[],
        expect: &["[sweep] fee_rate lists the value 0.003 twice", "list each value of fee_rate once"],
    },
    Case {
        toml: "[sweep]\nfee_rate = [\"0.003\", \"0.0030\"]\n",
        args: &[],
        expect: &["fee_rate lists the value 0.003 twice (0.003 and 0.0030 are the same value)"],
    },
    Case {
        toml: "[sweep]\ncasual_user_pie_use = [\"keep\", \"KEEP\"]\n",
        args: &[],
        expect: &["casual_user_pie_use lists the value keep twice"],
    },
    Case {
        toml: GOOD,
        args: &["--set", "FEE_RATE=0.01"],
        expect: &["fee_rate is varied in [sweep] and also set by the flag --set FEE_RATE=0.01", "fix: drop --set"],
    },
    Case {
        toml: "[sweep]\ntotal_steps = [5, 10]\n",
        args: &["--steps", "7"],
        expect: &["total_steps is varied in [sweep] and also set by the flag --steps 7"],
    },
];

#[test]
fn every_bad_sweep_input_exits_2_with_one_message_and_writes_nothing() {
    for (i, case) in CASES.iter().enumerate() {
        let dir = sweep_dir(case.toml);
        let mut args = vec!["sweep", "--config", "sweep.toml", "--out", "out"];
        args.extend(case.args);
        let out = grassroot(dir.path(), &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "case {i} {args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "case {i}: {stderr}");
        for e in case.expect {
            assert!(stderr.contains(e), "case {i}: expected {e:?} in:\n{stderr}");
        }
        assert!(!dir.path().join("out").exists(), "case {i}: nothing is written");
        assert!(out.stdout.is_empty(), "case {i}: no summary");
    }
    // Without --config, and merge with a missing shard.
    let dir = tmp();
    let out = grassroot(dir.path(), &["sweep"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs --config"));
    let out = grassroot(dir.path(), &["merge", "nowhere", "--out", "merged"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere"));
    assert!(!dir.path().join("merged").exists());
}

#[test]
fn an_environment_variable_for_a_swept_key_is_refused() {
    let dir = sweep_dir(GOOD);
    let out = support::command(dir.path(), &["sweep", "--config", "sweep.toml", "--out", "out"])
        .env("FEE_RATE", "0.01")
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("fee_rate is varied in [sweep] and also set by the environment variable FEE_RATE=0.01"));
    assert!(stderr.contains("unset FEE_RATE"), "{stderr}");
    assert!(!dir.path().join("out").exists(), "nothing is written");
}

#[test]
fn env_example_copied_to_dot_env_or_a_base_value_only_warns() {
    // `cp env.example .env` sets every key, fee_rate and SEED among them: the sweep still runs.
    let dir = sweep_dir("total_steps = 5\nfee_rate = 0.002\n[sweep]\nseed = 11\nfee_rate = [0.001, 0.003]\n");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("env.example");
    std::fs::copy(example, dir.path().join(".env")).expect("copy env.example");
    let out = grassroot(dir.path(), &["sweep", "--config", "sweep.toml", "--steps", "5", "--out", "out", "-q"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("warning: fee_rate = 0.003 from .env line"), "{stderr}");
    assert!(stderr.contains("is not used: [sweep] varies fee_rate"), "{stderr}");
    assert!(stderr.contains("warning: [sweep] seed = 11 is not used: SEED = 42 from .env line"), "{stderr}");
    // Without .env, the value above [sweep] is the one the grid replaces.
    std::fs::remove_file(dir.path().join(".env")).expect("remove .env");
    let out = grassroot(dir.path(), &["sweep", "--config", "sweep.toml", "--out", "out2", "-q"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr.trim(),
        "warning: fee_rate = 0.002 from config file sweep.toml line 2 (above [sweep]) is not used: [sweep] varies fee_rate"
    );
}

#[test]
fn a_negative_shard_index_reaches_the_shard_parser() {
    let dir = sweep_dir(GOOD);
    let out = grassroot(dir.path(), &["sweep", "--config", "sweep.toml", "--shard", "-1/2", "--out", "out"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--shard -1/2: I must be 0 <= I < N"), "{stderr}");
    assert!(!dir.path().join("out").exists(), "nothing is written");
}

#[test]
fn the_cluster_job_files_point_to_files_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cluster = root.join("examples").join("cluster");
    let mut checked = 0;
    for entry in std::fs::read_dir(&cluster).expect("examples/cluster") {
        let path = entry.expect("an entry").path();
        let text = text(&path);
        let words = text.split(|c: char| !(c.is_ascii_alphanumeric() || "_./#-".contains(c)));
        for word in words {
            let file = word.split('#').next().unwrap_or_default().trim_start_matches('-').trim_end_matches('.');
            let is_file = [".md", ".toml", ".yaml", ".sbatch", ".sh", ".rs"].iter().any(|e| file.ends_with(e));
            if !is_file || !file.contains('/') || file.starts_with('/') {
                continue;
            }
            let found = root.join(file).exists() || cluster.join(file).exists();
            assert!(found, "{} names {file}, which does not exist", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 5, "the job files name the files they use ({checked} found)");
}

/// How a bad shard folder is made from two good ones, and what `merge` must say about it.
struct BadShards {
    what: &'static str,
    spoil: fn(&Path),
    expect: &'static [&'static str],
}

fn edit(path: &Path, f: impl FnOnce(Vec<u8>) -> Vec<u8>) {
    let bytes = f(read(path));
    std::fs::write(path, bytes).expect("write");
}

/// `from` with its first `needle` replaced by `with`.
fn replace_once(bytes: Vec<u8>, needle: &[u8], with: &[u8]) -> Vec<u8> {
    let i = bytes.windows(needle.len()).position(|w| w == needle).expect("the text to replace");
    [&bytes[..i], with, &bytes[i + needle.len()..]].concat()
}

const BAD_SHARDS: &[BadShards] = &[
    BadShards {
        what: "a cell edited in place, same length",
        spoil: |d| edit(&d.join("shard-1/sweep_runs.csv"), |b| replace_once(b, b"completed", b"garbage!!")),
        expect: &["shard-1': sweep_runs.csv: changed", "BLAKE3 mismatch", "fix: run shard 1/2 again", "--shard 1/2"],
    },
    BadShards {
        what: "a truncated sweep_series.csv",
        spoil: |d| edit(&d.join("shard-0/sweep_series.csv"), |b| b[..b.len() - 10].to_vec()),
        expect: &["shard-0': sweep_series.csv: truncated", "the manifest records", "run shard 0/2 again"],
    },
    BadShards {
        what: "shard 0's sweep_runs.csv copied into shard 1",
        spoil: |d| {
            std::fs::copy(d.join("shard-0/sweep_runs.csv"), d.join("shard-1/sweep_runs.csv")).expect("copy");
        },
        expect: &["shard-1': sweep_runs.csv: ", "run shard 1/2 again"],
    },
    BadShards {
        what: "a file where a shard folder should be",
        spoil: |d| {
            std::fs::remove_dir_all(d.join("shard-1")).expect("remove");
            std::fs::write(d.join("shard-1"), b"not a folder").expect("write");
        },
        expect: &["'shard-1' is a file, not a shard folder", "fix: pass the folders that `grassroot sweep --shard"],
    },
    BadShards {
        what: "a folder without sweep.json",
        spoil: |d| std::fs::remove_file(d.join("shard-1/sweep.json")).expect("remove"),
        expect: &[
            "'shard-1' holds no sweep.json: not a shard folder of a grassroot sweep, or the shard did not finish",
            "fix: run shard 1/2 again",
        ],
    },
    BadShards {
        what: "a manifest from a newer grassroot",
        spoil: |d| edit(&d.join("shard-0/sweep.json"), |b| replace_once(b, b"\"schema\": 2", b"\"schema\": 99")),
        expect: &[
            "shard-0/sweep.json': it was written by a newer grassroot (manifest schema 99",
            "fix: use the grassroot",
        ],
    },
    BadShards {
        what: "a manifest from an older grassroot, without hashes",
        spoil: |d| edit(&d.join("shard-1/sweep.json"), |b| replace_once(b, b"\"schema\": 2", b"\"schema\": 1")),
        expect: &["shard-1/sweep.json' was written by an older grassroot (manifest schema 1", "run shard 1/2 again"],
    },
    BadShards {
        what: "a manifest naming a file outside its folder",
        spoil: |d| {
            edit(&d.join("shard-0/sweep.json"), |b| {
                replace_once(b, b"\"sweep_runs.csv\"", b"\"../shard-1/sweep_runs.csv\"")
            })
        },
        expect: &[
            "lists the file \"../shard-1/sweep_runs.csv\", which is not a plain file name",
            "does not record sweep_runs.csv",
        ],
    },
    BadShards {
        what: "problems in both shards, in one message",
        spoil: |d| {
            edit(&d.join("shard-0/sweep_series_partial.csv"), |b| b[..b.len() - 1].to_vec());
            std::fs::remove_file(d.join("shard-1/sweep_series.csv")).expect("remove");
        },
        expect: &[
            "cannot merge: 2 problems in the shard folders",
            "shard-0': sweep_series_partial.csv: truncated",
            "shard-1': sweep_series.csv: missing",
            "run shard 0/2 again",
            "run shard 1/2 again",
        ],
    },
    BadShards {
        what: "a sweep.json that is not JSON",
        spoil: |d| std::fs::write(d.join("shard-1/sweep.json"), b"{\"program\": ").expect("write"),
        expect: &["shard-1/sweep.json' is not a sweep manifest", "fix: pass folders written by"],
    },
];

#[test]
fn merge_refuses_spoiled_shards_naming_folder_file_and_fix_and_writes_nothing() {
    let made = sweep_dir("total_steps = 5\n[sweep]\nruns = 3\nfee_rate = [0.001, 0.003]\n");
    for i in 0..2 {
        let (shard, out) = (format!("{i}/2"), format!("shard-{i}"));
        ok(&grassroot(made.path(), &["sweep", "--config", "sweep.toml", "--shard", &shard, "--out", &out, "-q"]));
    }
    for case in BAD_SHARDS {
        let dir = tmp();
        for i in 0..2 {
            let (from, to) = (made.path().join(format!("shard-{i}")), dir.path().join(format!("shard-{i}")));
            std::fs::create_dir(&to).expect("mkdir");
            for entry in std::fs::read_dir(&from).expect("shard folder") {
                let name = entry.expect("entry").file_name();
                std::fs::copy(from.join(&name), to.join(&name)).expect("copy");
            }
        }
        let good = grassroot(dir.path(), &["merge", "shard-0", "shard-1", "--out", "check", "-q"]);
        assert_eq!(good.status.code(), Some(0), "{}: the copies merge before they are spoiled", case.what);
        (case.spoil)(dir.path());
        let out = grassroot(dir.path(), &["merge", "shard-0", "shard-1", "--out", "merged"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {stderr}", case.what);
        assert!(stderr.starts_with("error: "), "{}: {stderr}", case.what);
        for e in case.expect {
            assert!(stderr.contains(e), "{}: expected {e:?} in:\n{stderr}", case.what);
        }
        assert!(!stderr.contains("panicked"), "{}: {stderr}", case.what);
        assert!(!dir.path().join("merged").exists(), "{}: nothing is written", case.what);
    }
}
