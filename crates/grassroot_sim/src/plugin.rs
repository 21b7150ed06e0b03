//! Plugins: how scenarios, archetypes, behaviours and metrics are added to a simulation.
//!
//! In the spirit of Bevy's plugins: a plugin's `build` only registers archetypes, resources,
//! systems (in a [`SimSet`](crate::SimSet)) and metric columns on the [`SimBuilder`]. A plugin
//! group is a plugin whose `build` adds other plugins.

use crate::builder::SimBuilder;

/// A piece of a simulation: archetypes, resources, systems, metrics.
pub trait Plugin: 'static {
    /// Registers what the plugin brings.
    fn build(&self, sim: &mut SimBuilder);

    /// A name for logs and error messages (the type name by default).
    fn name(&self) -> &str {
        std::any::type_name::<Self>()
    }
}

impl<F: Fn(&mut SimBuilder) + 'static> Plugin for F {
    fn build(&self, sim: &mut SimBuilder) {
        self(sim);
    }
}
