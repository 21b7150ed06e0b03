//! Small worlds for governance's tests: two active users who join at step 0, spend 10 dDT a
//! step, open the pool with 10 dDT + 10 xDAI each and keep their Pie share, and governance
//! that proposes one action with one value every step, decided by the votes of step 1.

#![allow(dead_code, reason = "each test file uses a different part of these helpers")]

use grassroot_amm::Wad;
use grassroot_config::{DepositRule, Params, PieUse};
use grassroot_governance::{ActionKind, Bounds, GovParams, GovernancePlugin, Stance, VoteWeight};
use grassroot_sim::{Action, SeedScenario, Simulation, Tx, Value};

pub use grassroot_testkit::wad;

/// The seed's parameters with two active users only, joining at step 0: each starts with 100
/// dDT and 10 xDAI, spends 10 dDT a step, deposits 10 dDT + 10 xDAI as a pair when it joins, and
/// keeps its share of The Pie, which pays out half its balance to them (Pie share 0.5).
///
/// By hand: step 0 spends 20 into The Pie, the pool opens at 20 dDT / 20 xDAI (LP supply 20),
/// the payout is floor(20 x 0.5) x 0.5 = 5 (2.5 each), The Pie keeps 15; step 1 spends 20 more,
/// pays out floor(35 x 0.5) x 0.5 = 8.75 and keeps 26.25: the governed balance of step 1.
pub fn small_world() -> Params {
    let mut p = Params::seed_defaults();
    p.agents_per_entry = 2;
    p.entry_steps = 1_000_000;
    p.total_steps = 10;
    p.pie_payout_rate = wad("0.5");
    p.tx_log = true;
    for a in &mut p.archetypes {
        let active = a.role == "active_user";
        a.share = if active { Wad::ONE } else { Wad::ZERO };
        a.initial_ddt = wad("100");
        a.initial_xdai = wad("10");
        a.spend_per_step = wad("10");
        a.buys_shortfall = false;
        a.partial = true;
        a.sell_per_step = Wad::ZERO;
        a.dumps_ddt = false;
        a.seed_liquidity_ddt = wad("10");
        a.seed_liquidity_xdai = wad("10");
        a.deposit = DepositRule::Pair;
        a.pie_share = if active { wad("0.5") } else { Wad::ZERO };
        a.pie_use = PieUse::Keep;
    }
    p
}

/// Governance that proposes `kind` with its one value (`value` for every bound) every step, one
/// voting step, no timelock, no quorum, threshold 0: the active users vote, all of them, one vote
/// each, for it when `prefers` favours it (conviction 1).
pub fn one_action(kind: ActionKind, value: &str, prefers: Stance) -> GovParams {
    let mut g = GovParams::seed_defaults().unwrap_or_else(|e| panic!("{e}"));
    g.weight = VoteWeight::Person;
    g.period = 1;
    g.voting_steps = 1;
    g.timelock = 0;
    g.quorum = Wad::ZERO;
    g.threshold = Wad::ZERO;
    g.actions = vec![kind];
    let v = wad(value);
    let ppm = u32::try_from(v.raw() / 1_000_000_000_000).unwrap_or(0);
    g.spend = Bounds { min: v, max: v };
    g.payout_rate = Bounds { min: v, max: v };
    g.pie_share = Bounds { min: v, max: v };
    g.fee_ppm = Bounds { min: ppm, max: ppm };
    for r in &mut g.roles {
        r.turnout = Wad::ZERO;
    }
    if let Some(r) = g.role_mut("active_user") {
        r.turnout = Wad::ONE;
        r.prefers = prefers;
        r.conviction = Wad::ONE;
    }
    g
}

/// The seed scenario on `params` with governance `gov`.
pub fn build(params: &Params, gov: GovParams) -> Simulation {
    Simulation::builder(params)
        .with_plugin(SeedScenario::new(params))
        .with_plugin(GovernancePlugin::new(gov))
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The seed scenario on `params` without governance.
pub fn build_without(params: &Params) -> Simulation {
    Simulation::builder(params).with_plugin(SeedScenario::new(params)).build().unwrap_or_else(|e| panic!("{e}"))
}

/// A column of the last step, as an amount (zero if empty or not an amount).
pub fn amount(sim: &Simulation, column: &str) -> Wad {
    match sim.metrics().get(column) {
        Some(Value::Wad(w)) => w,
        _ => Wad::ZERO,
    }
}

/// A column of the last step, as a count.
pub fn count(sim: &Simulation, column: &str) -> u64 {
    match sim.metrics().get(column) {
        Some(Value::Int(n)) => n,
        _ => u64::MAX,
    }
}

/// The last step's transactions of `action`.
pub fn rows(sim: &Simulation, action: Action) -> Vec<Tx> {
    sim.transactions().iter().filter(|t| t.action == action).copied().collect()
}

/// Steps `sim` once, panicking on a fault.
pub fn step(sim: &mut Simulation) {
    sim.step().unwrap_or_else(|e| panic!("{e}"));
}
