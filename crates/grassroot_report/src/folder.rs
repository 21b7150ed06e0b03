//! One process per output folder: [`OutputFolder::claim`] takes an exclusive advisory lock on
//! `<folder>/.grassroot.lock` and, holding it, removes the temporary files that an earlier,
//! killed process left there.
//!
//! The lock is `flock(2)` through the standard library's `File::try_lock` (no crate needed):
//! the operating system releases it when the process ends, however it ends (SIGKILL, the OOM
//! killer, a lost node's job being requeued), so a stale lock never blocks a folder. A second
//! process aimed at a held folder gets [`ReportError::FolderInUse`] at once, with the holder's
//! pid read from the lock file, and changes nothing in the folder. The lock file itself stays
//! (an empty-looking hidden file holding the last holder's pid); it is not an output.
//!
//! A process that only reads a folder (`merge` reading its shards) takes a shared lock with
//! [`ReadGuard::share`], so no writer can start there while it reads.
//!
//! Advisory means that grassroot's own processes respect it; a network file system without
//! `flock` support may not enforce it across machines (NFS does since Linux 2.6.12).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::atomic::is_own_temporary;
use crate::error::ReportError;

/// The lock file's name in an output folder.
pub const LOCK_FILE: &str = ".grassroot.lock";

/// The exit code of a process refused because another holds its output folder (75,
/// `EX_TEMPFAIL` of sysexits.h: a temporary failure, try again later).
pub const EXIT_IN_USE: u8 = 75;

/// An output folder this process holds; the lock is released when it is dropped.
#[derive(Debug)]
pub struct OutputFolder {
    dir: PathBuf,
    _lock: File,
    removed: Vec<String>,
}

impl OutputFolder {
    /// Creates `dir` if needed, locks it for this process, and removes the temporary files of
    /// `outputs` (file names such as `run.json`) that a dead process left behind. Only names of
    /// grassroot's own making go ([`is_own_temporary`]); every other file is left alone.
    pub fn claim(dir: &Path, outputs: &[&str]) -> Result<OutputFolder, ReportError> {
        if dir.exists() && !dir.is_dir() {
            return Err(ReportError::NotADirectory(dir.to_owned()));
        }
        std::fs::create_dir_all(dir).map_err(|e| ReportError::io(dir, "create the output folder", e))?;
        let path = dir.join(LOCK_FILE);
        let mut lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| ReportError::io(&path, "create the lock file", e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(ReportError::FolderInUse { dir: dir.to_owned(), pid: holder(&mut lock) });
            }
            Err(TryLockError::Error(e)) => return Err(ReportError::io(&path, "lock", e)),
        }
        let pid = format!("{}\n", std::process::id());
        lock.set_len(0)
            .and_then(|()| lock.seek(SeekFrom::Start(0)))
            .and_then(|_| lock.write_all(pid.as_bytes()))
            .map_err(|e| ReportError::io(&path, "write the pid into", e))?;
        let removed = remove_temporaries(dir, outputs)?;
        if !removed.is_empty() {
            tracing::info!(folder = %dir.display(), files = ?removed, "removed the temporary files of an earlier run that did not finish");
        }
        Ok(OutputFolder { dir: dir.to_owned(), _lock: lock, removed })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The stale temporary files that [`OutputFolder::claim`] removed.
    pub fn removed(&self) -> &[String] {
        &self.removed
    }
}

/// A folder this process reads, held against writers: a shared lock on its lock file, so a
/// run, sweep or merge cannot start writing into it until the guard is dropped. Readers do not
/// exclude each other, and nothing in the folder is written (a read-only copy of a shard works).
#[derive(Debug)]
pub struct ReadGuard {
    _lock: Option<File>,
}

impl ReadGuard {
    /// Takes a shared lock on `dir` if it has a lock file; a folder that a process is writing
    /// now is [`ReportError::FolderInUse`]. A folder without a lock file (never written by this
    /// grassroot, or copied without it) needs no lock: no grassroot process is writing it.
    pub fn share(dir: &Path) -> Result<ReadGuard, ReportError> {
        let path = dir.join(LOCK_FILE);
        let mut lock = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ReadGuard { _lock: None }),
            Err(e) => return Err(ReportError::io(&path, "open the lock file", e)),
        };
        match lock.try_lock_shared() {
            Ok(()) => Ok(ReadGuard { _lock: Some(lock) }),
            Err(TryLockError::WouldBlock) => {
                Err(ReportError::FolderInUse { dir: dir.to_owned(), pid: holder(&mut lock) })
            }
            Err(TryLockError::Error(e)) => Err(ReportError::io(&path, "lock", e)),
        }
    }
}

