//! The Pie per use case: what was spent on use case U goes only to members who permit U, split
//! by Contribution Weight or equally, still by group shares (40/40/20) and 70% paid out.
//!
//! Worlds of 2-3 members who join at step 0, each first contributing 200 KB at quality exactly
//! 0.5 (weight 100) and locking 100 CRC for 100 dDT on joining (LOCK_POLICY=fraction with
//! fraction 0: nothing after joining). Power users spend 2 dDT a step, all tagged `research`
//! (use case 0). PIE_PAYOUT_RATE = 0.7, power users' Pie share 0.4, casual users' 0.2.

mod common;

use common::{build, datadao, members, one_role, role_mut, wad};
use grassroot_amm::Wad;
use grassroot_config::Params;
use grassroot_datadao::{Contribution, DataDaoParams, LockPolicy, Permissions, PieBooks, PieSplit};
use grassroot_sim::bevy_ecs::world::World;
use grassroot_sim::{AgentId, Simulation, Value};

const POWER: &str = "power_user";

/// `members` power users who spend 2 dDT a step on research and permit research (only).
fn power_world(members: u64, split: PieSplit) -> Simulation {
    let mut params = one_role(POWER, members);
    spend(&mut params, POWER, "2");
    let mut d = datadao(POWER, "200", "0.5", LockPolicy::Fraction(Wad::ZERO), "120");
    d.pie_split = split;
    research_only(&mut d, POWER);
    build(&params, d)
}

fn spend(params: &mut Params, role: &str, per_step: &str) {
    for a in params.archetypes.iter_mut().filter(|a| a.role == role) {
        a.spend_per_step = wad(per_step);
    }
}

/// Members of `role` permit research for sure and nothing else; they spend only on research.
fn research_only(d: &mut DataDaoParams, role: &str) {
    let r = role_mut(d, role);
    r.permit_chances = vec![Wad::ONE, Wad::ZERO, Wad::ZERO];
    r.use_mix = vec![Wad::ONE, Wad::ZERO, Wad::ZERO];
}

fn set_quantity(world: &mut World, agent: u32, kb: &str) {
    let mut q = world.query::<(&AgentId, &mut Contribution)>();
    for (id, mut c) in q.iter_mut(world) {
        if id.0 == agent {
            c.quantity = wad(kb);
        }
    }
}

fn set_permissions(world: &mut World, agent: u32, permitted: &[usize]) {
    let mut q = world.query::<(&AgentId, &mut Permissions)>();
    for (id, mut p) in q.iter_mut(world) {
        if id.0 == agent {
            *p = Permissions::only(permitted);
        }
    }
}

fn ddt(sim: &mut Simulation) -> Vec<Wad> {
    members(sim.world_mut()).iter().map(|m| m.1.ddt).collect()
}

fn step(sim: &mut Simulation) {
    sim.step().unwrap_or_else(|e| panic!("{e}"));
}

/// Step 0: three members spend 2 each, so research's book holds 6; the payout is
/// floor(6 x 0.7) = 4.2, the power users' group gets floor(4.2 x 0.4) = 1.68, and their equal
/// weights (100 each) give 0.56 each: 100 - 2 + 0.56 = 98.56. The book keeps 6 - 1.68 = 4.32.
///
/// Then member 0 keeps 100 KB (weight 50), member 1 grows to 300 KB (weight 150), and member 2
/// permits only commercial. Step 1: the book holds 4.32 + 6 = 10.32; the payout is
/// floor(10.32 x 0.7) = 7.224, the group's floor(7.224 x 0.4) = 2.8896, shared by members 0 and
/// 1 only (total weight 200): floor(2.8896 x 50/200) = 0.7224 and floor(2.8896 x 150/200) =
/// 2.1672. Wallets: 98.56 - 2 + share = 97.2824, 98.7272, and 96.56 for member 2, which denies
/// research and gets nothing. The book keeps 10.32 - 2.8896 = 7.4304.
#[test]
fn weighted_split_pays_by_contribution_weight_to_members_who_permit_the_use_case() {
    let mut sim = power_world(3, PieSplit::Weighted);
    step(&mut sim);
    assert_eq!(ddt(&mut sim), ["98.56", "98.56", "98.56"].map(wad));
    assert_eq!(sim.world().resource::<PieBooks>().balance, ["4.32", "0", "0"].map(wad));
    set_quantity(sim.world_mut(), 0, "100");
    set_quantity(sim.world_mut(), 1, "300");
    set_permissions(sim.world_mut(), 2, &[1]);
    step(&mut sim);
    assert_eq!(ddt(&mut sim), ["97.2824", "98.7272", "96.56"].map(wad));
    let books = sim.world().resource::<PieBooks>();
    assert_eq!(books.balance, ["7.4304", "0", "0"].map(wad));
    assert_eq!(books.paid, ["2.8896", "0", "0"].map(wad));
    assert_eq!(sim.pie().balance(), wad("7.4304"));
    assert_eq!(sim.metrics().get("pie_paid_research"), Some(Value::Wad(wad("2.8896"))));
}

