//! Swaps: exact input or exact output, in either direction, with slippage limits, under either
//! fee model ([`FeeModel`], module `fees`). This module owns the public swap API, the
//! [`FeeModel::Reserves`] formulas and applying a planned swap; the [`FeeModel::Account`]
//! formulas are in `swap/account.rs`.
//!
//! With `r`/`R` the reserves of the input/output token and `f` the fee in ppm, under
//! [`FeeModel::Reserves`] (Uniswap v2, the default):
//!
//! - exact in: `out = get_amount_out(in, r, R, f) = floor(in*(1e6-f)*R / (r*1e6 + in*(1e6-f)))`;
//!   refused if `out == 0` ([`AmmError::OutputRoundsToZero`]) or `out < min_out`
//!   ([`AmmError::MinOutNotMet`]).
//! - exact out: `in = get_amount_in(out, r, R, f) = floor(r*out*1e6 / ((R-out)*(1e6-f))) + 1`;
//!   refused if `out >= R` ([`AmmError::OutputExceedsReserve`]) or `in > max_in`
//!   ([`AmmError::MaxInExceeded`]).
//!
//! Then, exactly: `r' = r + in`, `R' = R - out`. The whole input, fee included, enters the
//! reserves (Uniswap v2 without protocol fee), so `r' * R' >= r * R` (proof in
//! [`crate::math`]) and `R' >= 1`. Rounding always favours the pool: the trader gets the floor
//! and pays at least the ceiling. `Swap::fee = floor(in * f / 1e6)`, in the input token, is
//! reported, not moved.
//!
//! Under [`FeeModel::Account`] the fee is xDAI and leaves the reserves: a buyer's xDAI input
//! `in` splits into `net` for the reserve and `fee` for the fee account; a seller's xDAI
//! `gross` from the reserve splits into `out` for the seller and `fee`. The reserves then trade
//! as a fee-free constant product (`f = 0` in the formulas above), so `k` never falls, and
//! `in_xdai = (reserve_xdai' - reserve_xdai) + (fee_account' - fee_account) + out_xdai` exactly.
//!
//! In both models a planned swap is a set of [`Legs`]: what the trader pays and gets, what enters
//! the input reserve, what leaves the output reserve and what enters the fee account. Applying
//! it refuses an output reserve that would reach 0 (unreachable through the formulas).
//!
//! Other errors: [`AmmError::PoolNotOpen`], zero amounts, [`AmmError::Overflow`] (`r + in`
//! beyond `u128`, the fee account beyond `u128`, or a 256-bit intermediate). Any error leaves
//! the pool unchanged.

mod account;

use std::fmt;

use super::{FeeModel, Pool};
use crate::error::AmmError;
use crate::math;
use crate::wad::Wad;

/// Direction of a swap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// dDT in, xDAI out.
    SellDdt,
    /// xDAI in, dDT out.
    BuyDdt,
}

impl Side {
    /// The other direction.
    #[inline]
    pub fn opposite(self) -> Side {
        match self {
            Side::SellDdt => Side::BuyDdt,
            Side::BuyDdt => Side::SellDdt,
        }
    }

    /// The token the trader pays in.
    #[inline]
    pub fn input(self) -> Token {
        match self {
            Side::SellDdt => Token::Ddt,
            Side::BuyDdt => Token::Xdai,
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::SellDdt => "sell dDT",
            Side::BuyDdt => "buy dDT",
        })
    }
}

/// One of the pair's two tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Token {
    /// The dataDAO token, token A.
    Ddt,
    /// xDAI, token B.
    Xdai,
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Token::Ddt => "dDT",
            Token::Xdai => "xDAI",
        })
    }
}

/// What a swap did; amounts in base units of the input / output token of `side`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Swap {
    /// Direction.
    pub side: Side,
    /// Input paid into the pool (fee included).
    pub amount_in: Wad,
    /// Output paid out of the pool (after the fee).
    pub amount_out: Wad,
    /// The fee. Under [`FeeModel::Reserves`], `floor(amount_in * fee_ppm / 1e6)` of the input
    /// token; it stays in the reserves and is reported for accounting. Under
    /// [`FeeModel::Account`], xDAI moved to the fee account: `floor(amount_in * fee_ppm / 1e6)`
    /// of a buyer's input, `floor(gross * fee_ppm / 1e6)` of a seller's `gross = amount_out +
    /// fee`.
    pub fee: Wad,
    /// The token `fee` is counted in: the input token of `side` under [`FeeModel::Reserves`],
    /// [`Token::Xdai`] under [`FeeModel::Account`].
    pub fee_token: Token,
}

/// A swap to make ([`Pool::swap`], [`Pool::swap_if`]): an exact input or an exact output in
/// the direction `side`, with its slippage limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Pay exactly `amount_in` of the input token, receive at least `min_out`.
    ExactIn {
        /// Direction.
        side: Side,
        /// Paid in, fee included.
        amount_in: Wad,
        /// The least output accepted.
        min_out: Wad,
    },
    /// Receive exactly `amount_out` of the output token, pay at most `max_in`.
    ExactOut {
        /// Direction.
        side: Side,
        /// Received.
        amount_out: Wad,
        /// The most input accepted, fee included.
        max_in: Wad,
    },
}

