#![doc = include_str!("../README.md")]

mod decimal;
mod error;
pub mod math;
mod pool;
mod wad;
mod wide;

pub use decimal::{DecimalSlot, DecimalText};
pub use error::AmmError;
pub use ethnum::U256;
pub use pool::{Deposit, FeeModel, MINIMUM_LIQUIDITY, Order, Pool, Side, Swap, Token, Withdrawal, Zap};
pub use wad::{DECIMALS, SCALE, Wad, WadError};
