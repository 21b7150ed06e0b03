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
    /// The output folder holds files under the names of grassroot's outputs that no manifest
    /// of an earlier grassroot process there records: the user's own, which are not touched.
    ForeignFiles {
        /// The folder.
        dir: PathBuf,
        /// The files' names, sorted.
        files: Vec<String>,
    },
    /// Something other than a regular file (a symbolic link, a folder) is where the folder's
    /// lock file belongs ([`crate::folder::LOCK_FILE`]).
    NotALockFile(PathBuf),
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

    /// True when the output folder the user chose cannot be used as it is — a file, a folder
    /// holding other files under grassroot's output names, a lock file that is not one, a
    /// folder this user may not create — and nothing was touched: bad input (exit code 2).
    /// Any other failure, a full disk among them, is not the input's fault (exit code 1).
    pub fn is_bad_input(&self) -> bool {
        use std::io::ErrorKind;
        match self {
            ReportError::NotADirectory(_) | ReportError::ForeignFiles { .. } | ReportError::NotALockFile(_) => true,
            ReportError::Io { action, source, .. } => {
                *action == "create the output folder"
                    && matches!(
                        source.kind(),
                        ErrorKind::PermissionDenied
                            | ErrorKind::NotFound
                            | ErrorKind::ReadOnlyFilesystem
                            | ErrorKind::NotADirectory
                            | ErrorKind::InvalidFilename
                    )
            }
            _ => false,
        }
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
            ReportError::ForeignFiles { dir, files } => write!(
                f,
                "output folder '{}' holds {} that no earlier grassroot run there wrote, under the names of its \
                 outputs: {}; nothing was touched: move {} elsewhere, or choose another folder with --out",
                dir.display(),
                if files.len() == 1 { "a file" } else { "files" },
                files.join(", "),
                if files.len() == 1 { "it" } else { "them" }
            ),
            ReportError::NotALockFile(path) => write!(
                f,
                "'{}' is not a regular file (a symbolic link, a folder or a special file), so it is not grassroot's \
                 lock file and is not opened; nothing was touched: remove it, or choose another folder with --out",
                path.display()
            ),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_a_failure_and_a_folder_the_user_may_not_create_is_bad_input() {
        let io = |action, kind: std::io::ErrorKind| ReportError::io(Path::new("out"), action, kind.into());
        use std::io::ErrorKind::{PermissionDenied, StorageFull};
        assert!(!io("create a temporary file beside", StorageFull).is_bad_input());
        assert!(!io("create the output folder", StorageFull).is_bad_input());
        assert!(!io("remove the stale temporary file", PermissionDenied).is_bad_input());
        assert!(io("create the output folder", PermissionDenied).is_bad_input());
        assert!(ReportError::NotADirectory(PathBuf::from("out")).is_bad_input());
        assert!(!ReportError::FolderInUse { dir: PathBuf::from("out"), pid: None }.is_bad_input());
    }
}
