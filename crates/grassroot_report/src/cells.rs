//! CSV cells without floats or allocation: exact decimals for amounts, shortest round-trip
//! form for real numbers, plain digits for counts.

use grassroot_amm::Wad;
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
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
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
}
