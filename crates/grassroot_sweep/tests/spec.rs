//! The `[sweep]` table: lists, exact ranges, and one clear message for each kind of bad input.

use grassroot_config::{Schema, TomlFile};
use grassroot_sweep::{SweepError, SweepSpec, parse_sweep};

fn parse(text: &str) -> Result<SweepSpec, String> {
    let spec =
        TomlFile::parse(text, "sweep.toml").map_err(SweepError::from).and_then(|f| parse_sweep(&Schema::seed(), &f));
    spec.map_err(|e| {
        assert!(e.is_bad_input(), "{e}");
        assert_eq!(e.exit_code(), 2);
        e.to_string()
    })
}

fn values(spec: &SweepSpec, axis: usize) -> Vec<String> {
    spec.grid.axes()[axis].values().to_vec()
}

#[test]
fn lists_and_ranges() {
    let spec = parse(
        "total_steps = 300\n[sweep]\nruns = 8\nseed = 7\nfee_rate = [0.001, 0.003, 0.01]\n\
         agents_per_entry = { from = 10, to = 50, step = 10 }\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((spec.runs, spec.seed), (8, Some(7)));
    assert_eq!(spec.grid.points(), 15);
    assert_eq!(values(&spec, 0), ["10", "20", "30", "40", "50"]);
    assert_eq!(values(&spec, 1), ["0.001", "0.003", "0.01"]);
}

#[test]
fn decimal_ranges_are_exact_not_floats() {
    let spec = parse("[sweep]\nfee_rate = { from = 0.001, to = 0.01, step = 0.001 }\npie_payout_rate = { from = 0.9, to = 0.3, step = -0.3 }\n")
        .unwrap_or_else(|e| panic!("{e}"));
    // In f64, 0.001 added ten times is 0.010000000000000002; here the last value is 0.01.
    let fee = values(&spec, 0);
    assert_eq!(fee.len(), 10);
    assert_eq!(fee.last().map(String::as_str), Some("0.01"));
    assert_eq!(fee[2], "0.003");
    assert_eq!(values(&spec, 1), ["0.9", "0.6", "0.3"]);
}

#[test]
fn ranges_never_repeat_a_value() {
    // Exact steps never land twice on one value; the check that refuses `[0.003, 0.003]`
    // passes every range, decimal or whole, up or down.
    for range in [
        "{ from = 0, to = 0.009999, step = 0.000001 }",
        "{ from = 0.009, to = 0.000001, step = -0.000001 }",
        "{ from = 0.001, to = 0.01, step = 0.0009 }",
    ] {
        let spec = parse(&format!("[sweep]\nfee_rate = {range}\n")).unwrap_or_else(|e| panic!("{range}: {e}"));
        let v = values(&spec, 0);
        let distinct: std::collections::HashSet<&String> = v.iter().collect();
        assert_eq!(distinct.len(), v.len(), "{range}");
    }
    let spec = parse("[sweep]\nagents_per_entry = { from = 1, to = 10000, step = 1 }\n");
    assert_eq!(spec.map(|s| s.grid.points()).ok(), Some(10_000));
}

#[test]
fn defaults_and_other_spellings() {
    let spec = parse("[sweep]\nFEE_RATE = [\"0.003\"]\ncasual_user_pie_use = [\"keep\", \"SELL\"]\n")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((spec.runs, spec.seed), (1, None));
    assert_eq!(values(&spec, 0), ["keep", "sell"]);
    let spec = parse("[sweep]\nruns = 3\n").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(spec.grid.points(), 1, "no varied key: a plain Monte Carlo");
}

#[test]
fn bad_sweep_tables_say_what_and_where() {
    let cases: &[(&str, &[&str])] = &[
        ("total_steps = 10\n", &["has no [sweep] table"]),
        ("sweep = 3\n", &["must be a table"]),
        (
            "[sweep]\nfee_rte = [0.001]\n",
            &["sweep.toml line 2: [sweep] fee_rte is not a known key; did you mean fee_rate?"],
        ),
        ("[sweep]\nrun = 4\n", &["did you mean runs?"]),
        ("[sweep]\nwibble_wobble_wubble = [1]\n", &["is not a known key", "fix:"]),
        ("[sweep]\nfee_rate = []\n", &["sweep.toml line 2: [sweep] fee_rate is an empty list", "fee_rate = [0.003]"]),
        ("[sweep]\nfee_rate = 0.003\n", &["is a single value", "fee_rate = [0.003]"]),
        ("[sweep]\nfee_rate = [[0.001]]\n", &["is not a single value"]),
        (
            "[sweep]\nfee_rate = [0.001, 1.5]\n",
            &["sweep.toml line 2: [sweep] fee_rate = 1.5 is out of range", "0 <= FEE_RATE < 1"],
        ),
        ("[sweep]\nagents_per_entry = [10, 12.5]\n", &["agents_per_entry = 12.5 is not a whole number"]),
        ("[sweep]\nagents_per_entry = { from = 10, to = 50, step = 0 }\n", &["goes nowhere: step is 0"]),
        ("[sweep]\nagents_per_entry = { from = 50, to = 10, step = 10 }\n", &["goes nowhere", "use step = -10"]),
        ("[sweep]\nagents_per_entry = { from = 10, to = 50 }\n", &["the range has no step"]),
        (
            "[sweep]\nagents_per_entry = { from = 10, to = 50, stp = 10 }\n",
            &["stp is not part of a range; did you mean step?"],
        ),
        ("[sweep]\nagents_per_entry = { from = 0, to = 1e9, step = 1 }\n", &["more than the 1000000 a range may have"]),
        ("[sweep]\nagents_per_entry = { from = 10, to = \"x\", step = 1 }\n", &["to = \"x\" is not a decimal number"]),
        (
            "[sweep]\ncasual_user_pie_use = { from = 1, to = 2, step = 1 }\n",
            &["only numbers can be swept with a range"],
        ),
        ("[sweep]\nruns = 0\n", &["sweep.toml line 2: [sweep] runs = 0 must be a whole number >= 1"]),
        ("[sweep]\nruns = 2.5\n", &["must be a whole number >= 1"]),
        ("[sweep]\nseed = -1\n", &["sweep.toml line 2: [sweep] seed = -1 must be a whole number >= 0"]),
        ("[sweep]\nseed = [1, 2]\n", &["must be a whole number >= 0"]),
        ("[sweep]\noutput_dir = [\"a\", \"b\"]\n", &["output_dir cannot be varied"]),
        ("[sweep]\ntx_log = [true, false]\n", &["tx_log cannot be varied"]),
        ("total_steps = = 3\n", &["is not valid TOML"]),
        ("[sweep]\nfee_rate = [0.003, 0.003]\n", &["sweep.toml line 2: [sweep] fee_rate lists the value 0.003 twice"]),
        (
            "[sweep]\nfee_rate = [0.001, \"0.0030\", 0.003]\n",
            &["fee_rate lists the value 0.003 twice (0.0030 and 0.003 are the same value)", "list each value"],
        ),
        ("[sweep]\nagents_per_entry = [10, 20, 10]\n", &["agents_per_entry lists the value 10 twice"]),
    ];
    for (text, wanted) in cases {
        match parse(text) {
            Ok(spec) => panic!("accepted {text:?} as {spec:?}"),
            Err(message) => {
                for w in *wanted {
                    assert!(message.contains(w), "{text:?}: expected {w:?} in:\n{message}");
                }
            }
        }
    }
}

#[test]
fn the_base_seed_is_the_tables_unless_set_above_the_file() {
    use grassroot_config::{Sources, load};
    let schema = Schema::seed();
    let spec = parse("seed = 1\n[sweep]\nseed = 7\n").unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("s.toml");
    std::fs::write(&file, "seed = 1\n[sweep]\nseed = 7\n").unwrap_or_else(|e| panic!("{e}"));
    let from = |overrides: Vec<(String, String)>| {
        let sources =
            Sources { config_file: Some(file.clone()), allow_sweep_table: true, overrides, ..Sources::default() };
        load(&schema, &sources).unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(spec.base_seed(&from(Vec::new())), 7, "[sweep] seed wins over the file's own seed");
    assert_eq!(spec.base_seed(&from(vec![("--seed".into(), "9".into())])), 9, "a flag wins over the file");
    let no_seed = parse("[sweep]\nruns = 2\n").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(no_seed.base_seed(&from(Vec::new())), 1, "without [sweep] seed, SEED as resolved");
}
