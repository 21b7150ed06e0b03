//! `Pool`: one constant-product pair of dDT (token A) and xDAI (token B): Uniswap v2 by default,
//! or the original Python simulation's variant (fee account, deposits by dDT).
//!
//! State is seven values: `reserve_ddt`, `reserve_xdai`, `lp_supply`, `locked_lp` (the LP units of
//! `lp_supply` owned by nobody) and `fee_account` (xDAI held for the LPs outside the reserves), all
//! [`Wad`], plus the fee (`fee_ppm`, with its fractions reduced once) and the [`FeeModel`]. The pool is either *empty* (reserves, supply,
//! locked units and fee account all zero, not open) or *open* (both reserves positive and
//! `lp_supply >= max(locked_lp, 1)`); no operation can take an open pool back to empty, because a
//! swap never pays out a whole reserve and a burn never takes the locked units
//! ([`MINIMUM_LIQUIDITY`] when opened by [`Pool::mint`] or [`Pool::add_liquidity`]) or, in a pool
//! that locks none (opened by [`Pool::mint_by_ddt`]), the last unit. Under [`FeeModel::Reserves`]
//! the fee account is always 0.
//!
//! - Swaps: [`Pool::swap_exact_in`], [`Pool::swap_exact_out`], an [`Order`] with [`Pool::swap`] or,
//!   all or nothing with the caller's own checks, [`Pool::swap_if`] (module `swap`). Under
//!   `Reserves` the fee stays in the reserves, so `k = reserve_ddt * reserve_xdai` grows with
//!   every swap; under [`FeeModel::Account`] it is xDAI moved to the fee account and `k` grows
//!   only by rounding. It never falls.
//! - Fees: [`Pool::set_fee_model`], [`Pool::fee_account`], [`Pool::fee_share`],
//!   [`Pool::pay_fees`], [`Pool::clear_fee_account`] (module `fees`).
//! - Liquidity: [`Pool::add_liquidity`], [`Pool::mint`], [`Pool::mint_by_ddt`],
//!   [`Pool::remove_liquidity`] (module `liquidity`); [`Pool::zap_ddt`], dDT alone turned into
//!   liquidity by selling part of it first (module `zap`).
//! - Reads: reserves, [`Pool::spot_price`] (`f64`, for plots), [`Pool::price_at_most`] (exact),
//!   [`Pool::lp_value`], [`Pool::burnable_lp`], [`Pool::k`].
//!
//! **All or nothing.** Every `&mut self` method computes the complete next state first and
//! assigns it only when every check has passed; an `Err` leaves the pool exactly as it was.
//!
//! Not modelled: Uniswap's optional protocol fee (`feeTo`), the TWAP price accumulators, flash
//! swaps and the `uint112` reserve cap (reserves here are `u128`, overflow is an error).

mod fees;
mod liquidity;
mod swap;
mod zap;

pub use fees::FeeModel;
pub use liquidity::{Deposit, MINIMUM_LIQUIDITY, Withdrawal};
pub use swap::{Order, Side, Swap, Token};
pub use zap::Zap;

use ethnum::U256;

use crate::error::AmmError;
use crate::math::Fee;
use crate::wad::{SCALE, Wad};
use crate::wide;

/// A constant-product dDT/xDAI pool with exact integer state.
///
/// ```
/// use grassroot_amm::{Pool, Side, Wad};
/// let mut pool = Pool::new(3000)?; // 0.3 % fee, like Uniswap v2
/// assert!(!pool.is_open());
/// pool.add_liquidity(Wad::from_tokens(1_000), Wad::from_tokens(500), Wad::ZERO, Wad::ZERO)?;
/// assert_eq!(pool.spot_price(), 0.5);
/// let swap = pool.swap_exact_in(Side::SellDdt, Wad::from_tokens(10), Wad::ZERO)?;
/// assert!(swap.amount_out < Wad::from_tokens(5));
/// # Ok::<(), grassroot_amm::AmmError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pool {
    reserve_ddt: Wad,
    reserve_xdai: Wad,
    lp_supply: Wad,
    /// LP units of `lp_supply` owned by nobody, set by the first deposit.
    locked_lp: Wad,
    fee: Fee,
    fee_model: FeeModel,
    /// xDAI held for the LPs outside the reserves; 0 under `FeeModel::Reserves`.
    fee_account: Wad,
}

