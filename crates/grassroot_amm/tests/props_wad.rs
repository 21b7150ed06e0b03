//! Property tests of `Wad` text and JSON forms over every `u128`.

use grassroot_amm::{SCALE, Wad, WadError};
use proptest::prelude::*;

/// Any `u128`, spread over all magnitudes.
fn raw() -> impl Strategy<Value = u128> {
    (0u32..=128, any::<u128>()).prop_map(|(bits, v)| if bits == 128 { v } else { v & ((1u128 << bits) - 1) })
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
