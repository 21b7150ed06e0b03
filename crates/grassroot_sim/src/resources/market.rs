//! The market as a resource: the dDT/xDAI [`Pool`] and what traded through it this step.

use bevy_ecs::resource::Resource;
use grassroot_amm::{Pool, Side, Swap, Token, Wad};

/// The dDT/xDAI constant-product pool of the run, with this step's trade statistics.
#[derive(Resource, Clone, Debug)]
pub struct Market {
    pool: Pool,
    stats: TradeStats,
}

/// What went through the market in the current step. Sums saturate (they are metrics, not
/// books: the books are kept exactly elsewhere).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TradeStats {
    /// Swaps executed.
    pub trades: u64,
    /// dDT that changed hands in swaps (in or out).
    pub volume_ddt: Wad,
    /// xDAI that changed hands in swaps (in or out).
    pub volume_xdai: Wad,
    /// Swap fees counted in dDT (sellers' fees, under `FEE_MODEL=reserves`).
    pub fees_ddt: Wad,
    /// Swap fees counted in xDAI (buyers' fees; every fee under `FEE_MODEL=account`).
    pub fees_xdai: Wad,
    /// Trades not attempted because the pool was not open yet.
    pub skipped_closed: u64,
    /// Trades the pool refused (e.g. an amount too small to give any output, slippage).
    pub failed: u64,
}

impl Market {
    /// A market around `pool`.
    pub fn new(pool: Pool) -> Market {
        Market { pool, stats: TradeStats::default() }
    }

    /// The pool.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The pool, to trade or change its fee. Prefer [`Economy`](crate::Economy) for trades by
    /// agents: it moves the wallets, logs and counts them.
    pub fn pool_mut(&mut self) -> &mut Pool {
        &mut self.pool
    }

    /// This step's statistics.
    pub fn stats(&self) -> &TradeStats {
        &self.stats
    }

    /// Statistics, to count a skipped or failed trade.
    pub fn stats_mut(&mut self) -> &mut TradeStats {
        &mut self.stats
    }

    /// Forgets this step's statistics (when a step begins).
    pub fn begin_step(&mut self) {
        self.stats = TradeStats::default();
    }

    /// Counts an executed swap.
    pub(crate) fn record(&mut self, swap: &Swap) {
        let s = &mut self.stats;
        s.trades += 1;
        let (ddt, xdai) = match swap.side {
            Side::SellDdt => (swap.amount_in, swap.amount_out),
            Side::BuyDdt => (swap.amount_out, swap.amount_in),
        };
        s.volume_ddt = add_saturating(s.volume_ddt, ddt);
        s.volume_xdai = add_saturating(s.volume_xdai, xdai);
        match swap.fee_token {
            Token::Ddt => s.fees_ddt = add_saturating(s.fees_ddt, swap.fee),
            Token::Xdai => s.fees_xdai = add_saturating(s.fees_xdai, swap.fee),
        }
    }
}

fn add_saturating(a: Wad, b: Wad) -> Wad {
    Wad::from_raw(a.raw().saturating_add(b.raw()))
}
