//! When members join, who joined in the current step, and whether the starting balances of
//! everyone who will join fit in a `Wad`.

use bevy_ecs::entity::Entity;
use bevy_ecs::resource::Resource;
use grassroot_amm::{SCALE, Wad};
use grassroot_config::EntryRule;

use crate::archetype::Archetypes;

/// The entry schedule: `per_entry` members join at step 0 and every `every` steps after,
/// split among the roles by `rule` (the archetypes' founders join before the first entry).
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryPlan {
    /// Steps between entries (at least 1).
    pub every: u64,
    /// Members per entry (0 = nobody joins).
    pub per_entry: u64,
    /// How an entry's newcomers are split among the roles.
    pub rule: EntryRule,
}

impl EntryPlan {
    /// The plan the parameters describe (`ENTRY_STEPS`, `AGENTS_PER_ENTRY`, `ENTRY_RULE`).
    pub fn from_params(params: &grassroot_config::Params) -> EntryPlan {
        EntryPlan { every: params.entry_steps, per_entry: params.agents_per_entry, rule: params.entry_rule }
    }

    /// True if members join at `step`.
    pub fn is_entry_step(&self, step: u64) -> bool {
        self.per_entry > 0 && self.every > 0 && step.is_multiple_of(self.every)
    }

    /// Members admitted by entries after `steps` steps (entries at 0, every, 2*every, ...
    /// < steps), founders not counted; under [`EntryRule::Rounded`] an upper bound (each
    /// entry's rounding adds at most half a member per role).
    pub fn members_after(&self, steps: u64) -> u64 {
        if self.every == 0 || steps == 0 {
            return 0;
        }
        steps.div_ceil(self.every).saturating_mul(self.per_entry)
    }
}

/// A limit on amounts below the 2^128 base units of a [`Wad`], asked for by an output that
/// cannot hold larger ones (Parquet's `Decimal128(38, 18)` holds less than 10^38 base units).
/// Set with [`SimBuilder::limit_amounts`](crate::SimBuilder::limit_amounts) before the build,
/// it is checked where the 2^128 limit is: the starting supply of every member a run admits
/// here, a plugin's own issuance in its `finish` ([`AmountLimit::check`]).
#[derive(Resource, Clone, Debug, PartialEq, Eq)]
pub struct AmountLimit {
    /// Every amount must stay below this many base units.
    pub below: u128,
    /// The limit as a reader should see it, e.g. `10^38 base units (10^20 tokens), the most
    /// OUTPUT_FORMAT=parquet's Decimal128(38, 18) holds`.
    pub what: String,
    /// What else fixes it, after lowering the keys, e.g. `or write CSV only (OUTPUT_FORMAT=csv)`.
    pub fix: String,
}

impl AmountLimit {
    /// Ok if `total` base units are below the limit; otherwise `refuse(limit)`, the message
    /// of the caller naming its keys.
    pub fn check(&self, total: u128, refuse: impl FnOnce(&AmountLimit) -> String) -> Result<(), String> {
        if total < self.below { Ok(()) } else { Err(refuse(self)) }
    }
}

/// Checks that the starting balances of every member the run will admit fit in a `Wad`: dDT
/// minted and xDAI endowed on joining, summed over roles, below 2^128 base units, and below
/// `limit` when one is set. Each role is counted at its quota plus one (entry keeps every role
/// within one member of its quota). Returns a message naming the role, its amount and its head
/// count otherwise (for the limit, the role that brings most).
pub(crate) fn check_starting_supply(
    archetypes: &Archetypes,
    plan: &EntryPlan,
    total_steps: u64,
    limit: Option<&AmountLimit>,
) -> Result<(), String> {
    let founders = archetypes.iter().fold(0u64, |n, a| n.saturating_add(a.founder_count()));
    let roles = archetypes.iter().count() as u64;
    let rounding = match plan.rule {
        EntryRule::Quota => 0,
        EntryRule::Rounded => roles.saturating_mul(total_steps.div_ceil(plan.every.max(1))),
    };
    let members = plan.members_after(total_steps).saturating_add(founders).saturating_add(rounding);
    /// A token's name, the key suffix of its starting amount, and that amount from
    /// `(dDT, xDAI)`.
    type Token = (&'static str, &'static str, fn((Wad, Wad)) -> Wad);
    let tokens: [Token; 2] = [("dDT", "INITIAL_DDT", |(ddt, _)| ddt), ("xDAI", "INITIAL_XDAI", |(_, xdai)| xdai)];
    for (token, key, amount_of) in tokens {
        let mut total: u128 = 0;
        // The role that brings most: (its part, its amount, its head count, its name).
        let mut largest: (u128, Wad, u128, &str) = (0, Wad::ZERO, 0, "");
        for a in archetypes.iter() {
            let amount = amount_of(a.starting_balance());
            let quota = u128::from(members).checked_mul(a.share().raw()).map_or(u128::MAX, |q| q / SCALE);
            let most = quota.saturating_add(1).saturating_add(u128::from(a.founder_count())).min(u128::from(members));
            let part = amount.raw().checked_mul(most);
            total = part.and_then(|v| v.checked_add(total)).ok_or_else(|| {
                format!(
                    "the starting {token} of the {members} members this run admits overflows 2^128 - 1 base units: \
                     {role}'s {amount} {token} ({upper}_{key}) x up to {most} members, plus the other roles'; lower \
                     {upper}_{key}, AGENTS_PER_ENTRY or TOTAL_STEPS",
                    role = a.name(),
                    upper = a.name().to_uppercase(),
                )
            })?;
            if let Some(part) = part.filter(|p| *p > largest.0) {
                largest = (part, amount, most, a.name());
            }
        }
        if let Some(limit) = limit {
            let (_, amount, most, role) = largest;
            limit.check(total, |l| {
                format!(
                    "the starting {token} of the {members} members this run admits, {} {token}, is not below {}: \
                     {role}'s {amount} {token} ({upper}_{key}) x up to {most} members, plus the other roles'; lower \
                     {upper}_{key}, AGENTS_PER_ENTRY or TOTAL_STEPS, {}",
                    Wad::from_raw(total),
                    l.what,
                    l.fix,
                    upper = role.to_uppercase(),
                )
            })?;
        }
    }
    Ok(())
}

/// The entities that joined in the current step, in the order they joined.
#[derive(Resource, Clone, Debug, Default)]
pub struct Newcomers(Vec<Entity>);

impl Newcomers {
    /// The newcomers.
    pub fn as_slice(&self) -> &[Entity] {
        &self.0
    }

    /// Iterates over the newcomers.
    pub fn iter(&self) -> std::slice::Iter<'_, Entity> {
        self.0.iter()
    }

    pub(crate) fn push(&mut self, e: Entity) {
        self.0.push(e);
    }

    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }
}
