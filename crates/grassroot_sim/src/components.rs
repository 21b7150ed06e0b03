//! The components an agent is made of: identity, role, wallet, and behaviours with their
//! parameters.
//!
//! Systems select agents by the behaviour components they carry, never by role name, so an
//! archetype is just a bundle of these (plus any component of a plugin's own).

use bevy_ecs::component::Component;
use grassroot_amm::Wad;
use grassroot_config::PieUse;

/// A stable agent number, in order of joining (0, 1, 2, ...), as it appears in the logs.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AgentId(pub u32);

/// The agent's role: an index into the [`Roles`](crate::Roles) registry.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Role(pub u16);

impl Role {
    /// The role's index as a `usize`, for per-role tables.
    #[inline]
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// What an agent holds: dDT, xDAI and LP tokens of the pool, all exact.
#[derive(Component, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Wallet {
    /// dataDAO tokens.
    pub ddt: Wad,
    /// xDAI.
    pub xdai: Wad,
    /// LP tokens of the dDT/xDAI pool.
    pub lp: Wad,
}

/// The step at which the agent joined.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Joined(pub u64);

/// Spends up to `per_step` dDT on compute each step (as much as it holds, unless it also
/// carries [`BuysShortfall`]).
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ComputeDemand {
    /// dDT the agent wants to spend each step.
    pub per_step: Wad,
}

/// Buys what it lacks of its [`ComputeDemand`] from the market (exact-output swap) before
/// spending; what it cannot buy is counted as unmet demand.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuysShortfall {
    /// Buys only while the spot price (xDAI per dDT) is at most this; `None` buys at any price.
    pub max_price: Option<Wad>,
}

/// Sells up to `per_step` dDT for xDAI each step, in the trade phase.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepSeller {
    /// dDT sold each step (as much as it holds, if less).
    pub per_step: Wad,
}

/// Sells every dDT it holds in each trade phase (the degens' dump).
#[derive(Component, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dumper;

/// Deposits liquidity in the liquidity phase of the step it joins (router-style: the first
/// deposit opens the pool at this ratio, later ones take the optimal amounts at the pool's
/// ratio and leave the rest in the wallet).
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiquiditySeeder {
    /// dDT offered.
    pub ddt: Wad,
    /// xDAI offered.
    pub xdai: Wad,
}

/// Receives its group's share of The Pie's payouts and keeps or sells it.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PieRecipient {
    /// What the agent does with each payout.
    pub share_use: PieUse,
}
