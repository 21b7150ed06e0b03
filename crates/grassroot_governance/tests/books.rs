//! The books with governance on, every step, in both scenarios and under every kind of voting:
//! the engine's (dDT, xDAI, LP with The Pie's protocol-owned LP) and, in the dataDAO, its own
//! (CRC, locking, The Pie per use case) are checked after every step, so each run completing is
//! the test; the end state is checked once more by hand. Proposals every 10 steps, every action
//! on the menu, a low quorum, and voters without preferences (half of them vote, each way at
//! random), so that every kind of action passes now and then.

mod common;

use grassroot_amm::Wad;
use grassroot_config::Params;
use grassroot_datadao::{DataDaoParams, DataDaoScenario, PieBooks};
use grassroot_governance::{GovParams, GovernancePlugin, Proposals, Stance, Status, VoteWeight};
use grassroot_sim::{AgentId, SeedScenario, Simulation, Wallet};

const STEPS: u64 = 400;

fn governance(weight: VoteWeight) -> GovParams {
    let mut g = GovParams::seed_defaults().unwrap_or_else(|e| panic!("{e}"));
    g.weight = weight;
    g.period = 10;
    g.voting_steps = 3;
    g.timelock = 1;
    g.quorum = common::wad("0.02");
    for r in &mut g.roles {
        r.turnout = common::wad("0.5");
        r.prefers = Stance::None;
    }
    g
}

fn params() -> Params {
    let mut p = Params::seed_defaults();
    p.total_steps = STEPS;
    p
}

fn run(datadao: bool, weight: VoteWeight) -> Simulation {
    let p = params();
    let builder = Simulation::builder(&p);
    let builder = if datadao {
        let d = DataDaoParams::seed_defaults().unwrap_or_else(|e| panic!("{e}"));
        builder.with_plugin(DataDaoScenario::with_params(&p, d))
    } else {
        builder.with_plugin(SeedScenario::new(&p))
    };
    let mut sim =
        builder.with_plugin(GovernancePlugin::new(governance(weight))).build().unwrap_or_else(|e| panic!("{e}"));
    sim.run(STEPS).unwrap_or_else(|e| panic!("{datadao} {weight:?}: {e}"));
    sim
}

/// The engine's identities, recomputed from the wallets.
fn assert_books(sim: &mut Simulation) {
    let world = sim.world_mut();
    let mut q = world.query::<(&AgentId, &Wallet)>();
    let (mut ddt, mut xdai, mut lp) = (Wad::ZERO, Wad::ZERO, Wad::ZERO);
    for (_, w) in q.iter(world) {
        ddt = ddt.checked_add(w.ddt).unwrap_or(Wad::MAX);
        xdai = xdai.checked_add(w.xdai).unwrap_or(Wad::MAX);
        lp = lp.checked_add(w.lp).unwrap_or(Wad::MAX);
    }
    let (pool, pie, supply) = (sim.pool(), sim.pie(), sim.supply());
    let sum = |parts: &[Wad]| parts.iter().try_fold(Wad::ZERO, |a, b| a.checked_add(*b)).unwrap_or(Wad::MAX);
    assert_eq!(supply.ddt_minted.saturating_sub(supply.ddt_burned), sum(&[ddt, pool.reserve_ddt(), pie.balance()]));
    assert_eq!(supply.xdai_endowed, sum(&[xdai, pool.reserve_xdai(), pool.fee_account()]));
    assert_eq!(pool.lp_supply(), sum(&[lp, pool.locked_lp(), pie.lp()]));
}

/// Which kinds of action were executed.
fn executed(sim: &Simulation) -> Vec<&'static str> {
    let mut kinds: Vec<&'static str> = sim
        .world()
        .resource::<Proposals>()
        .all()
        .iter()
        .filter(|p| p.status == Status::Executed)
        .map(|p| p.action.kind().name())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds
}

#[test]
fn books_balance_every_step_in_the_seed_scenario_by_tokens_and_by_person() {
    let mut all = Vec::new();
    for weight in [VoteWeight::Tokens, VoteWeight::Person] {
        let mut sim = run(false, weight);
        assert_books(&mut sim);
        assert_eq!(sim.world().resource::<Proposals>().all().len(), 39, "steps 10 to 390");
        all.extend(executed(&sim));
    }
    all.sort_unstable();
    all.dedup();
    assert_eq!(all, ["burn", "fee", "grant", "liquidity", "payout_rate", "pie_share"], "every action ran somewhere");
}

#[test]
fn books_balance_every_step_in_the_datadao_scenario_by_tokens_data_and_person() {
    let mut all = Vec::new();
    for weight in [VoteWeight::Tokens, VoteWeight::Data, VoteWeight::Person] {
        let mut sim = run(true, weight);
        assert_books(&mut sim);
        assert_eq!(sim.world().resource::<PieBooks>().total(), Ok(sim.pie().balance()));
        all.extend(executed(&sim));
    }
    all.sort_unstable();
    all.dedup();
    assert_eq!(all, ["burn", "fee", "grant", "liquidity", "payout_rate", "pie_share"], "every action ran somewhere");
}

/// Same seed, same governed run: the same proposals, votes and outcomes.
#[test]
fn same_seed_gives_the_same_governed_run() {
    let a = run(true, VoteWeight::Data);
    let b = run(true, VoteWeight::Data);
    assert_eq!(a.world().resource::<Proposals>(), b.world().resource::<Proposals>());
    assert_eq!(a.metrics().values(), b.metrics().values());
}
