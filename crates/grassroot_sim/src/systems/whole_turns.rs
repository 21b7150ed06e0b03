//! `TURN_ORDER=agents`: each agent's whole turn, one agent after another in join order, as the
//! original simulation runs them.

use bevy_ecs::entity::Entity;
use bevy_ecs::system::{Local, Query};
use grassroot_amm::FeeModel;

use crate::components::{
    AgentId, BuysShortfall, ComputeDemand, Dumper, FeeReinvest, Joined, LiquiditySeeder, Role, StepSeller, Wallet,
};
use crate::economy::{Actor, Economy};
use crate::systems::liquidity::{collect_turn, seed_turn};
use crate::systems::spend::SpendTurn;
use crate::systems::trade::TradeTurn;
use crate::turns::Turns;

/// What an agent's whole turn reads and writes.
type Agent = (
    Entity,
    &'static AgentId,
    &'static Role,
    &'static mut Wallet,
    &'static Joined,
    (Option<&'static ComputeDemand>, Option<&'static BuysShortfall>),
    (Option<&'static StepSeller>, bevy_ecs::query::Has<Dumper>),
    (Option<&'static LiquiditySeeder>, Option<&'static FeeReinvest>),
);

/// In [`AgentId`] order (join order, no draw), each agent takes its whole turn: it spends
/// (`SpendTurn`), deposits if it seeds liquidity and joined this step (`seed_turn`), sells
/// (`TradeTurn`: a dumper dumps what its deposit left, in the step it joins too) and, under
/// the fee account, collects and reinvests its fees (`collect_turn`). It runs in the spend
/// phase in place of the spend, trade, liquidity and fee systems of the phases order.
pub fn whole_turns(mut agents: Query<Agent>, mut turns: Local<Turns>, mut economy: Economy) {
    let step = economy.step();
    let account = economy.pool().fee_model() == FeeModel::Account;
    for &(_, entity) in turns.by_id(agents.iter().map(|a| (*a.1, a.0))) {
        let Ok((_, id, role, mut wallet, joined, (demand, buyer), (seller, dumps), (seeder, reinvest))) =
            agents.get_mut(entity)
        else {
            continue;
        };
        let who = Actor::new(id, role);
        if let Some(demand) = demand {
            SpendTurn { demand, buyer }.take(who, &mut wallet, &mut economy);
        }
        if let Some(offer) = seeder
            && joined.0 == step
        {
            seed_turn(who, &mut wallet, offer, &mut economy);
        }
        if seller.is_some() || dumps {
            TradeTurn { seller, dumps }.take(who, &mut wallet, &mut economy);
        }
        if account && !wallet.lp.is_zero() {
            collect_turn(who, &mut wallet, reinvest, &mut economy);
        }
    }
}
