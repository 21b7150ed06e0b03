//! Metrics: the named columns of `simulation_data.csv` and the current step's row, plus the
//! per-role holdings every metric can read.
//!
//! A metric is a column registered at build time and a system in [`SimSet::Metrics`](crate::SimSet)
//! that sets its value each step. The report layer reads the row after each step; the engine
//! never formats or writes it.

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

impl Value {
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

/// The metric columns and the current step's values.
#[derive(Resource, Clone, Debug, Default)]
pub struct MetricRow {
    names: Vec<String>,
    values: Vec<Value>,
    index: HashMap<String, usize>,
}

impl MetricRow {
    /// Adds a column; `false` if a column of that name exists already.
    pub fn register(&mut self, name: impl Into<String>) -> bool {
        let name = name.into();
        if self.index.contains_key(&name) {
            return false;
        }
        self.index.insert(name.clone(), self.names.len());
        self.names.push(name);
        self.values.push(Value::Empty);
        true
    }

    /// Sets a column by name; `false` (and nothing set) if there is no such column.
    pub fn set(&mut self, name: &str, value: impl Into<Value>) -> bool {
        match self.index.get(name) {
            Some(&i) => {
                self.values[i] = value.into();
                true
            }
            None => false,
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
