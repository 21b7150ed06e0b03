//! One agent's turn at each behaviour, the original's way: decisions by the float balance
//! where it keeps one ([`holds`]), which then follows every change of its wallet; spending
//! beyond a balance; deposits, fee collections and reinvestments by the original's rules
//! ([`OriginalEconomy`]).

use grassroot_amm::Wad;
use grassroot_sim::systems::spend::buy_shortfall;
use grassroot_sim::{Actor, BuysShortfall, ComputeDemand, Economy, FeeReinvest, LiquiditySeeder, StepSeller, Wallet};

use crate::components::{FloatBalance, follow, holds};
use crate::economy::OriginalEconomy;
use crate::rules::OriginalRules;

/// One agent's spending in one step.
pub struct SpendTurn<'a> {
    /// What it wants to spend.
    pub demand: &'a ComputeDemand,
    /// How it buys what it lacks, if it does.
    pub buyer: Option<&'a BuysShortfall>,
    /// Carries [`Overspends`](crate::Overspends).
    pub overspends: bool,
    /// Its float balance, if it keeps one.
    pub float: Option<&'a mut FloatBalance>,
}

impl SpendTurn<'_> {
    /// As the engine's `SpendTurn`, deciding by [`holds`]: if it does not hold its demand and
    /// buys, it buys ([`buy_shortfall`]); an agent that overspends and bought spends its whole
    /// demand, the missing dDT created; otherwise it spends its demand if it holds it, what it
    /// holds if its demand is `partial`, nothing else.
    pub fn take(&mut self, who: Actor, wallet: &mut Wallet, economy: &mut Economy) {
        let want = self.demand.per_step;
        let mut bought = false;
        if let Some(buyer) = self.buyer
            && !holds(wallet.ddt, self.float.as_deref(), want)
        {
            let before = wallet.ddt;
            bought = buy_shortfall(buyer, want, who, wallet, economy);
            if bought {
                follow(&mut self.float, before, wallet.ddt);
            }
        }
        if bought && self.overspends {
            // Cannot fail but on an overflow of The Pie.
            let _ = economy.overspend_on_compute(who, wallet, want);
            if let Some(f) = self.float.as_deref_mut() {
                f.debit(want);
            }
            return;
        }
        let spend = if holds(wallet.ddt, self.float.as_deref(), want) {
            want.min(wallet.ddt)
        } else if self.demand.partial {
            wallet.ddt
        } else {
            Wad::ZERO
        };
        if spend > Wad::ZERO {
            let before = wallet.ddt;
            // Cannot fail: the wallet holds `spend`; an overflow of The Pie is reported as a fault.
            let _ = economy.spend_on_compute(who, wallet, spend);
            follow(&mut self.float, before, wallet.ddt);
        }
    }
}

/// One agent's selling in one step.
pub struct TradeTurn<'a> {
    /// Its fixed sale per step, if it has one.
    pub seller: Option<&'a StepSeller>,
    /// Whether it dumps everything it holds.
    pub dumps: bool,
    /// Its float balance, if it keeps one.
    pub float: Option<&'a mut FloatBalance>,
}

impl TradeTurn<'_> {
    /// As the engine's `TradeTurn`, deciding by [`holds`]: a dumper sells all its dDT; a step
    /// seller that holds its amount sells it (what it holds, if less); one that does not sells
    /// what it holds if `partial`, nothing else.
    pub fn take(&mut self, who: Actor, wallet: &mut Wallet, economy: &mut Economy) {
        let amount = match self.seller {
            _ if self.dumps => wallet.ddt,
            Some(s) if holds(wallet.ddt, self.float.as_deref(), s.per_step) => s.per_step.min(wallet.ddt),
            Some(s) if s.partial => wallet.ddt,
            _ => return,
        };
        if !amount.is_zero() {
            let before = wallet.ddt;
            if economy.sell_ddt(who, wallet, amount).is_ok() {
                follow(&mut self.float, before, wallet.ddt);
            }
        }
    }
}

/// Deposits up to the offer's amounts (no more than the wallet holds) by the original's rules
/// ([`OriginalEconomy::deposit_as_original`]).
pub fn seed_turn(
    rules: &OriginalRules,
    who: Actor,
    wallet: &mut Wallet,
    offer: &LiquiditySeeder,
    mut float: Option<&mut FloatBalance>,
    economy: &mut Economy,
) {
    let (ddt, xdai) = offer.amounts(wallet);
    if !ddt.is_zero() && !xdai.is_zero() {
        let before = wallet.ddt;
        if economy.deposit_as_original(rules, who, wallet, ddt, xdai, offer.rule).is_ok() {
            follow(&mut float, before, wallet.ddt);
        }
    }
}

/// Collects the wallet's share of the fee account and deposits [`FeeReinvest::of`] it back,
/// by the original's rules ([`OriginalEconomy::collect_fees_as_original`],
/// [`OriginalEconomy::reinvest_as_original`]); a reinvestment the wallet or the pool cannot
/// take is skipped and the fees are kept.
pub fn collect_turn(
    rules: &OriginalRules,
    who: Actor,
    wallet: &mut Wallet,
    reinvest: Option<&FeeReinvest>,
    mut float: Option<&mut FloatBalance>,
    economy: &mut Economy,
) {
    let Ok(collected) = economy.collect_fees_as_original(rules, who, wallet) else { return };
    let again = reinvest.map_or(Wad::ZERO, |r| r.of(collected));
    if !again.is_zero() {
        let before = wallet.ddt;
        if economy.reinvest_as_original(rules, who, wallet, again).is_ok() {
            follow(&mut float, before, wallet.ddt);
        }
    }
}
