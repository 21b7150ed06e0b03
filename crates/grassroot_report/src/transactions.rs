//! `transaction_history.csv` and `transaction_history.parquet`: every transaction of the run,
//! streamed step by step, so memory stays flat however long the run.
//!
//! The log is the largest output by far, and formatting its numbers costs more than the
//! simulation itself (see `docs/speed.md`). So the work is shared between the
//! simulation's thread and a writer thread: each step, if the writer's queue has room, the
//! step's transactions are handed over raw (not copied: the engine's buffer is taken over) and
//! the writer formats and writes them; otherwise the simulation's thread formats them itself
//! (CSV rows as bytes, Parquet rows as a `RecordBatch` of the step, [`TxBatcher`]) and hands
//! those over. The writer writes every job in the order it was sent, so the files' bytes do
//! not depend on who formatted which step. For Parquet, encoding and compressing the columns
//! is the costly part: the writer encodes six of them and a helper thread the other five
//! ([`HELPED_COLUMNS`]; see `docs/speed.md`).
//!
//! Rows are written in place into a [`RowBuf`] (one check of room per row, names copied as
//! fixed 32-byte [`ShortText`]s, an amount that repeats the last of its column copied rather
//! than formatted; see `cells.rs` for what that saves). A role or action name longer than 31
//! bytes takes the general path, a [`Line`].
//!
//! It joins its cells by hand (then [`Line`]) rather than through a `csv::Writer` as the other
//! CSV outputs do, because a benchmark says so (`cargo bench --bench csv_write`: the same
//! cells written both ways give the same bytes, and a `csv::Writer` would add far more to a
//! default run than the 3% a switch may cost; the numbers are in `docs/speed.md`). Of its
//! cells only a role name could need quotes, and it is quoted once, as RFC 4180 says, when the
//! log starts; the others are numbers and lower snake case action names.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use arrow_array::RecordBatch;
use grassroot_sim::{Roles, Tx};

use crate::arrow::TxBatcher;
use crate::atomic::{AtomicFile, Staged};
use grassroot_amm::DecimalText;

use crate::cells::{Line, Real, RowBuf, ShortText, push_text, write_count};
use crate::error::ReportError;
use crate::parquet_file::ParquetFile;

/// The columns of `transaction_history.csv`.
pub const TX_COLUMNS: &str = "step,agent_id,role,action,ddt,xdai,lp,ddt_after,xdai_after,lp_after,price_after\n";

/// Bytes the writer gathers before it writes them.
const CHUNK: usize = 1 << 20;

/// The columns of the Parquet log that a second thread encodes (step, role, xdai, lp,
/// xdai_after), beside the writer, which encodes the others and writes the file: about half
/// of the encoding time each (see `docs/speed.md`).
pub const HELPED_COLUMNS: [usize; 5] = [0, 2, 5, 6, 8];

/// Jobs that may wait for the writer: bounds memory to a few steps' worth.
const JOBS_IN_FLIGHT: usize = 4;

/// A step is handed to the writer raw while fewer jobs than this are pending (so that sending
/// never waits); otherwise the simulation's thread formats it itself.
const HAND_OVER_BELOW: usize = JOBS_IN_FLIGHT;

/// Streams transactions to CSV and/or Parquet, formatting them on whichever thread is free
/// (see the module documentation).
#[derive(Debug)]
pub struct TransactionLog {
    jobs: Option<SyncSender<Job>>,
    /// Transaction buffers the writer is done with, for reuse.
    spare_rows: Receiver<Vec<Tx>>,
    /// Byte buffers the writer is done with, for reuse.
    spare_bytes: Receiver<RowBuf>,
    /// Jobs sent and not yet finished by the writer.
    pending: Arc<AtomicUsize>,
    writer: Option<JoinHandle<Result<Vec<Staged>, ReportError>>>,
    formats: Formats,
    /// The last step this thread formatted, kept for reuse as a buffer.
    kept_rows: Vec<Tx>,
    buf: RowBuf,
    rows: u64,
    path: std::path::PathBuf,
}

/// Work for the writer thread, in file order.
#[derive(Debug)]
enum Job {
    /// Transactions of a step, to format and write.
    Rows { step: u64, txs: Vec<Tx> },
    /// A step formatted by the simulation's thread, to write as it is (boxed: a [`RowBuf`]
    /// carries its columns' last amounts).
    Formatted(Box<Formatted>),
}

/// A step as the simulation's thread formatted it: CSV rows (empty when the log has no CSV
/// file) and its Parquet batch.
#[derive(Debug)]
struct Formatted {
    bytes: RowBuf,
    batch: Option<RecordBatch>,
}

