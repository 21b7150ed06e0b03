//! The one reader of TOML files: a `--config FILE.toml` is read and parsed here, once per
//! process, into a [`TomlFile`] — every value with the line it is on. [`crate::load`] takes the
//! run's settings from its top-level keys (the TOML layer); the sweep takes its `[sweep]` table
//! from the same parsed file ([`TomlFile::sweep_table`], via [`crate::load_with_file`]).
//!
//! **Why not the `config` crate's `File` source.** `config` parses TOML with the `toml` crate's
//! `DeTable` too, but keeps no spans: its values only say which file they came from. To name
//! the line of every value ([`Origin::TomlFile`]) this module calls the same parser itself and
//! hands the values to `config` as one more layer, like `.env` (see `merge.rs`). It converts
//! values exactly as `config` did (integers to `i64`, floats through `f64`, datetimes as text),
//! so the same file gives the same settings and the same syntax errors.
//!
//! Keys are checked against the schema (lower-case key names; upper case is accepted too) and
//! values turned into text. TOML values may be strings, integers, floats or booleans. A float
//! is taken from its text, never through `f64`: `initial_ddt = 1234567890123456789.5` is that
//! amount exactly, `0.1234567890123456789` is refused for its 19 decimals as a flag is, and an
//! exponent is shifted exactly (`1.5e3` is `1500`; `2000.0` is `2000`). A float whose exact
//! decimal would run past [`MAX_FLOAT_DIGITS`] digits (`1e-400`, which `f64` rounds to 0) is
//! refused with its line. A `[sweep]` table is skipped when
//! [`crate::Sources::allow_sweep_table`] is set (the sweep reads it from the [`TomlFile`]) and
//! is an error otherwise.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use crate::error::{ConfigError, ErrorKind};
use crate::excerpt::excerpt;
use crate::key_case::{repeated_key, repeated_key_error, same_key};
use crate::origin::Origin;
use crate::schema::Schema;
use crate::settings::example;
use crate::sources::{Assignment, utf8_lines};
use crate::suggest::{nearest, suggestion_limit};

/// The name of the table a sweep definition lives in.
pub const SWEEP_TABLE: &str = "sweep";

/// The most digits a TOML float's exact decimal text may have (far beyond any key's range:
/// the largest amount has 39 digits before the point and 18 after).
pub const MAX_FLOAT_DIGITS: usize = 400;

/// A value of a TOML file and the 1-based line its key is on.
#[derive(Clone, Debug, PartialEq)]
pub struct TomlItem {
    /// The value.
    pub value: TomlValue,
    /// 1-based line of its key (of the value itself inside an array).
    pub line: usize,
}

/// A TOML value, owned.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum TomlValue {
    /// A string.
    String(String),
    /// An integer (TOML integers are 64-bit signed).
    Integer(i64),
    /// A float: its value as `f64` and the exact decimal its text means (`1.5e3` is
    /// `"1500"`; `"inf"`, `"-inf"` or `"NaN"` when it is not finite), which settings take.
    Float {
        /// The nearest `f64`.
        value: f64,
        /// The exact decimal text.
        text: String,
    },
    /// A boolean.
    Boolean(bool),
    /// A date and/or time, as written.
    Datetime(String),
    /// An array.
    Array(Vec<TomlItem>),
    /// A table, sorted by key.
    Table(Vec<(String, TomlItem)>),
}

impl TomlValue {
    /// The text a setting takes from a scalar value (as the `config` crate converts it);
    /// `None` for arrays and tables.
    pub fn setting_text(&self) -> Option<String> {
        Some(match self {
            Self::Boolean(b) => b.to_string(),
            Self::Integer(n) => n.to_string(),
            Self::String(s) | Self::Datetime(s) | Self::Float { text: s, .. } => s.clone(),
            Self::Table(_) | Self::Array(_) => return None,
        })
    }
}

impl fmt::Display for TomlValue {
    /// The value in TOML syntax (inline arrays and tables), for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::String(s) => write!(f, "{s:?}"),
            Self::Integer(n) => write!(f, "{n}"),
            Self::Float { value, .. } if value.is_nan() => f.write_str("nan"),
            Self::Float { value, .. } if value.is_infinite() => f.write_str(if *value > 0.0 { "inf" } else { "-inf" }),
            Self::Float { text, .. } if !text.contains('.') => write!(f, "{text}.0"),
            Self::Float { text, .. } => f.write_str(text),
            Self::Boolean(b) => write!(f, "{b}"),
            Self::Datetime(d) => f.write_str(d),
            Self::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}", item.value)?;
                }
                f.write_str("]")
            }
            Self::Table(entries) => {
                f.write_str("{ ")?;
                for (i, (key, item)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{key} = {}", item.value)?;
                }
                f.write_str(" }")
            }
        }
    }
}

