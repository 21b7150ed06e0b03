//! Spend: agents with compute demand buy what they lack (if their archetype does) and spend.

use bevy_ecs::entity::Entity;
use bevy_ecs::system::{Local, Query, ResMut};
use grassroot_amm::Wad;
use grassroot_config::BuyRule;

use crate::components::{AgentId, BuysShortfall, ComputeDemand, Role, Wallet};
use crate::economy::{Actor, Economy};
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
);

/// An acting spender gathered into a dense buffer (see [`crate::turns`]), with its entity to
/// write it back: its components flattened (112 bytes, not 144 with `ComputeDemand` and
/// `Option<BuysShortfall>` as they come).
#[derive(Clone, Copy, Debug)]
pub struct Acting {
    wallet: Wallet,
    /// [`ComputeDemand::per_step`].
    per_step: Wad,
    /// [`BuysShortfall::max_price`], if `buys` and `has_max`.
    max_price: Wad,
    entity: Entity,
    id: AgentId,
    role: Role,
    /// [`ComputeDemand::partial`].
    partial: bool,
    /// Carries [`BuysShortfall`].
    buys: bool,
    has_max: bool,
    /// [`BuysShortfall::rule`], if `buys`.
    rule: BuyRule,
}

const _: () = assert!(size_of::<Acting>() <= 112, "an acting spender fits 112 bytes");

impl Acting {
    fn new(entity: Entity, who: Actor, wallet: Wallet, demand: ComputeDemand, buyer: Option<BuysShortfall>) -> Acting {
        Acting {
            wallet,
            per_step: demand.per_step,
            max_price: buyer.and_then(|b| b.max_price).unwrap_or(Wad::ZERO),
            entity,
            id: who.id,
            role: who.role,
            partial: demand.partial,
            buys: buyer.is_some(),
            has_max: buyer.is_some_and(|b| b.max_price.is_some()),
            rule: buyer.map_or(BuyRule::ExactOut, |b| b.rule),
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
    agents.iter().for_each(|(entity, id, role, wallet, demand, buyer)| {
        if buyer.is_some() || !wallet.ddt.is_zero() {
            acting.push(*id, Acting::new(entity, Actor::new(id, role), *wallet, *demand, buyer.copied()));
        }
    });
    take_turns(turns.shuffled(&mut rng, acting.ids()), acting.entries_mut(), |a| {
        let (demand, buyer, who) = (a.demand(), a.buyer(), Actor { id: a.id, role: a.role });
        SpendTurn { demand: &demand, buyer: buyer.as_ref() }.take(who, &mut a.wallet, &mut economy);
    });
    for a in acting.entries() {
        if let Ok((_, _, _, wallet, _, _)) = agents.get_mut(a.entity) {
            store(wallet, a.wallet);
        }
    }
}

/// One agent's spending in one step.
pub struct SpendTurn<'a> {
    /// What it wants to spend.
    pub demand: &'a ComputeDemand,
    /// How it buys what it lacks, if it does.
    pub buyer: Option<&'a BuysShortfall>,
}

impl SpendTurn<'_> {
    /// If the agent holds less than its demand and carries [`BuysShortfall`], it buys it
    /// ([`buy_shortfall`]). Then it spends what it holds, up to its demand (nothing, if it
    /// holds less and the demand is not `partial`).
    pub fn take(&self, who: Actor, wallet: &mut Wallet, economy: &mut Economy) {
        let want = self.demand.per_step;
        if let Some(buyer) = self.buyer
            && wallet.ddt < want
        {
            buy_shortfall(buyer, want, who, wallet, economy);
        }
        let spend = if wallet.ddt >= want {
            want
        } else if self.demand.partial {
            wallet.ddt
        } else {
            Wad::ZERO
        };
        if spend > Wad::ZERO {
            // Cannot fail: the wallet holds `spend`; an overflow of The Pie is reported as a fault.
            let _ = economy.spend_on_compute(who, wallet, spend);
        }
    }
}

/// Buys what the wallet lacks of `want` dDT, provided the pool is open, the spot price is
/// within the buyer's limit and its xDAI can pay; otherwise the shortfall is unmet demand. By
/// [`BuyRule::ExactOut`] it buys exactly the shortfall; by [`BuyRule::PriceIn`] it pays
/// `want x spot price` xDAI for what the pool gives. Returns whether it bought.
pub fn buy_shortfall(buyer: &BuysShortfall, want: Wad, who: Actor, wallet: &mut Wallet, economy: &mut Economy) -> bool {
    let shortfall = want.saturating_sub(wallet.ddt);
    // On a closed pool the buy is attempted (and counted as skipped) whatever the limit.
    let pool = economy.pool();
    let within_limit = buyer.max_price.is_none_or(|max| !pool.is_open() || pool.price_at_most(max));
    let bought = within_limit
        && match buyer.rule {
            BuyRule::ExactOut => economy.buy_ddt(who, wallet, shortfall).is_ok(),
            BuyRule::PriceIn => {
                let xdai = economy.pool().spot_value(want);
                !xdai.is_zero() && economy.buy_ddt_with(who, wallet, xdai).is_ok()
            }
        };
    if !bought {
        economy.count_unmet_demand(shortfall);
    }
    bought
}
