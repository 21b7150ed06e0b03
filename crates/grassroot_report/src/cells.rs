//! CSV cells without floats or allocation: exact decimals for amounts, shortest round-trip
//! form for real numbers, plain digits for counts; [`Line`], a row buffer for hot loops; and
//! [`RowBuf`] with [`Cells`], rows written in place for the hottest one, the transaction log.
//! Every CSV file grassroot writes (a run's, a sweep's, a merge's) takes its cells from here.
//!
//! **An amount always carries a decimal point** (`900.0`, `0.0`, `-0.5`): its text is the
//! pointed text of [`Wad::pointed`], whose rule lives in `grassroot_amm`'s `decimal` module
//! and nowhere else. Readers that infer a column's type from its text (`pl.read_csv`,
//! `pd.read_csv`, DuckDB) then read every amount column as decimals or floats, whatever its
//! first rows hold, with no options; a count (`step`, `agent_id`, `agents_*`, `trades`) is
//! plain digits and reads as an integer. For an exact read of the amounts, DuckDB's
//! `DECIMAL(38,18)` reads this text exactly (a float column rounds to about 16 digits).
//!
//! The digits are not made here: every amount's and count's text is `grassroot_amm`'s
//! ([`Wad::write_pointed_to`], [`DecimalText::write_whole`], eight digits at a time). What is
//! here is about rows: where a text lands, and copying the text of an amount just written
//! instead of making it again ([`Cells::amount`]).

use grassroot_amm::{DecimalSlot, DecimalText, Wad};
use grassroot_sim::{Delta, Value};

/// Appends an exact decimal amount, with its point (`900.0`; see the module documentation).
#[inline]
pub fn push_wad(out: &mut Vec<u8>, w: Wad) {
    out.extend_from_slice(w.pointed().as_bytes());
}

/// Appends a signed change (`-` for a debit; zero is `0.0`).
#[inline]
pub fn push_delta(out: &mut Vec<u8>, d: Delta) {
    if d.debit && !d.amount.is_zero() {
        out.push(b'-');
    }
    push_wad(out, d.amount);
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

    /// Appends an exact amount, as [`push_wad`] does.
    #[inline]
    pub fn wad(&mut self, w: Wad) {
        self.slot(|slot| w.write_pointed_to(slot));
    }

    /// Appends a count.
    #[inline]
    pub fn count(&mut self, n: u64) {
        self.slot(|slot| write_count(n, slot));
    }

    /// Appends a signed change (`-` for a debit; zero is `0.0`), as [`push_delta`] does.
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

/// Writes a count at the start of `out`; returns its length: [`DecimalText::write_whole`],
/// for the log's cells.
#[inline]
pub fn write_count(n: u64, out: &mut DecimalSlot) -> usize {
    DecimalText::write_whole(n, out)
}

/// Rows written in place: a buffer zeroed once, whose rows are written straight at its end by
/// [`Cells`], with room for a whole row past it; so a row costs one check of room and no copy.
///
/// It also remembers, for each of up to [`RowBuf::COLUMNS`] amount columns, the last amount
/// written in it and where its text is ([`Cells::amount`]): in the transaction log many of the
/// amounts that are not zero repeat one just written (every member of a role gets the same
/// Pie share and sells it at once), and copying a text costs a fraction of making it.
#[derive(Clone, Debug, Default)]
pub struct RowBuf {
    buf: Vec<u8>,
    len: usize,
    last: [Recent; RowBuf::COLUMNS],
}

/// An amount written in a [`RowBuf`] and where its text is (`raw` 0: none).
#[derive(Clone, Copy, Debug, Default)]
struct Recent {
    raw: u128,
    at: u32,
    len: u32,
}

impl RowBuf {
    /// The amount columns whose last amount a buffer remembers.
    pub const COLUMNS: usize = 8;

    /// An empty buffer with room for `bytes` before it grows.
    pub fn with_capacity(bytes: usize) -> RowBuf {
        RowBuf { buf: vec![0; bytes], len: 0, last: Default::default() }
    }

    /// The rows so far.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Bytes written so far.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True if nothing was written since the last [`RowBuf::clear`].
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Forgets the rows, keeping the buffer.
    #[inline]
    pub fn clear(&mut self) {
        self.len = 0;
        self.last = Default::default();
    }

    /// Appends bytes of any length.
    pub fn extend(&mut self, bytes: &[u8]) {
        self.room(bytes.len());
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    /// Makes room for `n` more bytes past the end (the buffer grows, zeroed, only if needed).
    #[inline]
    pub fn room(&mut self, n: usize) {
        if self.len + n > self.buf.len() {
            self.buf.resize((self.len + n).max(2 * self.buf.len()), 0);
        }
    }

    /// A writer of cells at the end of the rows; at most the room made by [`RowBuf::room`]
    /// may be written (beyond it, cells are dropped), and [`Cells::end`] keeps what was.
    #[inline]
    pub fn cells(&mut self) -> Cells<'_> {
        let at = self.len;
        Cells { buf: &mut self.buf, end: &mut self.len, last: &mut self.last, at }
    }
}

/// Cells written in place at the end of a [`RowBuf`] (see [`RowBuf::cells`]).
#[derive(Debug)]
pub struct Cells<'a> {
    buf: &'a mut [u8],
    end: &'a mut usize,
    last: &'a mut [Recent; RowBuf::COLUMNS],
    at: usize,
}

