//! Liquidity: newcomers that seed liquidity deposit in the pool; under the fee account, LP
//! holders collect their fees and reinvest their share of them.

use bevy_ecs::entity::Entity;
use bevy_ecs::system::{Local, Query, Res, ResMut};
use grassroot_amm::Wad;

use crate::components::{AgentId, FeeReinvest, LiquiditySeeder, Role, Wallet};
use crate::economy::{Actor, Economy};
use crate::resources::population::Newcomers;
use crate::resources::rng::SimRng;
use crate::turns::Turns;

/// Each newcomer with [`LiquiditySeeder`], in a shuffled order of the newcomers (who are listed
/// in the order they joined, which is [`AgentId`] order), takes its `seed_turn`.
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
        seed_turn(Actor::new(id, role), &mut wallet, offer, &mut economy);
    }
}

/// Deposits up to the offer's amounts (no more than the wallet holds) by its rule (see
/// [`Economy::deposit`]).
pub fn seed_turn(who: Actor, wallet: &mut Wallet, offer: &LiquiditySeeder, economy: &mut Economy) {
    let (ddt, xdai) = offer.amounts(wallet);
    if !ddt.is_zero() && !xdai.is_zero() {
        // A refused deposit is counted by the market and changes nothing.
        let _ = economy.deposit(who, wallet, ddt, xdai, offer.rule);
    }
}

/// What the fee collection reads and writes of an agent.
type Holder = (Entity, &'static AgentId, &'static Role, &'static mut Wallet, Option<&'static FeeReinvest>);

/// With the fee account: every agent holding LP tokens, in its turn ([`Turns::shuffled`]),
/// takes its `collect_turn`.
pub fn collect_fees(
    mut holders: Query<Holder>,
    mut turns: Local<Turns>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
) {
    let lp_holders = holders.iter().filter(|h| !h.3.lp.is_zero()).map(|h| (*h.1, h.0));
    for &(_, entity) in turns.shuffled(&mut rng, lp_holders) {
        let Ok((_, id, role, mut wallet, reinvest)) = holders.get_mut(entity) else { continue };
        collect_turn(Actor::new(id, role), &mut wallet, reinvest, &mut economy);
    }
}

/// Collects the wallet's share of the fee account ([`Economy::collect_fees`]) and deposits
/// [`FeeReinvest::of`] it back ([`Economy::reinvest`]); a reinvestment the wallet or the pool
/// cannot take is skipped and the fees are kept.
pub fn collect_turn(who: Actor, wallet: &mut Wallet, reinvest: Option<&FeeReinvest>, economy: &mut Economy) {
    let Ok(collected) = economy.collect_fees(who, wallet) else { return };
    let again = reinvest.map_or(Wad::ZERO, |r| r.of(collected));
    if !again.is_zero() {
        let _ = economy.reinvest(who, wallet, again);
    }
}
