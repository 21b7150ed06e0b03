//! Fee model and fee account: where a swap's fee goes, and the xDAI the pair holds for its LPs
//! outside the reserves.
//!
//! - [`FeeModel::Reserves`] (the default, Uniswap v2): the fee is part of the input token and
//!   stays in the reserves, raising `k` and so the value of every LP unit. The fee account is
//!   always 0.
//! - [`FeeModel::Account`] (the original Python simulation, not Uniswap): the fee is always xDAI
//!   (a buyer's input, a seller's output) and leaves the reserves into the fee account; the
//!   reserves trade as a fee-free constant product. The four formulas are in the swap module.
//!
//! The account is paid out by the caller, who keeps the LP balances:
//!
//! ```text
//! fee_share(lp)        = floor(fee_account * min(lp, S) / S), 0 when S = 0    (down: the pair keeps dust)
//! pay_fees(x)          : fee_account -= x, refused if x > fee_account
//! clear_fee_account()  : returns fee_account and sets it to 0
//! ```
//!
//! `S` counts the locked LP units too ([`Pool::locked_lp`]), so their share is never paid out
//! (a pool opened by [`Pool::mint_by_ddt`] locks none, as the original). Shares are of the
//! account *now*: deposits and burns do not touch it, so a new LP shares in fees earned before
//! it joined and a burned LP loses its share, as in the original's `collect_fees`. To pay every
//! LP out of the same account, compute all shares first, then pay them.
//!
//! [`Pool::set_fee_model`] refuses to leave `Account` while the account holds xDAI (it would be
//! left under a model that keeps none, [`AmmError::FeeAccountNotEmpty`]); any other change is
//! allowed at any time, and applies to later swaps.

use super::{Pool, Side, Token};
use crate::error::AmmError;
use crate::wad::Wad;
use crate::wide;

/// Where a swap's fee goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum FeeModel {
    /// Uniswap v2: the fee is in the input token and stays in the reserves.
    #[default]
    Reserves,
    /// The original simulation: the fee is xDAI and moves to the pair's fee account.
    Account,
}

impl FeeModel {
    /// The token a `side` swap's fee is counted in.
    #[inline]
    pub(super) fn fee_token(self, side: Side) -> Token {
        match self {
            FeeModel::Reserves => side.input(),
            FeeModel::Account => Token::Xdai,
        }
    }
}

impl Pool {
    /// Where swap fees go.
    #[inline]
    pub fn fee_model(&self) -> FeeModel {
        self.fee_model
    }

    /// Changes where later swaps' fees go.
    ///
    /// ```
    /// use grassroot_amm::{FeeModel, Pool, Side, Wad};
    /// let mut pool = Pool::new(3000)?;
    /// pool.set_fee_model(FeeModel::Account)?;
    /// pool.mint_by_ddt(Wad::from_tokens(1000), Wad::from_tokens(100))?;
    /// let swap = pool.swap_exact_in(Side::BuyDdt, Wad::from_tokens(1), Wad::ZERO)?;
    /// assert_eq!(pool.fee_account(), Wad::parse("0.003")?); // 0.3 % of 1 xDAI
    /// assert!(pool.set_fee_model(FeeModel::Reserves).is_err());
    /// assert_eq!(pool.clear_fee_account(), swap.fee);
    /// pool.set_fee_model(FeeModel::Reserves)?;
    /// # Ok::<(), grassroot_amm::AmmError>(())
    /// ```
    ///
    /// # Errors
    /// [`AmmError::FeeAccountNotEmpty`] when leaving [`FeeModel::Account`] while the fee account
    /// is not 0 (the model is unchanged).
    pub fn set_fee_model(&mut self, fee_model: FeeModel) -> Result<(), AmmError> {
        if fee_model != self.fee_model && !self.fee_account.is_zero() {
            return Err(AmmError::FeeAccountNotEmpty { fee_account: self.fee_account });
        }
        self.fee_model = fee_model;
        Ok(())
    }

    /// xDAI held for the LPs outside the reserves; always 0 under [`FeeModel::Reserves`].
    #[inline]
    pub fn fee_account(&self) -> Wad {
        self.fee_account
    }

    /// The part of the fee account owed to `lp` LP units now:
    /// `floor(fee_account * min(lp, lp_supply) / lp_supply)`, 0 when the supply is 0. Rounds down,
    /// so the shares of all holders never add up to more than the account.
    pub fn fee_share(&self, lp: Wad) -> Wad {
        let supply = self.lp_supply.raw();
        // The quotient is at most fee_account, so it always fits; the fallback is unreachable.
        let share = wide::mul_div_floor(self.fee_account.raw(), lp.raw().min(supply), supply).unwrap_or(0);
        Wad::from_raw(share)
    }

    /// Takes `xdai` out of the fee account (the caller hands it to an LP).
    ///
    /// # Errors
    /// [`AmmError::FeesExceedAccount`] if `xdai` is more than the account holds (the account is
    /// unchanged).
    pub fn pay_fees(&mut self, xdai: Wad) -> Result<(), AmmError> {
        let left = self
            .fee_account
            .checked_sub(xdai)
            .map_err(|_| AmmError::FeesExceedAccount { xdai, fee_account: self.fee_account })?;
        self.fee_account = left;
        Ok(())
    }

    /// Empties the fee account and returns what it held.
    pub fn clear_fee_account(&mut self) -> Wad {
        std::mem::take(&mut self.fee_account)
    }
}