impl Cells<'_> {
    /// Appends one byte, e.g. a separator.
    #[inline]
    pub fn byte(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.at) {
            *slot = b;
            self.at += 1;
        }
    }

    /// Appends a [`ShortText`] (one fixed-size copy of 32 bytes).
    #[inline]
    pub fn short(&mut self, text: &ShortText) {
        if let Some(slot) = self.buf.get_mut(self.at..self.at + SHORT) {
            slot.copy_from_slice(&text.buf);
            self.at += usize::from(text.len);
        }
    }

    /// Lets `write` fill the slot at the end and keeps the bytes it reports.
    #[inline]
    fn slot(&mut self, write: impl FnOnce(&mut DecimalSlot) -> usize) -> usize {
        if let Some(slot) = self.buf.get_mut(self.at..self.at + DecimalText::CAPACITY)
            && let Ok(slot) = <&mut DecimalSlot>::try_from(slot)
        {
            let len = write(slot).min(DecimalText::CAPACITY);
            self.at += len;
            return len;
        }
        0
    }

    /// Appends an exact amount, as [`push_wad`] does; zero at once.
    #[inline]
    pub fn wad(&mut self, w: Wad) {
        if w.is_zero() {
            self.zero();
        } else {
            self.slot(|slot| w.write_pointed_to(slot));
        }
    }

    /// Appends the amount zero ([`DecimalText::POINTED_ZERO`]) with one fixed-size copy.
    #[inline]
    fn zero(&mut self) {
        if let Some(slot) = self.buf.get_mut(self.at..self.at + DecimalText::POINTED_ZERO.len()) {
            slot.copy_from_slice(DecimalText::POINTED_ZERO);
            self.at += DecimalText::POINTED_ZERO.len();
        }
    }

    /// Appends the exact amount `w` of column `column`: zero at once, the text of the last
    /// amount written in `column` or in `other` copied if it is the same, else made. Columns
    /// are below [`RowBuf::COLUMNS`]; the text is the one [`Cells::wad`] writes.
    #[inline]
    pub fn amount(&mut self, column: usize, other: usize, w: Wad) {
        let raw = w.raw();
        if raw == 0 {
            self.zero();
            return;
        }
        let (Some(&mine), Some(&theirs)) = (self.last.get(column), self.last.get(other)) else {
            self.wad(w);
            return;
        };
        let seen = if mine.raw == raw {
            mine
        } else if theirs.raw == raw {
            theirs
        } else {
            let at = self.at;
            let len = self.slot(|slot| w.write_pointed_to(slot));
            if let Some(last) = self.last.get_mut(column) {
                *last = Recent { raw, at: at as u32, len: len as u32 };
            }
            return;
        };
        let from = seen.at as usize;
        if self.at + DecimalText::CAPACITY <= self.buf.len() {
            self.buf.copy_within(from..from + DecimalText::CAPACITY, self.at);
            if let Some(last) = self.last.get_mut(column) {
                *last = Recent { raw, at: self.at as u32, len: seen.len };
            }
            self.at += seen.len as usize;
        } else {
            self.wad(w);
        }
    }

    /// Appends a signed change of column `column` (`-` for a debit; zero is `0.0`), as
    /// [`push_delta`] does, through [`Cells::amount`].
    #[inline]
    pub fn delta_amount(&mut self, column: usize, other: usize, d: Delta) {
        if d.debit && !d.amount.is_zero() {
            self.byte(b'-');
        }
        self.amount(column, other, d.amount);
    }

    /// Appends a signed change (`-` for a debit; zero is `0.0`), as [`push_delta`] does.
    #[inline]
    pub fn delta(&mut self, d: Delta) {
        if d.debit && !d.amount.is_zero() {
            self.byte(b'-');
        }
        self.wad(d.amount);
    }

    /// Appends a count.
    #[inline]
    pub fn count(&mut self, n: u64) {
        self.slot(|slot| write_count(n, slot));
    }

    /// Appends a real number as [`push_f64`] does, from a [`Real`] formatted once.
    #[inline]
    pub fn real(&mut self, r: &Real) {
        if let Some(slot) = self.buf.get_mut(self.at..self.at + r.buf.len()) {
            slot.copy_from_slice(&r.buf);
            self.at += r.len;
        }
    }

    /// Ends the row (or the cells) written: they become part of the buffer's rows.
    #[inline]
    pub fn end(self) {
        *self.end = self.at;
    }
}

