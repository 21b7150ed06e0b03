//! [`TxBatcher`]: a step's transaction records ([`Tx`]) gathered into `RecordBatch`es of the
//! `transaction_history` schema ([`transactions_schema`]), column by column, without a
//! string or an allocation per row.
//!
//! `role` is a dictionary of the run's role names (the key is the role's index); `action` a
//! dictionary of the actions seen so far by this batcher, in the order first seen (an
//! `Action` is an open set: plugins add their own). A Parquet writer re-encodes both from
//! their values, so the dictionaries' order does not reach a file. A change is negative when
//! it is a debit; a price that is not a finite number is null.

use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, Decimal128Array, DictionaryArray, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::SchemaRef;
use grassroot_sim::{Roles, Tx};

use grassroot_amm::Wad;

use crate::arrow::amount::AMOUNT_LIMIT;
use crate::arrow::error::TableError;
use crate::arrow::schema::{AMOUNT_PRECISION, AMOUNT_SCALE, transactions_schema};

/// Names of the six amount columns, in the order of [`TxBatcher`]'s buffers.
const AMOUNT_COLUMNS: [&str; 6] = ["ddt", "xdai", "lp", "ddt_after", "xdai_after", "lp_after"];

/// Where a row's amount column is in a [`Tx`]: its size and whether it is a debit.
type AmountOf = fn(&Tx) -> (Wad, bool);

/// Gathers transactions and hands them out as `RecordBatch`es.
#[derive(Clone, Debug)]
pub struct TxBatcher {
    schema: SchemaRef,
    roles: Arc<StringArray>,
    actions: Vec<&'static str>,
    step: Vec<i64>,
    agent: Vec<i64>,
    role: Vec<i32>,
    action: Vec<i32>,
    amounts: [Vec<i128>; 6],
    price: Vec<f64>,
    price_nulls: bool,
}

impl TxBatcher {
    /// A batcher for a run with `roles`.
    pub fn new(roles: &Roles) -> TxBatcher {
        let names: StringArray = roles.iter().map(|(_, r)| Some(r.name.as_str())).collect();
        TxBatcher {
            schema: transactions_schema(),
            roles: Arc::new(names),
            actions: Vec::new(),
            step: Vec::new(),
            agent: Vec::new(),
            role: Vec::new(),
            action: Vec::new(),
            amounts: Default::default(),
            price: Vec::new(),
            price_nulls: false,
        }
    }

    /// The schema of the batches.
    pub fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    /// Rows gathered and not yet handed out.
    pub fn len(&self) -> usize {
        self.step.len()
    }

    /// True if no row waits.
    pub fn is_empty(&self) -> bool {
        self.step.is_empty()
    }

    /// Adds the transactions of `step`. An amount of 10^38 base units or more, or a step above
    /// `i64::MAX`, is an error naming its column, and no row of `txs` is added.
    pub fn push(&mut self, step: u64, txs: &[Tx]) -> Result<(), TableError> {
        let start = self.len();
        let added = self.push_rows(step, txs);
        if added.is_err() {
            self.truncate(start);
        }
        added
    }

    /// Adds the rows column by column: each column is one pass over `txs` that the compiler
    /// keeps free of per-row capacity checks; the amounts are checked against the limit once
    /// per column (a row at a time cost several times as much under callgrind, most of it the
    /// pushes' checks and the error path's iterators; see `docs/speed.md`).
    fn push_rows(&mut self, step: u64, txs: &[Tx]) -> Result<(), TableError> {
        let step =
            i64::try_from(step).map_err(|_| TableError::CountTooLarge { column: "step".to_owned(), value: step })?;
        self.step.extend(std::iter::repeat_n(step, txs.len()));
        self.agent.extend(txs.iter().map(|tx| i64::from(tx.agent.0)));
        self.role.extend(txs.iter().map(|tx| i32::from(tx.role.0)));
        self.action.reserve(txs.len());
        let mut last: (&'static str, i32) = ("", -1);
        for tx in txs {
            let name = tx.action.name();
            if !std::ptr::eq(name, last.0) {
                last = (name, self.action_key(name));
            }
            self.action.push(last.1);
        }
        let columns: [AmountOf; 6] = [
            |tx| (tx.ddt.amount, tx.ddt.debit),
            |tx| (tx.xdai.amount, tx.xdai.debit),
            |tx| (tx.lp.amount, tx.lp.debit),
            |tx| (tx.after.ddt, false),
            |tx| (tx.after.xdai, false),
            |tx| (tx.after.lp, false),
        ];
        for (i, column) in columns.into_iter().enumerate() {
            // The bits of every amount, ORed: below the limit if every amount is below 2^126
            // (< 10^38); only then is a column searched for an amount at the limit.
            let mut bits = 0u128;
            self.amounts[i].extend(txs.iter().map(|tx| {
                let (amount, debit) = column(tx);
                bits |= amount.raw();
                // Below the limit (checked below for the whole column) the cast is exact.
                let v = amount.raw() as i128;
                if debit { v.wrapping_neg() } else { v }
            }));
            if bits >= AMOUNT_LIMIT
                && let Some(value) = txs.iter().map(|tx| column(tx).0).find(|w| w.raw() >= AMOUNT_LIMIT)
            {
                return Err(TableError::AmountTooLarge { column: AMOUNT_COLUMNS[i].to_owned(), value });
            }
        }
        self.price_nulls |= txs.iter().any(|tx| !tx.price_after.is_finite());
        self.price.extend(txs.iter().map(|tx| tx.price_after));
        Ok(())
    }

    /// The dictionary key of action `name`, added if new.
    fn action_key(&mut self, name: &'static str) -> i32 {
        let at = self.actions.iter().position(|a| *a == name).unwrap_or_else(|| {
            self.actions.push(name);
            self.actions.len() - 1
        });
        i32::try_from(at).unwrap_or(i32::MAX)
    }

    fn truncate(&mut self, len: usize) {
        self.step.truncate(len);
        self.agent.truncate(len);
        self.role.truncate(len);
        self.action.truncate(len);
        self.price.truncate(len);
        for a in &mut self.amounts {
            a.truncate(len);
        }
    }

    /// The rows gathered as one batch (its arrays take over the buffers, without a copy), and
    /// forgets them.
    pub fn take_batch(&mut self) -> Result<RecordBatch, TableError> {
        let room = self.len();
        let take_i64 = |v: &mut Vec<i64>| std::mem::replace(v, Vec::with_capacity(room));
        let take_i32 = |v: &mut Vec<i32>| std::mem::replace(v, Vec::with_capacity(room));
        let actions: StringArray = self.actions.iter().map(|a| Some(*a)).collect();
        let roles: ArrayRef = Arc::clone(&self.roles) as ArrayRef;
        let role = DictionaryArray::<Int32Type>::try_new(Int32Array::from(take_i32(&mut self.role)), roles)?;
        let action =
            DictionaryArray::<Int32Type>::try_new(Int32Array::from(take_i32(&mut self.action)), Arc::new(actions))?;
        let prices = std::mem::replace(&mut self.price, Vec::with_capacity(room));
        let price: Float64Array = if std::mem::take(&mut self.price_nulls) {
            prices.into_iter().map(|x| Some(x).filter(|x| x.is_finite())).collect()
        } else {
            Float64Array::from(prices)
        };
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(Int64Array::from(take_i64(&mut self.step))),
            Arc::new(Int64Array::from(take_i64(&mut self.agent))),
            Arc::new(role),
            Arc::new(action),
        ];
        for a in &mut self.amounts {
            let values = std::mem::replace(a, Vec::with_capacity(room));
            let array = Decimal128Array::from(values).with_precision_and_scale(AMOUNT_PRECISION, AMOUNT_SCALE)?;
            columns.push(Arc::new(array));
        }
        columns.push(Arc::new(price));
        Ok(RecordBatch::try_new(self.schema(), columns)?)
    }
}

