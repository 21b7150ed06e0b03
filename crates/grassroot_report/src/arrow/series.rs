//! [`SeriesBatcher`]: metric rows (one per step) gathered into `RecordBatch`es of the
//! `simulation_data` schema ([`series_schema`]).
//!
//! **Column types.** A column's type is the kind it declares ([`MetricRow::kinds`]: every
//! metric column declares one); the schema is known before the first row. A value of another
//! kind is a [`TableError::KindChanged`] naming the column; an amount of 10^38 base units or
//! more is a [`TableError::AmountTooLarge`] and a count above `i64::MAX` a
//! [`TableError::CountTooLarge`], when it is pushed. `Value::Empty` and non-finite
//! reals are null, as they are empty cells in the CSV.

use std::sync::Arc;

use arrow_array::{ArrayRef, Decimal128Array, Float64Array, Int64Array, RecordBatch};
use arrow_schema::SchemaRef;
use grassroot_sim::{MetricRow, Value, ValueKind};

use crate::arrow::amount::amount_i128;
use crate::arrow::error::TableError;
use crate::arrow::schema::{AMOUNT_PRECISION, AMOUNT_SCALE, series_schema};

/// Gathers metric rows and hands them out as `RecordBatch`es.
#[derive(Clone, Debug)]
pub struct SeriesBatcher {
    names: Vec<String>,
    /// Each column's declared kind.
    kinds: Vec<ValueKind>,
    /// The schema, derived from the declarations.
    schema: SchemaRef,
    /// The rows gathered, row-major.
    cells: Vec<Value>,
}

impl SeriesBatcher {
    /// A batcher for the columns of `row` (names and declared kinds).
    pub fn new(row: &MetricRow) -> SeriesBatcher {
        SeriesBatcher::with_columns(row.names().to_vec(), row.kinds().to_vec())
    }

    /// A batcher for columns `names` of kinds `kinds`.
    pub fn with_columns(names: Vec<String>, kinds: Vec<ValueKind>) -> SeriesBatcher {
        let mut kinds = kinds;
        kinds.resize(names.len(), ValueKind::F64);
        let schema = series_schema(&names, &kinds);
        SeriesBatcher { names, kinds, schema, cells: Vec::new() }
    }

    /// The column names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Adds a row of values in column order (missing trailing values are empty).
    pub fn push(&mut self, values: &[Value]) -> Result<(), TableError> {
        for ((name, &kind), v) in self.names.iter().zip(&self.kinds).zip(values) {
            match *v {
                Value::Empty => {}
                Value::Wad(w) if kind == ValueKind::Wad => {
                    if amount_i128(w).is_none() {
                        return Err(TableError::AmountTooLarge { column: name.clone(), value: w });
                    }
                }
                Value::Int(n) if kind == ValueKind::Int => {
                    if i64::try_from(n).is_err() {
                        return Err(TableError::CountTooLarge { column: name.clone(), value: n });
                    }
                }
                Value::F64(_) if kind == ValueKind::F64 => {}
                other => {
                    let found = other.kind().unwrap_or(kind);
                    return Err(TableError::KindChanged { column: name.clone(), kind, found });
                }
            }
        }
        self.cells.extend((0..self.names.len()).map(|i| values.get(i).copied().unwrap_or(Value::Empty)));
        Ok(())
    }

    /// Rows gathered and not yet handed out.
    pub fn len(&self) -> usize {
        self.cells.len().checked_div(self.names.len()).unwrap_or(0)
    }

