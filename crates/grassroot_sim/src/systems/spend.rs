//! Spend: agents with compute demand buy what they lack (if their archetype does) and spend.

use bevy_ecs::entity::Entity;
use bevy_ecs::query::Has;
use bevy_ecs::system::{Local, Query, ResMut};
use grassroot_amm::Wad;
use grassroot_config::BuyRule;

use crate::components::{AgentId, BuysShortfall, ComputeDemand, Role, Wallet};
use crate::economy::{Actor, Economy};
use crate::original::{FloatBalance, Overspends, holds};
use crate::resources::rng::SimRng;
use crate::turns::{Gathered, Turns, store, take_turns};

/// What the spend system reads and writes of an agent with compute demand.
type Spender = (
    Entity,
    &'static AgentId,
    &'static Role,
    &'static mut Wallet,
    &'static ComputeDemand,
    Option<&'static BuysShortfall>,
    Has<Overspends>,
    Option<&'static mut FloatBalance>,
);

/// An acting spender gathered from the ECS into a dense buffer, with its entity to write it
/// back (see [`crate::systems::pie::Share`] for why and why it is not aligned to cache lines).
/// Its components flattened: 112 bytes, not 176 with `ComputeDemand`, `Option<BuysShortfall>`
/// and `Option<FloatBalance>` as they come.
#[derive(Clone, Copy, Debug)]
pub struct Acting {
    wallet: Wallet,
    /// [`ComputeDemand::per_step`].
    per_step: Wad,
    /// [`BuysShortfall::max_price`], if `buys` and `has_max`.
    max_price: Wad,
    entity: Entity,
    /// The float shadow, if `shadowed` (`--scenario original`).
    float: FloatBalance,
    id: AgentId,
    role: Role,
    /// [`ComputeDemand::partial`].
    partial: bool,
    /// Carries [`BuysShortfall`].
    buys: bool,
    has_max: bool,
    /// [`BuysShortfall::rule`], if `buys`.
    rule: BuyRule,
    overspends: bool,
    shadowed: bool,
}

const _: () = assert!(size_of::<Acting>() <= 112, "an acting spender fits 112 bytes");

impl Acting {
    fn new(
        entity: Entity,
        (id, role): (AgentId, Role),
        wallet: Wallet,
        demand: ComputeDemand,
        buyer: Option<BuysShortfall>,
        overspends: bool,
        float: Option<FloatBalance>,
    ) -> Acting {
        Acting {
            wallet,
            per_step: demand.per_step,
            max_price: buyer.and_then(|b| b.max_price).unwrap_or(Wad::ZERO),
            entity,
            float: float.unwrap_or_default(),
            id,
            role,
            partial: demand.partial,
            buys: buyer.is_some(),
            has_max: buyer.is_some_and(|b| b.max_price.is_some()),
            rule: buyer.map_or(BuyRule::ExactOut, |b| b.rule),
            overspends,
            shadowed: float.is_some(),
        }
    }

    fn demand(&self) -> ComputeDemand {
        ComputeDemand { per_step: self.per_step, partial: self.partial }
    }

    fn buyer(&self) -> Option<BuysShortfall> {
        self.buys.then_some(BuysShortfall { max_price: self.has_max.then_some(self.max_price), rule: self.rule })
    }
}

/// Each agent with [`ComputeDemand`] that carries [`BuysShortfall`] or holds dDT, in its turn
/// ([`Turns::shuffled`]), takes its `SpendTurn`; the others have nothing to do.
pub fn spend_on_compute(
    mut agents: Query<Spender>,
    mut acting: Local<Gathered<Acting>>,
    mut turns: Local<Turns<u32>>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
) {
    // Only agents with something to do take a turn: those that may buy, and those holding dDT
    // (no other agent's turn in this phase changes a wallet, so the choice does not depend on
    // the order). The shuffle then draws only for them.
    acting.clear();
    agents.iter().for_each(|(entity, id, role, wallet, demand, buyer, overspends, float)| {
        if buyer.is_some() || !wallet.ddt.is_zero() {
            let entry = Acting::new(entity, (*id, *role), *wallet, *demand, buyer.copied(), overspends, float.copied());
            acting.push(*id, entry);
        }
    });
    take_turns(turns.shuffled(&mut rng, acting.ids()), acting.entries_mut(), |a| {
        let (demand, buyer, who) = (a.demand(), a.buyer(), Actor { id: a.id, role: a.role });
        let float = a.shadowed.then_some(&mut a.float);
        let mut spender = SpendTurn { demand: &demand, buyer: buyer.as_ref(), overspends: a.overspends, float };
        spender.take(who, &mut a.wallet, &mut economy);
    });
    // Those who acted, in query order (near-sequential memory), each back to its agent.
    for a in acting.entries() {
        if let Ok((_, _, _, wallet, _, _, _, float)) = agents.get_mut(a.entity) {
            store(wallet, float, a.wallet, a.shadowed.then_some(a.float));
        }
    }
}

