//! The Arrow form of grassroot's tables: one schema per table, in one place, and the
//! `RecordBatch`es of a run built from what the engine hands the report layer (a step's
//! [`MetricRow`](grassroot_sim::MetricRow) values, a step's [`Tx`](grassroot_sim::Tx) records).
//!
//! This module writes no file: [`crate::parquet_file`] writes these batches as Parquet, and a
//! caller that wants them in memory (the Python package hands them over as Arrow tables) takes
//! them from [`RunBatches`] or from the batchers directly.
//!
//! **Types a reader needs no options for.** Every exact amount is `Decimal128(38, 18)` (signed
//! for the transaction log's changes): pyarrow and polars read it as a decimal, pandas with
//! `dtype_backend="pyarrow"`. Counts are `Int64`; real numbers (prices, averages of ratios,
//! sweep statistics) `Float64`; role, action and a sweep world's status are dictionary-encoded
//! strings (`Dictionary(Int32, Utf8)`: a categorical in pandas and polars); a missing value is
//! null (an empty metric, a NaN or infinite real, the finals of a failed world). The columns,
//! their names and their order are the CSVs'.
//!
//! **Amounts below 10^38 base units.** `Decimal128(38, 18)` holds 38 digits, so amounts must
//! be below 10^38 base units (10^20 tokens), where a `Wad` reaches 2^128 - 1 (3.4 x 10^38).
//! A run asks the engine to refuse larger starting supplies before its first step
//! ([`amount::parquet_limit`]); a value that still reaches the limit is an error naming its
//! column ([`TableError::AmountTooLarge`]), never a wrapped or truncated value.
//!
//! **Counts are signed.** `step`, `agent_id` and every count (`agents_*`, `trades`, a sweep's
//! `grid_point`, `run`, `seed`, `steps`, `runs`) are `Int64`, the type a CSV reader infers for
//! the same column: so a table read from CSV and one read from Parquet join on `step` and
//! `agent_id`, and `step - 10` at step 0 is -10 in pandas, polars and DuckDB (in `UInt64` it
//! wrapped to 18446744073709551606, or overflowed). No column needs more: a step is below
//! `MAX_TOTAL_STEPS` (10^9), an agent's id is a `u32`, a sweep world's seed is below 2^63 by
//! construction, and a count of agents or trades is bounded by the steps times the agents per
//! entry. A count above `i64::MAX` would still be an error naming its column
//! ([`TableError::CountTooLarge`]), never a wrapped value; a varied key whose values are not
//! all below 2^63 is a text column of the sweep's tables instead.
//!
//! - [`schema`]: the column kinds and the schema of every table.
//! - [`amount`]: amounts as the decimals' `i128`, and the limit.
//! - [`series`]: `simulation_data` (and any table of metric rows) batch by batch.
//! - [`transactions`]: `transaction_history` batch by batch.
//! - [`table`]: any table given column by column (the sweep's), row by row.
//! - [`run`]: a whole run's batches in memory.

pub mod amount;
pub mod error;
pub mod run;
pub mod schema;
pub mod series;
pub mod table;
pub mod transactions;

pub use amount::{AMOUNT_LIMIT, amount_i128, delta_i128, parquet_limit};
pub use error::TableError;
pub use run::{ArrowTable, RunBatches, RunTables};
pub use schema::{ColumnKind, Counts, series_schema, table_schema, transactions_schema};
pub use series::SeriesBatcher;
pub use table::TableBatcher;
pub use transactions::{TxBatcher, transactions_batch};
