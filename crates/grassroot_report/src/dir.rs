//! [`Dir`]: an open folder, and every file operation grassroot does in an output folder, done
//! relative to it (`openat`, `renameat`, `unlinkat`, through `rustix`), never by path.
//!
//! A path is looked up again at each use: a folder renamed (or replaced by a symbolic link)
//! while a run writes it would send the run's later writes, renames and removals somewhere
//! else than where its first files and its lock are. A `Dir` is opened once, from the path the
//! user gave, and stays the same folder whatever happens to that path afterwards: a run
//! publishes into the folder it locked. The path is kept only to name files in messages.
//!
//! Names given to a `Dir` are single file names (no `/`); files are opened without following
//! symbolic links (`O_NOFOLLOW`), so a link planted under one of grassroot's names is never
//! written through.

use std::ffi::CStr;
use std::fs::File;
use std::hash::{BuildHasher, RandomState};
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustix::fs::{AtFlags, FileType, Mode, OFlags};

use crate::error::ReportError;

/// An open folder: file operations relative to it reach it even after its path changed.
/// Cloning shares the handle.
#[derive(Clone, Debug)]
pub struct Dir {
    fd: Arc<OwnedFd>,
    path: PathBuf,
}

/// What a name in a folder is, seen without following a symbolic link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A regular file.
    File,
    /// Anything else: a folder, a symbolic link, a FIFO, a socket, a device.
    Other,
}

impl Dir {
    /// Opens the folder at `path` (following symbolic links: the user may name a folder by a
    /// link). A path that is not a folder is [`ReportError::NotADirectory`].
    pub fn open(path: &Path) -> Result<Dir, ReportError> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        match rustix::fs::open(path, flags, Mode::empty()) {
            Ok(fd) => Ok(Dir { fd: Arc::new(fd), path: path.to_owned() }),
            Err(rustix::io::Errno::NOTDIR) => Err(ReportError::NotADirectory(path.to_owned())),
            Err(e) => Err(ReportError::io(path, "open the folder", e.into())),
        }
    }

    /// The folder of the file at `path` (`.` for a bare name).
    pub fn of_file(path: &Path) -> Result<Dir, ReportError> {
        Dir::open(path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")))
    }

    /// The path the folder was opened by, for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path of `name` in this folder, for messages.
    pub fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// True if this is the folder `other` is (the same device and inode).
    pub fn is(&self, other: &Dir) -> bool {
        let (a, b) = (rustix::fs::fstat(&*self.fd), rustix::fs::fstat(&*other.fd));
        matches!((a, b), (Ok(a), Ok(b)) if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino))
    }

    /// True if `path` names this folder now (it was not moved or replaced since it was opened).
    pub fn is_at(&self, path: &Path) -> bool {
        Dir::open(path).is_ok_and(|d| d.is(self))
    }

    /// Creates `name` for reading and writing, refusing to follow a symbolic link there; an
    /// existing regular file is kept as it is (not truncated).
    pub fn open_or_create(&self, name: &str) -> Result<File, ReportError> {
        let flags = OFlags::RDWR | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(&*self.fd, name, flags, Mode::from_raw_mode(0o644));
        fd.map(File::from).map_err(|e| self.error(name, "open", e))
    }

    /// Opens `name` for reading, refusing to follow a symbolic link; `None` if there is none.
    pub fn open_read(&self, name: &str) -> Result<Option<File>, ReportError> {
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        match rustix::fs::openat(&*self.fd, name, flags, Mode::empty()) {
            Ok(fd) => Ok(Some(File::from(fd))),
            Err(rustix::io::Errno::NOENT) => Ok(None),
            Err(e) => Err(self.error(name, "open", e)),
        }
    }

    /// Creates a new file `.<name>.<6 random letters or digits>.tmp` (never an existing one),
    /// with the permissions of an ordinary new file (0644), open for writing and reading back;
    /// returns it and its name.
    pub fn create_temporary(&self, name: &str) -> Result<(File, String), ReportError> {
        let flags = OFlags::RDWR | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let mode = Mode::from_raw_mode(0o644);
        let mut last = rustix::io::Errno::EXIST;
        for _ in 0..64 {
            let tmp = temporary_name(name);
            match rustix::fs::openat(&*self.fd, tmp.as_str(), flags, mode) {
                Ok(fd) => {
                    // The umask may have taken bits away: an output is readable by all, as
                    // an ordinary new file.
                    rustix::fs::fchmod(&fd, mode).map_err(|e| self.error(&tmp, "set the permissions of", e))?;
                    return Ok((File::from(fd), tmp));
                }
                Err(rustix::io::Errno::EXIST) => last = rustix::io::Errno::EXIST,
                Err(e) => return Err(self.error(name, "create a temporary file beside", e)),
            }
        }
        Err(self.error(name, "create a temporary file beside", last))
    }

    /// Renames `from` to `to` in this folder, replacing `to` if it is there.
    pub fn rename(&self, from: &str, to: &str) -> Result<(), ReportError> {
        rustix::fs::renameat(&*self.fd, from, &*self.fd, to).map_err(|e| self.error(to, "rename into place", e))
    }

    /// Removes the file `name` if there is one; `action` names what was being done.
    pub fn remove(&self, name: &str, action: &'static str) -> Result<(), ReportError> {
        match rustix::fs::unlinkat(&*self.fd, name, AtFlags::empty()) {
            Ok(()) | Err(rustix::io::Errno::NOENT) => Ok(()),
            Err(e) => Err(self.error(name, action, e)),
        }
    }

    /// What `name` is, without following a symbolic link; `None` if there is nothing.
    pub fn entry(&self, name: &str) -> Result<Option<Entry>, ReportError> {
        match rustix::fs::statat(&*self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) => Ok(Some(entry_of(FileType::from_raw_mode(st.st_mode)))),
            Err(rustix::io::Errno::NOENT) => Ok(None),
            Err(e) => Err(self.error(name, "look at", e)),
        }
    }

    /// The names in the folder that are text, with what each is.
    pub fn entries(&self) -> Result<Vec<(String, Entry)>, ReportError> {
        let listing = |e: rustix::io::Errno| ReportError::io(&self.path, "list the folder", e.into());
        let mut out = Vec::new();
        for entry in rustix::fs::Dir::read_from(&*self.fd).map_err(listing)? {
            let entry = entry.map_err(listing)?;
            let Some(name) = text(entry.file_name()) else { continue };
            if name == "." || name == ".." {
                continue;
            }
            let kind = match entry.file_type() {
                FileType::Unknown => self.entry(name)?.unwrap_or(Entry::Other),
                t => entry_of(t),
            };
            out.push((name.to_owned(), kind));
        }
        Ok(out)
    }

    fn error(&self, name: &str, action: &'static str, e: rustix::io::Errno) -> ReportError {
        ReportError::io(&self.join(name), action, e.into())
    }
}

