//! [`OriginalEconomy`]: the original's operations on the economy, built of the engine's
//! [`Economy`] operations and its counted flows, so every token still moves through the one
//! door and every token a defect creates or destroys is counted in its [`flows`](crate::flows).

use grassroot_amm::{Deposit, Pool, Wad};
use grassroot_config::DepositRule;
use grassroot_sim::{Action, Actor, Delta, Economy, TradeError, Wallet};

use crate::flows::{CREATED_BY_OVERSPEND, CREATED_BY_REINVEST, FEES_FORFEITED, PIE_UNPAID};
use crate::rules::OriginalRules;

/// The original's operations, an extension of [`Economy`]: each applies completely or changes
/// nothing and returns why, as the engine's do.
pub trait OriginalEconomy {
    /// Spends `ddt` on compute though the wallet may hold less: what it holds of `ddt` leaves
    /// it (logged as the spend), the rest is created ([`CREATED_BY_OVERSPEND`]), and all of
    /// `ddt` enters The Pie — the original's power users after a purchase that gave less.
    fn overspend_on_compute(&mut self, who: Actor, wallet: &mut Wallet, ddt: Wad) -> Result<(), TradeError>;

    /// Takes `ddt` out of The Pie and pays it to nobody (the original's payout, whose groups
    /// never match a member): counted in [`PIE_UNPAID`], not in The Pie's payouts.
    fn pay_pie_to_nobody(&mut self, ddt: Wad) -> Result<(), TradeError>;

    /// Deposits `ddt` and `xdai` by `rule` ([`Economy::deposit`]), or, under the original's
    /// LP-share rule ([`OriginalRules::lp_by_ddt`]), both whole with the LP minted counted by
    /// the dDT side ([`Pool::mint_by_ddt`]).
    fn deposit_as_original(
        &mut self,
        rules: &OriginalRules,
        who: Actor,
        wallet: &mut Wallet,
        ddt: Wad,
        xdai: Wad,
        rule: DepositRule,
    ) -> Result<Deposit, TradeError>;

    /// Collects the wallet's share of the fee account ([`Economy::collect_fees`]); under the
    /// original's reset ([`OriginalRules::fee_reset`]) the rest of the account is then
    /// forfeited ([`FEES_FORFEITED`]). Returns what it collected.
    fn collect_fees_as_original(
        &mut self,
        rules: &OriginalRules,
        who: Actor,
        wallet: &mut Wallet,
    ) -> Result<Wad, TradeError>;

    /// Deposits `amount` dDT and `amount` xDAI back into the pool as a pair deposit
    /// ([`OriginalEconomy::deposit_as_original`]); under the original's rule
    /// ([`OriginalRules::reinvest_creates_ddt`]) only the xDAI comes from the wallet and the
    /// dDT is created for the deposit ([`CREATED_BY_REINVEST`]), logged as `reinvest`.
    fn reinvest_as_original(
        &mut self,
        rules: &OriginalRules,
        who: Actor,
        wallet: &mut Wallet,
        amount: Wad,
    ) -> Result<Deposit, TradeError>;
}

impl OriginalEconomy for Economy<'_> {
    fn overspend_on_compute(&mut self, who: Actor, wallet: &mut Wallet, ddt: Wad) -> Result<(), TradeError> {
        let held = wallet.ddt.min(ddt);
        let missing = ddt.saturating_sub(held);
        self.spend_on_compute(who, wallet, held)?;
        if missing.is_zero() { Ok(()) } else { self.spend_created_on_compute(who, missing, CREATED_BY_OVERSPEND) }
    }

    fn pay_pie_to_nobody(&mut self, ddt: Wad) -> Result<(), TradeError> {
        self.discard_from_pie(ddt, PIE_UNPAID)
    }

    fn deposit_as_original(
        &mut self,
        rules: &OriginalRules,
        who: Actor,
        wallet: &mut Wallet,
        ddt: Wad,
        xdai: Wad,
        rule: DepositRule,
    ) -> Result<Deposit, TradeError> {
        if rules.lp_by_ddt {
            self.deposit_whole(who, wallet, ddt, xdai, Pool::mint_by_ddt)
        } else {
            self.deposit(who, wallet, ddt, xdai, rule)
        }
    }

    fn collect_fees_as_original(
        &mut self,
        rules: &OriginalRules,
        who: Actor,
        wallet: &mut Wallet,
    ) -> Result<Wad, TradeError> {
        let collected = self.collect_fees(who, wallet)?;
        if rules.fee_reset {
            self.forfeit_fee_account(FEES_FORFEITED)?;
        }
        Ok(collected)
    }

    fn reinvest_as_original(
        &mut self,
        rules: &OriginalRules,
        who: Actor,
        wallet: &mut Wallet,
        amount: Wad,
    ) -> Result<Deposit, TradeError> {
        if !rules.reinvest_creates_ddt {
            return self.deposit_as_original(rules, who, wallet, amount, amount, DepositRule::Pair);
        }
        if wallet.xdai < amount {
            return Err(TradeError::Insufficient { have: wallet.xdai, need: amount });
        }
        let mint = if rules.lp_by_ddt { Pool::mint_by_ddt } else { Pool::mint };
        // Both sides go whole into the pool, so the deposit's dDT, created, is `amount`.
        self.counting(CREATED_BY_REINVEST, amount, |economy| {
            economy.change_liquidity(
                who,
                wallet,
                Action::REINVEST,
                |pool| mint(pool, amount, amount),
                |dep| (Delta::ZERO, Delta::debit(dep.xdai), Delta::credit(dep.lp)),
            )
        })
    }
}
