//! The flag layer: `(KEY, VALUE)` in any case, `("--set", "KEY=VALUE")`, shorthand flags, and
//! unknown keys with "did you mean".

use grassroot_config::{ErrorKind, Origin, Schema, Sources, load};

fn flags(list: &[(&str, &str)]) -> Sources {
    Sources { overrides: list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(), ..Sources::default() }
}

#[test]
fn every_form_sets_its_key() {
    let s = load(
        &Schema::seed(),
        &flags(&[
            ("--steps", "10"),
            ("--seed", "5"),
            ("--out", "elsewhere"),
            ("fee_rate", "0.01"),
            ("--set", "PLOT=off"),
            ("Casual_User_Pie_Use", "Keep"),
        ]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let p = s.params().unwrap_or_else(|e| panic!("{e}"));
    let outputs = s.outputs().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((p.total_steps, p.seed, p.fee_ppm, outputs.plot), (10, 5, 10_000, false));
    assert_eq!(outputs.dir, std::path::PathBuf::from("elsewhere"));
    assert_eq!(p.archetypes[4].pie_use, grassroot_config::PieUse::Keep);
    assert_eq!(s.origin("TOTAL_STEPS"), Some(&Origin::Flag { flag: "--steps".into() }));
    assert_eq!(s.origin("PLOT"), Some(&Origin::Flag { flag: "--set".into() }));
}

#[test]
fn unknown_key_did_you_mean() {
    let e = load(&Schema::seed(), &flags(&[("fee_rat", "0.01")])).expect_err("unknown");
    assert_eq!(e.kind(), ErrorKind::UnknownKey);
    assert_eq!(
        e.to_string(),
        "FEE_RAT = 0.01 (from flag --set) is not a known key; did you mean FEE_RATE?\n  fix: use --set FEE_RATE=0.01"
    );
}

#[test]
fn unknown_shorthand_and_set_without_equals() {
    let e = load(&Schema::seed(), &flags(&[("--stepz", "1")])).expect_err("unknown flag");
    assert!(e.to_string().contains("--steps"), "{e}");
    let e = load(&Schema::seed(), &flags(&[("--set", "SEED")])).expect_err("no =");
    assert_eq!(e.kind(), ErrorKind::Malformed);
}

#[test]
fn environment_reads_only_exact_known_names() {
    let s = load(
        &Schema::seed(),
        &Sources {
            env: vec![("seed".into(), "1".into()), ("SEEDS".into(), "2".into()), ("TOTAL_STEPS".into(), "9".into())],
            ..Sources::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.get_u64("SEED").ok(), Some(42));
    assert_eq!(s.get_u64("TOTAL_STEPS").ok(), Some(9));
    assert_eq!(s.origin("TOTAL_STEPS"), Some(&Origin::Env { var: "TOTAL_STEPS".into() }));
}
