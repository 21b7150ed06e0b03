//! Governance's parameters: registered like the seed's, validated one by one by their kinds
//! and together by `GovParams::from_settings`, and `GOV_WEIGHT=data` refused without the
//! dataDAO; each error names the key, the value and what is allowed.

use grassroot_config::{ErrorKind, Params, Schema, Settings, Sources, load};
use grassroot_governance::keys::{add_params, add_role_params, has_params};
use grassroot_governance::{ActionKind, GovParams, GovernancePlugin, Stance, VoteWeight};
use grassroot_sim::{SeedScenario, Simulation};

fn schema() -> Schema {
    let mut s = Schema::seed();
    add_params(&mut s).unwrap_or_else(|e| panic!("{e}"));
    s
}

fn load_with(pairs: &[(&str, &str)]) -> Result<Settings, grassroot_config::ConfigError> {
    let overrides = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    load(&schema(), &Sources { overrides, ..Sources::default() })
}

fn params_with(pairs: &[(&str, &str)]) -> Result<GovParams, String> {
    let settings = load_with(pairs).map_err(|e| e.to_string())?;
    GovParams::from_settings(&settings).map_err(|e| e.to_string())
}

#[test]
fn every_key_is_registered_with_a_group_and_the_defaults_parse() {
    let s = schema();
    assert!(has_params(&s) && s.validate().is_ok());
    let added = s.specs().len() - Schema::seed().specs().len();
    assert_eq!(added, 16 + 5 * 3, "16 of the mechanism, 3 per role");
    assert!(s.specs().iter().skip(Schema::seed().specs().len()).all(|p| p.group.starts_with("Governance")));
    let g = GovParams::seed_defaults().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((g.weight, g.period, g.voting_steps, g.timelock), (VoteWeight::Tokens, 30, 7, 2));
    assert_eq!(g.actions, ActionKind::ALL);
    assert_eq!(g.role("degen_user").map(|r| r.prefers), Some(Stance::Price));
    assert_eq!(g.role("power_user").map(|r| r.prefers), Some(Stance::Grants));
    let mut more = s.clone();
    more.add_role("arbitrageur", "note", &grassroot_config::RoleDefaults::default()).unwrap_or_else(|e| panic!("{e}"));
    add_role_params(&mut more, "arbitrageur").unwrap_or_else(|e| panic!("{e}"));
    assert!(more.spec("ARBITRAGEUR_GOV_TURNOUT").is_some_and(|p| p.default == "0"), "a new role never votes");
}

#[test]
fn values_are_validated_by_their_kinds() {
    let err = |k: &str, v: &str| load_with(&[(k, v)]).err().map(|e| (e.kind(), e.to_string()));
    let fee = err("GOV_FEE_MAX", "1").unwrap_or_else(|| panic!("a fee of 1 accepted"));
    assert_eq!(fee.0, ErrorKind::OutOfRange);
    assert!(fee.1.contains("GOV_FEE_MAX = 1") && fee.1.contains("allowed 0 <= GOV_FEE_MAX < 1"), "{}", fee.1);
    let payout = err("GOV_PAYOUT_RATE_MAX", "1.5").unwrap_or_else(|| panic!("a payout of 1.5 accepted"));
    assert!(payout.1.contains("is above 1: allowed 0 <= GOV_PAYOUT_RATE_MAX <= 1"), "{}", payout.1);
    assert_eq!(err("GOV_PERIOD", "0").map(|e| e.0), Some(ErrorKind::Zero));
    assert_eq!(err("GOV_VOTING_STEPS", "0").map(|e| e.0), Some(ErrorKind::Zero));
    assert_eq!(err("GOV_QUORUM", "1.01").map(|e| e.0), Some(ErrorKind::OutOfRange));
    assert_eq!(err("GOV_THRESHOLD", "1").map(|e| e.0), Some(ErrorKind::OutOfRange));
    assert_eq!(err("GOV_WEIGHT", "coins").map(|e| e.0), Some(ErrorKind::NotAChoice));
    assert_eq!(err("CASUAL_USER_GOV_PREFERS", "money").map(|e| e.0), Some(ErrorKind::NotAChoice));
    assert_eq!(err("GOVERNANCE", "maybe").map(|e| e.0), Some(ErrorKind::WrongType));
}

#[test]
fn bounds_and_the_menu_are_checked_together() {
    let e = params_with(&[("GOV_FEE_MIN", "0.02")]).err().unwrap_or_default();
    assert!(e.starts_with("GOV_FEE_MIN = 0.02 (from flag --set) is above GOV_FEE_MAX = 0.01"), "{e}");
    assert!(e.contains("fix: lower GOV_FEE_MIN to at most 0.01, or raise GOV_FEE_MAX to at least 0.02"), "{e}");
    let e = params_with(&[("GOV_PIE_SHARE_MIN", "0.7")]).err().unwrap_or_default();
    assert!(e.contains("GOV_PIE_SHARE_MIN = 0.7") && e.contains("above GOV_PIE_SHARE_MAX = 0.5"), "{e}");
    let e = params_with(&[("GOV_ACTIONS", "burn,airdrop")]).err().unwrap_or_default();
    assert!(e.starts_with("GOV_ACTIONS = burn,airdrop (from flag --set) names an unknown action, airdrop"), "{e}");
    assert!(e.contains("allowed a comma-separated list of burn, grant, liquidity, payout_rate, pie_share, fee"), "{e}");
    assert!(params_with(&[("GOV_ACTIONS", "burn,burn")]).is_err_and(|e| e.contains("names burn twice")));
    assert!(params_with(&[("GOV_ACTIONS", "")]).is_err_and(|e| e.contains("empty action name")));
    let ok = params_with(&[("GOV_ACTIONS", " Fee , grant ")]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ok.actions, [ActionKind::Fee, ActionKind::Grant]);
}

#[test]
fn voting_by_data_is_refused_without_the_datadao() {
    let mut g = GovParams::seed_defaults().unwrap_or_else(|e| panic!("{e}"));
    g.weight = VoteWeight::Data;
    let p = Params::seed_defaults();
    let err = Simulation::builder(&p)
        .with_plugin(SeedScenario::new(&p))
        .with_plugin(GovernancePlugin::new(g))
        .build()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("GOV_WEIGHT = data needs Contribution Weight, which only --scenario datadao has"), "{err}");
    assert!(err.contains("allowed without the dataDAO: tokens, person"), "{err}");
}
