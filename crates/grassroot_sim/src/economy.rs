//! [`Economy`]: the one door through which agents' balances change.
//!
//! Every trade, deposit, compute spend, Pie payout, mint and endowment of an agent goes through
//! these methods, which move the exact amounts between the wallet and the pool, The Pie or the
//! supply; log a [`Tx`]; and count the step's statistics. A plugin's behaviour system takes an
//! `Economy` as a parameter and gets all of that for free. Every method either applies
//! completely or changes nothing and returns why. What The Pie itself does with what it kept
//! (burn it, grant it, turn it into liquidity) and the parameters a governance may change are
//! in [`treasury`]; the counted operations through which a plugin's own rules create or
//! destroy tokens outside these doors (each a [`Flow`](crate::supply::Flow)) are in [`flows`].

use std::fmt;

use bevy_ecs::system::{ResMut, SystemParam};
use grassroot_amm::{AmmError, Deposit, Order, Pool, Side, Swap, Wad, Withdrawal};
use grassroot_config::DepositRule;

use crate::components::{AgentId, Role, Wallet};
use crate::resources::clock::Clock;
use crate::resources::fault::{Faults, SimError};
use crate::resources::market::Market;
use crate::resources::pie::Pie;
use crate::resources::spends::ComputeSpends;
use crate::resources::supply::{ComputeStats, Supply};
use crate::resources::tx::{Action, Delta, Tx, TxLog};

pub mod flows;
pub mod treasury;

/// What an overflow of The Pie's intake names: its balance and the step's inflow.
const PIE_RECEIVED: &str = "pie_ddt or pie_inflow";

/// Who acts: the agent's id and role, as logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The agent.
    pub id: AgentId,
    /// Its role.
    pub role: Role,
}

impl Actor {
    /// An actor from its components.
    #[inline]
    pub fn new(id: &AgentId, role: &Role) -> Actor {
        Actor { id: *id, role: *role }
    }
}

/// Why an agent's operation did not happen. Nothing changed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TradeError {
    /// The pool has no liquidity yet.
    PoolClosed,
    /// The wallet holds less than the operation needs.
    Insufficient {
        /// Held.
        have: Wad,
        /// Needed.
        need: Wad,
    },
    /// The pool refused (see the AMM error).
    Amm(AmmError),
    /// A balance would exceed 2^128 - 1 base units.
    Overflow,
}

impl fmt::Display for TradeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TradeError::PoolClosed => f.write_str("the pool is not open yet"),
            TradeError::Insufficient { have, need } => write!(f, "holds {have}, needs {need}"),
            TradeError::Amm(e) => e.fmt(f),
            TradeError::Overflow => f.write_str("balance overflow"),
        }
    }
}

impl std::error::Error for TradeError {}

impl From<AmmError> for TradeError {
    fn from(e: AmmError) -> Self {
        TradeError::Amm(e)
    }
}

/// Everything an agent's action touches besides its own wallet, as one system parameter.
#[derive(SystemParam)]
pub struct Economy<'w> {
    market: ResMut<'w, Market>,
    pie: ResMut<'w, Pie>,
    supply: ResMut<'w, Supply>,
    compute: ResMut<'w, ComputeStats>,
    spends: Option<ResMut<'w, ComputeSpends>>,
    log: ResMut<'w, TxLog>,
    faults: ResMut<'w, Faults>,
    clock: bevy_ecs::system::Res<'w, Clock>,
}

