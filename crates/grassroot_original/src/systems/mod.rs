//! The original's systems: its behaviours' turns, by phases or as whole turns in join order
//! (`turns`, `phases`, `whole_turns`), its Pie payouts (`pie`), the float balances of
//! newcomers (`entry`) and its columns (`metrics`).

pub mod entry;
pub mod metrics;
pub mod phases;
pub mod pie;
pub mod turns;
pub mod whole_turns;

pub use whole_turns::whole_turns;
