//! [`TableError`]: why a table's rows cannot become Arrow arrays — an amount too large for
//! its decimal type, a column whose values change kind — each naming the column.

use std::fmt;

use grassroot_amm::Wad;
use grassroot_sim::ValueKind;

use crate::arrow::amount::LIMIT_TEXT;

/// Why rows cannot be written as Arrow arrays.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum TableError {
    /// An amount is 10^38 base units or more: `Decimal128(38, 18)` cannot hold it.
    AmountTooLarge {
        /// The column.
        column: String,
        /// The amount (its size; a debit's sign is not part of it).
        value: Wad,
    },
    /// A metric column holds a value of another kind than its type.
    KindChanged {
        /// The column.
        column: String,
        /// The kind the column's type was fixed as; `None`: fixed as real numbers because its
        /// first rows were all empty.
        kind: Option<ValueKind>,
        /// The kind of the value found.
        found: ValueKind,
    },
    /// Arrow refused the arrays (a bug of grassroot, said as such).
    Arrow(String),
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::AmountTooLarge { column, value } => write!(
                f,
                "column {column}: {value} is not below {LIMIT_TEXT}; lower the amounts of the run, or write CSV \
                 only (OUTPUT_FORMAT=csv), whose decimals have no such limit"
            ),
            TableError::KindChanged { column, kind: Some(kind), found } => write!(
                f,
                "column {column}: a {} where its first values were of kind {}: a column holds one kind of value",
                found.name(),
                kind.name()
            ),
            TableError::KindChanged { column, kind: None, found } => write!(
                f,
                "column {column}: a {} after its first row group was all empty, which typed it as real numbers; \
                 register the column with its kind (MetricRow::register_kind) or set it from the first step",
                found.name()
            ),
            TableError::Arrow(message) => write!(f, "cannot build the Arrow arrays: {message}"),
        }
    }
}

impl std::error::Error for TableError {}

impl From<arrow_schema::ArrowError> for TableError {
    fn from(e: arrow_schema::ArrowError) -> TableError {
        TableError::Arrow(e.to_string())
    }
}
