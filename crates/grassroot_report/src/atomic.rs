//! Files that are whole or absent: written under a temporary name in the destination folder
//! and renamed over the destination only when complete ([`Staged::persist`]), or, for a run's
//! outputs, put in place after the earlier file is removed ([`Staged::replace`]: on ext4 a
//! rename over a large file costs a forced write-out).
//!
//! A crash, a full disk or a kill leaves at worst a hidden `.NAME.*.tmp` file, never a
//! truncated file under the real name. Every error names the path. Large files can be written
//! by a background thread ([`AtomicFile::create_in_background`]), so that copying their bytes
//! into the kernel overlaps with the simulation instead of stalling it.
//!
//! The rename is atomic for readers and against a killed process; the data is not `fsync`ed
//! (that would wait for the disk to write every byte, for no gain against those failures), so
//! after a power loss a file may be older than the run.
//!
//! Every file's size and BLAKE3 hash are tallied as its bytes go out ([`Staged::digest`]), so
//! the manifest can record them without reading the file again. A temporary file is named
//! `.<name>.<6 random characters>.tmp`; [`is_own_temporary`] recognises exactly those names, so
//! that a later run can remove what a killed one left (see [`crate::folder`]).
//!
//! A file is created, renamed and removed through its folder's handle ([`Dir`]), never by
//! path: [`AtomicFile::create_in`] takes the held folder's; [`AtomicFile::create`] opens the
//! folder of a path once, when the file is started.

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use crate::digest::{FileDigest, Tallied, Tally};
use crate::dir::{Dir, TEMP_RANDOM, TEMP_SUFFIX};
use crate::error::ReportError;

/// A temporary file in a folder, removed when dropped unless [`TempFile::keep`] was called.
#[derive(Debug)]
struct TempFile {
    file: File,
    dir: Dir,
    name: String,
    kept: bool,
}

impl TempFile {
    fn create(dir: &Dir, dest: &str) -> Result<TempFile, ReportError> {
        let (file, name) = dir.create_temporary(dest)?;
        Ok(TempFile { file, dir: dir.clone(), name, kept: false })
    }

    /// Renames the file to `dest` in its folder.
    fn rename_to(mut self, dest: &str) -> Result<(), ReportError> {
        self.dir.rename(&self.name, dest)?;
        self.kept = true;
        Ok(())
    }
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.file.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = self.dir.remove(&self.name, "remove the temporary file");
        }
    }
}

/// Chunks that may wait for the background writer (each up to a few MiB): bounds memory.
const CHUNKS_IN_FLIGHT: usize = 4;

/// A file being written; becomes visible under its name only on [`AtomicFile::commit`].
#[derive(Debug)]
pub struct AtomicFile {
    dest: PathBuf,
    name: String,
    sink: Sink,
}

#[derive(Debug)]
enum Sink {
    /// Boxed: the BLAKE3 hasher's state (about 2 KB) would make every `Sink` as large.
    Direct(Box<BufWriter<Tallied<TempFile>>>),
    Background(Background),
    /// The background writer failed and its error was reported.
    Closed,
}

/// A writer thread that owns the temporary file and writes the chunks it is sent.
#[derive(Debug)]
struct Background {
    chunks: SyncSender<Vec<u8>>,
    writer: JoinHandle<std::io::Result<(TempFile, Tally)>>,
}

impl AtomicFile {
    /// Starts writing `dest` (its folder must exist), buffered, on this thread.
    pub fn create(dest: &Path) -> Result<AtomicFile, ReportError> {
        AtomicFile::create_in(&Dir::of_file(dest)?, &file_name(dest), Writing::Buffered)
    }

    /// Starts writing `dest` on this thread without a buffer of its own, for a writer that
    /// assembles chunks of a megabyte or so itself (the transaction log's CSV): each chunk goes
    /// straight to the file (hashed on the way), not first copied into a buffer.
    pub fn create_unbuffered(dest: &Path) -> Result<AtomicFile, ReportError> {
        AtomicFile::create_in(&Dir::of_file(dest)?, &file_name(dest), Writing::Unbuffered)
    }

    /// Starts writing `dest` through a background thread; give it large chunks.
    pub fn create_in_background(dest: &Path) -> Result<AtomicFile, ReportError> {
        AtomicFile::create_in(&Dir::of_file(dest)?, &file_name(dest), Writing::Background)
    }

