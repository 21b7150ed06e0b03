//! Errors of the report layer: every one names the path and what was being done.

use std::fmt;
use std::path::{Path, PathBuf};

/// Why an output could not be written.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReportError {
    /// An I/O operation on a path failed.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What was being done, e.g. "write".
        action: &'static str,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The output folder exists and is not a folder.
    NotADirectory(PathBuf),
    /// The plot could not be drawn.
    Plot(String),
    /// A manifest (`run.json`, `sweep.json`) that cannot be used.
    Manifest {
        /// The manifest.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
        /// What to do.
        fix: String,
    },
    /// A table's rows cannot be written as its Arrow types (an amount too large for
    /// `Decimal128(38, 18)`, a column that changes kind).
    Table {
        /// The file being written.
        path: PathBuf,
        /// What is wrong.
        error: crate::arrow::TableError,
    },
    /// Another process holds the output folder ([`crate::folder::OutputFolder`]).
    FolderInUse {
        /// The folder.
        dir: PathBuf,
        /// The holder's process id, when the lock file says.
        pid: Option<u32>,
    },
}

impl ReportError {
    /// Rows of `path` that cannot be written as its table's types.
    pub fn table(path: &Path, error: crate::arrow::TableError) -> ReportError {
        ReportError::Table { path: path.to_owned(), error }
    }

    /// An I/O error on `path` while doing `action`.
    pub fn io(path: &Path, action: &'static str, source: std::io::Error) -> ReportError {
        ReportError::Io { path: path.to_owned(), action, source }
    }
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportError::Io { path, action, source } => {
                write!(f, "cannot {action} '{}': {source}", path.display())
            }
            ReportError::NotADirectory(p) => {
                write!(f, "OUTPUT_DIR '{}' is a file, not a folder: choose another path with --out", p.display())
            }
            ReportError::Plot(msg) => write!(f, "cannot draw the plot: {msg}"),
            ReportError::Table { path, error } => write!(f, "cannot write '{}': {error}", path.display()),
            ReportError::Manifest { path, message, fix } => write!(f, "'{}': {message}: {fix}", path.display()),
            ReportError::FolderInUse { dir, pid } => {
                let by =
                    pid.map_or_else(|| "another grassroot process".to_owned(), |p| format!("grassroot process {p}"));
                write!(
                    f,
                    "output folder '{}' is in use by {by}: nothing was written; wait for it to finish, or choose \
                     another folder with --out",
                    dir.display()
                )
            }
        }
    }
}

impl std::error::Error for ReportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReportError::Io { source, .. } => Some(source),
            ReportError::Table { error, .. } => Some(error),
            _ => None,
        }
    }
}
