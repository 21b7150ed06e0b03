//! [`ParquetFile`]: `RecordBatch`es written as a Parquet file into an [`AtomicFile`], so a
//! Parquet output is whole or absent, tallied for the manifest as it is written, and renamed
//! into place with a run's other outputs, exactly as a CSV is.
//!
//! **Bytes that depend on the rows alone.** The writer's `created_by` is the fixed
//! [`CREATED_BY`] (not the parquet crate's version), no key-value metadata is added but the
//! Arrow schema the writer embeds (so that readers restore the dictionary and decimal types),
//! and rows reach the encoder in batches of exactly [`WRITE_ROWS`] rows, aligned on the file's
//! row numbers, whatever batches they came in: the encoder closes its pages and row groups
//! after whole mini-batches of that size, so the same rows give the same bytes however they
//! were split (a step at a time, a shard's file read back, one table). That is what lets a
//! merge of shards write the bytes of an unsharded sweep.
//!
//! **Row groups of [`ROW_GROUP_ROWS`] rows (128 Ki) and zstd level [`ZSTD_LEVEL`] (1)**, chosen
//! by `cargo bench --bench parquet_write` on the default run's transaction log (the table of
//! sizes, times and memory is in `docs/speed.md`). Above a few tens of thousands of rows a row
//! group's size barely matters to the file, while the encoder keeps the compressed pages of
//! the row group it is writing, so memory grows with it; 128 Ki rows (about what DuckDB
//! writes, 122,880) keeps memory near the CSV run's and leaves readers many row groups to read
//! in parallel. Higher zstd levels save little for several times the time. Per column type:
//! reals (`Float64`) without a dictionary (zstd finds the runs of equal prices that a
//! dictionary's indices hide), amounts (`Decimal128`) without statistics (their 16-byte
//! min/max comparisons are costly to encode, and a reader rarely filters on an amount), and
//! pages closed by size (1 MiB) rather than every 20,000 rows, which makes the file smaller.
//! The log's amounts and prices are mostly distinct numbers of 60 bits or more, which no
//! encoding compresses much below what their columns take.
//!
//! **Two threads can share the encoding** ([`ParquetFile::with_helper`]): the low-level
//! writer API encodes each column independently, so a helper thread encodes some columns of
//! every row group while this one encodes the others and writes the file; the chunks are
//! appended in column order, so the bytes are those of one thread.
//!
//! The encoder keeps the compressed pages of the row group being written (a few MB), never
//! the rows of the file: memory stays flat in the number of rows.

use std::io;
use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Schema, SchemaRef};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_writer::{ArrowColumnChunk, ArrowColumnWriter, ArrowRowGroupWriterFactory, compute_leaves};
use parquet::basic::{Compression, ZstdLevel};
use parquet::errors::ParquetError;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::ColumnPath;

use crate::atomic::{AtomicFile, Staged};
use crate::error::ReportError;

/// The writer recorded in every file's footer.
pub const CREATED_BY: &str = "grassroot";

/// Rows per call to the encoder (its mini-batch: the parquet crate's default write batch).
pub const WRITE_ROWS: usize = 1024;

/// Rows per row group (a multiple of [`WRITE_ROWS`]).
pub const ROW_GROUP_ROWS: usize = 128 * 1024;

/// Batches that may wait for the helper thread ([`ParquetFile::with_helper`]).
const HELPER_QUEUE: usize = 8;

/// The zstd compression level.
pub const ZSTD_LEVEL: i32 = 1;

/// How a Parquet file is written (the defaults are the outputs'; benchmarks vary them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParquetOptions {
    /// Rows per row group; rounded up to a multiple of [`WRITE_ROWS`].
    pub row_group_rows: usize,
    /// The zstd level (1 to 22); 0 writes uncompressed pages.
    pub zstd_level: i32,
}

impl Default for ParquetOptions {
    fn default() -> ParquetOptions {
        ParquetOptions { row_group_rows: ROW_GROUP_ROWS, zstd_level: ZSTD_LEVEL }
    }
}

