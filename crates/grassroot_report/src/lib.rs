//! Outputs of grassroot runs: the metric time series and transaction log as CSV and/or Parquet
//! (their Arrow form, schemas and `RecordBatch`es, in [`arrow`], also without files), the figure
//! as PNG, and the run manifest as JSON — each written whole or not at all; and the sinks of the
//! run driver besides the files (the rows sent to another thread: [`channel`]).
//!
//! This crate reads what the engine collected and never steers it: it holds no simulation
//! state and changes nothing in a `Simulation`.

pub mod arrow;
pub mod atomic;
pub mod cells;
pub mod channel;
pub mod csv_writer;
pub mod digest;
pub mod dir;
pub mod error;
pub mod figure;
pub mod folder;
pub mod manifest;
pub mod parquet_file;
pub mod plot;
pub mod publish;
pub mod recorder;
pub mod timeseries;
pub mod transactions;
pub mod verify;

pub use channel::{Message, RowChannel};
pub use digest::{FileDigest, FileProblem, check_files};
pub use dir::Dir;
pub use error::ReportError;
pub use figure::ExtraPanel;
pub use folder::{OutputFolder, ReadGuard};
pub use manifest::{Manifest, Outcome, Tally};
pub use publish::Published;
pub use recorder::{RecordOptions, Recorder, Written, files};
pub use timeseries::{Columns, TimeSeries};
pub use transactions::TransactionLog;
pub use verify::{Verified, verify_folder};
