//! `AmmError`: every way a pool operation or a formula can refuse, with the numbers involved.
//!
//! Each variant maps to a `require` (or an arithmetic revert) of Uniswap v2, named after the
//! Uniswap message where one exists, and prints as `amm: <what failed>: <the numbers>`. Amounts
//! are carried as [`Wad`] and print as decimal tokens (all three tokens, dDT, xDAI and LP, have 18
//! decimals), so `Wad::from_raw(5)` prints `0.000000000000000005`.
//!
//! An operation that returns an error has changed nothing: see the crate's pool docs.

use std::fmt;

use crate::wad::{Wad, WadError};

/// Why an AMM formula or pool operation refused; the pool is unchanged after any of these.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AmmError {
    /// The swap fee is not below 100 %: `fee_ppm` must be at most 999 999 parts per million.
    InvalidFee {
        /// The rejected fee, parts per million.
        fee_ppm: u32,
    },
    /// `amount_in` is zero (Uniswap `INSUFFICIENT_INPUT_AMOUNT`).
    InsufficientInputAmount,
    /// The requested `amount_out` is zero (Uniswap `INSUFFICIENT_OUTPUT_AMOUNT`).
    InsufficientOutputAmount,
    /// An exact-in swap would pay out nothing: `amount_in` is too small to buy one base unit
    /// (Uniswap's pair reverts `INSUFFICIENT_OUTPUT_AMOUNT` on a zero-output swap).
    OutputRoundsToZero {
        /// The input that buys zero base units.
        amount_in: Wad,
    },
    /// `quote` with a zero amount (Uniswap `INSUFFICIENT_AMOUNT`).
    InsufficientAmount,
    /// A reserve is zero (Uniswap `INSUFFICIENT_LIQUIDITY`).
    InsufficientLiquidity {
        /// Reserve of the token going in (or `reserve_a` for `quote`).
        reserve_in: Wad,
        /// Reserve of the token going out (or `reserve_b` for `quote`).
        reserve_out: Wad,
    },
    /// The requested output is the whole reserve or more (Uniswap reverts: division by zero or
    /// subtraction underflow in `getAmountIn`, `INSUFFICIENT_LIQUIDITY` in the pair).
    OutputExceedsReserve {
        /// The requested output.
        amount_out: Wad,
        /// The reserve of the output token.
        reserve_out: Wad,
    },
    /// A result does not fit in 128 bits or an intermediate product does not fit in 256 bits.
    Overflow {
        /// The formula that overflowed.
        op: &'static str,
    },
    /// Slippage: an exact-in swap would pay out less than `min_out`.
    MinOutNotMet {
        /// What the swap would pay out.
        amount_out: Wad,
        /// The least the caller accepts.
        min_out: Wad,
    },
    /// Slippage: an exact-out swap would cost more than `max_in`.
    MaxInExceeded {
        /// What the swap would cost.
        amount_in: Wad,
        /// The most the caller pays.
        max_in: Wad,
    },
    /// The pool has no liquidity yet, so it cannot price, swap or burn.
    PoolNotOpen {
        /// dDT reserve.
        reserve_ddt: Wad,
        /// xDAI reserve.
        reserve_xdai: Wad,
    },
    /// A deposit would mint no LP (Uniswap `INSUFFICIENT_LIQUIDITY_MINTED`); on the first deposit
    /// this means `sqrt(ddt * xdai) <= MINIMUM_LIQUIDITY` (or, for `mint_by_ddt`, an amount of 0,
    /// which would not open the pool).
    InsufficientLiquidityMinted {
        /// dDT that would be deposited.
        ddt: Wad,
        /// xDAI that would be deposited.
        xdai: Wad,
    },
    /// A burn would return zero of a token (Uniswap `INSUFFICIENT_LIQUIDITY_BURNED`).
    InsufficientLiquidityBurned {
        /// LP to burn.
        lp: Wad,
        /// dDT it would return.
        ddt: Wad,
        /// xDAI it would return.
        xdai: Wad,
    },
    /// The dDT amount at the pool ratio is below `min_ddt` (router `INSUFFICIENT_A_AMOUNT`).
    InsufficientDdtAmount {
        /// dDT the deposit would take at the current ratio.
        amount: Wad,
        /// The least dDT the caller accepts to deposit.
        min: Wad,
    },
    /// The xDAI amount at the pool ratio is below `min_xdai` (router `INSUFFICIENT_B_AMOUNT`).
    InsufficientXdaiAmount {
        /// xDAI the deposit would take at the current ratio.
        amount: Wad,
        /// The least xDAI the caller accepts to deposit.
        min: Wad,
    },
    /// More LP than can be burned: everything but the locked LP units (`MINIMUM_LIQUIDITY`, or
    /// in a pool that locks none, the last unit).
    LpExceedsHoldings {
        /// LP asked for.
        lp: Wad,
        /// LP that can be burned: `lp_supply - max(locked_lp, 1)`.
        burnable: Wad,
    },
    /// The fee model cannot leave `FeeModel::Account` while the fee account holds xDAI: under
    /// `FeeModel::Reserves` it is always 0.
    FeeAccountNotEmpty {
        /// xDAI in the fee account.
        fee_account: Wad,
    },
    /// `pay_fees` asked for more xDAI than the fee account holds.
    FeesExceedAccount {
        /// xDAI asked for.
        xdai: Wad,
        /// xDAI in the fee account.
        fee_account: Wad,
    },
    /// A [`Wad`] parse or arithmetic error.
    Wad(WadError),
}

