//! One world of a sweep: its identity, how it is run to the end (the run driver, into a sink
//! of the world's statistics), and what it reports — final
//! state, run totals and the per-step values of the series metrics.
//!
//! A world never stops the sweep: a fault (books that do not balance, an overflow), a failed
//! build or even a panic in a plugin becomes a failed [`WorldResult`] with its error.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::AtomicBool;

use grassroot_amm::Wad;
use grassroot_sim::Simulation;
use grassroot_sim::driver::{Driver, Ending, Sink, SinkError};

/// Which world: its number, grid point, run and seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorldId {
    /// Position among all worlds of the sweep (`grid_point * runs + run`).
    pub world: u64,
    /// Its grid point.
    pub grid_point: u64,
    /// Its run index within the grid point.
    pub run: u64,
    /// Its seed (see [`crate::world_seed`]).
    pub seed: u64,
}

/// The state of a world after its last step, and totals over its steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Finals {
    /// Spot price, xDAI per dDT.
    pub price: f64,
    /// dDT in the pool.
    pub pool_ddt: Wad,
    /// xDAI in the pool.
    pub pool_xdai: Wad,
    /// dDT in The Pie.
    pub pie_ddt: Wad,
    /// Members.
    pub agents_total: u64,
    /// Compute demand not met, summed over the steps.
    pub unmet_demand_ddt: Wad,
    /// dDT swapped, summed over the steps.
    pub volume_ddt: Wad,
    /// xDAI swapped, summed over the steps.
    pub volume_xdai: Wad,
}

/// What a world reported.
#[derive(Clone, Debug, PartialEq)]
pub struct WorldResult {
    /// Which world.
    pub id: WorldId,
    /// Steps computed (the failing step included).
    pub steps: u64,
    /// Final state; `None` if the world could not be built.
    pub finals: Option<Finals>,
    /// Values of the series metrics, step-major (`series[step * metrics + m]`); empty for a
    /// failed world.
    pub series: Vec<f64>,
    /// Why the world failed; `None` if it completed.
    pub error: Option<String>,
}

impl WorldResult {
    /// A world that failed before its first step.
    pub fn not_built(id: WorldId, error: String) -> WorldResult {
        WorldResult { id, steps: 0, finals: None, series: Vec::new(), error: Some(error) }
    }

    /// True if every step ran and the books balanced.
    pub fn completed(&self) -> bool {
        self.error.is_none()
    }
}

/// What a world keeps of each step, as the run driver's sink: the values of the series
/// metrics and the run totals.
struct WorldSink {
    columns: Vec<usize>,
    values: Vec<f64>,
    sums: [Wad; 3],
    steps: u64,
    /// Why the run totals cannot be kept: the world then stops at the step boundary. A step's
    /// own fault, reported by the driver, comes first: it is what `grassroot run` reports.
    overflow: Option<String>,
}

impl Sink for WorldSink {
    fn record(&mut self, sim: &mut Simulation) -> Result<(), SinkError> {
        self.steps += 1;
        let row = sim.metrics().values();
        self.values.extend(self.columns.iter().map(|&c| row.get(c).map_or(f64::NAN, |v| v.to_f64())));
        let flows = [sim.compute().unmet, sim.market().stats().volume_ddt, sim.market().stats().volume_xdai];
        for ((sum, flow), name) in self.sums.iter_mut().zip(flows).zip(TOTALS) {
            match sum.checked_add(flow) {
                Ok(total) => *sum = total,
                Err(_) if self.overflow.is_none() => self.overflow = Some(totals_overflow(name, self.steps)),
                Err(_) => {}
            }
        }
        Ok(())
    }

    fn wants_more(&self) -> bool {
        self.overflow.is_none()
    }
}

/// Runs `sim` to its `total_steps` through the run driver, recording the metric columns named
/// in `series` after each step. Stops early (as a failed world) at a fault, a panic, or when
/// `cancel` is set.
pub fn run_world(mut sim: Simulation, id: WorldId, series: &[String], cancel: &AtomicBool) -> WorldResult {
    let mut columns = Vec::with_capacity(series.len());
    for name in series {
        match sim.metrics().position(name) {
            Some(c) => columns.push(c),
            None => {
                let known = sim.metrics().names().join(", ");
                return WorldResult::not_built(id, format!("--series {name}: no such metric column (known: {known})"));
            }
        }
    }
    let total = sim.params().total_steps.saturating_sub(sim.next_step());
    let capacity = usize::try_from(total).unwrap_or(0).saturating_mul(columns.len());
    let mut sink =
        WorldSink { columns, values: Vec::with_capacity(capacity), sums: [Wad::ZERO; 3], steps: 0, overflow: None };
    // Steps done, kept outside the driver so that a panic leaves the count of steps before it.
    let steps = Cell::new(0);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let driver = Driver::new().stop(cancel).on_progress(|done, _| steps.set(done)).sink(&mut sink);
        driver.run(&mut sim)
    }));
    let outcome = outcome.map(|driven| match driven {
        Ok(run) => match run.ending {
            Ending::Completed => None,
            // A world stops early only when cancelled or when its run totals overflow.
            Ending::Interrupted => Some(sink.overflow.take().unwrap_or_else(|| "cancelled".to_owned())),
            Ending::Failed(e) => Some(e.to_string()),
        },
        Err(e) => {
            steps.set(e.steps);
            Some(e.to_string())
        }
    });
    let steps = steps.get();
    let error = match outcome {
        Ok(error) => error,
        Err(panic) => Some(format!("panicked: {}", panic_message(panic.as_ref()))),
    };
    let [unmet_demand_ddt, volume_ddt, volume_xdai] = sink.sums;
    let finals = Finals {
        price: sim.pool().spot_price(),
        pool_ddt: sim.pool().reserve_ddt(),
        pool_xdai: sim.pool().reserve_xdai(),
        pie_ddt: sim.pie().balance(),
        agents_total: sim.roles().total_members(),
        unmet_demand_ddt,
        volume_ddt,
        volume_xdai,
    };
    let values = if error.is_some() { Vec::new() } else { sink.values };
    WorldResult { id, steps, finals: Some(finals), series: values, error }
}

/// The columns of `sweep_runs` that sum a flow over a world's steps, in [`Finals`]' order.
const TOTALS: [&str; 3] = ["unmet_demand_ddt", "volume_ddt", "volume_xdai"];

/// Why a world fails whose run total overflows: every step fits (else the step's own fault
/// would have been reported), so a run of this world alone completes; the sweep cannot
/// record the total.
fn totals_overflow(name: &str, steps: u64) -> String {
    format!(
        "{name} summed over steps 0..{steps} exceeds 2^128 - 1 base units: the sweep cannot record this world's \
         total in sweep_runs (each step's {name} fits, so the world alone completes)"
    )
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_owned()
    }
}
