//! Members joining the dataDAO: their permissions, their first contribution, the CRC they
//! bring.

use bevy_ecs::system::{Query, Res, ResMut};
use grassroot_sim::{Actor, AgentId, Economy, Newcomers, Role, SimError, SimRng, Wallet};

use crate::actions::CONTRIBUTE;
use crate::books::DaoBooks;
use crate::chance::{happens, uniform};
use crate::circles::Circles;
use crate::contribution::{Contribution, Contributor};
use crate::rules::Rules;
use crate::usecase::Permissions;

/// What the joining system reads and writes of a new data member.
type Joiner = (
    &'static AgentId,
    &'static Role,
    &'static Wallet,
    &'static mut Circles,
    &'static mut Contribution,
    &'static mut Permissions,
    &'static Contributor,
);

/// Each new data member, in the order they joined: draws which use cases it permits (each with
/// its role's chance), contributes its first data (quality drawn from its role's range; logged
/// `contribute`) and receives `CRC_ON_JOINING` personal CRC.
pub fn welcome_members(
    newcomers: Res<Newcomers>,
    mut members: Query<Joiner>,
    rules: Res<Rules>,
    mut rng: ResMut<SimRng>,
    mut books: ResMut<DaoBooks>,
    mut economy: Economy,
) {
    for &entity in newcomers.iter() {
        let Ok((id, role, wallet, mut circles, mut contribution, mut permissions, contributor)) =
            members.get_mut(entity)
        else {
            continue;
        };
        if let Some(r) = rules.role(*role) {
            for (u, chance) in r.permit_chances.iter().enumerate() {
                if happens(&mut rng, *chance) {
                    permissions.permit(u);
                }
            }
        }
        let who = Actor::new(id, role);
        if !contributor.first.is_zero() {
            let quality = uniform(&mut rng, contributor.quality_min, contributor.quality_max);
            if contribution.add(contributor.first, quality).is_err() {
                economy.report_fault(overflow(economy.step(), "a member's data quantity"));
                return;
            }
            economy.note(who, wallet, CONTRIBUTE);
        }
        let bring = rules.params.crc_on_joining;
        match circles.held.checked_add(bring) {
            Ok(held) if books.issue(bring).is_ok() => circles.held = held,
            _ => {
                economy.report_fault(overflow(economy.step(), "CRC issued"));
                return;
            }
        }
    }
}

pub(crate) fn overflow(step: u64, what: &str) -> SimError {
    SimError::Overflow { step, what: what.to_owned() }
}
