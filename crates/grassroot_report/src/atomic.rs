//! Files that are whole or absent: written under a temporary name in the destination folder
//! and renamed over the destination only when complete.
//!
//! A crash, a full disk or a kill leaves at worst a hidden `.NAME.*.tmp` file, never a
//! truncated file under the real name. Every error names the path. Large files can be written
//! by a background thread ([`AtomicFile::create_in_background`]), so that copying their bytes
//! into the kernel overlaps with the simulation instead of stalling it.
//!
//! The rename is atomic for readers and against a killed process; the data is not `fsync`ed
//! (that would cost a second per gigabyte for no gain against those failures), so after a
//! power loss a file may be older than the run.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use tempfile::NamedTempFile;

use crate::error::ReportError;

/// Chunks that may wait for the background writer (each up to a few MiB): bounds memory.
const CHUNKS_IN_FLIGHT: usize = 4;

/// A file being written; becomes visible under its name only on [`AtomicFile::commit`].
#[derive(Debug)]
pub struct AtomicFile {
    dest: PathBuf,
    sink: Sink,
}

#[derive(Debug)]
enum Sink {
    Direct(BufWriter<NamedTempFile>),
    Background(Background),
    /// The background writer failed and its error was reported.
    Closed,
}

/// A writer thread that owns the temporary file and writes the chunks it is sent.
#[derive(Debug)]
struct Background {
    chunks: SyncSender<Vec<u8>>,
    writer: JoinHandle<std::io::Result<NamedTempFile>>,
}

impl AtomicFile {
    /// Starts writing `dest` (its folder must exist), buffered, on this thread.
    pub fn create(dest: &Path) -> Result<AtomicFile, ReportError> {
        let tmp = temp_beside(dest)?;
        Ok(AtomicFile { dest: dest.to_owned(), sink: Sink::Direct(BufWriter::with_capacity(1 << 20, tmp)) })
    }

    /// Starts writing `dest` through a background thread; give it large chunks.
    pub fn create_in_background(dest: &Path) -> Result<AtomicFile, ReportError> {
        let tmp = temp_beside(dest)?;
        let (chunks, inbox) = sync_channel::<Vec<u8>>(CHUNKS_IN_FLIGHT);
        let writer = std::thread::Builder::new()
            .name("grassroot-writer".to_owned())
            .spawn(move || write_chunks(tmp, &inbox))
            .map_err(|e| ReportError::io(dest, "start a writer thread for", e))?;
        Ok(AtomicFile { dest: dest.to_owned(), sink: Sink::Background(Background { chunks, writer }) })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.dest
    }

    /// Appends bytes (on a background file, prefer [`AtomicFile::write_chunk`]).
    #[inline]
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), ReportError> {
        match &mut self.sink {
            Sink::Direct(w) => w.write_all(bytes).map_err(|e| ReportError::io(&self.dest, "write", e)),
            Sink::Background(_) | Sink::Closed => self.write_chunk(bytes.to_vec()),
        }
    }

    /// Appends a chunk, handing it over without a copy when written in the background.
    pub fn write_chunk(&mut self, chunk: Vec<u8>) -> Result<(), ReportError> {
        match &mut self.sink {
            Sink::Direct(w) => w.write_all(&chunk).map_err(|e| ReportError::io(&self.dest, "write", e)),
            Sink::Background(bg) => {
                if bg.chunks.send(chunk).is_ok() {
                    return Ok(());
                }
                // The writer stopped: its error is the one to report.
                let Sink::Background(bg) = std::mem::replace(&mut self.sink, Sink::Closed) else {
                    return Err(closed(&self.dest));
                };
                drop(bg.chunks);
                Err(join(bg.writer, &self.dest).err().unwrap_or_else(|| closed(&self.dest)))
            }
            Sink::Closed => Err(closed(&self.dest)),
        }
    }

    /// Flushes and renames the file over its destination.
    pub fn commit(self) -> Result<PathBuf, ReportError> {
        self.stage()?.persist()
    }

    /// Writes out everything (every byte is in the temporary file, the background writer has
    /// finished) without renaming yet: several files can then be put in place together,
    /// after all of them were written.
    pub fn stage(mut self) -> Result<Staged, ReportError> {
        let dest = std::mem::take(&mut self.dest);
        let tmp = match std::mem::replace(&mut self.sink, Sink::Closed) {
            Sink::Direct(w) => w.into_inner().map_err(|e| ReportError::io(&dest, "flush", e.into_error()))?,
            Sink::Background(bg) => {
                drop(bg.chunks);
                join(bg.writer, &dest)?
            }
            Sink::Closed => return Err(closed(&dest)),
        };
        Ok(Staged { tmp, dest })
    }
}

/// A file written whole under a temporary name beside its destination, waiting to be renamed
/// into place; dropped without [`Staged::persist`], it is deleted.
#[derive(Debug)]
pub struct Staged {
    tmp: NamedTempFile,
    dest: PathBuf,
}

impl Staged {
    /// Reserves a temporary file beside `dest` for a writer that creates the file itself (e.g.
    /// a PNG encoder), which writes to [`Staged::temp_path`].
    pub fn reserve(dest: &Path, suffix: &str) -> Result<Staged, ReportError> {
        let tmp =
            temp_file_beside(dest, suffix).map_err(|e| ReportError::io(dest, "create a temporary file beside", e))?;
        Ok(Staged { tmp, dest: dest.to_owned() })
    }

