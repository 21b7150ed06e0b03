//! `Wad`: an exact fixed-point token amount with 18 decimals.
//!
//! A `Wad` is a `u128` count of 10^-18 units, like an ERC-20 balance with 18 decimals. Parsing
//! from and printing to decimal strings is exact; arithmetic is checked and returns [`WadError`]
//! instead of wrapping or panicking. Floats appear only in [`Wad::to_f64`], for metrics and plots.

use std::fmt;
use std::str::FromStr;

use crate::decimal::{self, DecimalSlot, DecimalText};
use crate::wide;

/// Number of decimals of a [`Wad`].
pub const DECIMALS: u32 = 18;
/// Base units in one whole token: 10^18.
pub const SCALE: u128 = 1_000_000_000_000_000_000;

/// An exact, non-negative amount of an 18-decimal token, stored as base units.
///
/// ```
/// use grassroot_amm::Wad;
/// let a: Wad = "0.1".parse().unwrap();
/// let b: Wad = "0.2".parse().unwrap();
/// assert_eq!(a.checked_add(b).unwrap().to_string(), "0.3");
/// assert_eq!(Wad::from_raw(1).to_string(), "0.000000000000000001");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Wad(u128);

/// Why a [`Wad`] could not be parsed or computed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WadError {
    /// The text is empty.
    Empty,
    /// The text starts with a minus sign: amounts are never negative.
    Negative(String),
    /// The text has more than 18 digits after the decimal point.
    TooManyDecimals(String),
    /// The text is not a plain decimal number (digits, at most one '.').
    Invalid(String),
    /// The value does not fit in 128 bits of base units.
    Overflow(String),
    /// `a + b` overflowed.
    AddOverflow(Wad, Wad),
    /// `a - b` with `b > a`.
    SubUnderflow(Wad, Wad),
    /// `a * b / d` with `d == 0` or a result beyond `u128`.
    MulDiv(Wad, u128, u128),
}

impl fmt::Display for WadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "empty amount: expected a decimal number such as 100 or 0.1"),
            Self::Negative(s) => write!(f, "'{s}' is negative: amounts are never below 0"),
            Self::TooManyDecimals(s) => {
                write!(f, "'{s}' has more than {DECIMALS} decimals: the smallest unit is 0.000000000000000001")
            }
            Self::Invalid(s) => {
                write!(f, "'{s}' is not a decimal number: use digits with at most one '.', e.g. 100 or 0.25")
            }
            Self::Overflow(s) => write!(f, "'{s}' is too large: at most {} (2^128 - 1 base units)", Wad::MAX),
            Self::AddOverflow(a, b) => write!(f, "{a} + {b} overflows 2^128 - 1 base units"),
            Self::SubUnderflow(a, b) => write!(f, "{a} - {b} is negative"),
            Self::MulDiv(a, b, d) => write!(f, "{a} * {b} / {d} (base units) is undefined or overflows"),
        }
    }
}

impl std::error::Error for WadError {}

impl Wad {
    /// Zero.
    pub const ZERO: Wad = Wad(0);
    /// One whole token (10^18 base units).
    pub const ONE: Wad = Wad(SCALE);
    /// The largest amount, 2^128 - 1 base units.
    pub const MAX: Wad = Wad(u128::MAX);

    /// An amount from raw base units (10^-18 of a token).
    #[inline]
    pub const fn from_raw(raw: u128) -> Wad {
        Wad(raw)
    }

    /// The raw base units.
    #[inline]
    pub const fn raw(self) -> u128 {
        self.0
    }

    /// A whole number of tokens; cannot overflow (`u64::MAX * 10^18 < 2^128`).
    #[inline]
    pub const fn from_tokens(tokens: u64) -> Wad {
        Wad(tokens as u128 * SCALE)
    }

    /// True if the amount is zero.
    #[inline]
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// `self + rhs`, or an error on overflow.
    #[inline]
    pub fn checked_add(self, rhs: Wad) -> Result<Wad, WadError> {
        self.0.checked_add(rhs.0).map(Wad).ok_or(WadError::AddOverflow(self, rhs))
    }

    /// `self - rhs`, or an error if `rhs > self`.
    #[inline]
    pub fn checked_sub(self, rhs: Wad) -> Result<Wad, WadError> {
        self.0.checked_sub(rhs.0).map(Wad).ok_or(WadError::SubUnderflow(self, rhs))
    }

    /// `floor(self * num / den)` with a 256-bit intermediate (rounds toward zero).
    #[inline]
    pub fn mul_div(self, num: u128, den: u128) -> Result<Wad, WadError> {
        wide::mul_div_floor(self.0, num, den).map(Wad).ok_or(WadError::MulDiv(self, num, den))
    }

    /// `ceil(self * num / den)` with a 256-bit intermediate (rounds away from zero).
    #[inline]
    pub fn mul_div_up(self, num: u128, den: u128) -> Result<Wad, WadError> {
        wide::mul_div_ceil(self.0, num, den).map(Wad).ok_or(WadError::MulDiv(self, num, den))
    }

    /// `floor(self * fraction)` where `fraction` is itself a `Wad` (1.0 = 10^18), e.g. a share.
    #[inline]
    pub fn mul_frac(self, fraction: Wad) -> Result<Wad, WadError> {
        self.mul_div(fraction.0, SCALE)
    }

