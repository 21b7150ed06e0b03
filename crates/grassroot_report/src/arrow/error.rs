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
    /// A count is above `i64::MAX`: counts are `Int64`, as a CSV reader infers them, so that
    /// `step - 10` is negative at step 0 in every reader; a larger value is refused, never
    /// wrapped.
    CountTooLarge {
        /// The column.
        column: String,
        /// The count.
        value: u64,
    },
    /// A metric column holds a value of another kind than it declares.
    KindChanged {
        /// The column.
        column: String,
        /// The kind the column declares.
        kind: ValueKind,
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
            TableError::CountTooLarge { column, value } => write!(
                f,
                "column {column}: the count {value} is above {} (i64::MAX), the largest an Int64 column holds; lower \
                 it, or write CSV only (OUTPUT_FORMAT=csv), whose counts have no such limit",
                i64::MAX
            ),
            TableError::KindChanged { column, kind, found } => write!(
                f,
                "column {column}: a value of kind {} in a column declared as {}: a column holds the kind it declares",
                found.name(),
                kind.name()
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
