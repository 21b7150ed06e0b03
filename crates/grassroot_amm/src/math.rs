//! Uniswap v2 library math on raw base units (`u128`), with a fee in parts per million.
//!
//! Notation: `a` amount in, `o` amount out, `r` reserve of the input token, `R` reserve of the
//! output token, `f` = `fee_ppm`, `D` = [`FEE_DENOMINATOR`] = 1 000 000, `g = D - f` (the part
//! of the input that is not fee). All divisions are integer divisions of exact 256-bit
//! intermediates (`crate::wide`).
//!
//! | function           | formula                                  | rounds                       |
//! |--------------------|------------------------------------------|------------------------------|
//! | [`get_amount_out`] | `o = floor(a*g*R / (r*D + a*g))`         | down: trader gets less       |
//! | [`get_amount_in`]  | `a = floor(r*o*D / ((R - o)*g)) + 1`     | up (+1): trader pays more    |
//! | [`quote`]          | `b = floor(a*R_b / R_a)`                 | down: depositor adds less    |
//! | [`fee_paid`]       | `floor(a*f / D)`                         | down: the fee is the floor   |
//! | [`gross_for_net`]  | `x = floor((n - 1)*D / g) + 1`, `0` at 0 | up: least `x` netting `n`    |
//! | [`sqrt_floor`]     | `floor(sqrt(x*y))`                       | down: fewer first LP units   |
//!
//! # Same integers as Uniswap v2 at 0.3 %
//!
//! Before use, `g/D` is reduced by `c = gcd(g, D)`: the code computes with `g' = g/c` and
//! `D' = D/c`. Multiplying numerator and denominator by the same positive integer `c` does not
//! change a rational number, hence not its floor:
//!
//! ```text
//! floor(a*g*R / (r*D + a*g))  = floor(c*(a*g'*R) / (c*(r*D' + a*g')))  = floor(a*g'*R / (r*D' + a*g'))
//! floor(r*o*D / ((R-o)*g))    = floor(c*(r*o*D') / (c*((R-o)*g')))     = floor(r*o*D' / ((R-o)*g'))
//! ```
//!
//! `UniswapV2Library` hard-codes 997/1000. With `f = 3000`, `g = 997 000 = 1000 * 997` and
//! `D = 1000 * 1000`; 997 is prime, so `c = 1000`, `g' = 997`, `D' = 1000`: this module then
//! evaluates Uniswap's expressions literally, so the results are equal bit for bit and the
//! 256-bit overflow cases (Solidity's SafeMath reverts) are the same inputs too. The table tests
//! check the Uniswap v2-core `swapTestCases`; a property test compares 4096 random triples
//! against a verbatim 997/1000 transcription.
//!
//! The fee itself, `floor(a*f / D)`, is computed as `floor(a*f' / D')` with `f/D` reduced the
//! same way (`3/1000` at 0.3 %), by the same argument; then `a*f'` fits in 128 bits for every
//! amount below `2^128 / f'`, and no 256-bit product is needed. A pool reduces both fractions
//! once, when its fee is set.
//!
//! # Why the rounding is safe for the pool
//!
//! *Exact in.* `o <= a*g*R / (r*D + a*g)` gives `(r*D + a*g) * (R - o) >= r*D*R`, i.e. the
//! fee-adjusted `k` does not fall; since `a*D >= a*g`, also `(r + a) * (R - o) >= r*R`: the
//! plain `k` does not fall either. And `o < R` always (the fraction is below 1 because
//! `r*D > 0`), so a swap never empties a reserve. The flooring dust stays in the pool; `o + 1`
//! would break the fee-adjusted `k` (the result is the largest output the pair accepts).
//!
//! *Exact out.* `a > r*o*D / ((R - o)*g)` gives `(r*D + a*g) * (R - o) > r*D*R`: again `k` grows.
//! When the division is exact, Uniswap's `+1` charges one base unit more than the ceiling;
//! this module copies that. Consequently `get_amount_out(get_amount_in(o)) >= o`.
//!
//! *Quote.* The floor makes the matched amount at most proportional, so a depositor never adds
//! less value than the LP they are credited for (the pool takes the `min` of both shares).
//!
//! # The least gross amount for a net amount
//!
//! A fee taken as `floor(x*f / D)` leaves `h(x) = x - floor(x*f / D)` of a gross amount `x`.
//! [`gross_for_net`] returns the least `x` with `h(x) >= n`; the fee-account swaps need it to
//! charge (or pay out) a gross amount whose net is exactly what the constant product asks for.
//!
//! 1. `h(x) = ceil(x*g / D)`: `x` is an integer, so `x - floor(x*f/D) = ceil(x - x*f/D)`.
//! 2. `h(x + 1) - h(x)` is 0 or 1: `floor((x+1)*f/D) - floor(x*f/D)` is 0 or 1 as `f < D`.
//!    So `h` never decreases and never skips a value.
//! 3. For an integer `n >= 1`, `ceil(v) >= n` iff `v > n - 1`. Hence `h(x) >= n` iff
//!    `x*g > (n - 1)*D` iff `x > (n - 1)*D / g` iff `x >= floor((n - 1)*D / g) + 1`: the least
//!    such `x` is `x* = floor((n - 1)*D / g) + 1`, and `h(x* - 1) < n`. For `n = 0`, `x* = 0`.
//! 4. By 2 and 3, `h(x*) = n` exactly: the net of `x*` is `n`, and its fee
//!    `floor(x* * f / D)` is `x* - n`.
//!
//! `ceil(n*D / g)` would be wrong: it is the least `x` with `x*g/D >= n`, which can be one or
//! more above `x*` (at 0.3 %, `n = 997`: `ceil(997e6 / 997000) = 1000`, but `h(999) = 999 - 2 =
//! 997`). The fraction `g/D` is reduced first, which does not change the floor (as above).
//!
//! # Errors (where Uniswap reverts)
//!
//! - `fee_ppm > 999 999`: [`AmmError::InvalidFee`] (a 100 % fee has no price).
//! - `a == 0`: [`AmmError::InsufficientInputAmount`]; `o == 0`:
//!   [`AmmError::InsufficientOutputAmount`]; `quote` with 0: [`AmmError::InsufficientAmount`].
//! - a zero reserve: [`AmmError::InsufficientLiquidity`].
//! - `o >= R` in [`get_amount_in`]: [`AmmError::OutputExceedsReserve`].
//! - a product above `2^256 - 1` or a result above `2^128 - 1`: [`AmmError::Overflow`]. As
//!   `g' <= 2^20`, `get_amount_out` cannot overflow while `a` and `R` are both below 2^118
//!   (about 3.3e17 whole tokens); the same bound on `r` and `o` holds for `get_amount_in`.
//!
//! `get_amount_out` may return `Ok(0)` for dust input, exactly like Uniswap's library; the pool
//! turns a zero-output swap into an error.

