//! `SweepError`: why a sweep or a merge did not run or did not finish, with the exit code each
//! cause maps to (2 bad input, 1 failed, 130 interrupted).

use std::fmt;

use grassroot_config::ConfigError;
use grassroot_report::ReportError;

/// Why a sweep or a merge stopped.
#[derive(Debug)]
#[non_exhaustive]
pub enum SweepError {
    /// Bad input (the `[sweep]` table, a flag, a shard folder): nothing was written. Exit code 2.
    BadInput {
        /// What is wrong, naming the key or flag and the value.
        problem: String,
        /// How to fix it, if there is a clear way.
        fix: Option<String>,
    },
    /// Bad parameters, every one of them with its parts (key, value, origin, what is allowed,
    /// fix). Exit code 2.
    Config(ConfigError),
    /// The outputs could not be written. Exit code 1.
    Report(ReportError),
    /// Stopped by the user (Ctrl-C); nothing was written. Exit code 130.
    Interrupted,
}

impl SweepError {
    /// A bad-input error.
    pub fn bad(problem: impl Into<String>) -> SweepError {
        SweepError::BadInput { problem: problem.into(), fix: None }
    }

    /// The same error with a fix (bad input only; other errors are returned unchanged).
    #[must_use]
    pub fn with_fix(self, fix: impl Into<String>) -> SweepError {
        match self {
            SweepError::BadInput { problem, .. } => SweepError::BadInput { problem, fix: Some(fix.into()) },
            other => other,
        }
    }

    /// An output folder that cannot be claimed: bad input when the folder the user chose
    /// cannot be used as it is ([`ReportError::is_bad_input`]), else the error itself (75 in
    /// use, 1 an I/O failure).
    pub fn from_folder(e: ReportError) -> SweepError {
        if e.is_bad_input() { SweepError::bad(e.to_string()) } else { SweepError::Report(e) }
    }

    /// True for bad input (exit code 2).
    pub fn is_bad_input(&self) -> bool {
        matches!(self, SweepError::BadInput { .. } | SweepError::Config(_))
    }

    /// The process exit code for this error: 2 bad input, 1 failed, 75 output folder in use,
    /// 130 interrupted.
    pub fn exit_code(&self) -> u8 {
        match self {
            SweepError::BadInput { .. } | SweepError::Config(_) => 2,
            SweepError::Report(grassroot_report::ReportError::FolderInUse { .. }) => {
                grassroot_report::folder::EXIT_IN_USE
            }
            SweepError::Report(_) => 1,
            SweepError::Interrupted => 130,
        }
    }
}

impl fmt::Display for SweepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SweepError::BadInput { problem, fix } => {
                f.write_str(problem)?;
                if let Some(fix) = fix {
                    write!(f, "\n  fix: {fix}")?;
                }
                Ok(())
            }
            SweepError::Config(e) => e.fmt(f),
            SweepError::Report(e) => e.fmt(f),
            SweepError::Interrupted => f.write_str("interrupted: no sweep outputs were written"),
        }
    }
}

impl std::error::Error for SweepError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SweepError::Report(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ReportError> for SweepError {
    fn from(e: ReportError) -> Self {
        SweepError::Report(e)
    }
}

impl From<ConfigError> for SweepError {
    /// Configuration errors are bad input, kept whole.
    fn from(e: ConfigError) -> Self {
        SweepError::Config(e)
    }
}
