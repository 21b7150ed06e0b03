//! Archetypes: a name, a share of the population, a Pie share, starting balances and a bundle
//! of behaviour components that every member of the archetype gets.
//!
//! An archetype needs no code in the engine: the entry systems spawn its members with the
//! bundle, and the systems that act on those components (the engine's or a plugin's) pick
//! them up.

use std::fmt;
use std::sync::Arc;

use bevy_ecs::bundle::Bundle;
use bevy_ecs::resource::Resource;
use bevy_ecs::world::EntityWorldMut;
use grassroot_amm::Wad;
use grassroot_config::PieUse;

use crate::components::{PieRecipient, Role};

type Insert = Arc<dyn Fn(&mut EntityWorldMut) + Send + Sync>;

/// A kind of agent.
///
/// ```
/// use grassroot_sim::{Archetype, StepSeller};
/// use grassroot_sim::amm::Wad;
///
/// let seller = Archetype::new("seller", Wad::ONE)
///     .starts_with(Wad::from_tokens(100), Wad::ZERO)
///     .with_bundle(StepSeller { per_step: Wad::ONE, partial: true });
/// assert_eq!(seller.name(), "seller");
/// ```
#[derive(Clone)]
pub struct Archetype {
    name: String,
    share: Wad,
    pie_share: Wad,
    pie_use: PieUse,
    initial_ddt: Wad,
    initial_xdai: Wad,
    founders: u64,
    inserts: Vec<Insert>,
}

impl fmt::Debug for Archetype {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Archetype")
            .field("name", &self.name)
            .field("share", &self.share)
            .field("pie_share", &self.pie_share)
            .field("pie_use", &self.pie_use)
            .field("initial_ddt", &self.initial_ddt)
            .field("initial_xdai", &self.initial_xdai)
            .field("founders", &self.founders)
            .field("bundles", &self.inserts.len())
            .finish()
    }
}

impl Archetype {
    /// An archetype called `name` (lower snake case, used in columns and logs) that makes up
    /// `share` of the population (a fraction: `Wad::ONE` is 100%).
    pub fn new(name: impl Into<String>, share: Wad) -> Archetype {
        Archetype {
            name: name.into(),
            share,
            pie_share: Wad::ZERO,
            pie_use: PieUse::Keep,
            initial_ddt: Wad::ZERO,
            initial_xdai: Wad::ZERO,
            founders: 0,
            inserts: Vec::new(),
        }
    }

    /// Each member starts with `ddt` (minted) and `xdai` (endowed) when it joins.
    pub fn starts_with(mut self, ddt: Wad, xdai: Wad) -> Archetype {
        self.initial_ddt = ddt;
        self.initial_xdai = xdai;
        self
    }

    /// `n` members are present from the start: they join at step 0, before its entry.
    pub fn founders(mut self, n: u64) -> Archetype {
        self.founders = n;
        self
    }

    /// The group receives `share` of every Pie payout, split equally among its members, who
    /// keep or sell it.
    pub fn pie_share(mut self, share: Wad, share_use: PieUse) -> Archetype {
        self.pie_share = share;
        self.pie_use = share_use;
        self
    }

    /// Every member also gets `bundle` (behaviour components and their parameters).
    pub fn with_bundle<B: Bundle + Clone>(mut self, bundle: B) -> Archetype {
        self.inserts.push(Arc::new(move |e: &mut EntityWorldMut| {
            e.insert(bundle.clone());
        }));
        self
    }

    /// Every member is also passed to `f` when it spawns (for components that depend on the
    /// world or on chance).
    pub fn with_spawn(mut self, f: impl Fn(&mut EntityWorldMut) + Send + Sync + 'static) -> Archetype {
        self.inserts.push(Arc::new(f));
        self
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The population share.
    pub fn share(&self) -> Wad {
        self.share
    }

    /// The share of Pie payouts.
    pub fn pie_share_of_payout(&self) -> Wad {
        self.pie_share
    }

    /// Members present from the start.
    pub fn founder_count(&self) -> u64 {
        self.founders
    }

    /// Starting dDT and xDAI.
    pub fn starting_balance(&self) -> (Wad, Wad) {
        (self.initial_ddt, self.initial_xdai)
    }

    /// Adds the archetype's components to a freshly spawned member.
    pub(crate) fn equip(&self, e: &mut EntityWorldMut) {
        e.insert(StartingBalance { ddt: self.initial_ddt, xdai: self.initial_xdai });
        if !self.pie_share.is_zero() {
            e.insert(PieRecipient { share_use: self.pie_use });
        }
        for insert in &self.inserts {
            insert(e);
        }
    }
}

/// What a member is given when it joins (minted dDT and endowed xDAI).
#[derive(bevy_ecs::component::Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct StartingBalance {
    /// dDT minted on joining.
    pub ddt: Wad,
    /// xDAI endowed on joining.
    pub xdai: Wad,
}

/// The archetypes of the run, indexed by [`Role`].
#[derive(Resource, Clone, Debug, Default)]
pub struct Archetypes(Vec<Archetype>);

impl Archetypes {
    /// The archetype of a role.
    pub fn get(&self, role: Role) -> &Archetype {
        &self.0[role.index()]
    }

    /// Every archetype in role order.
    pub fn iter(&self) -> impl Iterator<Item = &Archetype> {
        self.0.iter()
    }

    pub(crate) fn push(&mut self, a: Archetype) {
        self.0.push(a);
    }

    /// Gives the archetype of `role` one more bundle.
    pub(crate) fn add_bundle<B: Bundle + Clone>(&mut self, role: Role, bundle: B) {
        if let Some(a) = self.0.get_mut(role.index()) {
            *a = a.clone().with_bundle(bundle);
        }
    }
}
