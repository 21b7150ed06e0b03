//! Each action's exact effect, by hand, on the small world of `common` (two active users, The
//! Pie keeping 26.25 dDT after the payout of step 1, a pool of 20 dDT / 20 xDAI): the proposal
//! of step 1 passes with both votes and is executed in the governance phase of step 1.

mod common;

use common::{amount, build, count, one_action, rows, small_world, step, wad};
use grassroot_governance::actions::{EXECUTE, GRANT, PROPOSE, VOTE};
use grassroot_governance::{ActionKind, Proposals, Stance, Status};
use grassroot_sim::amm::Wad;
use grassroot_sim::{AgentId, Simulation, Wallet};

/// Runs steps 0 and 1 of the small world with `kind` at `value`; checks the governed balance of
/// step 1, that the one proposal passed with both votes and was executed, and its rows.
fn executed(kind: ActionKind, value: &str, prefers: Stance) -> Simulation {
    let mut sim = build(&small_world(), one_action(kind, value, prefers));
    step(&mut sim);
    assert_eq!(sim.pie().balance(), wad("15"), "step 0 keeps 15");
    step(&mut sim);
    assert_eq!(amount(&sim, "gov_pie_governed"), wad("26.25"), "what The Pie kept after the payout of step 1");
    let p = &sim.world().resource::<Proposals>().all()[0];
    assert_eq!((p.opened, p.closes, p.snapshot_members, p.voters_for, p.voters_against), (1, 1, 2, 2, 0));
    assert_eq!(p.status, Status::Executed);
    assert_eq!((count(&sim, "gov_proposed"), count(&sim, "gov_passed"), count(&sim, "gov_executed")), (1, 1, 1));
    assert_eq!((rows(&sim, PROPOSE).len(), rows(&sim, VOTE).len(), rows(&sim, EXECUTE).len()), (1, 2, 1));
    sim
}

fn wallets(sim: &mut Simulation) -> Vec<Wallet> {
    let world = sim.world_mut();
    let mut q = world.query::<(&AgentId, &Wallet)>();
    let mut v: Vec<_> = q.iter(world).map(|(id, w)| (id.0, *w)).collect();
    v.sort_by_key(|m| m.0);
    v.into_iter().map(|m| m.1).collect()
}

/// burn 0.2: floor(26.25 x 0.2) = 5.25 dDT burned; The Pie keeps 21.
#[test]
fn burn_takes_a_fraction_of_what_the_pie_kept_out_of_the_supply() {
    let sim = executed(ActionKind::Burn, "0.2", Stance::Price);
    assert_eq!(sim.pie().balance(), wad("21"));
    assert_eq!(sim.supply().ddt_burned, wad("5.25"));
    assert_eq!(amount(&sim, "gov_ddt_burned"), wad("5.25"));
    assert_eq!(amount(&sim, "ddt_burned"), wad("5.25"));
}

/// grant 0.2: 5.25 dDT, 2.625 to each member (no Contribution Weight in the seed: one each),
/// logged `grant`; each member held 100 - 20 - 10 + 2.5 + 4.375 = 76.875, now 79.5.
#[test]
fn grant_pays_a_fraction_of_what_the_pie_kept_to_the_members() {
    let mut sim = executed(ActionKind::Grant, "0.2", Stance::Grants);
    assert_eq!(sim.pie().balance(), wad("21"));
    let grants = rows(&sim, GRANT);
    assert_eq!(grants.len(), 2);
    assert!(grants.iter().all(|t| t.ddt.amount == wad("2.625") && !t.ddt.debit && t.after.ddt == wad("79.5")));
    assert_eq!(grants.iter().map(|t| t.agent.0).collect::<Vec<_>>(), [0, 1], "in AgentId order");
    assert_eq!(amount(&sim, "gov_ddt_granted"), wad("5.25"));
    assert!(wallets(&mut sim).iter().all(|w| w.ddt == wad("79.5")));
    assert_eq!(sim.supply().ddt_burned, Wad::ZERO);
}