/// The formatters of the log's files (one side each, on the writer and on the simulation's
/// thread).
#[derive(Clone, Debug)]
struct Formats {
    csv: Option<RowFormat>,
    parquet: Option<TxBatcher>,
}

/// The files of the log, on the writer thread.
struct Sinks {
    csv: Option<AtomicFile>,
    parquet: Option<(ParquetFile, std::path::PathBuf)>,
}

/// Formats transactions as the log's CSV rows: role and action names, the last price's cell,
/// and the amounts most recently written. The writer thread and the simulation's thread each
/// hold one; public so that a benchmark measures this very formatter.
#[derive(Clone, Debug)]
pub struct RowFormat {
    /// Each role's cell with its comma (`None` if longer than a [`ShortText`]).
    role_cells: Vec<Option<ShortText>>,
    role_names: Vec<Vec<u8>>,
    /// The actions seen, each with its cell and comma (`None` if longer than a [`ShortText`]).
    actions: Vec<(&'static str, Option<ShortText>)>,
    line: Line,
    price: Real,
}

/// The most a row written by [`RowFormat`]'s fast path takes, with the slack of its last cell:
/// a step and an agent (20 digits each at most), two names of 32 bytes with their commas, six
/// amounts of 40 bytes with a sign and a comma, a price of 24, a line break.
const ROW_ROOM: usize = 512;

impl RowFormat {
    /// A formatter for the roles of a run.
    pub fn new(roles: &Roles) -> RowFormat {
        let role_names: Vec<Vec<u8>> = roles
            .iter()
            .map(|(_, info)| {
                let mut v = Vec::new();
                push_text(&mut v, &info.name);
                v
            })
            .collect();
        let role_cells = role_names.iter().map(|name| ShortText::new(&[name.as_slice(), b","].concat())).collect();
        RowFormat { role_cells, role_names, actions: Vec::new(), line: Line::default(), price: Real::default() }
    }

    /// Appends one row per transaction of `step` to `out`.
    pub fn rows(&mut self, step: u64, txs: &[Tx], out: &mut RowBuf) {
        let mut step_cell = [0; DecimalText::CAPACITY];
        let len = write_count(step, &mut step_cell);
        step_cell[len] = b',';
        let step_cell = ShortText::new(&step_cell[..=len]);
        for tx in txs {
            let action = self.action_cell(tx.action.name());
            let (Some(step), Some(Some(role)), Some(action)) =
                (step_cell, self.role_cells.get(tx.role.index()), action)
            else {
                self.long_row(step, tx, out);
                continue;
            };
            out.room(ROW_ROOM);
            let mut c = out.cells();
            c.short(&step);
            c.count(u64::from(tx.agent.0));
            c.byte(b',');
            c.short(role);
            c.short(&action);
            // A change repeats the same column's last amount; a balance after it, that or
            // the change itself (a member's first dDT).
            c.delta_amount(0, 0, tx.ddt);
            c.byte(b',');
            c.delta_amount(1, 1, tx.xdai);
            c.byte(b',');
            c.delta_amount(2, 2, tx.lp);
            c.byte(b',');
            c.amount(3, 0, tx.after.ddt);
            c.byte(b',');
            c.amount(4, 1, tx.after.xdai);
            c.byte(b',');
            c.amount(5, 2, tx.after.lp);
            c.byte(b',');
            self.price.set(tx.price_after);
            c.real(&self.price);
            c.byte(b'\n');
            c.end();
        }
    }

    /// The cell of action `name` with its comma.
    #[inline]
    fn action_cell(&mut self, name: &'static str) -> Option<ShortText> {
        // The two actions seen last are kept first: the log alternates between two (a Pie
        // share and its sale) for long stretches.
        for i in 0..self.actions.len() {
            if std::ptr::eq(self.actions[i].0, name) {
                if i > 1 {
                    self.actions[..=i].rotate_right(1);
                    return self.actions[0].1;
                }
                return self.actions[i].1;
            }
        }
        let cell = ShortText::new(&[name.as_bytes(), b","].concat());
        self.actions.insert(0, (name, cell));
        cell
    }

