//! The Arrow schema of every table, in one place: [`transactions_schema`] for the
//! transaction log, [`series_schema`] for `simulation_data` (its columns are the run's metric
//! columns), [`table_schema`] for tables described column by column (the sweep's).
//!
//! A column's type comes from its [`ColumnKind`]; see the module documentation of
//! [`crate::arrow`] for why these types. Field names and order are the CSVs' columns. No
//! schema carries metadata, so that a file's bytes depend on its rows alone.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Int64Type, UInt64Type};
use arrow_array::{Array, Int64Array, UInt64Array};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use grassroot_sim::ValueKind;

/// Digits of an amount's decimal.
pub const AMOUNT_PRECISION: u8 = 38;
/// Decimals of an amount (a `Wad` has 18).
pub const AMOUNT_SCALE: i8 = 18;

/// What a column holds, and so its Arrow type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ColumnKind {
    /// Exact amounts, signed or not: `Decimal128(38, 18)`.
    Amount,
    /// Counts: `Int64` (signed, as CSV readers infer a count column; see [`crate::arrow`]).
    Count,
    /// Real numbers: `Float64`.
    Real,
    /// Text from a small set (role, action, status): `Dictionary(Int32, Utf8)`.
    Category,
    /// Any text: `Utf8`.
    Text,
}

impl ColumnKind {
    /// The Arrow type of the kind.
    pub fn data_type(self) -> DataType {
        match self {
            ColumnKind::Amount => DataType::Decimal128(AMOUNT_PRECISION, AMOUNT_SCALE),
            ColumnKind::Count => DataType::Int64,
            ColumnKind::Real => DataType::Float64,
            ColumnKind::Category => DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
            ColumnKind::Text => DataType::Utf8,
        }
    }

    /// The kind of a metric column whose values are of `kind`.
    pub fn of_metric(kind: ValueKind) -> ColumnKind {
        match kind {
            ValueKind::Wad => ColumnKind::Amount,
            ValueKind::Int => ColumnKind::Count,
            ValueKind::F64 => ColumnKind::Real,
        }
    }
}

/// A count column read back from a file: `Int64`, as grassroot writes counts, or `UInt64`, as
/// it wrote them before (a sweep's shards written by an older grassroot still merge).
#[derive(Clone, Copy, Debug)]
pub enum Counts<'a> {
    /// `Int64`.
    Signed(&'a Int64Array),
    /// `UInt64`.
    Unsigned(&'a UInt64Array),
}

impl<'a> Counts<'a> {
    /// The counts of `column`, if it is a column of counts.
    pub fn of(column: &'a dyn Array) -> Option<Counts<'a>> {
        match column.data_type() {
            DataType::Int64 => column.as_primitive_opt::<Int64Type>().map(Counts::Signed),
            DataType::UInt64 => column.as_primitive_opt::<UInt64Type>().map(Counts::Unsigned),
            _ => None,
        }
    }

    /// Count `i`: `None` if it is null or negative (not a count) or past the end.
    pub fn get(&self, i: usize) -> Option<u64> {
        match self {
            Counts::Signed(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)).and_then(|v| u64::try_from(v).ok()),
            Counts::Unsigned(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
        }
    }
}

/// A field of `kind`, nullable when `nullable`.
pub fn field(name: &str, kind: ColumnKind, nullable: bool) -> Field {
    Field::new(name, kind.data_type(), nullable)
}

/// The columns of the transaction log: name, kind, and whether it may be null (only the
/// price after, when it is not a finite number).
pub const TRANSACTION_COLUMNS: [(&str, ColumnKind, bool); 11] = [
    ("step", ColumnKind::Count, false),
    ("agent_id", ColumnKind::Count, false),
    ("role", ColumnKind::Category, false),
    ("action", ColumnKind::Category, false),
    ("ddt", ColumnKind::Amount, false),
    ("xdai", ColumnKind::Amount, false),
    ("lp", ColumnKind::Amount, false),
    ("ddt_after", ColumnKind::Amount, false),
    ("xdai_after", ColumnKind::Amount, false),
    ("lp_after", ColumnKind::Amount, false),
    ("price_after", ColumnKind::Real, true),
];

/// The schema of `transaction_history`: the columns of `transaction_history.csv`, typed as
/// [`TRANSACTION_COLUMNS`] says.
pub fn transactions_schema() -> SchemaRef {
    Arc::new(Schema::new(TRANSACTION_COLUMNS.iter().map(|(n, k, null)| field(n, *k, *null)).collect::<Vec<_>>()))
}

/// The schema of `simulation_data`: one nullable column per metric (an empty cell is null),
/// typed by its kind (amounts, counts, reals).
pub fn series_schema(names: &[String], kinds: &[ValueKind]) -> SchemaRef {
    let fields: Vec<Field> = names.iter().zip(kinds).map(|(n, k)| field(n, ColumnKind::of_metric(*k), true)).collect();
    Arc::new(Schema::new(fields))
}

/// The schema of a table given column by column: name, kind, nullable.
pub fn table_schema<S: AsRef<str>>(columns: &[(S, ColumnKind, bool)]) -> SchemaRef {
    Arc::new(Schema::new(columns.iter().map(|(n, k, null)| field(n.as_ref(), *k, *null)).collect::<Vec<_>>()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema the Python package and every reader rely on: a change here is a change of
    /// the files' format, to be made on purpose.
    #[test]
    fn the_transaction_schema_is_pinned() {
        let schema = transactions_schema();
        let shown: Vec<String> = schema
            .fields()
            .iter()
            .map(|f| format!("{}: {}{}", f.name(), f.data_type(), if f.is_nullable() { "?" } else { "" }))
            .collect();
        assert_eq!(
            shown,
            [
                "step: Int64",
                "agent_id: Int64",
                "role: Dictionary(Int32, Utf8)",
                "action: Dictionary(Int32, Utf8)",
                "ddt: Decimal128(38, 18)",
                "xdai: Decimal128(38, 18)",
                "lp: Decimal128(38, 18)",
                "ddt_after: Decimal128(38, 18)",
                "xdai_after: Decimal128(38, 18)",
                "lp_after: Decimal128(38, 18)",
                "price_after: Float64?",
            ]
        );
        assert!(schema.metadata().is_empty());
        let header: Vec<&str> = crate::transactions::TX_COLUMNS.trim_end().split(',').collect();
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, header, "the Parquet log has the CSV's columns, in its order");
    }

    #[test]
    fn counts_read_back_signed_or_unsigned_and_refuse_negatives() {
        let signed = Int64Array::from(vec![Some(0), None, Some(-1), Some(i64::MAX)]);
        let counts = Counts::of(&signed).map(|c| (0..5).map(|i| c.get(i)).collect::<Vec<_>>());
        assert_eq!(counts, Some(vec![Some(0), None, None, Some(i64::MAX as u64), None]));
        let unsigned = UInt64Array::from(vec![u64::MAX]);
        assert_eq!(Counts::of(&unsigned).and_then(|c| c.get(0)), Some(u64::MAX));
        assert!(Counts::of(&arrow_array::Float64Array::from(vec![1.0])).is_none());
    }

    #[test]
    fn series_columns_are_typed_by_their_kind() {
        let names = ["step", "price", "pool_ddt"].map(str::to_owned);
        let schema = series_schema(&names, &[ValueKind::Int, ValueKind::F64, ValueKind::Wad]);
        let types: Vec<String> =
            schema.fields().iter().map(|f| format!("{} {}", f.data_type(), f.is_nullable())).collect();
        assert_eq!(types, ["Int64 true", "Float64 true", "Decimal128(38, 18) true"]);
    }
}
