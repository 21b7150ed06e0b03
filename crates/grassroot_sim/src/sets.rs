//! The system sets of a tick: the chained phases of [`SimSet`], and the stages inside two of
//! them ([`EntrySystems`] in [`SimSet::Entry`], [`MetricsStage`] in [`SimSet::Metrics`]).
//!
//! Every system of the engine and of every plugin joins one of these, with
//! [`SimBuilder::add_systems`](crate::SimBuilder::add_systems); plugins order against sets,
//! never against another plugin's function. The order is fixed: agents arrive, then spend on
//! compute (buying what they lack), then trade, then provide liquidity, then The Pie pays out,
//! then governance acts on what The Pie kept, then the step is measured.

use bevy_ecs::schedule::SystemSet;

/// The phases of a tick, run in declaration order.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SimSet {
    /// New agents join; their starting balances are minted and endowed.
    Entry,
    /// Agents spend dDT on compute (buying a shortfall first, where their archetype does).
    Spend,
    /// Agents sell or dump dDT, or trade by their own rules.
    Trade,
    /// Agents add or remove liquidity.
    Liquidity,
    /// The Pie pays out to its member groups, who keep or sell their share.
    PieDistribution,
    /// Members govern what The Pie kept and the run's parameters: proposals open, votes are
    /// cast, passed proposals are executed. Empty unless a plugin (governance) adds systems.
    Governance,
    /// Holdings are tallied, the books checked and the step's metric row filled.
    Metrics,
}

impl SimSet {
    /// Every phase, in the order a tick runs them.
    pub const ALL: [SimSet; 7] = [
        SimSet::Entry,
        SimSet::Spend,
        SimSet::Trade,
        SimSet::Liquidity,
        SimSet::PieDistribution,
        SimSet::Governance,
        SimSet::Metrics,
    ];
}

/// The entry systems (admitting members, endowing newcomers) inside [`SimSet::Entry`], after
/// the step's reset. A plugin that acts on the step's newcomers adds its systems to
/// [`SimSet::Entry`] `.after(EntrySystems)`.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntrySystems;

/// Stages inside [`SimSet::Metrics`]: holdings are tallied and the books checked before any
/// metric system records a value.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricsStage {
    /// Tally holdings and check the books (the engine's, and a plugin's own).
    Tally,
    /// Metric systems (standard and custom) fill the row.
    Record,
}
