//! The engine's per-step books check, on and off. A test plugin changes a wallet behind
//! `Economy`'s back at step 2 — dDT minted into it, xDAI out of thin air, LP tokens vanishing —
//! breaking one of the identities (dDT minted - burned = wallets + pool + The Pie; xDAI endowed
//! = wallets + pool; LP supply = holders + locked minimum + The Pie). With the check on (the default) the
//! run stops after step 2 with an error naming the step, the identity, both sides and the exact
//! difference; with `CHECK_BOOKS=off` the same run completes all its steps, its books off by
//! exactly the tampered amount.
//!
//! The seed scenario, by hand up to step 2 (see `seed_scenario.rs`): entry at step 0 only
//! (every 5 steps), 10 members: 4 degens, 1 organization, 3 active and 2 casual users, agent 0
//! a degen. dDT minted: 100 each for all but the organization = 900, none burned. xDAI
//! endowed: 4 degens x 10 + 1 organization x 1000 = 1040. LP: the 4 degens deposited 10 dDT +
//! 10 xDAI each at 1:1 at step 0, minting 40 LP (1000 base units of it locked); no deposit or
//! withdrawal in steps 1 and 2, so the supply is still 40 and agent 0 holds at least
//! 10 - 0.000000000000001 of it.

use grassroot_config::{Params, Schema, Sources, load};
use grassroot_sim::amm::Wad;
use grassroot_sim::bevy_ecs::system::{Query, Res};
use grassroot_sim::{AgentId, Clock, SeedScenario, SimBuilder, SimError, SimSet, Simulation, Wallet};
use grassroot_testkit::wad;

/// The step at which the plugin tampers.
const AT: u64 = 2;
/// Steps of a run.
const STEPS: u64 = 10;

/// What the test plugin does to agent 0's wallet at step [`AT`].
#[derive(Clone, Copy, Debug)]
enum Tamper {
    /// dDT appears in the wallet without `Economy::mint` (not counted in the supply).
    DdtIn(Wad),
    /// xDAI appears in the wallet without `Economy::endow`.
    XdaiIn(Wad),
    /// LP tokens vanish from the wallet without `Economy::remove_liquidity`.
    LpOut(Wad),
}

/// A plugin whose one system, in the trade phase of step [`AT`], applies `tamper` to agent 0.
fn tampering(tamper: Tamper) -> impl Fn(&mut SimBuilder) + 'static {
    move |sim: &mut SimBuilder| {
        sim.add_systems(SimSet::Trade, move |mut wallets: Query<(&AgentId, &mut Wallet)>, clock: Res<Clock>| {
            if clock.step != AT {
                return;
            }
            for (id, mut w) in &mut wallets {
                if id.0 != 0 {
                    continue;
                }
                let changed = match tamper {
                    Tamper::DdtIn(x) => w.ddt.checked_add(x).map(|v| w.ddt = v),
                    Tamper::XdaiIn(x) => w.xdai.checked_add(x).map(|v| w.xdai = v),
                    Tamper::LpOut(x) => w.lp.checked_sub(x).map(|v| w.lp = v),
                };
                changed.unwrap_or_else(|e| panic!("tampering with agent 0: {e}"));
            }
        });
    }
}

/// The seed scenario's parameters with `pairs` set as by `--set KEY=VALUE` (so CHECK_BOOKS is
/// read as the binary reads it), for [`STEPS`] steps.
fn params(pairs: &[(&str, &str)]) -> Params {
    let mut overrides: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    overrides.push(("TOTAL_STEPS".to_owned(), STEPS.to_string()));
    let settings =
        load(&Schema::seed(), &Sources { overrides, ..Sources::default() }).unwrap_or_else(|e| panic!("{e}"));
    settings.params().unwrap_or_else(|e| panic!("{e}"))
}

/// The seed scenario plus the tampering plugin, run for [`STEPS`] steps or to the first fault.
fn run(pairs: &[(&str, &str)], tamper: Tamper) -> (Simulation, Result<(), SimError>) {
    let p = params(pairs);
    let mut sim = Simulation::builder(&p)
        .with_plugin(SeedScenario::new(&p))
        .with_plugin(tampering(tamper))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let result = sim.run(STEPS);
    (sim, result)
}

