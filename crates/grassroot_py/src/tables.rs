//! Arrow tables handed to Python without a copy per row: [`NativeTable`] holds the report
//! crate's `RecordBatch`es (the schema of `grassroot_report::arrow`, the Parquet files'
//! schema) and exports them through the Arrow PyCapsule interface (`__arrow_c_stream__`), by
//! pyo3-arrow's FFI: pyarrow, polars, pandas (through pyarrow) and DuckDB take the buffers as
//! they are.

use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, RecordBatchReader, StructArray};
use arrow_schema::{Field, SchemaRef};
use grassroot_report::arrow::ArrowTable;
use grassroot_report::parquet_file::read_batches;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use pyo3_arrow::ffi::{ArrayIterator, to_schema_pycapsule, to_stream_pycapsule};

use crate::errors::Failure;

/// An Arrow table: `RecordBatch`es of one schema.
#[pyclass(frozen, module = "grassroot._core")]
pub struct NativeTable {
    batches: Vec<RecordBatch>,
    schema: SchemaRef,
}

impl From<ArrowTable> for NativeTable {
    fn from(table: ArrowTable) -> NativeTable {
        NativeTable { batches: table.batches, schema: table.schema }
    }
}

impl NativeTable {
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
