//! Files that are whole or absent: written under a temporary name in the destination folder
//! and renamed over the destination only when complete.
//!
//! A crash, a full disk or a kill leaves at worst a hidden `.NAME.*.tmp` file, never a
//! truncated file under the real name. Every error names the path.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::ReportError;

/// A file being written; becomes visible under its name only on [`AtomicFile::commit`].
#[derive(Debug)]
pub struct AtomicFile {
    dest: PathBuf,
    tmp: BufWriter<NamedTempFile>,
}

impl AtomicFile {
    /// Starts writing `dest` (its folder must exist).
    pub fn create(dest: &Path) -> Result<AtomicFile, ReportError> {
        let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("output");
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| ReportError::io(dest, "create a temporary file beside", e))?;
        Ok(AtomicFile { dest: dest.to_owned(), tmp: BufWriter::with_capacity(1 << 20, tmp) })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.dest
    }

    /// Appends bytes.
    #[inline]
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), ReportError> {
        self.tmp.write_all(bytes).map_err(|e| ReportError::io(&self.dest, "write", e))
    }

    /// Flushes, syncs and renames the file over its destination.
    pub fn commit(self) -> Result<PathBuf, ReportError> {
        let dest = self.dest;
        let tmp = self.tmp.into_inner().map_err(|e| ReportError::io(&dest, "flush", e.into_error()))?;
        tmp.as_file().sync_data().map_err(|e| ReportError::io(&dest, "sync", e))?;
        tmp.persist(&dest).map_err(|e| ReportError::io(&dest, "rename into place", e.error))?;
        Ok(dest)
    }
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
