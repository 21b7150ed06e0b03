//! [`Driver`]: the one place a world is stepped. It owns the step loop, the stop flag (Ctrl-C,
//! Python's `KeyboardInterrupt`, a client that went away), the fault policy and the progress
//! callback; what each step's rows become is the business of its [`Sink`]s: files, in-memory
//! tables, a channel another thread reads, a sweep's per-world statistics.
//!
//! The fault policy is one behaviour everywhere: a step that faults (books that do not balance,
//! an overflow) is handed to the sinks like any other, and the run then ends as
//! [`Ending::Failed`]. A stop request, or a sink that wants no more (a reader that went away),
//! ends the run at the next step boundary ([`Ending::Interrupted`]). A sink that fails ends the
//! run at once with a [`DriveError`]: its rows would be incomplete.
//!
//! The driver writes nothing itself; it hands the simulation to the sinks after every step, in
//! the order they were added (a sink that takes the step's transactions, as the file recorder
//! does, goes after those that read them in place).
//!
//! ```
//! use grassroot_config::Params;
//! use grassroot_sim::driver::{Driver, Ending, each_step};
//! use grassroot_sim::{SeedScenario, Simulation};
//!
//! let mut params = Params::seed_defaults();
//! params.total_steps = 12;
//! let mut sim = Simulation::builder(&params).with_plugin(SeedScenario::new(&params)).build()?;
//! let mut prices = Vec::new();
//! let mut price = each_step(|sim: &mut Simulation| prices.push(sim.pool().spot_price()));
//! let run = Driver::new().sink(&mut price).run(&mut sim)?;
//! assert_eq!((run.steps, run.ending), (12, Ending::Completed));
//! assert_eq!(prices.len(), 12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::resources::fault::SimError;
use crate::simulation::Simulation;

/// Why a sink could not take a step: any error, kept whole so that its owner can tell what it
/// was (`error.downcast_ref::<ReportError>()`).
pub type SinkError = Box<dyn std::error::Error + Send + Sync>;

/// Where a run's rows go: called after every step the driver computes, the failing one
/// included.
pub trait Sink {
    /// Takes the step `sim` just computed (its metric row: `sim.metrics()`; its transactions:
    /// `sim.transactions()`, or `sim.take_transactions` for the last sink that needs them).
    fn record(&mut self, sim: &mut Simulation) -> Result<(), SinkError>;

    /// False once the sink wants no more steps (a channel whose reader went away): the run
    /// then ends at the next step boundary as [`Ending::Interrupted`], like a stop request.
    fn wants_more(&self) -> bool {
        true
    }

    /// Told once how the run ended, after its last step (a channel tells its reader; files are
    /// finished by their owner, who knows what else goes beside them). Nothing by default.
    fn end(&mut self, sim: &Simulation, run: &Run) -> Result<(), SinkError> {
        let _ = (sim, run);
        Ok(())
    }
}

/// A sink that calls a closure with the simulation after every step.
pub struct EachStep<F>(F);

/// A [`Sink`] that calls `f` with the simulation after every step (`&mut`, so that it may take
/// the step's transactions over).
pub fn each_step<F: FnMut(&mut Simulation)>(f: F) -> EachStep<F> {
    EachStep(f)
}

impl<F: FnMut(&mut Simulation)> Sink for EachStep<F> {
    fn record(&mut self, sim: &mut Simulation) -> Result<(), SinkError> {
        (self.0)(sim);
        Ok(())
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Every step asked for ran.
    Completed,
    /// The stop flag was set; the run ended at a step boundary.
    Interrupted,
    /// A step faulted; the sinks have it, and it is the run's last.
    Failed(SimError),
}

/// What a driven run did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// Steps computed in this run (the failing one included).
    pub steps: u64,
    /// How it ended.
    pub ending: Ending,
}

/// A sink failed: the run ended after `steps` steps, the last of them not fully taken.
#[derive(Debug)]
pub struct DriveError {
    /// Steps computed (the one the sink failed on included).
    pub steps: u64,
    /// The sink's error.
    pub error: SinkError,
}

impl fmt::Display for DriveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for DriveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.error.as_ref())
    }
}

/// Steps a simulation into its sinks (see the module doc).
#[derive(Default)]
#[must_use]
pub struct Driver<'a> {
    steps: Option<u64>,
    stop: Option<&'a AtomicBool>,
    progress: Option<Box<dyn FnMut(u64, u64) + 'a>>,
    sinks: Vec<&'a mut dyn Sink>,
}

impl<'a> Driver<'a> {
    /// A driver that runs a simulation to its `TOTAL_STEPS`, into no sink.
    pub fn new() -> Driver<'a> {
        Driver::default()
    }

    /// Runs `steps` steps instead (fewer than `TOTAL_STEPS` repeats a run that stopped early).
    pub fn steps(mut self, steps: u64) -> Driver<'a> {
        self.steps = Some(steps);
        self
    }

    /// Ends the run at the next step boundary once `flag` is set.
    pub fn stop(mut self, flag: &'a AtomicBool) -> Driver<'a> {
        self.stop = Some(flag);
        self
    }

    /// Calls `report(done, total)` after every step.
    pub fn on_progress(mut self, report: impl FnMut(u64, u64) + 'a) -> Driver<'a> {
        self.progress = Some(Box::new(report));
        self
    }

    /// Hands every step to `sink`, after the sinks added before it.
    pub fn sink(mut self, sink: &'a mut dyn Sink) -> Driver<'a> {
        self.sinks.push(sink);
        self
    }

    /// Steps `sim` until its `TOTAL_STEPS` are done (or the steps asked for), a step faults or
    /// the stop flag is set; each step goes to every sink.
    pub fn run(mut self, sim: &mut Simulation) -> Result<Run, DriveError> {
        let total = self.steps.unwrap_or_else(|| sim.params().total_steps.saturating_sub(sim.next_step()));
        let mut steps = 0;
        let mut ending = Ending::Completed;
        while steps < total {
            if self.stop.is_some_and(|s| s.load(Ordering::Relaxed)) || !self.sinks.iter().all(|s| s.wants_more()) {
                ending = Ending::Interrupted;
                break;
            }
            let stepped = sim.step();
            steps += 1;
            for sink in &mut self.sinks {
                sink.record(sim).map_err(|error| DriveError { steps, error })?;
            }
            if let Some(report) = self.progress.as_mut() {
                report(steps, total);
            }
            if let Err(e) = stepped {
                ending = Ending::Failed(e);
                break;
            }
        }
        let run = Run { steps, ending };
        for sink in &mut self.sinks {
            sink.end(sim, &run).map_err(|error| DriveError { steps, error })?;
        }
        Ok(run)
    }
}
