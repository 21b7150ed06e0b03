//! The Pie as a treasury: what may be done with the dDT it kept besides paying it out — burn
//! it, grant it to a member, turn it into protocol-owned liquidity — and the run's parameters
//! that a governance may change (the pool fee, The Pie's payout rate).
//!
//! Like every other [`Economy`] method, each one applies completely or changes nothing and
//! returns why; tokens move only between The Pie, the supply books, the pool and a wallet, so
//! the books still balance exactly (The Pie's LP tokens are in the LP identity). None of them
//! is used by the seed scenario.

use grassroot_amm::{Wad, Zap};

use super::{Actor, Economy, TradeError, need};
use crate::components::Wallet;
use crate::resources::tx::{Action, Delta};

impl Economy<'_> {
    /// Burns `ddt` of The Pie's dDT: it leaves The Pie and is counted in
    /// [`Supply::ddt_burned`](crate::Supply). Not a payout (The Pie's `paid_out` is unchanged);
    /// no wallet moves, so nothing is logged.
    pub fn burn_from_pie(&mut self, ddt: Wad) -> Result<(), TradeError> {
        need(self.pie.balance(), ddt)?;
        let mut supply = self.supply.clone();
        supply.burn(ddt).map_err(|_| self.overflow("ddt_burned"))?;
        self.pie.discard(ddt).map_err(|_| TradeError::Insufficient { have: self.pie.balance(), need: ddt })?;
        *self.supply = supply;
        Ok(())
    }

    /// Pays `ddt` of The Pie's dDT to a member outside the payout (a grant), logged as
    /// `action`; The Pie's `paid_out` is unchanged.
    pub fn grant_from_pie(
        &mut self,
        who: Actor,
        wallet: &mut Wallet,
        ddt: Wad,
        action: Action,
    ) -> Result<(), TradeError> {
        need(self.pie.balance(), ddt)?;
        let credited = wallet.ddt.checked_add(ddt).map_err(|_| TradeError::Overflow)?;
        self.pie.discard(ddt).map_err(|_| TradeError::Insufficient { have: self.pie.balance(), need: ddt })?;
        wallet.ddt = credited;
        self.log(who, action, Delta::credit(ddt), Delta::ZERO, Delta::ZERO, wallet);
        Ok(())
    }

    /// Turns `ddt` of The Pie's dDT into protocol-owned liquidity ([`grassroot_amm::Pool::zap_ddt`]):
    /// the pool sells part of it for xDAI and takes the rest with that xDAI as a pair deposit;
    /// The Pie holds the LP tokens minted. The sale counts in the step's trade statistics like
    /// any swap; no wallet moves, so nothing is logged.
    pub fn pie_into_liquidity(&mut self, ddt: Wad) -> Result<Zap, TradeError> {
        need(self.pie.balance(), ddt)?;
        if !self.market.pool().is_open() {
            return Err(TradeError::PoolClosed);
        }
        let mut pool = self.market.pool().clone();
        let zap = pool.zap_ddt(ddt).map_err(TradeError::Amm)?;
        let mut pie = self.pie.clone();
        pie.discard(ddt).map_err(|_| TradeError::Insufficient { have: self.pie.balance(), need: ddt })?;
        pie.receive_lp(zap.deposit.lp).map_err(|_| TradeError::Overflow)?;
        *self.market.pool_mut() = pool;
        *self.pie = pie;
        if let Err(column) = self.market.record(&zap.swap) {
            self.overflow(column);
        }
        Ok(zap)
    }

    /// Sets the pool's swap fee for later swaps, in parts per million (below 1,000,000).
    pub fn set_pool_fee(&mut self, fee_ppm: u32) -> Result<(), TradeError> {
        self.market.pool_mut().set_fee_ppm(fee_ppm).map_err(TradeError::Amm)
    }

    /// Sets the fraction of its balance The Pie pays out each step, from the next payout on
    /// (at most 1).
    pub fn set_pie_payout_rate(&mut self, rate: Wad) {
        self.pie.set_payout_rate(rate);
    }
}
