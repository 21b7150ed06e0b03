//! The original Python simulation's defects, reproduced for `--scenario original` and only
//! there: the rules ([`OriginalRules`]), the float64 balance its decisions compare
//! ([`FloatBalance`]) and spending beyond a balance ([`Overspends`]); its keys (`keys`) and its
//! scenario (`scenario`).
//!
//! The original's *choices* (turn order, fee account, entry rule, buying at the price, the
//! deposit, ...) are ordinary parameters of every scenario (see `docs/original.md`); what is
//! here is what no modeller would choose. Each defect that creates or destroys tokens does so
//! through [`Economy`](crate::Economy), counted as its own flow in
//! [`Supply`](crate::Supply), so the books still balance exactly.

mod differences;
mod keys;
mod scenario;

use bevy_ecs::component::Component;
use bevy_ecs::resource::Resource;
use grassroot_amm::Wad;

pub use differences::{DIFFERENCES, Difference, Nature};
pub use keys::{OVERSPENDS, add_params, has_params, set_original_defaults};
pub use scenario::{OriginalMetricsPlugin, OriginalScenario, UnpaidPiePlugin};

/// Which of the original's defects are in force; all off outside `--scenario original`.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OriginalRules {
    /// The Pie deducts its payout and pays nobody (`ORIGINAL_PIE_PAYS_NOBODY`).
    pub pie_pays_nobody: bool,
    /// Each fee collection empties the fee account; the rest is forfeited (`ORIGINAL_FEE_RESET`).
    pub fee_reset: bool,
    /// Reinvested fees are paired with dDT created for it (`ORIGINAL_REINVEST_CREATES_DDT`).
    pub reinvest_creates_ddt: bool,
    /// Decisions compare a float64 running balance (`ORIGINAL_FLOAT_BALANCES`).
    pub float_balances: bool,
    /// LP units are minted by the dDT side of a deposit (`ORIGINAL_LP_SHARES`).
    pub lp_by_ddt: bool,
}

/// The original's float64 running dDT balance of an agent, moved by the same amounts as its
/// exact wallet, one operation at a time, in float arithmetic. Only its comparisons use it
/// ([`holds`]): the original decides on floats, so after 99 steps of spending 0.1 and selling
/// 0.9 out of 100 its casual user holds 0.9999999999999986, spends 0.1 and, holding
/// 0.8999999999999986 < 0.9, does not sell. No token amount is ever a float.
#[derive(Component, Clone, Copy, Debug, Default, PartialEq)]
pub struct FloatBalance(pub f64);

impl FloatBalance {
    /// Moves the balance by the exact change from `before` to `after`.
    pub fn follow(&mut self, before: Wad, after: Wad) {
        if after >= before {
            self.0 += to_f64(after.saturating_sub(before));
        } else {
            self.0 -= to_f64(before.saturating_sub(after));
        }
    }

    /// Lowers the balance by `amount`.
    pub fn debit(&mut self, amount: Wad) {
        self.0 -= to_f64(amount);
    }
}

/// `amount` as the float the original would write for it: the nearest double to the decimal
/// (`0.1` for 10^17 base units: two exact doubles, one correctly rounded division).
fn to_f64(amount: Wad) -> f64 {
    amount.raw() as f64 / 1e18
}

/// Whether an agent holds at least `amount` dDT: by its exact balance, or by its
/// [`FloatBalance`] if it keeps one.
#[inline]
pub fn holds(ddt: Wad, float: Option<&FloatBalance>, amount: Wad) -> bool {
    match float {
        Some(f) => f.0 >= to_f64(amount),
        None => ddt >= amount,
    }
}

/// After a purchase, spends its whole demand even if the purchase gave less: the missing dDT
/// is created ([`Economy::overspend_on_compute`](crate::Economy::overspend_on_compute)), as the
/// original's power users do.
#[derive(Component, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overspends;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_float_balance_reproduces_the_casual_users_leftover() {
        // 100 - (0.1 + 0.9) x 99 - 0.1 in float64, one operation at a time.
        let (tenth, nine_tenths) = (Wad::from_raw(100_000_000_000_000_000), Wad::from_raw(900_000_000_000_000_000));
        let mut f = FloatBalance::default();
        f.follow(Wad::ZERO, Wad::from_tokens(100));
        for _ in 0..99 {
            f.debit(tenth);
            f.debit(nine_tenths);
        }
        f.debit(tenth);
        assert_eq!(f.0, 0.8999999999999986);
        assert!(!holds(Wad::ZERO, Some(&f), nine_tenths));
        assert!(holds(nine_tenths, None, nine_tenths));
    }
}
