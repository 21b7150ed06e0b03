//! A table of bad inputs, one row per kind of mistake and layer: each must fail with a message
//! that contains the expected text, names where the value came from and suggests a fix.

use grassroot_config::{Schema, Sources, load};

/// Which layer a row's `key`/`value` is given in.
#[derive(Clone, Copy, Debug)]
enum Layer {
    /// `--set key=value` (or a shorthand flag when `key` starts with `--`).
    Flag,
    /// A process environment variable.
    Env,
    /// One line `key=value` of a `.env` file.
    Dotenv,
    /// One line `key = value` of a TOML file; `value` is a TOML literal.
    Toml,
}

use Layer::{Dotenv, Env, Flag, Toml};

/// (layer, key, value, text the error message must contain)
const BAD: &[(Layer, &str, &str, &str)] = &[
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
    (Flag, "--stepz", "5", "flag --stepz 5: is not a flag that sets a key; did you mean --steps?"),
    // Malformed files and structure.
    (Toml, "total_steps", "[1]", "is a table or array"),
    (Toml, "total_steps", "\"0.1", "is not valid TOML"),
    (Dotenv, "TOTAL STEPS", "5", "line 1: the key must be letters, digits and _"),
    (Dotenv, "OUTPUT_DIR", "\"unclosed", "line 1: unterminated double quote"),
    (Flag, "--set", "SEED", "flag --set SEED: expects KEY=VALUE"),
];

/// The text every message must contain to name the value's origin.
fn origin_text(layer: Layer) -> &'static str {
    match layer {
        Flag => "flag --",
        Env => "environment variable ",
        Dotenv => ".env line 1",
        Toml => "config file ",
    }
}

/// Loads the seed schema with one bad row; returns the error message.
fn run(layer: Layer, key: &str, value: &str) -> Result<String, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let pair = vec![(key.to_owned(), value.to_owned())];
    let mut sources = Sources::default();
    match layer {
        Flag => sources.overrides = pair,
        Env => sources.env = pair,
        Dotenv => {
            let path = dir.path().join(".env");
            std::fs::write(&path, format!("{key}={value}\n")).map_err(|e| e.to_string())?;
            sources.dotenv = Some(path);
        }
        Toml => {
            let path = dir.path().join("run.toml");
            std::fs::write(&path, format!("{key} = {value}\n")).map_err(|e| e.to_string())?;
            sources.config_file = Some(path);
        }
    }
    match load(&Schema::seed(), &sources) {
        Ok(s) => Err(format!("loaded without error: {:?}", s.to_pairs())),
        Err(e) => Ok(e.to_string()),
    }
}

#[test]
fn every_bad_input_fails_with_a_clear_message() {
    assert!(BAD.len() >= 30, "the table must keep at least 30 rows");
    let mut failures = Vec::new();
    for (i, &(layer, key, value, expected)) in BAD.iter().enumerate() {
        let row = format!("row {i} ({layer:?} {key}={value:?})");
        let msg = match run(layer, key, value) {
            Ok(msg) => msg,
            Err(why) => {
                failures.push(format!("{row}: {why}"));
                continue;
            }
        };
        let (first, second) = msg.split_once('\n').unwrap_or((&msg, ""));
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
    assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), BAD.len(), failures.join("\n"));
}
