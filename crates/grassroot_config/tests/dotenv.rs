//! The `.env` layer: quotes, comments, `export`, malformed lines with their line number, and
//! unknown keys (ignored unless a near miss of a known key).

use std::path::{Path, PathBuf};

use grassroot_config::{ErrorKind, Schema, Settings, Sources, load, parse_dotenv};

fn write(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join(".env");
    std::fs::write(&path, text).expect("write .env");
    path
}

fn load_env(text: &str) -> (Result<Settings, grassroot_config::ConfigError>, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), text);
    (load(&Schema::seed(), &Sources { dotenv: Some(path.clone()), ..Sources::default() }), path, dir)
}

#[test]
fn quotes_comments_and_export() {
    let text = "\
# a comment line
   # an indented comment

export TOTAL_STEPS=300
OUTPUT_DIR=\"my runs/first\"   # inline comment after a quoted value
DEGEN_USER_PIE_USE='SELL'
FEE_RATE = 0.001 # inline comment
export  PLOT=off
RUST_LOG=debug
PATH=/usr/bin
";
    let (s, _, _dir) = load_env(text);
    let s = s.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.get_u64("TOTAL_STEPS").ok(), Some(300));
    assert_eq!(s.get_path("OUTPUT_DIR").ok(), Some(Path::new("my runs/first")));
    assert_eq!(s.get_choice("DEGEN_USER_PIE_USE").ok(), Some("sell"));
    assert_eq!(s.get_ppm("FEE_RATE").ok(), Some(1000));
    assert_eq!(s.get_bool("PLOT").ok(), Some(false));
}

#[test]
fn parser_unquotes_and_unescapes() {
    let got = parse_dotenv("A=\"x \\\"y\\\" \\\\ z\"\nB='a \\n b'\nC=\n", Path::new(".env"))
        .unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(&str, &str, usize)> = got.iter().map(|e| (e.key.as_str(), e.value.as_str(), e.line)).collect();
    assert_eq!(got, [("A", "x \"y\" \\ z", 1), ("B", "a \\n b", 2), ("C", "", 3)]);
}

#[test]
fn malformed_line_names_file_and_line_number() {
    let (r, path, _dir) = load_env("TOTAL_STEPS=10\n# fine\n\nthis line has no equals sign\n");
    let e = r.expect_err("malformed .env must fail");
    assert_eq!(e.kind(), ErrorKind::Malformed);
    let msg = e.to_string();
    assert!(msg.starts_with(&format!("{} line 4: expected KEY=VALUE", path.display())), "{msg}");
}

#[test]
fn unterminated_quote_is_malformed() {
    let (r, path, _dir) = load_env("A=1\nOUTPUT_DIR=\"never closed\n");
    let msg = r.expect_err("must fail").to_string();
    assert!(msg.starts_with(&format!("{} line 2: unterminated double quote", path.display())), "{msg}");
}

#[test]
fn near_miss_key_is_an_error_with_did_you_mean() {
    let (r, path, _dir) = load_env("TOTL_STEPS=10\n");
    let e = r.expect_err("near miss must fail");
    assert_eq!(e.kind(), ErrorKind::UnknownKey);
    assert_eq!(
        e.to_string(),
        format!(
            "TOTL_STEPS = 10 (from {0} line 1) is not a known key; did you mean TOTAL_STEPS?\n  fix: edit {0} line 1: rename TOTL_STEPS to TOTAL_STEPS",
            path.display()
        )
    );
}

#[test]
fn far_unknown_keys_are_ignored_and_lower_case_keys_are_read() {
    let (s, _, _dir) = load_env("EDITOR=vim\nSOMETHING_ELSE=1\nseed=9\n");
    assert_eq!(s.unwrap_or_else(|e| panic!("{e}")).get_u64("SEED").ok(), Some(9));
}

#[test]
fn bad_value_names_the_line() {
    let (r, path, _dir) = load_env("\n\nFEE_RATE=1.5\n");
    let msg = r.expect_err("must fail").to_string();
    assert!(msg.starts_with(&format!("FEE_RATE = 1.5 (from {} line 3) is out of range", path.display())), "{msg}");
    assert!(
        msg.contains(&format!("fix: edit {} line 3 to an allowed value, e.g. FEE_RATE=0.003", path.display())),
        "{msg}"
    );
}
