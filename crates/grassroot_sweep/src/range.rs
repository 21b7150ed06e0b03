//! Ranges `{ from, to, step }` of a `[sweep]` table, expanded exactly: whole numbers and
//! decimals (up to 18 places) are added as fixed-point integers, never as floats, so that
//! `{ from = 0.001, to = 0.01, step = 0.001 }` gives exactly ten values, the last being `0.01`.
//!
//! The values are `from, from + step, from + 2 * step, ...` up to and including `to` when a
//! step lands on it exactly (`{ from = 10, to = 45, step = 10 }` stops at 40). `step` may be
//! negative to count down; a zero step, or a step that points away from `to`, goes nowhere and
//! is an error.

use grassroot_amm::Wad;

/// A signed exact decimal: a magnitude with at most 18 decimals and a sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedDecimal {
    /// True below zero.
    pub negative: bool,
    /// The magnitude.
    pub magnitude: Wad,
}

impl SignedDecimal {
    /// Parses `text` (a plain decimal number, optionally with a leading `-`).
    pub fn parse(text: &str) -> Result<SignedDecimal, String> {
        let t = text.trim();
        let (negative, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let magnitude = Wad::parse(digits).map_err(|e| e.to_string())?;
        Ok(SignedDecimal { negative: negative && !magnitude.is_zero(), magnitude })
    }

    fn is_zero(self) -> bool {
        self.magnitude.is_zero()
    }
}

impl std::fmt::Display for SignedDecimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        write!(f, "{}", self.magnitude)
    }
}

/// Why a range gives no values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RangeError {
    /// `step` is zero.
    ZeroStep,
    /// `step` points away from `to`; the payload is the step that would work.
    WrongDirection(SignedDecimal),
    /// A value below zero (every swept kind of value is >= 0).
    Negative,
    /// More than the allowed number of values; the payload is the count.
    TooMany(u128),
}

/// The values of the range `from..=to` by `step`, at most `limit` of them.
pub fn expand(
    from: SignedDecimal,
    to: SignedDecimal,
    step: SignedDecimal,
    limit: u128,
) -> Result<Vec<SignedDecimal>, RangeError> {
    if step.is_zero() {
        return Err(RangeError::ZeroStep);
    }
    if from.negative || to.negative {
        return Err(RangeError::Negative);
    }
    let (lo, hi) = (from.magnitude.raw(), to.magnitude.raw());
    let up = hi >= lo;
    if from != to && up == step.negative {
        return Err(RangeError::WrongDirection(SignedDecimal { negative: !step.negative, magnitude: step.magnitude }));
    }
    let span = hi.abs_diff(lo);
    let count = span / step.magnitude.raw() + 1;
    if count > limit {
        return Err(RangeError::TooMany(count));
    }
    let mut out = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    let mut k: u128 = 0;
    while k < count {
        // k * step <= span, so neither the product nor the sum/difference overflows.
        let offset = k * step.magnitude.raw();
        let raw = if up { lo + offset } else { lo - offset };
        out.push(SignedDecimal { negative: false, magnitude: Wad::from_raw(raw) });
        k += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(t: &str) -> SignedDecimal {
        match SignedDecimal::parse(t) {
            Ok(d) => d,
            Err(e) => panic!("{t}: {e}"),
        }
    }

    fn texts(from: &str, to: &str, step: &str) -> Result<Vec<String>, RangeError> {
        expand(d(from), d(to), d(step), 1000).map(|v| v.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn decimal_ranges_are_exact() {
        let got = texts("0.001", "0.01", "0.001");
        let want: Vec<String> = (1..=10).map(|k| format!("{}", k as f64 / 1000.0)).collect();
        assert_eq!(got, Ok(want));
        assert_eq!(texts("0.1", "0.3", "0.1"), Ok(vec!["0.1".into(), "0.2".into(), "0.3".into()]));
    }

    #[test]
    fn integer_ranges_include_a_reachable_end() {
        assert_eq!(texts("10", "50", "10").map(|v| v.len()), Ok(5));
        assert_eq!(texts("10", "45", "10"), Ok(vec!["10".into(), "20".into(), "30".into(), "40".into()]));
        assert_eq!(texts("5", "5", "1"), Ok(vec!["5".into()]));
        assert_eq!(texts("50", "10", "-20"), Ok(vec!["50".into(), "30".into(), "10".into()]));
    }

    #[test]
    fn ranges_that_go_nowhere() {
        assert_eq!(texts("10", "50", "0"), Err(RangeError::ZeroStep));
        assert_eq!(texts("50", "10", "10"), Err(RangeError::WrongDirection(d("-10"))));
        assert_eq!(texts("10", "50", "-10"), Err(RangeError::WrongDirection(d("10"))));
        assert_eq!(texts("-1", "5", "1"), Err(RangeError::Negative));
        assert_eq!(texts("0", "5000", "1"), Err(RangeError::TooMany(5001)));
    }
}