/// The integers of a planned swap, in base units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Legs {
    /// Paid by the trader.
    amount_in: u128,
    /// Paid to the trader.
    amount_out: u128,
    /// Reported as `Swap::fee`.
    fee: u128,
    /// Added to the input token's reserve.
    into_reserve: u128,
    /// Taken from the output token's reserve.
    out_of_reserve: u128,
    /// Added to the fee account.
    to_account: u128,
}

/// Everything a swap changes (the rest of the pool stays as it is), computed whole before it is
/// assigned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Next {
    reserve_ddt: Wad,
    reserve_xdai: Wad,
    fee_account: Wad,
}

impl Legs {
    /// Uniswap v2: the whole input enters the reserve, the output leaves it, the fee is reported.
    fn in_reserves(amount_in: u128, amount_out: u128, fee: u128) -> Legs {
        Legs { amount_in, amount_out, fee, into_reserve: amount_in, out_of_reserve: amount_out, to_account: 0 }
    }
}

impl Pool {
    /// Reserves as `(input token, output token)` for `side`.
    #[inline]
    fn oriented(&self, side: Side) -> (u128, u128) {
        match side {
            Side::SellDdt => (self.reserve_ddt.raw(), self.reserve_xdai.raw()),
            Side::BuyDdt => (self.reserve_xdai.raw(), self.reserve_ddt.raw()),
        }
    }

    /// The full result of applying `legs`, and the next state; nothing is mutated.
    ///
    /// `settle` and the two plans are `inline(always)`: left to the compiler they were not
    /// inlined once the fee model was added, the planned swap went through memory and a swap
    /// was slower in `benches/pool.rs` (see `docs/speed.md`).
    #[inline(always)]
    fn settle(&self, side: Side, legs: Legs) -> Result<(Swap, Next), AmmError> {
        let (r_in, r_out) = self.oriented(side);
        let new_in =
            r_in.checked_add(legs.into_reserve).ok_or(AmmError::Overflow { op: "swap: reserve_in + amount_in" })?;
        // out_of_reserve < r_out is guaranteed by the math; checked anyway: a reserve never empties.
        let new_out =
            r_out.checked_sub(legs.out_of_reserve).filter(|r| *r > 0).ok_or(AmmError::OutputExceedsReserve {
                amount_out: Wad::from_raw(legs.out_of_reserve),
                reserve_out: Wad::from_raw(r_out),
            })?;
        let fee_account = self
            .fee_account
            .raw()
            .checked_add(legs.to_account)
            .ok_or(AmmError::Overflow { op: "swap: fee_account + fee" })?;
        let (reserve_ddt, reserve_xdai) = match side {
            Side::SellDdt => (new_in, new_out),
            Side::BuyDdt => (new_out, new_in),
        };
        let swap = Swap {
            side,
            amount_in: Wad::from_raw(legs.amount_in),
            amount_out: Wad::from_raw(legs.amount_out),
            fee: Wad::from_raw(legs.fee),
            fee_token: self.fee_model.fee_token(side),
        };
        let next = Next {
            reserve_ddt: Wad::from_raw(reserve_ddt),
            reserve_xdai: Wad::from_raw(reserve_xdai),
            fee_account: Wad::from_raw(fee_account),
        };
        Ok((swap, next))
    }

    /// Assigns the state a planned swap computed.
    #[inline]
    fn apply(&mut self, next: Next) {
        self.reserve_ddt = next.reserve_ddt;
        self.reserve_xdai = next.reserve_xdai;
        self.fee_account = next.fee_account;
    }

    /// Plans an exact-input swap without applying it.
    #[inline(always)]
    fn plan_exact_in(&self, side: Side, amount_in: Wad) -> Result<(Swap, Next), AmmError> {
        self.require_open()?;
        let (r_in, r_out) = self.oriented(side);
        let legs = match self.fee_model {
            FeeModel::Reserves => {
                let out = math::amount_out(amount_in.raw(), r_in, r_out, self.fee)?;
                Legs::in_reserves(amount_in.raw(), out, math::fee_part(amount_in.raw(), self.fee)?)
            }
            FeeModel::Account => account::exact_in(side, amount_in.raw(), r_in, r_out, self.fee)?,
        };
        if legs.amount_out == 0 {
            return Err(AmmError::OutputRoundsToZero { amount_in });
        }
        self.settle(side, legs)
    }

    /// Plans an exact-output swap without applying it.
    #[inline(always)]
    fn plan_exact_out(&self, side: Side, amount_out: Wad) -> Result<(Swap, Next), AmmError> {
        self.require_open()?;
        let (r_in, r_out) = self.oriented(side);
        let legs = match self.fee_model {
            FeeModel::Reserves => {
                let amount_in = math::amount_in(amount_out.raw(), r_in, r_out, self.fee)?;
                Legs::in_reserves(amount_in, amount_out.raw(), math::fee_part(amount_in, self.fee)?)
            }
            FeeModel::Account => account::exact_out(side, amount_out.raw(), r_in, r_out, self.fee)?,
        };
        self.settle(side, legs)
    }

