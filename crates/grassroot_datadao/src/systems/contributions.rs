//! Contributions arriving and leaving over time.

use bevy_ecs::entity::Entity;
use bevy_ecs::system::{Local, Query, Res, ResMut};
use grassroot_sim::{Actor, AgentId, Economy, Joined, Role, SimRng, Turns, Wallet};

use crate::actions::{CONTRIBUTE, WITHDRAW};
use crate::chance::{happens, uniform};
use crate::contribution::{Contribution, Contributor};
use crate::rules::Rules;
use crate::systems::joining::overflow;

/// What the contribution system reads and writes of a member.
type Member = (
    Entity,
    &'static AgentId,
    &'static Role,
    &'static Wallet,
    &'static mut Contribution,
    &'static Contributor,
    &'static Joined,
);

/// Each data member that joined before this step: with its [`Contributor`] chance it
/// contributes `size` KB (quality drawn from its range; logged `contribute`), then with its
/// withdrawal chance it takes `WITHDRAW_FRACTION` of its data out (rounded down; logged
/// `withdraw`). Members draw in [`AgentId`] order, so each member's draws do not depend on how
/// the ECS stores it.
pub fn contribute_and_withdraw(
    mut members: Query<Member>,
    rules: Res<Rules>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
    mut order: Local<Turns>,
) {
    let step = economy.step();
    for &(_, entity) in order.by_id(members.iter().map(|m| (*m.1, m.0))) {
        let Ok((_, id, role, wallet, mut contribution, contributor, joined)) = members.get_mut(entity) else {
            continue;
        };
        if joined.0 == step {
            continue;
        }
        let who = Actor::new(id, role);
        if happens(&mut rng, contributor.chance) && !contributor.size.is_zero() {
            let quality = uniform(&mut rng, contributor.quality_min, contributor.quality_max);
            if contribution.add(contributor.size, quality).is_err() {
                economy.report_fault(overflow(step, "a member's data quantity"));
                return;
            }
            economy.note(who, wallet, CONTRIBUTE);
        }
        if happens(&mut rng, contributor.withdraw_chance) {
            let amount = contribution.quantity.mul_frac(rules.params.withdraw_fraction).unwrap_or_default();
            if !contribution.withdraw(amount).is_zero() {
                economy.note(who, wallet, WITHDRAW);
            }
        }
    }
}