    /// Starts writing the file `name` in the folder `dir`, as `writing` says: the way an
    /// output folder's files are started ([`crate::OutputFolder::create`]).
    pub fn create_in(dir: &Dir, name: &str, writing: Writing) -> Result<AtomicFile, ReportError> {
        let tmp = TempFile::create(dir, name)?;
        let dest = dir.join(name);
        let sink = match writing {
            Writing::Buffered | Writing::Unbuffered => {
                let buffer = if writing == Writing::Buffered { 1 << 20 } else { 0 };
                let tallied = Tallied { inner: tmp, tally: Tally::default() };
                Sink::Direct(Box::new(BufWriter::with_capacity(buffer, tallied)))
            }
            Writing::Background => {
                let (chunks, inbox) = sync_channel::<Vec<u8>>(CHUNKS_IN_FLIGHT);
                let writer = std::thread::Builder::new()
                    .name("grassroot-writer".to_owned())
                    .spawn(move || write_chunks(tmp, &inbox))
                    .map_err(|e| ReportError::io(&dest, "start a writer thread for", e))?;
                Sink::Background(Background { chunks, writer })
            }
        };
        Ok(AtomicFile { dest, name: name.to_owned(), sink })
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

    /// Flushes and renames the file over its destination; returns what was written.
    pub fn commit(self) -> Result<FileDigest, ReportError> {
        self.stage()?.persist()
    }

    /// Writes out everything (every byte is in the temporary file, the background writer has
    /// finished) without renaming yet: several files can then be put in place together,
    /// after all of them were written.
    pub fn stage(mut self) -> Result<Staged, ReportError> {
        let dest = std::mem::take(&mut self.dest);
        let name = std::mem::take(&mut self.name);
        let (tmp, tally) = match std::mem::replace(&mut self.sink, Sink::Closed) {
            Sink::Direct(w) => {
                let t = (*w).into_inner().map_err(|e| ReportError::io(&dest, "flush", e.into_error()))?;
                (t.inner, t.tally)
            }
            Sink::Background(bg) => {
                drop(bg.chunks);
                join(bg.writer, &dest)?
            }
            Sink::Closed => return Err(closed(&dest)),
        };
        let digest = tally.finish(&name);
        Ok(Staged { tmp, dest, name, digest })
    }
}

/// How an [`AtomicFile`] writes its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Writing {
    /// Through a buffer of 1 MiB, on the calling thread.
    Buffered,
    /// Straight to the file, for a writer that hands over chunks of a megabyte or so.
    Unbuffered,
    /// On a thread of its own, which the calling thread hands chunks to.
    Background,
}

/// A file written whole under a temporary name beside its destination, waiting to be renamed
/// into place; dropped without [`Staged::persist`], it is deleted.
#[derive(Debug)]
pub struct Staged {
    tmp: TempFile,
    dest: PathBuf,
    name: String,
    digest: FileDigest,
}

impl Staged {
    /// `bytes`, written whole beside `dest`.
    pub fn write(dest: &Path, bytes: &[u8]) -> Result<Staged, ReportError> {
        Staged::write_in(&Dir::of_file(dest)?, &file_name(dest), bytes)
    }

    /// `bytes`, written whole in `dir`, to be named `name`.
    pub fn write_in(dir: &Dir, name: &str, bytes: &[u8]) -> Result<Staged, ReportError> {
        let mut f = AtomicFile::create_in(dir, name, Writing::Buffered)?;
        f.write_all(bytes)?;
        f.stage()
    }

    /// The final path.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// The final file name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The bytes written so far, read from the start (the figure is drawn from the staged
    /// tables, before any of them is put in place).
    pub fn reader(&self) -> Result<File, ReportError> {
        let mut file = self.tmp.file.try_clone().map_err(|e| ReportError::io(&self.dest, "read", e))?;
        file.seek(SeekFrom::Start(0)).map_err(|e| ReportError::io(&self.dest, "read", e))?;
        Ok(file)
    }

    /// The size and hash of the bytes written.
    pub fn digest(&self) -> &FileDigest {
        &self.digest
    }

    /// Renames the file over its destination (atomic for readers); returns what was written.
    pub fn persist(self) -> Result<FileDigest, ReportError> {
        let Staged { tmp, name, digest, .. } = self;
        tmp.rename_to(&name)?;
        Ok(digest)
    }

