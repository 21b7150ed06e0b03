//! The Pie per use case: every compute spend is tagged with a use case, and what was spent on
//! use case U is paid only to members who permit U.

use bevy_ecs::entity::Entity;
use bevy_ecs::system::{Local, Query, Res, ResMut};
use grassroot_amm::Wad;
use grassroot_config::PieUse;
use grassroot_sim::{
    Actor, AgentId, Clock, ComputeSpends, Economy, Faults, PieRecipient, Role, Roles, SimRng, Turns, Wallet,
};

use crate::books::PieBooks;
use crate::chance::pick;
use crate::contribution::Contribution;
use crate::policy::PieSplit;
use crate::rules::Rules;
use crate::systems::joining::overflow;
use crate::usecase::Permissions;
use crate::weight::Weighting;

/// Tags each of this step's compute spends, in order, with a use case drawn from the spender
/// role's mix (`<ROLE>_SPENDS_ON_*`; the first use case for a role without dataDAO keys) and
/// books it under that use case. Starts the step's per-use-case flows at zero.
pub fn attribute_spends(
    spends: Res<ComputeSpends>,
    rules: Res<Rules>,
    mut rng: ResMut<SimRng>,
    mut books: ResMut<PieBooks>,
    clock: Res<Clock>,
    mut faults: ResMut<Faults>,
) {
    books.inflow.fill(Wad::ZERO);
    books.paid.fill(Wad::ZERO);
    for &(who, ddt) in spends.iter() {
        let u = rules.role(who.role).map_or(0, |r| pick(&mut rng, &r.use_mix));
        let (Some(balance), Some(inflow)) = (books.balance.get(u), books.inflow.get(u)) else { continue };
        match (balance.checked_add(ddt), inflow.checked_add(ddt)) {
            (Ok(b), Ok(i)) => {
                books.balance[u] = b;
                books.inflow[u] = i;
            }
            _ => {
                faults.report(overflow(clock.step, "The Pie's book of a use case"));
                return;
            }
        }
    }
}

/// A member's weight in its group's split: its Contribution Weight (weighted) or 1 (equal).
fn split_weight(split: PieSplit, weighting: &Weighting, contribution: Option<&Contribution>) -> u128 {
    match split {
        PieSplit::Weighted => contribution.map_or(0, |c| weighting.of(c).raw()),
        PieSplit::Equal => 1,
    }
}

/// What the distribution reads and writes of a Pie recipient.
type Recipient = (
    Entity,
    &'static AgentId,
    &'static Role,
    &'static mut Wallet,
    &'static PieRecipient,
    Option<&'static Contribution>,
    Option<&'static Permissions>,
);

/// Pays out each use case's book separately. For use case U: the budget is
/// `floor(book_U x PIE_PAYOUT_RATE)`; each role's group gets `floor(budget x pie_share)` (40/40/20
/// by default); within the group only members who permit U share it, by
/// `floor(group x weight / total weight)` (`PIE_SPLIT=weighted`) or `floor(group / members)`
/// (`equal`). Each member is paid the sum of its shares once (logged `pie_share`), in its turn
/// ([`Turns::shuffled`]), and sells it at once if its role sells its Pie share. Dust, the shares of groups with
/// no member permitting U, and the unpaid rest stay in U's book.
#[expect(clippy::too_many_arguments, reason = "a system reads every resource it pays from")]
pub fn distribute_by_use_case(
    mut members: Query<Recipient>,
    roles: Res<Roles>,
    rules: Res<Rules>,
    weighting: Res<Weighting>,
    mut books: ResMut<PieBooks>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
    mut scratch: Local<(Vec<Wad>, Vec<u128>, Vec<Wad>)>,
    mut turns: Local<Turns>,
) {
    let n_u = rules.use_cases();
    let rate = economy.pie().payout_rate();
    let (group, totals, shares) = &mut *scratch;
    // group[r * n_u + u]: what role r's members share of use case u's payout.
    group.clear();
    for (_, info) in roles.iter() {
        for u in 0..n_u {
            let budget = books.balance.get(u).map_or(Wad::ZERO, |b| b.mul_frac(rate).unwrap_or(Wad::ZERO));
            group.push(if info.members == 0 {
                Wad::ZERO
            } else {
                budget.mul_frac(info.pie_share).unwrap_or(Wad::ZERO)
            });
        }
    }
    if group.iter().all(|g| g.is_zero()) {
        return;
    }
    let split = rules.params.pie_split;
    totals.clear();
    totals.resize(group.len(), 0);
    for (_, _, role, _, _, contribution, permissions) in members.iter() {
        let Some(permissions) = permissions else { continue };
        let w = split_weight(split, &weighting, contribution);
        for u in (0..n_u).filter(|&u| permissions.permits(u)) {
            let t = &mut totals[role.index() * n_u + u];
            let Some(sum) = t.checked_add(w) else {
                let step = economy.step();
                economy.report_fault(overflow(step, "the total weight of a group in The Pie's split"));
                return;
            };
            *t = sum;
        }
    }
    for &(_, entity) in turns.shuffled(&mut rng, members.iter().map(|m| (*m.1, m.0))) {
        let Ok((_, id, role, mut wallet, recipient, contribution, permissions)) = members.get_mut(entity) else {
            continue;
        };
        let Some(permissions) = permissions else { continue };
        let w = split_weight(split, &weighting, contribution);
        shares.clear();
        shares.resize(n_u, Wad::ZERO);
        let mut amount = Wad::ZERO;
        for u in (0..n_u).filter(|&u| permissions.permits(u)) {
            let i = role.index() * n_u + u;
            let share = match (group.get(i), totals.get(i)) {
                (Some(g), Some(&t)) if t > 0 && w > 0 => g.mul_div(w, t).unwrap_or(Wad::ZERO),
                _ => Wad::ZERO,
            };
            shares[u] = share;
            let Ok(sum) = amount.checked_add(share) else {
                let step = economy.step();
                economy.report_fault(overflow(step, "a member's Pie share"));
                return;
            };
            amount = sum;
        }
        if amount.is_zero() {
            continue;
        }
        let who = Actor::new(id, role);
        if economy.pay_from_pie(who, &mut wallet, amount).is_err() {
            continue;
        }
        for (u, share) in shares.iter().enumerate() {
            books.balance[u] = books.balance[u].saturating_sub(*share);
            let Ok(paid) = books.paid[u].checked_add(*share) else {
                let step = economy.step();
                economy.report_fault(overflow(step, "The Pie's payout of a use case"));
                return;
            };
            books.paid[u] = paid;
        }
        if recipient.share_use == PieUse::Sell {
            let _ = economy.sell_ddt(who, &mut wallet, amount);
        }
    }
}
