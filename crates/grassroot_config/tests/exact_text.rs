//! Values as the user wrote them, in every layer (#23, class 5): a TOML float is taken from its
//! text, never through `f64`; text that is not UTF-8 is refused naming the key, not skipped for
//! the default; keys that differ only in case are one key, refused when one table or Python
//! argument names it twice; a `.env` file may start with a byte order mark.

use std::path::PathBuf;

use grassroot_amm::Wad;
use grassroot_config::{ConfigError, ErrorKind, Schema, Settings, Sources, TomlFile, TomlValue, load};

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

fn file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn toml(text: &str) -> Result<Settings, ConfigError> {
    let d = dir();
    let path = file(&d, "run.toml", text.as_bytes());
    load(&Schema::seed(), &Sources { config_file: Some(path), ..Sources::default() })
}

#[test]
fn a_toml_float_amount_is_taken_from_its_text() {
    let s = toml("degen_user_initial_xdai = 1234567890123456789.5\n").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.get_wad("DEGEN_USER_INITIAL_XDAI").ok(), Wad::parse("1234567890123456789.5").ok());
    // Exponents are shifted exactly; a whole float is a whole number.
    let s = toml("fee_rate = 3e-3\ntotal_steps = 2000.0\ndegen_user_initial_ddt = 1_5.25E2\n")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.get_ppm("FEE_RATE").ok(), Some(3000));
    assert_eq!(s.get_u64("TOTAL_STEPS").ok(), Some(2000));
    assert_eq!(s.get_wad("DEGEN_USER_INITIAL_DDT").ok(), Wad::parse("1525").ok());
}

#[test]
fn a_toml_float_with_more_decimals_than_an_amount_is_refused_as_a_flag_is() {
    let e = toml("degen_user_initial_xdai = 0.1234567890123456789\n").err().map(|e| e.kind());
    assert_eq!(e, Some(ErrorKind::TooManyDecimals));
}

#[test]
fn a_toml_float_that_f64_would_round_away_is_refused() {
    let e = toml("fee_rate = 1e-500\n").expect_err("1e-500 would be 0 as an f64");
    assert!(e.to_string().contains("1e-500"), "{e}");
    // The parsed value keeps the exact text beside the f64.
    let f = TomlFile::parse("x = 0.1000\n", "t.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(f.entries()[0].1.value, TomlValue::Float { value: 0.1, text: "0.1".to_owned() });
}

#[test]
fn an_environment_value_that_is_not_utf8_is_refused_naming_the_key() {
    let sources = Sources { env_not_unicode: vec!["OUTPUT_DIR".into(), "HOME".into()], ..Sources::default() };
    let e = load(&Schema::seed(), &sources).expect_err("OUTPUT_DIR is not UTF-8");
    assert_eq!((e.kind(), e.key()), (ErrorKind::Malformed, Some("OUTPUT_DIR")));
    assert!(e.to_string().contains("environment variable OUTPUT_DIR"), "{e}");
    // A variable that is no key of grassroot's is not read, so not refused.
    let sources = Sources { env_not_unicode: vec!["HOME".into()], ..Sources::default() };
    assert!(load(&Schema::seed(), &sources).is_ok());
}

#[test]
fn a_dotenv_line_that_is_not_utf8_is_refused_naming_key_and_line() {
    let d = dir();
    let path = file(&d, ".env", b"TOTAL_STEPS=5\n# \xe9t\xe9\nexport OUTPUT_DIR=\xff\n");
    let e = load(&Schema::seed(), &Sources { dotenv: Some(path), ..Sources::default() }).expect_err("not UTF-8");
    // The first line that is not UTF-8 is the comment on line 2: it has no key.
    assert_eq!(e.kind(), ErrorKind::Malformed);
    assert!(e.to_string().contains(".env line 2"), "{e}");
    let path = file(&d, ".env", b"TOTAL_STEPS=5\nexport OUTPUT_DIR=\xff\n");
    let e = load(&Schema::seed(), &Sources { dotenv: Some(path), ..Sources::default() }).expect_err("not UTF-8");
    assert_eq!(e.key(), Some("OUTPUT_DIR"));
    assert!(e.to_string().contains(".env line 2"), "{e}");
}

#[test]
fn a_dotenv_file_may_start_with_a_byte_order_mark() {
    let d = dir();
    let path = file(&d, ".env", "\u{feff}TOTAL_STEPS=5\n".as_bytes());
    let s =
        load(&Schema::seed(), &Sources { dotenv: Some(path), ..Sources::default() }).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.get_u64("TOTAL_STEPS").ok(), Some(5));
}

#[test]
fn keys_in_two_cases_in_one_toml_table_are_refused() {
    let e = toml("fee_rate = 0.001\nFEE_RATE = 0.002\n").expect_err("two cases");
    assert_eq!(e.kind(), ErrorKind::DuplicateKey);
    let e = TomlFile::parse("[sweep]\nfee_rate = [0.001]\nFee_Rate = [0.002]\n", "s.toml").expect_err("two cases");
    assert!(e.to_string().contains("is set twice in the [sweep] table of s.toml"), "{e}");
}

#[test]
fn keys_in_two_cases_in_one_python_argument_are_refused() {
    let python = [("params", "fee_rate", "0.001"), ("params", "FEE_RATE", "0.002")]
        .map(|(a, k, v)| (a.to_owned(), k.to_owned(), v.to_owned()))
        .to_vec();
    let e = load(&Schema::seed(), &Sources { python, ..Sources::default() }).expect_err("two cases");
    assert_eq!(e.kind(), ErrorKind::DuplicateKey);
    assert!(e.to_string().contains("the Python argument params"), "{e}");
}
