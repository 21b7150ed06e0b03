//! Metrics phase: tally holdings, check the books, fill the standard columns.

use bevy_ecs::system::{Query, Res, ResMut};
use grassroot_amm::{Wad, WadError};

use crate::books::{self, CheckBooks, Identity};
use crate::components::{Role, Wallet};
use crate::resources::clock::Clock;
use crate::resources::fault::{Faults, SimError};
use crate::resources::market::Market;
use crate::resources::metrics::{Holdings, MetricRow, RoleHoldings, ValueKind};
use crate::resources::pie::Pie;
use crate::resources::roles::Roles;
use crate::resources::supply::{ComputeStats, Supply};
use crate::simulation::RunParams;

/// Columns the standard metrics fill, before the per-role ones.
pub const STANDARD_COLUMNS: [&str; 24] = [
    "step",
    "price",
    "pool_ddt",
    "pool_xdai",
    "lp_supply",
    "pie_ddt",
    "pie_inflow",
    "pie_paid_out",
    "ddt_minted",
    "ddt_burned",
    "ddt_wallets",
    "xdai_endowed",
    "xdai_wallets",
    "volume_ddt",
    "volume_xdai",
    "fees_ddt",
    "fees_xdai",
    "trades",
    "trades_skipped",
    "trades_failed",
    "compute_spent_ddt",
    "unmet_demand_ddt",
    "agents_total",
    "lp_wallets",
];

/// The kind of each of [`STANDARD_COLUMNS`], declared so that typed outputs know them before
/// the first step.
pub const STANDARD_KINDS: [ValueKind; 24] = {
    use ValueKind::{F64, Int, Wad as W};
    [Int, F64, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, Int, Int, Int, W, W, Int, W]
};

/// Per-role columns, as `<prefix><role>`.
pub const ROLE_COLUMN_PREFIXES: [&str; 4] = ["agents_", "avg_ddt_", "avg_xdai_", "avg_lp_"];

/// The kind of each of [`ROLE_COLUMN_PREFIXES`]' columns.
pub const ROLE_COLUMN_KINDS: [ValueKind; 4] = [ValueKind::Int, ValueKind::Wad, ValueKind::Wad, ValueKind::Wad];

/// Sums every wallet by role into [`Holdings`]; an overflow (impossible while the books
/// balance) is a fault.
pub fn tally_holdings(
    wallets: Query<(&Role, &Wallet)>,
    roles: Res<Roles>,
    clock: Res<Clock>,
    mut holdings: ResMut<Holdings>,
    mut faults: ResMut<Faults>,
) {
    let holdings = &mut *holdings;
    holdings.by_role.clear();
    holdings.by_role.resize(roles.len(), RoleHoldings::default());
    // Raw sums with one overflow flag: no branch per wallet.
    let mut overflow = false;
    // `for_each`, not `for`: bevy_ecs then walks each table in one tight loop (its `fold`).
    wallets.iter().for_each(|(role, wallet)| {
        let h = &mut holdings.by_role[role.index()];
        h.members += 1;
        let (ddt, o1) = h.ddt.raw().overflowing_add(wallet.ddt.raw());
        let (xdai, o2) = h.xdai.raw().overflowing_add(wallet.xdai.raw());
        let (lp, o3) = h.lp.raw().overflowing_add(wallet.lp.raw());
        (h.ddt, h.xdai, h.lp) = (Wad::from_raw(ddt), Wad::from_raw(xdai), Wad::from_raw(lp));
        overflow |= o1 | o2 | o3;
    });
    let mut total = RoleHoldings::default();
    for h in &holdings.by_role {
        total.members += h.members;
        overflow |= add(&mut total.ddt, h.ddt).is_err()
            | add(&mut total.xdai, h.xdai).is_err()
            | add(&mut total.lp, h.lp).is_err();
    }
    holdings.total = total;
    if overflow {
        let what = "the sum of wallet balances".to_owned();
        faults.report(SimError::Overflow { step: clock.step, what });
    }
}

#[inline]
fn add(acc: &mut Wad, v: Wad) -> Result<(), WadError> {
    *acc = acc.checked_add(v)?;
    Ok(())
}

