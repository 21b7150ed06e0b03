//! The mechanism's actions as they appear in `transaction_history.csv`.

use grassroot_sim::Action;

/// A member added data to the pool (no token moves; the row shows its wallet).
pub const CONTRIBUTE: Action = Action::new("contribute");
/// A member took data out of the pool (no token moves).
pub const WITHDRAW: Action = Action::new("withdraw");
/// A member locked CRC and received as many new dDT.
pub const LOCK_MINT: Action = Action::new("lock_mint");
/// A member burned dDT and unlocked as many CRC.
pub const REDEEM: Action = Action::new("redeem");
