//! Metrics: the named columns of `simulation_data.csv` and the current step's row, plus the
//! per-role holdings every metric can read.
//!
//! A metric is a column declared with its kind ([`Column`]), registered at build time, and a
//! system in [`SimSet::Metrics`](crate::SimSet) that sets its value each step. The report layer reads the row after each step; the engine
//! never formats or writes it.

use std::borrow::Cow;
use std::collections::HashMap;

use bevy_ecs::resource::Resource;
use grassroot_amm::Wad;

/// One cell of the metric row.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Value {
    /// Not set this step (an empty cell).
    #[default]
    Empty,
    /// An exact amount, written as an exact decimal.
    Wad(Wad),
    /// A count.
    Int(u64),
    /// A derived real number (a price, a ratio, an index).
    F64(f64),
}

/// The kind of a metric column's values: what [`Value`] holds when it is not empty. The report
/// layer types a column by it (an exact decimal, an integer, a float).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// Exact amounts ([`Value::Wad`]).
    Wad,
    /// Counts ([`Value::Int`]).
    Int,
    /// Real numbers ([`Value::F64`]).
    F64,
}

impl ValueKind {
    /// The kind's name in messages: `amount`, `count`, `real number`.
    pub const fn name(self) -> &'static str {
        match self {
            ValueKind::Wad => "amount",
            ValueKind::Int => "count",
            ValueKind::F64 => "real number",
        }
    }
}

impl Value {
    /// The kind of the value; `None` when empty.
    pub const fn kind(self) -> Option<ValueKind> {
        match self {
            Value::Empty => None,
            Value::Wad(_) => Some(ValueKind::Wad),
            Value::Int(_) => Some(ValueKind::Int),
            Value::F64(_) => Some(ValueKind::F64),
        }
    }

    /// The value as `f64` for plots (`NaN` when empty).
    pub fn to_f64(self) -> f64 {
        match self {
            Value::Empty => f64::NAN,
            Value::Wad(w) => w.to_f64(),
            Value::Int(n) => n as f64,
            Value::F64(x) => x,
        }
    }
}

impl From<Wad> for Value {
    fn from(w: Wad) -> Value {
        Value::Wad(w)
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Int(n)
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::F64(x)
    }
}

/// Where a plugin's consecutive columns start in the [`MetricRow`]: found by the name of the
/// first of them on the first step it is asked, then kept (a plugin keeps one in its own
/// resource and fills its columns by position with [`MetricRow::set_at`]).
#[derive(Clone, Debug, Default)]
pub struct ColumnBlock {
    first: String,
    start: Option<usize>,
}

impl ColumnBlock {
    /// The block whose first column is named `first`.
    pub fn new(first: impl Into<String>) -> ColumnBlock {
        ColumnBlock { first: first.into(), start: None }
    }

    /// The block's first position in `row`, or `None` if no column has that name.
    pub fn start(&mut self, row: &MetricRow) -> Option<usize> {
        if self.start.is_none() {
            self.start = row.position(&self.first);
        }
        self.start
    }
}

/// A metric column as declared: its name and the kind of its values. A column is declared once
/// (usually as a `const`) and that one value both registers it
/// ([`SimBuilder::add_metric`](crate::SimBuilder::add_metric)) and sets its cell each step
/// ([`MetricRow::set`]), so the two cannot name different columns; the CSV header and the Arrow
/// and Parquet schemas are derived from the declarations.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Column {
    name: Cow<'static, str>,
    kind: ValueKind,
}

impl Column {
    /// A column of exact amounts.
    pub const fn amount(name: &'static str) -> Column {
        Column { name: Cow::Borrowed(name), kind: ValueKind::Wad }
    }

    /// A column of counts.
    pub const fn count(name: &'static str) -> Column {
        Column { name: Cow::Borrowed(name), kind: ValueKind::Int }
    }

    /// A column of real numbers.
    pub const fn real(name: &'static str) -> Column {
        Column { name: Cow::Borrowed(name), kind: ValueKind::F64 }
    }

    /// A column named at run time (one per role, per use case, per token, per market...).
    pub fn new(name: impl Into<String>, kind: ValueKind) -> Column {
        Column { name: Cow::Owned(name.into()), kind }
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The kind of its values.
    pub fn kind(&self) -> ValueKind {
        self.kind
    }
}

/// Why a column cannot be registered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnError {
    /// Two columns of one name.
    Duplicate(String),
    /// A name that is empty or holds a comma, a quote or a line break, which a CSV header
    /// cannot hold as it is.
    BadName(String),
}

impl std::fmt::Display for ColumnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ColumnError::Duplicate(name) => write!(f, "metric column '{name}' is registered twice"),
            ColumnError::BadName(name) => write!(
                f,
                "metric column {name:?} cannot be a column name: a name is not empty and holds no comma, quote or \
                 line break"
            ),
        }
    }
}

impl std::error::Error for ColumnError {}

/// The metric columns and the current step's values.
///
/// Every column is declared with its kind ([`Column`]), so typed outputs know each column's
/// type before the first step.
#[derive(Resource, Clone, Debug, Default)]
pub struct MetricRow {
    names: Vec<String>,
    kinds: Vec<ValueKind>,
    values: Vec<Value>,
    index: HashMap<String, usize>,
}

impl MetricRow {
    /// Adds a column; returns its position.
    pub fn register(&mut self, column: &Column) -> Result<usize, ColumnError> {
        let name = column.name();
        if name.is_empty() || name.contains([',', '"', '\n', '\r']) {
            return Err(ColumnError::BadName(name.to_owned()));
        }
        if self.index.contains_key(name) {
            return Err(ColumnError::Duplicate(name.to_owned()));
        }
        let position = self.names.len();
        self.index.insert(name.to_owned(), position);
        self.names.push(name.to_owned());
        self.kinds.push(column.kind());
        self.values.push(Value::Empty);
        Ok(position)
    }

    /// The declared kind of every column, in column order.
    pub fn kinds(&self) -> &[ValueKind] {
        &self.kinds
    }

    /// Sets a declared column's cell (nothing when the column is not registered: its plugin
    /// was not added).
    pub fn set(&mut self, column: &Column, value: impl Into<Value>) {
        if let Some(&i) = self.index.get(column.name()) {
            self.values[i] = value.into();
        }
    }

    /// Sets a column by position.
    #[inline]
    pub fn set_at(&mut self, column: usize, value: impl Into<Value>) {
        if let Some(v) = self.values.get_mut(column) {
            *v = value.into();
        }
    }

    /// The position of a column.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// A column's value this step.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.position(name).map(|i| self.values[i])
    }

    /// Column names in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Values in column order.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// Empties every cell (when a step begins).
    pub fn clear(&mut self) {
        self.values.fill(Value::Empty);
    }
}

/// What one role's members hold in total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RoleHoldings {
    /// Members counted.
    pub members: u64,
    /// dDT held.
    pub ddt: Wad,
    /// xDAI held.
    pub xdai: Wad,
    /// LP tokens held.
    pub lp: Wad,
}

/// Holdings by role and in total, tallied at the start of the metrics phase each step.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct Holdings {
    /// Indexed by [`Role`](crate::Role).
    pub by_role: Vec<RoleHoldings>,
    /// All wallets together.
    pub total: RoleHoldings,
}
