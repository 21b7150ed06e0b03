//! The dataDAO's parameters: registered like the seed's, validated, and safe to keep in a
//! `.env` shared with the seed scenario.

use grassroot_config::{DOTENV_TYPO_DISTANCE, ErrorKind, Schema, Settings, Sources, levenshtein, load};
use grassroot_datadao::keys::{add_params, has_params};
use grassroot_datadao::{DEFAULT_USE_CASES, DataDaoParams, LockPolicy, PieSplit};

fn schema() -> Schema {
    let mut s = Schema::seed();
    add_params(&mut s, &DEFAULT_USE_CASES).unwrap_or_else(|e| panic!("{e}"));
    s
}

fn load_with(pairs: &[(&str, &str)]) -> Result<Settings, grassroot_config::ConfigError> {
    let overrides = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    load(&schema(), &Sources { overrides, ..Sources::default() })
}

#[test]
fn every_key_is_registered_with_a_group_and_the_defaults_parse() {
    let s = schema();
    assert!(has_params(&s) && s.validate().is_ok());
    let added = s.specs().len() - Schema::seed().specs().len();
    // 9 of the mechanism + 5 roles x (11 + 3 permits + 3 mixes).
    assert_eq!(added, 9 + 5 * 17);
    assert!(s.specs().iter().skip(Schema::seed().specs().len()).all(|p| p.group.starts_with("dataDAO")));
    let d = DataDaoParams::seed_defaults().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.pie_split, PieSplit::Weighted);
    assert_eq!(
        d.role("casual_user").map(|r| r.lock),
        Some(LockPolicy::AbovePrice(grassroot_amm::Wad::parse("0.5").unwrap_or_default()))
    );
    assert!(d.role("organization").is_some_and(|r| !r.data_member));
}

/// A `.env` copied from env.example also serves the seed scenario: no dataDAO key is within
/// the `.env` typo distance of a seed key (which would be an error there).
#[test]
fn no_datadao_key_looks_like_a_typo_of_a_seed_key() {
    let seed = Schema::seed();
    for key in schema().keys().filter(|k| seed.spec(k).is_none()) {
        for known in seed.keys() {
            assert!(levenshtein(key, known) > DOTENV_TYPO_DISTANCE, "{key} is too close to {known}");
        }
    }
}

#[test]
fn values_are_validated_like_the_others() {
    let err = |pairs: &[(&str, &str)]| load_with(pairs).err().unwrap_or_else(|| panic!("{pairs:?} accepted"));
    assert_eq!(err(&[("PIE_SPLIT", "fair")]).kind(), ErrorKind::NotAChoice);
    assert_eq!(err(&[("CRC_DEMURRAGE_PER_YEAR", "1")]).kind(), ErrorKind::OutOfRange);
    assert_eq!(err(&[("STEP_HOURS", "0")]).kind(), ErrorKind::Zero);
    assert_eq!(err(&[("ACTIVE_USER_LOCK_POLICY", "sometimes")]).kind(), ErrorKind::NotAChoice);
    let mix = err(&[("ORGANIZATION_SPENDS_ON_RESEARCH", "0.9")]);
    assert_eq!(mix.kind(), ErrorKind::BadSum);
    assert!(mix.to_string().contains("use-case mix of organization"), "{mix}");
}

#[test]
fn a_quality_range_upside_down_names_both_keys() {
    let settings = load_with(&[("POWER_USER_QUALITY_MIN", "0.9")]).unwrap_or_else(|e| panic!("{e}"));
    let e = DataDaoParams::from_settings(&settings, &DEFAULT_USE_CASES).err().unwrap_or_else(|| panic!("accepted"));
    let text = e.to_string();
    assert!(
        text.starts_with("POWER_USER_QUALITY_MIN = 0.9 (from flag --set) is above POWER_USER_QUALITY_MAX = 0.8"),
        "{text}"
    );
    assert!(text.contains("fix: lower POWER_USER_QUALITY_MIN or raise POWER_USER_QUALITY_MAX"), "{text}");
}

#[test]
fn use_case_lists_are_checked() {
    for bad in [&[][..], &["Research"][..], &["a", "a"][..]] {
        assert!(add_params(&mut Schema::seed(), bad).is_err(), "{bad:?}");
    }
    let mut s = Schema::seed();
    assert!(add_params(&mut s, &["medical", "ads"]).is_ok());
    let settings = Settings::defaults(&s).unwrap_or_else(|e| panic!("{e}"));
    let d = DataDaoParams::from_settings(&settings, &["medical", "ads"]).unwrap_or_else(|e| panic!("{e}"));
    let org = d.role("organization").unwrap_or_else(|| panic!("organization"));
    assert_eq!(org.use_mix, [grassroot_amm::Wad::ONE, grassroot_amm::Wad::ZERO]);
}
