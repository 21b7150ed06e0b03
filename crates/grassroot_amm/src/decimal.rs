//! [`DecimalText`]: the exact decimal text of a [`Wad`](crate::Wad) or a count, built in a
//! fixed buffer without allocation, division by a variable or float.
//!
//! CSV writers print millions of amounts, so this is a hot path: digits are produced two at a
//! time from a table, the fraction as 18 zero-padded digits from which trailing zeros are
//! trimmed. A writer that keeps its own buffer has the digits written straight into it
//! ([`Wad::write_to`](crate::Wad::write_to), [`DecimalText::write_whole`]): returning a freshly
//! written buffer by value and copying it again would stall on store forwarding.

use crate::wad::{DECIMALS, SCALE};

/// "00", "01", ... "99": two digits per lookup.
const PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// 10^19, the largest power of ten in a `u64`.
const TEN_POW_19: u128 = 10_000_000_000_000_000_000;

/// Room for the text of any amount or count: see [`DecimalText::CAPACITY`].
pub type DecimalSlot = [u8; DecimalText::CAPACITY];

/// The exact decimal text of an amount or a count, in a fixed buffer.
///
/// ```
/// use grassroot_amm::{DecimalText, Wad};
/// assert_eq!(Wad::parse("12.034").unwrap().decimal().as_str(), "12.034");
/// assert_eq!(Wad::MAX.decimal().as_str(), "340282366920938463463.374607431768211455");
/// assert_eq!(DecimalText::whole(4000).as_str(), "4000");
/// ```
#[derive(Clone, Copy)]
pub struct DecimalText {
    buf: [u8; DecimalText::CAPACITY],
    len: u8,
}

impl DecimalText {
    /// Size of the buffer: the longest text, `Wad::MAX` (21 integer digits, '.', 18 decimals),
    /// or `u64::MAX` (20 digits), fits with room to spare.
    pub const CAPACITY: usize = 48;

    /// The text of `raw` base units of an 18-decimal amount: no trailing zeros after the
    /// point, no point for a whole amount.
    #[inline]
    pub(crate) fn of_raw(raw: u128) -> DecimalText {
        DecimalText::written(|slot| write_raw(raw, slot))
    }

    /// The text of a whole number, e.g. a count of agents or a step.
    #[inline]
    pub fn whole(n: u64) -> DecimalText {
        DecimalText::written(|slot| DecimalText::write_whole(n, slot))
    }

    /// The text that `write` puts in a fresh buffer (it returns the length).
    #[inline]
    fn written(write: impl FnOnce(&mut DecimalSlot) -> usize) -> DecimalText {
        let mut buf = [0; DecimalText::CAPACITY];
        let len = write(&mut buf).min(DecimalText::CAPACITY) as u8;
        DecimalText { buf, len }
    }

    /// Writes the text of a whole number at the start of `out`; returns its length.
    #[inline]
    pub fn write_whole(n: u64, out: &mut DecimalSlot) -> usize {
        write_u64(n, out)
    }

    /// The text, as bytes.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len()]
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and '.' are ever written.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    /// Length of the text in bytes.
    #[inline]
    #[expect(clippy::len_without_is_empty, reason = "a decimal's text is never empty")]
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }
}

impl std::fmt::Debug for DecimalText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DecimalText({})", self.as_str())
    }
}

/// Writes the text of `raw` base units at the start of `out`; returns its length.
#[inline]
pub(crate) fn write_raw(raw: u128, out: &mut DecimalSlot) -> usize {
    let (int, frac) = if raw <= u128::from(u64::MAX) {
        let v = raw as u64;
        (u128::from(v / SCALE as u64), v % SCALE as u64)
    } else {
        (raw / SCALE, (raw % SCALE) as u64)
    };
    // The integer part of a u128 amount is below 3.5 * 10^20: one or two u64 pieces.
    let mut len = if int < TEN_POW_19 {
        write_u64(int as u64, out)
    } else {
        let head = write_u64((int / TEN_POW_19) as u64, out);
        write_padded((int % TEN_POW_19) as u64, &mut out[head..head + 19]);
        head + 19
    };
    if frac != 0 {
        out[len] = b'.';
        if let Some(digits) = out[len + 1..].first_chunk_mut::<{ DECIMALS as usize }>() {
            len += 1 + write_fraction(frac, digits);
        }
    }
    len
}

