//! [`RunBatches`]: a whole run's tables as Arrow `RecordBatch`es in memory, without files — the
//! run driver's sink of a caller that hands Arrow tables over (the Python package), beside or
//! in place of a [`Recorder`](crate::Recorder).
//!
//! ```
//! use grassroot_sim::config::Params;
//! use grassroot_report::arrow::RunBatches;
//! use grassroot_sim::{Driver, SeedScenario, Simulation};
//!
//! let mut params = Params::seed_defaults();
//! params.total_steps = 20;
//! let mut sim = Simulation::builder(&params).with_plugin(SeedScenario::new(&params)).build()?;
//! let mut batches = RunBatches::new(&sim, true);
//! Driver::new().sink(&mut batches).run(&mut sim)?;
//! let tables = batches.finish()?;
//! assert_eq!(tables.series.num_rows(), 20);
//! assert_eq!(tables.series.schema.field(2).data_type().to_string(), "Decimal128(38, 18)");
//! assert!(tables.transactions.is_some_and(|t| t.num_rows() > 0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use grassroot_sim::Simulation;
use grassroot_sim::driver::{Sink, SinkError};

use crate::arrow::error::TableError;
use crate::arrow::series::SeriesBatcher;
use crate::arrow::transactions::TxBatcher;

/// Rows per batch handed out (the transaction log's; `simulation_data` is one batch per this
/// many steps).
pub const BATCH_ROWS: usize = 64 * 1024;

/// One table in memory: its schema (also when it has no row) and its batches.
#[derive(Clone, Debug)]
pub struct ArrowTable {
    /// The schema.
    pub schema: SchemaRef,
    /// The rows, batch by batch.
    pub batches: Vec<RecordBatch>,
}

impl ArrowTable {
    /// Rows in all.
    pub fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }
}

/// A run's tables as batches: `simulation_data` and (when recorded) `transaction_history`.
#[derive(Clone, Debug)]
pub struct RunTables {
    /// `simulation_data`, one row per step.
    pub series: ArrowTable,
    /// `transaction_history`, one row per transaction; `None` when not recorded.
    pub transactions: Option<ArrowTable>,
}

/// Records a simulation's steps into [`RunTables`]: the in-memory sink of the run driver. It
/// reads each step in place (the transactions too), so a sink that takes the transactions
/// over, such as the [`Recorder`](crate::Recorder), may follow it.
#[derive(Debug)]
pub struct RunBatches {
    series: SeriesBatcher,
    series_batches: Vec<RecordBatch>,
    transactions: Option<(TxBatcher, Vec<RecordBatch>)>,
}

impl RunBatches {
    /// Starts recording `sim`'s metric columns and, when `transactions`, its transactions.
    pub fn new(sim: &Simulation, transactions: bool) -> RunBatches {
        RunBatches {
            series: SeriesBatcher::new(sim.metrics()),
            series_batches: Vec::new(),
            transactions: transactions.then(|| (TxBatcher::new(sim.roles()), Vec::new())),
        }
    }

    /// Records the step `sim` just computed: its metric row and, when recorded, its
    /// transactions, read in place.
    pub fn record(&mut self, sim: &Simulation) -> Result<(), TableError> {
        self.series.push(sim.metrics().values())?;
        if self.series.len() >= BATCH_ROWS {
            self.series_batches.push(self.series.take_batch()?);
        }
        if let Some((log, batches)) = &mut self.transactions {
            log.push(sim.next_step().saturating_sub(1), sim.transactions())?;
            if log.len() >= BATCH_ROWS {
                batches.push(log.take_batch()?);
            }
        }
        Ok(())
    }

    /// The batches of every step recorded.
    pub fn finish(mut self) -> Result<RunTables, TableError> {
        if !self.series.is_empty() {
            self.series_batches.push(self.series.take_batch()?);
        }
        let transactions = match self.transactions {
            Some((mut log, mut batches)) => {
                if !log.is_empty() {
                    batches.push(log.take_batch()?);
                }
                Some(ArrowTable { schema: log.schema(), batches })
            }
            None => None,
        };
        let series = ArrowTable { schema: self.series.schema(), batches: self.series_batches };
        Ok(RunTables { series, transactions })
    }
}

impl Sink for RunBatches {
    fn record(&mut self, sim: &mut Simulation) -> Result<(), SinkError> {
        RunBatches::record(self, sim).map_err(SinkError::from)
    }
}
