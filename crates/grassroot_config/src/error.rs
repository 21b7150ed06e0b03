//! `ConfigError`: every way loading or reading a configuration can fail, with the key, the
//! value, where it came from, what is allowed and how to fix it.
//!
//! One `ConfigError` holds every bad value a validation found (at least one), each as its own
//! [`ErrorDetail`], like pydantic's `ValidationError.errors()`: [`ConfigError::errors`] lists
//! them, [`ConfigError::join`] and [`ConfigError::collect`] gather them. The CLI maps any
//! `ConfigError` to exit code 2. Its `Display` gives each error as one line saying what is
//! wrong, optionally followed by a second line, indented, starting with `fix:`.

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

/// Errors loading, validating or reading configuration: one or more [`ErrorDetail`]s.
///
/// Every part that is known is filled in: the key (`FEE_RATE`), the offending value as given,
/// where it came from, what is wrong (`problem`), what is allowed (`allowed`), and how to fix
/// it (`fix`). The accessors (`key`, `value`, ...) and the `with_*` builders concern the first
/// error; [`ConfigError::errors`] gives all of them. Boxed, so that `Result<_, ConfigError>`
/// stays one pointer wide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(Box<Errors>);

/// The errors of a [`ConfigError`]: never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Errors {
    first: ErrorDetail,
    more: Vec<ErrorDetail>,
}

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
    /// What is allowed, e.g. `0 <= FEE_RATE < 1 in steps of 0.000001 (0.003 = 0.3%)`. `None`
    /// when the error is not about one value's range (a file that cannot be read).
    pub allowed: Option<String>,
    /// How to fix it, e.g. `change the --set flag to an allowed value, e.g. --set FEE_RATE=0.003`.
    pub fix: Option<String>,
}

impl ConfigError {
    /// A new error with only a kind and a problem; add the rest with the `with_*` methods.
    pub fn new(kind: ErrorKind, problem: impl Into<String>) -> Self {
        let first = ErrorDetail {
            kind,
            key: None,
            value: None,
            origin: None,
            problem: problem.into(),
            allowed: None,
            fix: None,
        };
        Self(Box::new(Errors { first, more: Vec::new() }))
    }

    /// This error followed by every error of `other`.
    #[must_use]
    pub fn join(mut self, other: ConfigError) -> Self {
        let Errors { first, more } = *other.0;
        self.0.more.push(first);
        self.0.more.extend(more);
        self
    }

    /// All of `errors` as one error (in order), or `Ok` if there are none: how a validation
    /// reports every bad value rather than the first.
    pub fn collect(errors: impl IntoIterator<Item = ConfigError>) -> Result<(), ConfigError> {
        match errors.into_iter().reduce(ConfigError::join) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every error, in the order found (at least one).
    pub fn errors(&self) -> impl Iterator<Item = &ErrorDetail> {
        std::iter::once(&self.0.first).chain(self.0.more.iter())
    }

    /// How many errors there are (at least 1).
    pub fn len(&self) -> usize {
        1 + self.0.more.len()
    }

    /// Always false: a `ConfigError` holds at least one error.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Sets the key.
    #[must_use]
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.0.first.key = Some(key.into());
        self
    }

    /// Sets the value as given.
    #[must_use]
    pub fn with_value(mut self, value: impl Into<String>) -> Self {
        self.0.first.value = Some(value.into());
        self
    }

    /// Sets where the value came from.
    #[must_use]
    pub fn with_origin(mut self, origin: Origin) -> Self {
        self.0.first.origin = Some(origin);
        self
    }

    /// Replaces the problem text.
    #[must_use]
    pub fn with_problem(mut self, problem: impl Into<String>) -> Self {
        self.0.first.problem = problem.into();
        self
    }

    /// Sets the suggested fix.
    #[must_use]
    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.0.first.fix = Some(fix.into());
        self
    }

    /// Sets what is allowed.
    #[must_use]
    pub fn with_allowed(mut self, allowed: impl Into<String>) -> Self {
        self.0.first.allowed = Some(allowed.into());
        self
    }

    /// All parts of the first error.
    pub fn detail(&self) -> &ErrorDetail {
        &self.0.first
    }

    /// The error category.
    pub fn kind(&self) -> ErrorKind {
        self.0.first.kind
    }

    /// The key concerned, if any.
    pub fn key(&self) -> Option<&str> {
        self.0.first.key.as_deref()
    }

    /// The value as given, if any.
    pub fn value(&self) -> Option<&str> {
        self.0.first.value.as_deref()
    }

    /// Where the value or problem came from, if known.
    pub fn origin(&self) -> Option<&Origin> {
        self.0.first.origin.as_ref()
    }

    /// What is wrong and what is allowed.
    pub fn problem(&self) -> &str {
        &self.0.first.problem
    }

    /// How to fix it, if known.
    pub fn fix(&self) -> Option<&str> {
        self.0.first.fix.as_deref()
    }

    /// What is allowed, if known.
    pub fn allowed(&self) -> Option<&str> {
        self.0.first.allowed.as_deref()
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
    /// Every error, one after another, each on a line of its own (plus its `fix:` line).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.errors().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl fmt::Display for ErrorDetail {
    /// One line saying what is wrong, then an indented `fix:` line if there is a fix.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self;
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
    fn joined_errors_keep_their_parts_and_print_one_after_another() {
        let fee = ConfigError::new(ErrorKind::OutOfRange, "is out of range: allowed 0 <= FEE_RATE < 1")
            .with_key("FEE_RATE")
            .with_value("2")
            .with_allowed("0 <= FEE_RATE < 1");
        let steps = ConfigError::new(ErrorKind::Zero, "must not be zero").with_key("TOTAL_STEPS").with_value("0");
        let both = ConfigError::collect([fee.clone(), steps.clone()]).expect_err("two errors");
        assert_eq!(both.len(), 2);
        let keys: Vec<_> = both.errors().map(|d| d.key.as_deref()).collect();
        assert_eq!(keys, [Some("FEE_RATE"), Some("TOTAL_STEPS")]);
        assert_eq!(both.allowed(), Some("0 <= FEE_RATE < 1"));
        assert_eq!(both.to_string(), format!("{fee}\n{steps}"));
        assert_eq!(ConfigError::collect(Vec::new()), Ok(()));
    }

    #[test]
    fn odd_values_are_quoted() {
        assert_eq!(show_value(""), "\"\"");
        assert_eq!(show_value(" 1"), "\" 1\"");
        assert_eq!(show_value("abc"), "abc");
        assert!(show_value(&"x".repeat(200)).ends_with("..."));
    }
}
