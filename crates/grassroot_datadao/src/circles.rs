//! [`Circles`]: a data member's personal CRC, held or locked as collateral of dDT.

use bevy_ecs::component::Component;
use grassroot_amm::Wad;

/// A member's personal Circles, exact: what it holds (and may lock, subject to demurrage) and
/// what it has locked as collateral of the dDT it minted (1 CRC per dDT).
#[derive(Component, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Circles {
    /// CRC held, unlocked.
    pub held: Wad,
    /// CRC locked as collateral.
    pub locked: Wad,
}
