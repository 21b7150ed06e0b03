//! CSV cells without floats or allocation: exact decimals for amounts, shortest round-trip
//! form for real numbers, plain digits for counts; and [`Line`], a row buffer for hot loops.

use grassroot_amm::{DecimalSlot, DecimalText, Wad};
use grassroot_sim::{Delta, Value};

/// Appends an exact decimal amount.
#[inline]
pub fn push_wad(out: &mut Vec<u8>, w: Wad) {
    w.write_decimal(out);
}

/// Appends a signed change (`-` for a debit; zero is `0`).
#[inline]
pub fn push_delta(out: &mut Vec<u8>, d: Delta) {
    if d.debit && !d.amount.is_zero() {
        out.push(b'-');
    }
    d.amount.write_decimal(out);
}

/// Appends a count.
#[inline]
pub fn push_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(DecimalText::whole(n).as_bytes());
}

/// Appends a real number in its shortest round-trip form; NaN and infinities as an empty cell
/// (which pandas and polars read as missing).
#[inline]
pub fn push_f64(out: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        out.extend_from_slice(ryu::Buffer::new().format_finite(x).as_bytes());
    }
}

/// Appends a metric cell.
#[inline]
pub fn push_value(out: &mut Vec<u8>, v: Value) {
    match v {
        Value::Empty => {}
        Value::Wad(w) => push_wad(out, w),
        Value::Int(n) => push_u64(out, n),
        Value::F64(x) => push_f64(out, x),
    }
}