impl Pool {
    /// An empty pool (not open) charging `fee_ppm` parts per million of every input.
    ///
    /// # Errors
    /// [`AmmError::InvalidFee`] if `fee_ppm > 999_999`.
    pub fn new(fee_ppm: u32) -> Result<Pool, AmmError> {
        let fee = Fee::new(fee_ppm)?;
        Ok(Pool {
            reserve_ddt: Wad::ZERO,
            reserve_xdai: Wad::ZERO,
            lp_supply: Wad::ZERO,
            locked_lp: Wad::ZERO,
            fee,
            fee_model: FeeModel::Reserves,
            fee_account: Wad::ZERO,
        })
    }

    /// dDT held by the pool.
    #[inline]
    pub fn reserve_ddt(&self) -> Wad {
        self.reserve_ddt
    }

    /// xDAI held by the pool.
    #[inline]
    pub fn reserve_xdai(&self) -> Wad {
        self.reserve_xdai
    }

    /// All LP units in existence, including the locked ones ([`Pool::locked_lp`]).
    #[inline]
    pub fn lp_supply(&self) -> Wad {
        self.lp_supply
    }

    /// The swap fee in parts per million of the input (3000 = 0.3 %).
    #[inline]
    pub fn fee_ppm(&self) -> u32 {
        self.fee.ppm()
    }

    /// Changes the swap fee for later swaps.
    ///
    /// # Errors
    /// [`AmmError::InvalidFee`] if `fee_ppm > 999_999` (the fee is unchanged).
    pub fn set_fee_ppm(&mut self, fee_ppm: u32) -> Result<(), AmmError> {
        self.fee = Fee::new(fee_ppm)?;
        Ok(())
    }

    /// True once liquidity was added: both reserves are positive.
    #[inline]
    pub fn is_open(&self) -> bool {
        !self.reserve_ddt.is_zero() && !self.reserve_xdai.is_zero()
    }

    /// LP units locked forever by the first deposit: [`MINIMUM_LIQUIDITY`] for a pool opened by
    /// [`Pool::mint`] or [`Pool::add_liquidity`], 0 for one opened by [`Pool::mint_by_ddt`] or
    /// not open.
    #[inline]
    pub fn locked_lp(&self) -> Wad {
        self.locked_lp
    }

    /// LP units that can be burned now: `lp_supply - max(locked_lp, 1)`, 0 when not open. The
    /// locked units, and in a pool that locks none the last unit, always stay, so a burn never
    /// empties a reserve.
    #[inline]
    pub fn burnable_lp(&self) -> Wad {
        self.lp_supply.saturating_sub(self.locked_lp.max(Wad::from_raw(1)))
    }

    /// xDAI per dDT, `reserve_xdai / reserve_ddt`, as a float for metrics and plots; `0.0` when
    /// the pool is not open. Decisions should use [`Pool::price_at_most`], which is exact.
    pub fn spot_price(&self) -> f64 {
        if !self.is_open() {
            return 0.0;
        }
        // The 10^18 scale cancels in the ratio: two correctly rounded conversions and one
        // division, no 128-bit division by the scale.
        self.reserve_xdai.raw() as f64 / self.reserve_ddt.raw() as f64
    }

    /// Exactly whether `reserve_xdai / reserve_ddt <= max_price` (xDAI per dDT, 1.0 = 10^18 base
    /// units), by cross-multiplying in 256 bits: `reserve_xdai * 10^18 <= max_price *
    /// reserve_ddt`. False when the pool is not open (there is no price).
    pub fn price_at_most(&self, max_price: Wad) -> bool {
        self.is_open()
            && wide::mul(self.reserve_xdai.raw(), SCALE) <= wide::mul(max_price.raw(), self.reserve_ddt.raw())
    }

    /// What `ddt` dDT are worth at the spot price, in xDAI: `floor(ddt * reserve_xdai /
    /// reserve_ddt)`, exact; zero when the pool is not open (or the value exceeds `u128`).
    pub fn spot_value(&self, ddt: Wad) -> Wad {
        if !self.is_open() {
            return Wad::ZERO;
        }
        let value = wide::mul_div_floor(ddt.raw(), self.reserve_xdai.raw(), self.reserve_ddt.raw());
        Wad::from_raw(value.unwrap_or(0))
    }

    /// `k = reserve_ddt * reserve_xdai`, exact in 256 bits (for tests and invariants: no swap
    /// lowers it; liquidity changes move it with the deposit).
    #[inline]
    pub fn k(&self) -> U256 {
        wide::mul(self.reserve_ddt.raw(), self.reserve_xdai.raw())
    }

    /// The pool's error for "no liquidity yet", or `Ok` when open.
    fn require_open(&self) -> Result<(), AmmError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(AmmError::PoolNotOpen { reserve_ddt: self.reserve_ddt, reserve_xdai: self.reserve_xdai })
        }
    }
}
