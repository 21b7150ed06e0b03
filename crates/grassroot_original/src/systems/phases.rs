//! `TURN_ORDER=phases` the original's way: the spend, trade and liquidity systems of the
//! engine's behaviours, each agent's turn taken by `turns`. Each walks its agents the plain way
//! of the engine's module `turns` (their `Entity` in a shuffled [`Turns`]), which gives the
//! same agents the same order and draws as the engine's gathered systems.

use bevy_ecs::entity::Entity;
use bevy_ecs::query::{Has, Or, With};
use bevy_ecs::system::{Local, Query, Res, ResMut};
use grassroot_sim::{
    Actor, AgentId, BuysShortfall, ComputeDemand, Dumper, Economy, FeeReinvest, Joined, LiquiditySeeder, Newcomers,
    Role, SimRng, StepSeller, Turns, Wallet,
};

use super::turns::{SpendTurn, TradeTurn, collect_turn, seed_turn};
use crate::components::{FloatBalance, Overspends};
use crate::rules::OriginalRules;

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

/// Each agent with [`ComputeDemand`] that carries [`BuysShortfall`] or holds dDT, in its turn
/// ([`Turns::shuffled`]), takes its [`SpendTurn`].
pub fn spend_on_compute(
    mut agents: Query<Spender>,
    mut turns: Local<Turns>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
) {
    let acting = agents.iter().filter(|a| a.5.is_some() || !a.3.ddt.is_zero()).map(|a| (*a.1, a.0));
    for &(_, entity) in turns.shuffled(&mut rng, acting) {
        let Ok((_, id, role, mut wallet, demand, buyer, overspends, mut float)) = agents.get_mut(entity) else {
            continue;
        };
        SpendTurn { demand, buyer, overspends, float: float.as_deref_mut() }.take(
            Actor::new(id, role),
            &mut wallet,
            &mut economy,
        );
    }
}

/// What the trade system reads and writes of a selling agent.
type Seller = (
    Entity,
    &'static AgentId,
    &'static Role,
    &'static mut Wallet,
    (Option<&'static StepSeller>, Has<Dumper>, Has<LiquiditySeeder>),
    &'static Joined,
    Option<&'static mut FloatBalance>,
);

/// Agents that sell in the trade phase.
type IsSeller = Or<(With<StepSeller>, With<Dumper>)>;

/// Each agent with [`Dumper`] or [`StepSeller`] that holds dDT, in its turn
/// ([`Turns::shuffled`]), takes its [`TradeTurn`]; a dumper that also seeds liquidity skips
/// the step it joins, as in the engine.
pub fn sell_ddt(
    mut agents: Query<Seller, IsSeller>,
    mut turns: Local<Turns>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
) {
    let step = economy.step();
    let holders = agents.iter().filter(|a| !a.3.ddt.is_zero()).map(|a| (*a.1, a.0));
    for &(_, entity) in turns.shuffled(&mut rng, holders) {
        let Ok((_, id, role, mut wallet, (seller, dumps, seeds), joined, mut float)) = agents.get_mut(entity) else {
            continue;
        };
        if !(dumps && seeds && joined.0 == step) {
            TradeTurn { seller, dumps, float: float.as_deref_mut() }.take(
                Actor::new(id, role),
                &mut wallet,
                &mut economy,
            );
        }
    }
}

/// Each newcomer with [`LiquiditySeeder`], in a shuffled order of the newcomers, takes its
/// [`seed_turn`].
pub fn seed_liquidity(
    rules: Res<OriginalRules>,
    newcomers: Res<Newcomers>,
    mut seeders: Query<(&AgentId, &Role, &mut Wallet, &LiquiditySeeder, Option<&mut FloatBalance>)>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
    mut turns: Local<Vec<Entity>>,
) {
    turns.clear();
    turns.extend_from_slice(newcomers.as_slice());
    rng.shuffle(&mut turns);
    for &entity in turns.iter() {
        let Ok((id, role, mut wallet, offer, mut float)) = seeders.get_mut(entity) else { continue };
        seed_turn(&rules, Actor::new(id, role), &mut wallet, offer, float.as_deref_mut(), &mut economy);
    }
}

/// What the fee collection reads and writes of an agent.
type Holder = (
    Entity,
    &'static AgentId,
    &'static Role,
    &'static mut Wallet,
    Option<&'static FeeReinvest>,
    Option<&'static mut FloatBalance>,
);

/// With the fee account: every agent holding LP tokens, in its turn ([`Turns::shuffled`]),
/// takes its [`collect_turn`].
pub fn collect_fees(
    rules: Res<OriginalRules>,
    mut holders: Query<Holder>,
    mut turns: Local<Turns>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
) {
    let lp_holders = holders.iter().filter(|h| !h.3.lp.is_zero()).map(|h| (*h.1, h.0));
    for &(_, entity) in turns.shuffled(&mut rng, lp_holders) {
        let Ok((_, id, role, mut wallet, reinvest, mut float)) = holders.get_mut(entity) else { continue };
        collect_turn(&rules, Actor::new(id, role), &mut wallet, reinvest, float.as_deref_mut(), &mut economy);
    }
}
