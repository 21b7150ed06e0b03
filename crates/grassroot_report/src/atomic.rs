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
    Background { chunks: SyncSender<Vec<u8>>, writer: JoinHandle<std::io::Result<NamedTempFile>> },
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
        Ok(AtomicFile { dest: dest.to_owned(), sink: Sink::Background { chunks, writer } })
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
            Sink::Background { .. } => self.write_chunk(bytes.to_vec()),
        }
    }

    /// Appends a chunk, handing it over without a copy when written in the background.
    pub fn write_chunk(&mut self, chunk: Vec<u8>) -> Result<(), ReportError> {
        match &mut self.sink {
            Sink::Direct(w) => w.write_all(&chunk).map_err(|e| ReportError::io(&self.dest, "write", e)),
            Sink::Background { chunks, .. } => {
                if chunks.send(chunk).is_ok() {
                    return Ok(());
                }
                // The writer stopped: its error is the one to report.
                let Sink::Background { writer, .. } = std::mem::replace(&mut self.sink, Sink::closed()) else {
                    return Err(ReportError::io(&self.dest, "write", std::io::Error::other("writer closed")));
                };
                Err(join(writer, &self.dest).err().unwrap_or_else(|| {
                    ReportError::io(&self.dest, "write", std::io::Error::other("the writer thread stopped early"))
                }))
            }
        }
    }

    /// Flushes and renames the file over its destination.
    pub fn commit(self) -> Result<PathBuf, ReportError> {
        let dest = self.dest;
        let tmp = match self.sink {
            Sink::Direct(w) => w.into_inner().map_err(|e| ReportError::io(&dest, "flush", e.into_error()))?,
            Sink::Background { chunks, writer } => {
                drop(chunks);
                join(writer, &dest)?
            }
        };
        tmp.persist(&dest).map_err(|e| ReportError::io(&dest, "rename into place", e.error))?;
        Ok(dest)
    }
}

impl Sink {
    /// A sink that refuses everything (after its writer failed).
    fn closed() -> Sink {
        let (chunks, _) = sync_channel(0);
        let writer = std::thread::spawn(|| Err(std::io::Error::other("the writer thread stopped early")));
        Sink::Background { chunks, writer }
    }
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
    let mut f = AtomicFile::create(dest)?;
    f.write_all(bytes)?;
    f.commit()
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