    /// Removes the file at the destination, if any, then renames this one there; returns what
    /// was written. Unlike [`Staged::persist`], a reader may for a moment find neither file,
    /// so this is for a folder whose manifest was removed first (a run's outputs).
    ///
    /// Why not rename over it: on ext4 (`auto_da_alloc`, on by default) renaming a file over
    /// another makes the kernel allocate and start writing out the new file's blocks there
    /// and then, as if it were `fsync`ed; removing the old file first and renaming into the
    /// empty name costs a fraction of that (see `docs/speed.md`).
    pub fn replace(self) -> Result<FileDigest, ReportError> {
        self.tmp.dir.remove(&self.name, "remove the earlier run's")?;
        self.persist()
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

fn write_chunks(mut tmp: TempFile, inbox: &Receiver<Vec<u8>>) -> std::io::Result<(TempFile, Tally)> {
    let mut tally = Tally::default();
    for chunk in inbox {
        tmp.write_all(&chunk)?;
        tally.update(&chunk);
    }
    tmp.flush()?;
    Ok((tmp, tally))
}

type Written = (TempFile, Tally);

fn join(writer: JoinHandle<std::io::Result<Written>>, dest: &Path) -> Result<Written, ReportError> {
    match writer.join() {
        Ok(result) => result.map_err(|e| ReportError::io(dest, "write", e)),
        Err(_) => Err(ReportError::io(dest, "write", std::io::Error::other("the writer thread panicked"))),
    }
}

/// The name of the file at `path` (`output` if it has none that is text).
fn file_name(path: &Path) -> String {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("output").to_owned()
}

/// True if `file_name` is a temporary file that grassroot made for one of `outputs` (names
/// such as `transaction_history.csv`): `.<output>.<6 letters or digits>.tmp`, nothing else.
pub fn is_own_temporary(file_name: &str, outputs: &[&str]) -> bool {
    let Some(rest) = file_name.strip_prefix('.').and_then(|r| r.strip_suffix(TEMP_SUFFIX)) else {
        return false;
    };
    outputs.iter().any(|out| {
        rest.strip_prefix(out)
            .and_then(|r| r.strip_prefix('.'))
            .is_some_and(|random| random.len() == TEMP_RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric()))
    })
}

/// Writes `bytes` to `dest` atomically; returns what was written.
pub fn write_atomically(dest: &Path, bytes: &[u8]) -> Result<FileDigest, ReportError> {
    Staged::write(dest, bytes)?.persist()
}

/// Removes the file at `path` if there is one (an earlier run's output this one replaces or
/// does not write); `action` names what was being done in the error.
pub fn remove_if_present(path: &Path, action: &'static str) -> Result<(), ReportError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(ReportError::io(path, action, e)),
    }
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
        let digest = f.commit()?;
        assert_eq!(std::fs::read(&dest).map_err(|e| ReportError::io(&dest, "read", e))?, b"a,b\n1,2\n");
        assert_eq!(names(dir.path()), ["data.csv"]);
        assert_eq!((digest.name.as_str(), digest.bytes), ("data.csv", 8));
        assert!(crate::digest::check_files(dir.path(), &[digest]).is_empty());
        Ok(())
    }

    #[test]
    fn both_writers_tally_the_same_digest() -> Result<(), ReportError> {
        let dir = tempfile::tempdir().map_err(|e| ReportError::io(Path::new("."), "create", e))?;
        let dest = dir.path().join("log.csv");
        let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        let mut direct = AtomicFile::create(&dest)?;
        for chunk in bytes.chunks(70_001) {
            direct.write_all(chunk)?;
        }
        let a = direct.commit()?;
        let mut background = AtomicFile::create_in_background(&dest)?;
        for chunk in bytes.chunks(1 << 20) {
            background.write_chunk(chunk.to_vec())?;
        }
        let b = background.commit()?;
        assert_eq!(a, b);
        assert_eq!(a.bytes, 3_000_000);
        Ok(())
    }

    #[test]
    fn own_temporaries_are_recognised_and_nothing_else() -> Result<(), ReportError> {
        let dir = tempfile::tempdir().map_err(|e| ReportError::io(Path::new("."), "create", e))?;
        let dest = dir.path().join("data.csv");
        let f = AtomicFile::create(&dest)?;
        let made = names(dir.path());
        assert_eq!(made.len(), 1);
        assert!(is_own_temporary(&made[0], &["data.csv"]), "{made:?}");
        assert!(!is_own_temporary(&made[0], &["run.json"]));
        drop(f);
        for other in [
            "data.csv",
            ".data.csv.tmp",
            ".data.csv.abc.tmp",
            ".data.csv.abcdef.txt",
            ".data.csv.abc-ef.tmp",
            "x.data.csv.abcdef.tmp",
            ".data.csvabcdefg.tmp",
            ".notes.abcdef.tmp",
        ] {
            assert!(!is_own_temporary(other, &["data.csv"]), "{other}");
        }
        assert!(is_own_temporary(".data.csv.Ab3dE9.tmp", &["run.json", "data.csv"]));
        Ok(())
    }

    #[test]
    fn errors_name_the_path() {
        let missing = Path::new("/nonexistent-grassroot-dir/data.csv");
        let err = AtomicFile::create(missing).expect_err("no such folder");
        assert!(err.to_string().contains("'/nonexistent-grassroot-dir'"), "{err}");
    }
}
