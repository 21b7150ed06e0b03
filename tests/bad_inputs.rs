//! Every bad input grassroot is tested against, in one file: each row must make the binary exit
//! with code 2 and a clear message, write nothing and leave what is in its folder untouched.
//!
//! - [`VALUES`]: one parameter value per row, given in one layer (flag, environment, `.env`,
//!   TOML). The message must also name the key, show the value, say where it came from, and
//!   end with a one-line `fix:`.
//! - [`PROGRAM`]: whole command lines and the files beside them (missing or broken files, an
//!   output folder that is a file, sums across keys, amounts that overflow in total, the
//!   dataDAO's keys).
//!
//! Bad input of `grassroot sweep` and `grassroot merge` is in `tests/sweep_cli.rs`.

mod support;

use std::path::Path;

use support::command;

/// Which layer a [`VALUES`] row's key and value are given in.
#[derive(Clone, Copy, Debug)]
enum Layer {
    /// `--set key=value` (or the flag itself when `key` starts with `--`).
    Flag,
    /// A process environment variable.
    Env,
    /// One line `key=value` of `.env` in the working directory.
    Dotenv,
    /// One line `key = value` of a TOML file given with `--config`; `value` is a TOML literal.
    Toml,
}

use Layer::{Dotenv, Env, Flag, Toml};

