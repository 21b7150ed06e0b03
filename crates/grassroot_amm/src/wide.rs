//! 256-bit intermediates for products of two `u128`s, in one audited place.
//!
//! Every formula in this crate that multiplies two amounts goes through these helpers, built on
//! the `ethnum` crate's `U256` (small, `no_std`, fully checked arithmetic, no allocation). They
//! return `None` instead of wrapping or panicking; callers turn that into an error.
//!
//! | helper            | result                      | fails (`None`) when                 |
//! |-------------------|-----------------------------|-------------------------------------|
//! | [`mul`]           | `a * b` exactly (< 2^256)   | never                               |
//! | [`mul_small`]     | `a * b` for a 64-bit `b`    | the product is >= 2^128             |
//! | [`mul_div_floor`] | `floor(a * b / d)`          | `d == 0` or quotient >= 2^128       |
//! | [`mul_div_ceil`]  | `ceil(a * b / d)`           | `d == 0` or quotient >= 2^128       |
//! | [`narrow`]        | `v` as `u128`               | `v >= 2^128`                        |
//! | [`div`]           | `floor(n / d)` as `u128`    | `d == 0` or quotient >= 2^128       |
//! | [`sqrt_floor`]    | `floor(sqrt(v))` (< 2^128)  | never                               |
//!
//! `u128` fast paths are taken when the product fits in 128 bits; they give the same integers.
//!
//! **Division by a 128-bit divisor.** The swap formulas divide a 256-bit product by a divisor
//! that fits in 128 bits, for a quotient that fits in 128 bits. `ethnum`'s general 256-by-256
//! division was the largest single cost of a run (callgrind; see `docs/speed.md`); [`div`]
//! does it as two steps of Knuth's algorithm D with 64-bit digits (Hacker's Delight's `divlu`,
//! widened): normalise the divisor so its top bit is set, estimate each quotient digit from
//! the divisor's top digit and correct it at most twice. The high digit is skipped when it is
//! 0, as it is for a swap's output below 2^64 base units (18.4 tokens), which spares a part of
//! the division's work. `tests/props_math.rs` checks it against `ethnum` on random and extreme
//! operands. A divisor of 129 bits or more falls back to `ethnum`.

use ethnum::U256;

/// `a * b` exactly: the product of two `u128`s always fits in 256 bits.
#[inline]
pub(crate) fn mul(a: u128, b: u128) -> U256 {
    let (hi, lo) = widening_mul(a, b);
    U256::from_words(hi, lo)
}

/// `a * b` if it fits in 128 bits: two 64-bit products, cheaper than `u128::checked_mul` (which
/// cannot know that `b` is small). The fee fractions multiply amounts and reserves this way.
#[inline]
pub(crate) fn mul_small(a: u128, b: u64) -> Option<u128> {
    let b = u128::from(b);
    let lo = u128::from(a as u64) * b;
    let hi = (a >> 64) * b;
    if hi >> 64 != 0 { None } else { (hi << 64).checked_add(lo) }
}