/// Writes the 18 digits of `frac` (< 10^18) and returns how many remain once trailing zeros are
/// dropped. The halves and quarters are independent, so the divisions (multiplications by
/// constants) overlap instead of waiting on one another digit pair after digit pair.
#[inline]
fn write_fraction(frac: u64, out: &mut [u8; 18]) -> usize {
    let (high, low) = ((frac / 1_000_000_000) as u32, (frac % 1_000_000_000) as u32);
    let (head, tail) = out.split_at_mut(9);
    let mut len = 18;
    if let (Ok(head), Ok(tail)) = (<&mut [u8; 9]>::try_from(head), <&mut [u8; 9]>::try_from(tail)) {
        write_9(high, head);
        if low == 0 {
            len = 9;
        } else {
            write_9(low, tail);
        }
    }
    len - out[..len].iter().rev().take_while(|&&b| b == b'0').count()
}

/// Writes the 9 digits of `n` (< 10^9), zero-padded.
#[inline]
fn write_9(n: u32, out: &mut [u8; 9]) {
    let (first, rest) = out.split_at_mut(1);
    first[0] = b'0' + (n / 100_000_000) as u8;
    let n = n % 100_000_000;
    let (a, b) = rest.split_at_mut(4);
    if let (Ok(a), Ok(b)) = (<&mut [u8; 4]>::try_from(a), <&mut [u8; 4]>::try_from(b)) {
        write_4(n / 10_000, a);
        write_4(n % 10_000, b);
    }
}

/// Writes the 4 digits of `n` (< 10^4), zero-padded.
#[inline]
fn write_4(n: u32, out: &mut [u8; 4]) {
    let (high, low) = ((n / 100) as usize * 2, (n % 100) as usize * 2);
    out[..2].copy_from_slice(&PAIRS[high..high + 2]);
    out[2..].copy_from_slice(&PAIRS[low..low + 2]);
}

/// Writes `n` without leading zeros at the start of `out`; returns the number of digits.
#[inline]
fn write_u64(n: u64, out: &mut [u8]) -> usize {
    let digits = n.checked_ilog10().map_or(1, |l| l as usize + 1);
    write_padded(n, &mut out[..digits]);
    digits
}

/// Writes the last `out.len()` decimal digits of `n`, zero-padded on the left, into `out`.
#[inline]
fn write_padded(mut n: u64, out: &mut [u8]) {
    let mut i = out.len();
    while i >= 2 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        out[i - 2..i].copy_from_slice(&PAIRS[pair..pair + 2]);
        i -= 2;
    }
    if i == 1 {
        out[0] = b'0' + (n % 10) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_print_as_itoa_does() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, 999_999_999, 10_000_000_000, u64::MAX] {
            assert_eq!(DecimalText::whole(n).as_str(), n.to_string());
        }
    }

    #[test]
    fn every_fraction_digit_lands_in_place() {
        // One non-zero digit in each of the 18 places, and all 18 at once.
        for place in 0..18u32 {
            let raw = 7 * 10u128.pow(place);
            let text = format!("0.{}7", "0".repeat(17 - place as usize));
            assert_eq!(DecimalText::of_raw(raw).as_str(), text, "raw {raw}");
        }
        assert_eq!(DecimalText::of_raw(123_456_789_987_654_321).as_str(), "0.123456789987654321");
        assert_eq!(DecimalText::of_raw(100_000_000_100_000_000).as_str(), "0.1000000001");
    }

    #[test]
    fn amounts_split_at_the_point() {
        let cases: [(u128, &str); 8] = [
            (0, "0"),
            (1, "0.000000000000000001"),
            (SCALE, "1"),
            (SCALE / 10 * 9, "0.9"),
            (123 * SCALE + 4, "123.000000000000000004"),
            (u128::from(u64::MAX), "18.446744073709551615"),
            (TEN_POW_19 * SCALE, "10000000000000000000"),
            (TEN_POW_19 * SCALE + 5 * SCALE / 10, "10000000000000000000.5"),
        ];
        for (raw, text) in cases {
            assert_eq!(DecimalText::of_raw(raw).as_str(), text, "raw {raw}");
        }
    }
}