/// (layer, key, value, text the error message must contain)
const VALUES: &[(Layer, &str, &str, &str)] = &[
    // Whole numbers: zero, negative, not whole, not a number, range, 64-bit overflow, empty.
    (
        Flag,
        "TOTAL_STEPS",
        "0",
        "TOTAL_STEPS = 0 (from flag --set) must not be zero: allowed whole numbers 1 <= TOTAL_STEPS",
    ),
    (Flag, "ENTRY_STEPS", "0", "must not be zero: allowed whole numbers ENTRY_STEPS >= 1"),
    (Toml, "entry_steps", "0", "ENTRY_STEPS = 0 (from config file"),
    (Flag, "--steps", "0", "TOTAL_STEPS = 0 (from flag --steps) must not be zero"),
    (Env, "TOTAL_STEPS", "-5", "TOTAL_STEPS = -5 (from environment variable TOTAL_STEPS) is negative"),
    (Dotenv, "TOTAL_STEPS", "2000.5", "(from"),
    (Dotenv, "TOTAL_STEPS", "2000.5", "is not a whole number"),
    (Flag, "TOTAL_STEPS", "ten", "is not a whole number"),
    (Env, "SEED", "4 2", "SEED = 4 2 (from environment variable SEED) is not a whole number"),
    (Flag, "SEED", "0x2A", "is not a whole number: allowed whole numbers SEED >= 0"),
    (Flag, "TOTAL_STEPS", "1000000001", "is out of range: allowed whole numbers 1 <= TOTAL_STEPS <= 1000000000"),
    (Flag, "AGENTS_PER_ENTRY", "2000000", "is out of range: allowed whole numbers 0 <= AGENTS_PER_ENTRY <= 1000000"),
    (Flag, "SEED", "18446744073709551616", "is too large (overflows 64 bits)"),
    (Flag, "AGENTS_PER_ENTRY", "", "AGENTS_PER_ENTRY = \"\" (from flag --set) is empty"),
    (Toml, "total_steps", "2.5", "is not a whole number"),
    // FEE_RATE: range, resolution, sign, syntax, decimals.
    (
        Flag,
        "FEE_RATE",
        "1.5",
        "FEE_RATE = 1.5 (from flag --set) is out of range: allowed 0 <= FEE_RATE < 1 in steps of 0.000001 (0.003 = 0.3%)",
    ),
    (Flag, "FEE_RATE", "1", "is out of range: allowed 0 <= FEE_RATE < 1"),
    (Env, "FEE_RATE", "0.0000005", "is not a multiple of 0.000001"),
    (Toml, "fee_rate", "0.0031415", "FEE_RATE = 0.0031415 (from config file"),
    (Toml, "fee_rate", "0.0031415", "is not a multiple of 0.000001"),
    (Flag, "FEE_RATE", "-0.003", "is negative"),
    (Flag, "FEE_RATE", "0.3%", "is not a plain decimal number"),
    (Flag, "FEE_RATE", "0.0030000000000000001", "has more than 18 decimals"),
    // Output formats.
    (
        Flag,
        "OUTPUT_FORMAT",
        "xlsx",
        "OUTPUT_FORMAT = xlsx (from flag --set) is not a valid choice: allowed one of csv, parquet, both",
    ),
    (Env, "OUTPUT_FORMAT", "parquets", "allowed one of csv, parquet, both"),
    // Fractions.
    (Flag, "PIE_PAYOUT_RATE", "1.01", "is above 1: allowed 0 <= PIE_PAYOUT_RATE <= 1"),
    (Dotenv, "PIE_PAYOUT_RATE", "-0.1", "is negative"),
    (Flag, "DEGEN_USER_SHARE", "1.5", "DEGEN_USER_SHARE = 1.5 (from flag --set) is above 1"),
    // Amounts: decimals, overflow, exponent, sign, wrong type, junk.
    (Flag, "DEGEN_USER_INITIAL_DDT", "0.0000000000000000001", "has more than 18 decimals"),
    (
        Flag,
        "DEGEN_USER_INITIAL_DDT",
        "340282366920938463464",
        "overflows: amounts are at most 340282366920938463463.374607431768211455",
    ),
    (
        Flag,
        "ORGANIZATION_INITIAL_XDAI",
        "1e3",
        "is not a plain decimal number (digits and at most one '.', no exponent)",
    ),
    (Env, "ORGANIZATION_INITIAL_XDAI", "-1000", "is negative: allowed amounts >= 0"),
    (Toml, "organization_initial_xdai", "true", "ORGANIZATION_INITIAL_XDAI = true (from config file"),
    (Flag, "DEGEN_USER_SEED_LIQUIDITY_DDT", "10.5.5", "is not a plain decimal number"),
    // Optional price, switch, choice, path.
    (Flag, "POWER_USER_MAX_BUY_PRICE", "cheap", "allowed none (no limit) or a price >= 0"),
    (Flag, "POWER_USER_MAX_BUY_PRICE", "-2", "is negative"),
    (
        Flag,
        "TX_LOG",
        "maybe",
        "TX_LOG = maybe (from flag --set) is not a switch: allowed on/off, true/false, yes/no or 1/0",
    ),
    (Toml, "plot", "2", "PLOT = 2 (from config file"),
    (Flag, "CHECK_BOOKS", "", "is not a switch"),
    (Flag, "ACTIVE_USER_PIE_USE", "hold", "is not a valid choice: allowed one of keep, sell"),
    (Flag, "--out", "", "OUTPUT_DIR = \"\" (from flag --out) is empty: allowed any non-empty path"),
    // Sums across keys.
    (Flag, "DEGEN_USER_SHARE", "0.5", "= 1.1 is not exactly 1: the role shares must sum to exactly 1"),
    (Flag, "CASUAL_USER_SHARE", "0.1", "raise the role shares by 0.1 in total"),
    (Dotenv, "ORGANIZATION_SHARE", "0.15", "ORGANIZATION_SHARE=0.15 from "),
    (Flag, "POWER_USER_PIE_SHARE", "0.9", "= 1.5 is above 1: the Pie shares must sum to at most 1"),
    // Unknown keys.
    (Flag, "totl_steps", "5", "TOTL_STEPS = 5 (from flag --set) is not a known key; did you mean TOTAL_STEPS?"),
    (Toml, "totl_steps", "5", "totl_steps = 5 (from config file"),
    (Toml, "totl_steps", "5", "is not a known key; did you mean total_steps?"),
    (Dotenv, "FEE_RTAE", "0.1", "is not a known key; did you mean FEE_RATE?"),
    // Malformed files and structure.
    (Toml, "total_steps", "[1]", "is a table or array"),
    (Toml, "total_steps", "\"0.1", "is not valid TOML"),
    (Dotenv, "TOTAL STEPS", "5", "line 1: the key must be letters, digits and _"),
    (Dotenv, "OUTPUT_DIR", "\"unclosed", "line 1: unterminated double quote"),
    (Flag, "--set", "SEED", "flag --set SEED: expects KEY=VALUE"),
];