/// held - issued for (dDT, xDAI, LP), recomputed from the entities, in base units.
fn imbalance(sim: &mut Simulation) -> (i128, i128, i128) {
    let (ddt, xdai, lp) = {
        let world = sim.world_mut();
        let mut q = world.query::<&Wallet>();
        q.iter(world).fold((0u128, 0u128, 0u128), |(d, x, l), w| (d + w.ddt.raw(), x + w.xdai.raw(), l + w.lp.raw()))
    };
    let signed = |held: u128, issued: u128| {
        i128::try_from(held).unwrap_or(i128::MAX) - i128::try_from(issued).unwrap_or(i128::MAX)
    };
    let (pool, pie, supply) = (sim.pool(), sim.pie(), sim.supply());
    (
        signed(ddt + pool.reserve_ddt().raw() + pie.balance().raw(), supply.ddt_minted.raw() - supply.ddt_burned.raw()),
        signed(xdai + pool.reserve_xdai().raw(), supply.xdai_endowed.raw()),
        signed(lp + pool.locked_lp().raw(), pool.lp_supply().raw()),
    )
}

/// Checks that the run stopped after step [`AT`] with exactly `message`.
fn assert_stopped(sim: &Simulation, result: Result<(), SimError>, message: &str) {
    match result {
        Err(e @ SimError::Books { step: AT, .. }) => assert_eq!(e.to_string(), message),
        other => panic!("expected a books error after step {AT}, got {other:?}"),
    }
    assert_eq!(sim.next_step(), AT + 1, "the run stops at the step that broke the books");
}

/// Checks that the run completed all its steps with the check off, and that the books are off
/// by exactly the tampered amounts (so the check, not a missing tamper, made the difference).
fn assert_completed(mut sim: Simulation, result: Result<(), SimError>, expected: (i128, i128, i128)) {
    assert_eq!(result, Ok(()), "CHECK_BOOKS=off: no books error");
    assert_eq!(sim.next_step(), STEPS);
    assert_eq!(imbalance(&mut sim), expected);
}

/// 5 dDT minted into agent 0 without `Economy`: issued 900, held 905.
#[test]
fn ddt_minted_behind_the_economy_stops_the_run_with_the_difference() {
    let (sim, result) = run(&[], Tamper::DdtIn(wad("5")));
    assert_stopped(
        &sim,
        result,
        "books do not balance after step 2: dDT: minted - burned = wallets + pool + pie: issued 900, held 905 \
         (difference +5)",
    );
}

/// 2.5 xDAI out of thin air into agent 0: endowed 1040, held 1042.5.
#[test]
fn xdai_out_of_thin_air_stops_the_run_with_the_difference() {
    let (sim, result) = run(&[], Tamper::XdaiIn(wad("2.5")));
    assert_stopped(
        &sim,
        result,
        "books do not balance after step 2: xDAI: endowed = wallets + pool: issued 1040, held 1042.5 (difference +2.5)",
    );
}

/// 3 LP vanish from agent 0: supply 40, held by wallets and the locked minimum 37.
#[test]
fn lp_vanishing_from_a_wallet_stops_the_run_with_the_difference() {
    let (sim, result) = run(&[], Tamper::LpOut(wad("3")));
    assert_stopped(
        &sim,
        result,
        "books do not balance after step 2: LP: supply = wallets + locked minimum + pie: issued 40, held 37 (difference -3)",
    );
}

/// The smallest difference is caught too (with CHECK_BOOKS=on given explicitly): one base unit
/// of LP missing, supply 40 against 39.999999999999999999 held.
#[test]
fn one_base_unit_of_lp_missing_is_caught() {
    let (sim, result) = run(&[("CHECK_BOOKS", "on")], Tamper::LpOut(Wad::from_raw(1)));
    assert_stopped(
        &sim,
        result,
        "books do not balance after step 2: LP: supply = wallets + locked minimum + pie: issued 40, held \
         39.999999999999999999 (difference -0.000000000000000001)",
    );
}

/// CHECK_BOOKS=off: each of the three tampered runs completes its 10 steps; the books stay off
/// by +5 dDT, +2.5 xDAI and -3 LP (in base units) to the end.
#[test]
fn check_books_off_lets_every_tampered_run_complete() {
    let off = [("CHECK_BOOKS", "off")];
    let e18 = 1_000_000_000_000_000_000i128;
    let (sim, result) = run(&off, Tamper::DdtIn(wad("5")));
    assert_completed(sim, result, (5 * e18, 0, 0));
    let (sim, result) = run(&off, Tamper::XdaiIn(wad("2.5")));
    assert_completed(sim, result, (0, 5 * e18 / 2, 0));
    let (sim, result) = run(&off, Tamper::LpOut(wad("3")));
    assert_completed(sim, result, (0, 0, -3 * e18));
}

/// Without tampering the same runs complete with the check on and balanced books, so the
/// errors above come from the tampering alone.
#[test]
fn untampered_runs_complete_with_the_check_on() {
    let (sim, result) = run(&[], Tamper::DdtIn(Wad::ZERO));
    assert_completed(sim, result, (0, 0, 0));
}