/// The fixed size of a [`ShortText`].
const SHORT: usize = 32;

/// A text of at most 32 bytes kept in 32, so that it is copied with one fixed-size copy.
#[derive(Clone, Copy, Debug)]
pub struct ShortText {
    buf: [u8; SHORT],
    len: u8,
}

impl ShortText {
    /// `text`, if it has at most 32 bytes.
    pub fn new(text: &[u8]) -> Option<ShortText> {
        let mut buf = [0; SHORT];
        buf.get_mut(..text.len())?.copy_from_slice(text);
        Some(ShortText { buf, len: text.len() as u8 })
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
        assert_eq!(cell(|o| push_delta(o, Delta::debit(Wad::ZERO))), "0.0");
        assert_eq!(cell(|o| push_delta(o, Delta::credit(Wad::from_tokens(90)))), "90.0");
        assert_eq!(cell(|o| push_delta(o, Delta::debit(Wad::from_tokens(90)))), "-90.0");
        assert_eq!(cell(|o| push_wad(o, Wad::ZERO)), "0.0");
        assert_eq!(cell(|o| push_value(o, Value::Wad(Wad::from_tokens(900)))), "900.0");
        assert_eq!(cell(|o| push_f64(o, 0.5)), "0.5");
        assert_eq!(cell(|o| push_f64(o, f64::NAN)), "");
        assert_eq!(cell(|o| push_value(o, Value::Int(4000))), "4000");
        assert_eq!(cell(|o| push_text(o, "a,b")), "\"a,b\"");
        assert_eq!(cell(|o| push_text(o, "say \"hi\"")), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn cells_in_place_match_the_cell_functions() {
        // Each amount twice in its column and once in the other: made, then copied.
        let scale = grassroot_amm::SCALE;
        let raws = [0, 1, scale, scale + 1, 99_999_999 * scale + 5, 100_000_000 * scale, u128::MAX, 0, 1];
        let mut rows = RowBuf::with_capacity(16);
        let mut expected = Vec::new();
        for (i, &raw) in raws.iter().enumerate() {
            let w = Wad::from_raw(raw);
            let n = raw as u64;
            rows.room(4 * DecimalText::CAPACITY + 8);
            let mut cells = rows.cells();
            cells.amount(0, 1, w);
            cells.byte(b',');
            cells.amount(0, 1, w);
            cells.byte(b',');
            cells.amount(1, 0, w);
            cells.byte(b',');
            cells.delta(if i % 2 == 0 { Delta::debit(w) } else { Delta::credit(w) });
            cells.byte(b',');
            cells.count(n);
            cells.byte(b'\n');
            cells.end();
            for _ in 0..3 {
                push_wad(&mut expected, w);
                expected.push(b',');
            }
            push_delta(&mut expected, if i % 2 == 0 { Delta::debit(w) } else { Delta::credit(w) });
            expected.push(b',');
            push_u64(&mut expected, n);
            expected.push(b'\n');
        }
        assert_eq!(String::from_utf8_lossy(rows.as_bytes()), String::from_utf8_lossy(&expected));
        for n in [0, 1, 9, 10, 99_999_999, 100_000_000, 123_456_789_012, u64::MAX] {
            let mut slot = [0; DecimalText::CAPACITY];
            let len = write_count(n, &mut slot);
            assert_eq!(String::from_utf8_lossy(&slot[..len]), n.to_string());
        }
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