/// `a * b` as `(high, low)` 128-bit words, from four 64-bit products.
#[inline]
fn widening_mul(a: u128, b: u128) -> (u128, u128) {
    const LOW: u128 = (1 << 64) - 1;
    let (a1, a0, b1, b0) = (a >> 64, a & LOW, b >> 64, b & LOW);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    // The middle column: at most 3 * (2^64 - 1) < 2^66, no overflow.
    let mid = (p00 >> 64) + (p01 & LOW) + (p10 & LOW);
    let lo = (p00 & LOW) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

/// `floor(a * b / d)` with a 256-bit product; `None` if `d == 0` or the quotient exceeds `u128`.
#[inline]
pub(crate) fn mul_div_floor(a: u128, b: u128, d: u128) -> Option<u128> {
    if d == 0 {
        return None;
    }
    let (hi, lo) = widening_mul(a, b);
    if hi == 0 {
        return Some(lo / d);
    }
    if hi >= d {
        return None;
    }
    Some(div_2by1(hi, lo, d))
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

/// `floor(n / d)`, or `None` if `d == 0` or the quotient does not fit in `u128`.
#[inline]
pub(crate) fn div(n: U256, d: U256) -> Option<u128> {
    let (n_hi, n_lo) = n.into_words();
    match narrow(d) {
        Some(0) => None,
        Some(d) if n_hi == 0 => Some(n_lo / d),
        Some(d) if n_hi < d => Some(div_2by1(n_hi, n_lo, d)),
        Some(_) => None,
        None => narrow(n / d),
    }
}

/// `floor((u1 * 2^128 + u0) / v)` for `u1 < v` (so the quotient fits in 128 bits).
#[inline]
fn div_2by1(u1: u128, u0: u128, v: u128) -> u128 {
    let s = v.leading_zeros();
    let v = v << s;
    let (vn1, vn0) = ((v >> 64) as u64, v as u64);
    // u1 < v, so shifting (u1, u0) left by s loses no bit of the dividend.
    let un32 = if s == 0 { u1 } else { (u1 << s) | (u0 >> (128 - s)) };
    let un10 = u0 << s;
    let (un1, un0) = ((un10 >> 64) as u64, un10 as u64);
    // The high digit is 0 when the top 128 bits are below the divisor's top digit: then
    // (un32, un1) < vn1 * 2^64 <= v. A swap's output is below 2^64 base units (18.4 tokens)
    // most of the time, and this skips half of the division.
    let (q1, un21) = if un32 < u128::from(vn1) {
        (0, (un32 << 64) | u128::from(un1))
    } else {
        let q1 = quotient_digit(un32, un1, vn1, vn0);
        (q1, ((un32 << 64) | u128::from(un1)).wrapping_sub(u128::from(q1).wrapping_mul(v)))
    };
    let q0 = quotient_digit(un21, un0, vn1, vn0);
    (u128::from(q1) << 64) | u128::from(q0)
}

/// One digit of the quotient of `(hi * 2^64 + next) / v`, with `hi < v`, `v` normalised (top
/// bit set) and split into the 64-bit digits `vn1`, `vn0`: Knuth's estimate from the top digit,
/// corrected at most twice. The remainder `hi * 2^64 + next - q * v` is then in `[0, v)`, and
/// the caller computes it with wrapping arithmetic mod 2^128 if it needs it.
#[inline]
fn quotient_digit(hi: u128, next: u64, vn1: u64, vn0: u64) -> u64 {
    let vn1 = u128::from(vn1);
    // hi < v means hi's top digit is at most vn1; when equal, the estimate is capped at 2^64-1.
    let (mut q, mut rhat) = if (hi >> 64) < vn1 {
        let q = hi / vn1;
        (q, hi - q * vn1)
    } else {
        let q = u128::from(u64::MAX);
        (q, hi - q * vn1)
    };
    // q < 2^64 from here on; rhat may reach 2^64, where the test below is already false.
    while rhat >> 64 == 0 && q * u128::from(vn0) > ((rhat << 64) | u128::from(next)) {
        q -= 1;
        rhat += vn1;
    }
    q as u64
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

    /// `ethnum`'s quotient, the reference for [`div`].
    fn reference(n: U256, d: U256) -> Option<u128> {
        if d == U256::ZERO { None } else { narrow(n / d) }
    }

    #[test]
    fn div_edges() {
        let m = u128::MAX;
        for (n, d) in [
            (mul(m, m), U256::from(m)),
            (mul(m, m) - 1, U256::from(m)),
            (mul(m, m - 1), U256::from(m)),
            (mul(1u128 << 64, 1u128 << 64), U256::from(3u8)),
            (mul(m, 1u128 << 63), U256::from(1u128 << 64)),
            (mul(m, 2), U256::from(2u8)),
            (mul(m, 2), U256::from(1u8)),
            (mul(1u128 << 127, 2), U256::from((1u128 << 127) + 1)),
            (U256::from(5u8), U256::ZERO),
            (mul(m, m), U256::ONE << 128),
        ] {
            assert_eq!(div(n, d), reference(n, d), "{n} / {d}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn div_is_ethnums_division(hi_bits in 0u32..=128, hi in proptest::prelude::any::<u128>(), lo in proptest::prelude::any::<u128>(),
                                   d_bits in 1u32..=129, d in proptest::prelude::any::<u128>()) {
            let hi = if hi_bits == 128 { hi } else { hi & ((1u128 << hi_bits) - 1) };
            let d = match d_bits {
                129 => U256::from(d) + (U256::ONE << 128),
                128 => U256::from(d | 1),
                b => U256::from((d & ((1u128 << b) - 1)) | 1),
            };
            let n = U256::from_words(hi, lo);
            proptest::prop_assert_eq!(div(n, d), reference(n, d));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn mul_small_is_checked_mul(a in proptest::prelude::any::<u128>(), b in proptest::prelude::any::<u64>(), shift in 0u32..128) {
            let a = a >> shift;
            proptest::prop_assert_eq!(mul_small(a, b), a.checked_mul(u128::from(b)));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn mul_is_ethnums_product(a in proptest::prelude::any::<u128>(), b in proptest::prelude::any::<u128>(), shift in 0u32..128) {
            let (a, b) = (a >> shift, b);
            proptest::prop_assert_eq!(mul(a, b), U256::from(a) * U256::from(b));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(50_000))]
        #[test]
        fn mul_div_floor_is_ethnums(a_bits in 0u32..=128, a in proptest::prelude::any::<u128>(),
                                    b_bits in 0u32..=128, b in proptest::prelude::any::<u128>(),
                                    d_bits in 1u32..=128, d in proptest::prelude::any::<u128>()) {
            let cut = |bits: u32, v: u128| if bits == 128 { v } else { v & ((1u128 << bits) - 1) };
            let (a, b, d) = (cut(a_bits, a), cut(b_bits, b), cut(d_bits, d).max(1));
            proptest::prop_assert_eq!(mul_div_floor(a, b, d), reference(mul(a, b), U256::from(d)));
        }

        #[test]
        fn mul_div_floor_is_ethnums_near_swap_sizes(a in 1u128..1u128 << 90, b in 1u128..1u128 << 100, d in 1u128 << 60..1u128 << 110) {
            proptest::prop_assert_eq!(mul_div_floor(a, b, d), reference(mul(a, b), U256::from(d)));
        }
    }
}
