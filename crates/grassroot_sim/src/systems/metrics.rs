//! Metrics phase: tally holdings, check the books, fill the standard columns — each declared
//! once with its name, its kind and how its cell is read ([`STANDARD_COLUMNS`], [`ROLE_COLUMNS`]).

use bevy_ecs::system::{Query, Res, ResMut};
use grassroot_amm::{FeeModel, Pool, Wad, WadError};

use crate::books::{self, CheckBooks, Identity};
use crate::components::{Role, Wallet};
use crate::resources::clock::Clock;
use crate::resources::fault::{Faults, SimError};
use crate::resources::market::{Market, TradeStats};
use crate::resources::metrics::{Column, Holdings, MetricRow, RoleHoldings, Value, ValueKind};
use crate::resources::pie::Pie;
use crate::resources::roles::Roles;
use crate::resources::supply::{ComputeStats, Supply};
use crate::simulation::RunParams;

/// What the standard columns are read from after a step.
pub struct Readings<'a> {
    /// The step.
    pub step: u64,
    /// The price shown (`EMPTY_POOL_PRICE` while the pool is empty).
    pub price: f64,
    /// The pool.
    pub pool: &'a Pool,
    /// The step's trade statistics.
    pub trades: &'a TradeStats,
    /// The Pie.
    pub pie: &'a Pie,
    /// The supply books.
    pub supply: &'a Supply,
    /// The step's compute spending.
    pub compute: &'a ComputeStats,
    /// Every wallet together.
    pub total: &'a RoleHoldings,
}

/// A standard column: its declaration and how its cell is read.
pub struct StandardColumn {
    /// Name and kind.
    pub column: Column,
    /// Its cell after a step.
    pub read: fn(&Readings<'_>) -> Value,
}

const fn standard(column: Column, read: fn(&Readings<'_>) -> Value) -> StandardColumn {
    StandardColumn { column, read }
}

/// The standard columns, first in every series, in order (the per-role ones follow).
pub const STANDARD_COLUMNS: [StandardColumn; 24] = [
    standard(Column::count("step"), |r| r.step.into()),
    standard(Column::real("price"), |r| r.price.into()),
    standard(Column::amount("pool_ddt"), |r| r.pool.reserve_ddt().into()),
    standard(Column::amount("pool_xdai"), |r| r.pool.reserve_xdai().into()),
    standard(Column::amount("lp_supply"), |r| r.pool.lp_supply().into()),
    standard(Column::amount("pie_ddt"), |r| r.pie.balance().into()),
    standard(Column::amount("pie_inflow"), |r| r.pie.inflow().into()),
    standard(Column::amount("pie_paid_out"), |r| r.pie.paid_out().into()),
    standard(Column::amount("ddt_minted"), |r| r.supply.ddt_minted.into()),
    standard(Column::amount("ddt_burned"), |r| r.supply.ddt_burned.into()),
    standard(Column::amount("ddt_wallets"), |r| r.total.ddt.into()),
    standard(Column::amount("xdai_endowed"), |r| r.supply.xdai_endowed.into()),
    standard(Column::amount("xdai_wallets"), |r| r.total.xdai.into()),
    standard(Column::amount("volume_ddt"), |r| r.trades.volume_ddt.into()),
    standard(Column::amount("volume_xdai"), |r| r.trades.volume_xdai.into()),
    standard(Column::amount("fees_ddt"), |r| r.trades.fees_ddt.into()),
    standard(Column::amount("fees_xdai"), |r| r.trades.fees_xdai.into()),
    standard(Column::count("trades"), |r| r.trades.trades.into()),
    standard(Column::count("trades_skipped"), |r| r.trades.skipped_closed.into()),
    standard(Column::count("trades_failed"), |r| r.trades.failed.into()),
    standard(Column::amount("compute_spent_ddt"), |r| r.compute.spent.into()),
    standard(Column::amount("unmet_demand_ddt"), |r| r.compute.unmet.into()),
    standard(Column::count("agents_total"), |r| r.total.members.into()),
    standard(Column::amount("lp_wallets"), |r| r.total.lp.into()),
];

/// A column set per role: `<prefix><role>`, its kind, and how its cell is read from the role's
/// holdings.
pub struct RoleColumn {
    /// The name before the role's.
    pub prefix: &'static str,
    /// The kind of its values.
    pub kind: ValueKind,
    /// Its cell after a step.
    pub read: fn(&RoleHoldings) -> Value,
}

/// The columns of each role, after the standard ones, role by role.
pub const ROLE_COLUMNS: [RoleColumn; 4] = [
    RoleColumn { prefix: "agents_", kind: ValueKind::Int, read: |h| h.members.into() },
    RoleColumn { prefix: "avg_ddt_", kind: ValueKind::Wad, read: |h| average(h.ddt, h.members).into() },
    RoleColumn { prefix: "avg_xdai_", kind: ValueKind::Wad, read: |h| average(h.xdai, h.members).into() },
    RoleColumn { prefix: "avg_lp_", kind: ValueKind::Wad, read: |h| average(h.lp, h.members).into() },
];

impl RoleColumn {
    /// The column for `role`.
    pub fn of(&self, role: &str) -> Column {
        Column::new(format!("{}{role}", self.prefix), self.kind)
    }
}

/// `total / members`, rounded down (zero without members).
fn average(total: Wad, members: u64) -> Wad {
    if members == 0 { Wad::ZERO } else { Wad::from_raw(total.raw() / u128::from(members)) }
}

/// The pool's fee account, a column wherever the fee model keeps one (`FEE_MODEL=account`):
/// with it the xDAI books (endowed = wallets + reserve + fee account) can be checked from the
/// series alone. It follows the roles' columns.
pub const FEE_ACCOUNT: Column = Column::amount("xdai_fee_account");

/// The standard columns, those of `roles` and, under `fee_model`'s account, [`FEE_ACCOUNT`], in
/// order.
pub fn standard_columns(roles: &Roles, fee_model: FeeModel) -> Vec<Column> {
    let mut columns: Vec<Column> = STANDARD_COLUMNS.iter().map(|c| c.column.clone()).collect();
    for (_, info) in roles.iter() {
        columns.extend(ROLE_COLUMNS.iter().map(|c| c.of(&info.name)));
    }
    if fee_model == FeeModel::Account {
        columns.push(FEE_ACCOUNT);
    }
    columns
}

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

/// Fills the standard columns (see [`STANDARD_COLUMNS`], [`ROLE_COLUMNS`] and [`FEE_ACCOUNT`]),
/// which start at column 0; `price` is `EMPTY_POOL_PRICE` while the pool is empty.
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
    let readings = Readings {
        step: clock.step,
        price,
        pool,
        trades: market.stats(),
        pie: &pie,
        supply: &supply,
        compute: &compute,
        total: &holdings.total,
    };
    for (i, c) in STANDARD_COLUMNS.iter().enumerate() {
        row.set_at(i, (c.read)(&readings));
    }
    let mut col = STANDARD_COLUMNS.len();
    for (role, _) in roles.iter() {
        let h = holdings.by_role.get(role.index()).copied().unwrap_or_default();
        for c in &ROLE_COLUMNS {
            row.set_at(col, (c.read)(&h));
            col += 1;
        }
    }
    if run.0.fee_model == FeeModel::Account {
        row.set_at(col, pool.fee_account());
    }
}
