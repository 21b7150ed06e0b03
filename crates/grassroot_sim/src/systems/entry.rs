//! Entry: new members join on schedule, in the proportions of their archetypes' shares, and
//! receive their starting balances.

use bevy_ecs::system::{Query, Res};
use bevy_ecs::world::World;

use crate::archetype::{Archetypes, StartingBalance};
use crate::components::{AgentId, Joined, Role, Wallet};
use crate::economy::{Actor, Economy};
use crate::resources::clock::Clock;
use crate::resources::fault::{Faults, SimError};
use crate::resources::population::{EntryPlan, Newcomers};
use crate::resources::roles::Roles;
use crate::resources::tx::Action;

/// Spawns this step's members (if it is an entry step): each takes the role furthest below
/// its share, so every role's count stays within one member of its quota.
pub fn admit_members(world: &mut World) {
    let step = world.resource::<Clock>().step;
    let plan = *world.resource::<EntryPlan>();
    if !plan.is_entry_step(step) {
        return;
    }
    for _ in 0..plan.per_entry {
        let Some(role) = world.resource::<Roles>().next_to_join() else {
            let msg = "agents should join but no archetype has a share above 0".to_owned();
            world.resource_mut::<Faults>().report(SimError::Setup(msg));
            return;
        };
        let Ok(id) = u32::try_from(world.resource::<Roles>().total_members()) else {
            let what = "the number of agents (agent ids are u32)".to_owned();
            world.resource_mut::<Faults>().report(SimError::Overflow { step, what });
            return;
        };
        let archetype = world.resource::<Archetypes>().get(role).clone();
        let mut member = world.spawn((AgentId(id), role, Wallet::default(), Joined(step)));
        archetype.equip(&mut member);
        let entity = member.id();
        world.resource_mut::<Roles>().count_join(role);
        world.resource_mut::<Newcomers>().push(entity);
    }
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
