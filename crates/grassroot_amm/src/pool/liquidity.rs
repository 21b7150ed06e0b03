//! Liquidity: deposit both tokens for LP units, burn LP units for both tokens.
//!
//! Uniswap v2 `Router02._addLiquidity` + `Pair.mint`, and `Pair.burn`, with dDT as token A and
//! xDAI as token B. `S` = `lp_supply`, `x`/`y` = dDT/xDAI reserves.
//!
//! **First deposit** (both reserves zero): takes `desired_ddt`, `desired_xdai` as given (the
//! minimums are not checked, as in the router), `root = floor(sqrt(ddt * xdai))`, mints
//! `root - MINIMUM_LIQUIDITY` to the caller and sets `S = root`: the first 1000 base units of LP
//! are locked forever, so the pool can never be emptied and the LP unit cannot be made
//! arbitrarily expensive. Refused when `root <= 1000` ([`AmmError::InsufficientLiquidityMinted`]).
//!
//! **Later deposits** take the reserve ratio:
//!
//! ```text
//! xdai_opt = floor(desired_ddt * y / x)
//! if xdai_opt <= desired_xdai: take (desired_ddt, xdai_opt),  need xdai_opt >= min_xdai
//! else: ddt_opt = floor(desired_xdai * x / y)   (provably <= desired_ddt)
//!       take (ddt_opt, desired_xdai),                        need ddt_opt >= min_ddt
//! lp = min(floor(ddt * S / x), floor(xdai * S / y)),         need lp > 0
//! ```
//!
//! The floors and the `min` mean a depositor's LP is never worth more than what they put in
//! (the dust raises the value of every LP unit). Errors: [`AmmError::InsufficientXdaiAmount`],
//! [`AmmError::InsufficientDdtAmount`], [`AmmError::InsufficientAmount`] (`desired_ddt == 0`,
//! from `quote`), [`AmmError::InsufficientLiquidityMinted`], [`AmmError::Overflow`].
//!
//! **A pair deposit** ([`Pool::mint`]: both tokens sent to the pair, then `Pair.mint`, with no
//! router) takes both amounts whole and mints `min(floor(ddt * S / x), floor(xdai * S / y))`
//! (the first deposit as above): what exceeds the ratio joins the reserves and raises the value
//! of every LP unit. The router-style deposit above is the ratio's amounts put through the same
//! `mint`.
//!
//! **A deposit by dDT** ([`Pool::mint_by_ddt`]) is *not* Uniswap: it exists only to reproduce
//! the original Python simulation, whose `add_liquidity(a_ddt, a_xdai)` credits shares by the
//! dDT side alone. Both amounts join the reserves whole:
//!
//! ```text
//! first deposit (empty pool):  lp = ddt,                S = ddt, locked = 0   need ddt, xdai > 0
//! later deposits:              lp = floor(ddt * S / x), S += lp               need lp > 0
//! ```
//!
//! The floor favours existing LPs on the dDT side, but the xDAI amount is not checked against the
//! ratio: less xDAI than `ddt * y / x` dilutes every other LP, more is a gift to them. Callers
//! that want a fair deposit pass the ratio's amounts (as the original's callers did). A pool
//! opened this way locks no LP units ([`Pool::locked_lp`] is 0), as the original locks none.
//! Errors: [`AmmError::InsufficientLiquidityMinted`] (a first deposit with an amount of 0, or
//! `lp == 0`), [`AmmError::Overflow`].
//!
//! **Withdrawal** of `lp`: `ddt = floor(lp * x / S)`, `xdai = floor(lp * y / S)`, then `S -= lp`.
//! Floors favour the remaining LPs. Refused when `lp > S - max(locked, 1)`
//! ([`AmmError::LpExceedsHoldings`]; see [`Pool::burnable_lp`]), when either amount is 0
//! ([`AmmError::InsufficientLiquidityBurned`]) or the pool is not open. The locked units can never
//! be burned, and in a pool that locks none (opened by `mint_by_ddt`) neither can the last unit:
//! `lp <= S - 1` gives `floor(lp * x / S) <= x - ceil(x / S) <= x - 1` (and the same for `y`),
//! so both reserves stay positive and the pool stays open. Any error leaves the pool unchanged.

use super::Pool;
use crate::error::AmmError;
use crate::math;
use crate::wad::Wad;
use crate::wide;

