//! When members join, and who joined in the current step.

use bevy_ecs::entity::Entity;
use bevy_ecs::resource::Resource;

/// The entry schedule: `per_entry` members join at step 0 and every `every` steps after.
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryPlan {
    /// Steps between entries (at least 1).
    pub every: u64,
    /// Members per entry (0 = nobody joins).
    pub per_entry: u64,
}

impl EntryPlan {
    /// True if members join at `step`.
    pub fn is_entry_step(&self, step: u64) -> bool {
        self.per_entry > 0 && self.every > 0 && step.is_multiple_of(self.every)
    }

    /// Members after `steps` steps (entries at 0, every, 2*every, ... < steps).
    pub fn members_after(&self, steps: u64) -> u64 {
        if self.every == 0 || steps == 0 {
            return 0;
        }
        steps.div_ceil(self.every).saturating_mul(self.per_entry)
    }
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
