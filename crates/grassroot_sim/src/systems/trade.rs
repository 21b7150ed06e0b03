//! Trade: agents sell dDT on the market by their rules (a fixed amount, or everything).

use bevy_ecs::query::{Has, Or, With};
use bevy_ecs::system::{Query, ResMut};

use crate::components::{AgentId, Dumper, Joined, LiquiditySeeder, Role, StepSeller, Wallet};
use crate::economy::{Actor, Economy};
use crate::resources::rng::SimRng;

/// What the trade system reads and writes of a selling agent.
type SellerItem = (
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
/// amount; each in its turn ([`SimRng::turns`]). A sale the pool refuses is counted and skipped.
///
/// A dumper that also seeds liquidity skips the step it joins: its deposit, in the liquidity
/// phase of that step, comes first, and it dumps what is left from the next step on.
pub fn sell_ddt(mut agents: Query<SellerItem, IsSeller>, mut rng: ResMut<SimRng>, mut economy: Economy) {
    let step = economy.step();
    for (id, role, mut wallet, seller, dumps, seeds, joined) in rng.turns(agents.iter_mut(), |a| *a.0) {
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
