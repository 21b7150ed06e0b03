//! Locking CRC to mint dDT, up to the cap that Contribution Weight sets, and redeeming dDT to
//! unlock CRC, 1:1 both ways.

use bevy_ecs::entity::Entity;
use bevy_ecs::system::{Local, Query, Res, ResMut};
use grassroot_amm::{Pool, Wad};
use grassroot_sim::{Actor, AgentId, Economy, Joined, Role, Turns, Wallet};

use crate::actions::{LOCK_MINT, REDEEM};
use crate::books::DaoBooks;
use crate::circles::Circles;
use crate::contribution::Contribution;
use crate::policy::{LockPolicy, OverCap, RedeemPolicy};
use crate::rules::Rules;
use crate::systems::joining::overflow;
use crate::weight::Weighting;

/// The most CRC a member may keep locked: `floor(weight x CRC_PER_WEIGHT)`.
pub fn cap(weighting: &Weighting, rules: &Rules, contribution: &Contribution) -> Wad {
    weighting.of(contribution).mul_frac(rules.params.crc_per_weight).unwrap_or(Wad::MAX)
}

/// How much a member locks now under `policy`, out of `room = min(cap - locked, held)`: all of
/// it on joining (unless the policy is never), else as the policy says.
pub fn to_lock(policy: LockPolicy, room: Wad, joining: bool, pool: &Pool) -> Wad {
    match policy {
        LockPolicy::Never => Wad::ZERO,
        _ if joining => room,
        LockPolicy::All => room,
        LockPolicy::Fraction(f) => room.mul_frac(f).unwrap_or(room),
        LockPolicy::AbovePrice(p) if pool.is_open() && !pool.price_at_most(p) => room,
        LockPolicy::AbovePrice(_) => Wad::ZERO,
    }
}

/// True if a member with this redeem policy redeems at the pool's price now.
fn redeems_now(policy: Option<&RedeemPolicy>, pool: &Pool) -> bool {
    policy.is_some_and(|r| pool.is_open() && pool.price_at_most(r.below_price))
}

/// What the locking systems read and write of a member.
type Locker = (
    Entity,
    &'static AgentId,
    &'static Role,
    &'static mut Wallet,
    &'static mut Circles,
    &'static Contribution,
    &'static LockPolicy,
    Option<&'static RedeemPolicy>,
    &'static Joined,
);

/// Each data member, in [`AgentId`] order (so the log's rows are too), locks CRC by its [`LockPolicy`] and receives as many new dDT (logged
/// `lock_mint`; counted in the engine's supply and in [`DaoBooks`]). A member at or over its
/// cap mints nothing; a member that redeems at the current price does not lock.
pub fn lock_and_mint(
    mut members: Query<Locker>,
    rules: Res<Rules>,
    weighting: Res<Weighting>,
    mut books: ResMut<DaoBooks>,
    mut economy: Economy,
    mut order: Local<Turns>,
) {
    let step = economy.step();
    for &(_, entity) in order.by_id(members.iter().map(|m| (*m.1, m.0))) {
        let Ok((_, id, role, mut wallet, mut circles, contribution, policy, redeem, joined)) = members.get_mut(entity)
        else {
            continue;
        };
        let joining = joined.0 == step;
        if !joining && redeems_now(redeem, economy.pool()) {
            continue;
        }
        let room = cap(&weighting, &rules, contribution).saturating_sub(circles.locked).min(circles.held);
        let amount = to_lock(*policy, room, joining, economy.pool());
        if amount.is_zero() {
            continue;
        }
        let Ok(locked) = circles.locked.checked_add(amount) else {
            economy.report_fault(overflow(step, "CRC locked"));
            return;
        };
        if economy.mint(Actor::new(id, role), &mut wallet, amount, LOCK_MINT).is_err() {
            return;
        }
        circles.held = circles.held.saturating_sub(amount);
        circles.locked = locked;
        if books.mint(amount, joining).is_err() {
            economy.report_fault(overflow(step, "dDT minted by locking"));
            return;
        }
    }
}

/// Each data member that joined before this step, in [`AgentId`] order, redeems: with `OVER_CAP=unlock`, the part of
/// its lock above its cap; with a [`RedeemPolicy`] whose price is reached, all it has locked —
/// each time only as much as the dDT it holds. It burns that many dDT (logged `redeem`) and
/// unlocks as many CRC.
pub fn redeem_ddt(
    mut members: Query<Locker>,
    rules: Res<Rules>,
    weighting: Res<Weighting>,
    mut books: ResMut<DaoBooks>,
    mut economy: Economy,
    mut order: Local<Turns>,
) {
    let step = economy.step();
    for &(_, entity) in order.by_id(members.iter().map(|m| (*m.1, m.0))) {
        let Ok((_, id, role, mut wallet, mut circles, contribution, _, redeem, joined)) = members.get_mut(entity)
        else {
            continue;
        };
        if joined.0 == step {
            continue;
        }
        let mut want = Wad::ZERO;
        if rules.params.over_cap == OverCap::Unlock {
            want = circles.locked.saturating_sub(cap(&weighting, &rules, contribution));
        }
        if redeems_now(redeem, economy.pool()) {
            want = circles.locked;
        }
        let amount = want.min(wallet.ddt);
        if amount.is_zero() {
            continue;
        }
        let Ok(held) = circles.held.checked_add(amount) else {
            economy.report_fault(overflow(step, "CRC held"));
            return;
        };
        if economy.burn(Actor::new(id, role), &mut wallet, amount, REDEEM).is_err() {
            continue;
        }
        circles.locked = circles.locked.saturating_sub(amount);
        circles.held = held;
        if books.redeem(amount).is_err() {
            economy.report_fault(overflow(step, "dDT redeemed"));
            return;
        }
    }
}