use ethnum::U256;

use crate::error::AmmError;
use crate::wad::Wad;
use crate::wide;

/// Fees are expressed in parts per million of the input amount: 3000 = 0.3 %.
pub const FEE_DENOMINATOR: u32 = 1_000_000;
/// The largest accepted fee, 999 999 ppm (99.9999 %).
pub const MAX_FEE_PPM: u32 = FEE_DENOMINATOR - 1;

/// Checks a fee: errors if it is 100 % or more.
#[inline]
pub(crate) fn check_fee(fee_ppm: u32) -> Result<(), AmmError> {
    if fee_ppm > MAX_FEE_PPM {
        return Err(AmmError::InvalidFee { fee_ppm });
    }
    Ok(())
}

/// A checked fee with the two fractions the formulas use, reduced once: the traded share
/// `g/D` (`g = D - fee_ppm`) and the fee share `f/D`, each divided by its greatest common
/// divisor with `D`. A [`crate::Pool`] keeps one, so a swap neither re-checks nor re-reduces
/// its fee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fee {
    ppm: u32,
    /// `(g/c, D/c)`; for 3000 ppm exactly Uniswap's `(997, 1000)`.
    kept: (u64, u64),
    /// `(f/c', D/c')`; for 3000 ppm `(3, 1000)`.
    taken: (u64, u64),
}

impl Fee {
    /// The fee of `fee_ppm` parts per million.
    ///
    /// # Errors
    /// [`AmmError::InvalidFee`] if `fee_ppm > 999_999`.
    #[inline]
    pub(crate) fn new(fee_ppm: u32) -> Result<Fee, AmmError> {
        check_fee(fee_ppm)?;
        Ok(Fee { ppm: fee_ppm, kept: reduced(FEE_DENOMINATOR - fee_ppm), taken: reduced(fee_ppm) })
    }

