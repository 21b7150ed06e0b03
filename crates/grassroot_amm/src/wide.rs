//! 256-bit intermediates for products of two `u128`s, in one audited place.
//!
//! Every formula in this crate that multiplies two amounts goes through these helpers, built on
//! the `ethnum` crate's `U256` (small, `no_std`, fully checked arithmetic, no allocation). They
//! return `None` instead of wrapping or panicking; callers turn that into an error.
//!
//! | helper            | result                      | fails (`None`) when                 |
//! |-------------------|-----------------------------|-------------------------------------|
//! | [`mul`]           | `a * b` exactly (< 2^256)   | never                               |
//! | [`mul_div_floor`] | `floor(a * b / d)`          | `d == 0` or quotient >= 2^128       |
//! | [`mul_div_ceil`]  | `ceil(a * b / d)`           | `d == 0` or quotient >= 2^128       |
//! | [`narrow`]        | `v` as `u128`               | `v >= 2^128`                        |
//! | [`sqrt_floor`]    | `floor(sqrt(v))` (< 2^128)  | never                               |
//!
//! `u128` fast paths are taken when the product fits in 128 bits; they give the same integers.

use ethnum::U256;

/// `a * b` exactly: the product of two `u128`s always fits in 256 bits.
#[inline]
pub(crate) fn mul(a: u128, b: u128) -> U256 {
    U256::from(a) * U256::from(b)
}

/// `floor(a * b / d)` with a 256-bit product; `None` if `d == 0` or the quotient exceeds `u128`.
#[inline]
pub(crate) fn mul_div_floor(a: u128, b: u128, d: u128) -> Option<u128> {
    if d == 0 {
        return None;
    }
    if let Some(p) = a.checked_mul(b) {
        return Some(p / d);
    }
    narrow(mul(a, b) / U256::from(d))
}

/// `ceil(a * b / d)` with a 256-bit product; `None` if `d == 0` or the quotient exceeds `u128`.
#[inline]
pub(crate) fn mul_div_ceil(a: u128, b: u128, d: u128) -> Option<u128> {
    if d == 0 {
        return None;
    }
    if let Some(p) = a.checked_mul(b) {
        return Some(p.div_ceil(d));
    }
    let p = mul(a, b);
    let d = U256::from(d);
    let q = p / d;
    // q <= p / 1 < 2^256 - 1 here (p < 2^256 - 2^129), so `q + 1` cannot overflow.
    let q = if p % d == 0 { q } else { q + 1 };
    narrow(q)
}

/// `U256` back to `u128`, or `None` if it does not fit.
#[inline]
pub(crate) fn narrow(v: U256) -> Option<u128> {
    let (hi, lo) = v.into_words();
    if hi == 0 { Some(lo) } else { None }
}

/// `floor(sqrt(v))`, exact for every 256-bit `v`; the root of a 256-bit number fits in `u128`.
///
/// Values below 2^128 use the standard library's `u128::isqrt`. Larger values use Newton's
/// (Babylonian) iteration `x <- (x + v / x) / 2` from `x0 = 2^ceil(bits/2) >= sqrt(v)`, as
/// Uniswap v2's `Math.sqrt`: the sequence decreases strictly while `x > floor(sqrt(v))` and stops
/// at the first non-decrease, which is the floor root.
#[inline]
pub(crate) fn sqrt_floor(v: U256) -> u128 {
    if let Some(small) = narrow(v) {
        return small.isqrt();
    }
    let bits = 256 - v.leading_zeros();
    // bits in 129..=256, so the shift is in 65..=128 and x0 <= 2^128 fits easily.
    let mut x = U256::ONE << bits.div_ceil(2);
    loop {
        let y = (x + v / x) >> 1;
        if y >= x {
            break;
        }
        x = y;
    }
    // x = floor(sqrt(v)) <= sqrt(2^256 - 1) < 2^128, so `narrow` always succeeds.
    narrow(x).unwrap_or(u128::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul_div_matches_fast_and_wide_paths() {
        assert_eq!(mul_div_floor(7, 3, 2), Some(10));
        assert_eq!(mul_div_ceil(7, 3, 2), Some(11));
        assert_eq!(mul_div_ceil(6, 3, 2), Some(9));
        assert_eq!(mul_div_floor(u128::MAX, u128::MAX, u128::MAX), Some(u128::MAX));
        assert_eq!(mul_div_ceil(u128::MAX, u128::MAX, u128::MAX), Some(u128::MAX));
        assert_eq!(mul_div_floor(u128::MAX, 2, 1), None);
        assert_eq!(mul_div_floor(1, 1, 0), None);
        assert_eq!(mul_div_ceil(1, 1, 0), None);
        // (2^128 - 1) * 3 / 2 = 2^128 + 2^127 - 2 (rounded) > u128::MAX
        assert_eq!(mul_div_ceil(u128::MAX, 3, 2), None);
        // m^2 / (m - 1) = m + 1 + 1/(m - 1) with m = 2^128 - 1: the floor is already 2^128.
        assert_eq!(mul_div_floor(u128::MAX, u128::MAX, u128::MAX - 1), None);
        // 7 * ((2^129 - 1) / 7) / 2 = 2^128 - 1/2: the floor fits (u128::MAX), the ceil does not.
        let b = 97_223_533_405_982_418_132_392_744_980_505_203_273;
        assert_eq!(mul_div_floor(7, b, 2), Some(u128::MAX));
        assert_eq!(mul_div_ceil(7, b, 2), None);
    }

    #[test]
    fn sqrt_floor_edges() {
        assert_eq!(sqrt_floor(U256::ZERO), 0);
        assert_eq!(sqrt_floor(U256::ONE), 1);
        assert_eq!(sqrt_floor(U256::from(8u8)), 2);
        assert_eq!(sqrt_floor(U256::from(9u8)), 3);
        assert_eq!(sqrt_floor(U256::MAX), u128::MAX);
        assert_eq!(sqrt_floor(mul(u128::MAX, u128::MAX)), u128::MAX);
        assert_eq!(sqrt_floor(mul(u128::MAX, u128::MAX) - 1), u128::MAX - 1);
        let r = 1u128 << 64;
        assert_eq!(sqrt_floor(mul(r, r)), r);
        assert_eq!(sqrt_floor(mul(r, r) - 1), r - 1);
        // 2^128 exactly: first value on the Newton path.
        assert_eq!(sqrt_floor(U256::ONE << 128), 1u128 << 64);
        assert_eq!(sqrt_floor((U256::ONE << 129) + U256::from(5u8)), 26_087_635_650_665_564_424);
    }
}