impl Economy<'_> {
    /// The pool (read-only; trade through the methods below).
    pub fn pool(&self) -> &Pool {
        self.market.pool()
    }

    /// The Pie (read-only).
    pub fn pie(&self) -> &Pie {
        &self.pie
    }

    /// The step being computed.
    pub fn step(&self) -> u64 {
        self.clock.step
    }

    /// Sells exactly `ddt_in` dDT for as much xDAI as the pool gives.
    pub fn sell_ddt(&mut self, who: Actor, wallet: &mut Wallet, ddt_in: Wad) -> Result<Swap, TradeError> {
        need(wallet.ddt, ddt_in)?;
        self.swap(who, wallet, Order::ExactIn { side: Side::SellDdt, amount_in: ddt_in, min_out: Wad::ZERO })
    }

    /// Buys exactly `ddt_out` dDT, paying at most all the wallet's xDAI.
    pub fn buy_ddt(&mut self, who: Actor, wallet: &mut Wallet, ddt_out: Wad) -> Result<Swap, TradeError> {
        let max_in = wallet.xdai;
        self.swap(who, wallet, Order::ExactOut { side: Side::BuyDdt, amount_out: ddt_out, max_in })
    }

    /// Spends exactly `xdai_in` xDAI on as much dDT as the pool gives.
    pub fn buy_ddt_with(&mut self, who: Actor, wallet: &mut Wallet, xdai_in: Wad) -> Result<Swap, TradeError> {
        need(wallet.xdai, xdai_in)?;
        self.swap(who, wallet, Order::ExactIn { side: Side::BuyDdt, amount_in: xdai_in, min_out: Wad::ZERO })
    }

    /// Makes the swap `order` and the wallet's side of it together, or neither
    /// ([`Pool::swap_if`]: the pool moves only if the wallet can take the trade).
    fn swap(&mut self, who: Actor, wallet: &mut Wallet, order: Order) -> Result<Swap, TradeError> {
        if !self.market.pool().is_open() {
            self.market.stats_mut().skipped_closed += 1;
            return Err(TradeError::PoolClosed);
        }
        let market = &mut *self.market;
        let traded = market.pool_mut().swap_if(order, |swap| {
            let (ddt, xdai) = legs(swap);
            apply(wallet, ddt, xdai, Delta::ZERO)
        });
        let (swap, after) = match traded {
            Ok(traded) => traded,
            Err(e) => {
                if matches!(e, TradeError::Amm(_)) {
                    market.stats_mut().failed += 1;
                }
                return Err(e);
            }
        };
        *wallet = after;
        if let Err(column) = market.record(&swap) {
            self.overflow(column);
        }
        if self.log.is_enabled() {
            let (ddt, xdai) = legs(&swap);
            let action = if swap.side == Side::SellDdt { Action::SELL } else { Action::BUY };
            self.log(who, action, ddt, xdai, Delta::ZERO, wallet);
        }
        Ok(swap)
    }

    /// Makes a liquidity operation `op` on the pool and its three changes to the wallet (dDT,
    /// xDAI, LP, as `legs` reads them off its result) together, or neither, and logs them as
    /// `action`. A refusal by the pool is counted as a failed operation. The deposits and
    /// withdrawals below are such operations; a plugin's own (another way to mint LP, say) is
    /// one too, and if it creates or destroys tokens besides, it runs inside
    /// [`Economy::counting`].
    pub fn change_liquidity<R>(
        &mut self,
        who: Actor,
        wallet: &mut Wallet,
        action: Action,
        op: impl FnOnce(&mut Pool) -> Result<R, AmmError>,
        legs: impl FnOnce(&R) -> (Delta, Delta, Delta),
    ) -> Result<R, TradeError> {
        let mut trial = self.market.pool().clone();
        let done = op(&mut trial).map_err(|e| {
            self.market.stats_mut().failed += 1;
            TradeError::Amm(e)
        })?;
        let (d, x, l) = legs(&done);
        let after = apply(wallet, d, x, l)?;
        *self.market.pool_mut() = trial;
        *wallet = after;
        self.log(who, action, d, x, l, wallet);
        Ok(done)
    }

    /// Deposits up to `ddt` and `xdai` router-style; keeps what the pool does not take.
    pub fn add_liquidity(
        &mut self,
        who: Actor,
        wallet: &mut Wallet,
        ddt: Wad,
        xdai: Wad,
    ) -> Result<Deposit, TradeError> {
        need(wallet.ddt, ddt)?;
        need(wallet.xdai, xdai)?;
        self.change_liquidity(
            who,
            wallet,
            Action::ADD_LIQUIDITY,
            |pool| pool.add_liquidity(ddt, xdai, Wad::ZERO, Wad::ZERO),
            deposited,
        )
    }

    /// Deposits `ddt` and `xdai` by `rule`: [`DepositRule::Pair`] sends both whole to the pair
    /// ([`Pool::mint`]), [`DepositRule::Router`] takes the pool's ratio of them
    /// ([`Pool::add_liquidity`]) and keeps the rest.
    pub fn deposit(
        &mut self,
        who: Actor,
        wallet: &mut Wallet,
        ddt: Wad,
        xdai: Wad,
        rule: DepositRule,
    ) -> Result<Deposit, TradeError> {
        match rule {
            DepositRule::Router => self.add_liquidity(who, wallet, ddt, xdai),
            DepositRule::Pair => self.deposit_whole(who, wallet, ddt, xdai, Pool::mint),
        }
    }

    /// Deposits `ddt` and `xdai` both whole by `mint`, a pair deposit of the pool's
    /// ([`Pool::mint`], or another way to count the LP minted).
    pub fn deposit_whole(
        &mut self,
        who: Actor,
        wallet: &mut Wallet,
        ddt: Wad,
        xdai: Wad,
        mint: impl FnOnce(&mut Pool, Wad, Wad) -> Result<Deposit, AmmError>,
    ) -> Result<Deposit, TradeError> {
        need(wallet.ddt, ddt)?;
        need(wallet.xdai, xdai)?;
        self.change_liquidity(who, wallet, Action::ADD_LIQUIDITY, |pool| mint(pool, ddt, xdai), deposited)
    }

    /// Collects the wallet's share of the pool's fee account
    /// ([`grassroot_amm::FeeModel::Account`]): `floor(account * lp / lp_supply)` xDAI. Returns
    /// what it collected.
    pub fn collect_fees(&mut self, who: Actor, wallet: &mut Wallet) -> Result<Wad, TradeError> {
        let share = self.market.pool().fee_share(wallet.lp);
        let credited = wallet.xdai.checked_add(share).map_err(|_| TradeError::Overflow)?;
        if !share.is_zero() {
            self.market.pool_mut().pay_fees(share).map_err(TradeError::Amm)?;
        }
        wallet.xdai = credited;
        if !share.is_zero() {
            self.log(who, Action::COLLECT_FEES, Delta::ZERO, Delta::credit(share), Delta::ZERO, wallet);
        }
        Ok(share)
    }

    /// Deposits `amount` dDT and `amount` xDAI back into the pool as a pair deposit, from the
    /// wallet.
    pub fn reinvest(&mut self, who: Actor, wallet: &mut Wallet, amount: Wad) -> Result<Deposit, TradeError> {
        self.deposit(who, wallet, amount, amount, DepositRule::Pair)
    }

    /// Burns `lp` LP tokens for their share of both reserves.
    pub fn remove_liquidity(&mut self, who: Actor, wallet: &mut Wallet, lp: Wad) -> Result<Withdrawal, TradeError> {
        need(wallet.lp, lp)?;
        self.change_liquidity(
            who,
            wallet,
            Action::REMOVE_LIQUIDITY,
            |pool| pool.remove_liquidity(lp),
            |w| (Delta::credit(w.ddt), Delta::credit(w.xdai), Delta::debit(lp)),
        )
    }

    /// Spends `ddt` on compute: it leaves the wallet and enters The Pie. The spend is also
    /// listed in [`ComputeSpends`], if a plugin asked for that list.
    #[inline]
    pub fn spend_on_compute(&mut self, who: Actor, wallet: &mut Wallet, ddt: Wad) -> Result<(), TradeError> {
        need(wallet.ddt, ddt)?;
        let spent = self.compute.spent.checked_add(ddt).map_err(|_| self.overflow("compute_spent_ddt"))?;
        self.pie.receive(ddt).map_err(|_| self.overflow(PIE_RECEIVED))?;
        wallet.ddt = wallet.ddt.saturating_sub(ddt);
        self.compute.spent = spent;
        if let Some(spends) = &mut self.spends {
            spends.push(who, ddt);
        }
        self.log(who, Action::SPEND, Delta::debit(ddt), Delta::ZERO, Delta::ZERO, wallet);
        Ok(())
    }

    /// Counts compute the agent wanted but could not pay for; a sum that would overflow is a
    /// fault naming `unmet_demand_ddt`.
    pub fn count_unmet_demand(&mut self, ddt: Wad) {
        match self.compute.unmet.checked_add(ddt) {
            Ok(unmet) => self.compute.unmet = unmet,
            Err(_) => {
                self.overflow("unmet_demand_ddt");
            }
        }
    }

    /// Pays `ddt` from The Pie to a member.
    #[inline]
    pub fn pay_from_pie(&mut self, who: Actor, wallet: &mut Wallet, ddt: Wad) -> Result<(), TradeError> {
        let credited = wallet.ddt.checked_add(ddt).map_err(|_| TradeError::Overflow)?;
        self.pie.pay(ddt).map_err(|_| TradeError::Insufficient { have: self.pie.balance(), need: ddt })?;
        wallet.ddt = credited;
        self.log(who, Action::PIE_SHARE, Delta::credit(ddt), Delta::ZERO, Delta::ZERO, wallet);
        Ok(())
    }

    /// Creates `ddt` new dDT in the wallet (counted in the supply) and logs it as `action`
    /// (e.g. [`Action::MINT`]).
    pub fn mint(&mut self, who: Actor, wallet: &mut Wallet, ddt: Wad, action: Action) -> Result<(), TradeError> {
        let credited = wallet.ddt.checked_add(ddt).map_err(|_| self.overflow("a wallet's dDT"))?;
        self.supply.mint(ddt).map_err(|_| self.overflow("ddt_minted"))?;
        wallet.ddt = credited;
        self.log(who, action, Delta::credit(ddt), Delta::ZERO, Delta::ZERO, wallet);
        Ok(())
    }

    /// Destroys `ddt` dDT from the wallet (counted in the supply) and logs it as `action`.
    pub fn burn(&mut self, who: Actor, wallet: &mut Wallet, ddt: Wad, action: Action) -> Result<(), TradeError> {
        need(wallet.ddt, ddt)?;
        self.supply.burn(ddt).map_err(|_| self.overflow("ddt_burned"))?;
        wallet.ddt = wallet.ddt.saturating_sub(ddt);
        self.log(who, action, Delta::debit(ddt), Delta::ZERO, Delta::ZERO, wallet);
        Ok(())
    }

    /// Gives `xdai` new xDAI to the wallet (a starting endowment, counted in the supply).
    pub fn endow(&mut self, who: Actor, wallet: &mut Wallet, xdai: Wad) -> Result<(), TradeError> {
        let credited = wallet.xdai.checked_add(xdai).map_err(|_| self.overflow("a wallet's xDAI"))?;
        self.supply.endow(xdai).map_err(|_| self.overflow("xdai_endowed"))?;
        wallet.xdai = credited;
        self.log(who, Action::ENDOW, Delta::ZERO, Delta::credit(xdai), Delta::ZERO, wallet);
        Ok(())
    }

    /// Logs `action` for an event of a plugin that moves no dDT, xDAI or LP (e.g. a data
    /// contribution), with the wallet as it is.
    pub fn note(&mut self, who: Actor, wallet: &Wallet, action: Action) {
        self.log(who, action, Delta::ZERO, Delta::ZERO, Delta::ZERO, wallet);
    }

    /// Records a fault that stops the run after this step.
    pub fn report_fault(&mut self, error: SimError) {
        self.faults.report(error);
    }

    /// Reports the overflow of `what` (a column or a supply flow, by name) as the step's fault.
    #[cold]
    fn overflow(&mut self, what: &str) -> TradeError {
        let step = self.clock.step;
        self.faults.report(SimError::Overflow { step, what: what.to_owned() });
        TradeError::Overflow
    }

    #[inline]
    fn log(&mut self, who: Actor, action: Action, ddt: Delta, xdai: Delta, lp: Delta, wallet: &Wallet) {
        if self.log.is_enabled() {
            let price_after = self.log.price_after(self.market.pool());
            self.log.push(Tx { agent: who.id, role: who.role, action, ddt, xdai, lp, after: *wallet, price_after });
        }
    }
}

