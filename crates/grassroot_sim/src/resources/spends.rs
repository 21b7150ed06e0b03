//! The compute spends of the current step, one record per spend, for plugins that attribute
//! spending (e.g. to the use case a dataDAO's data served).
//!
//! The list is kept only when a plugin asks for it by inserting the resource
//! (`sim.insert_resource(ComputeSpends::default())`): the engine then fills it in
//! [`Economy::spend_on_compute`](crate::Economy::spend_on_compute) and empties it when the next
//! step begins; it reads nothing from it. Memory stays flat: the buffer is reused from step to
//! step. (Opt-in so that a scenario that does not read the list does not fill it.)

use bevy_ecs::resource::Resource;
use grassroot_amm::Wad;

use crate::economy::Actor;

/// Who spent how much on compute this step, in the order the spends happened.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct ComputeSpends(Vec<(Actor, Wad)>);

impl ComputeSpends {
    /// This step's spends, in order.
    pub fn as_slice(&self) -> &[(Actor, Wad)] {
        &self.0
    }

    /// Iterates over this step's spends.
    pub fn iter(&self) -> std::slice::Iter<'_, (Actor, Wad)> {
        self.0.iter()
    }

    pub(crate) fn push(&mut self, who: Actor, ddt: Wad) {
        self.0.push((who, ddt));
    }

    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }
}
