//! What proves that output files belong together: each file's byte size and BLAKE3 hash,
//! tallied as its bytes are written (never by reading the file back), recorded in `run.json`
//! or `sweep.json`, and checked against the files on disk by [`check_files`].
//!
//! BLAKE3 (the `blake3` crate) rather than SHA-256: it costs a fraction of SHA-256 on one core
//! (see `docs/speed.md`), and [`check_files`] spreads one file over every core.

use std::fmt;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// One output file as its writer saw it: name (relative to the folder), size and hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDigest {
    /// The file's name in its folder.
    pub name: String,
    /// Its length in bytes.
    pub bytes: u64,
    /// The BLAKE3 hash of its contents, 64 lower-case hex digits.
    pub blake3: String,
}

/// A running size and hash of the bytes written so far.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tally {
    hasher: blake3::Hasher,
    bytes: u64,
}

impl Tally {
    /// Counts `bytes` in.
    #[inline]
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
        self.bytes += bytes.len() as u64;
    }

    /// The digest of everything counted, for the file called `name`.
    pub(crate) fn finish(&self, name: &str) -> FileDigest {
        FileDigest { name: name.to_owned(), bytes: self.bytes, blake3: self.hasher.finalize().to_hex().to_string() }
    }
}

/// A writer that tallies every byte it passes on.
#[derive(Debug)]
pub(crate) struct Tallied<W> {
    pub(crate) inner: W,
    pub(crate) tally: Tally,
}

impl<W: Write> Write for Tallied<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.tally.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// What is wrong with one recorded file.
#[derive(Debug)]
#[non_exhaustive]
pub enum FileProblem {
    /// The file is not there.
    Missing {
        /// Its name.
        name: String,
    },
    /// Its length differs: cut short (a copy that did not finish) or grown.
    Size {
        /// Its name.
        name: String,
        /// The recorded length.
        recorded: u64,
        /// The length on disk.
        found: u64,
    },
    /// Same length, other bytes: edited, or another run's file.
    Changed {
        /// Its name.
        name: String,
    },
    /// It cannot be read.
    Unreadable {
        /// Its name.
        name: String,
        /// The operating system's error.
        error: std::io::Error,
    },
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileProblem::Missing { name } => write!(f, "{name}: missing"),
            FileProblem::Size { name, recorded, found } if found < recorded => {
                write!(f, "{name}: truncated: {found} bytes, the manifest records {recorded}")
            }
            FileProblem::Size { name, recorded, found } => {
                write!(f, "{name}: {found} bytes, the manifest records {recorded}")
            }
            FileProblem::Changed { name } => {
                write!(f, "{name}: changed: its contents differ from what the run wrote (BLAKE3 mismatch)")
            }
            FileProblem::Unreadable { name, error } => write!(f, "{name}: cannot be read: {error}"),
        }
    }
}

/// Checks every recorded file in `dir` against its size and hash; returns what differs, in
/// the order of `files` (empty when all match). The size is checked first, so a truncated
/// file costs no hashing.
pub fn check_files(dir: &Path, files: &[FileDigest]) -> Vec<FileProblem> {
    let mut problems = Vec::new();
    for f in files {
        let path = dir.join(&f.name);
        let name = f.name.clone();
        let len = match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => m.len(),
            Ok(_) => {
                problems.push(FileProblem::Unreadable { name, error: std::io::Error::other("not a regular file") });
                continue;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                problems.push(FileProblem::Missing { name });
                continue;
            }
            Err(error) => {
                problems.push(FileProblem::Unreadable { name, error });
                continue;
            }
        };
        if len != f.bytes {
            problems.push(FileProblem::Size { name, recorded: f.bytes, found: len });
            continue;
        }
        match hash_file(&path) {
            Ok(hex) if hex == f.blake3 => {}
            Ok(_) => problems.push(FileProblem::Changed { name }),
            Err(error) => problems.push(FileProblem::Unreadable { name, error }),
        }
    }
    problems
}

/// The BLAKE3 hash of the file at `path`, memory-mapped and hashed on every core.
fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_mmap_rayon(path)?;
    Ok(hasher.finalize().to_hex().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_matches_the_reference_hash_of_known_bytes() {
        // BLAKE3 of the empty input and of "abc", from the BLAKE3 specification's test vectors.
        let empty = Tally::default().finish("e");
        assert_eq!(empty.bytes, 0);
        assert_eq!(empty.blake3, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
        let mut t = Tally::default();
        t.update(b"a");
        t.update(b"bc");
        let abc = t.finish("abc");
        assert_eq!(abc.bytes, 3);
        assert_eq!(abc.blake3, "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85");
    }

    #[test]
    fn check_names_missing_truncated_and_changed_files() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut t = Tally::default();
        t.update(b"a,b\n1,2\n");
        let digest = t.finish("data.csv");
        std::fs::write(dir.path().join("data.csv"), b"a,b\n1,2\n")?;
        assert!(check_files(dir.path(), std::slice::from_ref(&digest)).is_empty());

        std::fs::write(dir.path().join("data.csv"), b"a,b\n1,")?;
        let p = check_files(dir.path(), std::slice::from_ref(&digest));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].to_string(), "data.csv: truncated: 6 bytes, the manifest records 8");

        std::fs::write(dir.path().join("data.csv"), b"a,b\n1,3\n")?;
        let p = check_files(dir.path(), std::slice::from_ref(&digest));
        assert!(matches!(&p[..], [FileProblem::Changed { name }] if name == "data.csv"), "{p:?}");

        std::fs::remove_file(dir.path().join("data.csv"))?;
        let p = check_files(dir.path(), &[digest]);
        assert_eq!(p[0].to_string(), "data.csv: missing");
        Ok(())
    }
}
