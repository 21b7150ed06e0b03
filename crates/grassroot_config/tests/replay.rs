//! Settings <-> flat key/text pairs and JSON (for `run.json` and `--replay`), and plugin keys.

use grassroot_amm::Wad;
use grassroot_config::{ErrorKind, Kind, Origin, ParamSpec, RoleDefaults, Schema, Settings, Sources, Value, load};

#[test]
fn pairs_are_in_schema_order_and_round_trip() {
    let schema = Schema::seed();
    let s = load(
        &schema,
        &Sources {
            overrides: vec![("FEE_RATE".into(), "0.0050".into()), ("PLOT".into(), "no".into())],
            ..Sources::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let pairs = s.to_pairs();
    let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, schema.keys().collect::<Vec<_>>());
    assert!(pairs.contains(&("FEE_RATE".into(), "0.005".into())), "canonical text");
    assert!(pairs.contains(&("PLOT".into(), "false".into())));
    let back = Settings::from_pairs(&schema, pairs.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.to_pairs(), pairs);
    assert_eq!(back.origin("FEE_RATE"), Some(&Origin::Replay { path: None }));
    assert_eq!(back.params().ok(), s.params().ok());
}

#[test]
fn json_round_trip_and_serialize_order() {
    let schema = Schema::seed();
    let s = Settings::defaults(&schema).unwrap_or_else(|e| panic!("{e}"));
    let json = s.to_json();
    assert_eq!(json["TOTAL_STEPS"], "2000");
    assert_eq!(json["POWER_USER_MAX_BUY_PRICE"], "2");
    let back = Settings::from_json(&schema, &json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.to_pairs(), s.to_pairs());
    let text = serde_json::to_string(&s).expect("serialize");
    assert!(text.starts_with("{\"TOTAL_STEPS\":\"2000\",\"ENTRY_STEPS\":\"5\""), "{text}");
    let e = Settings::from_json(&schema, &serde_json::json!({"TOTAL_STEPZ": "1"})).expect_err("unknown");
    assert_eq!(e.kind(), ErrorKind::UnknownKey);
    assert!(Settings::from_json(&schema, &serde_json::json!([1])).is_err());
}

#[test]
fn plugin_keys_are_registered_and_read_typed() {
    let mut schema = Schema::seed();
    schema
        .add(
            ParamSpec::new("WHALE_BUDGET", Kind::amount(), "5000", "xDAI a whale may spend.").in_group("Plugin: whale"),
        )
        .and_then(|s| s.add(ParamSpec::new("WHALE_MOOD", Kind::choice(["calm", "wild"]), "calm", "How it trades.")))
        .unwrap_or_else(|e| panic!("{e}"));
    let s = load(&schema, &Sources { env: vec![("WHALE_MOOD".into(), "WILD".into())], ..Sources::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.get_wad("WHALE_BUDGET").ok(), Some(Wad::from_tokens(5000)));
    assert_eq!(s.get_choice("WHALE_MOOD").ok(), Some("wild"));
    assert_eq!(s.get("WHALE_MOOD"), Some(&Value::Choice("wild".into())));
    assert_eq!(s.get_u64("WHALE_BUDGET").map_err(|e| e.kind()), Err(ErrorKind::Schema));
    assert!(schema.env_example().contains("\n# ===== Plugin: whale =====\n"));
    // The seed's Params are unaffected by plugin keys.
    assert_eq!(s.params().ok().map(|p| p.archetypes.len()), Some(5));
}

#[test]
fn a_plugin_role_joins_the_share_rules() {
    let mut schema = Schema::seed();
    let whale = RoleDefaults { share: "0.1".into(), initial_xdai: "100000".into(), ..RoleDefaults::default() };
    schema.add_role("whale", "Whales: rich and rare.", &whale).unwrap_or_else(|e| panic!("{e}"));
    let e = Settings::defaults(&schema).expect_err("shares now sum to 1.1");
    assert_eq!(e.kind(), ErrorKind::BadSum);
    assert_eq!(e.value(), Some("1.1"));
    let s =
        load(&schema, &Sources { overrides: vec![("DEGEN_USER_SHARE".into(), "0.3".into())], ..Sources::default() })
            .unwrap_or_else(|e| panic!("{e}"));
    let p = s.params().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.archetypes.len(), 6);
    assert_eq!(p.archetypes[5].role, "whale");
    assert_eq!(p.archetypes[5].initial_xdai, Wad::from_tokens(100_000));
}
