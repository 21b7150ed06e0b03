//! Counted operations: how a plugin's own rules create or destroy tokens outside the doors of
//! [`Economy`] (minting, burning, endowing), each through a [`Flow`] counted in [`Supply`](crate::Supply), so
//! the books still balance exactly. A count that would overflow is the step's fault, naming the
//! flow's column.
//!
//! A plugin's extension of the economy (the original simulation's defects, say, in
//! `grassroot_original`) is built of these and of the ordinary operations; it never touches a
//! resource itself. Each operation applies completely or changes nothing and returns why.

use grassroot_amm::Wad;

use super::{Actor, Economy, TradeError};
use crate::resources::supply::Flow;

impl Economy<'_> {
    /// Runs `op`, an operation of the caller's that creates or destroys `amount` of `flow`'s
    /// token besides what its own accounting covers (dDT created for a deposit, say, in
    /// [`Economy::change_liquidity`]), and counts `amount` in `flow` if it succeeds. Nothing
    /// happens if the count would overflow.
    pub fn counting<R>(
        &mut self,
        flow: Flow,
        amount: Wad,
        op: impl FnOnce(&mut Self) -> Result<R, TradeError>,
    ) -> Result<R, TradeError> {
        let total = self.supply.counted(flow, amount).map_err(|_| self.overflow(flow.name()))?;
        let done = op(self)?;
        self.supply.count(flow, total);
        Ok(done)
    }

    /// Spends `ddt` dDT on compute for `who` that no wallet held: created through `flow`, they
    /// enter The Pie as a compute spend (counted in [`ComputeStats`](crate::ComputeStats) and
    /// listed in [`ComputeSpends`](crate::ComputeSpends) like any). No wallet moves, so
    /// nothing is logged.
    pub fn spend_created_on_compute(&mut self, who: Actor, ddt: Wad, flow: Flow) -> Result<(), TradeError> {
        let total = self.supply.counted(flow, ddt).map_err(|_| self.overflow(flow.name()))?;
        let spent = self.compute.spent.checked_add(ddt).map_err(|_| self.overflow("compute_spent_ddt"))?;
        self.pie.receive(ddt).map_err(|_| self.overflow(super::PIE_RECEIVED))?;
        self.compute.spent = spent;
        self.supply.count(flow, total);
        if let Some(spends) = &mut self.spends {
            spends.push(who, ddt);
        }
        Ok(())
    }

    /// Takes `ddt` out of The Pie to nowhere, destroyed through `flow`: not a payout (The
    /// Pie's `paid_out` is unchanged) and not a burn. No wallet moves, so nothing is logged.
    pub fn discard_from_pie(&mut self, ddt: Wad, flow: Flow) -> Result<(), TradeError> {
        let total = self.supply.counted(flow, ddt).map_err(|_| self.overflow(flow.name()))?;
        self.pie.discard(ddt).map_err(|_| TradeError::Insufficient { have: self.pie.balance(), need: ddt })?;
        self.supply.count(flow, total);
        Ok(())
    }

    /// Empties the pool's fee account ([`grassroot_amm::FeeModel::Account`]), its xDAI
    /// destroyed through `flow`. Returns what it held.
    pub fn forfeit_fee_account(&mut self, flow: Flow) -> Result<Wad, TradeError> {
        let held = self.market.pool().fee_account();
        let total = self.supply.counted(flow, held).map_err(|_| self.overflow(flow.name()))?;
        let cleared = self.market.pool_mut().clear_fee_account();
        self.supply.count(flow, total);
        Ok(cleared)
    }
}
