//! The registry of roles: each archetype's name, population share, Pie share and head count.

use bevy_ecs::resource::Resource;
use grassroot_amm::{SCALE, Wad};

use crate::components::Role;

/// House sizes the entry look-ahead examines at most (see [`Roles::next_to_join`]).
pub const LOOK_AHEAD_LIMIT: u128 = 100_000;

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

/// Registering a role past the last [`Role`] id (`u16::MAX`): a run has at most 65,536 roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooManyRoles {
    /// The role that did not fit.
    pub name: String,
}

impl std::fmt::Display for TooManyRoles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "role '{}' cannot be registered: a run has at most {} roles", self.name, usize::from(u16::MAX) + 1)
    }
}

impl std::error::Error for TooManyRoles {}

/// Every role of the run, indexed by [`Role`].
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct Roles {
    roles: Vec<RoleInfo>,
}

impl Roles {
    /// Registers a role and returns its id; past the last id, an error that names the role
    /// (and nothing is registered).
    pub fn add(&mut self, name: impl Into<String>, share: Wad, pie_share: Wad) -> Result<Role, TooManyRoles> {
        let name = name.into();
        let Ok(id) = u16::try_from(self.roles.len()) else { return Err(TooManyRoles { name }) };
        self.roles.push(RoleInfo { name, share, pie_share, members: 0 });
        Ok(Role(id))
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

    /// The role the next member should take so that every role's count stays within one
    /// member of its quota `n * share` (`n` counting the newcomer), or `None` if no role has a
    /// positive share.
    ///
    /// This is Still's (1979) house-monotone quota method: a role may take the seat only if
    /// that keeps it within its upper quota and, looking ahead to the house size at which its
    /// lower quota would give it that seat anyway, every other role can still be given its
    /// lower quota. Among the roles that may, the one furthest below its quota takes it (the
    /// largest remainder), ties to the earlier role. Counts never decrease. Exact integer
    /// arithmetic on shares in base units (1.0 = 10^18). The look-ahead is cut at
    /// [`LOOK_AHEAD_LIMIT`] house sizes, which covers every share of at least 1 / that limit.
    pub fn next_to_join(&self) -> Option<Role> {
        let h = u128::from(self.total_members());
        let mut best: Option<(usize, i128)> = None;
        let mut fallback: Option<(usize, i128)> = None;
        for (i, r) in self.roles.iter().enumerate() {
            if r.share.is_zero() {
                continue;
            }
            let quota = (h + 1).saturating_mul(r.share.raw());
            let held = u128::from(r.members).saturating_mul(SCALE);
            let deficit = (quota as i128).saturating_sub(held as i128);
            if fallback.is_none_or(|(_, d)| deficit > d) {
                fallback = Some((i, deficit));
            }
            if held < quota && self.can_seat_ahead(i, h) && best.is_none_or(|(_, d)| deficit > d) {
                best = Some((i, deficit));
            }
        }
        best.or(fallback).map(|(i, _)| Role(i as u16))
    }

    /// Still's look-ahead: with role `i` given seat `h + 1`, can every other role keep its
    /// lower quota at each house size until `i`'s own lower quota reaches its new count?
    fn can_seat_ahead(&self, i: usize, h: u128) -> bool {
        let target = u128::from(self.roles[i].members) + 1;
        let share = self.roles[i].share.raw();
        // The first house size t with floor(t * share) >= target.
        let entitled = target.saturating_mul(SCALE).div_ceil(share);
        let end = entitled.min(h + 1 + LOOK_AHEAD_LIMIT);
        (h + 1..end).all(|size| {
            let needed: u128 = self
                .roles
                .iter()
                .enumerate()
                .map(|(j, r)| {
                    let held = u128::from(r.members) + u128::from(j == i);
                    held.max(size.saturating_mul(r.share.raw()) / SCALE)
                })
                .sum();
            needed <= size
        })
    }

    /// Sets the share of each Pie payout that `role`'s members receive as a group (from the next
    /// payout on). Refused, changing nothing, when the role does not exist or the shares of all
    /// roles would then sum to more than 1: the error says what they would sum to.
    ///
    /// ```
    /// use grassroot_sim::{Role, Roles};
    /// use grassroot_sim::amm::Wad;
    ///
    /// let mut roles = Roles::default();
    /// let a = roles.add("a", Wad::ONE, Wad::parse("0.6")?)?;
    /// let b = roles.add("b", Wad::ZERO, Wad::parse("0.4")?)?;
    /// assert!(roles.set_pie_share(b, Wad::parse("0.3")?).is_ok());
    /// assert_eq!(roles.set_pie_share(a, Wad::parse("0.8")?), Err(Wad::parse("1.1")?));
    /// assert_eq!(roles.get(a).pie_share, Wad::parse("0.6")?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_pie_share(&mut self, role: Role, share: Wad) -> Result<(), Wad> {
        let others = self
            .roles
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != role.index())
            .try_fold(Wad::ZERO, |acc, (_, r)| acc.checked_add(r.pie_share));
        let total = others.and_then(|o| o.checked_add(share)).unwrap_or(Wad::MAX);
        match self.roles.get_mut(role.index()) {
            Some(r) if total <= Wad::ONE => {
                r.pie_share = share;
                Ok(())
            }
            _ => Err(total),
        }
    }

    /// Counts a new member of `role`.
    pub(crate) fn count_join(&mut self, role: Role) {
        self.roles[role.index()].members += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::Roles;
    use crate::resources::rng::SimRng;
    use grassroot_amm::{SCALE, Wad};

    /// Random share vectors of 2 to 7 roles summing to 1, 10,000 members each: every count stays strictly
    /// within one member of its quota after every join.
    #[test]
    fn joining_stays_within_one_of_every_quota() {
        let mut rng = SimRng::new(9);
        for _ in 0..40 {
            let k = 2 + rng.below(6) as usize;
            let mut cuts: Vec<u128> = (0..k - 1).map(|_| u128::from(rng.below(1_000_001))).collect();
            cuts.push(0);
            cuts.push(1_000_000);
            cuts.sort_unstable();
            let mut roles = Roles::default();
            for (i, w) in cuts.windows(2).enumerate() {
                roles
                    .add(format!("r{i}"), Wad::from_raw((w[1] - w[0]) * (SCALE / 1_000_000)), Wad::ZERO)
                    .expect("a few roles fit");
            }
            for n in 1..=10_000i128 {
                let Some(role) = roles.next_to_join() else { panic!("a role with a share exists") };
                roles.count_join(role);
                for (_, r) in roles.iter() {
                    let off = r.members as i128 * SCALE as i128 - n * r.share.raw() as i128;
                    assert!(
                        off.abs() < SCALE as i128,
                        "{} has {} after {n} joins (shares {cuts:?})",
                        r.name,
                        r.members
                    );
                }
            }
        }
    }

    /// The 65,536th role is the last: one more is refused by name, and nothing is registered.
    #[test]
    fn a_role_past_the_last_id_is_refused() {
        let mut roles = Roles::default();
        for i in 0..=u32::from(u16::MAX) {
            roles.add(format!("r{i}"), Wad::ZERO, Wad::ZERO).expect("within the range");
        }
        assert_eq!(roles.find("r65535").map(|r| r.0), Some(u16::MAX));
        let e = roles.add("one_too_many", Wad::ZERO, Wad::ZERO).expect_err("past the range");
        assert_eq!(e.to_string(), "role 'one_too_many' cannot be registered: a run has at most 65536 roles");
        assert_eq!(roles.len(), 65_536);
    }
}
