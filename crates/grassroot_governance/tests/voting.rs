//! The voting rules on the small world of `common`: a proposal that fails its quorum changes
//! nothing; the timelock and the snapshot behave as stated; a vote moves no token.

mod common;

use common::{amount, build, build_without, count, one_action, rows, small_world, step, wad};
use grassroot_governance::actions::{EXECUTE, VOTE};
use grassroot_governance::{ActionKind, Proposals, Rejection, Stance, Status, VoteWeight};
use grassroot_sim::amm::Wad;
use grassroot_sim::{AgentId, Simulation, Value, Wallet};

/// Every column of the last step that is not governance's.
fn engine_columns(sim: &Simulation) -> Vec<(String, Value)> {
    let row = sim.metrics();
    row.names().iter().zip(row.values()).filter(|(n, _)| !n.starts_with("gov_")).map(|(n, v)| (n.clone(), *v)).collect()
}

/// Nobody votes, so every proposal (one a step, a burn of half The Pie) fails its quorum of
/// 10%: after each of 10 steps every column but governance's is exactly as without governance.
#[test]
fn a_proposal_that_fails_its_quorum_changes_nothing() {
    let params = small_world();
    let mut gov = one_action(ActionKind::Burn, "0.5", Stance::Price);
    gov.quorum = wad("0.1");
    gov.roles.iter_mut().for_each(|r| r.turnout = Wad::ZERO);
    let mut with = build(&params, gov);
    let mut without = build_without(&params);
    for s in 0..10 {
        step(&mut with);
        step(&mut without);
        assert_eq!(engine_columns(&with), engine_columns(&without), "step {s}");
    }
    let proposals = with.world().resource::<Proposals>().all();
    assert_eq!(proposals.len(), 9, "steps 1 to 9");
    assert!(proposals.iter().all(|p| p.status == Status::Rejected(Rejection::Quorum) && p.power_cast().is_zero()));
    assert_eq!((count(&with, "gov_rejected"), count(&with, "gov_executed")), (9, 0));
    assert_eq!(with.supply().ddt_burned, Wad::ZERO);
}

/// Every 5 steps, 3 voting steps, a timelock of 2: the proposal of step 5 is open in steps 5, 6
/// and 7, closes after the votes of step 7 and lowers the fee in the governance phase of step 9.
#[test]
fn the_timelock_delays_execution_by_its_steps_after_the_last_vote() {
    let mut params = small_world();
    params.total_steps = 12;
    let mut gov = one_action(ActionKind::Fee, "0.001", Stance::Liquidity);
    gov.period = 5;
    gov.voting_steps = 3;
    gov.timelock = 2;
    let mut sim = build(&params, gov);
    let mut votes = 0;
    for s in 0..12u64 {
        step(&mut sim);
        votes += rows(&sim, VOTE).len();
        let open = count(&sim, "gov_proposals_open");
        assert_eq!(open, u64::from((5..=6).contains(&s) || s == 10 || s == 11), "open after step {s}");
        let fee = amount(&sim, "gov_fee_rate");
        assert_eq!(fee, if s >= 9 { wad("0.001") } else { wad("0.003") }, "fee after step {s}");
        assert_eq!(rows(&sim, EXECUTE).len(), usize::from(s == 9), "execute rows of step {s}");
        if s == 7 {
            assert_eq!((votes, count(&sim, "gov_passed")), (2, 1), "both voted by the last voting step");
            assert_eq!(sim.world().resource::<Proposals>().all()[0].status, Status::Passed { execute_at: 9 });
        }
    }
    assert_eq!(sim.pool().fee_ppm(), 1000);
}

fn wallets(sim: &mut Simulation) -> Vec<(u32, Wallet)> {
    let world = sim.world_mut();
    let mut q = world.query::<(&AgentId, &Wallet)>();
    let mut v: Vec<_> = q.iter(world).map(|(id, w)| (id.0, *w)).collect();
    v.sort_by_key(|m| m.0);
    v
}

/// Voting by tokens: the power of a proposal opened at step 5 is each member's dDT at step 5's
/// governance phase. The members spend and receive dDT during the voting steps and two more
/// join at step 6; the vote still counts the snapshot's dDT of the two members present then.
#[test]
fn the_snapshot_fixes_power_and_members_at_the_opening_step() {
    let mut params = small_world();
    params.entry_steps = 6;
    params.total_steps = 8;
    let mut gov = one_action(ActionKind::Burn, "0.1", Stance::Price);
    gov.weight = VoteWeight::Tokens;
    gov.period = 5;
    gov.voting_steps = 3;
    let mut sim = build(&params, gov);
    for _ in 0..6 {
        step(&mut sim);
    }
    let at_snapshot = wallets(&mut sim);
    assert_eq!(at_snapshot.len(), 2);
    let held = at_snapshot.iter().try_fold(Wad::ZERO, |acc, (_, w)| acc.checked_add(w.ddt)).unwrap_or(Wad::MAX);
    {
        let p = &sim.world().resource::<Proposals>().all()[0];
        assert_eq!((p.opened, p.snapshot_members, p.snapshot_power), (5, 2, held));
        assert!(p.ballots.iter().all(|b| at_snapshot.iter().any(|(id, w)| b.voter.id.0 == *id && b.power == w.ddt)));
    }
    step(&mut sim);
    step(&mut sim);
    let now = wallets(&mut sim);
    assert_eq!(now.len(), 4, "two more joined at step 6");
    assert!(now[..2].iter().zip(&at_snapshot).all(|(a, b)| a.1.ddt != b.1.ddt), "their dDT moved since");
    let p = &sim.world().resource::<Proposals>().all()[0];
    assert_eq!((p.voters_for + p.voters_against, p.power_cast()), (2, held));
    assert_eq!(p.status, Status::Executed);
}

/// A vote's row moves nothing and shows the voter's wallet as it is; with the log off, the
/// votes still count.
#[test]
fn a_vote_moves_no_token_and_counts_with_the_log_off() {
    let mut sim = build(&small_world(), one_action(ActionKind::Burn, "0.2", Stance::Price));
    step(&mut sim);
    step(&mut sim);
    let votes = rows(&sim, VOTE);
    let now = wallets(&mut sim);
    assert_eq!(votes.len(), 2);
    for v in &votes {
        assert!(v.ddt.amount.is_zero() && v.xdai.amount.is_zero() && v.lp.amount.is_zero());
        assert!(now.iter().any(|(id, w)| *id == v.agent.0 && *w == v.after));
    }
    let mut quiet = small_world();
    quiet.tx_log = false;
    let mut sim = build(&quiet, one_action(ActionKind::Burn, "0.2", Stance::Price));
    step(&mut sim);
    step(&mut sim);
    assert!(sim.transactions().is_empty());
    assert_eq!((count(&sim, "gov_voters_for"), count(&sim, "gov_executed")), (2, 1));
    assert_eq!(amount(&sim, "gov_votes_for"), wad("2"), "one per person");
}
