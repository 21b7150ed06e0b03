//! The TOML layer: lower-case keys, value types, unknown keys with "did you mean", the
//! `[sweep]` table, tables where values belong.

use std::path::{Path, PathBuf};

use grassroot_amm::Wad;
use grassroot_config::{ConfigError, ErrorKind, Schema, Settings, Sources, load};

fn load_toml(text: &str, allow_sweep: bool) -> (Result<Settings, ConfigError>, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("run.toml");
    std::fs::write(&path, text).expect("write toml");
    let sources = Sources { config_file: Some(path.clone()), allow_sweep_table: allow_sweep, ..Sources::default() };
    (load(&Schema::seed(), &sources), path, dir)
}

fn ok(text: &str) -> Settings {
    load_toml(text, false).0.unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn lower_case_keys_and_every_value_type() {
    let s = ok(r#"
total_steps = 1_000
fee_rate = 0.0025
pie_payout_rate = "0.5"
tx_log = false
check_books = "off"
output_dir = "runs/a"
power_user_max_buy_price = "none"
organization_max_buy_price = 1.5
degen_user_initial_ddt = "100.000000000000000001"
casual_user_sell_per_step = 0.1
"#);
    assert_eq!(s.get_u64("TOTAL_STEPS").ok(), Some(1000));
    assert_eq!(s.get_ppm("FEE_RATE").ok(), Some(2500));
    assert_eq!(s.get_fraction("PIE_PAYOUT_RATE").ok(), Wad::parse("0.5").ok());
    assert_eq!(s.get_bool("TX_LOG").ok(), Some(false));
    assert_eq!(s.get_bool("CHECK_BOOKS").ok(), Some(false));
    assert_eq!(s.get_path("OUTPUT_DIR").ok(), Some(Path::new("runs/a")));
    assert_eq!(s.get_price("POWER_USER_MAX_BUY_PRICE").ok(), Some(None));
    assert_eq!(s.get_price("ORGANIZATION_MAX_BUY_PRICE").ok(), Some(Wad::parse("1.5").ok()));
    // Strings are exact to the last of 18 decimals.
    assert_eq!(s.get_wad("DEGEN_USER_INITIAL_DDT").ok().map(Wad::raw), Some(100 * 10u128.pow(18) + 1));
    // A float goes through its shortest form: 0.1 is exactly 0.1.
    assert_eq!(s.get_wad("CASUAL_USER_SELL_PER_STEP").ok(), Wad::parse("0.1").ok());
}

#[test]
fn upper_case_keys_are_accepted_but_not_twice() {
    assert_eq!(ok("TOTAL_STEPS = 12\n").get_u64("total_steps").ok(), Some(12));
    let e = load_toml("TOTAL_STEPS = 12\ntotal_steps = 13\n", false).0.expect_err("duplicate");
    assert_eq!(e.kind(), ErrorKind::DuplicateKey);
}

#[test]
fn unknown_key_did_you_mean() {
    let (r, path, _dir) = load_toml("total_steps = 10\ntotl_steps = 10\n", false);
    let e = r.expect_err("unknown key");
    assert_eq!(e.kind(), ErrorKind::UnknownKey);
    assert_eq!(
        e.to_string(),
        format!(
            "totl_steps = 10 (from config file {0} line 2) is not a known key; did you mean total_steps?\n  fix: rename totl_steps to total_steps in config file {0}",
            path.display()
        )
    );
}

#[test]
fn unknown_key_far_from_all_is_still_an_error() {
    let e = load_toml("colour = \"blue\"\n", false).0.expect_err("unknown key");
    assert_eq!(e.kind(), ErrorKind::UnknownKey);
    assert!(e.to_string().contains("colour = blue (from config file"), "{e}");
    assert!(!e.to_string().contains("did you mean"), "{e}");
}

#[test]
fn sweep_table_is_skipped_only_when_allowed() {
    let text = "seed = 3\n\n[sweep]\nfee_rate = [\"0.001\", \"0.003\"]\n";
    let (r, _, _dir) = load_toml(text, true);
    assert_eq!(r.unwrap_or_else(|e| panic!("{e}")).get_u64("SEED").ok(), Some(3));
    let e = load_toml(text, false).0.expect_err("sweep not allowed");
    assert!(e.to_string().contains("[sweep] table"), "{e}");
}

#[test]
fn tables_and_arrays_are_not_values() {
    let e = load_toml("seed = [1, 2]\n", false).0.expect_err("array");
    assert_eq!(e.kind(), ErrorKind::WrongType);
    let e = load_toml("[degen_user]\nshare = 0.4\n", false).0.expect_err("table");
    assert_eq!(e.kind(), ErrorKind::UnknownKey);
}

#[test]
fn syntax_error_names_the_file() {
    let (r, path, _dir) = load_toml("total_steps = \n", false);
    let e = r.expect_err("syntax");
    assert_eq!(e.kind(), ErrorKind::Malformed);
    assert!(e.to_string().starts_with(&format!("config file {}: is not valid TOML", path.display())), "{e}");
}

#[test]
fn load_with_file_hands_back_the_sweep_table_with_lines() {
    use grassroot_config::{Origin, TomlValue, load_with_file};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sweep.toml");
    std::fs::write(&path, "total_steps = 5\n\n[sweep]\nruns = 2\nfee_rate = [0.001, 0.003]\n").expect("write toml");
    let sources = Sources { config_file: Some(path.clone()), allow_sweep_table: true, ..Sources::default() };
    let (settings, file) = load_with_file(&Schema::seed(), &sources).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(settings.origin("TOTAL_STEPS"), Some(&Origin::toml(path.clone(), 1)));
    let file = file.expect("the TOML file is handed back");
    let Some(TomlValue::Table(sweep)) = file.sweep_table().map(|t| &t.value) else { panic!("no [sweep] in {file:?}") };
    let keys: Vec<(&str, usize)> = sweep.iter().map(|(k, item)| (k.as_str(), item.line)).collect();
    assert_eq!(keys, [("fee_rate", 5), ("runs", 4)]);
}

#[test]
fn with_values_validates_like_a_layer_and_keeps_each_origin() {
    use grassroot_config::Origin;
    let base = ok("organization_share = 0.05\n");
    let world = base
        .with_values([
            ("fee_rate", "0.01".to_owned(), Origin::SweepGrid),
            ("SEED", "9".to_owned(), Origin::DerivedSeed),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((world.get_ppm("FEE_RATE").ok(), world.get_u64("SEED").ok()), (Some(10_000), Some(9)));
    assert_eq!(world.origin("SEED"), Some(&Origin::DerivedSeed));
    assert_eq!(world.origin("ORGANIZATION_SHARE"), base.origin("ORGANIZATION_SHARE"));
    let e = base.with_values([("DEGEN_USER_SHARE", "0.5", Origin::SweepGrid)]).expect_err("shares sum to 1.1");
    assert_eq!(e.kind(), ErrorKind::BadSum);
    let text = e.to_string();
    assert!(text.contains("DEGEN_USER_SHARE=0.5 from the sweep grid"), "{text}");
    assert!(text.contains("ORGANIZATION_SHARE=0.05 from config file") && text.contains("line 1"), "{text}");
    assert!(text.contains("ACTIVE_USER_SHARE=0.3 from default"), "{text}");
    let e = base.with_values([("FEE_RTE", "0.01", Origin::SweepGrid)]).expect_err("unknown key");
    assert_eq!(e.kind(), ErrorKind::UnknownKey);
}