    /// No fee (the fee-account model's reserves trade without one).
    pub(crate) const ZERO: Fee = Fee { ppm: 0, kept: (1, 1), taken: (0, 1) };

    /// The fee in parts per million.
    #[inline]
    pub(crate) fn ppm(self) -> u32 {
        self.ppm
    }
}

/// `(n/c, D/c)` with `c = gcd(n, D)` for `n <= D`. `D = 2^6 * 5^6`, so `c` is
/// `2^min(twos(n), 6) * 5^min(fives(n), 6)`: a handful of cheap ops. `0/D` reduces to `0/1`.
fn reduced(n: u32) -> (u64, u64) {
    let (mut n, mut d) = (n, FEE_DENOMINATOR);
    let twos = n.trailing_zeros().min(6);
    n >>= twos;
    d >>= twos;
    for _ in 0..6 {
        if !n.is_multiple_of(5) {
            break;
        }
        n /= 5;
        d /= 5;
    }
    (u64::from(n), u64::from(d))
}

/// Output for an exact input: `floor(a*g*R / (r*D + a*g))` (Uniswap `getAmountOut`).
///
/// ```
/// use grassroot_amm::math::get_amount_out;
/// // Uniswap v2-core swapTestCases row: 1 in, reserves 5 / 10 (x 1e18), 0.3 % fee.
/// let e18 = 1_000_000_000_000_000_000u128;
/// assert_eq!(get_amount_out(e18, 5 * e18, 10 * e18, 3000)?, 1_662_497_915_624_478_906);
/// # Ok::<(), grassroot_amm::AmmError>(())
/// ```
///
/// # Errors
/// [`AmmError::InvalidFee`], [`AmmError::InsufficientInputAmount`] (zero input),
/// [`AmmError::InsufficientLiquidity`] (a zero reserve), [`AmmError::Overflow`] (`a*g*R` needs
/// more than 256 bits).
pub fn get_amount_out(amount_in: u128, reserve_in: u128, reserve_out: u128, fee_ppm: u32) -> Result<u128, AmmError> {
    amount_out(amount_in, reserve_in, reserve_out, Fee::new(fee_ppm)?)
}

/// [`get_amount_out`] for a checked [`Fee`].
#[inline]
pub(crate) fn amount_out(amount_in: u128, reserve_in: u128, reserve_out: u128, fee: Fee) -> Result<u128, AmmError> {
    let (g, d) = fee.kept;
    if amount_in == 0 {
        return Err(AmmError::InsufficientInputAmount);
    }
    check_reserves(reserve_in, reserve_out)?;
    // The common case: a*g and r*D + a*g fit in 128 bits, only a*g*R needs 256.
    if let Some(in_with_fee) = wide::mul_small(amount_in, g)
        && let Some(denominator) = wide::mul_small(reserve_in, d).and_then(|rd| rd.checked_add(in_with_fee))
    {
        return wide::mul_div_floor(in_with_fee, reserve_out, denominator)
            .ok_or(AmmError::Overflow { op: "get_amount_out: result" });
    }
    let in_with_fee = wide::mul(amount_in, u128::from(g));
    let numerator = in_with_fee
        .checked_mul(U256::from(reserve_out))
        .ok_or(AmmError::Overflow { op: "get_amount_out: amount_in * g * reserve_out" })?;
    // r*d < 2^148 and a*g < 2^148: the sum cannot overflow 256 bits, and it is > 0.
    let denominator = wide::mul(reserve_in, u128::from(d)) + in_with_fee;
    // The quotient is < reserve_out, so it always fits; the error arm is unreachable.
    wide::div(numerator, denominator).ok_or(AmmError::Overflow { op: "get_amount_out: result" })
}

