//! A zap: turning dDT alone into liquidity, by selling part of it and depositing the xDAI
//! received with the rest (a treasury's protocol-owned liquidity, say).
//!
//! Selling `s` of `a` dDT into reserves `x` (dDT) and `y` (xDAI) with the fee `f = fee_ppm /
//! 10^6` on the input gives `out = floor(s g y / (x F + s g))` xDAI (`F = 10^6`, `g = F -
//! fee_ppm`), after which the pool holds `x + s` and `y - out`. The rest, `a - s` dDT, pairs with
//! `out` at that ratio when `(a - s) / (x + s) = out / (y - out) = s g / (x F)`, that is when
//! `g s^2 + x (F + g) s - x F a = 0`. So the zap sells
//!
//! ```text
//! s = floor((sqrt(x^2 (F + g)^2 + 4 g F x a) - x (F + g)) / (2 g))
//! ```
//!
//! (the positive root, rounded down; the square root in 256 bits, rounded down) and deposits
//! `a - s` dDT and `out` xDAI whole with [`Pool::mint`]. The roundings leave a few base units
//! off the ratio; as in every pair deposit they join the reserves, a gift to every LP. The
//! formula is exact for [`FeeModel::Reserves`](super::FeeModel::Reserves); under the fee
//! account the swap pays less xDAI and the deposit's dDT side exceeds the ratio a little more,
//! the same gift.

use ethnum::U256;

use super::{Deposit, Pool, Side, Swap};
use crate::error::AmmError;
use crate::math::FEE_DENOMINATOR;
use crate::wad::Wad;
use crate::wide;

/// What a zap did: the sale, then the deposit of what was left and what the sale paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zap {
    /// The dDT sold for xDAI.
    pub swap: Swap,
    /// The deposit of the unsold dDT and the xDAI received; `deposit.lp` is what the caller gets.
    pub deposit: Deposit,
}

/// How much of `amount` dDT a zap sells into reserves `reserve_in` (dDT) for `fee_ppm`: the
/// formula of the module documentation; [`AmmError::Overflow`] if an intermediate exceeds 256
/// bits (reserves near `u128::MAX`).
fn sale(amount: u128, reserve_in: u128, fee_ppm: u32) -> Result<u128, AmmError> {
    let overflow = AmmError::Overflow { op: "zap: the square root of x^2 (F + g)^2 + 4 g F x a" };
    let f = U256::from(FEE_DENOMINATOR);
    let g = U256::from(FEE_DENOMINATOR - fee_ppm.min(FEE_DENOMINATOR - 1));
    let x = U256::from(reserve_in);
    let b = x.checked_mul(f + g).ok_or_else(|| overflow.clone())?;
    let b2 = b.checked_mul(b).ok_or_else(|| overflow.clone())?;
    let four_ac =
        (U256::from(4u8) * g * f).checked_mul(wide::mul(reserve_in, amount)).ok_or_else(|| overflow.clone())?;
    let root = U256::from(wide::sqrt_floor(b2.checked_add(four_ac).ok_or(overflow)?));
    // root >= b since four_ac >= 0; the quotient is below `amount`, so it fits in u128.
    let s = (root - b) / (U256::from(2u8) * g);
    Ok(wide::narrow(s).unwrap_or(0).min(amount))
}

impl Pool {
    /// How much of `ddt` dDT [`Pool::zap_ddt`] would sell now: `floor((sqrt(x^2 (F + g)^2 + 4 g
    /// F x a) - x (F + g)) / (2 g))` for `a = ddt`, the dDT reserve `x`, `F = 10^6` and `g = F -
    /// fee_ppm` (derived in the module documentation of `zap`).
    ///
    /// ```
    /// use grassroot_amm::{Pool, Wad};
    /// let mut pool = Pool::new(0)?;
    /// pool.mint(Wad::from_raw(1000), Wad::from_raw(1_000_000))?;
    /// // 100 on 1000 dDT with no fee: s^2 + 2000 s - 100000 = 0, s = 48.808...
    /// assert_eq!(pool.zap_sale(Wad::from_raw(100))?, Wad::from_raw(48));
    /// # Ok::<(), grassroot_amm::AmmError>(())
    /// ```
    ///
    /// # Errors
    /// [`AmmError::Overflow`] for reserves near `u128::MAX`.
    pub fn zap_sale(&self, ddt: Wad) -> Result<Wad, AmmError> {
        sale(ddt.raw(), self.reserve_ddt.raw(), self.fee.ppm()).map(Wad::from_raw)
    }

    /// Turns `ddt` dDT into liquidity: sells [`Pool::zap_sale`] of it for xDAI
    /// ([`Pool::swap_exact_in`]), then deposits the rest and the xDAI received whole
    /// ([`Pool::mint`]). All or nothing.
    ///
    /// ```
    /// use grassroot_amm::{Pool, Wad};
    /// let mut pool = Pool::new(3000)?;
    /// pool.mint(Wad::from_tokens(1000), Wad::from_tokens(100))?;
    /// let zap = pool.zap_ddt(Wad::from_tokens(100))?;
    /// assert_eq!(zap.swap.amount_in.checked_add(zap.deposit.ddt)?, Wad::from_tokens(100));
    /// assert_eq!(zap.deposit.xdai, zap.swap.amount_out);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`AmmError::PoolNotOpen`]; the swap's errors (an amount too small to sell,
    /// [`AmmError::OutputRoundsToZero`]) and the deposit's
    /// ([`AmmError::InsufficientLiquidityMinted`]); [`AmmError::Overflow`]. The pool is
    /// unchanged on error.
    pub fn zap_ddt(&mut self, ddt: Wad) -> Result<Zap, AmmError> {
        self.require_open()?;
        let sold = self.zap_sale(ddt)?;
        let mut next = self.clone();
        let swap = next.swap_exact_in(Side::SellDdt, sold, Wad::ZERO)?;
        let deposit = next.mint(ddt.saturating_sub(swap.amount_in), swap.amount_out)?;
        *self = next;
        Ok(Zap { swap, deposit })
    }
}
