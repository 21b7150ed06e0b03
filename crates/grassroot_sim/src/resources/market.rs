//! The market as a resource: the dDT/xDAI [`Pool`] and what traded through it this step.

use bevy_ecs::resource::Resource;
use grassroot_amm::{Pool, Side, Swap, Token, Wad};

/// The dDT/xDAI constant-product pool of the run, with this step's trade statistics.
#[derive(Resource, Clone, Debug)]
pub struct Market {
    pool: Pool,
    stats: TradeStats,
}

/// What went through the market in the current step. Sums are exact: one that would overflow
/// is not counted, and the economy reports it as a fault naming its column.
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

    /// Counts an executed swap; a sum that would overflow counts nothing and is returned as
    /// the name of its column (`volume_ddt`, `volume_xdai`, `fees_ddt`, `fees_xdai`).
    #[inline]
    pub(crate) fn record(&mut self, swap: &Swap) -> Result<(), &'static str> {
        let s = &mut self.stats;
        let (ddt, xdai) = match swap.side {
            Side::SellDdt => (swap.amount_in, swap.amount_out),
            Side::BuyDdt => (swap.amount_out, swap.amount_in),
        };
        // Raw sums with one overflow flag: no branch per sum on this path of every swap.
        let (volume_ddt, o1) = s.volume_ddt.raw().overflowing_add(ddt.raw());
        let (volume_xdai, o2) = s.volume_xdai.raw().overflowing_add(xdai.raw());
        let fees = match swap.fee_token {
            Token::Ddt => &mut s.fees_ddt,
            Token::Xdai => &mut s.fees_xdai,
        };
        let (fee, o3) = fees.raw().overflowing_add(swap.fee.raw());
        if o1 | o2 | o3 {
            return Err(overflowed_column(o1, o2, swap.fee_token));
        }
        *fees = Wad::from_raw(fee);
        (s.volume_ddt, s.volume_xdai) = (Wad::from_raw(volume_ddt), Wad::from_raw(volume_xdai));
        s.trades += 1;
        Ok(())
    }
}

/// The column whose sum overflowed, of those [`Market::record`] adds to.
#[cold]
fn overflowed_column(volume_ddt: bool, volume_xdai: bool, fee_token: Token) -> &'static str {
    match (volume_ddt, volume_xdai, fee_token) {
        (true, _, _) => "volume_ddt",
        (_, true, _) => "volume_xdai",
        (_, _, Token::Ddt) => "fees_ddt",
        (_, _, Token::Xdai) => "fees_xdai",
    }
}