/// A command line and the files it finds.
struct Case {
    /// Files to create in the working directory first: (name, contents).
    files: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
    /// Text the error message must contain.
    expect: &'static [&'static str],
}

const PROGRAM: &[Case] = &[
    Case { files: &[], args: &["--set", "FEE_RATE=1.5"], expect: &["FEE_RATE = 1.5", "allowed"] },
    Case { files: &[], args: &["--steps", "0"], expect: &["TOTAL_STEPS", "0"] },
    Case { files: &[], args: &["--steps", "-5"], expect: &["TOTAL_STEPS", "-5"] },
    Case { files: &[], args: &["--steps", "ten"], expect: &["TOTAL_STEPS", "ten"] },
    Case { files: &[], args: &["--seed", "1.5"], expect: &["SEED", "1.5"] },
    Case { files: &[], args: &["--set", "TOTAL_STPES=10"], expect: &["TOTAL_STPES", "did you mean", "TOTAL_STEPS"] },
    Case { files: &[], args: &["--set", "NO_EQUALS_SIGN"], expect: &["NO_EQUALS_SIGN"] },
    Case { files: &[], args: &["--set", "DEGEN_USER_SHARE=0.5"], expect: &["sum", "1"] },
    Case {
        files: &[],
        args: &["--set", "ACTIVE_USER_INITIAL_DDT=0.0000000000000000001"],
        expect: &["ACTIVE_USER_INITIAL_DDT", "18"],
    },
    Case {
        files: &[],
        args: &["--set", "ACTIVE_USER_INITIAL_DDT=1000000000000000000000000000000"],
        expect: &["ACTIVE_USER_INITIAL_DDT"],
    },
    Case { files: &[], args: &["--set", "POWER_USER_PIE_USE=burn"], expect: &["POWER_USER_PIE_USE", "burn", "keep"] },
    Case { files: &[], args: &["--config", "missing.toml"], expect: &["missing.toml"] },
    Case {
        files: &[("run.toml", "total_step = 10\n")],
        args: &["--config", "run.toml"],
        expect: &["total_step", "did you mean", "total_steps"],
    },
    Case { files: &[("run.toml", "total_steps = \"many\"\n")], args: &["--config", "run.toml"], expect: &["many"] },
    Case { files: &[("run.toml", "total_steps = [\n")], args: &["--config", "run.toml"], expect: &["run.toml"] },
    Case {
        files: &[("run.toml", "[foo]\nbar = 1\n")],
        args: &["--config", "run.toml"],
        expect: &["foo = (a table or array)", "is not a known key\n", "env.example lists every key"],
    },
    Case { files: &[(".env", "TOTAL_STEPS=10\nthis line is broken\n")], args: &[], expect: &[".env", "line 2"] },
    Case { files: &[(".env", "FEE_RATE=0.0031234\n")], args: &[], expect: &["FEE_RATE", ".env line 1"] },
    Case { files: &[("taken", "keep me")], args: &["--out", "taken"], expect: &["taken", "not a folder"] },
    Case {
        files: &[],
        args: &["--out", "/proc/grassroot-cannot-create-this"],
        expect: &["OUTPUT_DIR", "/proc/grassroot"],
    },
    Case { files: &[], args: &["--replay", "nowhere/run.json"], expect: &["--replay", "nowhere/run.json"] },
    Case { files: &[("run.json", "{ not json")], args: &["--replay", "run.json"], expect: &["--replay", "run.json"] },
    Case { files: &[], args: &["--stepz", "5"], expect: &["'--stepz'", "a similar argument exists: '--steps'"] },
    Case { files: &[], args: &["--env-file", "nope.env"], expect: &["nope.env", "--env-file", "does not exist"] },
    Case {
        files: &[],
        args: &["--set", "ORGANIZATION_INITIAL_XDAI=340282366920938463463", "--steps", "3"],
        expect: &["overflows 2^128 - 1", "ORGANIZATION_INITIAL_XDAI", "AGENTS_PER_ENTRY"],
    },
    // Amounts a CSV run holds but Parquet's Decimal128(38, 18) does not (10^20 tokens or more).
    Case {
        files: &[],
        args: &[
            "--set",
            "OUTPUT_FORMAT=parquet",
            "--set",
            "DEGEN_USER_INITIAL_DDT=30000000000000000000",
            "--steps",
            "3",
        ],
        expect: &[
            "is not below 10^38 base units (10^20 tokens)",
            "DEGEN_USER_INITIAL_DDT",
            "AGENTS_PER_ENTRY or TOTAL_STEPS",
            "OUTPUT_FORMAT=csv",
        ],
    },
    Case {
        files: &[],
        args: &[
            "--scenario",
            "datadao",
            "--set",
            "OUTPUT_FORMAT=both",
            "--set",
            "CRC_PER_HOUR=50000000000000000",
            "--steps",
            "10",
        ],
        expect: &["the CRC this run can issue", "is not below 10^38 base units", "CRC_PER_HOUR", "OUTPUT_FORMAT=csv"],
    },
    Case {
        files: &[],
        args: &["--scenario", "datadao", "--set", "CRC_PER_HOUR=14178431955039102644", "--steps", "10"],
        expect: &["the CRC this run can issue overflows", "CRC_ON_JOINING", "fix: lower CRC_PER_HOUR"],
    },
    Case {
        files: &[],
        args: &["--scenario", "datadao", "--set", "PIE_SPLIT=fair"],
        expect: &["PIE_SPLIT = fair", "weighted, equal"],
    },
    Case {
        files: &[],
        args: &["--scenario", "datadao", "--set", "CRC_DEMURRAGE_PER_YEAR=1"],
        expect: &["CRC_DEMURRAGE_PER_YEAR = 1", "< 1"],
    },
    Case {
        files: &[],
        args: &["--scenario", "datadao", "--set", "ACTIVE_USER_SPENDS_ON_RESEARCH=0.5"],
        expect: &["= 0.9 is not exactly 1", "use-case mix of active_user"],
    },
    Case {
        files: &[],
        args: &["--scenario", "datadao", "--set", "ACTIVE_USER_QUALITY_MIN=0.9"],
        expect: &["ACTIVE_USER_QUALITY_MIN = 0.9", "above ACTIVE_USER_QUALITY_MAX = 0.7"],
    },
    Case {
        files: &[],
        args: &["--scenario", "datadao", "--set", "STEP_HOURS=0"],
        expect: &["STEP_HOURS = 0", "1 <= STEP_HOURS <= 8760"],
    },
    Case {
        files: &[],
        args: &["--scenario", "datadao", "--set", "ACTIVE_USER_LOCK_POLICY=sometimes"],
        expect: &["ACTIVE_USER_LOCK_POLICY = sometimes", "all, fraction, above_price, never"],
    },
    Case {
        files: &[],
        args: &["--scenario", "datadao", "--set", "ACTIVE_USER_PERMITS_RESEARCH=1.2"],
        expect: &["ACTIVE_USER_PERMITS_RESEARCH = 1.2", "is above 1"],
    },
];

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).expect("dir").map(|e| e.expect("entry").file_name().to_string_lossy().into()).collect();
    v.sort();
    v
}

