//! `transaction_history.csv`: every transaction of the run, streamed step by step through a
//! large buffer, so memory stays flat however long the run.

use std::path::Path;

use grassroot_sim::{Roles, Tx};

use crate::atomic::{AtomicFile, Staged};
use crate::cells::{Line, Real, push_text};
use crate::error::ReportError;

/// The columns of `transaction_history.csv`.
pub const TX_COLUMNS: &str = "step,agent_id,role,action,ddt,xdai,lp,ddt_after,xdai_after,lp_after,price_after\n";

/// Bytes formatted before a chunk goes to the writer thread.
const CHUNK: usize = 4 << 20;

/// Streams transactions to CSV: rows are formatted on the caller's thread and written by a
/// background thread, so the kernel's copy overlaps with the next steps.
#[derive(Debug)]
pub struct TransactionLog {
    file: AtomicFile,
    buf: Vec<u8>,
    role_names: Vec<Vec<u8>>,
    line: Line,
    price: Real,
    rows: u64,
}

impl TransactionLog {
    /// Starts `path` with its header; `roles` names the roles in the `role` column.
    pub fn create(path: &Path, roles: &Roles) -> Result<TransactionLog, ReportError> {
        let mut file = AtomicFile::create_in_background(path)?;
        file.write_all(TX_COLUMNS.as_bytes())?;
        let role_names = roles
            .iter()
            .map(|(_, info)| {
                let mut v = Vec::new();
                push_text(&mut v, &info.name);
                v
            })
            .collect();
        Ok(TransactionLog {
            file,
            buf: Vec::with_capacity(CHUNK + 4096),
            role_names,
            line: Line::default(),
            price: Real::default(),
            rows: 0,
        })
    }

    /// Appends the transactions of `step`.
    pub fn record(&mut self, step: u64, txs: &[Tx]) -> Result<(), ReportError> {
        let line = &mut self.line;
        for tx in txs {
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
            self.buf.extend_from_slice(line.as_bytes());
            if self.buf.len() >= CHUNK {
                let next = self.file.spare_chunk().unwrap_or_else(|| Vec::with_capacity(CHUNK + 4096));
                let chunk = std::mem::replace(&mut self.buf, next);
                self.file.write_chunk(chunk)?;
            }
        }
        self.rows += txs.len() as u64;
        Ok(())
    }

    /// Transactions written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Flushes and renames the file into place.
    pub fn commit(self) -> Result<std::path::PathBuf, ReportError> {
        self.stage()?.persist()
    }

    /// Writes out every row under the temporary name, to be renamed into place with others.
    pub fn stage(mut self) -> Result<Staged, ReportError> {
        let rest = std::mem::take(&mut self.buf);
        self.file.write_chunk(rest)?;
        self.file.stage()
    }
}