impl ParquetOptions {
    /// The writer properties these options give for `schema` (see the module documentation
    /// for each choice).
    pub fn properties(&self, schema: &Schema) -> Result<WriterProperties, parquet::errors::ParquetError> {
        let compression = match self.zstd_level {
            0 => Compression::UNCOMPRESSED,
            level => Compression::ZSTD(ZstdLevel::try_new(level)?),
        };
        let rows = self.row_group_rows.max(1).div_ceil(WRITE_ROWS) * WRITE_ROWS;
        let mut b = WriterProperties::builder()
            .set_created_by(CREATED_BY.to_owned())
            .set_compression(compression)
            .set_write_batch_size(WRITE_ROWS)
            .set_max_row_group_row_count(Some(rows))
            .set_max_row_group_bytes(None)
            .set_data_page_row_count_limit(usize::MAX);
        for field in schema.fields() {
            let path = ColumnPath::from(field.name().as_str());
            b = match field.data_type() {
                DataType::Decimal128(..) => b.set_column_statistics_enabled(path, EnabledStatistics::None),
                DataType::Float64 => b.set_column_dictionary_enabled(path, false),
                _ => b,
            };
        }
        Ok(b.build())
    }
}

/// The file under the Parquet writer: every write goes to [`AtomicFile::write_all`]; an
/// error is an I/O error carrying the [`ReportError`].
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

/// A Parquet file being written (see the module documentation).
pub struct ParquetFile {
    path: PathBuf,
    schema: SchemaRef,
    /// `None` only once the footer was written, or after an error.
    file: Option<SerializedFileWriter<FileOut>>,
    factory: ArrowRowGroupWriterFactory,
    row_group_rows: usize,
    /// The column writers of the row group being written, by column, those encoded here.
    group: Option<Vec<(usize, ArrowColumnWriter)>>,
    /// Rows in the row group being written, and row groups written.
    in_group: usize,
    groups: usize,
    /// The columns another thread encodes, and that thread.
    helper: Option<Helper>,
    helped: Vec<usize>,
    /// Rows waiting for a whole [`WRITE_ROWS`] batch, fewer than that.
    pending: Vec<RecordBatch>,
    pending_rows: usize,
    rows: u64,
}

impl std::fmt::Debug for ParquetFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetFile").field("path", &self.path).field("rows", &self.rows).finish_non_exhaustive()
    }
}

/// Work for the helper thread.
enum ToHelper {
    /// The column writers of a new row group, for its columns.
    Start(Vec<(usize, ArrowColumnWriter)>),
    /// Rows to encode (the helper encodes its columns of them).
    Rows(RecordBatch),
    /// The row group is whole: close its writers and send their chunks back.
    End,
}

/// What the helper sends back at the end of each row group.
type Chunks = Result<Vec<(usize, ArrowColumnChunk)>, ParquetError>;

