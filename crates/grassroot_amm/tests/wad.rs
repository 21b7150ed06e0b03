//! `Wad` examples: exact parsing, shortest display, JSON as a string.

use grassroot_amm::{SCALE, Wad, WadError};

#[test]
fn parses_exactly() -> Result<(), WadError> {
    assert_eq!(Wad::parse("100")?.raw(), 100 * SCALE);
    assert_eq!(Wad::parse("0.1")?.raw(), 100_000_000_000_000_000);
    assert_eq!(Wad::parse("0.000000000000000001")?.raw(), 1);
    assert_eq!(Wad::parse("340282366920938463463.374607431768211455")?, Wad::MAX);
    assert_eq!(Wad::parse(" 1_000.5 ")?.raw(), 1_000 * SCALE + SCALE / 2);
    assert_eq!(Wad::parse(".5")?.raw(), SCALE / 2);
    assert_eq!(Wad::parse("5.")?.raw(), 5 * SCALE);
    assert_eq!(Wad::parse("0")?, Wad::ZERO);
    assert_eq!("2.25".parse::<Wad>()?.raw(), 2_250_000_000_000_000_000);
    Ok(())
}

#[test]
fn displays_without_trailing_zeros() -> Result<(), WadError> {
    assert_eq!(Wad::from_tokens(100).to_string(), "100");
    assert_eq!(Wad::parse("1.500")?.to_string(), "1.5");
    assert_eq!(Wad::parse("0.10")?.to_string(), "0.1");
    assert_eq!(Wad::from_raw(1).to_string(), "0.000000000000000001");
    assert_eq!(Wad::ZERO.to_string(), "0");
    assert_eq!(Wad::MAX.to_string(), "340282366920938463463.374607431768211455");
    assert_eq!(format!("{:>6}", Wad::parse("1.5")?), "   1.5");
    assert_eq!(format!("{:?}", Wad::ONE), "Wad(1)");
    let mut out = Vec::new();
    Wad::parse("12.034")?.write_decimal(&mut out);
    assert_eq!(out, b"12.034");
    Ok(())
}

#[test]
fn rejects_bad_text() {
    assert_eq!(Wad::parse(""), Err(WadError::Empty));
    assert_eq!(Wad::parse("  "), Err(WadError::Empty));
    assert_eq!(Wad::parse("-1"), Err(WadError::Negative("-1".into())));
    assert_eq!(Wad::parse("0.0000000000000000001"), Err(WadError::TooManyDecimals("0.0000000000000000001".into())));
    for bad in ["abc", "1e18", "+1", "1.2.3", ".", "_1", "1_", "1._5", "0x10", "1,5", "NaN"] {
        assert_eq!(Wad::parse(bad), Err(WadError::Invalid(bad.into())), "{bad}");
    }
    let too_big = "340282366920938463463.374607431768211456";
    assert_eq!(Wad::parse(too_big), Err(WadError::Overflow(too_big.into())));
    assert!(matches!(Wad::parse("340282366920938463464"), Err(WadError::Overflow(_))));
}

#[test]
fn arithmetic_is_checked() -> Result<(), WadError> {
    let a = Wad::parse("0.1")?;
    let b = Wad::parse("0.2")?;
    assert_eq!(a.checked_add(b)?.to_string(), "0.3");
    assert_eq!(a.checked_sub(b), Err(WadError::SubUnderflow(a, b)));
    assert_eq!(Wad::MAX.checked_add(Wad::from_raw(1)), Err(WadError::AddOverflow(Wad::MAX, Wad::from_raw(1))));
    assert_eq!(Wad::from_tokens(10).mul_frac(Wad::parse("0.25")?)?, Wad::parse("2.5")?);
    assert_eq!(Wad::from_raw(10).mul_div(1, 3)?.raw(), 3);
    assert_eq!(Wad::from_raw(10).mul_div_up(1, 3)?.raw(), 4);
    assert!(Wad::from_raw(1).mul_div(1, 0).is_err());
    assert!(Wad::MAX.mul_div(2, 1).is_err());
    assert_eq!(Wad::parse("1.5")?.to_f64(), 1.5);
    Ok(())
}

#[test]
fn serde_json_round_trip_as_string() -> Result<(), serde_json::Error> {
    let w = Wad::from_raw(123_456_789_000_000_000_001);
    let json = serde_json::to_string(&w)?;
    assert_eq!(json, "\"123.456789000000000001\"");
    assert_eq!(serde_json::from_str::<Wad>(&json)?, w);
    assert_eq!(serde_json::to_string(&Wad::MAX)?, "\"340282366920938463463.374607431768211455\"");
    assert_eq!(
        serde_json::from_str::<Vec<Wad>>("[\"0.1\",\"5\"]")?,
        vec![Wad::from_raw(SCALE / 10), Wad::from_tokens(5)]
    );
    assert!(serde_json::from_str::<Wad>("\"-1\"").is_err());
    assert!(serde_json::from_str::<Wad>("\"0.0000000000000000001\"").is_err());
    Ok(())
}
