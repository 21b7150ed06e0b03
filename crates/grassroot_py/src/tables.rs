//! Arrow tables handed to Python without a copy per row: [`NativeTable`] holds the report
//! crate's `RecordBatch`es (the schema of `grassroot_report::arrow`, the Parquet files'
//! schema) and exports them through the Arrow PyCapsule interface (`__arrow_c_stream__`), by
//! pyo3-arrow's FFI: pyarrow, polars, pandas (through pyarrow) and DuckDB take the buffers as
//! they are. Also [`RunTables`], which builds a run's two tables step by step, reading the
//! simulation without taking anything from it (the recorder, when there is one, takes the
//! transactions after).

use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, RecordBatchReader, StructArray};
use arrow_schema::{Field, SchemaRef};
use grassroot_report::arrow::{SeriesBatcher, TableError, TxBatcher};
use grassroot_report::parquet_file::read_batches;
use grassroot_sim::Simulation;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use pyo3_arrow::ffi::{ArrayIterator, to_schema_pycapsule, to_stream_pycapsule};

use crate::errors::Failure;

/// Rows per batch handed over (the report crate's).
const BATCH_ROWS: usize = grassroot_report::arrow::run::BATCH_ROWS;

/// An Arrow table: `RecordBatch`es of one schema.
#[pyclass(frozen, module = "grassroot._core")]
pub struct NativeTable {
    batches: Vec<RecordBatch>,
    schema: SchemaRef,
}

impl NativeTable {
    /// A table of `batches` (all of `schema`).
    pub fn new(batches: Vec<RecordBatch>, schema: SchemaRef) -> NativeTable {
        NativeTable { batches, schema }
    }

    /// The table in the Parquet file `path` (a sweep's `sweep_runs.parquet`, ...).
    pub fn read(path: &Path) -> Result<NativeTable, Failure> {
        let reader = read_batches(path, None)?;
        let schema = reader.schema();
        let batches = reader
            .collect::<Result<Vec<RecordBatch>, _>>()
            .map_err(|e| Failure::Failed(format!("'{}' cannot be read: {e}", path.display())))?;
        Ok(NativeTable { batches, schema })
    }
}

#[pymethods]
impl NativeTable {
    /// Rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// Column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema.fields().iter().map(|f| f.name().clone()).collect()
    }

    /// The schema, one `name: type` per line (`?` after a nullable one).
    #[getter]
    fn schema_text(&self) -> String {
        let fields = self.schema.fields().iter();
        fields
            .map(|f| format!("{}: {}{}", f.name(), f.data_type(), if f.is_nullable() { "?" } else { "" }))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The Arrow C schema of the table's rows, as a PyCapsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let field = Field::new_struct("", self.schema.fields().clone(), false);
        Ok(to_schema_pycapsule(py, &field)?)
    }

    /// The table as an Arrow C stream of struct arrays, one per batch, sharing the buffers.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let field = Arc::new(Field::new_struct("", self.schema.fields().clone(), false));
        let arrays = self.batches.clone().into_iter().map(|b| Ok(Arc::new(StructArray::from(b)) as ArrayRef));
        Ok(to_stream_pycapsule(py, Box::new(ArrayIterator::new(arrays, field)), requested_schema)?)
    }
}

/// A run's `simulation_data` and (when logged) `transaction_history`, built as it steps.
pub struct RunTables {
    series: SeriesBatcher,
    series_batches: Vec<RecordBatch>,
    transactions: Option<(TxBatcher, Vec<RecordBatch>)>,
}

impl RunTables {
    /// Tables of `sim`'s metric columns, and of its transactions when `transactions`.
    pub fn new(sim: &Simulation, transactions: bool) -> RunTables {
        RunTables {
            series: SeriesBatcher::new(sim.metrics()),
            series_batches: Vec::new(),
            transactions: transactions.then(|| (TxBatcher::new(sim.roles()), Vec::new())),
        }
    }

    /// Adds the step `sim` just computed (its metric row and transactions, read in place).
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

    /// The two tables (the second `None` when transactions were not logged).
    pub fn finish(mut self) -> Result<(NativeTable, Option<NativeTable>), TableError> {
        if !self.series.is_empty() {
            self.series_batches.push(self.series.take_batch()?);
        }
        let series = NativeTable::new(self.series_batches, self.series.schema());
        let transactions = match self.transactions {
            Some((mut log, mut batches)) => {
                if !log.is_empty() {
                    batches.push(log.take_batch()?);
                }
                Some(NativeTable::new(batches, log.schema()))
            }
            None => None,
        };
        Ok((series, transactions))
    }
}