/// LP base units locked forever by the first deposit (Uniswap v2 `MINIMUM_LIQUIDITY`).
pub const MINIMUM_LIQUIDITY: u128 = 1000;

/// What a deposit actually took and minted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deposit {
    /// dDT taken from the caller.
    pub ddt: Wad,
    /// xDAI taken from the caller.
    pub xdai: Wad,
    /// LP units minted to the caller.
    pub lp: Wad,
}

/// What burning LP units returned (or would return).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Withdrawal {
    /// dDT paid to the caller.
    pub ddt: Wad,
    /// xDAI paid to the caller.
    pub xdai: Wad,
}

impl Pool {
    /// Deposits dDT and xDAI at the pool ratio (or sets the ratio, on the first deposit), as
    /// Uniswap v2's `Router02._addLiquidity` followed by `Pair.mint`.
    ///
    /// - Empty pool: takes both desired amounts (minimums unchecked, as in the router), sets
    ///   `lp_supply = floor(sqrt(ddt * xdai))` and mints that minus [`MINIMUM_LIQUIDITY`].
    /// - Open pool: takes `(desired_ddt, floor(desired_ddt * y / x))` if that xDAI amount is at
    ///   most `desired_xdai`, else `(floor(desired_xdai * x / y), desired_xdai)`; mints
    ///   `min(floor(ddt * S / x), floor(xdai * S / y))`. Floors favour existing LPs.
    ///
    /// # Errors
    /// [`AmmError::InsufficientLiquidityMinted`] (nothing minted, or a first deposit with
    /// `sqrt(ddt * xdai) <= 1000`), [`AmmError::InsufficientXdaiAmount`] /
    /// [`AmmError::InsufficientDdtAmount`] (the ratio amount is below `min_xdai` / `min_ddt`),
    /// [`AmmError::InsufficientAmount`] (`desired_ddt` is 0 on an open pool, or `desired_xdai` is
    /// 0 when it binds), [`AmmError::Overflow`]. The pool is unchanged on error.
    pub fn add_liquidity(
        &mut self,
        desired_ddt: Wad,
        desired_xdai: Wad,
        min_ddt: Wad,
        min_xdai: Wad,
    ) -> Result<Deposit, AmmError> {
        let (x, y) = (self.reserve_ddt.raw(), self.reserve_xdai.raw());
        if x == 0 && y == 0 {
            return self.mint(desired_ddt, desired_xdai);
        }
        let (ddt, xdai) = optimal_amounts(x, y, desired_ddt, desired_xdai, min_ddt, min_xdai)?;
        self.mint(Wad::from_raw(ddt), Wad::from_raw(xdai))
    }

    /// Takes exactly `ddt` and `xdai` into the reserves and mints LP units for them, as
    /// Uniswap v2's `Pair.mint` does after both tokens were transferred to the pair (no router):
    ///
    /// - Empty pool: `lp_supply = floor(sqrt(ddt * xdai))`; the caller gets that minus
    ///   [`MINIMUM_LIQUIDITY`].
    /// - Open pool: the caller gets `min(floor(ddt * S / x), floor(xdai * S / y))`; both amounts
    ///   join the reserves whole, so what exceeds the pool's ratio is a gift to every LP, the
    ///   caller included in proportion to its share.
    ///
    /// # Errors
    /// [`AmmError::InsufficientLiquidityMinted`] (nothing minted: an amount that is 0 or too
    /// small for one LP unit, or a first deposit with `sqrt(ddt * xdai) <= 1000`),
    /// [`AmmError::Overflow`]. The pool is unchanged on error.
    pub fn mint(&mut self, ddt: Wad, xdai: Wad) -> Result<Deposit, AmmError> {
        let (x, y, s) = (self.reserve_ddt.raw(), self.reserve_xdai.raw(), self.lp_supply.raw());
        let (ddt, xdai) = (ddt.raw(), xdai.raw());
        let (minted, new_supply, locked) = if x == 0 && y == 0 {
            let root = math::sqrt_floor(ddt, xdai);
            if root <= MINIMUM_LIQUIDITY {
                return Err(AmmError::InsufficientLiquidityMinted {
                    ddt: Wad::from_raw(ddt),
                    xdai: Wad::from_raw(xdai),
                });
            }
            (root - MINIMUM_LIQUIDITY, root, Wad::from_raw(MINIMUM_LIQUIDITY))
        } else {
            let overflow = AmmError::Overflow { op: "add_liquidity: amount * lp_supply / reserve" };
            let by_ddt = wide::mul_div_floor(ddt, s, x).ok_or_else(|| overflow.clone())?;
            let by_xdai = wide::mul_div_floor(xdai, s, y).ok_or(overflow)?;
            let minted = by_ddt.min(by_xdai);
            if minted == 0 {
                return Err(AmmError::InsufficientLiquidityMinted {
                    ddt: Wad::from_raw(ddt),
                    xdai: Wad::from_raw(xdai),
                });
            }
            let new_supply =
                s.checked_add(minted).ok_or(AmmError::Overflow { op: "add_liquidity: lp_supply + minted" })?;
            (minted, new_supply, self.locked_lp)
        };
        *self = self.after_deposit(ddt, xdai, new_supply, locked)?;
        Ok(Deposit { ddt: Wad::from_raw(ddt), xdai: Wad::from_raw(xdai), lp: Wad::from_raw(minted) })
    }

