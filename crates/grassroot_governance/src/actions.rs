//! Governance's actions as they appear in `transaction_history.csv`. None but `grant` moves a
//! token; the others show the member's wallet as it is.

use grassroot_sim::Action;

/// A member opened a proposal.
pub const PROPOSE: Action = Action::new("propose");
/// A member voted (logged only when the log is on, as every row).
pub const VOTE: Action = Action::new("vote");
/// A passed proposal took effect (logged for its proposer).
pub const EXECUTE: Action = Action::new("execute");
/// A member received a grant from The Pie.
pub const GRANT: Action = Action::new("grant");
