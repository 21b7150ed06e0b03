//! The Pie: the treasury that receives every dDT spent on compute and pays a share of what it
//! holds back to member groups each step. It may also hold LP tokens of the pool, its
//! protocol-owned liquidity (put there by governance), which it never pays out.

use bevy_ecs::resource::Resource;
use grassroot_amm::{Wad, WadError};

/// The Pie's balance, its LP tokens and this step's flows.
#[derive(Resource, Clone, Debug, PartialEq, Eq)]
pub struct Pie {
    balance: Wad,
    lp: Wad,
    payout_rate: Wad,
    inflow: Wad,
    paid_out: Wad,
}

impl Pie {
    /// An empty Pie that pays out `payout_rate` (a fraction, 1.0 = `Wad::ONE`) of its balance
    /// each step.
    pub fn new(payout_rate: Wad) -> Pie {
        Pie { balance: Wad::ZERO, lp: Wad::ZERO, payout_rate, inflow: Wad::ZERO, paid_out: Wad::ZERO }
    }

    /// dDT held now.
    pub fn balance(&self) -> Wad {
        self.balance
    }

    /// LP tokens of the pool held now: protocol-owned liquidity (0 unless governance put some
    /// there). Counted in the books' LP identity like any holder's.
    pub fn lp(&self) -> Wad {
        self.lp
    }

    /// The fraction of its balance paid out each step.
    pub fn payout_rate(&self) -> Wad {
        self.payout_rate
    }

    /// Changes the payout fraction (clamped to at most 1).
    pub fn set_payout_rate(&mut self, rate: Wad) {
        self.payout_rate = rate.min(Wad::ONE);
    }

    /// dDT received this step.
    pub fn inflow(&self) -> Wad {
        self.inflow
    }

    /// dDT paid to members this step.
    pub fn paid_out(&self) -> Wad {
        self.paid_out
    }

    /// Forgets this step's flows (when a step begins).
    pub fn begin_step(&mut self) {
        self.inflow = Wad::ZERO;
        self.paid_out = Wad::ZERO;
    }

    /// Receives dDT spent on compute.
    pub(crate) fn receive(&mut self, amount: Wad) -> Result<(), WadError> {
        let (balance, inflow) = (self.balance.checked_add(amount)?, self.inflow.checked_add(amount)?);
        (self.balance, self.inflow) = (balance, inflow);
        Ok(())
    }

    /// Pays `amount` out to a member.
    pub(crate) fn pay(&mut self, amount: Wad) -> Result<(), WadError> {
        let (balance, paid_out) = (self.balance.checked_sub(amount)?, self.paid_out.checked_add(amount)?);
        (self.balance, self.paid_out) = (balance, paid_out);
        Ok(())
    }

    /// Removes `amount` without paying anyone and without counting it as paid out (a burn, a
    /// grant, a flow of a plugin's own).
    pub(crate) fn discard(&mut self, amount: Wad) -> Result<(), WadError> {
        self.balance = self.balance.checked_sub(amount)?;
        Ok(())
    }

    /// Receives LP tokens minted for a deposit of The Pie's own dDT.
    pub(crate) fn receive_lp(&mut self, lp: Wad) -> Result<(), WadError> {
        self.lp = self.lp.checked_add(lp)?;
        Ok(())
    }

    /// This step's payout budget: `floor(balance * payout_rate)`.
    pub fn payout_budget(&self) -> Wad {
        self.balance.mul_frac(self.payout_rate).unwrap_or(self.balance)
    }
}