/// A swap's changes to the trader's dDT and xDAI: the input out, the output in.
#[inline(always)]
fn legs(swap: &Swap) -> (Delta, Delta) {
    match swap.side {
        Side::SellDdt => (Delta::debit(swap.amount_in), Delta::credit(swap.amount_out)),
        Side::BuyDdt => (Delta::credit(swap.amount_out), Delta::debit(swap.amount_in)),
    }
}

/// A deposit's changes to the depositor: both tokens out, LP in.
fn deposited(dep: &Deposit) -> (Delta, Delta, Delta) {
    (Delta::debit(dep.ddt), Delta::debit(dep.xdai), Delta::credit(dep.lp))
}

#[inline]
fn need(have: Wad, need: Wad) -> Result<(), TradeError> {
    if have < need { Err(TradeError::Insufficient { have, need }) } else { Ok(()) }
}

/// The wallet after three signed changes, or an error if one underflows or overflows.
#[inline(always)]
fn apply(wallet: &Wallet, ddt: Delta, xdai: Delta, lp: Delta) -> Result<Wallet, TradeError> {
    match (shifted(wallet.ddt, ddt), shifted(wallet.xdai, xdai), shifted(wallet.lp, lp)) {
        (Some(ddt), Some(xdai), Some(lp)) => Ok(Wallet { ddt, xdai, lp }),
        _ => Err(refusal(wallet, ddt, xdai, lp)),
    }
}

/// `v` after the change `d`, if it neither underflows nor overflows.
#[inline(always)]
fn shifted(v: Wad, d: Delta) -> Option<Wad> {
    let v = v.raw();
    let moved = if d.debit { v.checked_sub(d.amount.raw()) } else { v.checked_add(d.amount.raw()) };
    moved.map(Wad::from_raw)
}

/// Why [`apply`] refused: the first change that underflows (the wallet holds too little) or
/// overflows.
#[cold]
fn refusal(wallet: &Wallet, ddt: Delta, xdai: Delta, lp: Delta) -> TradeError {
    for (v, d) in [(wallet.ddt, ddt), (wallet.xdai, xdai), (wallet.lp, lp)] {
        if shifted(v, d).is_none() {
            return if d.debit { TradeError::Insufficient { have: v, need: d.amount } } else { TradeError::Overflow };
        }
    }
    TradeError::Overflow
}