    /// A row whose role or action name is too long for the fast path, built in a [`Line`].
    #[cold]
    fn long_row(&mut self, step: u64, tx: &Tx, out: &mut RowBuf) {
        let line = &mut self.line;
        line.clear();
        line.count(step);
        line.byte(b',');
        line.count(u64::from(tx.agent.0));
        line.byte(b',');
        line.bytes(self.role_names.get(tx.role.index()).map_or(&b"?"[..], Vec::as_slice));
        line.byte(b',');
        line.bytes(tx.action.name().as_bytes());
        line.byte(b',');
        line.delta(tx.ddt);
        line.byte(b',');
        line.delta(tx.xdai);
        line.byte(b',');
        line.delta(tx.lp);
        line.byte(b',');
        line.wad(tx.after.ddt);
        line.byte(b',');
        line.wad(tx.after.xdai);
        line.byte(b',');
        line.wad(tx.after.lp);
        line.byte(b',');
        self.price.set(tx.price_after);
        line.real(&self.price);
        line.byte(b'\n');
        out.extend(line.as_bytes());
    }
}

impl TransactionLog {
    /// Starts `path` (CSV) with its header; `roles` names the roles in the `role` column.
    pub fn create(path: &Path, roles: &Roles) -> Result<TransactionLog, ReportError> {
        TransactionLog::create_as(Some(path), None, roles)
    }

    /// Starts the CSV file `csv` (with its header) and the Parquet file `parquet`, those given
    /// (at least one); `roles` names the roles in the `role` column.
    pub fn create_as(csv: Option<&Path>, parquet: Option<&Path>, roles: &Roles) -> Result<TransactionLog, ReportError> {
        let csv = csv.map(AtomicFile::create_unbuffered).transpose()?;
        TransactionLog::create_with(csv, parquet.map(AtomicFile::create).transpose()?, roles)
    }

    /// Starts the log in the files given, started by the caller (a held folder's,
    /// [`crate::OutputFolder::create`]; the CSV file best [`crate::atomic::Writing::Unbuffered`]):
    /// `csv` as CSV with its header, `parquet` as Parquet; at least one.
    pub fn create_with(
        csv: Option<AtomicFile>,
        parquet: Option<AtomicFile>,
        roles: &Roles,
    ) -> Result<TransactionLog, ReportError> {
        let Some(path) = csv.as_ref().or(parquet.as_ref()).map(|f| f.path().to_owned()) else {
            return Err(ReportError::io(
                Path::new("transaction_history"),
                "write",
                std::io::Error::other("no file to write"),
            ));
        };
        // The log's name in errors: its Parquet file when it writes one.
        let shown = parquet.as_ref().map_or_else(|| path.clone(), |f| f.path().to_owned());
        let path = path.as_path();
        let formats = Formats {
            csv: csv.as_ref().map(|_| RowFormat::new(roles)),
            parquet: parquet.as_ref().map(|_| TxBatcher::new(roles)),
        };
        let csv_file = match csv {
            Some(mut file) => {
                file.write_all(TX_COLUMNS.as_bytes())?;
                Some(file)
            }
            None => None,
        };
        let parquet_file = match parquet {
            Some(file) => {
                let p = file.path().to_owned();
                let file = ParquetFile::new(file, crate::arrow::transactions_schema())?.with_helper(&HELPED_COLUMNS)?;
                Some((file, p))
            }
            None => None,
        };
        let sinks = Sinks { csv: csv_file, parquet: parquet_file };
        let (jobs, inbox) = sync_channel::<Job>(JOBS_IN_FLIGHT);
        let (rows_back, spare_rows) = sync_channel::<Vec<Tx>>(JOBS_IN_FLIGHT);
        let (bytes_back, spare_bytes) = sync_channel::<RowBuf>(JOBS_IN_FLIGHT);
        let pending = Arc::new(AtomicUsize::new(0));
        let worker_formats = formats.clone();
        let worker_pending = Arc::clone(&pending);
        let writer = std::thread::Builder::new()
            .name("grassroot-txlog".to_owned())
            .spawn(move || write_jobs(sinks, worker_formats, &inbox, (&rows_back, &bytes_back), &worker_pending))
            .map_err(|e| ReportError::io(path, "start a writer thread for", e))?;
        Ok(TransactionLog {
            jobs: Some(jobs),
            spare_rows,
            spare_bytes,
            pending,
            writer: Some(writer),
            formats,
            kept_rows: Vec::new(),
            buf: RowBuf::default(),
            rows: 0,
            path: shown,
        })
    }

    /// Appends the transactions of `step`, taking them over: handed to the writer as they are
    /// when it keeps up, so nothing is copied.
    pub fn record(&mut self, step: u64, txs: Vec<Tx>) -> Result<(), ReportError> {
        self.rows += txs.len() as u64;
        if txs.is_empty() {
            return Ok(());
        }
        if self.pending.load(Ordering::Acquire) < HAND_OVER_BELOW {
            // The writer keeps up: give it this step to format.
            return self.send(Job::Rows { step, txs });
        }
        if let Some(csv) = self.formats.csv.as_mut() {
            csv.rows(step, &txs, &mut self.buf);
        }
        let batch = match self.formats.parquet.as_mut() {
            Some(b) => {
                b.push(step, &txs).map_err(|e| ReportError::table(&self.path, e))?;
                Some(b.take_batch().map_err(|e| ReportError::table(&self.path, e))?)
            }
            None => None,
        };
        self.kept_rows = txs;
        self.send_formatted(batch)
    }