/// Input needed for an exact output: `floor(r*o*D / ((R - o)*g)) + 1` (Uniswap `getAmountIn`).
///
/// ```
/// use grassroot_amm::math::get_amount_in;
/// // Buying 1 out of reserves 10 / 10 with 0.3 % fee: 10*1*1000 / (9*997) = 1.11445... -> 1 + 1.
/// assert_eq!(get_amount_in(1, 10, 10, 3000)?, 2);
/// # Ok::<(), grassroot_amm::AmmError>(())
/// ```
///
/// # Errors
/// [`AmmError::InvalidFee`], [`AmmError::InsufficientOutputAmount`] (zero output),
/// [`AmmError::InsufficientLiquidity`] (a zero reserve), [`AmmError::OutputExceedsReserve`]
/// (`o >= R`), [`AmmError::Overflow`] (`r*o*D` needs more than 256 bits or the result more
/// than 128).
pub fn get_amount_in(amount_out: u128, reserve_in: u128, reserve_out: u128, fee_ppm: u32) -> Result<u128, AmmError> {
    amount_in(amount_out, reserve_in, reserve_out, Fee::new(fee_ppm)?)
}

/// [`get_amount_in`] for a checked [`Fee`].
#[inline]
pub(crate) fn amount_in(amount_out: u128, reserve_in: u128, reserve_out: u128, fee: Fee) -> Result<u128, AmmError> {
    let (g, d) = fee.kept;
    if amount_out == 0 {
        return Err(AmmError::InsufficientOutputAmount);
    }
    check_reserves(reserve_in, reserve_out)?;
    if amount_out >= reserve_out {
        return Err(AmmError::OutputExceedsReserve {
            amount_out: Wad::from_raw(amount_out),
            reserve_out: Wad::from_raw(reserve_out),
        });
    }
    let overflow = AmmError::Overflow { op: "get_amount_in: reserve_in * amount_out * d" };
    let numerator = wide::mul(reserve_in, amount_out).checked_mul(U256::from(d)).ok_or(overflow)?;
    // R - o >= 1 and g >= 1, so the denominator is > 0.
    let denominator = wide::mul(reserve_out - amount_out, u128::from(g));
    wide::div(numerator, denominator)
        .and_then(|q| q.checked_add(1))
        .ok_or(AmmError::Overflow { op: "get_amount_in: result" })
}

/// The amount of B worth `amount_a` of A at the reserve ratio: `floor(a*R_b / R_a)`
/// (Uniswap `quote`, no fee).
///
/// # Errors
/// [`AmmError::InsufficientAmount`] (zero amount), [`AmmError::InsufficientLiquidity`] (a zero
/// reserve; `reserve_in` is `reserve_a`), [`AmmError::Overflow`] (the result exceeds 128 bits).
pub fn quote(amount_a: u128, reserve_a: u128, reserve_b: u128) -> Result<u128, AmmError> {
    if amount_a == 0 {
        return Err(AmmError::InsufficientAmount);
    }
    check_reserves(reserve_a, reserve_b)?;
    wide::mul_div_floor(amount_a, reserve_b, reserve_a)
        .ok_or(AmmError::Overflow { op: "quote: amount_a * reserve_b / reserve_a" })
}

/// The fee part of an amount, `floor(amount_in * fee_ppm / 1e6)`: reported only when the fee
/// stays in the reserves, moved to the fee account under the pool's fee-account model. Never
/// overflows: the result is at most `amount_in`.
///
/// # Errors
/// [`AmmError::InvalidFee`].
pub fn fee_paid(amount_in: u128, fee_ppm: u32) -> Result<u128, AmmError> {
    fee_part(amount_in, Fee::new(fee_ppm)?)
}

/// [`fee_paid`] for a checked [`Fee`]: `floor(a * f' / D')` with the reduced fee share, in
/// 128 bits whenever `a * f'` fits (always, for amounts below `2^128 / f'`).
#[inline]
pub(crate) fn fee_part(amount_in: u128, fee: Fee) -> Result<u128, AmmError> {
    let (f, d) = fee.taken;
    match wide::mul_small(amount_in, f) {
        // A 64-bit dividend divides in one instruction; `u128` division always calls the
        // runtime's routine, even for small operands.
        Some(p) => Ok(match u64::try_from(p) {
            Ok(small) => u128::from(small / d),
            Err(_) => p / u128::from(d),
        }),
        None => {
            wide::mul_div_floor(amount_in, u128::from(f), u128::from(d)).ok_or(AmmError::Overflow { op: "fee_paid" })
        }
    }
}

