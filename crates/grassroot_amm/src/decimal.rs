//! [`DecimalText`]: the exact decimal text of a [`Wad`](crate::Wad) or a count, built in a
//! fixed buffer without allocation, division by a variable or float. This module is the one
//! writer of that text: [`Wad::write_to`](crate::Wad::write_to), [`DecimalText`], `Display`
//! and the report's CSV cells (the transaction log included) all come here. It does not know
//! of rows or columns; copying a text already written belongs to the report.
//!
//! The text: the integer part without leading zeros, then, unless the amount is whole, a '.'
//! and the 18 decimals without their trailing zeros (`900`, `0.5`): what `Display` prints.
//!
//! **The pointed text** is the same but always carries a decimal point: a whole amount ends in
//! `.0` (`900.0`, `0.0`, `0.5`). It is the text of every amount in grassroot's CSV files, so
//! that a reader inferring types from text (polars, pandas, DuckDB) sees decimals in every row
//! of an amount column, whole or not, and never guesses integers from its first rows. That
//! rule is made here, once ([`write_fraction`]'s `POINT`), and nowhere else:
//! [`Wad::write_pointed_to`](crate::Wad::write_pointed_to) and
//! [`Wad::pointed`](crate::Wad::pointed) give it; counts never carry a point.
//!
//! CSV writers print millions of amounts, so this is a hot path: digits are made eight at a
//! time (`digits8`: the eight digits of a number below 10^8 split by multiplications by
//! reciprocals in the lanes of one `u64`, SIMD within a register) rather than two per table
//! lookup, and an amount below 10^8 tokens (or a count below 10^8) takes one inlined path
//! without a `u128` division; larger ones take a slower path out of line. The leading zeros
//! and the fraction's trailing zeros are counted from the zero bytes of those lanes, not by a
//! loop. Eight digits at a time were chosen by `benches/csv_write.rs` against two per table
//! lookup (the numbers are in `docs/speed.md`).
//!
//! A writer that keeps its own buffer has the digits written straight into it
//! ([`Wad::write_to`](crate::Wad::write_to), [`DecimalText::write_whole`]): returning a freshly
//! written buffer by value and copying it again would stall on store forwarding.

use crate::wad::SCALE;

/// [`SCALE`] (10^18) as a `u64`.
const SCALE_U64: u64 = SCALE as u64;

/// 10^8, the size of one group of `digits8`.
const TEN_POW_8: u64 = 100_000_000;

/// 10^16, two groups of `digits8`.
const TEN_POW_16: u64 = TEN_POW_8 * TEN_POW_8;

/// `'0'` in each byte of a `u64`: added to eight digit values, their ASCII text.
const ASCII_ZEROS: u64 = 0x3030_3030_3030_3030;

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
        DecimalText::written(|slot| write_raw::<false>(raw, slot))
    }

    /// The pointed text of `raw` base units (see the module documentation): as
    /// [`DecimalText::of_raw`], but a whole amount ends in `.0`.
    #[inline]
    pub(crate) fn of_raw_pointed(raw: u128) -> DecimalText {
        DecimalText::written(|slot| write_raw::<true>(raw, slot))
    }

    /// The pointed text of zero, for writers that write it without making it (the
    /// transaction log's most frequent amount).
    pub const POINTED_ZERO: &'static [u8; 3] = b"0.0";

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

/// Writes the text of `raw` base units at the start of `out`, the pointed text if `POINT` (see
/// the module documentation); returns its length.
#[inline]
pub(crate) fn write_raw<const POINT: bool>(raw: u128, out: &mut DecimalSlot) -> usize {
    let (int, frac) = match u64::try_from(raw) {
        Ok(0) => {
            out[0] = b'0';
            return write_fraction::<POINT>(0, out, 1);
        }
        Ok(small) => (small / SCALE_U64, small % SCALE_U64),
        Err(_) => {
            let int = raw / SCALE;
            match u64::try_from(int) {
                Ok(int) if int < TEN_POW_8 => (int, (raw - u128::from(int) * SCALE) as u64),
                _ => return write_large::<POINT>(raw, out),
            }
        }
    };
    // int < 10^8 here, and most often a single digit.
    let len = if int < 10 {
        out[0] = b'0' + int as u8;
        1
    } else {
        write_below_1e8(int as u32, out)
    };
    write_fraction::<POINT>(frac, out, len)
}