/// liquidity 0.2: 5.25 dDT into the pool of 20 / 20 (S = 20): the zap sells
/// 2.475919239992130240 dDT for 2.197291691095342383 xDAI and deposits the other
/// 2.774080760007869760 dDT with that xDAI, minting 2.468491482272153848 LP to The Pie. The pool
/// holds 25.25 dDT and 20 xDAI.
#[test]
fn liquidity_turns_a_fraction_of_what_the_pie_kept_into_lp_tokens_it_holds() {
    let sim = executed(ActionKind::Liquidity, "0.2", Stance::Liquidity);
    assert_eq!(sim.pie().balance(), wad("21"));
    assert_eq!(sim.pie().lp(), wad("2.468491482272153848"));
    assert_eq!(amount(&sim, "gov_pie_lp"), wad("2.468491482272153848"));
    assert_eq!((sim.pool().reserve_ddt(), sim.pool().reserve_xdai()), (wad("25.25"), wad("20")));
    assert_eq!(sim.pool().lp_supply(), wad("22.468491482272153848"));
    assert_eq!(amount(&sim, "gov_ddt_to_liquidity"), wad("5.25"));
    // The sale is a trade of the step, with its fee: floor(2.475919239992130240 x 0.003).
    assert_eq!((count(&sim, "trades"), amount(&sim, "fees_ddt")), (1, wad("0.007427757719976390")));
}

/// payout_rate 0.8: from step 2's payout on. Step 2: The Pie holds 26.25 + 20 = 46.25, pays
/// floor(46.25 x 0.8) x 0.5 = 18.5 and keeps 27.75.
#[test]
fn payout_rate_applies_from_the_next_payout() {
    let mut sim = executed(ActionKind::PayoutRate, "0.8", Stance::Payout);
    assert_eq!((sim.pie().payout_rate(), sim.pie().balance()), (wad("0.8"), wad("26.25")));
    assert_eq!(amount(&sim, "gov_payout_rate"), wad("0.8"));
    step(&mut sim);
    assert_eq!(amount(&sim, "pie_paid_out"), wad("18.5"));
    assert_eq!(sim.pie().balance(), wad("27.75"));
}

/// pie_share 0.6 for the active users (their own share, so they vote for it): step 2 pays
/// floor(46.25 x 0.5) x 0.6 = 13.875, 6.9375 each, and keeps 32.375.
#[test]
fn pie_share_applies_from_the_next_payout() {
    let mut sim = executed(ActionKind::PieShare, "0.6", Stance::Payout);
    assert_eq!(amount(&sim, "gov_pie_share_active_user"), wad("0.6"));
    step(&mut sim);
    assert_eq!(amount(&sim, "pie_paid_out"), wad("13.875"));
    assert_eq!(sim.pie().balance(), wad("32.375"));
}

/// Liquidity with no pool to take it (nobody deposits, so the pool never opens) passes but is
/// void when due: The Pie keeps its 26.25 dDT and holds no LP, nothing is logged `execute`.
/// (A Pie share that would make the shares sum above 1 is void the same way: see
/// `Roles::set_pie_share`.)
#[test]
fn an_action_that_cannot_apply_when_due_is_void_and_changes_nothing() {
    let mut params = small_world();
    for a in &mut params.archetypes {
        a.seed_liquidity_ddt = Wad::ZERO;
    }
    let mut sim = build(&params, one_action(ActionKind::Liquidity, "0.2", Stance::Liquidity));
    step(&mut sim);
    step(&mut sim);
    assert!(!sim.pool().is_open());
    let p = &sim.world().resource::<Proposals>().all()[0];
    assert_eq!((p.status, p.voters_for), (Status::Void, 2));
    assert_eq!((count(&sim, "gov_passed"), count(&sim, "gov_executed"), count(&sim, "gov_void")), (1, 0, 1));
    assert_eq!((sim.pie().balance(), sim.pie().lp()), (wad("26.25"), Wad::ZERO));
    assert!(rows(&sim, EXECUTE).is_empty());
}

/// fee 0.001 (down, so liquidity voters favour it): the pool's fee is 1000 ppm for later swaps.
#[test]
fn fee_sets_the_pool_fee() {
    let sim = executed(ActionKind::Fee, "0.001", Stance::Liquidity);
    assert_eq!(sim.pool().fee_ppm(), 1000);
    assert_eq!(amount(&sim, "gov_fee_rate"), wad("0.001"));
}
