//! Liquidity: newcomers that seed liquidity deposit in the pool.

use bevy_ecs::entity::Entity;
use bevy_ecs::system::{Local, Query, Res, ResMut};

use crate::components::{AgentId, LiquiditySeeder, Role, Wallet};
use crate::economy::{Actor, Economy};
use crate::resources::population::Newcomers;
use crate::resources::rng::SimRng;

/// Each newcomer with [`LiquiditySeeder`], in a shuffled order of the newcomers (who are listed
/// in the order they joined, which is [`AgentId`] order), deposits up to its amounts
/// (no more than it holds) router-style: the first deposit opens the pool at its own ratio,
/// later ones take the optimal amounts at the pool's ratio and leave the rest in the wallet.
pub fn seed_liquidity(
    newcomers: Res<Newcomers>,
    mut seeders: Query<(&AgentId, &Role, &mut Wallet, &LiquiditySeeder)>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
    mut turns: Local<Vec<Entity>>,
) {
    turns.clear();
    turns.extend_from_slice(newcomers.as_slice());
    rng.shuffle(&mut turns);
    for &entity in turns.iter() {
        let Ok((id, role, mut wallet, offer)) = seeders.get_mut(entity) else { continue };
        let ddt = offer.ddt.min(wallet.ddt);
        let xdai = offer.xdai.min(wallet.xdai);
        if !ddt.is_zero() && !xdai.is_zero() {
            let _ = economy.add_liquidity(Actor::new(id, role), &mut wallet, ddt, xdai);
        }
    }
}