    /// True if no row waits.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The schema, derived from the columns' declarations.
    pub fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    /// The rows gathered as one batch (fixing the schema if it was not), and forgets them.
    pub fn take_batch(&mut self) -> Result<RecordBatch, TableError> {
        let schema = self.schema();
        let width = self.names.len();
        let rows = self.len();
        let mut columns: Vec<ArrayRef> = Vec::with_capacity(width);
        for (i, kind) in self.kinds.iter().enumerate() {
            let cells = self.cells.iter().skip(i).step_by(width.max(1)).take(rows);
            let array: ArrayRef = match kind {
                ValueKind::Wad => Arc::new(
                    cells
                        .map(|v| if let Value::Wad(w) = v { amount_i128(*w) } else { None })
                        .collect::<Decimal128Array>()
                        .with_precision_and_scale(AMOUNT_PRECISION, AMOUNT_SCALE)?,
                ),
                ValueKind::Int => Arc::new(
                    cells
                        .map(|v| if let Value::Int(n) = v { i64::try_from(*n).ok() } else { None })
                        .collect::<Int64Array>(),
                ),
                ValueKind::F64 => Arc::new(
                    cells
                        .map(|v| if let Value::F64(x) = v { Some(*x).filter(|x| x.is_finite()) } else { None })
                        .collect::<Float64Array>(),
                ),
            };
            columns.push(array);
        }
        self.cells.clear();
        Ok(RecordBatch::try_new(schema, columns)?)
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::Array;
    use grassroot_amm::Wad;

    use super::*;
    use crate::arrow::amount::AMOUNT_LIMIT;

    fn batcher(kinds: Vec<ValueKind>) -> SeriesBatcher {
        let names = (0..kinds.len()).map(|i| format!("c{i}")).collect();
        SeriesBatcher::with_columns(names, kinds)
    }

    #[test]
    fn the_schema_is_the_declared_kinds_before_any_row() -> Result<(), TableError> {
        use ValueKind::{F64, Int, Wad as W};
        let mut b = batcher(vec![Int, F64, W, F64]);
        let types = |s: &SchemaRef| s.fields().iter().map(|f| f.data_type().to_string()).collect::<Vec<_>>();
        assert_eq!(types(&b.schema()), ["Int64", "Float64", "Decimal128(38, 18)", "Float64"]);
        b.push(&[Value::Int(0), Value::Empty, Value::Wad(Wad::from_tokens(1)), Value::Empty])?;
        b.push(&[Value::Int(1), Value::F64(0.5), Value::Empty, Value::Empty])?;
        let batch = b.take_batch()?;
        assert_eq!(types(&batch.schema()), ["Int64", "Float64", "Decimal128(38, 18)", "Float64"]);
        assert_eq!(batch.num_rows(), 2);
        assert!(batch.column(1).is_null(0) && batch.column(2).is_null(1) && batch.column(3).null_count() == 2);
        let amounts = batch.column(2).as_any().downcast_ref::<Decimal128Array>().map(|a| a.value(0));
        assert_eq!(amounts, Some(1_000_000_000_000_000_000));
        assert!(b.is_empty());
        Ok(())
    }

    #[test]
    fn a_value_of_another_kind_than_declared_names_its_column() -> Result<(), TableError> {
        let mut b = batcher(vec![ValueKind::Wad, ValueKind::Int]);
        let e = b.push(&[Value::F64(1.0), Value::Empty]).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.starts_with("column c0: a value of kind real number in a column declared as amount"), "{e}");
        b.push(&[Value::Wad(Wad::ZERO), Value::Empty])?;
        let e = b.push(&[Value::Wad(Wad::ZERO), Value::Wad(Wad::ZERO)]).err().map(|e| e.to_string());
        assert!(e.unwrap_or_default().starts_with("column c1: a value of kind amount in a column declared as count"));
        Ok(())
    }

    #[test]
    fn a_count_above_int64_is_refused_not_wrapped() {
        let mut b = batcher(vec![ValueKind::Int]);
        assert!(b.push(&[Value::Int(i64::MAX as u64)]).is_ok());
        let e = b.push(&[Value::Int(i64::MAX as u64 + 1)]).err();
        assert!(
            matches!(e, Some(TableError::CountTooLarge { ref column, value }) if column == "c0" && value == 1 << 63)
        );
        assert_eq!(b.len(), 1, "the refused row is not added");
    }

    #[test]
    fn an_amount_at_the_limit_is_refused() {
        let mut b = batcher(vec![ValueKind::Wad]);
        assert!(b.push(&[Value::Wad(Wad::from_raw(AMOUNT_LIMIT - 1))]).is_ok());
        let e = b.push(&[Value::Wad(Wad::from_raw(AMOUNT_LIMIT))]).err();
        assert!(matches!(e, Some(TableError::AmountTooLarge { ref column, .. }) if column == "c0"), "{e:?}");
        let e = e.map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("100000000000000000000 is not below 10^38 base units"), "{e}");
    }
}
