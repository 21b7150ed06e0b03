//! Entry: the founders join at step 0, then new members join on schedule, split among the
//! roles by the entry rule, and receive their starting balances.

use bevy_ecs::system::{Query, Res};
use bevy_ecs::world::World;
use grassroot_amm::SCALE;
use grassroot_config::EntryRule;

use crate::archetype::{Archetypes, StartingBalance};
use crate::components::{AgentId, Joined, Role, Wallet};
use crate::economy::{Actor, Economy};
use crate::resources::clock::Clock;
use crate::resources::fault::{Faults, SimError};
use crate::resources::population::{EntryPlan, Newcomers};
use crate::resources::roles::Roles;
use crate::resources::tx::Action;

/// Spawns this step's members. At step 0 the archetypes' founders come first, role by role.
/// Then, on an entry step, by [`EntryRule::Quota`] each of the entry's members takes the role
/// furthest below its share, so every role's count stays within one member of its quota; by
/// [`EntryRule::Rounded`] each role, in order, grows to `round((members + per_entry) x share)`
/// (ties to even, exactly), as the original does.
pub fn admit_members(world: &mut World) {
    let step = world.resource::<Clock>().step;
    let plan = *world.resource::<EntryPlan>();
    if step == 0 {
        let founders: Vec<(Role, u64)> = world
            .resource::<Archetypes>()
            .iter()
            .enumerate()
            .map(|(i, a)| (Role(i as u16), a.founder_count()))
            .collect();
        for (role, n) in founders {
            for _ in 0..n {
                if admit(world, step, role).is_err() {
                    return;
                }
            }
        }
    }
    if !plan.is_entry_step(step) {
        return;
    }
    match plan.rule {
        EntryRule::Quota => {
            for _ in 0..plan.per_entry {
                let Some(role) = world.resource::<Roles>().next_to_join() else {
                    let msg = "agents should join but no archetype has a share above 0".to_owned();
                    world.resource_mut::<Faults>().report(SimError::Setup(msg));
                    return;
                };
                if admit(world, step, role).is_err() {
                    return;
                }
            }
        }
        EntryRule::Rounded => {
            let roles = world.resource::<Roles>();
            let total = roles.total_members().saturating_add(plan.per_entry);
            let missing: Vec<(Role, u64)> = roles
                .iter()
                .map(|(role, info)| (role, rounded_target(total, info.share.raw()).saturating_sub(info.members)))
                .collect();
            for (role, n) in missing {
                for _ in 0..n {
                    if admit(world, step, role).is_err() {
                        return;
                    }
                }
            }
        }
    }
}

/// `round(total x share / 10^18)`, ties to even: the head count a role of `share` (a fraction
/// in base units) should have among `total` members.
pub(crate) fn rounded_target(total: u64, share: u128) -> u64 {
    let product = u128::from(total).saturating_mul(share);
    let (whole, rest) = (product / SCALE, product % SCALE);
    let up = match (2 * rest).cmp(&SCALE) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => whole % 2 == 1,
        std::cmp::Ordering::Less => false,
    };
    u64::try_from(whole + u128::from(up)).unwrap_or(u64::MAX)
}

/// Spawns one member of `role`; an id beyond `u32` is a fault.
fn admit(world: &mut World, step: u64, role: Role) -> Result<(), ()> {
    let Ok(id) = u32::try_from(world.resource::<Roles>().total_members()) else {
        let what = "the number of agents (agent ids are u32)".to_owned();
        world.resource_mut::<Faults>().report(SimError::Overflow { step, what });
        return Err(());
    };
    let archetype = world.resource::<Archetypes>().get(role).clone();
    let mut member = world.spawn((AgentId(id), role, Wallet::default(), Joined(step)));
    archetype.equip(&mut member);
    let entity = member.id();
    world.resource_mut::<Roles>().count_join(role);
    world.resource_mut::<Newcomers>().push(entity);
    Ok(())
}

/// Mints each newcomer's starting dDT and endows its starting xDAI, logged as `mint` and
/// `endow`.
pub fn endow_newcomers(
    newcomers: Res<Newcomers>,
    mut members: Query<(&AgentId, &Role, &mut Wallet, &StartingBalance)>,
    mut economy: Economy,
) {
    for &entity in newcomers.iter() {
        let Ok((id, role, mut wallet, start)) = members.get_mut(entity) else { continue };
        let who = Actor::new(id, role);
        if !start.ddt.is_zero() && economy.mint(who, &mut wallet, start.ddt, Action::MINT).is_err() {
            return;
        }
        if !start.xdai.is_zero() && economy.endow(who, &mut wallet, start.xdai).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rounded_target;

    const E18: u128 = 1_000_000_000_000_000_000;

    #[test]
    fn rounded_targets_round_half_to_even() {
        // 21 x 0.4 = 8.4 -> 8; 21 x 0.05 = 1.05 -> 1; 30 x 0.05 = 1.5 -> 2; 50 x 0.05 = 2.5 -> 2;
        // 70 x 0.05 = 3.5 -> 4; 21 x 0.3 = 6.3 -> 6.
        let (p40, p05, p30) = (4 * E18 / 10, 5 * E18 / 100, 3 * E18 / 10);
        assert_eq!(rounded_target(21, p40), 8);
        assert_eq!(rounded_target(21, p05), 1);
        assert_eq!(rounded_target(30, p05), 2);
        assert_eq!(rounded_target(50, p05), 2);
        assert_eq!(rounded_target(70, p05), 4);
        assert_eq!(rounded_target(21, p30), 6);
        assert_eq!(rounded_target(0, p30), 0);
    }
}