/// What a row shows the binary: files in its working folder, environment variables, arguments.
#[derive(Default)]
struct Invocation<'a> {
    files: Vec<(&'a str, String)>,
    env: Vec<(&'a str, &'a str)>,
    args: Vec<String>,
}

/// Runs the binary as `run` says, in a fresh folder; checks that it exits with 2, without a
/// panic, and that the folder is exactly as it was. Returns stderr.
fn refused(row: &str, run: &Invocation<'_>) -> Result<String, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let files = &run.files;
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).map_err(|e| e.to_string())?;
    }
    let before = listing(dir.path());
    let args: Vec<&str> = run.args.iter().map(String::as_str).collect();
    let mut cmd = command(dir.path(), &args);
    cmd.envs(run.env.iter().copied());
    let out = cmd.output().map_err(|e| e.to_string())?;
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let mut problems = Vec::new();
    if out.status.code() != Some(2) {
        problems.push(format!("exit code {:?}, not 2", out.status.code()));
    }
    if err.contains("panicked") {
        problems.push("panicked".to_owned());
    }
    if listing(dir.path()) != before {
        problems.push(format!("wrote or removed files: {:?}", listing(dir.path())));
    }
    for (name, text) in files {
        if std::fs::read_to_string(dir.path().join(name)).ok().as_deref() != Some(text.as_str()) {
            problems.push(format!("changed {name}"));
        }
    }
    if problems.is_empty() { Ok(err) } else { Err(format!("{row}: {}:\n    {err}", problems.join(", "))) }
}

