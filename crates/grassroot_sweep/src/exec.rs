//! Running the worlds of a sweep in parallel and handing their results over in world order.
//!
//! Worlds are built on the calling thread (so the factory need be neither `Send` nor `Sync`)
//! and run on a rayon pool of `jobs` threads. At most `2 * jobs` built worlds exist at once,
//! and results are handed to the sink strictly in world order: a finished world waits in a
//! reorder buffer until every earlier world is handed over. That buffer holds only finished
//! worlds' series (`steps x metrics` `f64`s each) and is capped at [`REORDER_BYTES`] (and at
//! least `2 * jobs` worlds), after which no new world starts until the earliest one finishes.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use grassroot_sim::Simulation;

use crate::error::SweepError;
use crate::progress::{OnProgress, Progress};
use crate::world::{WorldId, WorldResult, run_world};

/// Memory the reorder buffer may use for finished worlds' series.
pub const REORDER_BYTES: u64 = 256 << 20;

/// What the executor needs to know.
pub(crate) struct Execution<'a> {
    /// Worlds to run.
    pub worlds: Range<u64>,
    /// Threads.
    pub jobs: usize,
    /// Series metric names.
    pub series: &'a [String],
    /// Values each world's series holds (steps x metrics), to size the reorder buffer.
    pub values_per_world: u64,
    /// Told how far the sweep has come.
    pub progress: Option<&'a OnProgress>,
    /// Set to stop (Ctrl-C).
    pub stop: Option<&'a AtomicBool>,
}

/// Runs every world of `exec.worlds`: `identify` names world `w`, `build` builds it (on this
/// thread), `sink` receives the results in world order.
pub(crate) fn execute(
    exec: &Execution<'_>,
    identify: &dyn Fn(u64) -> WorldId,
    build: &mut dyn FnMut(WorldId) -> Result<Simulation, String>,
    sink: &mut dyn FnMut(WorldResult) -> Result<(), SweepError>,
) -> Result<(), SweepError> {
    let jobs = exec.jobs.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("grassroot-world-{i}"))
        .build()
        .map_err(|e| SweepError::bad(format!("--jobs {jobs}: cannot start the worker threads: {e}")))?;
    let max_built = 2 * jobs;
    let per_world = exec.values_per_world.saturating_mul(8).max(1);
    let reorder = (REORDER_BYTES / per_world).clamp(max_built as u64, 1 << 16);
    let total = exec.worlds.end - exec.worlds.start;
    let report = |done: u64, failed: u64| {
        if let Some(OnProgress(f)) = exec.progress {
            f(Progress { done, total, failed });
        }
    };
    report(0, 0);
    let cancel = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<WorldResult>();
    let series = exec.series;
    pool.in_place_scope(|scope| -> Result<(), SweepError> {
        let mut next = exec.worlds.start;
        let mut emitted = exec.worlds.start;
        let mut running = 0usize;
        let mut done: BTreeMap<u64, WorldResult> = BTreeMap::new();
        let mut failed = 0u64;
        let result = loop {
            if exec.stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
                break Err(SweepError::Interrupted);
            }
            while next < exec.worlds.end && running < max_built && next < emitted.saturating_add(reorder) {
                let id = identify(next);
                match build(id) {
                    Ok(sim) => {
                        let tx = tx.clone();
                        let cancel = &cancel;
                        scope.spawn(move |_| {
                            // The receiver outlives the scope; a send fails only after an error
                            // stopped the sweep, when the result is not wanted.
                            let _ = tx.send(run_world(sim, id, series, cancel));
                        });
                        running += 1;
                    }
                    Err(e) => {
                        done.insert(next, WorldResult::not_built(id, e));
                    }
                }
                next += 1;
            }
            let mut sunk = Ok(());
            while let Some(r) = done.remove(&emitted) {
                failed += u64::from(!r.completed());
                if let Err(e) = sink(r) {
                    sunk = Err(e);
                    break;
                }
                emitted += 1;
                report(emitted - exec.worlds.start, failed);
            }
            if let Err(e) = sunk {
                break Err(e);
            }
            if emitted >= exec.worlds.end {
                break Ok(());
            }
            if running > 0 {
                match rx.recv_timeout(Duration::from_millis(100)) {
                    Ok(r) => {
                        running -= 1;
                        done.insert(r.id.world, r);
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        break Err(SweepError::bad("the world threads stopped unexpectedly"));
                    }
                }
            }
        };
        if result.is_err() {
            cancel.store(true, Ordering::Relaxed);
        }
        result
    })
}
