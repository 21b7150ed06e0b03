//! The transactions of the current step: every change to a wallet, as a record.
//!
//! The engine appends to [`TxLog`] as agents act and clears it when the next step begins; the
//! report layer streams each step's records to disk, so memory stays flat however long the run.

use bevy_ecs::resource::Resource;
use grassroot_amm::{Pool, Wad};

use crate::components::{AgentId, Role, Wallet};

/// What a transaction did, as its name in the log (`mint`, `sell`, ...). An open set: plugins
/// define their own with [`Action::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Action(&'static str);

impl Action {
    /// Starting dDT created for a member on joining.
    pub const MINT: Action = Action("mint");
    /// Starting xDAI given to a member on joining.
    pub const ENDOW: Action = Action("endow");
    /// dDT spent on compute (it goes to The Pie).
    pub const SPEND: Action = Action("spend");
    /// dDT bought with xDAI.
    pub const BUY: Action = Action("buy");
    /// dDT sold for xDAI.
    pub const SELL: Action = Action("sell");
    /// dDT and xDAI deposited in the pool for LP tokens.
    pub const ADD_LIQUIDITY: Action = Action("add_liquidity");
    /// LP tokens burned for dDT and xDAI.
    pub const REMOVE_LIQUIDITY: Action = Action("remove_liquidity");
    /// dDT received from The Pie.
    pub const PIE_SHARE: Action = Action("pie_share");
    /// Fees collected from the pool's fee account (`FEE_MODEL=account`).
    pub const COLLECT_FEES: Action = Action("collect_fees");
    /// Collected fees deposited back into the pool.
    pub const REINVEST: Action = Action("reinvest");

    /// A plugin's own action name (lower snake case, no commas).
    pub const fn new(name: &'static str) -> Action {
        Action(name)
    }

    /// The name as written in the log.
    pub const fn name(self) -> &'static str {
        self.0
    }
}

/// A signed change of one balance, seen from the agent's wallet: credit or debit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delta {
    /// The size of the change.
    pub amount: Wad,
    /// True if the amount left the wallet.
    pub debit: bool,
}

impl Delta {
    /// No change.
    pub const ZERO: Delta = Delta { amount: Wad::ZERO, debit: false };

    /// An amount that entered the wallet.
    #[inline]
    pub const fn credit(amount: Wad) -> Delta {
        Delta { amount, debit: false }
    }

    /// An amount that left the wallet.
    #[inline]
    pub const fn debit(amount: Wad) -> Delta {
        Delta { amount, debit: true }
    }

    /// The change as an `f64` (negative for a debit), for metrics only.
    pub fn to_f64(self) -> f64 {
        if self.debit { -self.amount.to_f64() } else { self.amount.to_f64() }
    }
}

/// One transaction: who, what, the three balance changes and the state after.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tx {
    /// The agent.
    pub agent: AgentId,
    /// Its role.
    pub role: Role,
    /// What happened.
    pub action: Action,
    /// Change of the agent's dDT.
    pub ddt: Delta,
    /// Change of the agent's xDAI.
    pub xdai: Delta,
    /// Change of the agent's LP tokens.
    pub lp: Delta,
    /// The agent's wallet after the transaction.
    pub after: Wallet,
    /// Spot price of the pool after the transaction (xDAI per dDT; 0 while the pool is closed).
    pub price_after: f64,
}

/// The transactions of the current step, in the order they happened.
#[derive(Resource, Debug, Default)]
pub struct TxLog {
    records: Vec<Tx>,
    enabled: bool,
    /// The pool's reserves (dDT, xDAI) when its price was last computed, and that price: most
    /// transactions (spends, Pie shares) leave the pool alone, and a 128-bit to float
    /// conversion per transaction shows in profiles.
    price_of: (Wad, Wad, f64),
}

impl TxLog {
    /// An empty log; a disabled log records nothing (for `TX_LOG=off` and benchmarks).
    pub fn new(enabled: bool) -> TxLog {
        TxLog { records: Vec::new(), enabled, price_of: (Wad::ZERO, Wad::ZERO, 0.0) }
    }

    /// The pool's spot price, recomputed only when its reserves changed since the last call.
    #[inline]
    pub fn price_after(&mut self, pool: &Pool) -> f64 {
        let (ddt, xdai, _) = self.price_of;
        if (ddt, xdai) != (pool.reserve_ddt(), pool.reserve_xdai()) {
            self.price_of = (pool.reserve_ddt(), pool.reserve_xdai(), pool.spot_price());
        }
        self.price_of.2
    }

    /// Appends a record (no-op when disabled).
    #[inline]
    pub fn push(&mut self, tx: Tx) {
        if self.enabled {
            self.records.push(tx);
        }
    }

    /// True if records are kept.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// The records of the current step.
    pub fn records(&self) -> &[Tx] {
        &self.records
    }

    /// Hands over the records, putting `spare` (emptied) in their place.
    pub fn swap_records(&mut self, mut spare: Vec<Tx>) -> Vec<Tx> {
        spare.clear();
        std::mem::replace(&mut self.records, spare)
    }

    /// Forgets the records, keeping the buffer (called when a step begins).
    pub fn clear(&mut self) {
        self.records.clear();
    }
}
