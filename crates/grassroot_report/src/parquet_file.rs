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
//! **Row groups of [`ROW_GROUP_ROWS`] rows (1 Mi) and zstd level [`ZSTD_LEVEL`] (1)**, chosen by
//! measuring the default run's transaction log (5.15 million rows, `cargo bench --bench
//! parquet_write` on the loaded 2-core machine; sizes are exact, times medians of 3):
//!
//! | row groups | zstd 1 | zstd 3 | zstd 6 | zstd 9 |
//! |---|---|---|---|---|
//! | 64 Ki rows | 95.0 MB | 92.4 MB | 90.2 MB | 87.6 MB |
//! | 256 Ki rows | 94.8 MB | 93.1 MB | 90.4 MB | 89.5 MB |
//! | 1 Mi rows | 84.9 MB | 83.4 MB | 80.8 MB | 80.0 MB |
//!
//! Larger row groups compress better (each starts its dictionaries anew), and 1 Mi rows keep
//! only the row group's compressed pages in memory (about 16 MB for the log); level 3 saves 1%
//! for 15-20% more time, level 6 3% for twice the time, so level 1. Then, per column type:
//! reals (`Float64`) without a dictionary (the log's prices: 16.6 MB with one, 12.4 MB
//! without: zstd finds the runs of equal prices that the dictionary's indices hide), amounts
//! (`Decimal128`) without statistics (their 16-byte min/max comparisons were a quarter of the
//! encoding time, and a reader rarely filters on an amount), and pages closed by size
//! (1 MiB) rather than every 20,000 rows (1.5% smaller). With all of it: 79.0 MB, 1/7.4 of the
//! CSV's 582 MB, against the goal of 1/8: the log's amounts and prices are mostly distinct
//! numbers of 60 bits or more (2.34 million distinct xDAI changes, balances and prices), which
//! no encoding compresses much below what these columns take.
//!
//! The encoder keeps the compressed pages of the row group being written (a few MB), never
//! the rows of the file: memory stays flat in the number of rows.

use std::io;
use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;

use crate::atomic::{AtomicFile, Staged};
use crate::error::ReportError;

/// The writer recorded in every file's footer.
pub const CREATED_BY: &str = "grassroot";

/// Rows per call to the encoder (its mini-batch: the parquet crate's default write batch).
pub const WRITE_ROWS: usize = 1024;

/// Rows per row group (a multiple of [`WRITE_ROWS`]).
pub const ROW_GROUP_ROWS: usize = 1024 * 1024;

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
    writer: Option<ArrowWriter<FileOut>>,
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
        let writer = ArrowWriter::try_new(FileOut(file), SchemaRef::clone(&schema), Some(props))
            .map_err(|e| parquet_error(&path, e))?;
        Ok(ParquetFile { path, schema, writer: Some(writer), pending: Vec::new(), pending_rows: 0, rows: 0 })
    }

    /// Starts `path` (its folder must exist) with `schema`.
    pub fn create(path: &Path, schema: SchemaRef) -> Result<ParquetFile, ReportError> {
        ParquetFile::new(AtomicFile::create(path)?, schema)
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

    fn encode(&mut self, batch: &RecordBatch) -> Result<(), ReportError> {
        let Some(w) = self.writer.as_mut() else {
            return Err(self.error("the file was closed after an error"));
        };
        w.write(batch).map_err(|e| parquet_error(&self.path, e))
    }

    /// Writes out every row and the footer, to be put in place with the other outputs
    /// ([`Staged::persist`]).
    pub fn stage(mut self) -> Result<Staged, ReportError> {
        self.write_pending()?;
        let Some(w) = self.writer.take() else {
            return Err(self.error("the file was closed after an error"));
        };
        let out = w.into_inner().map_err(|e| parquet_error(&self.path, e))?;
        out.0.stage()
    }

    fn error(&self, message: &str) -> ReportError {
        ReportError::io(&self.path, "write", io::Error::other(message.to_owned()))
    }
}

/// A Parquet error while writing `path`: the file's own [`ReportError`] if an I/O error
/// raised one.
fn parquet_error(path: &Path, e: parquet::errors::ParquetError) -> ReportError {
    use parquet::errors::ParquetError;
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
    use parquet::arrow::ProjectionMask;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let bad = |e: parquet::errors::ParquetError| ReportError::io(path, "read", io::Error::other(e.to_string()));
    let file = crate::atomic::open(path)?;
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
