//! [`SeriesBatcher`]: metric rows (one per step) gathered into `RecordBatch`es of the
//! `simulation_data` schema ([`series_schema`]).
//!
//! **Column types.** A column's kind is the one it declares ([`MetricRow::kinds`]: every
//! standard column does) or, for a column that declares none, the kind of its first non-empty
//! value among the rows gathered before the schema is needed (the first batch). A column still
//! empty by then is typed as real numbers (`Float64`, all null so far). A value of another kind
//! than its column's later on is a [`TableError::KindChanged`] naming the column; an amount of
//! 10^38 base units or more is a [`TableError::AmountTooLarge`], when it is pushed.
//! `Value::Empty` and non-finite reals are null, as they are empty cells in the CSV.

use std::sync::Arc;

use arrow_array::{ArrayRef, Decimal128Array, Float64Array, RecordBatch, UInt64Array};
use arrow_schema::SchemaRef;
use grassroot_sim::{MetricRow, Value, ValueKind};

use crate::arrow::amount::amount_i128;
use crate::arrow::error::TableError;
use crate::arrow::schema::{AMOUNT_PRECISION, AMOUNT_SCALE, series_schema};

/// Gathers metric rows and hands them out as `RecordBatch`es.
#[derive(Clone, Debug)]
pub struct SeriesBatcher {
    names: Vec<String>,
    /// Each column's kind: declared, or seen first; `None` while unknown.
    kinds: Vec<Option<ValueKind>>,
    /// Whether each kind was declared or seen (`false`: typed as reals for lack of a value).
    known: Vec<bool>,
    /// The schema, once fixed by the first batch.
    schema: Option<SchemaRef>,
    /// The rows gathered, row-major.
    cells: Vec<Value>,
}

impl SeriesBatcher {
    /// A batcher for the columns of `row` (names and declared kinds).
    pub fn new(row: &MetricRow) -> SeriesBatcher {
        SeriesBatcher::with_columns(row.names().to_vec(), row.kinds().to_vec())
    }

    /// A batcher for columns `names` of kinds `kinds` (`None`: from the first value).
    pub fn with_columns(names: Vec<String>, kinds: Vec<Option<ValueKind>>) -> SeriesBatcher {
        let mut kinds = kinds;
        kinds.resize(names.len(), None);
        let known = kinds.iter().map(Option::is_some).collect();
        SeriesBatcher { names, kinds, known, schema: None, cells: Vec::new() }
    }

    /// The column names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Adds a row of values in column order (missing trailing values are empty).
    pub fn push(&mut self, values: &[Value]) -> Result<(), TableError> {
        for (i, name) in self.names.iter().enumerate() {
            let v = values.get(i).copied().unwrap_or(Value::Empty);
            if let Some(found) = v.kind() {
                match self.kinds[i] {
                    None if self.schema.is_none() => {
                        self.kinds[i] = Some(found);
                        self.known[i] = true;
                    }
                    Some(kind) if kind == found => {}
                    kind => {
                        let kind = kind.filter(|_| self.known[i]);
                        return Err(TableError::KindChanged { column: name.clone(), kind, found });
                    }
                }
            }
            if let Value::Wad(w) = v
                && amount_i128(w).is_none()
            {
                return Err(TableError::AmountTooLarge { column: name.clone(), value: w });
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

    /// The schema: fixed by the first call (a column still without a kind is typed as reals).
    pub fn schema(&mut self) -> SchemaRef {
        if let Some(schema) = &self.schema {
            return Arc::clone(schema);
        }
        let kinds: Vec<ValueKind> = self.kinds.iter().map(|k| k.unwrap_or(ValueKind::F64)).collect();
        self.kinds = kinds.iter().copied().map(Some).collect();
        let schema = series_schema(&self.names, &kinds);
        self.schema = Some(Arc::clone(&schema));
        schema
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
                Some(ValueKind::Wad) => Arc::new(
                    cells
                        .map(|v| if let Value::Wad(w) = v { amount_i128(*w) } else { None })
                        .collect::<Decimal128Array>()
                        .with_precision_and_scale(AMOUNT_PRECISION, AMOUNT_SCALE)?,
                ),
                Some(ValueKind::Int) => Arc::new(
                    cells.map(|v| if let Value::Int(n) = v { Some(*n) } else { None }).collect::<UInt64Array>(),
                ),
                Some(ValueKind::F64) | None => Arc::new(
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

    fn batcher(kinds: Vec<Option<ValueKind>>) -> SeriesBatcher {
        let names = (0..kinds.len()).map(|i| format!("c{i}")).collect();
        SeriesBatcher::with_columns(names, kinds)
    }

    #[test]
    fn kinds_come_from_the_declaration_or_the_first_value() -> Result<(), TableError> {
        let mut b = batcher(vec![Some(ValueKind::Int), None, None, None]);
        b.push(&[Value::Int(0), Value::Empty, Value::Wad(Wad::from_tokens(1)), Value::Empty])?;
        b.push(&[Value::Int(1), Value::F64(0.5), Value::Empty, Value::Empty])?;
        let batch = b.take_batch()?;
        let types: Vec<String> = batch.schema().fields().iter().map(|f| f.data_type().to_string()).collect();
        assert_eq!(types, ["UInt64", "Float64", "Decimal128(38, 18)", "Float64"]);
        assert_eq!(batch.num_rows(), 2);
        assert!(batch.column(1).is_null(0) && batch.column(2).is_null(1) && batch.column(3).null_count() == 2);
        let amounts = batch.column(2).as_any().downcast_ref::<Decimal128Array>().map(|a| a.value(0));
        assert_eq!(amounts, Some(1_000_000_000_000_000_000));
        assert!(b.is_empty());
        Ok(())
    }

    #[test]
    fn a_value_of_another_kind_names_its_column() -> Result<(), TableError> {
        let mut b = batcher(vec![Some(ValueKind::Wad), None]);
        let e = b.push(&[Value::F64(1.0), Value::Empty]).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.starts_with("column c0: a real number where its first values were of kind amount"), "{e}");
        b.push(&[Value::Wad(Wad::ZERO), Value::Empty])?;
        b.take_batch()?;
        let e = b.push(&[Value::Wad(Wad::ZERO), Value::Int(3)]).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.starts_with("column c1: a count after its first row group was all empty"), "{e}");
        Ok(())
    }

    #[test]
    fn an_amount_at_the_limit_is_refused() {
        let mut b = batcher(vec![Some(ValueKind::Wad)]);
        assert!(b.push(&[Value::Wad(Wad::from_raw(AMOUNT_LIMIT - 1))]).is_ok());
        let e = b.push(&[Value::Wad(Wad::from_raw(AMOUNT_LIMIT))]).err();
        assert!(matches!(e, Some(TableError::AmountTooLarge { ref column, .. }) if column == "c0"), "{e:?}");
        let e = e.map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("100000000000000000000 is not below 10^38 base units"), "{e}");
    }
}
