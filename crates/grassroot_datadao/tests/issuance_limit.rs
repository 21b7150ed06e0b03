//! `CRC_PER_HOUR x STEP_HOURS`, the CRC every data member receives per step, must fit in an
//! amount. A larger product is a setup error when the simulation is built — before any step
//! runs or any output is written; the binary exits 2 on it — that names both keys, the value
//! given, where it came from and the largest value allowed. So must what the whole run can
//! issue: every member it admits, its CRC on joining plus the per-step issuance every step.
//!
//! The largest amount is 2^128 - 1 = 340282366920938463463374607431768211455 base units, i.e.
//! 340282366920938463463.374607431768211455. With STEP_HOURS = 24 the largest CRC_PER_HOUR is
//! floor((2^128 - 1) / 24) = 14178431955039102644307275309657008810 base units
//! (x 24 = ...211440, 15 below the maximum), i.e. 14178431955039102644.30727530965700881; with
//! STEP_HOURS = 2 it is floor((2^128 - 1) / 2) = 170141183460469231731.687303715884105727.
//! CRC_PER_HOUR = 340282366920938463463 is 340282366920938463463 x 10^18 base units, below the
//! maximum (so a valid amount on its own), but x 24 far above it.

use grassroot_amm::Wad;
use grassroot_config::{Params, Schema, Settings, Sources, load};
use grassroot_datadao::keys::add_params;
use grassroot_datadao::{DEFAULT_USE_CASES, DataDaoParams, DataDaoScenario, Rules};
use grassroot_sim::{SimError, Simulation};

const TOO_MUCH: &str = "340282366920938463463";
const LARGEST_DAILY: &str = "14178431955039102644.30727530965700881";

/// The settings the binary resolves for `--scenario datadao --set KEY=VALUE ...`.
fn settings(pairs: &[(&str, &str)]) -> Settings {
    let mut schema = Schema::seed();
    add_params(&mut schema, &DEFAULT_USE_CASES).unwrap_or_else(|e| panic!("{e}"));
    let overrides = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    load(&schema, &Sources { overrides, ..Sources::default() }).unwrap_or_else(|e| panic!("{e}"))
}

/// Builds the `datadao` scenario as the binary does: parameters and settings from `settings`,
/// the dataDAO's keys read from them when the scenario is built.
fn build_from(settings: &Settings) -> Result<Simulation, SimError> {
    let params = settings.params().unwrap_or_else(|e| panic!("{e}"));
    let mut builder = Simulation::builder(&params);
    builder.set_settings(settings.clone());
    builder.add_plugin(DataDaoScenario::new(&params));
    builder.build()
}

/// Builds a one-step, one-member `datadao` world with explicit dataDAO parameters (no
/// settings): the smallest run, so that only the per-step limit binds, not the run's total.
fn build_with(datadao: DataDaoParams) -> Result<Simulation, SimError> {
    let mut params = Params::seed_defaults();
    params.total_steps = 1;
    params.agents_per_entry = 1;
    Simulation::builder(&params).with_plugin(DataDaoScenario::with_params(&params, datadao)).build()
}

fn setup_error(result: Result<Simulation, SimError>) -> String {
    match result {
        Err(SimError::Setup(why)) => why,
        Err(SimError::Config(e)) => e.to_string(),
        Err(other) => panic!("expected a setup error, got {other}"),
        Ok(_) => panic!("expected a setup error, but the simulation was built"),
    }
}

/// `--set CRC_PER_HOUR=340282366920938463463` with the default STEP_HOURS = 24: the build fails
/// with one message naming CRC_PER_HOUR, STEP_HOURS, the value, its origin, the limit and the
/// fix; not the arithmetic's internal wording.
#[test]
fn crc_per_hour_times_step_hours_above_the_largest_amount_is_a_setup_error_naming_both_keys() {
    let why = setup_error(build_from(&settings(&[("CRC_PER_HOUR", TOO_MUCH)])));
    assert_eq!(
        why,
        format!(
            "CRC_PER_HOUR = {TOO_MUCH} (from flag --set) is too large for STEP_HOURS = 24: every data member \
             receives CRC_PER_HOUR x STEP_HOURS CRC per step, and {TOO_MUCH} x 24 exceeds the largest amount, \
             340282366920938463463.374607431768211455 (2^128 - 1 base units); allowed with STEP_HOURS = 24: \
             CRC_PER_HOUR <= {LARGEST_DAILY}\n  fix: lower CRC_PER_HOUR to at most {LARGEST_DAILY} (Circles: 1 CRC \
             an hour), or lower STEP_HOURS"
        )
    );
    let shown = SimError::Setup(why).to_string();
    assert!(shown.starts_with("cannot set up the simulation: CRC_PER_HOUR = 340282366920938463463 "), "{shown}");
    assert!(!shown.contains("undefined or overflows"), "{shown}");
}