    /// An empty buffer for a step's transactions: one the writer handed back, or the one this
    /// thread formatted last, or a new one.
    pub fn spare_rows(&mut self) -> Vec<Tx> {
        self.spare_rows.try_recv().unwrap_or_else(|_| std::mem::take(&mut self.kept_rows))
    }

    /// Transactions recorded so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Writes out every row under the temporary names (the CSV first), to be renamed into
    /// place with the run's other outputs.
    pub fn stage(mut self) -> Result<Vec<Staged>, ReportError> {
        drop(self.jobs.take());
        self.join()
    }

    /// Sends what this thread formatted (one step's rows).
    fn send_formatted(&mut self, batch: Option<RecordBatch>) -> Result<(), ReportError> {
        let next = self.spare_bytes.try_recv().unwrap_or_default();
        let bytes = std::mem::replace(&mut self.buf, next);
        self.send(Job::Formatted(Box::new(Formatted { bytes, batch })))
    }

    fn send(&mut self, job: Job) -> Result<(), ReportError> {
        self.pending.fetch_add(1, Ordering::AcqRel);
        let sent = self.jobs.as_ref().is_some_and(|jobs| jobs.send(job).is_ok());
        if sent {
            return Ok(());
        }
        // The writer stopped: its error is the one to report.
        drop(self.jobs.take());
        match self.join() {
            Err(e) => Err(e),
            Ok(_) => Err(ReportError::io(&self.path, "write", std::io::Error::other("the writer thread stopped"))),
        }
    }

    fn join(&mut self) -> Result<Vec<Staged>, ReportError> {
        let Some(writer) = self.writer.take() else {
            return Err(ReportError::io(&self.path, "write", std::io::Error::other("the writer thread stopped")));
        };
        match writer.join() {
            Ok(result) => result,
            Err(_) => Err(ReportError::io(&self.path, "write", std::io::Error::other("the writer thread panicked"))),
        }
    }
}

impl Drop for TransactionLog {
    /// An unfinished log is discarded: the writer is stopped and waited for, so its temporary
    /// file is gone when this returns.
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

/// The writer thread: formats or copies each job into the files, in order, and hands the
/// emptied buffers back.
fn write_jobs(
    mut sinks: Sinks,
    mut formats: Formats,
    inbox: &Receiver<Job>,
    (rows_back, bytes_back): (&SyncSender<Vec<Tx>>, &SyncSender<RowBuf>),
    pending: &AtomicUsize,
) -> Result<Vec<Staged>, ReportError> {
    let mut buf = RowBuf::with_capacity(CHUNK + 64 * 1024);
    for job in inbox {
        match job {
            Job::Rows { step, mut txs } => {
                if let (Some(file), Some(format)) = (sinks.csv.as_mut(), formats.csv.as_mut()) {
                    format.rows(step, &txs, &mut buf);
                    if buf.len() >= CHUNK {
                        file.write_all(buf.as_bytes())?;
                        buf.clear();
                    }
                }
                if let (Some((file, path)), Some(batcher)) = (sinks.parquet.as_mut(), formats.parquet.as_mut()) {
                    batcher.push(step, &txs).map_err(|e| ReportError::table(path, e))?;
                    file.write(&batcher.take_batch().map_err(|e| ReportError::table(path, e))?)?;
                }
                txs.clear();
                let _ = rows_back.try_send(txs);
            }
            Job::Formatted(formatted) => {
                let Formatted { mut bytes, batch } = *formatted;
                if let Some(file) = sinks.csv.as_mut() {
                    file.write_all(buf.as_bytes())?;
                    buf.clear();
                    file.write_all(bytes.as_bytes())?;
                }
                if let (Some((file, _)), Some(batch)) = (sinks.parquet.as_mut(), batch) {
                    file.write(&batch)?;
                }
                bytes.clear();
                let _ = bytes_back.try_send(bytes);
            }
        }
        pending.fetch_sub(1, Ordering::AcqRel);
    }
    let mut staged = Vec::new();
    if let Some(mut file) = sinks.csv {
        file.write_all(buf.as_bytes())?;
        staged.push(file.stage()?);
    }
    if let Some((file, _)) = sinks.parquet {
        staged.push(file.stage()?);
    }
    Ok(staged)
}
