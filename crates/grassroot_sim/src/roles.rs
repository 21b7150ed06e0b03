//! The registry of roles: each archetype's name, population share, Pie share and head count.

use bevy_ecs::resource::Resource;
use grassroot_amm::Wad;

use crate::components::Role;

/// One role of the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleInfo {
    /// Name as in columns and logs, e.g. `active_user`.
    pub name: String,
    /// Target share of the population (fraction, 1.0 = `Wad::ONE`).
    pub share: Wad,
    /// Share of each Pie payout that goes to this role's members as a group.
    pub pie_share: Wad,
    /// Members that have joined so far.
    pub members: u64,
}

/// Every role of the run, indexed by [`Role`].
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct Roles {
    roles: Vec<RoleInfo>,
}

impl Roles {
    /// Registers a role and returns its id.
    pub fn add(&mut self, name: impl Into<String>, share: Wad, pie_share: Wad) -> Role {
        let id = Role(u16::try_from(self.roles.len()).unwrap_or(u16::MAX));
        self.roles.push(RoleInfo { name: name.into(), share, pie_share, members: 0 });
        id
    }

    /// The role with this name, if any.
    pub fn find(&self, name: &str) -> Option<Role> {
        self.roles.iter().position(|r| r.name == name).and_then(|i| u16::try_from(i).ok()).map(Role)
    }

    /// The role's record.
    pub fn get(&self, role: Role) -> &RoleInfo {
        &self.roles[role.index()]
    }

    /// The role's name.
    pub fn name(&self, role: Role) -> &str {
        &self.roles[role.index()].name
    }

    /// Every role, in registration order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (Role, &RoleInfo)> {
        self.roles.iter().enumerate().map(|(i, r)| (Role(i as u16), r))
    }

    /// Number of roles.
    pub fn len(&self) -> usize {
        self.roles.len()
    }

    /// True if no role is registered.
    pub fn is_empty(&self) -> bool {
        self.roles.is_empty()
    }

    /// Members of all roles.
    pub fn total_members(&self) -> u64 {
        self.roles.iter().map(|r| r.members).sum()
    }

    /// The role the next member should take so that every role's count stays as close as
    /// possible to its share: the role furthest below its quota `(n + 1) * share`, ties to the
    /// earlier role. Exact integer arithmetic; `None` if no role has a positive share.
    pub fn next_to_join(&self) -> Option<Role> {
        let n = u128::from(self.total_members()) + 1;
        let mut best: Option<(usize, i128)> = None;
        for (i, r) in self.roles.iter().enumerate() {
            if r.share.is_zero() {
                continue;
            }
            // deficit = n * share - members, in base units of the share (1.0 = 10^18).
            let quota = n.saturating_mul(r.share.raw());
            let held = u128::from(r.members).saturating_mul(grassroot_amm::SCALE);
            let deficit = quota as i128 - held as i128;
            if best.is_none_or(|(_, d)| deficit > d) {
                best = Some((i, deficit));
            }
        }
        best.map(|(i, _)| Role(i as u16))
    }

    /// Counts a new member of `role`.
    pub(crate) fn count_join(&mut self, role: Role) {
        self.roles[role.index()].members += 1;
    }
}
