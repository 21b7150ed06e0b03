//! Governance's systems, one file per job, all in the engine's governance phase (after The
//! Pie's payout) except the columns: opening a proposal with its snapshot, casting and counting
//! the step's votes and closing proposals, executing those due, filling the columns.

pub mod execute;
pub mod metrics;
pub mod propose;
pub mod vote;
