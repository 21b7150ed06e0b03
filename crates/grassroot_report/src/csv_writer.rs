//! [`CsvWriter`]: the rows of a CSV output written by the `csv` crate's [`csv::Writer`] into an
//! [`AtomicFile`] — every output CSV but the transaction log.
//!
//! Cells are formatted by [`crate::cells`] (exact decimals, shortest round-trip reals) into a
//! reused [`csv::ByteRecord`]; the `csv` writer joins and quotes them (`QuoteStyle::Necessary`:
//! a cell with a comma, a quote or a line break is quoted, its quotes doubled), checks that every
//! row has as many cells as the header, and hands the file 1 MiB at a time.
//!
//! What this costs against joining the same cells by hand is measured by `cargo bench --bench
//! csv_write` (the numbers are in `docs/speed.md`): for these outputs, a few thousand rows a
//! run, a share of the run too small to matter, for the same bytes. The transaction log, with
//! millions of rows, keeps its own writer (see [`crate::transactions`]).

use std::io;
use std::path::{Path, PathBuf};

use crate::atomic::{AtomicFile, Staged};
use crate::error::ReportError;

/// Bytes the `csv` writer gathers before it hands them to the file.
const CHUNK: usize = 1 << 20;

/// A CSV file written row by row through a `csv::Writer` (see the module documentation).
#[derive(Debug)]
pub struct CsvWriter {
    path: PathBuf,
    /// `None` only after a failed [`CsvWriter::copy`] took the file back.
    writer: Option<csv::Writer<FileOut>>,
    record: csv::ByteRecord,
    cell: Vec<u8>,
}

/// The file under a `csv::Writer`: each chunk goes to [`AtomicFile::write_all`], an error as
/// an I/O error that carries the [`ReportError`].
#[derive(Debug)]
struct FileOut(AtomicFile);

impl io::Write for FileOut {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_all(buf).map_err(io::Error::other)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn writer(out: FileOut) -> csv::Writer<FileOut> {
    csv::WriterBuilder::new().buffer_capacity(CHUNK).quote_style(csv::QuoteStyle::Necessary).from_writer(out)
}

impl CsvWriter {
    /// Writes the rows of `file`, whose first row should be its header ([`CsvWriter::header`]).
    pub fn new(file: AtomicFile) -> CsvWriter {
        CsvWriter {
            path: file.path().to_owned(),
            writer: Some(writer(FileOut(file))),
            record: csv::ByteRecord::new(),
            cell: Vec::with_capacity(64),
        }
    }

    /// The file's final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes a row of text cells (the header), quoted where they must be.
    pub fn header<I: AsRef<[u8]>>(&mut self, names: impl IntoIterator<Item = I>) -> Result<(), ReportError> {
        self.record.clear();
        for name in names {
            self.record.push_field(name.as_ref());
        }
        self.end_row()
    }

    /// Adds a cell to the current row: `write` appends its bytes to an empty buffer, and they
    /// are quoted if they must be.
    #[inline]
    pub fn cell(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        self.cell.clear();
        write(&mut self.cell);
        self.record.push_field(&self.cell);
    }

    /// Adds a cell of `bytes` to the current row (a text cell, unquoted: quoted if it must be).
    #[inline]
    pub fn field(&mut self, bytes: &[u8]) {
        self.record.push_field(bytes);
    }

    /// Writes the current row and starts the next.
    #[inline]
    pub fn end_row(&mut self) -> Result<(), ReportError> {
        let Some(w) = self.writer.as_mut() else {
            return Err(closed(&self.path));
        };
        let written = w.write_byte_record(&self.record);
        self.record.clear();
        written.map_err(|e| csv_error(&self.path, e))
    }

    /// Appends `bytes`, whole CSV rows already written, as they are (e.g. rows of a file being
    /// merged, whose hash was checked).
    pub fn copy(&mut self, bytes: &[u8]) -> Result<(), ReportError> {
        let mut out = self.take_file()?;
        out.0.write_all(bytes)?;
        self.writer = Some(writer(out));
        Ok(())
    }

    /// Writes out every row, to be put in place with the other outputs ([`Staged::persist`]).
    pub fn stage(mut self) -> Result<Staged, ReportError> {
        self.take_file()?.0.stage()
    }

    /// Flushes the `csv` writer and takes its file back.
    fn take_file(&mut self) -> Result<FileOut, ReportError> {
        let w = self.writer.take().ok_or_else(|| closed(&self.path))?;
        w.into_inner().map_err(|e| io_error(&self.path, e.into_error()))
    }
}

/// The error of a write that failed: the file's own [`ReportError`] if it raised one.
fn io_error(path: &Path, e: io::Error) -> ReportError {
    if e.get_ref().is_some_and(|inner| inner.is::<ReportError>())
        && let Some(inner) = e.into_inner()
        && let Ok(report) = inner.downcast::<ReportError>()
    {
        return *report;
    }
    ReportError::io(path, "write", io::Error::other("the CSV writer failed"))
}

/// A `csv` error while writing `path`.
fn csv_error(path: &Path, e: csv::Error) -> ReportError {
    if e.is_io_error()
        && let csv::ErrorKind::Io(io) = e.into_kind()
    {
        return io_error(path, io);
    }
    // A row with another number of cells than the header: a bug of the caller, said as such.
    ReportError::io(path, "write", io::Error::new(io::ErrorKind::InvalidData, "a row with another number of cells"))
}

fn closed(path: &Path) -> ReportError {
    ReportError::io(path, "write", io::Error::other("the file was closed after an error"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::{push_f64, push_u64};

    #[test]
    fn rows_are_joined_and_quoted_as_rfc_4180_says() -> Result<(), ReportError> {
        let dir = tempfile::tempdir().map_err(|e| ReportError::io(Path::new("."), "create", e))?;
        let path = dir.path().join("t.csv");
        let mut w = CsvWriter::new(AtomicFile::create(&path)?);
        w.header(["a", "b,c", "d"])?;
        w.cell(|c| push_u64(c, 7));
        w.field(b"say \"hi\"\nthere");
        w.cell(|c| push_f64(c, f64::NAN));
        w.end_row()?;
        w.copy(b"1,2,3\n")?;
        w.cell(|c| push_f64(c, 0.5));
        w.field(b"");
        w.field(b"x");
        w.end_row()?;
        let written = w.stage()?.persist()?;
        let text = std::fs::read_to_string(&path).map_err(|e| ReportError::io(&path, "read", e))?;
        assert_eq!(text, "a,\"b,c\",d\n7,\"say \"\"hi\"\"\nthere\",\n1,2,3\n0.5,,x\n");
        assert_eq!(written.bytes, text.len() as u64);
        Ok(())
    }

    #[test]
    fn a_row_of_another_length_is_an_error_naming_the_file() -> Result<(), ReportError> {
        let dir = tempfile::tempdir().map_err(|e| ReportError::io(Path::new("."), "create", e))?;
        let path = dir.path().join("t.csv");
        let mut w = CsvWriter::new(AtomicFile::create(&path)?);
        w.header(["a", "b"])?;
        w.field(b"1");
        let e = w.end_row().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("t.csv") && e.contains("another number of cells"), "{e}");
        Ok(())
    }
}