fn entry_of(t: FileType) -> Entry {
    if t == FileType::RegularFile { Entry::File } else { Entry::Other }
}

fn text(name: &CStr) -> Option<&str> {
    name.to_str().ok()
}

/// Random characters in a temporary file's name.
pub(crate) const TEMP_RANDOM: usize = 6;
/// The suffix of a temporary file's name.
pub(crate) const TEMP_SUFFIX: &str = ".tmp";

/// `.<name>.<6 random letters or digits>.tmp`.
fn temporary_name(name: &str) -> String {
    const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    // A fresh `RandomState` is seeded differently each time: enough to keep names apart (the
    // file is created with O_EXCL, so a clash costs only another try).
    let mut bits = RandomState::new().hash_one(std::process::id());
    let mut random = String::with_capacity(TEMP_RANDOM);
    for _ in 0..TEMP_RANDOM {
        random.push(char::from(ALPHABET[(bits % 62) as usize]));
        bits /= 62;
    }
    format!(".{name}.{random}{TEMP_SUFFIX}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atomic::is_own_temporary;

    #[test]
    fn a_folder_moved_after_it_was_opened_is_still_the_one_written() -> Result<(), ReportError> {
        let tmp = tempfile::tempdir().map_err(|e| ReportError::io(Path::new("."), "create", e))?;
        let (out, moved) = (tmp.path().join("out"), tmp.path().join("moved"));
        std::fs::create_dir(&out).map_err(|e| ReportError::io(&out, "create", e))?;
        let dir = Dir::open(&out)?;
        std::fs::rename(&out, &moved).map_err(|e| ReportError::io(&out, "rename", e))?;
        std::fs::create_dir(&out).map_err(|e| ReportError::io(&out, "create", e))?;
        assert!(!dir.is_at(&out) && dir.is_at(&moved));
        let (_, name) = dir.create_temporary("data.csv")?;
        assert!(is_own_temporary(&name, &["data.csv"]), "{name}");
        dir.rename(&name, "data.csv")?;
        assert!(moved.join("data.csv").is_file());
        assert!(!out.join("data.csv").exists(), "written through the path, not the folder");
        Ok(())
    }

    #[test]
    fn a_symbolic_link_is_never_opened_through() -> Result<(), ReportError> {
        let tmp = tempfile::tempdir().map_err(|e| ReportError::io(Path::new("."), "create", e))?;
        let victim = tmp.path().join("victim.txt");
        std::fs::write(&victim, b"keep").map_err(|e| ReportError::io(&victim, "write", e))?;
        std::os::unix::fs::symlink(&victim, tmp.path().join("link"))
            .map_err(|e| ReportError::io(&victim, "link", e))?;
        let dir = Dir::open(tmp.path())?;
        assert!(dir.open_or_create("link").is_err());
        assert!(dir.open_read("link").is_err());
        assert_eq!(dir.entry("link")?, Some(Entry::Other));
        assert_eq!(dir.entry("victim.txt")?, Some(Entry::File));
        assert_eq!(std::fs::read(&victim).map_err(|e| ReportError::io(&victim, "read", e))?, b"keep");
        Ok(())
    }
}
