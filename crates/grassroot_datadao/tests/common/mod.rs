//! Small worlds for the dataDAO's tests: one role, a few members joining at step 0, no market.

#![allow(dead_code, reason = "each test file uses a different part of these helpers")]

use grassroot_amm::Wad;
use grassroot_config::Params;
use grassroot_datadao::{Circles, Contribution, DataDaoParams, DataDaoScenario, LockPolicy, RoleDataParams};
use grassroot_sim::bevy_ecs::world::World;
use grassroot_sim::{AgentId, Simulation, Wallet};

pub use grassroot_testkit::wad;

/// The seed's parameters with only `role`: `members` of it join at step 0 and nobody after;
/// they neither spend, sell, dump nor provide liquidity (so no market is needed) unless a test
/// turns that back on.
pub fn one_role(role: &str, members: u64) -> Params {
    let mut p = Params::seed_defaults();
    p.agents_per_entry = members;
    p.entry_steps = 1_000_000;
    p.total_steps = 1000;
    for a in &mut p.archetypes {
        a.share = if a.role == role { Wad::ONE } else { Wad::ZERO };
        a.spend_per_step = Wad::ZERO;
        a.sell_per_step = Wad::ZERO;
        a.dumps_ddt = false;
        a.seed_liquidity_ddt = Wad::ZERO;
        a.seed_liquidity_xdai = Wad::ZERO;
    }
    p
}

/// The dataDAO's defaults with `role` made exact: a first contribution of `first` KB at
/// quality exactly `quality`, no later contributions or withdrawals, lock policy `lock`, no
/// redeeming; and `CRC_ON_JOINING = on_joining`.
pub fn datadao(role: &str, first: &str, quality: &str, lock: LockPolicy, on_joining: &str) -> DataDaoParams {
    let mut d = DataDaoParams::seed_defaults().unwrap_or_else(|e| panic!("{e}"));
    d.crc_on_joining = wad(on_joining);
    let r = role_mut(&mut d, role);
    r.data_member = true;
    r.first_contribution = wad(first);
    r.quality_min = wad(quality);
    r.quality_max = wad(quality);
    r.contribution_chance = Wad::ZERO;
    r.withdraw_chance = Wad::ZERO;
    r.lock = lock;
    r.redeem_below_price = None;
    d
}

/// The parameters of `role`, to change.
pub fn role_mut<'a>(d: &'a mut DataDaoParams, role: &str) -> &'a mut RoleDataParams {
    d.roles.iter_mut().find(|r| r.role == role).unwrap_or_else(|| panic!("no role {role}"))
}

/// The simulation of the `datadao` scenario for these parameters.
pub fn build(params: &Params, datadao: DataDaoParams) -> Simulation {
    Simulation::builder(params)
        .with_plugin(DataDaoScenario::with_params(params, datadao))
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Every member's id, wallet, Circles and contribution, in id order.
pub fn members(world: &mut World) -> Vec<(u32, Wallet, Circles, Contribution)> {
    let mut q = world.query::<(&AgentId, &Wallet, &Circles, &Contribution)>();
    let mut v: Vec<_> = q.iter(world).map(|(id, w, c, k)| (id.0, *w, *c, *k)).collect();
    v.sort_by_key(|m| m.0);
    v
}
