//! Trade: agents sell dDT on the market by their rules (a fixed amount, or everything).

use bevy_ecs::entity::Entity;
use bevy_ecs::query::{Has, Or, With};
use bevy_ecs::system::{Local, Query, ResMut};

use crate::components::{AgentId, Dumper, Joined, LiquiditySeeder, Role, StepSeller, Wallet};
use crate::economy::{Actor, Economy};
use crate::resources::rng::SimRng;
use crate::turns::{Gathered, Turns, store, take_turns};

/// What the trade system reads and writes of a selling agent.
type SellerItem = (
    Entity,
    &'static AgentId,
    &'static Role,
    &'static mut Wallet,
    Option<&'static StepSeller>,
    Has<Dumper>,
    Has<LiquiditySeeder>,
    &'static Joined,
);

/// Agents that sell in the trade phase.
type IsSeller = Or<(With<StepSeller>, With<Dumper>)>;

/// A seller holding dDT, gathered into a dense buffer (see [`crate::turns`]), with its entity
/// to write it back.
#[derive(Clone, Copy, Debug)]
pub struct Holder {
    entity: Entity,
    who: Actor,
    wallet: Wallet,
    seller: Option<StepSeller>,
    dumps: bool,
    /// A dumper that seeds liquidity, in the step it joins: it takes its turn but sells nothing.
    waits: bool,
}

/// Each agent with [`Dumper`] or [`StepSeller`] that holds dDT, in its turn
/// ([`Turns::shuffled`]), takes its `TradeTurn`.
///
/// A dumper that also seeds liquidity skips the step it joins: its deposit, in the liquidity
/// phase of that step, comes first, and it dumps what is left from the next step on.
pub fn sell_ddt(
    mut agents: Query<SellerItem, IsSeller>,
    mut holders: Local<Gathered<Holder>>,
    mut turns: Local<Turns<u32>>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
) {
    let step = economy.step();
    // Only sellers holding dDT take a turn (no other agent's sale changes their wallet).
    holders.clear();
    agents.iter().for_each(|(entity, id, role, wallet, seller, dumps, seeds, joined)| {
        if !wallet.ddt.is_zero() {
            holders.push(
                *id,
                Holder {
                    entity,
                    who: Actor::new(id, role),
                    wallet: *wallet,
                    seller: seller.copied(),
                    dumps,
                    waits: dumps && seeds && joined.0 == step,
                },
            );
        }
    });
    take_turns(turns.shuffled(&mut rng, holders.ids()), holders.entries_mut(), |h| {
        if !h.waits {
            TradeTurn { seller: h.seller.as_ref(), dumps: h.dumps }.take(h.who, &mut h.wallet, &mut economy);
        }
    });
    for h in holders.entries() {
        if let Ok((_, _, _, wallet, _, _, _, _)) = agents.get_mut(h.entity) {
            store(wallet, h.wallet);
        }
    }
}

/// One agent's selling in one step.
pub struct TradeTurn<'a> {
    /// Its fixed sale per step, if it has one.
    pub seller: Option<&'a StepSeller>,
    /// Whether it dumps everything it holds.
    pub dumps: bool,
}

impl TradeTurn<'_> {
    /// A dumper sells all its dDT; a step seller sells its amount, or what it holds if less
    /// (nothing then, if not `partial`). A sale the pool refuses is counted and skipped.
    pub fn take(&self, who: Actor, wallet: &mut Wallet, economy: &mut Economy) {
        let amount = match self.seller {
            _ if self.dumps => wallet.ddt,
            Some(s) if wallet.ddt >= s.per_step => s.per_step,
            Some(s) if s.partial => wallet.ddt,
            _ => return,
        };
        if !amount.is_zero() {
            // A refused sale is counted by the market and changes nothing.
            let _ = economy.sell_ddt(who, wallet, amount);
        }
    }
}
