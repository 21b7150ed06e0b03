//! Swaps: exact input or exact output, in either direction, with slippage limits.
//!
//! With `r`/`R` the reserves of the input/output token and `f` the fee in ppm:
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
//! and pays at least the ceiling. `Swap::fee = floor(in * f / 1e6)` is reported, not moved.
//!
//! Other errors: [`AmmError::PoolNotOpen`], zero amounts, [`AmmError::Overflow`] (`r + in`
//! beyond `u128`, or a 256-bit intermediate). Any error leaves the pool unchanged.

use std::fmt;

use super::Pool;
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
    /// Output paid out of the pool.
    pub amount_out: Wad,
    /// Fee part of the input, in the input token: `floor(amount_in * fee_ppm / 1e6)`. It stays in
    /// the reserves; reported for accounting.
    pub fee: Wad,
    /// The token `fee` is counted in: the input token of `side`.
    pub fee_token: Token,
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

    /// The full result of a swap moving `amount_in` in and `amount_out` out, and the next
    /// state; nothing is mutated.
    fn settle(&self, side: Side, amount_in: u128, amount_out: u128) -> Result<(Swap, Pool), AmmError> {
        let (r_in, r_out) = self.oriented(side);
        let new_in = r_in.checked_add(amount_in).ok_or(AmmError::Overflow { op: "swap: reserve_in + amount_in" })?;
        // amount_out < r_out is guaranteed by the math; checked anyway so a reserve never empties.
        let new_out = r_out.checked_sub(amount_out).filter(|r| *r > 0).ok_or(AmmError::OutputExceedsReserve {
            amount_out: Wad::from_raw(amount_out),
            reserve_out: Wad::from_raw(r_out),
        })?;
        let fee = math::fee_paid(amount_in, self.fee_ppm)?;
        let (reserve_ddt, reserve_xdai) = match side {
            Side::SellDdt => (new_in, new_out),
            Side::BuyDdt => (new_out, new_in),
        };
        let swap = Swap {
            side,
            amount_in: Wad::from_raw(amount_in),
            amount_out: Wad::from_raw(amount_out),
            fee: Wad::from_raw(fee),
            fee_token: side.input(),
        };
        let next =
            Pool { reserve_ddt: Wad::from_raw(reserve_ddt), reserve_xdai: Wad::from_raw(reserve_xdai), ..self.clone() };
        Ok((swap, next))
    }

    /// Plans an exact-input swap without applying it.
    fn plan_exact_in(&self, side: Side, amount_in: Wad) -> Result<(Swap, Pool), AmmError> {
        self.require_open()?;
        let (r_in, r_out) = self.oriented(side);
        let out = math::get_amount_out(amount_in.raw(), r_in, r_out, self.fee_ppm)?;
        if out == 0 {
            return Err(AmmError::OutputRoundsToZero { amount_in });
        }
        self.settle(side, amount_in.raw(), out)
    }

    /// Plans an exact-output swap without applying it.
    fn plan_exact_out(&self, side: Side, amount_out: Wad) -> Result<(Swap, Pool), AmmError> {
        self.require_open()?;
        let (r_in, r_out) = self.oriented(side);
        let amount_in = math::get_amount_in(amount_out.raw(), r_in, r_out, self.fee_ppm)?;
        self.settle(side, amount_in, amount_out.raw())
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
        let (swap, next) = self.plan_exact_in(side, amount_in)?;
        if swap.amount_out < min_out {
            return Err(AmmError::MinOutNotMet { amount_out: swap.amount_out, min_out });
        }
        *self = next;
        Ok(swap)
    }

    /// Receives exactly `amount_out` of the output token of `side`, paying at most `max_in`.
    ///
    /// # Errors
    /// [`AmmError::PoolNotOpen`], [`AmmError::InsufficientOutputAmount`],
    /// [`AmmError::OutputExceedsReserve`], [`AmmError::MaxInExceeded`], [`AmmError::Overflow`].
    /// The pool is unchanged on error.
    pub fn swap_exact_out(&mut self, side: Side, amount_out: Wad, max_in: Wad) -> Result<Swap, AmmError> {
        let (swap, next) = self.plan_exact_out(side, amount_out)?;
        if swap.amount_in > max_in {
            return Err(AmmError::MaxInExceeded { amount_in: swap.amount_in, max_in });
        }
        *self = next;
        Ok(swap)
    }
}
