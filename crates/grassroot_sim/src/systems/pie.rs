//! Pie distribution: The Pie pays a share of what it holds to its member groups.

use bevy_ecs::system::{Local, Query, Res, ResMut};
use grassroot_amm::Wad;
use grassroot_config::PieUse;

use crate::components::{AgentId, PieRecipient, Role, Wallet};
use crate::economy::{Actor, Economy};
use crate::resources::rng::SimRng;
use crate::resources::roles::Roles;
use crate::turns::{Gathered, StepOrder, Turns, take_turns, write_back};

/// What the payout reads and writes of a member.
type Member = (&'static AgentId, &'static Role, &'static mut Wallet, &'static PieRecipient);

/// A member's part of the payout, gathered into a dense buffer (see [`crate::turns`]): 64
/// bytes, within one cache line's size.
#[derive(Clone, Copy, Debug)]
pub struct Share {
    wallet: Wallet,
    who: Actor,
    sells: bool,
}

const _: () = assert!(size_of::<Share>() <= 64, "a share fits 64 bytes");

/// The Pie pays out `floor(balance * payout_rate)` (70% by default): each role's group gets
/// `floor(payout * pie_share)`, split equally as `floor(group / members)` per member; the
/// integer dust, the share of a group with no members and the unpaid rest stay in The Pie.
/// Members receive in their turns ([`StepOrder::turns`]) and those with [`PieUse::Sell`] sell
/// their share at once.
#[expect(clippy::too_many_arguments, reason = "a system names every resource and buffer it uses")]
pub fn distribute_pie(
    mut members: Query<Member>,
    roles: Res<Roles>,
    order: Res<StepOrder>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
    mut per_member: Local<Vec<Wad>>,
    mut shares: Local<Gathered<Share>>,
    mut turns: Local<Turns<u32>>,
) {
    let budget = economy.pie().payout_budget();
    if budget.is_zero() {
        return;
    }
    per_member_shares(&roles, budget, &mut per_member);
    if per_member.iter().all(|w| w.is_zero()) {
        return;
    }
    shares.clear();
    members.iter().for_each(|(id, role, wallet, recipient)| {
        let sells = recipient.share_use == PieUse::Sell;
        shares.push(*id, Share { wallet: *wallet, who: Actor::new(id, role), sells });
    });
    let turns = order.turns(&mut turns, &mut rng, shares.ids());
    take_turns(turns, shares.entries_mut(), |share| {
        let amount = per_member[share.who.role.index()];
        if !amount.is_zero() {
            receive(share.who, &mut share.wallet, share.sells, amount, &mut economy);
        }
    });
    write_back(members.iter_mut().map(|(_, _, wallet, _)| wallet), shares.entries(), |share| share.wallet);
}

/// One member's payout: credited from The Pie, then sold at once if it `sells` its share.
pub fn receive(who: Actor, wallet: &mut Wallet, sells: bool, amount: Wad, economy: &mut Economy) {
    if economy.pay_from_pie(who, wallet, amount).is_ok() && sells {
        // A refused sale is counted by the market and changes nothing.
        let _ = economy.sell_ddt(who, wallet, amount);
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
