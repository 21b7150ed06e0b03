//! Members' choices about their Circles and The Pie: when to lock CRC and mint dDT, when to
//! redeem, what happens when a withdrawal leaves a member over its cap, and how The Pie splits
//! a use case's payout.

use bevy_ecs::component::Component;
use grassroot_amm::Wad;
use grassroot_config::Choice;

/// When a member locks CRC to mint dDT, each step after it joins. On joining, every member
/// whose policy is not [`LockPolicy::Never`] locks all it may (that is its starting dDT).
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockPolicy {
    /// Lock all it may: `min(cap - locked, held)`.
    All,
    /// Lock this fraction of what it may (rounded down).
    Fraction(Wad),
    /// Lock all it may, but only while the pool is open and the dDT price (xDAI per dDT) is
    /// strictly above this.
    AbovePrice(Wad),
    /// Never lock (not even on joining).
    Never,
}

/// Redeems: burns the dDT it holds (up to what it has locked) and unlocks as much CRC, while
/// the pool is open and the dDT price is at or below `below_price` (xDAI per dDT).
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct RedeemPolicy {
    /// The price at or below which the member redeems.
    pub below_price: Wad,
}

/// What happens to CRC already locked when a withdrawal of data leaves a member with more
/// locked than its cap allows. In both cases it mints no more until it is back under its cap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OverCap {
    /// The lock stays (the dDT minted against data since withdrawn stays in circulation).
    #[default]
    Keep,
    /// The excess is unlocked at once: the member redeems up to the excess from the dDT it holds
    /// (dDT it sold or spent cannot be recalled, so the excess may remain in part).
    Unlock,
}

impl Choice for OverCap {
    const NAMES: &'static [(&'static str, Self)] = &[("keep", OverCap::Keep), ("unlock", OverCap::Unlock)];
}

/// How The Pie splits what it pays out of a use case's book among the members of a group who
/// permit that use case.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PieSplit {
    /// In proportion to their Contribution Weight (`floor(group * weight / total weight)`).
    #[default]
    Weighted,
    /// Equally, as in the seed (`floor(group / members)`).
    Equal,
}

impl Choice for PieSplit {
    const NAMES: &'static [(&'static str, Self)] = &[("weighted", PieSplit::Weighted), ("equal", PieSplit::Equal)];
}
