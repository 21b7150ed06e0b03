//! The original's Pie payouts: to nobody (its defect), or to the member groups as the
//! engine's with each member's float balance following its payout and sale.

use bevy_ecs::entity::Entity;
use bevy_ecs::system::{Local, Query, Res, ResMut};
use grassroot_amm::Wad;
use grassroot_config::PieUse;
use grassroot_sim::systems::pie::per_member_shares;
use grassroot_sim::{Actor, AgentId, Economy, PieRecipient, Role, Roles, SimRng, StepOrder, Turns, Wallet};

use crate::components::{FloatBalance, follow};
use crate::economy::OriginalEconomy;

/// Deducts this step's payout, `floor(balance x PIE_PAYOUT_RATE)`, from The Pie and pays
/// nobody ([`OriginalEconomy::pay_pie_to_nobody`]).
pub fn pay_pie_to_nobody(mut economy: Economy) {
    let budget = economy.pie().payout_budget();
    if !budget.is_zero() {
        // Cannot fail: the budget is at most the balance.
        let _ = economy.pay_pie_to_nobody(budget);
    }
}

/// What the payout reads and writes of a member.
type Member = (
    Entity,
    &'static AgentId,
    &'static Role,
    &'static mut Wallet,
    &'static PieRecipient,
    Option<&'static mut FloatBalance>,
);

/// The engine's payout (`distribute_pie`: each role's group gets its Pie share of the budget,
/// split equally among its members, in their turns by [`StepOrder`]), with each member's float
/// balance following what it receives and sells.
pub fn distribute_pie_following_floats(
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
        let (who, mut float) = (Actor::new(id, role), float.as_deref_mut());
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