/// A parsed TOML file: its path and its top-level keys, sorted, each with its value and line.
#[derive(Clone, Debug, PartialEq)]
pub struct TomlFile {
    path: PathBuf,
    entries: Vec<(String, TomlItem)>,
}

impl TomlFile {
    /// Reads and parses the TOML file at `path`, which must be UTF-8 (a byte order mark at its
    /// start is skipped).
    pub fn read(path: &Path) -> Result<TomlFile, ConfigError> {
        let bytes = std::fs::read(path).map_err(|e| {
            ConfigError::new(ErrorKind::Io, format!("cannot be read: {e}"))
                .with_origin(Origin::TomlFile { path: path.to_owned(), line: None })
                .with_fix("check the path of the TOML file (--config FILE, or config= in Python)")
        })?;
        let text = utf8_lines(bytes, &|line| Origin::toml(path.to_owned(), line))?;
        TomlFile::parse(text.strip_prefix('\u{feff}').unwrap_or(&text), path)
    }

    /// Parses TOML `text`; `path` names the file in origins and errors.
    pub fn parse(text: &str, path: impl Into<PathBuf>) -> Result<TomlFile, ConfigError> {
        let path = path.into();
        let malformed = |cause: String| {
            ConfigError::new(ErrorKind::Malformed, format!("is not valid TOML: {}", one_line(&cause)))
                .with_origin(Origin::TomlFile { path: path.clone(), line: None })
                .with_fix("fix the TOML syntax; settings are flat `key = value` lines, e.g. total_steps = 2000")
        };
        let table = DeTable::parse(text).map_err(|e| malformed(e.to_string()))?.into_inner();
        let lines = Lines::new(text);
        let entries = table_entries(table, &lines).map_err(malformed)?;
        refuse_repeated_keys(&entries, &path, None)?;
        Ok(TomlFile { path, entries })
    }

    /// The file's path as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The top-level keys (sorted) with their values and lines.
    pub fn entries(&self) -> &[(String, TomlItem)] {
        &self.entries
    }

    /// The `[sweep]` table (the key `sweep` in any case) as written, if there is one; its
    /// value is whatever the file holds under that key (a table, unless the file is wrong).
    pub fn sweep_table(&self) -> Option<&TomlItem> {
        self.entries.iter().find(|(k, _)| same_key(k, SWEEP_TABLE)).map(|(_, item)| item)
    }

    /// The origin of a value of this file at `line`.
    pub fn origin(&self, line: usize) -> Origin {
        Origin::toml(self.path.clone(), line)
    }
}

/// Refuses a table of the file (the top level, `[sweep]`, a range) that names a key twice in
/// two cases ([`repeated_key`]); `table` is the table's name, `None` at the top level.
fn refuse_repeated_keys(entries: &[(String, TomlItem)], path: &Path, table: Option<&str>) -> Result<(), ConfigError> {
    if let Some((first, again)) = repeated_key(entries.iter().map(|(k, _)| k.as_str())) {
        let where_ = match table {
            None => path.display().to_string(),
            Some(t) => format!("the [{t}] table of {}", path.display()),
        };
        let origin = Origin::toml(path.to_owned(), entries[again].1.line);
        return Err(repeated_key_error(&entries[first].0, &entries[again].0, &where_, origin));
    }
    for (key, item) in entries {
        if let TomlValue::Table(inner) = &item.value {
            refuse_repeated_keys(inner, path, Some(key))?;
        }
    }
    Ok(())
}

/// Byte offsets of the starts of lines, to turn a span into a line number.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    /// The 1-based line of byte `offset`.
    fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset).max(1)
    }
}