    /// The smaller of two amounts.
    #[inline]
    pub fn min(self, other: Wad) -> Wad {
        if self.0 <= other.0 { self } else { other }
    }

    /// `self - rhs`, or zero if `rhs > self`.
    #[inline]
    pub const fn saturating_sub(self, rhs: Wad) -> Wad {
        Wad(self.0.saturating_sub(rhs.0))
    }

    /// The nearest `f64`, for metrics and plots only (never for balances).
    #[inline]
    pub fn to_f64(self) -> f64 {
        let int = (self.0 / SCALE) as f64;
        let frac = (self.0 % SCALE) as f64 / SCALE as f64;
        int + frac
    }

    /// The exact decimal text, as [`Display`](fmt::Display) prints it, in a fixed buffer: no
    /// allocation, no float. The hot path of CSV writers.
    #[inline]
    pub fn decimal(self) -> DecimalText {
        DecimalText::of_raw(self.0)
    }

    /// Writes the exact decimal text at the start of `out` and returns its length: for writers
    /// that keep their own buffer. The one writer of a `Wad`'s text, which [`Wad::decimal`],
    /// [`Display`](fmt::Display) and the report's CSV cells use, eight digits at a time.
    #[inline]
    pub fn write_to(self, out: &mut DecimalSlot) -> usize {
        decimal::write_raw::<false>(self.0, out)
    }

    /// The pointed text: the exact decimal text with a decimal point always, a whole amount
    /// ending in `.0` (`900.0`, `0.0`, `0.5`): the text of every amount in grassroot's CSV
    /// files, which readers that infer types read as decimals (see [`DecimalText`]'s module).
    ///
    /// ```
    /// use grassroot_amm::Wad;
    /// assert_eq!(Wad::from_tokens(900).pointed().as_str(), "900.0");
    /// assert_eq!(Wad::ZERO.pointed().as_str(), "0.0");
    /// assert_eq!(Wad::parse("0.5").unwrap().pointed().as_str(), "0.5");
    /// ```
    #[inline]
    pub fn pointed(self) -> DecimalText {
        DecimalText::of_raw_pointed(self.0)
    }

    /// Writes the pointed text ([`Wad::pointed`]) at the start of `out` and returns its length:
    /// for writers that keep their own buffer (the report's CSV cells).
    #[inline]
    pub fn write_pointed_to(self, out: &mut DecimalSlot) -> usize {
        decimal::write_raw::<true>(self.0, out)
    }

    /// Appends the exact decimal form (as [`Display`](fmt::Display) prints it) to `out`.
    #[inline]
    pub fn write_decimal(self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.decimal().as_bytes());
    }

    /// Parses an exact decimal such as `"100"`, `"0.1"` or `"0.000000000000000001"`.
    ///
    /// Accepts digits with at most one `.` and at most 18 decimals, optional `_` separators
    /// between digits and surrounding whitespace; rejects signs, exponents and anything else.
    pub fn parse(text: &str) -> Result<Wad, WadError> {
        let s = text.trim();
        if s.is_empty() {
            return Err(WadError::Empty);
        }
        if s.starts_with('-') {
            return Err(WadError::Negative(s.to_owned()));
        }
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let valid =
            |p: &str| !p.starts_with('_') && !p.ends_with('_') && p.bytes().all(|b| b.is_ascii_digit() || b == b'_');
        let int_ok = valid(int_part);
        let frac_ok = frac_part.is_none_or(|f| valid(f) && !f.is_empty() || f.is_empty() && !int_part.is_empty());
        if !int_ok || !frac_ok || (int_part.is_empty() && frac_part.is_none_or(str::is_empty)) {
            return Err(WadError::Invalid(s.to_owned()));
        }
        let mut int: u128 = 0;
        for b in int_part.bytes().filter(|b| *b != b'_') {
            int = int
                .checked_mul(10)
                .and_then(|v| v.checked_add(u128::from(b - b'0')))
                .ok_or_else(|| WadError::Overflow(s.to_owned()))?;
        }
        let mut frac: u128 = 0;
        let mut n = 0u32;
        for b in frac_part.unwrap_or("").bytes().filter(|b| *b != b'_') {
            n += 1;
            if n > DECIMALS {
                return Err(WadError::TooManyDecimals(s.to_owned()));
            }
            frac = frac * 10 + u128::from(b - b'0');
        }
        frac *= 10u128.pow(DECIMALS - n);
        int.checked_mul(SCALE)
            .and_then(|v| v.checked_add(frac))
            .map(Wad)
            .ok_or_else(|| WadError::Overflow(s.to_owned()))
    }
}

impl fmt::Display for Wad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.decimal().as_str())
    }
}

impl fmt::Debug for Wad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Wad({self})")
    }
}

impl FromStr for Wad {
    type Err = WadError;
    fn from_str(s: &str) -> Result<Wad, WadError> {
        Wad::parse(s)
    }
}

impl serde::Serialize for Wad {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Wad {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Wad, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Wad;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal string with at most 18 decimals, e.g. \"0.1\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Wad, E> {
                Wad::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Wad, E> {
                Ok(Wad::from_tokens(v))
            }
        }
        d.deserialize_str(Visitor)
    }
}