/// The same world with PIE_SPLIT=equal: step 1's 2.8896 goes half and half to members 0 and 1,
/// floor(2.8896 / 2) = 1.4448 each, whatever their weights: 98.56 - 2 + 1.4448 = 98.0048;
/// member 2 still gets nothing.
#[test]
fn equal_split_pays_members_who_permit_the_use_case_alike() {
    let mut sim = power_world(3, PieSplit::Equal);
    step(&mut sim);
    set_quantity(sim.world_mut(), 0, "100");
    set_quantity(sim.world_mut(), 1, "300");
    set_permissions(sim.world_mut(), 2, &[1]);
    step(&mut sim);
    assert_eq!(ddt(&mut sim), ["98.0048", "98.0048", "96.56"].map(wad));
}

/// Two members; after step 0 member 1 permits commercial and training but not research. In
/// step 1 everything spent is research's, so member 1 receives nothing at all (no `pie_share`
/// row), while member 0 takes the group's whole share: the book holds (4 - 1.12) + 4 = 6.88,
/// the payout floor(6.88 x 0.7) = 4.816, the group's floor(4.816 x 0.4) = 1.9264.
#[test]
fn a_member_who_denies_a_use_case_receives_nothing_from_its_spending() {
    let mut sim = power_world(2, PieSplit::Weighted);
    step(&mut sim);
    // Step 0: book 4, payout 2.8, group 1.12, 0.56 each.
    assert_eq!(ddt(&mut sim), ["98.56", "98.56"].map(wad));
    set_permissions(sim.world_mut(), 1, &[1, 2]);
    step(&mut sim);
    assert_eq!(ddt(&mut sim), [wad("98.4864"), wad("96.56")]);
    let paid: Vec<u32> =
        sim.transactions().iter().filter(|t| t.action.name() == "pie_share").map(|t| t.agent.0).collect();
    assert_eq!(paid, [0]);
}

/// Groups keep their shares: one power user (0.4) spends 2 on research and one casual user
/// (0.2, spends nothing) also permits research. Step 0: book 2, payout floor(2 x 0.7) = 1.4;
/// power group floor(1.4 x 0.4) = 0.56, casual group floor(1.4 x 0.2) = 0.28; the active
/// users' 0.4 has no members and stays, as does the 30% not paid out: the book keeps
/// 2 - 0.84 = 1.16. (The casual user would sell its share; the pool is not open, so it keeps it.)
#[test]
fn groups_keep_their_pie_shares() {
    let mut params = one_role(POWER, 2);
    for a in &mut params.archetypes {
        a.share = if a.role == POWER || a.role == "casual_user" { wad("0.5") } else { Wad::ZERO };
    }
    spend(&mut params, POWER, "2");
    let mut d = datadao(POWER, "200", "0.5", LockPolicy::Fraction(Wad::ZERO), "120");
    research_only(&mut d, POWER);
    let casual = role_mut(&mut d, "casual_user");
    casual.first_contribution = wad("200");
    casual.quality_min = wad("0.5");
    casual.quality_max = wad("0.5");
    casual.contribution_chance = Wad::ZERO;
    casual.withdraw_chance = Wad::ZERO;
    research_only(&mut d, "casual_user");
    let mut sim = build(&params, d);
    step(&mut sim);
    let m = members(sim.world_mut());
    assert_eq!(m.len(), 2);
    let by_role: Vec<Wad> = m.iter().map(|m| m.1.ddt).collect();
    // Agent 0 is the power user (the first role furthest below its share), agent 1 casual.
    assert_eq!(by_role, [wad("98.56"), wad("100.28")]);
    assert_eq!(sim.world().resource::<PieBooks>().balance[0], wad("1.16"));
}
