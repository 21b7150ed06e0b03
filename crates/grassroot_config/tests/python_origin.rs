//! The Python package's arguments as a layer: `Settings::with_values` with `Origin::Python`,
//! errors that name the argument and say how to fix it in Python, and a "did you mean" for an
//! unknown key, as the flags get.

use grassroot_config::{ErrorKind, Origin, Schema, Settings};

fn python(argument: &str) -> Origin {
    Origin::Python { argument: argument.to_owned() }
}

#[test]
fn a_bad_value_from_params_names_the_argument_and_a_python_fix() {
    let base = Settings::defaults(&Schema::seed()).unwrap_or_else(|e| panic!("{e}"));
    let e = base.with_values([("fee_rate", "1.5", python("params"))]).expect_err("1.5 is out of range");
    assert_eq!(e.kind(), ErrorKind::OutOfRange);
    assert_eq!((e.key(), e.value(), e.origin()), (Some("FEE_RATE"), Some("1.5"), Some(&python("params"))));
    let text = e.to_string();
    assert!(text.starts_with("FEE_RATE = 1.5 (from the Python argument params) is out of range"), "{text}");
    assert!(
        text.ends_with(r#"fix: change the params argument to an allowed value, e.g. params={"FEE_RATE": "0.003"}"#),
        "{text}"
    );
    let e = base.with_values([("TOTAL_STEPS", "-3", python("steps"))]).expect_err("negative");
    assert!(e.to_string().ends_with("fix: change the steps argument to an allowed value, e.g. steps=2000"), "{e}");
}

#[test]
fn an_unknown_key_from_params_gets_a_did_you_mean() {
    let base = Settings::defaults(&Schema::seed()).unwrap_or_else(|e| panic!("{e}"));
    let e = base.with_values([("FEE_RAT", "0.01", python("params"))]).expect_err("unknown key");
    assert_eq!(e.kind(), ErrorKind::UnknownKey);
    assert_eq!(
        e.to_string(),
        "FEE_RAT = 0.01 (from the Python argument params) is not a known key; did you mean FEE_RATE?\n  \
         fix: change the params argument: rename FEE_RAT to FEE_RATE"
    );
    let e = base.with_values([("NOTHING_LIKE_IT", "1", python("params"))]).expect_err("unknown key");
    assert!(e.to_string().contains("is not a known key\n  fix: env.example lists every key"), "{e}");
}

#[test]
fn the_python_layer_sits_above_the_file_and_names_its_argument() {
    use grassroot_config::{Sources, load};
    let sources = Sources {
        python: vec![
            ("steps".into(), "TOTAL_STEPS".into(), "50".into()),
            ("params".into(), "fee_rate".into(), "0.01".into()),
        ],
        ..Sources::default()
    };
    let s = load(&Schema::seed(), &sources).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.origin("TOTAL_STEPS"), Some(&python("steps")));
    assert_eq!(s.origin("FEE_RATE"), Some(&python("params")));
    let bad = Sources { python: vec![("params".into(), "FEE_RAT".into(), "0.01".into())], ..Sources::default() };
    let e = load(&Schema::seed(), &bad).expect_err("unknown key");
    assert_eq!(
        e.to_string(),
        "FEE_RAT = 0.01 (from the Python argument params) is not a known key; did you mean FEE_RATE?\n  \
         fix: change the params argument: rename FEE_RAT to FEE_RATE"
    );
}
