//! One process per output folder: [`OutputFolder::claim`] opens the folder once ([`Dir`]),
//! takes an exclusive advisory lock on `<folder>/.grassroot.lock` and, holding it, removes the
//! temporary files that an earlier, killed process left there; every file of the outputs is
//! then started in that folder ([`OutputFolder::create`]) and put in place by the one
//! publishing routine, [`OutputFolder::publish`] (`publish.rs`).
//!
//! The lock is `flock(2)` through the standard library's `File::try_lock` (no crate needed):
//! the operating system releases it when the process ends, however it ends (SIGKILL, the OOM
//! killer, a lost node's job being requeued), so a stale lock never blocks a folder. A second
//! process aimed at a held folder gets [`ReportError::FolderInUse`] at once, with the holder's
//! pid read from the lock file (when that process still lives), and changes nothing in the
//! folder. The lock file itself stays (an empty-looking hidden file holding the last holder's
//! pid); it is not an output. It is opened without following a symbolic link (`O_NOFOLLOW`),
//! and anything there that is not a regular file is refused ([`ReportError::NotALockFile`]):
//! a link planted under its name would otherwise have grassroot truncate its target.
//!
//! A process that only reads a folder (`merge` reading its shards, `verify`) takes a shared
//! lock with [`ReadGuard::share`], so no writer can start there while it reads.
//!
//! Advisory means that grassroot's own processes respect it; a network file system without
//! `flock` support may not enforce it across machines (NFS does since Linux 2.6.12).

use std::fs::{File, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use crate::atomic::{AtomicFile, Writing, is_own_temporary};
use crate::dir::{Dir, Entry};
use crate::error::ReportError;
use crate::publish::{Earlier, record_name};

/// The lock file's name in an output folder.
pub const LOCK_FILE: &str = ".grassroot.lock";

/// The exit code of a process refused because another holds its output folder (75,
/// `EX_TEMPFAIL` of sysexits.h: a temporary failure, try again later).
pub const EXIT_IN_USE: u8 = 75;

/// An output folder this process holds; the lock is released when it is dropped.
#[derive(Debug)]
pub struct OutputFolder {
    pub(crate) dir: Dir,
    pub(crate) outputs: Vec<String>,
    _lock: File,
    removed: Vec<String>,
}

impl OutputFolder {
    /// Creates `dir` if needed, opens and locks it for this process, and removes the
    /// temporary files of `outputs` (file names such as `run.json`, the manifest last) that a
    /// dead process left behind. Only names of grassroot's own making go
    /// ([`is_own_temporary`]); every other file is left alone.
    ///
    /// A folder that holds a file under one of `outputs`' names that its manifest does not
    /// record (the user's own `simulation_data.csv`, say) is refused before anything is
    /// touched: [`ReportError::ForeignFiles`], naming them.
    pub fn claim(dir: &Path, outputs: &[&str]) -> Result<OutputFolder, ReportError> {
        if dir.exists() && !dir.is_dir() {
            return Err(ReportError::NotADirectory(dir.to_owned()));
        }
        std::fs::create_dir_all(dir).map_err(|e| ReportError::io(dir, "create the output folder", e))?;
        let handle = Dir::open(dir)?;
        let outputs: Vec<String> = outputs.iter().map(|s| (*s).to_owned()).collect();
        // Looked at before the lock file is made, so a refused folder is not touched at all,
        // and again under the lock, which no other grassroot process then changes.
        Earlier::read(&handle, &outputs)?.refuse_foreign(&handle)?;
        let mut lock = open_lock(&handle, true)?.ok_or_else(|| ReportError::NotALockFile(handle.join(LOCK_FILE)))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(ReportError::FolderInUse { dir: dir.to_owned(), pid: holder(&mut lock) });
            }
            Err(TryLockError::Error(e)) => return Err(ReportError::io(&handle.join(LOCK_FILE), "lock", e)),
        }
        Earlier::read(&handle, &outputs)?.refuse_foreign(&handle)?;
        let pid = format!("{}\n", std::process::id());
        lock.set_len(0)
            .and_then(|()| lock.seek(SeekFrom::Start(0)))
            .and_then(|_| lock.write_all(pid.as_bytes()))
            .map_err(|e| ReportError::io(&handle.join(LOCK_FILE), "write the pid into", e))?;
        let removed = remove_temporaries(&handle, &outputs)?;
        if !removed.is_empty() {
            tracing::info!(folder = %dir.display(), files = ?removed, "removed the temporary files of an earlier run that did not finish");
        }
        Ok(OutputFolder { dir: handle, outputs, _lock: lock, removed })
    }

    /// The folder, as the path it was claimed by.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The folder's handle: every file operation on the folder goes through it.
    pub fn dir(&self) -> &Dir {
        &self.dir
    }

    /// Starts the output `name` in this folder, written under a temporary name until it is
    /// published ([`OutputFolder::publish`]).
    pub fn create(&self, name: &str, writing: Writing) -> Result<AtomicFile, ReportError> {
        AtomicFile::create_in(&self.dir, name, writing)
    }

    /// The stale temporary files that [`OutputFolder::claim`] removed.
    pub fn removed(&self) -> &[String] {
        &self.removed
    }
}

