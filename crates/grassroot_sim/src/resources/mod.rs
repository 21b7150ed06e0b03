//! The engine's resources: the world's shared state, one file each. The core inserts all of
//! them when a [`SimBuilder`](crate::SimBuilder) is made (except [`ComputeSpends`](spends::ComputeSpends),
//! which a plugin opts in to); systems read and change them, the report layer reads them
//! between steps.
//!
//! - [`clock`]: which step is running, of how many.
//! - [`fault`]: the errors that stop a run, and the resource systems report them through.
//! - [`market`]: the dDT/xDAI pool and what traded through it this step.
//! - [`metrics`]: the step's metric row and the holdings by role every metric reads.
//! - [`pie`]: The Pie, the treasury that pays member groups.
//! - [`population`]: when members join, and who joined this step.
//! - [`rng`]: the run's one seeded source of randomness, and the agents' turns.
//! - [`roles`]: the registry of roles: names, shares, head counts.
//! - [`spends`]: the step's compute spends, for plugins that attribute them.
//! - [`supply`]: what was ever minted, burned or endowed, and the step's compute statistics.
//! - [`tx`]: the step's transactions.
//!
//! Their public paths are also the crate's own (`grassroot_sim::clock::Clock`, ...).

pub mod clock;
pub mod fault;
pub mod market;
pub mod metrics;
pub mod pie;
pub mod population;
pub mod rng;
pub mod roles;
pub mod spends;
pub mod supply;
pub mod tx;
