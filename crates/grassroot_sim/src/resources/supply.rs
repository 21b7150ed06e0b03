//! What was ever created or destroyed: the right-hand side of the books.
//!
//! dDT enters the economy only by minting (starting balances, or a plugin's minting) and leaves
//! it only by burning; xDAI enters only as members' starting endowments. The books check that
//! these totals equal what wallets, the pool and The Pie hold, exactly, after every step.

use bevy_ecs::resource::Resource;
use grassroot_amm::{Wad, WadError};

/// Running totals of issuance, checked against holdings after every step.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Supply {
    /// dDT ever minted.
    pub ddt_minted: Wad,
    /// dDT ever burned.
    pub ddt_burned: Wad,
    /// xDAI ever given to members.
    pub xdai_endowed: Wad,
}

impl Supply {
    /// Counts minted dDT.
    pub fn mint(&mut self, amount: Wad) -> Result<(), WadError> {
        self.ddt_minted = self.ddt_minted.checked_add(amount)?;
        Ok(())
    }

    /// Counts burned dDT.
    pub fn burn(&mut self, amount: Wad) -> Result<(), WadError> {
        self.ddt_burned = self.ddt_burned.checked_add(amount)?;
        Ok(())
    }

    /// Counts endowed xDAI.
    pub fn endow(&mut self, amount: Wad) -> Result<(), WadError> {
        self.xdai_endowed = self.xdai_endowed.checked_add(amount)?;
        Ok(())
    }

    /// dDT that should exist now: minted - burned.
    pub fn ddt_outstanding(&self) -> Result<Wad, WadError> {
        self.ddt_minted.checked_sub(self.ddt_burned)
    }
}

/// What was spent on compute this step, and what could not be.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ComputeStats {
    /// dDT spent on compute (all of it went to The Pie).
    pub spent: Wad,
    /// dDT of compute wanted but not bought: no xDAI, price above a buyer's limit, or no market.
    pub unmet: Wad,
}
