//! Amounts as `Decimal128(38, 18)` values: a [`Wad`]'s base units are the decimal's unscaled
//! `i128` as they are (both count 10^-18), a debit negated; and the limit, 10^38 base units,
//! that 38 digits set.

use grassroot_amm::Wad;
use grassroot_sim::{AmountLimit, Delta};

/// Amounts must be below this many base units (10^38, 10^20 tokens): the decimals have 38
/// digits.
pub const AMOUNT_LIMIT: u128 = 100_000_000_000_000_000_000_000_000_000_000_000_000;

/// The limit in words, for messages.
pub const LIMIT_TEXT: &str = "10^38 base units (10^20 tokens), the most Parquet's Decimal128(38, 18) holds";

/// The decimal of `w`; `None` at [`AMOUNT_LIMIT`] or above.
#[inline]
pub fn amount_i128(w: Wad) -> Option<i128> {
    let raw = w.raw();
    // Below 10^38 < 2^127: the conversion cannot fail then.
    if raw < AMOUNT_LIMIT { i128::try_from(raw).ok() } else { None }
}

/// The signed decimal of a change: negative for a debit; `None` when its size is at the limit
/// or above.
#[inline]
pub fn delta_i128(d: Delta) -> Option<i128> {
    amount_i128(d.amount).map(|v| if d.debit { -v } else { v })
}

/// The limit a run asks the engine for when it writes Parquet
/// ([`SimBuilder::limit_amounts`](grassroot_sim::SimBuilder::limit_amounts)), so that a
/// starting supply that could not be written is refused before the first step.
pub fn parquet_limit() -> AmountLimit {
    AmountLimit {
        below: AMOUNT_LIMIT,
        what: format!("{LIMIT_TEXT} (OUTPUT_FORMAT=parquet or both)"),
        fix: "or write CSV only (OUTPUT_FORMAT=csv)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_their_base_units_up_to_the_limit() {
        assert_eq!(AMOUNT_LIMIT, 10u128.pow(38));
        assert_eq!(amount_i128(Wad::from_raw(1)), Some(1));
        assert_eq!(amount_i128(Wad::from_raw(AMOUNT_LIMIT - 1)), Some((AMOUNT_LIMIT - 1) as i128));
        assert_eq!(amount_i128(Wad::from_raw(AMOUNT_LIMIT)), None);
        assert_eq!(amount_i128(Wad::MAX), None);
        assert_eq!(delta_i128(Delta::debit(Wad::from_tokens(2))), Some(-2_000_000_000_000_000_000));
        assert_eq!(delta_i128(Delta::debit(Wad::ZERO)), Some(0));
        assert_eq!(delta_i128(Delta::credit(Wad::from_raw(AMOUNT_LIMIT))), None);
    }
}