/// The text every [`VALUES`] message must contain to name the value's origin.
fn origin_text(layer: Layer) -> &'static str {
    match layer {
        Flag => "flag --",
        Env => "environment variable ",
        Dotenv => ".env line 1",
        Toml => "config file ",
    }
}

#[test]
fn every_bad_value_exits_2_names_key_value_origin_and_fix_and_writes_nothing() {
    assert!(VALUES.len() >= 50, "the table must keep at least 50 rows");
    let mut failures = Vec::new();
    for (i, &(layer, key, value, expected)) in VALUES.iter().enumerate() {
        let row = format!("row {i} ({layer:?} {key}={value:?})");
        let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect();
        let run = match layer {
            Flag if key == "--set" => Invocation { args: args(&["--set", value]), ..Invocation::default() },
            Flag if key.starts_with("--") => Invocation { args: args(&[key, value]), ..Invocation::default() },
            Flag => Invocation { args: vec!["--set".to_owned(), format!("{key}={value}")], ..Invocation::default() },
            Env => Invocation { env: vec![(key, value)], ..Invocation::default() },
            Dotenv => Invocation { files: vec![(".env", format!("{key}={value}\n"))], ..Invocation::default() },
            Toml => Invocation {
                files: vec![("run.toml", format!("{key} = {value}\n"))],
                args: args(&["--config", "run.toml"]),
                ..Invocation::default()
            },
        };
        let err = match refused(&row, &run) {
            Ok(err) => err,
            Err(why) => {
                failures.push(why);
                continue;
            }
        };
        let msg = err.trim_start_matches("error: ").trim_end();
        let (first, second) = msg.split_once('\n').unwrap_or((msg, ""));
        let checks = [
            (msg.contains(expected), format!("does not contain {expected:?}")),
            (
                key == "--set"
                    || msg.to_ascii_uppercase().contains(&key.trim_start_matches('-').to_ascii_uppercase())
                    || key.starts_with("--"),
                "does not name the key".to_owned(),
            ),
            (msg.contains(value.trim_matches(['"', '[', ']'])), "does not show the value".to_owned()),
            (first.contains(origin_text(layer)), format!("does not name the origin {:?}", origin_text(layer))),
            (second.starts_with("  fix: ") && !second.contains('\n'), "has no one-line fix".to_owned()),
        ];
        for (ok, why) in checks {
            if !ok {
                failures.push(format!("{row}: message {why}:\n    {msg}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), VALUES.len(), failures.join("\n"));
}

#[test]
fn every_bad_command_line_exits_2_with_a_clear_message_and_writes_nothing() {
    let mut failures = Vec::new();
    for (i, case) in PROGRAM.iter().enumerate() {
        let row = format!("case {i} {:?}", case.args);
        let run = Invocation {
            files: case.files.iter().map(|(n, t)| (*n, (*t).to_owned())).collect(),
            args: case.args.iter().map(|a| (*a).to_owned()).collect(),
            ..Invocation::default()
        };
        match refused(&row, &run) {
            Ok(err) => {
                for text in case.expect {
                    if !err.contains(text) {
                        failures.push(format!("{row}: '{text}' missing from: {err}"));
                    }
                }
            }
            Err(why) => failures.push(why),
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), PROGRAM.len(), failures.join("\n"));
}
