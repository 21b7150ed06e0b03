//! [`RunBatches`]: a whole run's tables as Arrow `RecordBatch`es in memory, without files —
//! what a caller that hands Arrow tables over (the Python package) records, step by step, in
//! place of a [`Recorder`](crate::Recorder).
//!
//! ```
//! use grassroot_sim::config::Params;
//! use grassroot_report::arrow::RunBatches;
//! use grassroot_sim::{SeedScenario, Simulation};
//!
//! let mut params = Params::seed_defaults();
//! params.total_steps = 20;
//! let mut sim = Simulation::builder(&params).with_plugin(SeedScenario::new(&params)).build()?;
//! let mut batches = RunBatches::new(&sim, true);
//! for _ in 0..params.total_steps {
//!     sim.step()?;
//!     batches.record(&mut sim)?;
//! }
//! let tables = batches.finish()?;
//! assert_eq!(tables.series.iter().map(|b| b.num_rows()).sum::<usize>(), 20);
//! assert_eq!(tables.series[0].schema().field(2).data_type().to_string(), "Decimal128(38, 18)");
//! assert!(tables.transactions.iter().map(|b| b.num_rows()).sum::<usize>() > 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use arrow_array::RecordBatch;
use grassroot_sim::{Simulation, Tx};

use crate::arrow::error::TableError;
use crate::arrow::series::SeriesBatcher;
use crate::arrow::transactions::TxBatcher;

/// Rows per batch handed out (the transaction log's; `simulation_data` is one batch per this
/// many steps).
pub const BATCH_ROWS: usize = 64 * 1024;

/// A run's tables as batches: `simulation_data` and (when recorded) `transaction_history`.
#[derive(Clone, Debug, Default)]
pub struct RunTables {
    /// `simulation_data`, one row per step.
    pub series: Vec<RecordBatch>,
    /// `transaction_history`, one row per transaction (empty when not recorded).
    pub transactions: Vec<RecordBatch>,
}

/// Records a simulation's steps into [`RunTables`].
#[derive(Debug)]
pub struct RunBatches {
    series: SeriesBatcher,
    transactions: Option<TxBatcher>,
    tables: RunTables,
    spare: Vec<Tx>,
}

impl RunBatches {
    /// Starts recording `sim`'s metric columns and, when `transactions`, its transactions.
    pub fn new(sim: &Simulation, transactions: bool) -> RunBatches {
        RunBatches {
            series: SeriesBatcher::new(sim.metrics()),
            transactions: transactions.then(|| TxBatcher::new(sim.roles())),
            tables: RunTables::default(),
            spare: Vec::new(),
        }
    }

    /// Records the step `sim` just computed: its metric row and, when recorded, its
    /// transactions (taken over from the simulation, as the transaction log does).
    pub fn record(&mut self, sim: &mut Simulation) -> Result<(), TableError> {
        self.series.push(sim.metrics().values())?;
        if self.series.len() >= BATCH_ROWS {
            self.tables.series.push(self.series.take_batch()?);
        }
        if let Some(log) = &mut self.transactions {
            let step = sim.next_step().saturating_sub(1);
            let txs = sim.take_transactions(std::mem::take(&mut self.spare));
            log.push(step, &txs)?;
            self.spare = txs;
            if log.len() >= BATCH_ROWS {
                self.tables.transactions.push(log.take_batch()?);
            }
        }
        Ok(())
    }

    /// The batches of every step recorded.
    pub fn finish(mut self) -> Result<RunTables, TableError> {
        if !self.series.is_empty() {
            self.tables.series.push(self.series.take_batch()?);
        }
        if let Some(log) = &mut self.transactions
            && !log.is_empty()
        {
            self.tables.transactions.push(log.take_batch()?);
        }
        Ok(self.tables)
    }
}
