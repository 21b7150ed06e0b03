//! A grant in the dataDAO, by hand: paid by Contribution Weight, voted by it, and taken out of
//! The Pie's use-case books in proportion.
//!
//! One power user (100 KB at quality 0.5: weight 50) and one active user (200 KB at 0.5: weight
//! 100) join at step 0, lock their caps (50 and 100 CRC) for as many dDT, and spend 10 dDT a
//! step; no role has a Pie share, so The Pie keeps all: 20 after step 0, 40 after step 1. The
//! grant of 0.3 at step 1 pays A = 12: floor(12 x 50 / 150) = 4 and floor(12 x 100 / 150) = 8.

mod common;

use common::{count, rows, step, wad};
use grassroot_amm::Wad;
use grassroot_config::Params;
use grassroot_datadao::{DataDaoParams, DataDaoScenario, LockPolicy, PieBooks};
use grassroot_governance::actions::GRANT;
use grassroot_governance::{ActionKind, GovernancePlugin, Proposals, Stance, VoteWeight};
use grassroot_sim::Simulation;

fn world() -> Simulation {
    let mut p = Params::seed_defaults();
    p.agents_per_entry = 2;
    p.entry_steps = 1_000_000;
    p.total_steps = 5;
    p.tx_log = true;
    for a in &mut p.archetypes {
        let member = a.role == "power_user" || a.role == "active_user";
        a.share = if member { wad("0.5") } else { Wad::ZERO };
        a.spend_per_step = wad("10");
        a.buys_shortfall = false;
        a.partial = true;
        a.sell_per_step = Wad::ZERO;
        a.dumps_ddt = false;
        a.seed_liquidity_ddt = Wad::ZERO;
        a.pie_share = Wad::ZERO;
    }
    let mut d = DataDaoParams::seed_defaults().unwrap_or_else(|e| panic!("{e}"));
    for r in &mut d.roles {
        r.first_contribution = wad(if r.role == "power_user" { "100" } else { "200" });
        r.quality_min = wad("0.5");
        r.quality_max = wad("0.5");
        r.contribution_chance = Wad::ZERO;
        r.withdraw_chance = Wad::ZERO;
        r.lock = LockPolicy::All;
        r.redeem_below_price = None;
    }
    let mut g = common::one_action(ActionKind::Grant, "0.3", Stance::Grants);
    g.weight = VoteWeight::Data;
    if let Some(r) = g.role_mut("power_user") {
        r.turnout = Wad::ONE;
        r.prefers = Stance::Grants;
        r.conviction = Wad::ONE;
    }
    Simulation::builder(&p)
        .with_plugin(DataDaoScenario::with_params(&p, d))
        .with_plugin(GovernancePlugin::new(g))
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_datadao_grant_is_paid_and_voted_by_contribution_weight() {
    let mut sim = world();
    step(&mut sim);
    assert_eq!(sim.pie().balance(), wad("20"));
    step(&mut sim);
    let p = &sim.world().resource::<Proposals>().all()[0];
    assert_eq!((p.snapshot_power, p.power_for, p.voters_for), (wad("150"), wad("150"), 2), "weights 50 and 100");
    let grants = rows(&sim, GRANT);
    let paid: Vec<(String, Wad)> = grants.iter().map(|t| (sim.roles().name(t.role).to_owned(), t.ddt.amount)).collect();
    assert_eq!(paid, [("power_user".to_owned(), wad("4")), ("active_user".to_owned(), wad("8"))]);
    assert_eq!(sim.pie().balance(), wad("28"));
    assert_eq!(sim.world().resource::<PieBooks>().total(), Ok(wad("28")), "the use-case books gave up 12");
    assert_eq!(count(&sim, "gov_executed_grant"), 1);
}