/// The pid written by the process that holds the lock, if it can be read.
fn holder(lock: &mut File) -> Option<u32> {
    let mut text = String::new();
    lock.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

/// Removes `dir`'s temporary files of `outputs`; returns their names, sorted.
fn remove_temporaries(dir: &Path, outputs: &[&str]) -> Result<Vec<String>, ReportError> {
    let entries = std::fs::read_dir(dir).map_err(|e| ReportError::io(dir, "list the output folder", e))?;
    let mut removed = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| ReportError::io(dir, "list the output folder", e))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !is_own_temporary(name, outputs) {
            continue;
        }
        let path = entry.path();
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(name.to_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(ReportError::io(&path, "remove the stale temporary file", e)),
        }
    }
    removed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_folder_is_refused_with_the_holders_pid_and_freed_on_drop() -> Result<(), ReportError> {
        let tmp = tempfile::tempdir().map_err(|e| ReportError::io(Path::new("."), "create", e))?;
        let dir = tmp.path().join("out");
        let first = OutputFolder::claim(&dir, &["run.json"])?;
        let err = OutputFolder::claim(&dir, &["run.json"]).expect_err("the folder is held");
        match &err {
            ReportError::FolderInUse { dir: d, pid } => {
                assert_eq!(d, &dir);
                assert_eq!(*pid, Some(std::process::id()));
            }
            other => panic!("expected FolderInUse, got {other:?}"),
        }
        assert!(err.to_string().contains(&dir.display().to_string()), "{err}");
        drop(first);
        let again = OutputFolder::claim(&dir, &["run.json"])?;
        assert_eq!(again.path(), dir);
        Ok(())
    }

    #[test]
    fn readers_share_a_folder_and_exclude_a_writer() -> Result<(), ReportError> {
        let tmp = tempfile::tempdir().map_err(|e| ReportError::io(Path::new("."), "create", e))?;
        let dir = tmp.path();
        let unlocked = ReadGuard::share(dir)?; // no lock file yet: nothing to hold
        drop(unlocked);
        drop(OutputFolder::claim(dir, &[])?);
        let a = ReadGuard::share(dir)?;
        let b = ReadGuard::share(dir)?;
        let err = OutputFolder::claim(dir, &[]).expect_err("read by two");
        assert!(matches!(err, ReportError::FolderInUse { .. }), "{err:?}");
        drop((a, b));
        let writer = OutputFolder::claim(dir, &[])?;
        let err = ReadGuard::share(dir).expect_err("being written");
        assert!(matches!(err, ReportError::FolderInUse { pid: Some(p), .. } if p == std::process::id()), "{err:?}");
        drop(writer);
        Ok(())
    }

    #[test]
    fn only_own_temporaries_are_removed() -> Result<(), ReportError> {
        let tmp = tempfile::tempdir().map_err(|e| ReportError::io(Path::new("."), "create", e))?;
        let dir = tmp.path();
        let keep = ["run.json", ".run.json.tmp", ".notes.abcdef.tmp", "mine.txt"];
        let stale = [".run.json.a1B2c3.tmp", ".simulation_data.csv.zzzzzz.tmp"];
        for name in keep.iter().chain(&stale) {
            std::fs::write(dir.join(name), b"x").map_err(|e| ReportError::io(dir, "write", e))?;
        }
        let folder = OutputFolder::claim(dir, &["run.json", "simulation_data.csv"])?;
        assert_eq!(folder.removed(), [".run.json.a1B2c3.tmp", ".simulation_data.csv.zzzzzz.tmp"]);
        for name in keep {
            assert!(dir.join(name).exists(), "{name} was removed");
        }
        Ok(())
    }

    #[test]
    fn a_file_where_the_folder_should_be_is_refused() -> Result<(), ReportError> {
        let tmp = tempfile::tempdir().map_err(|e| ReportError::io(Path::new("."), "create", e))?;
        let file = tmp.path().join("out");
        std::fs::write(&file, b"x").map_err(|e| ReportError::io(&file, "write", e))?;
        let err = OutputFolder::claim(&file, &[]).expect_err("a file");
        assert!(matches!(err, ReportError::NotADirectory(_)), "{err:?}");
        Ok(())
    }
}
