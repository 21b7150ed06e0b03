//! `ConfigError`: every way loading or reading a configuration can fail, with the key, the
//! value, where it came from and how to fix it.
//!
//! The CLI maps any `ConfigError` to exit code 2. Its `Display` is one line saying what is wrong,
//! optionally followed by a second line, indented, starting with `fix:`.

use std::fmt;

use crate::origin::Origin;

/// The category of a [`ConfigError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A key that no [`crate::Schema`] entry knows (in TOML, flags, replayed pairs, or a near
    /// miss in `.env`).
    UnknownKey,
    /// The same key twice where that is ambiguous (e.g. `total_steps` and `TOTAL_STEPS` in one
    /// TOML file).
    DuplicateKey,
    /// A file could not be read.
    Io,
    /// A file is not well-formed (`.env` line, TOML syntax, a table where a value belongs).
    Malformed,
    /// The value has the wrong type (text where a number belongs, a fraction for a whole
    /// number, an empty value, ...).
    WrongType,
    /// The value is negative where only non-negative values are allowed.
    Negative,
    /// The value is zero where it must be at least 1.
    Zero,
    /// The value is outside the allowed range.
    OutOfRange,
    /// The value has more than 18 decimals.
    TooManyDecimals,
    /// The value (or a sum of values) does not fit in a 128-bit amount or a 64-bit count.
    Overflow,
    /// The value is finer than the key's resolution (e.g. `FEE_RATE` not a multiple of
    /// 0.000001).
    Precision,
    /// The value is not one of the allowed names.
    NotAChoice,
    /// A group of values does not sum as required (role shares to exactly 1, pie shares to at
    /// most 1).
    BadSum,
    /// The schema itself is invalid, or a getter was used with a key or type the schema does
    /// not have. A programming error rather than a user error.
    Schema,
    /// The `config` crate reported an error while merging the layers.
    Merge,
}

/// An error loading, validating or reading configuration.
///
/// Every part that is known is filled in: the key (`FEE_RATE`), the offending value as given,
/// where it came from, what is wrong and what is allowed (`problem`), and how to fix it (`fix`).
/// Boxed, so that `Result<_, ConfigError>` stays one pointer wide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(Box<ErrorDetail>);

/// The parts of a [`ConfigError`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// The category of the error.
    pub kind: ErrorKind,
    /// The key concerned, upper case (as in `.env`), or as the user wrote it for an unknown
    /// key. `None` for file-level errors.
    pub key: Option<String>,
    /// The value as given. `None` when there is no single value.
    pub value: Option<String>,
    /// Where the value or the problem came from. `None` when not tied to one place.
    pub origin: Option<Origin>,
    /// What is wrong and what is allowed, e.g. `is out of range: allowed 0 <= FEE_RATE < 1`.
    pub problem: String,
    /// How to fix it, e.g. `change the --set flag to an allowed value, e.g. --set FEE_RATE=0.003`.
    pub fix: Option<String>,
}

impl ConfigError {
    /// A new error with only a kind and a problem; add the rest with the `with_*` methods.
    pub fn new(kind: ErrorKind, problem: impl Into<String>) -> Self {
        Self(Box::new(ErrorDetail { kind, key: None, value: None, origin: None, problem: problem.into(), fix: None }))
    }

    /// Sets the key.
    #[must_use]
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.0.key = Some(key.into());
        self
    }

    /// Sets the value as given.
    #[must_use]
    pub fn with_value(mut self, value: impl Into<String>) -> Self {
        self.0.value = Some(value.into());
        self
    }

    /// Sets where the value came from.
    #[must_use]
    pub fn with_origin(mut self, origin: Origin) -> Self {
        self.0.origin = Some(origin);
        self
    }

    /// Replaces the problem text.
    #[must_use]
    pub fn with_problem(mut self, problem: impl Into<String>) -> Self {
        self.0.problem = problem.into();
        self
    }

    /// Sets the suggested fix.
    #[must_use]
    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.0.fix = Some(fix.into());
        self
    }

    /// All parts of the error.
    pub fn detail(&self) -> &ErrorDetail {
        &self.0
    }

    /// The error category.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The key concerned, if any.
    pub fn key(&self) -> Option<&str> {
        self.0.key.as_deref()
    }

    /// The value as given, if any.
    pub fn value(&self) -> Option<&str> {
        self.0.value.as_deref()
    }

    /// Where the value or problem came from, if known.
    pub fn origin(&self) -> Option<&Origin> {
        self.0.origin.as_ref()
    }

    /// What is wrong and what is allowed.
    pub fn problem(&self) -> &str {
        &self.0.problem
    }

    /// How to fix it, if known.
    pub fn fix(&self) -> Option<&str> {
        self.0.fix.as_deref()
    }
}

/// Renders a user-supplied value for a one-line message: quoted when empty, padded or
/// containing control characters, and cut after 80 characters.
pub(crate) fn show_value(value: &str) -> String {
    const MAX: usize = 80;
    let cut: String = value.chars().take(MAX).collect();
    let cut = if value.chars().count() > MAX { format!("{cut}...") } else { cut };
    let needs_quotes =
        value.is_empty() || value.trim() != value || value.chars().any(char::is_control) || value.contains('"');
    if needs_quotes { format!("{cut:?}") } else { cut }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &*self.0;
        match (&d.key, &d.value, &d.origin) {
            (Some(key), Some(value), Some(origin)) => {
                write!(f, "{key} = {} (from {origin}) {}", show_value(value), d.problem)?;
            }
            (Some(key), Some(value), None) => write!(f, "{key} = {} {}", show_value(value), d.problem)?,
            (Some(key), None, Some(origin)) => write!(f, "{key} (from {origin}) {}", d.problem)?,
            (Some(key), None, None) => write!(f, "{key}: {}", d.problem)?,
            (None, Some(value), Some(origin)) => write!(f, "{origin} {}: {}", show_value(value), d.problem)?,
            (None, None, Some(origin)) => write!(f, "{origin}: {}", d.problem)?,
            (None, _, None) => write!(f, "{}", d.problem)?,
        }
        if let Some(fix) = &d.fix {
            write!(f, "\n  fix: {fix}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_one_line_plus_fix() {
        let e = ConfigError::new(ErrorKind::OutOfRange, "is out of range: allowed 0 <= FEE_RATE < 1")
            .with_key("FEE_RATE")
            .with_value("1.5")
            .with_origin(Origin::Flag { flag: "--set".into() })
            .with_fix("use e.g. FEE_RATE=0.003");
        assert_eq!(
            e.to_string(),
            "FEE_RATE = 1.5 (from flag --set) is out of range: allowed 0 <= FEE_RATE < 1\n  fix: use e.g. FEE_RATE=0.003"
        );
    }

    #[test]
    fn odd_values_are_quoted() {
        assert_eq!(show_value(""), "\"\"");
        assert_eq!(show_value(" 1"), "\" 1\"");
        assert_eq!(show_value("abc"), "abc");
        assert!(show_value(&"x".repeat(200)).ends_with("..."));
    }
}
