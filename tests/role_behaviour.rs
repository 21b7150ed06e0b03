//! A new per-role behaviour with its own key, in this one file, through the program's own
//! path (`App`: flags, layers, validation, the scenario's archetypes, outputs).
//!
//! `Burning` declares `<ROLE>_BURN_PER_STEP` (off by default), the component its members
//! carry, and the system that acts on it; `App::behaviour(Burning)` is the one line that adds
//! it. See: #22.

mod support;

use std::path::Path;

use grassroot::AppError;
use grassroot::prelude::*;
use support::{Table, read};

/// The behaviour's key suffix: `CASUAL_USER_BURN_PER_STEP`, ...
const BURN_PER_STEP: &str = "BURN_PER_STEP";

/// The log's name for a burn.
const BURN: Action = Action::new("burn");

/// Burns up to `per_step` dDT of its own each step (what it holds, if less).
#[derive(Component, Clone, Copy, Debug)]
struct Burner {
    per_step: Wad,
}

/// Members burn dDT every step, after The Pie's payout.
struct Burning;

impl RoleBehaviour for Burning {
    fn keys(&self) -> Vec<RoleKey> {
        vec![RoleKey::new(
            BURN_PER_STEP,
            Kind::amount(),
            "0",
            "dDT each member burns per step, after The Pie's payout (what it holds, if less); 0 = never.",
        )]
    }

    fn build(&self, sim: &mut SimBuilder) {
        sim.add_systems(SimSet::Governance, burn);
    }

    fn attach(&self, role: RoleValues<'_>, sim: &mut SimBuilder) -> Result<(), ConfigError> {
        let per_step = role.wad(BURN_PER_STEP)?;
        if per_step > Wad::ZERO {
            sim.add_bundle(role.role(), Burner { per_step });
        }
        Ok(())
    }
}

/// Each burner, in `AgentId` order, burns its step's dDT through `Economy`.
fn burn(mut economy: Economy, mut burners: Query<(Entity, &AgentId, &Role, &mut Wallet, &Burner)>) {
    let mut order: Vec<(AgentId, Entity)> = burners.iter().map(|(e, id, ..)| (*id, e)).collect();
    order.sort_unstable();
    for (_, entity) in order {
        let Ok((_, id, role, mut wallet, burner)) = burners.get_mut(entity) else { continue };
        let ddt = burner.per_step.min(wallet.ddt);
        if ddt > Wad::ZERO
            && let Err(e) = economy.burn(Actor::new(id, role), &mut wallet, ddt, BURN)
        {
            panic!("a burn within the wallet cannot fail: {e}");
        }
    }
}

fn run(app: &App, out: &Path, set: &[&str]) -> Result<Table, AppError> {
    let args = RunArgs {
        steps: Some("20".to_owned()),
        out: Some(out.display().to_string()),
        set: set.iter().map(|s| (*s).to_owned()).chain(["PLOT=off".to_owned()]).collect(),
        no_env_file: true,
        quiet: true,
        ..RunArgs::default()
    };
    app.run(&args)?;
    Ok(Table::read(&out.join("simulation_data.csv")))
}

fn wad(text: &str) -> Wad {
    Wad::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn the_behaviours_key_is_listed_for_every_role_and_off_changes_nothing() {
    let app = App::seed().behaviour(Burning).role("whale", "Whales.", &RoleDefaults::default());
    let listed = app.listed_schema().env_example();
    for role in ["DEGEN_USER", "ORGANIZATION", "POWER_USER", "ACTIVE_USER", "CASUAL_USER", "WHALE"] {
        assert!(listed.contains(&format!("\n{role}_BURN_PER_STEP=0\n")), "{role}: {listed}");
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let plain = run(&App::seed(), &dir.path().join("plain"), &[]).unwrap_or_else(|e| panic!("{e}"));
    let off = run(&App::seed().behaviour(Burning), &dir.path().join("off"), &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(off.rows, plain.rows, "the behaviour turned off by its default changes no value");
    assert_eq!(
        read(&dir.path().join("off/transaction_history.csv")),
        read(&dir.path().join("plain/transaction_history.csv"))
    );
}

#[test]
fn a_role_turns_the_behaviour_on_with_its_key() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let app = App::seed().behaviour(Burning);
    let data = run(&app, dir.path(), &["CASUAL_USER_BURN_PER_STEP=0.05"]).unwrap_or_else(|e| panic!("{e}"));
    // Casual users start with 100 dDT and part with about 1 dDT a step, so in 20 steps each
    // burns its 0.05 at every step from the one it joins: ddt_burned after step s is
    // 0.05 x the sum of the casual users' head counts over steps 0..=s.
    let mut member_steps = 0_u128;
    for row in &data.rows {
        member_steps += u128::from(data.cell(row, "agents_casual_user").parse::<u32>().unwrap_or(0));
        let expected = Wad::from_raw(wad("0.05").raw() * member_steps);
        assert_eq!(wad(data.cell(row, "ddt_burned")), expected, "step {}", data.cell(row, "step"));
    }
    assert!(member_steps >= 20, "casual users joined: {member_steps} member-steps");
    let txs = Table::read(&dir.path().join("transaction_history.csv"));
    let burns: Vec<&Vec<String>> = txs.rows.iter().filter(|r| txs.cell(r, "action") == "burn").collect();
    assert_eq!(burns.len() as u128, member_steps, "one burn per casual member and step");
    assert!(burns.iter().all(|r| txs.cell(r, "role") == "casual_user" && txs.cell(r, "ddt") == "-0.05"));
}

#[test]
fn a_bad_value_of_the_behaviours_key_is_refused_with_the_others() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let app = App::seed().behaviour(Burning);
    let err = match run(&app, dir.path(), &["WHALE_BURN_PER_STEP=1", "CASUAL_USER_BURN_PER_STEP=-1", "FEE_RATE=2"]) {
        Err(AppError::Config(e)) => e,
        Err(other) => panic!("not a configuration error: {other}"),
        Ok(_) => panic!("bad values were accepted"),
    };
    // An unknown key stops the reading of the layers; without it, both bad values are named.
    assert_eq!(err.key(), Some("WHALE_BURN_PER_STEP"), "{err}");
    let err = match run(&app, dir.path(), &["CASUAL_USER_BURN_PER_STEP=-1", "FEE_RATE=2"]) {
        Err(AppError::Config(e)) => e,
        Err(other) => panic!("not a configuration error: {other}"),
        Ok(_) => panic!("bad values were accepted"),
    };
    let parts: Vec<(Option<&str>, Option<&str>)> =
        err.errors().map(|d| (d.key.as_deref(), d.value.as_deref())).collect();
    assert_eq!(parts, [(Some("FEE_RATE"), Some("2")), (Some("CASUAL_USER_BURN_PER_STEP"), Some("-1"))], "{err}");
    let burn = err.errors().nth(1).unwrap_or_else(|| panic!("two errors"));
    assert_eq!(burn.allowed.as_deref(), Some("amounts >= 0 with at most 18 decimals, e.g. 100 or 0.5"));
    assert!(burn.fix.as_deref().is_some_and(|f| f.starts_with("change the --set flag")), "{err}");
    assert!(!dir.path().join("simulation_data.csv").exists(), "nothing is written");
}
