//! `Kind` (what a key accepts) and `Value` (a parsed, validated value): the per-key parsing and
//! range checks, and the canonical text of each value.

use std::fmt;
use std::path::PathBuf;

use grassroot_amm::{Wad, WadError};

use crate::choice::Choice;
use crate::error::{ConfigError, ErrorKind};

/// Base units of a [`Wad`] in one part per million (10^18 / 10^6).
const PPM_UNIT: u128 = 1_000_000_000_000;

/// What values a key accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// A whole number `min <= n <= max` (decimal digits only).
    UInt {
        /// Smallest allowed value.
        min: u64,
        /// Largest allowed value.
        max: u64,
    },
    /// An exact token amount with at most 18 decimals, `min <= a` and `a <= max` if given.
    Amount {
        /// Smallest allowed amount.
        min: Wad,
        /// Largest allowed amount, if any (besides 2^128 - 1 base units).
        max: Option<Wad>,
    },
    /// A fraction `0 <= f <= 1` with at most 18 decimals (a [`Wad`], 1 = 10^18).
    Fraction,
    /// A rate `0 <= r < 1` that is a multiple of 0.000001; read as parts per million.
    Rate,
    /// A switch: `true/false`, `on/off`, `yes/no`, `1/0` (any case).
    Bool,
    /// One of a list of lower-case names (any case accepted), e.g. `keep` or `sell`.
    Choice(Vec<String>),
    /// `none` (no limit) or a price: an amount >= 0 with at most 18 decimals.
    OptionalPrice,
    /// A filesystem path; must not be empty.
    Path,
    /// Any text.
    Text,
}

/// A parsed, validated value of a key.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Value {
    /// A [`Kind::UInt`] value.
    UInt(u64),
    /// A [`Kind::Amount`] value.
    Amount(Wad),
    /// A [`Kind::Fraction`] value.
    Fraction(Wad),
    /// A [`Kind::Rate`] value.
    Rate {
        /// The rate as a fraction.
        wad: Wad,
        /// The rate in parts per million (0.003 -> 3000).
        ppm: u32,
    },
    /// A [`Kind::Bool`] value.
    Bool(bool),
    /// A [`Kind::Choice`] value, lower case.
    Choice(String),
    /// A [`Kind::OptionalPrice`] value.
    Price(Option<Wad>),
    /// A [`Kind::Path`] value.
    Path(PathBuf),
    /// A [`Kind::Text`] value.
    Text(String),
}