/// Checks, exactly, that dDT minted - burned = wallets + pool + The Pie; xDAI endowed =
/// wallets + pool (its reserve and its fee account); LP supply = wallets + the locked minimum +
/// The Pie's protocol-owned LP. A plugin's flows ([`Supply::flows`]) are on the left with their
/// token. A mismatch is a fault naming the step, the identity and both sides.
pub fn check_books(
    enabled: Res<CheckBooks>,
    holdings: Res<Holdings>,
    supply: Res<Supply>,
    market: Res<Market>,
    pie: Res<Pie>,
    clock: Res<Clock>,
    mut faults: ResMut<Faults>,
) {
    if !enabled.0 || faults.is_set() {
        return;
    }
    let pool = market.pool();
    let identities = [
        Identity {
            quantity: "dDT: minted - burned = wallets + pool + pie",
            issued: supply.ddt_outstanding().unwrap_or(Wad::ZERO),
            held: books::sum(&[holdings.total.ddt, pool.reserve_ddt(), pie.balance()]),
        },
        Identity {
            quantity: "xDAI: endowed = wallets + pool",
            issued: supply.xdai_outstanding().unwrap_or(Wad::ZERO),
            held: books::sum(&[holdings.total.xdai, pool.reserve_xdai(), pool.fee_account()]),
        },
        Identity {
            quantity: "LP: supply = wallets + locked minimum + pie",
            issued: pool.lp_supply(),
            held: books::sum(&[holdings.total.lp, pool.locked_lp(), pie.lp()]),
        },
    ];
    books::check(clock.step, &identities, &mut faults);
}

/// Fills the standard columns (see [`STANDARD_COLUMNS`] and [`ROLE_COLUMN_PREFIXES`]), which
/// start at column 0; `price` is `EMPTY_POOL_PRICE` while the pool is empty.
#[expect(clippy::too_many_arguments, reason = "a system reads every resource it reports on")]
pub fn standard_metrics(
    holdings: Res<Holdings>,
    supply: Res<Supply>,
    market: Res<Market>,
    pie: Res<Pie>,
    compute: Res<ComputeStats>,
    clock: Res<Clock>,
    roles: Res<Roles>,
    run: Res<RunParams>,
    mut row: ResMut<MetricRow>,
) {
    let pool = market.pool();
    let price = if pool.is_open() { pool.spot_price() } else { run.0.empty_pool_price.to_f64() };
    let stats = market.stats();
    let total = &holdings.total;
    let cells: [crate::resources::metrics::Value; 24] = [
        clock.step.into(),
        price.into(),
        pool.reserve_ddt().into(),
        pool.reserve_xdai().into(),
        pool.lp_supply().into(),
        pie.balance().into(),
        pie.inflow().into(),
        pie.paid_out().into(),
        supply.ddt_minted.into(),
        supply.ddt_burned.into(),
        total.ddt.into(),
        supply.xdai_endowed.into(),
        total.xdai.into(),
        stats.volume_ddt.into(),
        stats.volume_xdai.into(),
        stats.fees_ddt.into(),
        stats.fees_xdai.into(),
        stats.trades.into(),
        stats.skipped_closed.into(),
        stats.failed.into(),
        compute.spent.into(),
        compute.unmet.into(),
        total.members.into(),
        total.lp.into(),
    ];
    for (i, v) in cells.into_iter().enumerate() {
        row.set_at(i, v);
    }
    let mut col = STANDARD_COLUMNS.len();
    for (role, _) in roles.iter() {
        let h = holdings.by_role.get(role.index()).copied().unwrap_or_default();
        let avg = |w: Wad| if h.members == 0 { Wad::ZERO } else { Wad::from_raw(w.raw() / u128::from(h.members)) };
        row.set_at(col, h.members);
        row.set_at(col + 1, avg(h.ddt));
        row.set_at(col + 2, avg(h.xdai));
        row.set_at(col + 3, avg(h.lp));
        col += ROLE_COLUMN_PREFIXES.len();
    }
}
