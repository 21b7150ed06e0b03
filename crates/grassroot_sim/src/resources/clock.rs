//! The simulation clock: which step is running.

use bevy_ecs::resource::Resource;

/// The step being simulated (0-based) and the run's length.
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    /// The current step; during a tick, the step being computed.
    pub step: u64,
    /// Steps the run was asked for (for progress; a run may stop early).
    pub total_steps: u64,
}
