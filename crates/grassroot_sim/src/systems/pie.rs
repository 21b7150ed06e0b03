//! Pie distribution: The Pie pays a share of what it holds to its member groups.

use bevy_ecs::system::{Local, Query, Res, ResMut};
use grassroot_amm::Wad;
use grassroot_config::PieUse;

use crate::components::{AgentId, PieRecipient, Role, Wallet};
use crate::economy::{Actor, Economy};
use crate::original::FloatBalance;
use crate::resources::rng::SimRng;
use crate::resources::roles::Roles;
use crate::systems::spend::follow;
use crate::turns::{Gathered, StepOrder, Turns, take_turns, write_back};

/// What the payout reads and writes of a member.
type Member =
    (&'static AgentId, &'static Role, &'static mut Wallet, &'static PieRecipient, Option<&'static mut FloatBalance>);

/// A member's part of the payout, gathered from the ECS into a dense buffer: the members'
/// turns in random order then touch this buffer, not the ECS's columns (at a million members,
/// a random walk over the columns missed the cache on every member). 64 bytes, not 96 with
/// `Actor` and `Option` as they come: at a million members the payout's turns wait on memory
/// more than they compute. (Aligned to 64 it would never straddle two cache lines, but a `Vec`
/// of a type aligned beyond 16 bytes is copied when it grows, not remapped: the million-member
/// world then peaked at 423 MiB instead of 342.)
#[derive(Clone, Copy, Debug)]
pub struct Share {
    wallet: Wallet,
    /// The member's float shadow, if `shadowed` (`--scenario original`).
    float: FloatBalance,
    id: AgentId,
    role: Role,
    sells: bool,
    shadowed: bool,
}

const _: () = assert!(size_of::<Share>() <= 64, "a share fits 64 bytes");

impl Share {
    fn who(&self) -> Actor {
        Actor { id: self.id, role: self.role }
    }

    fn shadow(&self) -> Option<FloatBalance> {
        self.shadowed.then_some(self.float)
    }
}

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
    members.iter().for_each(|(id, role, wallet, recipient, float)| {
        shares.push(
            *id,
            Share {
                wallet: *wallet,
                float: float.copied().unwrap_or_default(),
                id: *id,
                role: *role,
                sells: recipient.share_use == PieUse::Sell,
                shadowed: float.is_some(),
            },
        );
    });
    let turns = order.turns(&mut turns, &mut rng, shares.ids());
    take_turns(turns, shares.entries_mut(), |share| {
        let amount = per_member[share.role.index()];
        if !amount.is_zero() {
            receive(share, amount, &mut economy);
        }
    });
    let agents = members.iter_mut().map(|(_, _, wallet, _, float)| (wallet, float));
    write_back(agents, shares.entries(), |share| (share.wallet, share.shadow()));
}

/// One member's payout: credited from The Pie, then sold at once if it sells its share.
fn receive(share: &mut Share, amount: Wad, economy: &mut Economy) {
    let who = share.who();
    let mut float = share.shadowed.then_some(&mut share.float);
    let before = share.wallet.ddt;
    if economy.pay_from_pie(who, &mut share.wallet, amount).is_err() {
        return;
    }
    follow(&mut float, before, share.wallet.ddt);
    if share.sells {
        let before = share.wallet.ddt;
        if economy.sell_ddt(who, &mut share.wallet, amount).is_ok() {
            follow(&mut float, before, share.wallet.ddt);
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