/// [`write_raw`] for amounts of 10^8 tokens or more: rare, so kept out of the inlined path.
#[cold]
#[inline(never)]
fn write_large<const POINT: bool>(raw: u128, out: &mut DecimalSlot) -> usize {
    let (int, frac) = (raw / SCALE, (raw % SCALE) as u64);
    // The integer part of a u128 amount is below 3.5 * 10^20: at most 5 + 16 digits.
    let (top, rest) = ((int / u128::from(TEN_POW_16)) as u64, (int % u128::from(TEN_POW_16)) as u64);
    let len = if top == 0 {
        write_u64(rest, out)
    } else {
        let head = write_below_1e8(top as u32, out);
        write_8((rest / TEN_POW_8) as u32, out, head);
        write_8((rest % TEN_POW_8) as u32, out, head + 8);
        head + 16
    };
    write_fraction::<POINT>(frac, out, len)
}

/// Writes '.' and the 18 digits of `frac` (< 10^18) without their trailing zeros at `len` in
/// `out`; if `frac` is 0, `.0` if `POINT` (the pointed text's one rule) and nothing otherwise.
/// Returns the length of the text then.
#[inline]
fn write_fraction<const POINT: bool>(frac: u64, out: &mut DecimalSlot, mut len: usize) -> usize {
    if frac == 0 {
        if POINT && let Some(point) = out.get_mut(len..len + 2) {
            point.copy_from_slice(b".0");
            return len + 2;
        }
        return len;
    }
    // The 18 decimals as 2 + 8 + 8 digits.
    let upper = frac / TEN_POW_8;
    let (head, mid, low) = ((upper / TEN_POW_8) as u8, (upper % TEN_POW_8) as u32, (frac % TEN_POW_8) as u32);
    let (mid_digits, low_digits) = (digits8(mid), digits8(low));
    let Some(text) = out.get_mut(len..len + 19) else {
        return len;
    };
    text[0] = b'.';
    text[1] = b'0' + head / 10;
    text[2] = b'0' + head % 10;
    text[3..11].copy_from_slice(&(mid_digits + ASCII_ZEROS).to_le_bytes());
    text[11..19].copy_from_slice(&(low_digits + ASCII_ZEROS).to_le_bytes());
    // The trailing zeros are the high zero bytes of the last group that is not zero.
    len += 1 + if low != 0 {
        18 - (low_digits.leading_zeros() / 8) as usize
    } else if mid != 0 {
        10 - (mid_digits.leading_zeros() / 8) as usize
    } else {
        2 - usize::from(head % 10 == 0)
    };
    len
}

/// Writes `n` without leading zeros at the start of `out`; returns the number of digits.
#[inline]
fn write_u64(n: u64, out: &mut DecimalSlot) -> usize {
    match u32::try_from(n) {
        Ok(small) if n < TEN_POW_8 => write_below_1e8(small, out),
        _ => write_u64_large(n, out),
    }
}

/// [`write_u64`] for 10^8 or more: rare in counts, so kept out of the inlined path.
#[cold]
#[inline(never)]
fn write_u64_large(n: u64, out: &mut DecimalSlot) -> usize {
    // u64::MAX is below 1.9 * 10^19: at most 4 + 16 digits.
    let (head, low) = (n / TEN_POW_8, (n % TEN_POW_8) as u32);
    let len = if head < TEN_POW_8 {
        write_below_1e8(head as u32, out)
    } else {
        let top = write_below_1e8((head / TEN_POW_8) as u32, out);
        write_8((head % TEN_POW_8) as u32, out, top);
        top + 8
    };
    write_8(low, out, len);
    len + 8
}

