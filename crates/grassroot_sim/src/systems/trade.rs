//! Trade: agents sell dDT on the market by their rules (a fixed amount, or everything).

use bevy_ecs::entity::Entity;
use bevy_ecs::query::{Has, Or, With};
use bevy_ecs::system::{Local, Query, ResMut};

use crate::components::{AgentId, Dumper, Joined, LiquiditySeeder, Role, StepSeller, Wallet};
use crate::economy::{Actor, Economy};
use crate::original::{FloatBalance, holds};
use crate::resources::rng::SimRng;
use crate::systems::spend::follow;
use crate::turns::Turns;

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
    Option<&'static mut FloatBalance>,
);

/// Agents that sell in the trade phase.
type IsSeller = Or<(With<StepSeller>, With<Dumper>)>;

/// Each agent with [`Dumper`] or [`StepSeller`] that holds dDT, in its turn
/// ([`Turns::shuffled`]), takes its `TradeTurn`.
///
/// A dumper that also seeds liquidity skips the step it joins: its deposit, in the liquidity
/// phase of that step, comes first, and it dumps what is left from the next step on.
pub fn sell_ddt(
    mut agents: Query<SellerItem, IsSeller>,
    mut turns: Local<Turns>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
) {
    let step = economy.step();
    // Only sellers holding dDT take a turn (no other agent's sale changes their wallet).
    let holding = agents.iter().filter(|a| !a.3.ddt.is_zero()).map(|a| (*a.1, a.0));
    for &(_, entity) in turns.shuffled(&mut rng, holding) {
        let Ok((_, id, role, mut wallet, seller, dumps, seeds, joined, mut float)) = agents.get_mut(entity) else {
            continue;
        };
        if dumps && seeds && joined.0 == step {
            continue;
        }
        let mut trader = TradeTurn { seller, dumps, float: float.as_deref_mut() };
        trader.take(Actor::new(id, role), &mut wallet, &mut economy);
    }
}

/// One agent's selling in one step.
pub(crate) struct TradeTurn<'a> {
    pub seller: Option<&'a StepSeller>,
    pub dumps: bool,
    pub float: Option<&'a mut FloatBalance>,
}

impl TradeTurn<'_> {
    /// A dumper sells all its dDT; a step seller sells its amount, or what it holds if less
    /// (nothing then, if not `partial`). A sale the pool refuses is counted and skipped.
    pub(crate) fn take(&mut self, who: Actor, wallet: &mut Wallet, economy: &mut Economy) {
        let amount = match self.seller {
            _ if self.dumps => wallet.ddt,
            Some(s) if holds(wallet.ddt, self.float.as_deref(), s.per_step) => s.per_step.min(wallet.ddt),
            Some(s) if s.partial => wallet.ddt,
            _ => return,
        };
        if !amount.is_zero() {
            let before = wallet.ddt;
            if economy.sell_ddt(who, wallet, amount).is_ok() {
                follow(&mut self.float, before, wallet.ddt);
            }
        }
    }
}