/// One agent's spending in one step.
pub(crate) struct SpendTurn<'a> {
    pub demand: &'a ComputeDemand,
    pub buyer: Option<&'a BuysShortfall>,
    pub overspends: bool,
    pub float: Option<&'a mut FloatBalance>,
}

impl SpendTurn<'_> {
    /// If the agent holds less than its demand and carries [`BuysShortfall`], it buys — provided
    /// the pool is open, the spot price is within its limit and its xDAI can pay; otherwise the
    /// shortfall is unmet demand. By [`BuyRule::ExactOut`] it buys exactly the shortfall; by
    /// [`BuyRule::PriceIn`] it pays `demand x spot price` xDAI for what the pool gives. Then it
    /// spends what it holds, up to its demand (nothing, if it holds less and the demand is not
    /// `partial`); an agent with [`Overspends`] that bought spends its whole demand, the
    /// missing dDT created.
    pub(crate) fn take(&mut self, who: Actor, wallet: &mut Wallet, economy: &mut Economy) {
        let want = self.demand.per_step;
        let mut bought = false;
        if let Some(buyer) = self.buyer
            && !holds(wallet.ddt, self.float.as_deref(), want)
        {
            let shortfall = want.saturating_sub(wallet.ddt);
            // On a closed pool the buy is attempted (and counted as skipped) whatever the limit.
            let pool = economy.pool();
            let within_limit = buyer.max_price.is_none_or(|max| !pool.is_open() || pool.price_at_most(max));
            let before = wallet.ddt;
            bought = within_limit
                && match buyer.rule {
                    BuyRule::ExactOut => economy.buy_ddt(who, wallet, shortfall).is_ok(),
                    BuyRule::PriceIn => {
                        let xdai = economy.pool().spot_value(want);
                        !xdai.is_zero() && economy.buy_ddt_with(who, wallet, xdai).is_ok()
                    }
                };
            if bought {
                follow(&mut self.float, before, wallet.ddt);
            } else {
                economy.count_unmet_demand(shortfall);
            }
        }
        let before = wallet.ddt;
        if bought && self.overspends {
            // Cannot fail but on an overflow of The Pie, which is reported as a fault.
            let _ = economy.overspend_on_compute(who, wallet, want);
            follow_debit(&mut self.float, want);
            return;
        }
        let spend = if holds(wallet.ddt, self.float.as_deref(), want) {
            want.min(wallet.ddt)
        } else if self.demand.partial {
            wallet.ddt
        } else {
            Wad::ZERO
        };
        if spend > Wad::ZERO {
            // Cannot fail: the wallet holds `spend`; an overflow of The Pie is reported as a fault.
            let _ = economy.spend_on_compute(who, wallet, spend);
            follow(&mut self.float, before, wallet.ddt);
        }
    }
}

/// Moves the agent's float balance, if it keeps one, by the change from `before` to `after`.
pub(crate) fn follow(float: &mut Option<&mut FloatBalance>, before: Wad, after: Wad) {
    if let Some(f) = float {
        f.follow(before, after);
    }
}

/// Lowers the agent's float balance, if it keeps one, by `amount`.
fn follow_debit(float: &mut Option<&mut FloatBalance>, amount: Wad) {
    if let Some(f) = float {
        f.debit(amount);
    }
}