/// The least gross amount `x` whose net after the fee, `x - floor(x * fee_ppm / 1e6)`, is at
/// least `net`: `floor((net - 1) * D / g) + 1`, and 0 for `net = 0` (proof in the module doc).
/// Its net is then exactly `net` and its fee `x - net = floor(x * fee_ppm / 1e6)`.
///
/// ```
/// use grassroot_amm::math::{fee_paid, gross_for_net};
/// // 0.3 %: floor(996 * 1000 / 997) + 1 = 999, and 999 - floor(999 * 0.003) = 999 - 2 = 997.
/// assert_eq!(gross_for_net(997, 3000)?, 999);
/// assert_eq!(999 - fee_paid(999, 3000)?, 997);
/// assert_eq!(998 - fee_paid(998, 3000)?, 996); // one less nets less
/// # Ok::<(), grassroot_amm::AmmError>(())
/// ```
///
/// # Errors
/// [`AmmError::InvalidFee`], [`AmmError::Overflow`] (the result exceeds 128 bits, possible when
/// the fee is high and `net` is near `u128::MAX`).
pub fn gross_for_net(net: u128, fee_ppm: u32) -> Result<u128, AmmError> {
    gross_for(net, Fee::new(fee_ppm)?)
}

/// [`gross_for_net`] for a checked [`Fee`].
#[inline]
pub(crate) fn gross_for(net: u128, fee: Fee) -> Result<u128, AmmError> {
    let (g, d) = fee.kept;
    let Some(below) = net.checked_sub(1) else {
        return Ok(0);
    };
    wide::mul_div_floor(below, u128::from(d), u128::from(g))
        .and_then(|q| q.checked_add(1))
        .ok_or(AmmError::Overflow { op: "gross_for_net: (net - 1) * d / g + 1" })
}

/// `floor(sqrt(a * b))` with an exact 256-bit product; the root always fits in `u128`.
///
/// This is the first LP mint of Uniswap v2 (`Math.sqrt(amount0.mul(amount1))`, Babylonian).
///
/// ```
/// use grassroot_amm::math::sqrt_floor;
/// assert_eq!(sqrt_floor(2, 8), 4);
/// assert_eq!(sqrt_floor(3, 5), 3); // sqrt(15) = 3.87...
/// assert_eq!(sqrt_floor(u128::MAX, u128::MAX), u128::MAX);
/// ```
#[inline]
pub fn sqrt_floor(a: u128, b: u128) -> u128 {
    wide::sqrt_floor(wide::mul(a, b))
}

