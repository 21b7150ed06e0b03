//! Work in Rust, watched from Python: [`supervise`] runs the work on a thread of its own with
//! the GIL released, and meanwhile, every [`POLL`], takes the GIL briefly on the calling
//! thread to check for Ctrl-C (`Python::check_signals`, which raises `KeyboardInterrupt` on the
//! main thread) and to move the progress bar.
//!
//! A Ctrl-C sets [`Watch::stop`]; the work stops at its next step boundary, as the binary's
//! run and sweep stop on SIGINT, and the `KeyboardInterrupt` is handed back beside the work's
//! result. A panic in the work is caught and becomes a [`Failure`], never an unwind into
//! Python.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use pyo3::prelude::*;

use crate::errors::Failure;
use crate::rows::RowFeed;

/// How often the calling thread looks for Ctrl-C and progress.
pub const POLL: Duration = Duration::from_millis(50);

/// What the work and its watcher share.
#[derive(Debug, Default)]
pub struct Watch {
    /// Set on Ctrl-C: stop at the next step boundary.
    pub stop: Arc<AtomicBool>,
    /// Units done (steps of a run, worlds of a sweep).
    pub done: AtomicU64,
    /// Units in all (0 while unknown).
    pub total: AtomicU64,
    finished: Mutex<bool>,
    wake: Condvar,
}

impl Watch {
    /// True once the watcher asked the work to stop.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    fn finish(&self) {
        if let Ok(mut f) = self.finished.lock() {
            *f = true;
        }
        self.wake.notify_all();
    }

    /// Waits up to `timeout` for the work to finish; true if it has.
    fn wait(&self, timeout: Duration) -> bool {
        let Ok(guard) = self.finished.lock() else { return true };
        match self.wake.wait_timeout_while(guard, timeout, |f| !*f) {
            Ok((guard, _)) => *guard,
            Err(_) => true,
        }
    }
}

/// The work's result, and the `KeyboardInterrupt` (or the progress callback's error) that
/// stopped it, if one did.
pub struct Watched<T> {
    /// What the work returned (a caught panic is a [`Failure`]).
    pub result: Result<T, Failure>,
    /// Raised while the work ran; the work was asked to stop.
    pub interrupt: Option<PyErr>,
}

/// Runs `work` on its own thread with the GIL released, checking for Ctrl-C, calling
/// `progress(done, total)` and handing the rows sent so far to `rows` (when given) every
/// [`POLL`] on this thread. See the module doc.
pub fn supervise<T, F>(
    py: Python<'_>,
    watch: &Arc<Watch>,
    progress: Option<&Bound<'_, PyAny>>,
    mut rows: Option<&mut RowFeed>,
    work: F,
) -> Watched<T>
where
    T: Send,
    F: FnOnce(&Arc<Watch>) -> Result<T, Failure> + Send,
{
    let mut interrupt: Option<PyErr> = None;
    let mut shown = (u64::MAX, u64::MAX);
    let result = std::thread::scope(|scope| {
        let shared = Arc::clone(watch);
        let handle = scope.spawn(move || {
            let out = catch_unwind(AssertUnwindSafe(|| work(&shared)));
            shared.finish();
            out
        });
        loop {
            let finished = py.detach(|| watch.wait(POLL));
            if interrupt.is_none()
                && let Err(e) = py.check_signals()
            {
                watch.stop.store(true, Ordering::Relaxed);
                interrupt = Some(e);
            }
            let now = (watch.done.load(Ordering::Relaxed), watch.total.load(Ordering::Relaxed));
            if let Some(callback) = progress
                && now != shown
                && interrupt.is_none()
            {
                shown = now;
                if let Err(e) = callback.call1(now) {
                    watch.stop.store(true, Ordering::Relaxed);
                    interrupt = Some(e);
                }
            }
            if let Some(feed) = rows.as_deref_mut() {
                if interrupt.is_some() {
                    feed.close();
                } else if let Err(e) = feed.feed(py) {
                    watch.stop.store(true, Ordering::Relaxed);
                    interrupt = Some(e);
                }
            }
            if finished {
                break;
            }
        }
        py.detach(|| handle.join())
    });
    let result = match result {
        Ok(Ok(r)) => r,
        Ok(Err(panic)) | Err(panic) => Err(Failure::from_panic(panic.as_ref())),
    };
    Watched { result, interrupt }
}
