//! The components an agent is made of: identity, role, wallet, and behaviours with their
//! parameters.
//!
//! Systems select agents by the behaviour components they carry, never by role name, so an
//! archetype is just a bundle of these (plus any component of a plugin's own).

use bevy_ecs::component::Component;
use grassroot_amm::Wad;
use grassroot_config::{BuyRule, DepositRule, PieUse};

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
/// carries [`BuysShortfall`]; nothing when it holds less and `partial` is false).
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ComputeDemand {
    /// dDT the agent wants to spend each step.
    pub per_step: Wad,
    /// Spends what it holds when that is less than `per_step`; if false, spends nothing then.
    pub partial: bool,
}

/// Buys what it lacks of its [`ComputeDemand`] from the market (exact-output swap) before
/// spending; what it cannot buy is counted as unmet demand.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuysShortfall {
    /// Buys only while the spot price (xDAI per dDT) is at most this; `None` buys at any price.
    pub max_price: Option<Wad>,
    /// Exactly the shortfall, or the demand's worth at the spot price in xDAI.
    pub rule: BuyRule,
}

/// Sells up to `per_step` dDT for xDAI each step, in the trade phase.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepSeller {
    /// dDT sold each step (as much as it holds, if less and `partial`).
    pub per_step: Wad,
    /// Sells what it holds when that is less than `per_step`; if false, sells nothing then.
    pub partial: bool,
}

/// Sells every dDT it holds in each trade phase (the degens' dump).
#[derive(Component, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dumper;

/// Deposits liquidity in the liquidity phase of the step it joins: by [`DepositRule::Pair`]
/// both amounts whole (the first deposit opens the pool at their ratio), by
/// [`DepositRule::Router`] the pool's ratio of them, leaving the rest in the wallet.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiquiditySeeder {
    /// dDT offered.
    pub ddt: Wad,
    /// xDAI offered.
    pub xdai: Wad,
    /// How the amounts are deposited.
    pub rule: DepositRule,
}

impl LiquiditySeeder {
    /// The dDT and xDAI it offers out of `wallet`: its amounts, or what the wallet holds if less.
    pub fn amounts(&self, wallet: &Wallet) -> (Wad, Wad) {
        (self.ddt.min(wallet.ddt), self.xdai.min(wallet.xdai))
    }
}

/// With the fee account ([`grassroot_amm::FeeModel::Account`]): the fraction of the fees it
/// collects that an LP holder deposits back, as that many dDT and xDAI. LP holders without it
/// keep all they collect.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeeReinvest {
    /// Fraction of each collection reinvested, in [0, 1].
    pub share: Wad,
}

impl FeeReinvest {
    /// What it deposits back of `collected` fees: `floor(collected x share)`.
    pub fn of(&self, collected: Wad) -> Wad {
        collected.mul_frac(self.share).unwrap_or(Wad::ZERO)
    }
}

/// Receives its group's share of The Pie's payouts and keeps or sells it.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PieRecipient {
    /// What the agent does with each payout.
    pub share_use: PieUse,
}
