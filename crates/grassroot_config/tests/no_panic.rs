//! Property tests: arbitrary values, keys, TOML text and `.env` text never panic the loader;
//! every outcome is `Ok` or `Err`, and every `Ok` round-trips through its pairs.

use grassroot_config::{Schema, Settings, Sources, load, parse_dotenv};
use proptest::prelude::*;

/// Any key of the seed schema, in a random case.
fn known_key() -> impl Strategy<Value = String> {
    let keys: Vec<String> = Schema::seed().keys().map(str::to_owned).collect();
    (proptest::sample::select(keys), any::<bool>())
        .prop_map(|(k, lower)| if lower { k.to_ascii_lowercase() } else { k })
}

/// Value-like strings: numbers, signs, dots, exponents, words, and arbitrary text.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-+]?[0-9_]{0,25}(\\.[0-9_]{0,25})?([eE][-+]?[0-9]{1,3})?",
        "(none|NONE|on|off|yes|no|true|false|keep|sell|1|0|nan|inf|-0)",
        "\\PC{0,30}",
        any::<String>(),
    ]
}

/// Loads with the given sources; a loaded result must round-trip through its pairs.
fn check(sources: &Sources) -> Result<(), TestCaseError> {
    let schema = Schema::seed();
    if let Ok(settings) = load(&schema, sources) {
        let back = Settings::from_pairs(&schema, settings.to_pairs());
        prop_assert_eq!(back.map(|b| b.to_pairs()).ok(), Some(settings.to_pairs()));
        prop_assert!(settings.params().is_ok());
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_flag_value_is_ok_or_err(key in known_key(), v in value()) {
        check(&Sources { overrides: vec![(key, v)], ..Sources::default() })?;
    }

    #[test]
    fn any_flag_key_is_ok_or_err(key in "\\PC{0,20}", v in value()) {
        check(&Sources { overrides: vec![(key, v)], ..Sources::default() })?;
    }

    #[test]
    fn any_env_value_is_ok_or_err(key in known_key(), v in value()) {
        check(&Sources { env: vec![(key.to_ascii_uppercase(), v)], ..Sources::default() })?;
    }

    #[test]
    fn any_replayed_pairs_are_ok_or_err(pairs in proptest::collection::vec((known_key(), value()), 0..5)) {
        let _ = Settings::from_pairs(&Schema::seed(), pairs);
    }

    #[test]
    fn any_dotenv_text_is_ok_or_err(text in prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            (prop_oneof![Just(String::new()), Just("export ".to_owned()), Just("#".to_owned())],
             known_key(), "[ =]{0,2}", prop_oneof![value(), Just("\"".to_owned()), Just("'a'".to_owned())]),
            0..6,
        ).prop_map(|lines| lines.into_iter().map(|(p, k, eq, v)| format!("{p}{k}{eq}{v}\n")).collect()),
    ]) {
        let _ = parse_dotenv(&text, std::path::Path::new(".env"));
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join(".env");
        std::fs::write(&path, &text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check(&Sources { dotenv: Some(path), ..Sources::default() })?;
    }

    #[test]
    fn any_toml_text_is_ok_or_err(text in prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            (known_key(), prop_oneof![
                value().prop_map(|v| format!("{v:?}")),
                value(),
                Just("[1, 2]".to_owned()),
                Just("{ a = 1 }".to_owned()),
                Just("1979-05-27T07:32:00Z".to_owned()),
            ]),
            0..6,
        ).prop_map(|lines| lines.into_iter().map(|(k, v)| format!("{k} = {v}\n")).collect()),
    ], allow_sweep in any::<bool>()) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join("run.toml");
        std::fs::write(&path, &text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check(&Sources { config_file: Some(path), allow_sweep_table: allow_sweep, ..Sources::default() })?;
    }
}