/// Both reserves must be positive.
#[inline]
fn check_reserves(reserve_in: u128, reserve_out: u128) -> Result<(), AmmError> {
    if reserve_in == 0 || reserve_out == 0 {
        return Err(AmmError::InsufficientLiquidity {
            reserve_in: Wad::from_raw(reserve_in),
            reserve_out: Wad::from_raw(reserve_out),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The traded share `g/D`, reduced.
    fn fee_fraction(fee_ppm: u32) -> Result<(u128, u128), AmmError> {
        Fee::new(fee_ppm).map(|fee| (u128::from(fee.kept.0), u128::from(fee.kept.1)))
    }

    #[test]
    fn fee_shares_reduce_to_lowest_terms() {
        let taken = |ppm| Fee::new(ppm).map(|fee| fee.taken);
        assert_eq!(taken(3000), Ok((3, 1000)));
        assert_eq!(taken(0), Ok((0, 1)));
        assert_eq!(taken(2_500), Ok((1, 400)));
        assert_eq!(taken(500_000), Ok((1, 2)));
        assert_eq!(taken(999_999), Ok((999_999, 1_000_000)));
        assert_eq!(Fee::new(0), Ok(Fee::ZERO));
        // floor(a*3000/1e6) = floor(a*3/1000), in 128 bits or not.
        assert_eq!(fee_paid(999, 3000), Ok(2));
        assert_eq!(fee_paid(1000, 3000), Ok(3));
        assert_eq!(fee_paid(u128::MAX, 3000), Ok(u128::MAX / 1000 * 3 + (u128::MAX % 1000) * 3 / 1000));
    }

    proptest::proptest! {
        #[test]
        fn fee_paid_is_the_unreduced_floor(a in proptest::prelude::any::<u128>(), ppm in 0u32..1_000_000) {
            let direct = wide::mul_div_floor(a, u128::from(ppm), u128::from(FEE_DENOMINATOR));
            proptest::prop_assert_eq!(fee_paid(a, ppm).ok(), direct);
        }
    }

    #[test]
    fn fee_bounds() {
        assert_eq!(fee_fraction(0), Ok((1, 1)));
        assert_eq!(fee_fraction(3000), Ok((997, 1000)));
        assert_eq!(fee_fraction(10_000), Ok((99, 100)));
        assert_eq!(fee_fraction(500_000), Ok((1, 2)));
        assert_eq!(fee_fraction(2_500), Ok((399, 400)));
        assert_eq!(fee_fraction(1), Ok((999_999, 1_000_000)));
        assert_eq!(fee_fraction(999_999), Ok((1, 1_000_000)));
        assert_eq!(fee_fraction(1_000_000), Err(AmmError::InvalidFee { fee_ppm: 1_000_000 }));
        assert_eq!(get_amount_out(1, 1, 1, u32::MAX), Err(AmmError::InvalidFee { fee_ppm: u32::MAX }));
    }

    #[test]
    fn error_order_matches_uniswap() {
        // Amount checks come before reserve checks, as in UniswapV2Library.
        assert_eq!(get_amount_out(0, 0, 0, 3000), Err(AmmError::InsufficientInputAmount));
        assert_eq!(get_amount_in(0, 0, 0, 3000), Err(AmmError::InsufficientOutputAmount));
        assert_eq!(quote(0, 0, 0), Err(AmmError::InsufficientAmount));
        assert!(matches!(get_amount_in(5, 0, 5, 3000), Err(AmmError::InsufficientLiquidity { .. })));
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let m = u128::MAX;
        assert!(matches!(get_amount_out(m, m, m, 1), Err(AmmError::Overflow { .. })));
        // With no fee, g/D reduces to 1/1 and the same call fits: floor(m*m / 2m) = floor(m / 2).
        assert_eq!(get_amount_out(m, m, m, 0), Ok(m / 2));
        assert!(matches!(get_amount_in(m - 1, m, m, 1), Err(AmmError::Overflow { .. })));
        assert!(matches!(quote(m, 1, m), Err(AmmError::Overflow { .. })));
        // get_amount_in result beyond u128: r*o*D fits 256 bits but the quotient does not.
        assert!(matches!(get_amount_in(1 << 100, 1 << 100, (1 << 100) + 1, 0), Err(AmmError::Overflow { .. })));
    }

    #[test]
    fn gross_for_net_is_the_least_gross() {
        // h(x) = x - floor(x * f / 1e6); gross_for_net(n) = x* with h(x*) = n and h(x* - 1) < n.
        let h = |x: u128, f: u32| fee_paid(x, f).map(|fee| x - fee);
        for f in [0, 1, 2_500, 3000, 10_000, 500_000, 999_999] {
            assert_eq!(gross_for_net(0, f), Ok(0));
            for n in (1..=2_000).chain([999_999, 1_000_000, 1_000_001, 1 << 80]) {
                let x = gross_for_net(n, f).unwrap_or(0);
                assert_eq!(h(x, f), Ok(n), "f {f}, n {n}, x {x}");
                assert!(h(x - 1, f).is_ok_and(|v| v < n), "f {f}, n {n}, x {x}");
            }
        }
        // f = 0: no fee, x = n. f = 999 999: g/D = 1/1e6, x = (n - 1) * 1e6 + 1.
        assert_eq!(gross_for_net(u128::MAX, 0), Ok(u128::MAX));
        assert_eq!(gross_for_net(5, 999_999), Ok(4_000_001));
        assert!(matches!(gross_for_net(u128::MAX, 999_999), Err(AmmError::Overflow { .. })));
        assert_eq!(gross_for_net(1, 1_000_000), Err(AmmError::InvalidFee { fee_ppm: 1_000_000 }));
    }

    #[test]
    fn fee_paid_floors() {
        assert_eq!(fee_paid(1_000, 3000), Ok(3));
        assert_eq!(fee_paid(999, 3000), Ok(2));
        assert_eq!(
            fee_paid(u128::MAX, 999_999),
            Ok(u128::MAX / 1_000_000 * 999_999 + (u128::MAX % 1_000_000) * 999_999 / 1_000_000)
        );
    }
}