    /// What [`Pool::swap_exact_in`] would pay out now, without swapping.
    ///
    /// # Errors
    /// As [`Pool::swap_exact_in`], except the slippage check.
    pub fn preview_exact_in(&self, side: Side, amount_in: Wad) -> Result<Wad, AmmError> {
        self.plan_exact_in(side, amount_in).map(|(swap, _)| swap.amount_out)
    }

    /// What [`Pool::swap_exact_out`] would charge now for `amount_out`, without swapping.
    ///
    /// # Errors
    /// As [`Pool::swap_exact_out`], except the slippage check.
    pub fn preview_exact_out(&self, side: Side, amount_out: Wad) -> Result<Wad, AmmError> {
        self.plan_exact_out(side, amount_out).map(|(swap, _)| swap.amount_in)
    }

    /// Pays `amount_in` of the input token of `side` and receives at least `min_out`.
    ///
    /// # Errors
    /// [`AmmError::PoolNotOpen`], [`AmmError::InsufficientInputAmount`],
    /// [`AmmError::OutputRoundsToZero`], [`AmmError::MinOutNotMet`], [`AmmError::Overflow`].
    /// The pool is unchanged on error.
    pub fn swap_exact_in(&mut self, side: Side, amount_in: Wad, min_out: Wad) -> Result<Swap, AmmError> {
        self.swap(Order::ExactIn { side, amount_in, min_out })
    }

    /// Receives exactly `amount_out` of the output token of `side`, paying at most `max_in`.
    ///
    /// # Errors
    /// [`AmmError::PoolNotOpen`], [`AmmError::InsufficientOutputAmount`],
    /// [`AmmError::OutputExceedsReserve`], [`AmmError::MaxInExceeded`], [`AmmError::Overflow`].
    /// The pool is unchanged on error.
    pub fn swap_exact_out(&mut self, side: Side, amount_out: Wad, max_in: Wad) -> Result<Swap, AmmError> {
        self.swap(Order::ExactOut { side, amount_out, max_in })
    }

    /// Makes the swap `order` asks for.
    ///
    /// # Errors
    /// Those of [`Pool::swap_exact_in`] or [`Pool::swap_exact_out`]; the pool is unchanged.
    #[inline]
    pub fn swap(&mut self, order: Order) -> Result<Swap, AmmError> {
        self.swap_if(order, |_| Ok::<(), AmmError>(())).map(|(swap, ())| swap)
    }

    /// Makes the swap `order` asks for if `accept` agrees to its result: the pool plans the
    /// swap, shows it to `accept` (a trader checking that its wallet can take the credit, say)
    /// and moves only if both succeed. This is how a caller makes a swap and its own
    /// bookkeeping all or nothing without copying the pool.
    ///
    /// ```
    /// use grassroot_amm::{AmmError, Order, Pool, Side, Wad};
    /// let mut pool = Pool::new(3000)?;
    /// pool.add_liquidity(Wad::from_tokens(1_000), Wad::from_tokens(500), Wad::ZERO, Wad::ZERO)?;
    /// let sell = Order::ExactIn { side: Side::SellDdt, amount_in: Wad::from_tokens(10), min_out: Wad::ZERO };
    /// let refused = pool.swap_if(sell, |_| Err::<(), _>(AmmError::InsufficientAmount));
    /// assert_eq!(refused, Err(AmmError::InsufficientAmount));
    /// assert_eq!(pool.reserve_ddt(), Wad::from_tokens(1_000)); // unchanged
    /// let (swap, paid) = pool.swap_if(sell, |s| Ok::<_, AmmError>(s.amount_out))?;
    /// assert_eq!(pool.reserve_xdai(), Wad::from_tokens(500).checked_sub(paid)?);
    /// assert_eq!(swap.amount_in, Wad::from_tokens(10));
    /// # Ok::<(), AmmError>(())
    /// ```
    ///
    /// # Errors
    /// The pool's error (as [`Pool::swap`]), converted into `E`, or `accept`'s; either way the
    /// pool is unchanged.
    #[inline]
    pub fn swap_if<T, E: From<AmmError>>(
        &mut self,
        order: Order,
        accept: impl FnOnce(&Swap) -> Result<T, E>,
    ) -> Result<(Swap, T), E> {
        let (swap, next) = match order {
            Order::ExactIn { side, amount_in, min_out } => {
                let (swap, next) = self.plan_exact_in(side, amount_in)?;
                if swap.amount_out < min_out {
                    return Err(AmmError::MinOutNotMet { amount_out: swap.amount_out, min_out }.into());
                }
                (swap, next)
            }
            Order::ExactOut { side, amount_out, max_in } => {
                let (swap, next) = self.plan_exact_out(side, amount_out)?;
                if swap.amount_in > max_in {
                    return Err(AmmError::MaxInExceeded { amount_in: swap.amount_in, max_in }.into());
                }
                (swap, next)
            }
        };
        let accepted = accept(&swap)?;
        self.apply(next);
        Ok((swap, accepted))
    }
}
