//! Circles each step: demurrage for the days crossed, then every data member's issuance.

use bevy_ecs::system::{Query, Res, ResMut};
use grassroot_amm::Wad;
use grassroot_sim::{Clock, Faults, SimError};

use crate::books::DaoBooks;
use crate::circles::Circles;
use crate::demurrage::{days_at_step, decay};
use crate::rules::Rules;

/// Applies the days of demurrage that the previous step crossed (one per daily step) to every
/// member's held CRC, rounding down each day, and counts what it removed. Locked CRC is
/// collateral of dDT and does not decay here (see docs/datadao.md).
pub fn apply_demurrage(
    mut members: Query<&mut Circles>,
    rules: Res<Rules>,
    clock: Res<Clock>,
    mut books: ResMut<DaoBooks>,
    mut faults: ResMut<Faults>,
) {
    let days = days_at_step(clock.step, rules.params.step_hours);
    if days == 0 || rules.daily_factor == Wad::ONE {
        return;
    }
    let mut lost = Wad::ZERO;
    let mut overflow = false;
    for mut circles in &mut members {
        if circles.held.is_zero() {
            continue;
        }
        let (kept, removed) = decay(circles.held, rules.daily_factor, days);
        circles.held = kept;
        match lost.checked_add(removed) {
            Ok(sum) => lost = sum,
            Err(_) => overflow = true,
        }
    }
    if overflow || books.lose(lost).is_err() {
        faults.report(SimError::Overflow { step: clock.step, what: "CRC lost to demurrage".to_owned() });
    }
}

/// Gives every data member this step's personal CRC: `CRC_PER_HOUR x STEP_HOURS`.
pub fn issue_circles(
    mut members: Query<&mut Circles>,
    rules: Res<Rules>,
    clock: Res<Clock>,
    mut books: ResMut<DaoBooks>,
    mut faults: ResMut<Faults>,
) {
    let per_step = rules.crc_per_step;
    if per_step.is_zero() {
        return;
    }
    let mut issued = Wad::ZERO;
    let mut overflow = false;
    for mut circles in &mut members {
        match (circles.held.checked_add(per_step), issued.checked_add(per_step)) {
            (Ok(held), Ok(total)) => {
                circles.held = held;
                issued = total;
            }
            _ => overflow = true,
        }
    }
    if overflow || books.issue(issued).is_err() {
        faults.report(SimError::Overflow { step: clock.step, what: "CRC issued".to_owned() });
    }
}