    /// `bytes`, written whole beside `dest`.
    pub fn write(dest: &Path, bytes: &[u8]) -> Result<Staged, ReportError> {
        let mut f = AtomicFile::create(dest)?;
        f.write_all(bytes)?;
        f.stage()
    }

    /// Where the bytes are until [`Staged::persist`].
    pub fn temp_path(&self) -> &Path {
        self.tmp.path()
    }

    /// The final path.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Renames the file over its destination (atomic for readers).
    pub fn persist(self) -> Result<PathBuf, ReportError> {
        let Staged { tmp, dest } = self;
        tmp.persist(&dest).map_err(|e| ReportError::io(&dest, "rename into place", e.error))?;
        Ok(dest)
    }
}

impl Drop for AtomicFile {
    /// An uncommitted file is discarded; a background writer is waited for, so its temporary
    /// file is gone when this returns.
    fn drop(&mut self) {
        if let Sink::Background(bg) = std::mem::replace(&mut self.sink, Sink::Closed) {
            drop(bg.chunks);
            let _ = bg.writer.join();
        }
    }
}

fn closed(dest: &Path) -> ReportError {
    ReportError::io(dest, "write", std::io::Error::other("the writer thread stopped after an earlier error"))
}

fn write_chunks(mut tmp: NamedTempFile, inbox: &Receiver<Vec<u8>>) -> std::io::Result<NamedTempFile> {
    for chunk in inbox {
        tmp.write_all(&chunk)?;
    }
    tmp.flush()?;
    Ok(tmp)
}

fn join(writer: JoinHandle<std::io::Result<NamedTempFile>>, dest: &Path) -> Result<NamedTempFile, ReportError> {
    match writer.join() {
        Ok(result) => result.map_err(|e| ReportError::io(dest, "write", e)),
        Err(_) => Err(ReportError::io(dest, "write", std::io::Error::other("the writer thread panicked"))),
    }
}

/// A temporary file beside `dest`, readable like any file the user creates.
fn temp_beside(dest: &Path) -> Result<NamedTempFile, ReportError> {
    temp_file_beside(dest, ".tmp").map_err(|e| ReportError::io(dest, "create a temporary file beside", e))
}

/// A temporary file `.<name>.<random><suffix>` in `dest`'s folder, with the permissions of an
/// ordinary new file (0644) rather than tempfile's private 0600.
pub(crate) fn temp_file_beside(dest: &Path, suffix: &str) -> std::io::Result<NamedTempFile> {
    let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    let tmp = tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(suffix).tempfile_in(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(tmp)
}

/// Writes `bytes` to `dest` atomically.
pub fn write_atomically(dest: &Path, bytes: &[u8]) -> Result<PathBuf, ReportError> {
    Staged::write(dest, bytes)?.persist()
}

/// Checks that `dir` is (or can be made) a writable folder, creating it if needed.
pub fn prepare_dir(dir: &Path) -> Result<(), ReportError> {
    if dir.exists() && !dir.is_dir() {
        return Err(ReportError::NotADirectory(dir.to_owned()));
    }
    std::fs::create_dir_all(dir).map_err(|e| ReportError::io(dir, "create the output folder", e))?;
    // Probe writability without touching anything that is there.
    let probe = tempfile::Builder::new()
        .prefix(".grassroot-probe.")
        .tempfile_in(dir)
        .map_err(|e| ReportError::io(dir, "write in the output folder", e))?;
    drop(probe);
    Ok(())
}

/// Opens `path` for reading, naming it in the error.
pub fn open(path: &Path) -> Result<File, ReportError> {
    File::open(path).map_err(|e| ReportError::io(path, "open", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    #[test]
    fn a_file_appears_only_when_committed() -> Result<(), ReportError> {
        let dir = tempfile::tempdir().map_err(|e| ReportError::io(Path::new("."), "create", e))?;
        let dest = dir.path().join("data.csv");
        for background in [false, true] {
            let mut f = if background { AtomicFile::create_in_background(&dest)? } else { AtomicFile::create(&dest)? };
            f.write_all(b"a,b\n")?;
            assert!(!dest.exists(), "visible before commit");
            drop(f); // a crash or an error before commit
            assert!(!dest.exists() && names(dir.path()).is_empty(), "{:?}", names(dir.path()));
        }
        let mut f = AtomicFile::create_in_background(&dest)?;
        f.write_chunk(b"a,b\n".to_vec())?;
        f.write_chunk(b"1,2\n".to_vec())?;
        f.commit()?;
        assert_eq!(std::fs::read(&dest).map_err(|e| ReportError::io(&dest, "read", e))?, b"a,b\n1,2\n");
        assert_eq!(names(dir.path()), ["data.csv"]);
        Ok(())
    }

    #[test]
    fn errors_name_the_path() {
        let missing = Path::new("/nonexistent-grassroot-dir/data.csv");
        let err = AtomicFile::create(missing).expect_err("no such folder");
        assert!(err.to_string().contains("/nonexistent-grassroot-dir/data.csv"), "{err}");
    }
}
