//! Spend: agents with compute demand buy what they lack (if their archetype does) and spend.

use bevy_ecs::entity::Entity;
use bevy_ecs::system::{Local, Query, ResMut};
use grassroot_amm::Wad;

use crate::components::{AgentId, BuysShortfall, ComputeDemand, Role, Wallet};
use crate::economy::{Actor, Economy};
use crate::resources::rng::SimRng;
use crate::turns::Turns;

/// What the spend system reads and writes of an agent with compute demand.
type Spender = (
    Entity,
    &'static AgentId,
    &'static Role,
    &'static mut Wallet,
    &'static ComputeDemand,
    Option<&'static BuysShortfall>,
);

/// Each agent with [`ComputeDemand`], in its turn ([`Turns::shuffled`]): if it holds less than its demand
/// and carries [`BuysShortfall`], it buys the shortfall with an exact-output swap — provided
/// the pool is open, the spot price is within its limit and its xDAI can pay; otherwise the
/// shortfall is unmet demand. Then it spends what it holds, up to its demand, on compute.
/// Agents without `BuysShortfall` spend what they hold and have no unmet demand.
pub fn spend_on_compute(
    mut agents: Query<Spender>,
    mut turns: Local<Turns>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
) {
    for &(_, entity) in turns.shuffled(&mut rng, agents.iter().map(|a| (*a.1, a.0))) {
        let Ok((_, id, role, mut wallet, demand, buyer)) = agents.get_mut(entity) else { continue };
        let who = Actor::new(id, role);
        let want = demand.per_step;
        if let Some(buyer) = buyer
            && wallet.ddt < want
        {
            let shortfall = want.saturating_sub(wallet.ddt);
            // On a closed pool the buy is attempted (and counted as skipped) whatever the limit.
            let pool = economy.pool();
            let within_limit = buyer.max_price.is_none_or(|max| !pool.is_open() || pool.price_at_most(max));
            let bought = within_limit && economy.buy_ddt(who, &mut wallet, shortfall).is_ok();
            if !bought {
                economy.count_unmet_demand(shortfall);
            }
        }
        let spend = want.min(wallet.ddt);
        if spend > Wad::ZERO {
            // Cannot fail: the wallet holds `spend`; an overflow of The Pie is reported as a fault.
            let _ = economy.spend_on_compute(who, &mut wallet, spend);
        }
    }
}
