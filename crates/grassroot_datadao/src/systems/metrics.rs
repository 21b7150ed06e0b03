//! The mechanism's columns of `simulation_data.csv`.

use bevy_ecs::resource::Resource;
use bevy_ecs::system::{Res, ResMut};
use grassroot_amm::Wad;
use grassroot_sim::{Column, ColumnBlock, MetricRow, ValueKind};

use crate::books::{DaoBooks, DaoTally, PieBooks};

/// The columns that do not depend on roles or use cases, in order (every one an amount).
pub const COLUMNS: [Column; 8] = [
    Column::amount("crc_issued"),
    Column::amount("crc_held"),
    Column::amount("crc_locked"),
    Column::amount("crc_demurrage"),
    Column::amount("ddt_minted_lock"),
    Column::amount("ddt_minted_join"),
    Column::amount("ddt_redeemed"),
    Column::amount("weight_total"),
];

/// Per-role column prefix: average Contribution Weight of the role's members.
pub const AVG_WEIGHT_PREFIX: &str = "avg_weight_";
/// Per-use-case column prefix: dDT The Pie paid this step out of the use case's book.
pub const PIE_PAID_PREFIX: &str = "pie_paid_";
/// Per-use-case column prefix: dDT in the use case's book of The Pie.
pub const PIE_BOOK_PREFIX: &str = "pie_ddt_";

/// Every column of the mechanism, in order: [`COLUMNS`], `avg_weight_<role>` per role,
/// `pie_paid_<use case>` and `pie_ddt_<use case>` per use case.
pub fn columns(roles: &[String], use_cases: &[String]) -> Vec<Column> {
    let amount = |name: String| Column::new(name, ValueKind::Wad);
    let mut out = COLUMNS.to_vec();
    out.extend(roles.iter().map(|r| amount(format!("{AVG_WEIGHT_PREFIX}{r}"))));
    out.extend(use_cases.iter().map(|u| amount(format!("{PIE_PAID_PREFIX}{u}"))));
    out.extend(use_cases.iter().map(|u| amount(format!("{PIE_BOOK_PREFIX}{u}"))));
    out
}

/// Where the mechanism's columns start in the metric row (found on the first step).
#[derive(Resource, Clone, Debug, Default)]
pub struct DaoColumns(pub ColumnBlock);

/// Fills the mechanism's columns (see [`columns`]), which are consecutive in the row.
pub fn dao_metrics(
    books: Res<DaoBooks>,
    tally: Res<DaoTally>,
    pie_books: Res<PieBooks>,
    mut cols: ResMut<DaoColumns>,
    mut row: ResMut<MetricRow>,
) {
    let Some(start) = cols.0.start(&row) else { return };
    let fixed: [Wad; 8] = [
        books.crc_issued,
        tally.crc_held,
        tally.crc_locked,
        books.crc_demurrage,
        books.ddt_minted_lock,
        books.ddt_minted_join,
        books.ddt_redeemed,
        tally.weight_total,
    ];
    let mut col = start;
    for v in fixed {
        row.set_at(col, v);
        col += 1;
    }
    for (w, n) in tally.weight_by_role.iter().zip(&tally.members_by_role) {
        let avg = if *n == 0 { Wad::ZERO } else { Wad::from_raw(w.raw() / u128::from(*n)) };
        row.set_at(col, avg);
        col += 1;
    }
    for v in pie_books.paid.iter().chain(&pie_books.balance) {
        row.set_at(col, *v);
        col += 1;
    }
}