impl fmt::Display for Value {
    /// The canonical text of the value: parsing it again gives the same value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UInt(n) => write!(f, "{n}"),
            Self::Amount(w) | Self::Fraction(w) | Self::Rate { wad: w, .. } => write!(f, "{w}"),
            Self::Bool(b) => write!(f, "{b}"),
            Self::Choice(s) | Self::Text(s) => f.write_str(s),
            Self::Price(None) => f.write_str("none"),
            Self::Price(Some(w)) => write!(f, "{w}"),
            Self::Path(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Words accepted as true by [`Kind::Bool`].
const TRUE_WORDS: [&str; 4] = ["true", "on", "yes", "1"];
/// Words accepted as false by [`Kind::Bool`].
const FALSE_WORDS: [&str; 4] = ["false", "off", "no", "0"];

impl Kind {
    /// A choice among `names` (lower case).
    pub fn choice<I, S>(names: I) -> Kind
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Kind::Choice(names.into_iter().map(Into::into).collect())
    }

    /// A choice among the names of `C` (see [`Choice`]).
    pub fn of<C: Choice>() -> Kind {
        Kind::Choice(C::names().map(str::to_owned).collect())
    }

    /// An amount >= 0 with no upper limit.
    pub const fn amount() -> Kind {
        Kind::Amount { min: Wad::ZERO, max: None }
    }

    /// A short name of the kind, e.g. `whole number` or `fraction`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::UInt { .. } => "whole number",
            Self::Amount { .. } => "amount",
            Self::Fraction => "fraction",
            Self::Rate => "rate",
            Self::Bool => "switch",
            Self::Choice(_) => "choice",
            Self::OptionalPrice => "optional price",
            Self::Path => "path",
            Self::Text => "text",
        }
    }

    /// What values `key` accepts, e.g. `0 <= FEE_RATE < 1 in steps of 0.000001 (0.003 = 0.3%)`.
    pub fn allowed(&self, key: &str) -> String {
        match self {
            Self::UInt { min, max } if *max == u64::MAX => format!("whole numbers {key} >= {min}"),
            Self::UInt { min, max } => format!("whole numbers {min} <= {key} <= {max}"),
            Self::Amount { min, max: None } => format!("amounts >= {min} with at most 18 decimals, e.g. 100 or 0.5"),
            Self::Amount { min, max: Some(max) } => {
                format!("amounts {min} <= {key} <= {max} with at most 18 decimals")
            }
            Self::Fraction => format!("0 <= {key} <= 1 with at most 18 decimals (0.4 = 40%)"),
            Self::Rate => format!("0 <= {key} < 1 in steps of 0.000001 (0.003 = 0.3%)"),
            Self::Bool => "on/off, true/false, yes/no or 1/0".to_owned(),
            Self::Choice(names) => format!("one of {}", names.join(", ")),
            Self::OptionalPrice => {
                "none (no limit) or a price >= 0 in xDAI per dDT with at most 18 decimals, e.g. 2.0".to_owned()
            }
            Self::Path => "any non-empty path".to_owned(),
            Self::Text => "any text".to_owned(),
        }
    }

    /// Parses and validates `text` as a value of `key`. The error has the key, the value and
    /// what is allowed set; the caller adds the origin and the fix.
    pub fn parse(&self, key: &str, text: &str) -> Result<Value, ConfigError> {
        self.parse_inner(key, text).map_err(|(kind, problem)| {
            ConfigError::new(kind, problem).with_key(key).with_value(text).with_allowed(self.allowed(key))
        })
    }

    fn parse_inner(&self, key: &str, text: &str) -> Result<Value, (ErrorKind, String)> {
        let allowed = || self.allowed(key);
        match self {
            Self::UInt { min, max } => parse_uint(text, *min, *max, &allowed()).map(Value::UInt),
            Self::Amount { min, max } => {
                let w = parse_wad(text, &allowed())?;
                if w < *min || max.is_some_and(|m| w > m) {
                    return Err((ErrorKind::OutOfRange, format!("is out of range: allowed {}", allowed())));
                }
                Ok(Value::Amount(w))
            }
            Self::Fraction => {
                let w = parse_wad(text, &allowed())?;
                if w > Wad::ONE {
                    return Err((ErrorKind::OutOfRange, format!("is above 1: allowed {}", allowed())));
                }
                Ok(Value::Fraction(w))
            }
            Self::Rate => {
                let wad = parse_wad(text, &allowed())?;
                if wad >= Wad::ONE {
                    return Err((ErrorKind::OutOfRange, format!("is out of range: allowed {}", allowed())));
                }
                if wad.raw() % PPM_UNIT != 0 {
                    return Err((
                        ErrorKind::Precision,
                        format!("is not a multiple of 0.000001 (at most 6 decimals): allowed {}", allowed()),
                    ));
                }
                let ppm = u32::try_from(wad.raw() / PPM_UNIT)
                    .map_err(|_| (ErrorKind::OutOfRange, format!("is out of range: allowed {}", allowed())))?;
                Ok(Value::Rate { wad, ppm })
            }
            Self::Bool => {
                let t = text.trim().to_ascii_lowercase();
                if TRUE_WORDS.contains(&t.as_str()) {
                    Ok(Value::Bool(true))
                } else if FALSE_WORDS.contains(&t.as_str()) {
                    Ok(Value::Bool(false))
                } else {
                    Err((ErrorKind::WrongType, format!("is not a switch: allowed {}", allowed())))
                }
            }
            Self::Choice(names) => {
                let t = text.trim().to_ascii_lowercase();
                match names.iter().find(|n| n.eq_ignore_ascii_case(&t)) {
                    Some(n) => Ok(Value::Choice(n.clone())),
                    None => Err((ErrorKind::NotAChoice, format!("is not a valid choice: allowed {}", allowed()))),
                }
            }
            Self::OptionalPrice => {
                if text.trim().eq_ignore_ascii_case("none") {
                    return Ok(Value::Price(None));
                }
                parse_wad(text, &allowed()).map(|w| Value::Price(Some(w)))
            }
            Self::Path => {
                if text.trim().is_empty() {
                    return Err((ErrorKind::WrongType, format!("is empty: allowed {}", allowed())));
                }
                if text.contains('\0') {
                    return Err((ErrorKind::WrongType, "contains a NUL character: not a valid path".to_owned()));
                }
                Ok(Value::Path(PathBuf::from(text)))
            }
            Self::Text => Ok(Value::Text(text.to_owned())),
        }
    }
}

