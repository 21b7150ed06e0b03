//! [`TableBatcher`]: rows of a table given column by column ([`table_schema`](crate::arrow::table_schema): the sweep's
//! tables), appended cell by cell and handed out as `RecordBatch`es.
//!
//! Cells are pushed in column order, each with the push of its column's kind; a cell of
//! another kind than its column's, or a row of another length, is a [`TableError`] (a bug of
//! the caller, said as such), never a panic. `None`, and a real that is not finite, is null.

use std::sync::Arc;

use arrow_array::builder::StringDictionaryBuilder;
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, Decimal128Array, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, SchemaRef};
use grassroot_amm::Wad;

use crate::arrow::amount::amount_i128;
use crate::arrow::error::TableError;
use crate::arrow::schema::{AMOUNT_PRECISION, AMOUNT_SCALE, ColumnKind};

/// The cells of one column so far.
#[derive(Clone, Debug)]
enum Cells {
    Amount(Vec<Option<i128>>),
    Count(Vec<Option<i64>>),
    Real(Vec<Option<f64>>),
    Category(Vec<Option<String>>),
    Text(Vec<Option<String>>),
}

impl Cells {
    fn of(data_type: &DataType) -> Cells {
        match data_type {
            DataType::Decimal128(..) => Cells::Amount(Vec::new()),
            DataType::Int64 => Cells::Count(Vec::new()),
            DataType::Float64 => Cells::Real(Vec::new()),
            DataType::Dictionary(..) => Cells::Category(Vec::new()),
            _ => Cells::Text(Vec::new()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Cells::Amount(v) => v.len(),
            Cells::Count(v) => v.len(),
            Cells::Real(v) => v.len(),
            Cells::Category(v) | Cells::Text(v) => v.len(),
        }
    }

    fn take(&mut self) -> Result<ArrayRef, TableError> {
        Ok(match self {
            Cells::Amount(v) => Arc::new(
                std::mem::take(v)
                    .into_iter()
                    .collect::<Decimal128Array>()
                    .with_precision_and_scale(AMOUNT_PRECISION, AMOUNT_SCALE)?,
            ),
            Cells::Count(v) => Arc::new(std::mem::take(v).into_iter().collect::<Int64Array>()),
            Cells::Real(v) => Arc::new(std::mem::take(v).into_iter().collect::<Float64Array>()),
            Cells::Category(v) => {
                let mut b = StringDictionaryBuilder::<Int32Type>::new();
                for cell in std::mem::take(v) {
                    match cell {
                        Some(text) => {
                            b.append(&text)?;
                        }
                        None => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            Cells::Text(v) => Arc::new(std::mem::take(v).into_iter().collect::<StringArray>()),
        })
    }
}

/// Gathers the rows of a table of `schema` (built by [`table_schema`]).
///
/// [`table_schema`]: crate::arrow::table_schema
#[derive(Clone, Debug)]
pub struct TableBatcher {
    schema: SchemaRef,
    columns: Vec<Cells>,
    /// The next cell's column in the current row.
    at: usize,
    rows: usize,
}

impl TableBatcher {
    /// An empty table of `schema`.
    pub fn new(schema: SchemaRef) -> TableBatcher {
        let columns = schema.fields().iter().map(|f| Cells::of(f.data_type())).collect();
        TableBatcher { schema, columns, at: 0, rows: 0 }
    }

    /// The schema.
    pub fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    /// Whole rows gathered and not yet handed out.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// True if no whole row waits.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    fn next(&mut self, kind: ColumnKind) -> Result<&mut Cells, TableError> {
        let at = self.at;
        let name = self.schema.fields().get(at).map(|f| f.name().clone());
        self.at += 1;
        let wrong = || TableError::Arrow(format!("column {}: not a {kind:?} column", name.clone().unwrap_or_default()));
        let cells = self.columns.get_mut(at).ok_or_else(wrong)?;
        let fits = matches!(
            (kind, &*cells),
            (ColumnKind::Amount, Cells::Amount(_))
                | (ColumnKind::Count, Cells::Count(_))
                | (ColumnKind::Real, Cells::Real(_))
                | (ColumnKind::Category, Cells::Category(_))
                | (ColumnKind::Text, Cells::Text(_))
        );
        if fits { Ok(cells) } else { Err(wrong()) }
    }

    /// The next cell: an exact amount (below 10^38 base units).
    pub fn amount(&mut self, w: Option<Wad>) -> Result<(), TableError> {
        let name = self.schema.fields().get(self.at).map(|f| f.name().clone()).unwrap_or_default();
        let value = match w {
            Some(w) => Some(amount_i128(w).ok_or(TableError::AmountTooLarge { column: name, value: w })?),
            None => None,
        };
        if let Cells::Amount(v) = self.next(ColumnKind::Amount)? {
            v.push(value);
        }
        Ok(())
    }

    /// The next cell: a count (at most `i64::MAX`: a larger one is a
    /// [`TableError::CountTooLarge`] naming the column).
    pub fn count(&mut self, n: Option<u64>) -> Result<(), TableError> {
        let value = match n {
            Some(n) => Some(i64::try_from(n).map_err(|_| TableError::CountTooLarge {
                column: self.schema.fields().get(self.at).map(|f| f.name().clone()).unwrap_or_default(),
                value: n,
            })?),
            None => None,
        };
        if let Cells::Count(v) = self.next(ColumnKind::Count)? {
            v.push(value);
        }
        Ok(())
    }

    /// The next cell: a real number (null when not finite).
    pub fn real(&mut self, x: Option<f64>) -> Result<(), TableError> {
        if let Cells::Real(v) = self.next(ColumnKind::Real)? {
            v.push(x.filter(|x| x.is_finite()));
        }
        Ok(())
    }

    /// The next cell: text of a category or free text, as its column is.
    pub fn text(&mut self, s: Option<&str>) -> Result<(), TableError> {
        let kind = match self.columns.get(self.at) {
            Some(Cells::Category(_)) => ColumnKind::Category,
            _ => ColumnKind::Text,
        };
        if let Cells::Category(v) | Cells::Text(v) = self.next(kind)? {
            v.push(s.map(str::to_owned));
        }
        Ok(())
    }

    /// Ends the row: every column must have had its cell.
    pub fn end_row(&mut self) -> Result<(), TableError> {
        let rows = self.rows + 1;
        if self.at != self.columns.len() || self.columns.iter().any(|c| c.len() != rows) {
            return Err(TableError::Arrow(format!(
                "a row of {} cells in a table of {} columns",
                self.at,
                self.columns.len()
            )));
        }
        self.at = 0;
        self.rows = rows;
        Ok(())
    }

    /// The whole rows gathered as one batch, and forgets them.
    pub fn take_batch(&mut self) -> Result<RecordBatch, TableError> {
        if self.at != 0 {
            return Err(TableError::Arrow("a batch taken in the middle of a row".to_owned()));
        }
        let columns = self.columns.iter_mut().map(Cells::take).collect::<Result<Vec<_>, _>>()?;
        self.rows = 0;
        Ok(RecordBatch::try_new(self.schema(), columns)?)
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::Array;

    use super::*;
    use crate::arrow::table_schema;

    #[test]
    fn rows_become_typed_columns_and_mistakes_are_errors() -> Result<(), TableError> {
        let schema = table_schema(&[
            ("n", ColumnKind::Count, false),
            ("a", ColumnKind::Amount, true),
            ("x", ColumnKind::Real, true),
            ("s", ColumnKind::Category, false),
            ("e", ColumnKind::Text, true),
        ]);
        let mut t = TableBatcher::new(schema);
        t.count(Some(1))?;
        t.amount(Some(Wad::from_tokens(2)))?;
        t.real(Some(f64::NAN))?;
        t.text(Some("completed"))?;
        t.text(None)?;
        t.end_row()?;
        assert!(t.real(Some(1.0)).is_err(), "a real in a count column");
        let mut t3 = TableBatcher::new(t.schema());
        let e = t3.count(Some(u64::MAX)).err();
        assert!(
            matches!(&e, Some(TableError::CountTooLarge { column, value }) if column == "n" && *value == u64::MAX),
            "{e:?}"
        );
        t3.count(Some(i64::MAX as u64))?;
        let batch = TableBatcher::new(t.schema()).take_batch()?;
        assert_eq!(batch.num_rows(), 0);
        let mut t2 = TableBatcher::new(t.schema());
        t2.count(Some(1))?;
        assert!(t2.end_row().is_err(), "a short row");
        let batch = t.take_batch().ok();
        assert!(batch.is_none(), "the row the failed push started is not whole");
        Ok(())
    }

    #[test]
    fn a_whole_row_makes_a_batch() -> Result<(), TableError> {
        let schema = table_schema(&[("x", ColumnKind::Real, true), ("s", ColumnKind::Category, false)]);
        let mut t = TableBatcher::new(schema);
        for (x, s) in [(0.5, "a"), (f64::INFINITY, "b"), (2.0, "a")] {
            t.real(Some(x))?;
            t.text(Some(s))?;
            t.end_row()?;
        }
        let batch = t.take_batch()?;
        assert_eq!((batch.num_rows(), batch.column(0).null_count()), (3, 1));
        assert_eq!(batch.schema().field(1).data_type().to_string(), "Dictionary(Int32, Utf8)");
        Ok(())
    }
}