    /// The original simulation's deposit (not Uniswap): takes exactly `ddt` and `xdai` into the
    /// reserves and mints LP units by the dDT side alone.
    ///
    /// - Empty pool: mints `ddt` units (`lp_supply = ddt`) and locks none; both amounts must be
    ///   positive so that the pool opens.
    /// - Open pool: mints `floor(ddt * S / x)`. The xDAI amount does not enter the formula: pass
    ///   the pool's ratio, `xdai = ddt * y / x`, for a fair deposit.
    ///
    /// ```
    /// use grassroot_amm::{Pool, Wad};
    /// let mut pool = Pool::new(3000)?;
    /// let first = pool.mint_by_ddt(Wad::from_tokens(1000), Wad::from_tokens(100))?;
    /// assert_eq!((first.lp, pool.locked_lp()), (Wad::from_tokens(1000), Wad::ZERO));
    /// // 100 dDT on 1000 dDT / 100 xDAI with S = 1000e18: floor(100e18 * 1000e18 / 1000e18).
    /// let second = pool.mint_by_ddt(Wad::from_tokens(100), Wad::from_tokens(10))?;
    /// assert_eq!(second.lp, Wad::from_tokens(100));
    /// # Ok::<(), grassroot_amm::AmmError>(())
    /// ```
    ///
    /// # Errors
    /// [`AmmError::InsufficientLiquidityMinted`] (a first deposit with an amount of 0, or a later
    /// one too small for one LP unit), [`AmmError::Overflow`]. The pool is unchanged on error.
    pub fn mint_by_ddt(&mut self, ddt: Wad, xdai: Wad) -> Result<Deposit, AmmError> {
        let (x, y, s) = (self.reserve_ddt.raw(), self.reserve_xdai.raw(), self.lp_supply.raw());
        let refused = AmmError::InsufficientLiquidityMinted { ddt, xdai };
        let (minted, new_supply, locked) = if x == 0 && y == 0 {
            if ddt.is_zero() || xdai.is_zero() {
                return Err(refused);
            }
            (ddt.raw(), ddt.raw(), Wad::ZERO)
        } else {
            let minted = wide::mul_div_floor(ddt.raw(), s, x)
                .ok_or(AmmError::Overflow { op: "mint_by_ddt: ddt * lp_supply / reserve_ddt" })?;
            if minted == 0 {
                return Err(refused);
            }
            let new_supply =
                s.checked_add(minted).ok_or(AmmError::Overflow { op: "mint_by_ddt: lp_supply + minted" })?;
            (minted, new_supply, self.locked_lp)
        };
        *self = self.after_deposit(ddt.raw(), xdai.raw(), new_supply, locked)?;
        Ok(Deposit { ddt, xdai, lp: Wad::from_raw(minted) })
    }

    /// The pool after `ddt` and `xdai` joined the reserves, with `lp_supply = new_supply` and
    /// `locked_lp = locked`; nothing is mutated.
    fn after_deposit(&self, ddt: u128, xdai: u128, new_supply: u128, locked: Wad) -> Result<Pool, AmmError> {
        let reserve_overflow = AmmError::Overflow { op: "add_liquidity: reserve + deposit" };
        let new_x = self.reserve_ddt.raw().checked_add(ddt).ok_or_else(|| reserve_overflow.clone())?;
        let new_y = self.reserve_xdai.raw().checked_add(xdai).ok_or(reserve_overflow)?;
        Ok(Pool {
            reserve_ddt: Wad::from_raw(new_x),
            reserve_xdai: Wad::from_raw(new_y),
            lp_supply: Wad::from_raw(new_supply),
            locked_lp: locked,
            ..self.clone()
        })
    }