/// Parses a whole number in `[min, max]`.
fn parse_uint(text: &str, min: u64, max: u64, allowed: &str) -> Result<u64, (ErrorKind, String)> {
    let t = text.trim();
    if t.is_empty() {
        return Err((ErrorKind::WrongType, format!("is empty: allowed {allowed}")));
    }
    if let Some(rest) = t.strip_prefix('-')
        && Wad::parse(rest).is_ok()
    {
        return Err((ErrorKind::Negative, format!("is negative: allowed {allowed}")));
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err((ErrorKind::WrongType, format!("is not a whole number: allowed {allowed}")));
    }
    let n = t
        .parse::<u64>()
        .map_err(|_| (ErrorKind::Overflow, format!("is too large (overflows 64 bits): allowed {allowed}")))?;
    if n == 0 && min > 0 {
        return Err((ErrorKind::Zero, format!("must not be zero: allowed {allowed}")));
    }
    if n < min || n > max {
        return Err((ErrorKind::OutOfRange, format!("is out of range: allowed {allowed}")));
    }
    Ok(n)
}

/// Parses an exact amount, mapping [`WadError`]s to error kinds with `allowed` appended.
fn parse_wad(text: &str, allowed: &str) -> Result<Wad, (ErrorKind, String)> {
    Wad::parse(text).map_err(|e| match e {
        WadError::Empty => (ErrorKind::WrongType, format!("is empty: allowed {allowed}")),
        WadError::Negative(_) => (ErrorKind::Negative, format!("is negative: allowed {allowed}")),
        WadError::TooManyDecimals(_) => (
            ErrorKind::TooManyDecimals,
            format!("has more than 18 decimals (the smallest unit is 0.000000000000000001): allowed {allowed}"),
        ),
        WadError::Overflow(_) => {
            (ErrorKind::Overflow, format!("overflows: amounts are at most {} (2^128 - 1 base units)", Wad::MAX))
        }
        _ => (
            ErrorKind::WrongType,
            format!("is not a plain decimal number (digits and at most one '.', no exponent): allowed {allowed}"),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(kind: &Kind, text: &str) -> Value {
        match kind.parse("K", text) {
            Ok(v) => v,
            Err(e) => panic!("{text}: {e}"),
        }
    }

    fn err(kind: &Kind, text: &str) -> ErrorKind {
        match kind.parse("K", text) {
            Ok(v) => panic!("{text} parsed as {v:?}"),
            Err(e) => e.kind(),
        }
    }

    #[test]
    fn uint() {
        let k = Kind::UInt { min: 1, max: 10 };
        assert_eq!(ok(&k, " 7 "), Value::UInt(7));
        assert_eq!(err(&k, "0"), ErrorKind::Zero);
        assert_eq!(err(&k, "11"), ErrorKind::OutOfRange);
        assert_eq!(err(&k, "-1"), ErrorKind::Negative);
        assert_eq!(err(&k, "1.5"), ErrorKind::WrongType);
        assert_eq!(err(&k, "99999999999999999999"), ErrorKind::Overflow);
    }

    #[test]
    fn rate_to_ppm() {
        assert_eq!(ok(&Kind::Rate, "0.003"), Value::Rate { wad: Wad::from_raw(3 * PPM_UNIT * 1000), ppm: 3000 });
        assert_eq!(ok(&Kind::Rate, "0.999999"), Value::Rate { wad: Wad::from_raw(999_999 * PPM_UNIT), ppm: 999_999 });
        assert_eq!(err(&Kind::Rate, "1"), ErrorKind::OutOfRange);
        assert_eq!(err(&Kind::Rate, "0.0000001"), ErrorKind::Precision);
    }

    #[test]
    fn canonical_text_round_trips() {
        let kinds = [
            (Kind::Fraction, "0.40"),
            (Kind::Bool, "ON"),
            (Kind::choice(["keep", "sell"]), "Sell"),
            (Kind::OptionalPrice, "NONE"),
            (Kind::OptionalPrice, "2.0"),
            (Kind::amount(), "1_000.5"),
        ];
        for (kind, text) in kinds {
            let v = ok(&kind, text);
            assert_eq!(ok(&kind, &v.to_string()), v);
        }
        assert_eq!(ok(&Kind::Bool, "ON").to_string(), "true");
        assert_eq!(ok(&Kind::Fraction, "0.40").to_string(), "0.4");
    }
}
