//! The engine's built-in systems, one file per phase.

pub mod begin;
pub mod entry;
pub mod liquidity;
pub mod metrics;
pub mod pie;
pub mod spend;
pub mod trade;
pub mod whole_turns;

pub use whole_turns::whole_turns;
