//! What was ever created or destroyed: the right-hand side of the books.
//!
//! dDT enters the economy only by minting (starting balances, or a plugin's minting) and leaves
//! it only by burning; xDAI enters only as members' starting endowments. The books check that
//! these totals equal what wallets, the pool and The Pie hold, exactly, after every step.
//!
//! The original simulation's defects (`--scenario original`, see [`crate::original`]) create
//! and destroy tokens outside those doors; each is its own counted flow here, so the books
//! still balance exactly with them on one side: dDT created by reinvested fees and by spending
//! beyond a balance, dDT of The Pie's payout that reaches nobody, and xDAI fees forfeited when
//! a collector resets the fee account. All four stay 0 in every other scenario.

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
    /// dDT created to pair with reinvested fees (the original's defect).
    pub ddt_created_by_reinvest: Wad,
    /// dDT created when a member spent more than it held (the original's defect).
    pub ddt_created_by_overspend: Wad,
    /// dDT of The Pie's payouts that reached no member (the original's defect).
    pub ddt_pie_unpaid: Wad,
    /// xDAI fees forfeited when a collector reset the fee account (the original's defect).
    pub xdai_fees_forfeited: Wad,
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

    /// dDT that should exist now: minted + created - burned - unpaid.
    pub fn ddt_outstanding(&self) -> Result<Wad, WadError> {
        self.ddt_minted
            .checked_add(self.ddt_created_by_reinvest)?
            .checked_add(self.ddt_created_by_overspend)?
            .checked_sub(self.ddt_burned)?
            .checked_sub(self.ddt_pie_unpaid)
    }

    /// xDAI that should exist now: endowed - forfeited.
    pub fn xdai_outstanding(&self) -> Result<Wad, WadError> {
        self.xdai_endowed.checked_sub(self.xdai_fees_forfeited)
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