    /// Burns `lp` units for their share of both reserves.
    ///
    /// # Errors
    /// [`AmmError::PoolNotOpen`], [`AmmError::LpExceedsHoldings`],
    /// [`AmmError::InsufficientLiquidityBurned`]; the pool is unchanged on error.
    pub fn remove_liquidity(&mut self, lp: Wad) -> Result<Withdrawal, AmmError> {
        self.require_open()?;
        let out = self.burn_amounts(lp)?;
        if out.ddt.is_zero() || out.xdai.is_zero() {
            return Err(AmmError::InsufficientLiquidityBurned { lp, ddt: out.ddt, xdai: out.xdai });
        }
        // lp <= S - max(locked, 1) < S, so each amount is < its reserve and both reserves stay > 0.
        self.reserve_ddt = self.reserve_ddt.saturating_sub(out.ddt);
        self.reserve_xdai = self.reserve_xdai.saturating_sub(out.xdai);
        self.lp_supply = self.lp_supply.saturating_sub(lp);
        Ok(out)
    }

    /// What burning `lp` would return now (floors; amounts may be 0 for dust), without burning.
    /// `lp == 0` is worth nothing, even before the pool opens.
    ///
    /// # Errors
    /// [`AmmError::PoolNotOpen`] (for `lp > 0`), [`AmmError::LpExceedsHoldings`].
    pub fn lp_value(&self, lp: Wad) -> Result<Withdrawal, AmmError> {
        if lp.is_zero() {
            return Ok(Withdrawal { ddt: Wad::ZERO, xdai: Wad::ZERO });
        }
        self.require_open()?;
        self.burn_amounts(lp)
    }

    /// `floor(lp * reserve / lp_supply)` for both tokens, after the holdings check.
    fn burn_amounts(&self, lp: Wad) -> Result<Withdrawal, AmmError> {
        let burnable = self.burnable_lp();
        if lp > burnable {
            return Err(AmmError::LpExceedsHoldings { lp, burnable });
        }
        let s = self.lp_supply.raw();
        let share = |reserve: Wad| {
            wide::mul_div_floor(lp.raw(), reserve.raw(), s)
                .map(Wad::from_raw)
                .ok_or(AmmError::Overflow { op: "remove_liquidity: lp * reserve / lp_supply" })
        };
        Ok(Withdrawal { ddt: share(self.reserve_ddt)?, xdai: share(self.reserve_xdai)? })
    }
}

/// Router `_addLiquidity` for an open pool: the `(ddt, xdai)` to take at the ratio `x : y`.
fn optimal_amounts(
    x: u128,
    y: u128,
    desired_ddt: Wad,
    desired_xdai: Wad,
    min_ddt: Wad,
    min_xdai: Wad,
) -> Result<(u128, u128), AmmError> {
    let xdai_opt = math::quote(desired_ddt.raw(), x, y)?;
    if xdai_opt <= desired_xdai.raw() {
        if xdai_opt < min_xdai.raw() {
            return Err(AmmError::InsufficientXdaiAmount { amount: Wad::from_raw(xdai_opt), min: min_xdai });
        }
        return Ok((desired_ddt.raw(), xdai_opt));
    }
    let ddt_opt = math::quote(desired_xdai.raw(), y, x)?;
    // Uniswap asserts ddt_opt <= desired_ddt. It holds: floor(d_a*y/x) > d_b means
    // d_a*y/x >= d_b + 1 > d_b, so d_b*x/y < d_a and its floor is <= d_a. Never panic anyway.
    if ddt_opt > desired_ddt.raw() {
        return Err(AmmError::Overflow { op: "add_liquidity: optimal dDT above desired (unreachable)" });
    }
    if ddt_opt < min_ddt.raw() {
        return Err(AmmError::InsufficientDdtAmount { amount: Wad::from_raw(ddt_opt), min: min_ddt });
    }
    Ok((ddt_opt, desired_xdai.raw()))
}
