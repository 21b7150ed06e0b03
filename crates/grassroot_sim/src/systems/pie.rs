//! Pie distribution: The Pie pays a share of what it holds to its member groups.

use bevy_ecs::entity::Entity;
use bevy_ecs::system::{Local, Query, Res, ResMut};
use grassroot_amm::Wad;
use grassroot_config::PieUse;

use crate::components::{AgentId, PieRecipient, Role, Wallet};
use crate::economy::{Actor, Economy};
use crate::original::FloatBalance;
use crate::resources::rng::SimRng;
use crate::resources::roles::Roles;
use crate::systems::spend::follow;
use crate::turns::{StepOrder, Turns};

/// What the payout reads and writes of a member.
type Member = (
    Entity,
    &'static AgentId,
    &'static Role,
    &'static mut Wallet,
    &'static PieRecipient,
    Option<&'static mut FloatBalance>,
);

/// The Pie pays out `floor(balance * payout_rate)` (70% by default): each role's group gets
/// `floor(payout * pie_share)`, split equally as `floor(group / members)` per member; the
/// integer dust, the share of a group with no members and the unpaid rest stay in The Pie.
/// Members receive in their turns ([`StepOrder::turns`]) and those with [`PieUse::Sell`] sell
/// their share at once.
pub fn distribute_pie(
    mut members: Query<Member>,
    roles: Res<Roles>,
    order: Res<StepOrder>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
    mut per_member: Local<Vec<Wad>>,
    mut turns: Local<Turns>,
) {
    let budget = economy.pie().payout_budget();
    if budget.is_zero() {
        return;
    }
    per_member_shares(&roles, budget, &mut per_member);
    if per_member.iter().all(|w| w.is_zero()) {
        return;
    }
    for &(_, entity) in order.turns(&mut turns, &mut rng, members.iter().map(|m| (*m.1, m.0))) {
        let Ok((_, id, role, mut wallet, recipient, mut float)) = members.get_mut(entity) else { continue };
        let amount = per_member[role.index()];
        if amount.is_zero() {
            continue;
        }
        let who = Actor::new(id, role);
        let mut float = float.as_deref_mut();
        let before = wallet.ddt;
        if economy.pay_from_pie(who, &mut wallet, amount).is_err() {
            continue;
        }
        follow(&mut float, before, wallet.ddt);
        if recipient.share_use == PieUse::Sell {
            let before = wallet.ddt;
            if economy.sell_ddt(who, &mut wallet, amount).is_ok() {
                follow(&mut float, before, wallet.ddt);
            }
        }
    }
}

/// Fills `out[role]` with what each member of that role receives from a payout of `budget`.
pub fn per_member_shares(roles: &Roles, budget: Wad, out: &mut Vec<Wad>) {
    out.clear();
    out.extend(roles.iter().map(|(_, info)| {
        if info.members == 0 || info.pie_share.is_zero() {
            return Wad::ZERO;
        }
        let group = budget.mul_frac(info.pie_share).unwrap_or(Wad::ZERO);
        Wad::from_raw(group.raw() / u128::from(info.members))
    }));
}
