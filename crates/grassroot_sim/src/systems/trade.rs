//! Trade: agents sell dDT on the market by their rules (a fixed amount, or everything).

use bevy_ecs::entity::Entity;
use bevy_ecs::query::{Has, Or, With};
use bevy_ecs::system::{Local, Query, ResMut};

use crate::components::{AgentId, Dumper, Joined, LiquiditySeeder, Role, StepSeller, Wallet};
use crate::economy::{Actor, Economy};
use crate::resources::rng::SimRng;
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
);

/// Agents that sell in the trade phase.
type IsSeller = Or<(With<StepSeller>, With<Dumper>)>;

/// Each agent with [`Dumper`] sells all its dDT; each with [`StepSeller`] sells up to its
/// amount; each in its turn ([`Turns::shuffled`]). A sale the pool refuses is counted and skipped.
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
    for &(_, entity) in turns.shuffled(&mut rng, agents.iter().map(|a| (*a.1, a.0))) {
        let Ok((_, id, role, mut wallet, seller, dumps, seeds, joined)) = agents.get_mut(entity) else { continue };
        let amount = match seller {
            _ if dumps && seeds && joined.0 == step => continue,
            _ if dumps => wallet.ddt,
            Some(s) => s.per_step.min(wallet.ddt),
            None => continue,
        };
        if !amount.is_zero() {
            let _ = economy.sell_ddt(Actor::new(id, role), &mut wallet, amount);
        }
    }
}