impl fmt::Display for AmmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("amm: ")?;
        match self {
            Self::InvalidFee { fee_ppm } => {
                write!(f, "invalid fee: fee_ppm {fee_ppm} must be at most 999999 (parts per million)")
            }
            Self::InsufficientInputAmount => write!(f, "insufficient input amount: amount_in is 0"),
            Self::InsufficientOutputAmount => {
                write!(f, "insufficient output amount: amount_out is 0")
            }
            Self::OutputRoundsToZero { amount_in } => {
                write!(f, "insufficient output amount: amount_in {amount_in} buys 0 of the output token")
            }
            Self::InsufficientAmount => write!(f, "insufficient amount: amount_a is 0"),
            Self::InsufficientLiquidity { reserve_in, reserve_out } => write!(
                f,
                "insufficient liquidity: reserve_in {reserve_in}, reserve_out {reserve_out} \
                 (both must be > 0)"
            ),
            Self::OutputExceedsReserve { amount_out, reserve_out } => {
                write!(f, "insufficient liquidity: amount_out {amount_out} >= reserve_out {reserve_out}")
            }
            Self::Overflow { op } => {
                write!(f, "overflow in {op}: result above 2^128 - 1 or intermediate above 2^256 - 1")
            }
            Self::MinOutNotMet { amount_out, min_out } => {
                write!(f, "slippage: amount_out {amount_out} < min_out {min_out}")
            }
            Self::MaxInExceeded { amount_in, max_in } => {
                write!(f, "slippage: amount_in {amount_in} > max_in {max_in}")
            }
            Self::PoolNotOpen { reserve_ddt, reserve_xdai } => {
                write!(f, "pool not open: reserves dDT {reserve_ddt}, xDAI {reserve_xdai}; add liquidity first")
            }
            Self::InsufficientLiquidityMinted { ddt, xdai } => {
                write!(f, "insufficient liquidity minted: depositing dDT {ddt} and xDAI {xdai} mints 0 LP")
            }
            Self::InsufficientLiquidityBurned { lp, ddt, xdai } => write!(
                f,
                "insufficient liquidity burned: burning LP {lp} returns dDT {ddt} and xDAI {xdai} \
                 (both must be > 0)"
            ),
            Self::InsufficientDdtAmount { amount, min } => {
                write!(f, "insufficient dDT amount: {amount} at the pool ratio < min_ddt {min}")
            }
            Self::InsufficientXdaiAmount { amount, min } => {
                write!(f, "insufficient xDAI amount: {amount} at the pool ratio < min_xdai {min}")
            }
            Self::LpExceedsHoldings { lp, burnable } => write!(
                f,
                "LP amount exceeds holdings: lp {lp} > burnable {burnable} \
                 (lp_supply minus the locked minimum liquidity)"
            ),
            Self::FeeAccountNotEmpty { fee_account } => write!(
                f,
                "fee account not empty: it holds xDAI {fee_account}; pay it out (clear_fee_account) \
                 before leaving the fee-account model"
            ),
            Self::FeesExceedAccount { xdai, fee_account } => {
                write!(f, "fees exceed the fee account: paying xDAI {xdai} > fee_account {fee_account}")
            }
            Self::Wad(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for AmmError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Wad(e) => Some(e),
            _ => None,
        }
    }
}

impl From<WadError> for AmmError {
    fn from(e: WadError) -> AmmError {
        AmmError::Wad(e)
    }
}