/// Writes the text of `n` (below 10^8) without leading zeros at the start of `out`; returns its
/// length.
#[inline]
fn write_below_1e8(n: u32, out: &mut DecimalSlot) -> usize {
    let digits = digits8(n);
    // The leading zeros are the low zero bytes; "0" keeps one.
    let lead = ((digits.trailing_zeros() / 8) as usize).min(7);
    if let Some(head) = out.first_chunk_mut::<8>() {
        *head = ((digits + ASCII_ZEROS) >> (8 * lead)).to_le_bytes();
    }
    8 - lead
}

/// Writes the eight digits of `n` (below 10^8), zero-padded, at `at` in `out`.
#[inline]
fn write_8(n: u32, out: &mut DecimalSlot, at: usize) {
    if let Some(text) = out.get_mut(at..at + 8) {
        text.copy_from_slice(&(digits8(n) + ASCII_ZEROS).to_le_bytes());
    }
}

/// The eight decimal digits of `n` (below 10^8), zero-padded, as digit values (0 to 9) one per
/// byte of a `u64`, the most significant digit in the lowest byte, so that `to_le_bytes`
/// puts them in reading order. All eight at once (SIMD within a register): the two halves of
/// four digits, then the four pairs, then the eight digits are split by multiplications by
/// reciprocals in parallel lanes, exact for these ranges (the tests try every 4-digit half).
#[inline]
fn digits8(n: u32) -> u64 {
    let halves = u64::from(n / 10_000) | (u64::from(n % 10_000) << 32);
    // Each 32-bit lane (< 10^4) divided by 100: x * 10486 >> 20 is x / 100 for x < 10^4.
    let high = ((halves * 10_486) >> 20) & 0x0000_007F_0000_007F;
    let pairs = ((halves - 100 * high) << 16) | high;
    // Each 16-bit lane (< 100) divided by 10: x * 103 >> 10 is x / 10 for x < 100.
    let tens = ((pairs * 103) >> 10) & 0x000F_000F_000F_000F;
    tens + ((pairs - 10 * tens) << 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 10^19, the first 20-digit integer part.
    const TEN_POW_19: u128 = 10_000_000_000_000_000_000;

    #[test]
    fn counts_print_as_itoa_does() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, 999_999_999, 10_000_000_000, u64::MAX] {
            assert_eq!(DecimalText::whole(n).as_str(), n.to_string());
        }
    }

    #[test]
    fn eight_digits_at_once_are_the_digits() {
        // The two 4-digit halves are independent lanes: every value of each, beside a few of
        // the other, covers every lane's range.
        let check = |n: u32| {
            let text: Vec<u8> = (digits8(n) + ASCII_ZEROS).to_le_bytes().to_vec();
            assert_eq!(String::from_utf8_lossy(&text), format!("{n:08}"), "{n}");
        };
        for x in 0..10_000 {
            for y in [0, 1, 9, 10, 99, 100, 4_999, 9_990, 9_999] {
                check(x * 10_000 + y);
                check(y * 10_000 + x);
            }
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

    #[test]
    fn the_pointed_text_always_has_a_point_and_the_same_value() {
        let cases: [(u128, &str); 8] = [
            (0, "0.0"),
            (1, "0.000000000000000001"),
            (SCALE, "1.0"),
            (900 * SCALE, "900.0"),
            (SCALE / 10 * 9, "0.9"),
            (99_999_999 * SCALE, "99999999.0"),
            (TEN_POW_19 * SCALE, "10000000000000000000.0"),
            (TEN_POW_19 * SCALE + 5 * SCALE / 10, "10000000000000000000.5"),
        ];
        for (raw, text) in cases {
            assert_eq!(DecimalText::of_raw_pointed(raw).as_str(), text, "raw {raw}");
            let plain = DecimalText::of_raw(raw);
            let plain = plain.as_str();
            let expected = if plain.contains('.') { plain.to_owned() } else { format!("{plain}.0") };
            assert_eq!(DecimalText::of_raw_pointed(raw).as_str(), expected, "raw {raw}");
        }
        assert_eq!(DecimalText::of_raw_pointed(0).as_bytes(), DecimalText::POINTED_ZERO);
        let max = DecimalText::of_raw_pointed(u128::MAX);
        assert_eq!(max.as_str(), "340282366920938463463.374607431768211455");
    }
}