/// Opens the lock file of `dir` without following a symbolic link, creating it when `create`
/// (else `None` when there is none). Anything there but a regular file is refused.
fn open_lock(dir: &Dir, create: bool) -> Result<Option<File>, ReportError> {
    let path = dir.join(LOCK_FILE);
    let refused = || ReportError::NotALockFile(path.clone());
    match dir.entry(LOCK_FILE)? {
        Some(Entry::Other) => return Err(refused()),
        None if !create => return Ok(None),
        _ => {}
    }
    let opened = if create { dir.open_or_create(LOCK_FILE).map(Some) } else { dir.open_read(LOCK_FILE) };
    // A link planted between the look and the open fails the open (O_NOFOLLOW): refused too.
    let lock = match opened {
        Ok(lock) => lock,
        Err(_) if dir.entry(LOCK_FILE)? == Some(Entry::Other) => return Err(refused()),
        Err(e) => return Err(e),
    };
    match lock.as_ref().map(File::metadata) {
        Some(Ok(m)) if !m.is_file() => Err(refused()),
        Some(Err(e)) => Err(ReportError::io(&path, "look at", e)),
        _ => Ok(lock),
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
        let handle = Dir::open(dir)?;
        let Some(mut lock) = open_lock(&handle, false)? else {
            return Ok(ReadGuard { _lock: None });
        };
        match lock.try_lock_shared() {
            Ok(()) => Ok(ReadGuard { _lock: Some(lock) }),
            Err(TryLockError::WouldBlock) => {
                Err(ReportError::FolderInUse { dir: dir.to_owned(), pid: holder(&mut lock) })
            }
            Err(TryLockError::Error(e)) => Err(ReportError::io(&handle.join(LOCK_FILE), "lock", e)),
        }
    }
}

/// The pid written by the process that holds the lock, if it can be read and that process
/// lives: a reader (which writes no pid) may hold the lock after the last writer ended, and a
/// pid that names no process would send the user looking for it.
fn holder(lock: &mut File) -> Option<u32> {
    let mut text = String::new();
    lock.read_to_string(&mut text).ok()?;
    let pid: u32 = text.trim().parse().ok()?;
    let alive = rustix::process::Pid::from_raw(i32::try_from(pid).ok()?).map(rustix::process::test_kill_process);
    matches!(alive, Some(Ok(()) | Err(rustix::io::Errno::PERM))).then_some(pid)
}

