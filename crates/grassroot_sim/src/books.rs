//! The books: identities between what was issued and what is held, checked exactly.
//!
//! The engine checks its own (dDT, xDAI, LP) after every step; a plugin that issues something
//! of its own (CRC, say) checks its identities with the same [`check`], so every mismatch is
//! reported the same way: the step, the identity, both sides and the difference.

use bevy_ecs::resource::Resource;
use grassroot_amm::Wad;

use crate::resources::fault::{Faults, SimError};

/// Whether the books are checked after every step (`CHECK_BOOKS`, on by default).
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckBooks(pub bool);

/// One identity: `issued` must equal `held`, exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Identity {
    /// What is compared, e.g. `dDT: minted - burned = wallets + pool + pie`.
    pub quantity: &'static str,
    /// The left-hand side: what was issued.
    pub issued: Wad,
    /// The right-hand side: what is held.
    pub held: Wad,
}

/// The exact sum of `parts`; `Wad::MAX` if it overflows (no valid issued amount equals it, so
/// the identity fails and is reported rather than wrapping).
pub fn sum(parts: &[Wad]) -> Wad {
    parts.iter().try_fold(Wad::ZERO, |acc, w| acc.checked_add(*w)).unwrap_or(Wad::MAX)
}

/// Reports the first identity that does not hold as a fault of `step`; `true` if all hold.
pub fn check(step: u64, identities: &[Identity], faults: &mut Faults) -> bool {
    match identities.iter().find(|i| i.issued != i.held) {
        Some(&Identity { quantity, issued, held }) => {
            faults.report(SimError::Books { step, quantity, issued, held });
            false
        }
        None => true,
    }
}