/// A thread that encodes some columns of every row group (see [`ParquetFile::with_helper`]).
struct Helper {
    work: Option<SyncSender<ToHelper>>,
    chunks: Receiver<Chunks>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Helper {
    fn drop(&mut self) {
        drop(self.work.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Encodes `batch`'s columns into `writers` (each with its column's index).
fn encode_columns(
    schema: &Schema,
    writers: &mut [(usize, ArrowColumnWriter)],
    batch: &RecordBatch,
) -> Result<(), ParquetError> {
    for (i, writer) in writers.iter_mut() {
        let (Some(field), Some(column)) = (schema.fields().get(*i), batch.columns().get(*i)) else {
            return Err(ParquetError::General(format!("no column {i}")));
        };
        for leaf in compute_leaves(field, column)? {
            writer.write(&leaf)?;
        }
    }
    Ok(())
}

/// The helper thread: encodes its columns of every batch, and hands the chunks back at the
/// end of each row group (or the first error).
fn help(schema: &Schema, work: &Receiver<ToHelper>, chunks: &SyncSender<Chunks>) {
    let mut writers: Vec<(usize, ArrowColumnWriter)> = Vec::new();
    let mut failed: Option<ParquetError> = None;
    for job in work {
        match job {
            ToHelper::Start(w) => writers = w,
            ToHelper::Rows(batch) => {
                if failed.is_none()
                    && let Err(e) = encode_columns(schema, &mut writers, &batch)
                {
                    failed = Some(e);
                }
            }
            ToHelper::End => {
                let closed = match failed.take() {
                    Some(e) => Err(e),
                    None => std::mem::take(&mut writers).into_iter().map(|(i, w)| w.close().map(|c| (i, c))).collect(),
                };
                if chunks.send(closed).is_err() {
                    return;
                }
            }
        }
    }
}

impl ParquetFile {
    /// Starts writing `file` as Parquet with `schema` and the outputs' options.
    pub fn new(file: AtomicFile, schema: SchemaRef) -> Result<ParquetFile, ReportError> {
        ParquetFile::with_options(file, schema, ParquetOptions::default())
    }

    /// Starts writing `file` as Parquet with `schema` and `options`.
    pub fn with_options(
        file: AtomicFile,
        schema: SchemaRef,
        options: ParquetOptions,
    ) -> Result<ParquetFile, ReportError> {
        let path = file.path().to_owned();
        let props = options.properties(&schema).map_err(|e| parquet_error(&path, e))?;
        let row_group_rows = props.max_row_group_row_count().unwrap_or(ROW_GROUP_ROWS);
        let writer = ArrowWriter::try_new(FileOut(file), SchemaRef::clone(&schema), Some(props))
            .map_err(|e| parquet_error(&path, e))?;
        let (file, factory) = writer.into_serialized_writer().map_err(|e| parquet_error(&path, e))?;
        Ok(ParquetFile {
            path,
            schema,
            file: Some(file),
            factory,
            row_group_rows,
            group: None,
            in_group: 0,
            groups: 0,
            helper: None,
            helped: Vec::new(),
            pending: Vec::new(),
            pending_rows: 0,
            rows: 0,
        })
    }

    /// Starts `path` (its folder must exist) with `schema`.
    pub fn create(path: &Path, schema: SchemaRef) -> Result<ParquetFile, ReportError> {
        ParquetFile::new(AtomicFile::create(path)?, schema)
    }

    /// Has a thread of its own encode the columns `columns` (by index), beside this one, which
    /// encodes the others and writes the file: the encoding of a large table is shared by two
    /// cores. Each column's pages are the same whichever thread encodes them, so the bytes are
    /// too.
    pub fn with_helper(mut self, columns: &[usize]) -> Result<ParquetFile, ReportError> {
        let (work, inbox) = sync_channel::<ToHelper>(HELPER_QUEUE);
        let (chunks_back, chunks) = sync_channel::<Chunks>(1);
        let schema = SchemaRef::clone(&self.schema);
        let thread = std::thread::Builder::new()
            .name("grassroot-parquet".to_owned())
            .spawn(move || help(&schema, &inbox, &chunks_back))
            .map_err(|e| ReportError::io(&self.path, "start an encoding thread for", e))?;
        self.helper = Some(Helper { work: Some(work), chunks, thread: Some(thread) });
        self.helped = columns.to_vec();
        Ok(self)
    }

    /// The file's final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema of its rows.
    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Appends the rows of `batch` (of the file's schema, or of one with the same fields:
    /// the file's schema is the one written).
    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), ReportError> {
        let batch = if batch.schema() == self.schema {
            batch.clone()
        } else {
            RecordBatch::try_new(SchemaRef::clone(&self.schema), batch.columns().to_vec())
                .map_err(|e| self.error(&e.to_string()))?
        };
        self.rows += batch.num_rows() as u64;
        let mut at = 0;
        let n = batch.num_rows();
        if self.pending_rows > 0 {
            let take = (WRITE_ROWS - self.pending_rows).min(n);
            self.pending.push(batch.slice(0, take));
            self.pending_rows += take;
            at = take;
            if self.pending_rows < WRITE_ROWS {
                return Ok(());
            }
            self.write_pending()?;
        }
        while n - at >= WRITE_ROWS {
            self.encode(&batch.slice(at, WRITE_ROWS))?;
            at += WRITE_ROWS;
        }
        if at < n {
            self.pending.push(batch.slice(at, n - at));
            self.pending_rows = n - at;
        }
        Ok(())
    }

    /// Writes the pending rows as one batch.
    fn write_pending(&mut self) -> Result<(), ReportError> {
        if self.pending_rows == 0 {
            return Ok(());
        }
        let joined = arrow_select::concat::concat_batches(&self.schema, &self.pending)
            .map_err(|e| self.error(&e.to_string()))?;
        self.pending.clear();
        self.pending_rows = 0;
        self.encode(&joined)
    }

    /// Encodes rows (at most [`WRITE_ROWS`], aligned on the file's rows) into the row group,
    /// which is closed when whole.
    fn encode(&mut self, batch: &RecordBatch) -> Result<(), ReportError> {
        if self.group.is_none() {
            let writers = self.factory.create_column_writers(self.groups).map_err(|e| parquet_error(&self.path, e))?;
            let (theirs, mine): (Vec<_>, Vec<_>) =
                writers.into_iter().enumerate().partition(|(i, _)| self.helper.is_some() && self.helped.contains(i));
            if !theirs.is_empty() {
                self.send_helper(ToHelper::Start(theirs))?;
            }
            self.group = Some(mine);
        }
        if self.helper.is_some() && !self.helped.is_empty() {
            self.send_helper(ToHelper::Rows(batch.clone()))?;
        }
        let Some(mine) = self.group.as_mut() else {
            return Err(self.error("no row group"));
        };
        encode_columns(&self.schema, mine, batch).map_err(|e| parquet_error(&self.path, e))?;
        self.in_group += batch.num_rows();
        if self.in_group >= self.row_group_rows {
            self.close_group()?;
        }
        Ok(())
    }

    fn send_helper(&mut self, job: ToHelper) -> Result<(), ReportError> {
        let sent = self.helper.as_ref().and_then(|h| h.work.as_ref()).is_some_and(|w| w.send(job).is_ok());
        if sent { Ok(()) } else { Err(self.error("the encoding thread stopped")) }
    }

    /// Closes the row group being written: its chunks, this thread's and the helper's, are
    /// appended in column order.
    fn close_group(&mut self) -> Result<(), ReportError> {
        let Some(mine) = self.group.take() else {
            return Ok(());
        };
        let path = self.path.clone();
        let mut chunks: Vec<(usize, ArrowColumnChunk)> = mine
            .into_iter()
            .map(|(i, w)| w.close().map(|c| (i, c)))
            .collect::<Result<_, _>>()
            .map_err(|e| parquet_error(&path, e))?;
        if self.helper.is_some() && !self.helped.is_empty() {
            self.send_helper(ToHelper::End)?;
            let theirs = self.helper.as_ref().map(|h| h.chunks.recv());
            match theirs {
                Some(Ok(Ok(theirs))) => chunks.extend(theirs),
                Some(Ok(Err(e))) => return Err(parquet_error(&path, e)),
                _ => return Err(self.error("the encoding thread stopped")),
            }
        }
        chunks.sort_by_key(|(i, _)| *i);
        let Some(file) = self.file.as_mut() else {
            return Err(self.error("the file was closed after an error"));
        };
        let mut group = file.next_row_group().map_err(|e| parquet_error(&path, e))?;
        for (_, chunk) in chunks {
            chunk.append_to_row_group(&mut group).map_err(|e| parquet_error(&path, e))?;
        }
        group.close().map_err(|e| parquet_error(&path, e))?;
        self.groups += 1;
        self.in_group = 0;
        Ok(())
    }

    /// Writes out every row and the footer, to be put in place with the other outputs
    /// ([`Staged::persist`]).
    pub fn stage(mut self) -> Result<Staged, ReportError> {
        self.write_pending()?;
        self.close_group()?;
        drop(self.helper.take());
        let Some(file) = self.file.take() else {
            return Err(self.error("the file was closed after an error"));
        };
        let out = file.into_inner().map_err(|e| parquet_error(&self.path, e))?;
        out.0.stage()
    }

    fn error(&self, message: &str) -> ReportError {
        ReportError::io(&self.path, "write", io::Error::other(message.to_owned()))
    }
}

/// A Parquet error while writing `path`: the file's own [`ReportError`] if an I/O error
/// raised one.
fn parquet_error(path: &Path, e: ParquetError) -> ReportError {
    match e {
        ParquetError::External(inner) => match inner.downcast::<io::Error>() {
            Ok(io) => io_error(path, *io),
            Err(other) => ReportError::io(path, "write", io::Error::other(other.to_string())),
        },
        other => ReportError::io(path, "write", io::Error::other(other.to_string())),
    }
}

/// The [`ReportError`] an I/O error carries, or the error itself.
fn io_error(path: &Path, e: io::Error) -> ReportError {
    if !e.get_ref().is_some_and(|inner| inner.is::<ReportError>()) {
        return ReportError::io(path, "write", e);
    }
    match e.into_inner().map(|inner| inner.downcast::<ReportError>()) {
        Some(Ok(report)) => *report,
        _ => ReportError::io(path, "write", io::Error::other("the Parquet writer failed")),
    }
}

/// Reads the Parquet file at `path` batch by batch: the columns named `columns`, in the file's
/// order (every column when `None`). A file that is not Parquet, or lacks a column, is an
/// error naming it.
pub fn read_batches(
    path: &Path,
    columns: Option<&[&str]>,
) -> Result<parquet::arrow::arrow_reader::ParquetRecordBatchReader, ReportError> {
    read_batches_from(crate::atomic::open(path)?, path, columns)
}

/// [`read_batches`] of an open file (`path` names it in errors): a staged file, read before
/// it is put in place.
pub fn read_batches_from(
    file: std::fs::File,
    path: &Path,
    columns: Option<&[&str]>,
) -> Result<parquet::arrow::arrow_reader::ParquetRecordBatchReader, ReportError> {
    use parquet::arrow::ProjectionMask;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let bad = |e: parquet::errors::ParquetError| ReportError::io(path, "read", io::Error::other(e.to_string()));
    let mut builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(bad)?.with_batch_size(8 * WRITE_ROWS);
    if let Some(names) = columns {
        let schema = builder.schema();
        if let Some(missing) = names.iter().find(|n| schema.field_with_name(n).is_err()) {
            return Err(ReportError::io(path, "read", io::Error::other(format!("it has no column {missing}"))));
        }
        let mask = ProjectionMask::columns(builder.parquet_schema(), names.iter().copied());
        builder = builder.with_projection(mask);
    }
    builder.build().map_err(bad)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Float64Array, Int64Array};

    use super::*;
    use crate::arrow::{ColumnKind, table_schema};

    fn rows(schema: &SchemaRef, from: u64, n: u64) -> Result<RecordBatch, ReportError> {
        let counts: ArrayRef = Arc::new(Int64Array::from_iter_values((from..from + n).map(|i| i as i64)));
        let reals: ArrayRef = Arc::new(Float64Array::from_iter_values((from..from + n).map(|i| (i % 97) as f64 / 7.0)));
        RecordBatch::try_new(Arc::clone(schema), vec![counts, reals]).map_err(|e| ReportError::Plot(e.to_string()))
    }

    /// Writes rows 0..n, split into batches at `cuts`, with a helper for `helped`; returns the
    /// file's bytes.
    fn written(
        dir: &Path,
        cuts: &[u64],
        n: u64,
        options: ParquetOptions,
        helped: Option<&[usize]>,
    ) -> Result<Vec<u8>, ReportError> {
        let schema = table_schema(&[("n", ColumnKind::Count, false), ("x", ColumnKind::Real, true)]);
        let path = dir.join("t.parquet");
        let mut file = ParquetFile::with_options(AtomicFile::create(&path)?, Arc::clone(&schema), options)?;
        if let Some(columns) = helped {
            file = file.with_helper(columns)?;
        }
        let mut at = 0;
        for &cut in cuts.iter().chain([&n]) {
            file.write(&rows(&schema, at, cut - at)?)?;
            at = cut;
        }
        assert_eq!(file.rows(), n);
        file.stage()?.persist()?;
        std::fs::read(&path).map_err(|e| ReportError::io(&path, "read", e))
    }

    #[test]
    fn the_same_rows_give_the_same_bytes_however_they_are_split() -> Result<(), ReportError> {
        let dir = tempfile::tempdir().map_err(|e| ReportError::io(Path::new("."), "create", e))?;
        let small = ParquetOptions { row_group_rows: 3 * WRITE_ROWS, zstd_level: 1 };
        let n = 10_000;
        let one = written(dir.path(), &[], n, small, None)?;
        for cuts in [&[1, 2, 3][..], &[1023, 1024, 1025, 5000], &[999, 2999, 3072, 9999], &[4096, 7777]] {
            assert!(written(dir.path(), cuts, n, small, None)? == one, "split at {cuts:?}");
        }
        for helped in [&[0][..], &[1], &[0, 1]] {
            assert!(written(dir.path(), &[5000], n, small, Some(helped))? == one, "helper for {helped:?}");
        }
        assert!(one.starts_with(b"PAR1") && one.ends_with(b"PAR1"));
        let text = String::from_utf8_lossy(&one);
        assert!(text.contains(CREATED_BY) && !text.contains("parquet-rs"), "the writer is grassroot, not a version");
        Ok(())
    }
}