/// A table's entries, sorted by key, converted as the `config` crate converts them.
fn table_entries(table: DeTable<'_>, lines: &Lines) -> Result<Vec<(String, TomlItem)>, String> {
    let mut out = Vec::with_capacity(table.len());
    for (key, value) in table {
        let line = lines.of(key.span().start);
        let value = convert(value.into_inner(), lines)?;
        out.push((key.into_inner().into_owned(), TomlItem { value, line }));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// One value; the errors are those the `config` crate gives for the same input.
fn convert(value: DeValue<'_>, lines: &Lines) -> Result<TomlValue, String> {
    Ok(match value {
        DeValue::String(s) => TomlValue::String(s.into_owned()),
        DeValue::Float(x) => {
            let float = x.as_str().parse::<f64>().map_err(|e| e.to_string())?;
            if float.is_infinite() && !x.as_str().contains("inf") {
                return Err("floating-point number overflowed".to_owned());
            }
            let text = if float.is_finite() {
                exact_decimal(x.as_str()).ok_or_else(|| {
                    format!(
                        "the number {} has more than {MAX_FLOAT_DIGITS} digits written out: grassroot takes numbers \
                         exactly, and as a float it would be rounded (write it as a string if you mean it)",
                        x.as_str()
                    )
                })?
            } else {
                float.to_string()
            };
            TomlValue::Float { value: float, text }
        }
        DeValue::Integer(n) => {
            TomlValue::Integer(i64::from_str_radix(n.as_str(), n.radix()).map_err(|e| e.to_string())?)
        }
        DeValue::Boolean(b) => TomlValue::Boolean(b),
        DeValue::Datetime(d) => TomlValue::Datetime(d.to_string()),
        DeValue::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let line = lines.of(item.span().start);
                out.push(TomlItem { value: convert(item.into_inner(), lines)?, line });
            }
            TomlValue::Array(out)
        }
        DeValue::Table(table) => TomlValue::Table(table_entries(table, lines)?),
    })
}

