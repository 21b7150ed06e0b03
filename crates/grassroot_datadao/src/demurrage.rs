//! Circles demurrage in exact fixed point: the daily factor, the days a step crosses, and the
//! per-day rounding.
//!
//! Circles v2 reduces every balance once per day by `GAMMA = 0.93^(1/365.25)` (7% a year over
//! a year of 365.25 days; `Demurrage.sol` of aboutcircles/circles-contracts-v2). Here the factor
//! is the [`Wad`] `F = floor(10^18 * (1 - loss)^(1/365.25))`, found once by bisection on
//! integers: `F` is the largest `x` with `x^1461 <= (1 - loss)^4` (1461 days are 4 years),
//! both powers evaluated with 36 decimals in 256-bit integers. The powers' rounding error is
//! below 10^-33, so `F` is the exact floor unless the true factor lies within 10^-19 of a base
//! unit. For the default 7%, `F = 0.999801332008598957` (Circles: 0.99980133200859895743...).
//!
//! A day's demurrage rounds down: `balance_new = floor(balance * F / 10^18)`, and what it
//! removes, `balance - balance_new`, is counted, so that CRC issued = held + locked + lost to
//! demurrage holds exactly.

use grassroot_amm::{SCALE, U256, Wad, WadError};

/// Days in the 4-year cycle of 365.25-day years.
const DAYS_IN_CYCLE: u32 = 1461;
/// Years in [`DAYS_IN_CYCLE`] days.
const YEARS_IN_CYCLE: u32 = 4;
/// Hours in a day: demurrage is applied once per day.
pub const HOURS_PER_DAY: u64 = 24;

/// `10^36`, the scale of the powers compared in [`daily_factor`].
fn scale36() -> U256 {
    U256::from(SCALE) * U256::from(SCALE)
}

/// `base^exp` at scale 10^36 (`base` <= 10^36), rounding down after every product.
fn pow36(base: U256, mut exp: u32) -> U256 {
    let one = scale36();
    let mut result = one;
    let mut b = base;
    while exp > 0 {
        if exp & 1 == 1 {
            result = result * b / one;
        }
        exp >>= 1;
        if exp > 0 {
            b = b * b / one;
        }
    }
    result
}

/// The daily factor `F` for a yearly loss `loss` (a fraction below 1, e.g. 0.07): the largest
/// Wad `x` with `x^1461 <= (1 - loss)^4`, see the module doc. A loss of 0 gives exactly 1.
///
/// ```
/// use grassroot_amm::Wad;
/// use grassroot_datadao::demurrage::daily_factor;
///
/// let seven_percent = Wad::parse("0.07")?;
/// assert_eq!(daily_factor(seven_percent)?, Wad::parse("0.999801332008598957")?);
/// assert_eq!(daily_factor(Wad::ZERO)?, Wad::ONE);
/// # Ok::<(), grassroot_amm::WadError>(())
/// ```
pub fn daily_factor(loss: Wad) -> Result<Wad, WadError> {
    let keep = Wad::ONE.checked_sub(loss)?;
    let target = pow36(U256::from(keep.raw()) * U256::from(SCALE), YEARS_IN_CYCLE);
    let (mut lo, mut hi) = (0u128, SCALE);
    // Invariant: lo^1461 <= target (0 always is), and every x > hi is too large.
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if pow36(U256::from(mid) * U256::from(SCALE), DAYS_IN_CYCLE) <= target {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Ok(Wad::from_raw(lo))
}

/// Whole days elapsed before step `step` begins, when one step lasts `step_hours` hours.
pub fn days_before(step: u64, step_hours: u64) -> u128 {
    u128::from(step) * u128::from(step_hours) / u128::from(HOURS_PER_DAY)
}

/// Days of demurrage to apply at the start of step `step`: the day boundaries crossed during
/// the previous step (none before step 0). One daily step gives 1; hourly steps give 1 every
/// 24th step; two-day steps give 2.
pub fn days_at_step(step: u64, step_hours: u64) -> u128 {
    if step == 0 {
        return 0;
    }
    days_before(step, step_hours) - days_before(step - 1, step_hours)
}

/// A balance after `days` days of demurrage at daily factor `factor`, and what was removed:
/// each day rounds down, `b = floor(b * factor / 10^18)`.
pub fn decay(balance: Wad, factor: Wad, days: u128) -> (Wad, Wad) {
    let mut kept = balance;
    for _ in 0..days {
        if kept.is_zero() {
            break;
        }
        // factor <= 1, so the product never exceeds the balance and cannot overflow.
        kept = kept.mul_frac(factor).unwrap_or(kept);
    }
    (kept, balance.saturating_sub(kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factor_of_one_percent_and_of_half() -> Result<(), WadError> {
        // 0.99^(1/365.25) = 0.99997248399... ; 0.5^(1/365.25) = 0.99810413...
        let f = daily_factor(Wad::parse("0.01")?)?.to_f64();
        assert!((f - 0.99_f64.powf(1.0 / 365.25)).abs() < 1e-15, "{f}");
        let f = daily_factor(Wad::parse("0.5")?)?.to_f64();
        assert!((f - 0.5_f64.powf(1.0 / 365.25)).abs() < 1e-15, "{f}");
        Ok(())
    }

    #[test]
    fn days_follow_the_step_length() {
        assert_eq!((0..5).map(|s| days_at_step(s, 24)).collect::<Vec<_>>(), [0, 1, 1, 1, 1]);
        assert_eq!((0..50).map(|s| days_at_step(s, 1)).sum::<u128>(), 2, "hours 0..49 cross days 24 and 48");
        assert_eq!(days_at_step(24, 1), 1);
        assert_eq!(days_at_step(23, 1), 0);
        assert_eq!(days_at_step(3, 48), 2);
        assert_eq!((1..=4).map(|s| days_at_step(s, 36)).collect::<Vec<_>>(), [1, 2, 1, 2]);
    }

    #[test]
    fn decay_rounds_down_and_counts_what_it_removes() -> Result<(), WadError> {
        // 1 base unit times any factor below 1 floors to 0: all of it is lost.
        let f = daily_factor(Wad::parse("0.07")?)?;
        assert_eq!(decay(Wad::from_raw(1), f, 1), (Wad::ZERO, Wad::from_raw(1)));
        // 100 CRC for one day: floor(100e18 * 999801332008598957 / 1e18) = 99.9801332008598957e18.
        let (kept, lost) = decay(Wad::from_tokens(100), f, 1);
        assert_eq!(kept, Wad::parse("99.9801332008598957")?);
        assert_eq!(lost, Wad::parse("0.0198667991401043")?);
        assert_eq!(decay(Wad::from_tokens(5), f, 0), (Wad::from_tokens(5), Wad::ZERO));
        Ok(())
    }
}
