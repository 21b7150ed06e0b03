//! Property tests of `Wad` text and JSON forms over every `u128`.

use grassroot_amm::{DecimalText, SCALE, Wad, WadError};
use proptest::prelude::*;

/// Any `u128`, spread over all magnitudes.
fn raw() -> impl Strategy<Value = u128> {
    (0u32..=128, any::<u128>()).prop_map(|(bits, v)| if bits == 128 { v } else { v & ((1u128 << bits) - 1) })
}

/// The text of `raw` base units by the simplest means: integer part and the fraction padded to
/// 18 digits by `format!`, trailing zeros trimmed, no point for a whole amount.
fn reference_text(raw: u128) -> String {
    let (int, frac) = (raw / SCALE, raw % SCALE);
    if frac == 0 {
        return format!("{int}");
    }
    let frac = format!("{frac:018}");
    format!("{int}.{}", frac.trim_end_matches('0'))
}

/// Amounts at the edges of the writer's paths (0, one unit, one token, `u64::MAX`, 10^8 tokens,
/// 10^16 tokens, `u128::MAX`) and their neighbours.
fn edge() -> impl Strategy<Value = u128> {
    let edges = [
        0,
        1,
        SCALE,
        u128::from(u64::MAX),
        100_000_000 * SCALE,
        10_000_000_000_000_000 * SCALE,
        10_000_000_000_000_000_000 * SCALE,
        u128::MAX,
    ];
    (prop::sample::select(edges.to_vec()), -3i128..=3).prop_map(|(e, d)| e.saturating_add_signed(d))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn display_parse_round_trip(v in raw()) {
        let w = Wad::from_raw(v);
        let text = w.to_string();
        prop_assert_eq!(Wad::parse(&text), Ok(w));
        prop_assert!(!text.ends_with('.'));
        if text.contains('.') {
            prop_assert!(!text.ends_with('0'), "trailing zero in {}", text);
        }
        let mut buf = Vec::new();
        w.write_decimal(&mut buf);
        prop_assert_eq!(buf, text.as_bytes());
        // Integer part and fraction are the quotient and remainder by 1e18.
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        prop_assert_eq!(int.parse::<u128>().ok(), Some(v / SCALE));
        prop_assert!(frac.len() <= 18);
    }

    #[test]
    fn text_is_the_reference_text(v in prop_oneof![raw(), edge(), any::<u128>()]) {
        let w = Wad::from_raw(v);
        let expected = reference_text(v);
        let mut slot = [0; DecimalText::CAPACITY];
        let len = w.write_to(&mut slot);
        prop_assert_eq!(std::str::from_utf8(&slot[..len]).ok(), Some(expected.as_str()));
        prop_assert_eq!(w.decimal().as_str().to_owned(), expected.clone());
        prop_assert_eq!(w.to_string(), expected);
        let n = (v >> (v % 64)) as u64;
        prop_assert_eq!(DecimalText::whole(n).as_str().to_owned(), n.to_string());
    }

    #[test]
    fn pointed_text_is_the_text_with_a_point_and_parses_back(v in prop_oneof![raw(), edge(), any::<u128>()]) {
        let w = Wad::from_raw(v);
        let plain = reference_text(v);
        let expected = if plain.contains('.') { plain } else { format!("{plain}.0") };
        let mut slot = [0; DecimalText::CAPACITY];
        let len = w.write_pointed_to(&mut slot);
        prop_assert_eq!(std::str::from_utf8(&slot[..len]).ok(), Some(expected.as_str()));
        prop_assert_eq!(w.pointed().as_str().to_owned(), expected.clone());
        prop_assert_eq!(Wad::parse(&expected), Ok(w));
    }

    #[test]
    fn json_round_trip(v in raw()) {
        let w = Wad::from_raw(v);
        let json = serde_json::to_string(&w).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&json, &format!("\"{w}\""));
        let back: Wad = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, w);
    }

    #[test]
    fn negative_is_rejected(v in raw()) {
        let text = format!("-{}", Wad::from_raw(v));
        prop_assert_eq!(Wad::parse(&text), Err(WadError::Negative(text.clone())));
    }

    #[test]
    fn more_than_18_decimals_is_rejected(int in any::<u64>(), frac in "[0-9]{19,40}") {
        let text = format!("{int}.{frac}");
        prop_assert_eq!(Wad::parse(&text), Err(WadError::TooManyDecimals(text.clone())));
    }

    #[test]
    fn garbage_is_rejected(text in "[0-9]{0,4}[a-zA-Z+,;:!/][0-9a-z. ]{0,4}[0-9]") {
        prop_assert_eq!(Wad::parse(&text), Err(WadError::Invalid(text.trim().to_owned())));
    }

    #[test]
    fn overflow_is_rejected(v in (u128::MAX / SCALE + 1)..=u128::MAX, frac in "(\\.[0-9]{1,18})?") {
        let text = format!("{v}{frac}");
        prop_assert_eq!(Wad::parse(&text), Err(WadError::Overflow(text.clone())));
    }

    #[test]
    fn any_text_never_panics(text in "\\PC{0,48}") {
        let _ = Wad::parse(&text);
    }
}
