//! `TURN_ORDER=agents` the original's way: each agent's whole turn, one agent after another in
//! join order, as the engine's `whole_turns` with the original's turns.

use bevy_ecs::entity::Entity;
use bevy_ecs::query::Has;
use bevy_ecs::system::{Local, Query, Res};
use grassroot_amm::FeeModel;
use grassroot_sim::{
    Actor, AgentId, BuysShortfall, ComputeDemand, Dumper, Economy, FeeReinvest, Joined, LiquiditySeeder, Role,
    StepSeller, Turns, Wallet,
};

use super::turns::{SpendTurn, TradeTurn, collect_turn, seed_turn};
use crate::components::{FloatBalance, Overspends};
use crate::rules::OriginalRules;

/// What an agent's whole turn reads and writes.
type Agent = (
    Entity,
    &'static AgentId,
    &'static Role,
    &'static mut Wallet,
    &'static Joined,
    (Option<&'static ComputeDemand>, Option<&'static BuysShortfall>, Has<Overspends>),
    (Option<&'static StepSeller>, Has<Dumper>),
    (Option<&'static LiquiditySeeder>, Option<&'static FeeReinvest>),
    Option<&'static mut FloatBalance>,
);

/// In [`AgentId`] order (join order, no draw), each agent takes its whole turn: it spends
/// ([`SpendTurn`]), deposits if it seeds liquidity and joined this step ([`seed_turn`]), sells
/// ([`TradeTurn`]: a dumper dumps what its deposit left, in the step it joins too) and, under
/// the fee account, collects and reinvests its fees ([`collect_turn`]).
pub fn whole_turns(rules: Res<OriginalRules>, mut agents: Query<Agent>, mut turns: Local<Turns>, mut economy: Economy) {
    let step = economy.step();
    let account = economy.pool().fee_model() == FeeModel::Account;
    for &(_, entity) in turns.by_id(agents.iter().map(|a| (*a.1, a.0))) {
        let Ok((
            _,
            id,
            role,
            mut wallet,
            joined,
            (demand, buyer, overspends),
            (seller, dumps),
            (seeder, reinvest),
            mut float,
        )) = agents.get_mut(entity)
        else {
            continue;
        };
        let who = Actor::new(id, role);
        if let Some(demand) = demand {
            SpendTurn { demand, buyer, overspends, float: float.as_deref_mut() }.take(who, &mut wallet, &mut economy);
        }
        if let Some(offer) = seeder
            && joined.0 == step
        {
            seed_turn(&rules, who, &mut wallet, offer, float.as_deref_mut(), &mut economy);
        }
        if seller.is_some() || dumps {
            TradeTurn { seller, dumps, float: float.as_deref_mut() }.take(who, &mut wallet, &mut economy);
        }
        if account && !wallet.lp.is_zero() {
            collect_turn(&rules, who, &mut wallet, reinvest, float.as_deref_mut(), &mut economy);
        }
    }
}
