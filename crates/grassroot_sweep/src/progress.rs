//! How far a sweep has come, reported to whoever runs it: [`Sweep::on_progress`] takes a
//! callback that receives a [`Progress`] once before the first world and after every world
//! handed over, on the thread that called [`Sweep::run`]. The library draws nothing; the
//! `grassroot` binary draws a bar from it, a notebook can draw its own.
//!
//! [`Sweep::on_progress`]: crate::Sweep::on_progress
//! [`Sweep::run`]: crate::Sweep::run

use std::sync::Arc;

/// Worlds done of a sweep (or of its shard).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Worlds finished and written, completed or failed.
    pub done: u64,
    /// Worlds this sweep (or shard) runs.
    pub total: u64,
    /// Of `done`, the worlds that failed.
    pub failed: u64,
}

/// A progress callback, shared by the clones of a [`crate::Sweep`].
#[derive(Clone)]
pub(crate) struct OnProgress(pub(crate) Arc<dyn Fn(Progress) + Send + Sync>);

impl std::fmt::Debug for OnProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnProgress(..)")
    }
}
