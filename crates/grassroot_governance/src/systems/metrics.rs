//! Governance's columns of `simulation_data.csv`.

use bevy_ecs::resource::Resource;
use bevy_ecs::system::{Res, ResMut};
use grassroot_amm::Wad;
use grassroot_sim::{Column, ColumnBlock, Market, MetricRow, Pie, Roles, Value, ValueKind};

use crate::menu::ActionKind;
use crate::proposal::Proposals;
use crate::tally::GovTally;

/// The columns that depend on neither the roles nor the menu, in order.
pub const COLUMNS: [Column; 18] = [
    Column::count("gov_proposals_open"),
    Column::amount("gov_votes_for"),
    Column::amount("gov_votes_against"),
    Column::count("gov_voters_for"),
    Column::count("gov_voters_against"),
    Column::real("gov_turnout"),
    Column::count("gov_proposed"),
    Column::count("gov_passed"),
    Column::count("gov_rejected"),
    Column::count("gov_executed"),
    Column::count("gov_void"),
    Column::amount("gov_pie_governed"),
    Column::amount("gov_ddt_burned"),
    Column::amount("gov_ddt_granted"),
    Column::amount("gov_ddt_to_liquidity"),
    Column::amount("gov_pie_lp"),
    Column::amount("gov_payout_rate"),
    Column::amount("gov_fee_rate"),
];

/// Per-kind column prefix: proposals of that kind executed so far.
pub const EXECUTED_PREFIX: &str = "gov_executed_";
/// Per-role column prefix: the role's Pie share now.
pub const PIE_SHARE_PREFIX: &str = "gov_pie_share_";

/// Every column, in order: [`COLUMNS`], `gov_executed_<action>` per kind of action,
/// `gov_pie_share_<role>` per role.
pub fn columns(roles: &[String]) -> Vec<Column> {
    let mut out = COLUMNS.to_vec();
    out.extend(ActionKind::ALL.iter().map(|k| Column::new(format!("{EXECUTED_PREFIX}{}", k.name()), ValueKind::Int)));
    out.extend(roles.iter().map(|r| Column::new(format!("{PIE_SHARE_PREFIX}{r}"), ValueKind::Wad)));
    out
}

/// Where the columns start in the metric row (found on the first step).
#[derive(Resource, Clone, Debug, Default)]
pub struct GovColumns(pub ColumnBlock);

/// Base units of a fraction in one part per million.
const PPM: u128 = 1_000_000_000_000;

/// Fills the columns (see [`columns`]), which are consecutive in the row. `gov_turnout` is the
/// power cast over the snapshot's power of the proposals that closed this step (empty when
/// none did); the parameters are their values after this step's governance.
pub fn gov_metrics(
    tally: Res<GovTally>,
    proposals: Res<Proposals>,
    pie: Res<Pie>,
    market: Res<Market>,
    roles: Res<Roles>,
    mut cols: ResMut<GovColumns>,
    mut row: ResMut<MetricRow>,
) {
    let Some(start) = cols.0.start(&row) else { return };
    let turnout = if tally.closed == 0 || tally.closed_power.is_zero() {
        Value::Empty
    } else {
        Value::F64(tally.closed_cast.to_f64() / tally.closed_power.to_f64())
    };
    let fee = Wad::from_raw(u128::from(market.pool().fee_ppm()) * PPM);
    let fixed: [Value; 18] = [
        Value::Int(proposals.open() as u64),
        tally.votes_for.into(),
        tally.votes_against.into(),
        tally.voters_for.into(),
        tally.voters_against.into(),
        turnout,
        tally.proposed.into(),
        tally.passed.into(),
        tally.rejected.into(),
        tally.executed.into(),
        tally.void.into(),
        tally.governed.into(),
        tally.burned.into(),
        tally.granted.into(),
        tally.to_liquidity.into(),
        pie.lp().into(),
        pie.payout_rate().into(),
        fee.into(),
    ];
    let mut col = start;
    for v in fixed {
        row.set_at(col, v);
        col += 1;
    }
    for n in tally.executed_by_kind {
        row.set_at(col, n);
        col += 1;
    }
    for (_, info) in roles.iter() {
        row.set_at(col, info.pie_share);
        col += 1;
    }
}