/// The same check when the parameters are given in code: at the limit the scenario builds (and
/// issues exactly 24 x 14178431955039102644307275309657008810 = 2^128 - 1 - 15 base units a
/// step, to one member who brings no CRC, for one step); one base unit more is the setup
/// error, without an origin.
#[test]
fn the_largest_crc_per_hour_builds_and_one_base_unit_more_does_not() {
    let largest = Wad::parse(LARGEST_DAILY).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(largest.raw(), 14_178_431_955_039_102_644_307_275_309_657_008_810);
    let mut d = DataDaoParams::seed_defaults().unwrap_or_else(|e| panic!("{e}"));
    d.crc_per_hour = largest;
    d.crc_on_joining = Wad::ZERO;
    let sim = build_with(d.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sim.world().resource::<Rules>().crc_per_step, Wad::from_raw(u128::MAX - 15));

    d.crc_per_hour = Wad::from_raw(largest.raw() + 1);
    let why = setup_error(build_with(d));
    assert!(
        why.starts_with("CRC_PER_HOUR = 14178431955039102644.307275309657008811 is too large for STEP_HOURS = 24:"),
        "{why}"
    );
    assert!(why.contains(&format!("allowed with STEP_HOURS = 24: CRC_PER_HOUR <= {LARGEST_DAILY}")), "{why}");
}

/// The limit is on the product: with STEP_HOURS = 1 the same CRC_PER_HOUR is a valid amount per
/// step and a one-step, one-member run that brings no CRC builds; with STEP_HOURS = 2 it is
/// too large, and the limit shown is half the largest amount.
#[test]
fn the_limit_on_crc_per_hour_depends_on_step_hours() {
    let smallest_run = [("TOTAL_STEPS", "1"), ("AGENTS_PER_ENTRY", "1"), ("CRC_ON_JOINING", "0")];
    let one_hour = [&smallest_run[..], &[("CRC_PER_HOUR", TOO_MUCH), ("STEP_HOURS", "1")]].concat();
    assert!(build_from(&settings(&one_hour)).is_ok());
    let why = setup_error(build_from(&settings(&[("CRC_PER_HOUR", TOO_MUCH), ("STEP_HOURS", "2")])));
    assert!(why.starts_with("CRC_PER_HOUR = 340282366920938463463 (from flag --set) is too large for STEP_HOURS = 2:"));
    assert!(
        why.contains("allowed with STEP_HOURS = 2: CRC_PER_HOUR <= 170141183460469231731.687303715884105727"),
        "{why}"
    );
}

/// Reading the keys directly gives the same error as a `ConfigError`, with the key, the value
/// and the origin as parts.
#[test]
fn reading_the_keys_reports_the_overflow_as_a_config_error() {
    let e = DataDaoParams::from_settings(&settings(&[("CRC_PER_HOUR", TOO_MUCH)]), &DEFAULT_USE_CASES)
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    assert_eq!(e.kind(), grassroot_config::ErrorKind::Overflow);
    assert_eq!((e.key(), e.value()), (Some("CRC_PER_HOUR"), Some(TOO_MUCH)));
    assert_eq!(e.origin().map(ToString::to_string).as_deref(), Some("flag --set"));
}

/// What the whole run can issue must fit too: CRC_PER_HOUR = 14178431955039102644 (24 x that is
/// below the largest amount) over the default 2000 steps and 4000 members is far beyond it,
/// and so is the same with one member and two steps (2 x 24 x 1.4 x 10^37 > 3.4 x 10^38);
/// with one member, one step and no CRC brought it builds.
#[test]
fn issuance_over_the_whole_run_beyond_the_largest_amount_is_a_setup_error() {
    let big = ("CRC_PER_HOUR", "14178431955039102644");
    let why = setup_error(build_from(&settings(&[big])));
    assert!(why.starts_with("the CRC this run can issue overflows 2^128 - 1 base units: up to 4000 members"), "{why}");
    assert!(why.contains("\n  fix: lower CRC_PER_HOUR, CRC_ON_JOINING, TOTAL_STEPS or AGENTS_PER_ENTRY"), "{why}");
    let two_steps = [big, ("TOTAL_STEPS", "2"), ("AGENTS_PER_ENTRY", "1"), ("CRC_ON_JOINING", "0")];
    assert!(setup_error(build_from(&settings(&two_steps))).contains("up to 1 members"));
    let one_step = [big, ("TOTAL_STEPS", "1"), ("AGENTS_PER_ENTRY", "1"), ("CRC_ON_JOINING", "0")];
    assert!(build_from(&settings(&one_step)).is_ok());
}
