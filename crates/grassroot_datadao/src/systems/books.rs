//! The books, each step: tally what members hold, then check the mechanism's identities.

use bevy_ecs::system::{Query, Res, ResMut};
use grassroot_amm::{Wad, WadError};
use grassroot_sim::books::{self, CheckBooks, Identity};
use grassroot_sim::{Clock, Faults, Pie, Role, Roles, SimError};

use crate::books::{DaoBooks, DaoTally, PieBooks};
use crate::circles::Circles;
use crate::contribution::Contribution;
use crate::weight::Weighting;

fn add(acc: &mut Wad, v: Wad) -> Result<(), WadError> {
    *acc = acc.checked_add(v)?;
    Ok(())
}

/// Sums members' held and locked CRC and Contribution Weight (in total and by role) into
/// [`DaoTally`]; an overflow is a fault.
pub fn tally_members(
    members: Query<(&Role, Option<&Circles>, Option<&Contribution>)>,
    roles: Res<Roles>,
    weighting: Res<Weighting>,
    clock: Res<Clock>,
    mut tally: ResMut<DaoTally>,
    mut faults: ResMut<Faults>,
) {
    let t = &mut *tally;
    t.crc_held = Wad::ZERO;
    t.crc_locked = Wad::ZERO;
    t.weight_total = Wad::ZERO;
    t.weight_by_role.clear();
    t.weight_by_role.resize(roles.len(), Wad::ZERO);
    t.members_by_role.clear();
    t.members_by_role.resize(roles.len(), 0);
    let mut ok = true;
    for (role, circles, contribution) in &members {
        if let Some(n) = t.members_by_role.get_mut(role.index()) {
            *n += 1;
        }
        if let Some(c) = circles {
            ok &= add(&mut t.crc_held, c.held).is_ok() && add(&mut t.crc_locked, c.locked).is_ok();
        }
        if let Some(c) = contribution {
            let w = weighting.of(c);
            ok &= add(&mut t.weight_total, w).is_ok();
            if let Some(acc) = t.weight_by_role.get_mut(role.index()) {
                ok &= add(acc, w).is_ok();
            }
        }
    }
    if !ok {
        faults.report(SimError::Overflow { step: clock.step, what: "the sum of members' CRC or weight".to_owned() });
    }
}

/// Checks, exactly: CRC issued = held + locked + lost to demurrage; dDT minted by locking -
/// redeemed = CRC locked; the per-use-case books of The Pie sum to its balance. A mismatch is a
/// fault naming the step, the identity and both sides (so the run stops there).
pub fn check_dao_books(
    enabled: Res<CheckBooks>,
    books: Res<DaoBooks>,
    tally: Res<DaoTally>,
    pie_books: Res<PieBooks>,
    pie: Res<Pie>,
    clock: Res<Clock>,
    mut faults: ResMut<Faults>,
) {
    if !enabled.0 || faults.is_set() {
        return;
    }
    let identities = [
        Identity {
            quantity: "CRC: issued = held + locked + lost to demurrage",
            issued: books.crc_issued,
            held: books::sum(&[tally.crc_held, tally.crc_locked, books.crc_demurrage]),
        },
        Identity {
            quantity: "dDT by locking: minted - redeemed = CRC locked",
            issued: books.locked_outstanding().unwrap_or(Wad::MAX),
            held: tally.crc_locked,
        },
        Identity {
            quantity: "The Pie: sum of the use-case books = The Pie",
            issued: pie.balance(),
            held: pie_books.total().unwrap_or(Wad::MAX),
        },
    ];
    books::check(clock.step, &identities, &mut faults);
}
