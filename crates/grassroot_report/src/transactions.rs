//! `transaction_history.csv`: every transaction of the run, streamed step by step through a
//! large buffer, so memory stays flat however long the run.

use std::path::Path;

use grassroot_sim::{Roles, Tx};

use crate::atomic::AtomicFile;
use crate::cells::{push_delta, push_f64, push_text, push_u64, push_wad};
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
        Ok(TransactionLog { file, buf: Vec::with_capacity(CHUNK + 4096), role_names, rows: 0 })
    }

    /// Appends the transactions of `step`.
    pub fn record(&mut self, step: u64, txs: &[Tx]) -> Result<(), ReportError> {
        let mut step_cell = Vec::with_capacity(24);
        push_u64(&mut step_cell, step);
        step_cell.push(b',');
        for tx in txs {
            let out = &mut self.buf;
            out.extend_from_slice(&step_cell);
            push_u64(out, u64::from(tx.agent.0));
            out.push(b',');
            out.extend_from_slice(self.role_names.get(tx.role.index()).map_or(&b"?"[..], Vec::as_slice));
            out.push(b',');
            out.extend_from_slice(tx.action.name().as_bytes());
            out.push(b',');
            push_delta(out, tx.ddt);
            out.push(b',');
            push_delta(out, tx.xdai);
            out.push(b',');
            push_delta(out, tx.lp);
            out.push(b',');
            push_wad(out, tx.after.ddt);
            out.push(b',');
            push_wad(out, tx.after.xdai);
            out.push(b',');
            push_wad(out, tx.after.lp);
            out.push(b',');
            push_f64(out, tx.price_after);
            out.push(b'\n');
            if out.len() >= CHUNK {
                let chunk = std::mem::replace(out, Vec::with_capacity(CHUNK + 4096));
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
    pub fn commit(mut self) -> Result<std::path::PathBuf, ReportError> {
        let rest = std::mem::take(&mut self.buf);
        self.file.write_chunk(rest)?;
        self.file.commit()
    }
}