/// Removes `dir`'s temporary files of `outputs` (and of their publishing record); returns
/// their names, sorted. Only regular files go: grassroot makes no other kind.
fn remove_temporaries(dir: &Dir, outputs: &[String]) -> Result<Vec<String>, ReportError> {
    let mut names: Vec<String> = outputs.to_vec();
    if let Some(manifest) = outputs.last() {
        names.push(record_name(manifest));
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut removed = Vec::new();
    for (name, entry) in dir.entries()? {
        if entry == Entry::File && is_own_temporary(&name, &names) {
            dir.remove(&name, "remove the stale temporary file")?;
            removed.push(name);
        }
    }
    removed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tempdir() -> Result<tempfile::TempDir, ReportError> {
        tempfile::tempdir().map_err(|e| ReportError::io(Path::new("."), "create", e))
    }

    #[test]
    fn a_held_folder_is_refused_with_the_holders_pid_and_freed_on_drop() -> Result<(), ReportError> {
        let tmp = tempdir()?;
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
        let tmp = tempdir()?;
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
    fn a_pid_that_names_no_living_process_is_not_reported() -> Result<(), ReportError> {
        let tmp = tempdir()?;
        let dir = tmp.path();
        drop(OutputFolder::claim(dir, &[])?);
        // pid_max is at most 2^22 on Linux: this pid names no process.
        std::fs::write(dir.join(LOCK_FILE), b"4999999\n").map_err(|e| ReportError::io(dir, "write", e))?;
        let reader = ReadGuard::share(dir)?;
        let err = OutputFolder::claim(dir, &[]).expect_err("read");
        assert!(matches!(err, ReportError::FolderInUse { pid: None, .. }), "{err:?}");
        assert!(err.to_string().contains("in use by another grassroot process"), "{err}");
        drop(reader);
        Ok(())
    }

    #[test]
    fn only_own_temporaries_are_removed() -> Result<(), ReportError> {
        let tmp = tempdir()?;
        let dir = tmp.path();
        let keep = [".run.json.tmp", ".notes.abcdef.tmp", "mine.txt"];
        let stale = [".run.json.a1B2c3.tmp", ".simulation_data.csv.zzzzzz.tmp"];
        for name in keep.iter().chain(&stale) {
            std::fs::write(dir.join(name), b"x").map_err(|e| ReportError::io(dir, "write", e))?;
        }
        // A folder under a temporary's name is not grassroot's: it stays, and is no error.
        std::fs::create_dir(dir.join(".run.json.Q1w2E3.tmp")).map_err(|e| ReportError::io(dir, "mkdir", e))?;
        let folder = OutputFolder::claim(dir, &["simulation_data.csv", "run.json"])?;
        assert_eq!(folder.removed(), [".run.json.a1B2c3.tmp", ".simulation_data.csv.zzzzzz.tmp"]);
        for name in keep.iter().chain(&[".run.json.Q1w2E3.tmp"]) {
            assert!(dir.join(name).exists(), "{name} was removed");
        }
        Ok(())
    }

    #[test]
    fn a_file_where_the_folder_should_be_is_refused() -> Result<(), ReportError> {
        let tmp = tempdir()?;
        let file = tmp.path().join("out");
        std::fs::write(&file, b"x").map_err(|e| ReportError::io(&file, "write", e))?;
        let err = OutputFolder::claim(&file, &[]).expect_err("a file");
        assert!(matches!(err, ReportError::NotADirectory(_)), "{err:?}");
        Ok(())
    }

    #[test]
    fn a_lock_file_that_is_a_link_or_a_folder_is_refused_and_its_target_untouched() -> Result<(), ReportError> {
        let tmp = tempdir()?;
        let victim = tmp.path().join("victim.txt");
        std::fs::write(&victim, b"the user's own words\n").map_err(|e| ReportError::io(&victim, "write", e))?;
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).map_err(|e| ReportError::io(&out, "mkdir", e))?;
        std::os::unix::fs::symlink(&victim, out.join(LOCK_FILE)).map_err(|e| ReportError::io(&out, "link", e))?;
        for err in
            [OutputFolder::claim(&out, &["run.json"]).expect_err("a link"), ReadGuard::share(&out).expect_err("a link")]
        {
            assert!(matches!(err, ReportError::NotALockFile(_)), "{err:?}");
            assert!(err.is_bad_input());
        }
        let text = std::fs::read(&victim).map_err(|e| ReportError::io(&victim, "read", e))?;
        assert_eq!(text, b"the user's own words\n");
        std::fs::remove_file(out.join(LOCK_FILE)).map_err(|e| ReportError::io(&out, "remove", e))?;
        std::fs::create_dir(out.join(LOCK_FILE)).map_err(|e| ReportError::io(&out, "mkdir", e))?;
        let err = OutputFolder::claim(&out, &["run.json"]).expect_err("a folder");
        assert!(matches!(err, ReportError::NotALockFile(_)), "{err:?}");
        Ok(())
    }
}