/// Appends a text cell, quoted per RFC 4180 if it holds a comma, quote or line break.
pub fn push_text(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// One CSV row built in a reusable buffer, then appended with one copy.
///
/// Copying a cell of unknown length costs a call to `memcpy`; a row of eleven cells, millions
/// of times, pays for that more than for the digits. A `Line` has numbers written straight into
/// its buffer, in a slot of fixed size past its end, and advances by the text's length.
#[derive(Clone, Debug)]
pub struct Line {
    buf: Vec<u8>,
    len: usize,
}

/// Room kept free past the end of a line for one fixed-size copy.
const SLACK: usize = 2 * DecimalText::CAPACITY;

impl Default for Line {
    fn default() -> Line {
        Line { buf: vec![0; 512], len: 0 }
    }
}

impl Line {
    /// Empties the line, keeping its buffer.
    #[inline]
    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// The row so far.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Grows the buffer if fewer than `SLACK + extra` bytes are free (rarely: long text).
    #[inline]
    fn room(&mut self, extra: usize) {
        if self.len + extra + SLACK > self.buf.len() {
            self.buf.resize(2 * (self.len + extra + SLACK), 0);
        }
    }

    /// Appends one byte, e.g. a separator.
    #[inline]
    pub fn byte(&mut self, b: u8) {
        self.room(1);
        self.buf[self.len] = b;
        self.len += 1;
    }

    /// Appends bytes of any length (one `memcpy`).
    #[inline]
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.room(bytes.len());
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    /// Lets `write` fill the slot past the end of the line and keeps the bytes it reports.
    #[inline]
    fn slot(&mut self, write: impl FnOnce(&mut DecimalSlot) -> usize) {
        self.room(DecimalText::CAPACITY);
        let end = self.len + DecimalText::CAPACITY;
        if let Ok(slot) = <&mut DecimalSlot>::try_from(&mut self.buf[self.len..end]) {
            self.len += write(slot).min(DecimalText::CAPACITY);
        }
    }

    /// Appends an exact amount.
    #[inline]
    pub fn wad(&mut self, w: Wad) {
        self.slot(|slot| w.write_to(slot));
    }

    /// Appends a count.
    #[inline]
    pub fn count(&mut self, n: u64) {
        self.slot(|slot| DecimalText::write_whole(n, slot));
    }

    /// Appends a signed change (`-` for a debit; zero is `0`), as [`push_delta`] does.
    #[inline]
    pub fn delta(&mut self, d: Delta) {
        if d.debit && !d.amount.is_zero() {
            self.byte(b'-');
        }
        self.wad(d.amount);
    }

    /// Appends a real number as [`push_f64`] does, from a [`Real`] formatted once.
    #[inline]
    pub fn real(&mut self, r: &Real) {
        self.room(r.buf.len());
        self.buf[self.len..self.len + r.buf.len()].copy_from_slice(&r.buf);
        self.len += r.len;
    }
}

/// A real number's cell, formatted once and copied into many rows (e.g. a price that stays the
/// same across the transactions that do not touch the pool).
#[derive(Clone, Debug)]
pub struct Real {
    bits: u64,
    buf: [u8; 32],
    len: usize,
}

impl Default for Real {
    fn default() -> Real {
        Real::new(0.0)
    }
}

impl Real {
    /// The cell of `x`: shortest round-trip form; empty for NaN and infinities.
    pub fn new(x: f64) -> Real {
        let mut r = Real { bits: !x.to_bits(), buf: [0; 32], len: 0 };
        r.set(x);
        r
    }

    /// Makes this the cell of `x`, formatting only if `x` differs from the current value.
    #[inline]
    pub fn set(&mut self, x: f64) {
        if x.to_bits() == self.bits {
            return;
        }
        self.bits = x.to_bits();
        self.len = 0;
        if x.is_finite() {
            let mut ryu = ryu::Buffer::new();
            let text = ryu.format_finite(x).as_bytes();
            // ryu's longest output is 24 bytes.
            self.len = text.len().min(self.buf.len());
            self.buf[..self.len].copy_from_slice(&text[..self.len]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut v = Vec::new();
        f(&mut v);
        String::from_utf8(v).unwrap_or_default()
    }

    #[test]
    fn cells_are_exact_and_plain() {
        assert_eq!(cell(|o| push_delta(o, Delta::debit(Wad::from_raw(1)))), "-0.000000000000000001");
        assert_eq!(cell(|o| push_delta(o, Delta::debit(Wad::ZERO))), "0");
        assert_eq!(cell(|o| push_delta(o, Delta::credit(Wad::from_tokens(90)))), "90");
        assert_eq!(cell(|o| push_f64(o, 0.5)), "0.5");
        assert_eq!(cell(|o| push_f64(o, f64::NAN)), "");
        assert_eq!(cell(|o| push_value(o, Value::Int(4000))), "4000");
        assert_eq!(cell(|o| push_text(o, "a,b")), "\"a,b\"");
        assert_eq!(cell(|o| push_text(o, "say \"hi\"")), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn a_line_matches_the_cell_functions() {
        let amounts = [Wad::ZERO, Wad::from_raw(1), Wad::from_tokens(90), Wad::MAX, Wad::from_raw(123_456_789)];
        let reals = [0.0, 0.5, 1.7129e-6, f64::NAN, 123_456.789, f64::INFINITY];
        let mut line = Line::default();
        let mut price = Real::default();
        let mut expected = Vec::new();
        for round in 0..40u64 {
            let w = amounts[round as usize % amounts.len()];
            let x = reals[round as usize % reals.len()];
            let d = if round % 2 == 0 { Delta::debit(w) } else { Delta::credit(w) };
            line.count(round * 1_000_003);
            line.byte(b',');
            line.bytes(b"a role name that is longer than the slack of a line, to make it grow at least once");
            line.byte(b',');
            line.delta(d);
            line.byte(b',');
            line.wad(w);
            line.byte(b',');
            price.set(x);
            line.real(&price);
            line.byte(b'\n');
            push_u64(&mut expected, round * 1_000_003);
            expected.push(b',');
            expected.extend_from_slice(
                b"a role name that is longer than the slack of a line, to make it grow at least once",
            );
            expected.push(b',');
            push_delta(&mut expected, d);
            expected.push(b',');
            push_wad(&mut expected, w);
            expected.push(b',');
            push_f64(&mut expected, x);
            expected.push(b'\n');
        }
        assert_eq!(String::from_utf8_lossy(line.as_bytes()), String::from_utf8_lossy(&expected));
        line.clear();
        assert!(line.as_bytes().is_empty());
    }
}
