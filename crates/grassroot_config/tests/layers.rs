//! Layer precedence: defaults < replay < TOML file < `.env` < environment < flags, each layer
//! overriding the one below (values and origins hand-checked).

use std::path::{Path, PathBuf};

use grassroot_config::{Origin, Schema, Settings, Sources, load};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write test file");
    path
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn ok(sources: &Sources) -> Settings {
    match load(&Schema::seed(), sources) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn each_layer_overrides_the_one_below() {
    let dir = tempfile::tempdir().expect("tempdir");
    let toml = write(
        dir.path(),
        "run.toml",
        "total_steps = 100\nentry_steps = 2\nagents_per_entry = 20\nseed = 7\nplot = false\n",
    );
    let dotenv = write(dir.path(), ".env", "TOTAL_STEPS=200\nENTRY_STEPS=3\nAGENTS_PER_ENTRY=30\n");
    let sources = Sources {
        replay: pairs(&[("TOTAL_STEPS", "50"), ("SEED", "1"), ("FEE_RATE", "0.01"), ("TX_LOG", "off")]),
        config_file: Some(toml.clone()),
        dotenv: Some(dotenv.clone()),
        env: pairs(&[("TOTAL_STEPS", "300"), ("ENTRY_STEPS", "4"), ("HOME", "/root")]),
        env_not_unicode: Vec::new(),
        overrides: pairs(&[("total_steps", "400")]),
        allow_sweep_table: false,
        replay_file: Some(PathBuf::from("old/run.json")),
        dotenv_required: true,
        python: Vec::new(),
    };
    let s = ok(&sources);
    // (key, value, origin) worked out by hand from the layers above.
    let want: [(&str, &str, Origin); 8] = [
        ("TOTAL_STEPS", "400", Origin::Flag { flag: "--set".into() }),
        ("ENTRY_STEPS", "4", Origin::Env { var: "ENTRY_STEPS".into() }),
        ("AGENTS_PER_ENTRY", "30", Origin::Dotenv { path: dotenv.clone(), line: 3 }),
        ("SEED", "7", Origin::toml(toml.clone(), 4)),
        ("PLOT", "false", Origin::toml(toml.clone(), 5)),
        ("FEE_RATE", "0.01", Origin::Replay { path: Some(PathBuf::from("old/run.json")) }),
        ("TX_LOG", "false", Origin::Replay { path: Some(PathBuf::from("old/run.json")) }),
        ("PIE_PAYOUT_RATE", "0.7", Origin::Default),
    ];
    let got = s.to_pairs();
    for (key, value, origin) in want {
        let text = got.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        assert_eq!(text, Some(value), "{key}");
        assert_eq!(s.origin(key), Some(&origin), "{key}");
    }
    let p = match s.params() {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert_eq!((p.total_steps, p.entry_steps, p.agents_per_entry, p.seed), (400, 4, 30, 7));
    assert_eq!(p.fee_ppm, 10_000);
    assert!(!p.tx_log && p.check_books);
    assert_eq!(s.outputs().map(|o| o.plot), Ok(false));
}

#[test]
fn removing_the_top_layer_uncovers_the_next() {
    let dir = tempfile::tempdir().expect("tempdir");
    let toml = write(dir.path(), "run.toml", "total_steps = 100\n");
    let dotenv = write(dir.path(), ".env", "TOTAL_STEPS=200\n");
    let full = Sources {
        config_file: Some(toml),
        dotenv: Some(dotenv),
        env: pairs(&[("TOTAL_STEPS", "300")]),
        overrides: pairs(&[("--steps", "400")]),
        ..Sources::default()
    };
    let steps = |s: &Sources| ok(s).get_u64("TOTAL_STEPS").expect("TOTAL_STEPS is a whole number");
    let mut s = full.clone();
    assert_eq!(steps(&s), 400);
    s.overrides.clear();
    assert_eq!(steps(&s), 300);
    s.env.clear();
    assert_eq!(steps(&s), 200);
    s.dotenv = None;
    assert_eq!(steps(&s), 100);
    s.config_file = None;
    assert_eq!(steps(&s), 2000);
}

#[test]
fn within_a_layer_the_last_assignment_wins() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dotenv = write(dir.path(), ".env", "SEED=1\nSEED=2\n");
    let s = ok(&Sources {
        dotenv: Some(dotenv.clone()),
        overrides: pairs(&[("FEE_RATE", "0.01"), ("--set", "FEE_RATE=0.02"), ("fee_rate", "0.005")]),
        env: pairs(&[("PLOT", "off"), ("PLOT", "on")]),
        ..Sources::default()
    });
    assert_eq!(s.get_u64("SEED").ok(), Some(2));
    assert_eq!(s.origin("SEED"), Some(&Origin::Dotenv { path: dotenv, line: 2 }));
    assert_eq!(s.get_ppm("FEE_RATE").ok(), Some(5000));
    assert_eq!(s.get_bool("PLOT").ok(), Some(true));
}

#[test]
fn a_bad_value_in_a_lower_layer_is_fine_when_overridden() {
    let s = ok(&Sources {
        env: pairs(&[("FEE_RATE", "lots")]),
        overrides: pairs(&[("FEE_RATE", "0.001")]),
        ..Sources::default()
    });
    assert_eq!(s.get_ppm("FEE_RATE").ok(), Some(1000));
}

#[test]
fn missing_dotenv_is_fine_unless_named_and_missing_config_file_is_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let none = dir.path().join("absent");
    let s = ok(&Sources { dotenv: Some(none.clone()), ..Sources::default() });
    assert_eq!(s, Settings::defaults(&Schema::seed()).expect("defaults are valid"));
    match load(&Schema::seed(), &Sources { dotenv: Some(none.clone()), dotenv_required: true, ..Sources::default() }) {
        Ok(_) => panic!("a missing --env-file must be an error"),
        Err(e) => assert!(e.to_string().contains("(from --env-file) does not exist"), "{e}"),
    }
    match load(&Schema::seed(), &Sources { config_file: Some(none), ..Sources::default() }) {
        Ok(_) => panic!("a missing --config file must be an error"),
        Err(e) => assert!(e.to_string().contains("cannot be read"), "{e}"),
    }
}
