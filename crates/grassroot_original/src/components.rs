//! The original's components: the float64 balance its decisions compare ([`FloatBalance`],
//! [`holds`]) and spending beyond a balance ([`Overspends`]).

use bevy_ecs::component::Component;
use grassroot_amm::Wad;

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

/// Moves the agent's float balance, if it keeps one, by the change from `before` to `after`.
pub(crate) fn follow(float: &mut Option<&mut FloatBalance>, before: Wad, after: Wad) {
    if let Some(f) = float {
        f.follow(before, after);
    }
}

/// After a purchase, spends its whole demand even if the purchase gave less: the missing dDT
/// is created ([`OriginalEconomy::overspend_on_compute`](crate::OriginalEconomy::overspend_on_compute)),
/// as the original's power users do.
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