/// The transactions of `step` as one batch (for a caller that wants a step at a time).
pub fn transactions_batch(roles: &Roles, step: u64, txs: &[Tx]) -> Result<RecordBatch, TableError> {
    let mut b = TxBatcher::new(roles);
    b.push(step, txs)?;
    b.take_batch()
}

#[cfg(test)]
mod tests {
    use arrow_array::Array;
    use grassroot_sim::{Action, AgentId, Delta, Wallet};

    use super::*;

    fn tx(ddt: Delta, after_xdai: Wad) -> Tx {
        Tx {
            agent: AgentId(7),
            role: grassroot_sim::Role(0),
            action: Action::SELL,
            ddt,
            xdai: Delta::credit(Wad::from_tokens(1)),
            lp: Delta::ZERO,
            after: Wallet { ddt: Wad::ZERO, xdai: after_xdai, lp: Wad::ZERO },
            price_after: 0.5,
        }
    }

    #[test]
    fn amounts_at_the_limit_are_refused_by_column_and_add_no_row() {
        let mut roles = Roles::default();
        roles.add("casual_user", Wad::from_tokens(1), Wad::ZERO).expect("one role fits");
        let mut b = TxBatcher::new(&roles);
        // 2^126 + 2^123 is below the limit (10^38 ≈ 1.18 * 2^126) although its bits reach 2^126.
        let high = Wad::from_raw((1u128 << 126) | (1 << 123));
        b.push(1, &[tx(Delta::debit(high), Wad::from_tokens(3))]).expect("below the limit");
        let e = b
            .push(2, &[tx(Delta::debit(Wad::ZERO), Wad::from_tokens(3)), tx(Delta::ZERO, Wad::from_raw(AMOUNT_LIMIT))]);
        assert!(
            matches!(&e, Err(TableError::AmountTooLarge { column, value }) if column == "xdai_after" && value.raw() == AMOUNT_LIMIT),
            "{e:?}"
        );
        let batch = b.take_batch().expect("a batch");
        assert_eq!(batch.num_rows(), 1);
        let ddt = batch.column(4).as_any().downcast_ref::<Decimal128Array>().expect("decimals");
        assert_eq!(ddt.value(0), -(high.raw() as i128));
    }

    #[test]
    fn steps_and_agents_are_signed_and_a_step_beyond_int64_is_refused() {
        let mut roles = Roles::default();
        roles.add("casual_user", Wad::from_tokens(1), Wad::ZERO).expect("one role fits");
        let mut b = TxBatcher::new(&roles);
        let e = b.push(1 << 63, &[tx(Delta::ZERO, Wad::ZERO)]);
        assert!(
            matches!(&e, Err(TableError::CountTooLarge { column, value }) if column == "step" && *value == 1 << 63)
        );
        b.push(0, &[tx(Delta::ZERO, Wad::ZERO)]).expect("step 0");
        let batch = b.take_batch().expect("a batch");
        assert_eq!(batch.num_rows(), 1, "the refused step added no row");
        let step = batch.column(0).as_any().downcast_ref::<Int64Array>().map(|a| a.value(0) - 10);
        assert_eq!(step, Some(-10));
        let agent = batch.column(1).as_any().downcast_ref::<Int64Array>().map(|a| a.value(0));
        assert_eq!(agent, Some(7));
    }
}