/// The exact decimal a finite TOML float's text means, exponent shifted, without `_`, `+`,
/// leading zeros or trailing fractional zeros (`"1_000.50"` is `"1000.5"`, `"-2.5E-3"` is
/// `"-0.0025"`); `None` when it would have more than [`MAX_FLOAT_DIGITS`] digits.
fn exact_decimal(literal: &str) -> Option<String> {
    let literal: String = literal.chars().filter(|&c| c != '_').collect();
    let (negative, unsigned) = match literal.as_bytes().first() {
        Some(b'-') => (true, &literal[1..]),
        Some(b'+') => (false, &literal[1..]),
        _ => (false, literal.as_str()),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // The point sits after `point` digits (it may be outside them: padded with zeros).
    let point = i64::try_from(whole.len()).ok()?.checked_add(exponent)?;
    let first = digits.iter().position(|&d| d != b'0');
    let Some(first) = first else { return Some(if negative { "-0" } else { "0" }.to_owned()) };
    let last = digits.iter().rposition(|&d| d != b'0').unwrap_or(first);
    let (first_i, last_i) = (i64::try_from(first).ok()?, i64::try_from(last).ok()?);
    let span = point.max(last_i + 1).checked_sub(point.min(first_i))?;
    if span > MAX_FLOAT_DIGITS as i64 {
        return None;
    }
    let digit = |i: i64| usize::try_from(i).ok().and_then(|i| digits.get(i)).map_or('0', |&d| char::from(d));
    let mut out = String::with_capacity(span as usize + 3);
    if negative {
        out.push('-');
    }
    if point <= first_i {
        out.push('0');
    } else {
        (first_i..point).for_each(|i| out.push(digit(i)));
    }
    if last_i >= point {
        out.push('.');
        (point..=last_i).for_each(|i| out.push(digit(i)));
    }
    Some(out)
}

/// The TOML layer: the top-level keys of `file` checked against `schema`, values as text.
pub(crate) fn layer(schema: &Schema, file: &TomlFile, allow_sweep: bool) -> Result<Vec<Assignment>, ConfigError> {
    let whole = Origin::TomlFile { path: file.path.clone(), line: None };
    // Sorted, so that the first error reported does not depend on the file's order.
    let table: BTreeMap<&str, &TomlItem> = file.entries.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut out: Vec<Assignment> = Vec::new();
    for (name, item) in table {
        let origin = file.origin(item.line);
        if same_key(name, SWEEP_TABLE) {
            if allow_sweep {
                continue;
            }
            return Err(ConfigError::new(
                ErrorKind::UnknownKey,
                "is a [sweep] table, which only the sweep command reads",
            )
            .with_key(name)
            .with_fix(format!("remove the [sweep] table from {whole}, or run the sweep command"))
            .with_origin(origin));
        }
        let Some(spec) = schema.spec(name) else {
            return Err(unknown_key(schema, name, &item.value, &whole).with_origin(origin));
        };
        let text = item.value.setting_text().ok_or_else(|| {
            ConfigError::new(
                ErrorKind::WrongType,
                format!(
                    "is a table or array: settings are single values, allowed {}",
                    spec.kind.allowed(&spec.toml_key())
                ),
            )
            .with_key(name)
            .with_value("(a table or array)")
            .with_fix(format!("write it as a single value in {origin}, e.g. {}", example(spec, &origin)))
            .with_origin(origin.clone())
        })?;
        out.push(Assignment { key: spec.key.clone(), written: name.to_owned(), text, origin });
    }
    Ok(out)
}

fn unknown_key(schema: &Schema, name: &str, value: &TomlValue, whole: &Origin) -> ConfigError {
    let shown = value.setting_text().unwrap_or_else(|| "(a table or array)".to_owned());
    let near = nearest(name, schema.keys()).filter(|(_, d)| *d <= suggestion_limit(name));
    let err = ConfigError::new(ErrorKind::UnknownKey, "").with_key(excerpt(name)).with_value(shown);
    match near {
        Some((known, _)) => {
            let known = known.to_ascii_lowercase();
            err.with_problem(format!("is not a known key; did you mean {known}?"))
                .with_fix(format!("rename {} to {known} in {whole}", excerpt(name)))
        }
        None => err.with_problem("is not a known key").with_fix(format!(
            "remove it from {whole}; env.example lists every key (write them in lower case in TOML)"
        )),
    }
}

/// Joins the TOML parser's multi-line message (header, source excerpt with a caret, reason)
/// into one line that quotes the offending source line.
fn one_line(message: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let mut source = None;
    for line in message.lines().map(str::trim) {
        if let Some((number, text)) = line.split_once(" | ")
            && number.bytes().all(|b| b.is_ascii_digit())
        {
            source = Some(text);
        } else if !line.is_empty() && !line.starts_with('|') {
            parts.push(line);
        }
    }
    let mut out = parts.join(": ");
    if let Some(text) = source {
        out.push_str(&format!(" (the line reads `{}`)", excerpt(text)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, allow_sweep: bool) -> Result<Vec<Assignment>, ConfigError> {
        layer(&Schema::seed(), &TomlFile::parse(text, "t.toml")?, allow_sweep)
    }

    #[test]
    fn scalars_become_text_with_their_lines() {
        let text = "total_steps = 10\nfee_rate = 0.001\n\ntx_log = false\noutput_dir = 'out'\n";
        let got: Vec<(String, String, Origin)> = match parse(text, false) {
            Ok(v) => v.into_iter().map(|a| (a.key, a.text, a.origin)).collect(),
            Err(e) => panic!("{e}"),
        };
        let want =
            [("FEE_RATE", "0.001", 2), ("OUTPUT_DIR", "out", 5), ("TOTAL_STEPS", "10", 1), ("TX_LOG", "false", 4)];
        let want: Vec<(String, String, Origin)> =
            want.iter().map(|(k, v, l)| ((*k).to_owned(), (*v).to_owned(), Origin::toml("t.toml", *l))).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn syntax_errors_are_one_line() {
        match parse("total_steps = = 3\n", false) {
            Ok(v) => panic!("parsed {v:?}"),
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::Malformed);
                assert!(e.problem().contains("line 1"), "{e}");
                assert!(!e.problem().contains('\n'), "{e}");
            }
        }
    }

    #[test]
    fn sweep_table_only_when_allowed_and_kept_with_lines() {
        let text = "seed = 1\n[sweep]\nseed = [1, 2]\n";
        assert!(parse(text, true).is_ok());
        assert!(parse(text, false).is_err());
        let file = TomlFile::parse(text, "t.toml").unwrap_or_else(|e| panic!("{e}"));
        let Some(TomlItem { value: TomlValue::Table(sweep), .. }) = file.sweep_table() else {
            panic!("no [sweep] table in {file:?}")
        };
        assert_eq!(sweep.len(), 1);
        assert_eq!((sweep[0].0.as_str(), sweep[0].1.line), ("seed", 3));
        assert_eq!(sweep[0].1.value.to_string(), "[1, 2]");
    }

    #[test]
    fn out_of_range_numbers_are_errors_as_config_gave_them() {
        let Err(e) = TomlFile::parse("[sweep]\nseed = 9223372036854775808\n", "t.toml") else { panic!("parsed") };
        assert!(e.to_string().contains("number too large to fit in target type"), "{e}");
    }
}
