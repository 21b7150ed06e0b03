//! Statistics across the runs of one grid point: mean and the 5th, 50th and 95th percentiles
//! of every series metric at every step, from an accumulator that holds one grid point only.
//!
//! **Percentiles** use linear interpolation between the closest ranks — numpy's default
//! (`method="linear"`, also pandas' `quantile`): for sorted values `x[0..n]` and `p` in [0, 1],
//! `h = (n - 1) * p`, and the result is `x[floor(h)]` moved towards `x[floor(h) + 1]` by the
//! fraction `h - floor(h)`, computed with numpy's two-sided formula so that results agree to
//! the last bit. **The mean** is the running mean over the runs in order (`m += (x - m) / k`),
//! so that equal values give exactly that value.
//! Non-finite values (a metric not set in a step) are left out of both; a step where every
//! run's value is missing has empty cells.
//!
//! **Memory.** Exact percentiles need every run's value at every step, `runs x steps x metrics`
//! `f64`s per grid point: 8 runs of 1000 steps and 4 metrics are 256 KiB, kept in memory. Above
//! [`MEMORY_BUDGET`] (64 MiB; e.g. 10,000 runs of 1000 steps, 305 MiB) [`PointSeries`] appends
//! each run to an anonymous temporary file instead and reads the steps back in blocks that fit
//! the budget, so memory stays bounded whatever the number of runs, with the same results to
//! the last bit. A sweep holds one grid point's series at a time.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

/// The percentiles written for every metric, as fractions, with their column suffixes.
pub const PERCENTILES: [(f64, &str); 3] = [(0.05, "p5"), (0.5, "p50"), (0.95, "p95")];

/// Mean and percentiles of one (grid point, step, metric).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Arithmetic mean.
    pub mean: f64,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl Summary {
    /// Every cell empty (no finite value).
    pub const EMPTY: Summary = Summary { mean: f64::NAN, p5: f64::NAN, p50: f64::NAN, p95: f64::NAN };

    /// Summarises `values` (in run order); `scratch` is reused between calls.
    pub fn of(values: impl Iterator<Item = f64>, scratch: &mut Vec<f64>) -> Summary {
        scratch.clear();
        scratch.extend(values.filter(|x| x.is_finite()));
        if scratch.is_empty() {
            return Summary::EMPTY;
        }
        let mut mean = 0.0;
        for (k, x) in scratch.iter().enumerate() {
            mean += (x - mean) / (k + 1) as f64;
        }
        scratch.sort_by(f64::total_cmp);
        Summary {
            mean,
            p5: percentile(scratch, PERCENTILES[0].0),
            p50: percentile(scratch, PERCENTILES[1].0),
            p95: percentile(scratch, PERCENTILES[2].0),
        }
    }

    /// The four values in column order: mean, p5, p50, p95.
    pub fn cells(&self) -> [f64; 4] {
        [self.mean, self.p5, self.p50, self.p95]
    }
}

/// The `p`-th quantile (`0 <= p <= 1`) of sorted, finite, non-empty `sorted`, by linear
/// interpolation (numpy's default method). `NaN` for an empty slice.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let below = h.floor();
    let i = below as usize;
    let a = sorted[i.min(n - 1)];
    let b = sorted[(i + 1).min(n - 1)];
    let t = h - below;
    // numpy's `_lerp`: from the nearer end, so that t = 0 and t = 1 give the end points exactly.
    let diff = b - a;
    if t >= 0.5 { b - diff * (1.0 - t) } else { a + diff * t }
}

/// In-memory size above which a grid point's series go to a temporary file (see the module
/// documentation).
pub const MEMORY_BUDGET: usize = 64 << 20;

/// The series of the completed runs of one grid point, until its statistics are written.
#[derive(Debug)]
pub struct PointSeries {
    grid_point: u64,
    runs: usize,
    metrics: usize,
    steps: usize,
    present: Vec<bool>,
    budget: usize,
    store: Store,
}

/// Where the values are kept.
#[derive(Debug)]
enum Store {
    /// No run added yet.
    Empty,
    /// `values[(step * metrics + m) * runs + run]`.
    Memory(Vec<f64>),
    /// One record per added run, in the order added: `steps * metrics` little-endian `f64`s,
    /// step-major; `order[i]` is the run of record `i`.
    Disk { file: File, order: Vec<usize> },
}

impl PointSeries {
    /// An empty accumulator for `runs` runs of `metrics` series metrics.
    pub fn new(grid_point: u64, runs: u64, metrics: usize) -> PointSeries {
        PointSeries::with_budget(grid_point, runs, metrics, MEMORY_BUDGET)
    }

    /// The same, keeping at most about `budget` bytes of values in memory.
    fn with_budget(grid_point: u64, runs: u64, metrics: usize, budget: usize) -> PointSeries {
        let runs = usize::try_from(runs).unwrap_or(usize::MAX);
        PointSeries { grid_point, runs, metrics, steps: 0, present: Vec::new(), budget, store: Store::Empty }
    }

    /// The grid point.
    pub fn grid_point(&self) -> u64 {
        self.grid_point
    }

    /// Steps per run (0 before the first run is added).
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// Runs added.
    pub fn completed_runs(&self) -> u64 {
        self.present.iter().filter(|p| **p).count() as u64
    }

    /// Adds the series of run `run` (step-major: `series[step * metrics + m]`). Every run of a
    /// grid point has the same number of steps; a run of another length is an error.
    pub fn add(&mut self, run: u64, series: &[f64]) -> Result<(), String> {
        let run = usize::try_from(run).map_err(|_| format!("run {run} is out of range"))?;
        if run >= self.runs || self.metrics == 0 {
            return Err(format!("run {run} is out of range (runs = {})", self.runs));
        }
        if !series.len().is_multiple_of(self.metrics) {
            return Err(format!("a series of {} values is not whole steps of {} metrics", series.len(), self.metrics));
        }
        let steps = series.len() / self.metrics;
        if self.present.is_empty() {
            self.steps = steps;
            self.present = vec![false; self.runs];
            let cells = steps.saturating_mul(self.metrics).saturating_mul(self.runs);
            self.store = if cells.saturating_mul(8) <= self.budget {
                Store::Memory(vec![f64::NAN; cells])
            } else {
                let file = tempfile::tempfile().map_err(|e| spill_error(&e))?;
                Store::Disk { file, order: Vec::new() }
            };
        } else if steps != self.steps {
            return Err(format!(
                "grid point {}: run {run} has {steps} steps, another run has {}",
                self.grid_point, self.steps
            ));
        }
        if self.present[run] {
            return Err(format!("grid point {}: run {run} was added twice", self.grid_point));
        }
        match &mut self.store {
            Store::Empty => return Err("no storage for the series".to_owned()),
            Store::Memory(values) => {
                for (cell, value) in series.iter().enumerate() {
                    values[cell * self.runs + run] = *value;
                }
            }
            Store::Disk { file, order } => {
                let bytes: Vec<u8> = series.iter().flat_map(|v| v.to_le_bytes()).collect();
                file.seek(SeekFrom::End(0)).and_then(|_| file.write_all(&bytes)).map_err(|e| spill_error(&e))?;
                order.push(run);
            }
        }
        self.present[run] = true;
        Ok(())
    }

    /// Calls `f(step, summaries)` for every step, with one [`Summary`] per metric. The values
    /// of a step are taken in run order whatever the storage, so the results are the same.
    pub fn summaries(&mut self, mut f: impl FnMut(usize, &[Summary])) -> Result<(), String> {
        let mut scratch = Vec::with_capacity(self.runs);
        let mut row = vec![Summary::EMPTY; self.metrics];
        let (steps, metrics, runs) = (self.steps, self.metrics, self.runs);
        match &mut self.store {
            Store::Empty => {}
            Store::Memory(values) => {
                for step in 0..steps {
                    for (m, slot) in row.iter_mut().enumerate() {
                        let base = (step * metrics + m) * runs;
                        let cells = &values[base..base + runs];
                        let present = cells.iter().zip(&self.present).filter(|(_, p)| **p).map(|(v, _)| *v);
                        *slot = Summary::of(present, &mut scratch);
                    }
                    f(step, &row);
                }
            }
            Store::Disk { file, order } => {
                // Records in run order; steps read in blocks that fit the budget.
                let mut records: Vec<(usize, usize)> = order.iter().enumerate().map(|(i, run)| (*run, i)).collect();
                records.sort_unstable();
                let n = records.len().max(1);
                let block = (self.budget / (n * metrics * 8)).clamp(1, steps.max(1));
                let mut values = vec![0.0; n * block * metrics];
                let mut bytes = vec![0u8; block * metrics * 8];
                for first in (0..steps).step_by(block) {
                    let len = block.min(steps - first);
                    for (k, (_, record)) in records.iter().enumerate() {
                        let at = ((record * steps + first) * metrics * 8) as u64;
                        let chunk = &mut bytes[..len * metrics * 8];
                        file.seek(SeekFrom::Start(at))
                            .and_then(|_| file.read_exact(chunk))
                            .map_err(|e| spill_error(&e))?;
                        decode(chunk, &mut values[k * block * metrics..(k * block + len) * metrics]);
                    }
                    for s in 0..len {
                        for (m, slot) in row.iter_mut().enumerate() {
                            let present = (0..records.len()).map(|k| values[(k * block + s) * metrics + m]);
                            *slot = Summary::of(present, &mut scratch);
                        }
                        f(first + s, &row);
                    }
                }
            }
        }
        Ok(())
    }

    /// Calls `f(run, step, values)` for every added run and step, in run then step order.
    pub fn raw(&mut self, mut f: impl FnMut(u64, usize, &[f64])) -> Result<(), String> {
        let mut row = vec![0.0; self.metrics];
        let (steps, metrics, runs) = (self.steps, self.metrics, self.runs);
        match &mut self.store {
            Store::Empty => {}
            Store::Memory(values) => {
                for (run, _) in self.present.iter().enumerate().filter(|(_, p)| **p) {
                    for step in 0..steps {
                        for (m, slot) in row.iter_mut().enumerate() {
                            *slot = values[(step * metrics + m) * runs + run];
                        }
                        f(run as u64, step, &row);
                    }
                }
            }
            Store::Disk { file, order } => {
                let mut records: Vec<(usize, usize)> = order.iter().enumerate().map(|(i, run)| (*run, i)).collect();
                records.sort_unstable();
                let mut bytes = vec![0u8; metrics * 8];
                for (run, record) in records {
                    let at = (record * steps * metrics * 8) as u64;
                    file.seek(SeekFrom::Start(at)).map_err(|e| spill_error(&e))?;
                    for step in 0..steps {
                        file.read_exact(&mut bytes).map_err(|e| spill_error(&e))?;
                        decode(&bytes, &mut row);
                        f(run as u64, step, &row);
                    }
                }
            }
        }
        Ok(())
    }
}

/// Little-endian `f64`s from `bytes` into `out`.
fn decode(bytes: &[u8], out: &mut [f64]) {
    for (value, b) in out.iter_mut().zip(bytes.chunks_exact(8)) {
        *value = b.try_into().map(f64::from_le_bytes).unwrap_or(f64::NAN);
    }
}

fn spill_error(e: &std::io::Error) -> String {
    format!("cannot keep a grid point's series in a temporary file in {}: {e}", std::env::temp_dir().display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_hand() {
        // n = 4: h = 3p. p5: h = 0.15 -> 1 + 0.15 * (2 - 1) = 1.15; p50: h = 1.5 -> 2.5;
        // p95: h = 2.85 -> 3 + 0.85 * (4 - 3) = 3.85 (numpy.percentile gives the same).
        let mut scratch = Vec::new();
        let s = Summary::of([4.0, 1.0, 3.0, 2.0].into_iter(), &mut scratch);
        assert_eq!(s.mean, 2.5);
        assert!((s.p5 - 1.15).abs() < 1e-12, "{}", s.p5);
        assert_eq!(s.p50, 2.5);
        assert!((s.p95 - 3.85).abs() < 1e-12, "{}", s.p95);
        // One value: every statistic is that value. Missing values are left out.
        let one = Summary::of([f64::NAN, 7.0].into_iter(), &mut scratch);
        assert_eq!(one.cells(), [7.0; 4]);
        assert!(Summary::of([f64::NAN].into_iter(), &mut scratch).mean.is_nan());
    }

    #[test]
    fn accumulator_summarises_runs_per_step() {
        let mut acc = PointSeries::new(3, 3, 2);
        // Runs 0 and 2 complete (run 1 failed): two steps of two metrics each.
        assert_eq!(acc.add(2, &[10.0, 1.0, 30.0, 3.0]), Ok(()));
        assert_eq!(acc.add(0, &[20.0, 2.0, 40.0, 4.0]), Ok(()));
        assert!(acc.add(0, &[0.0; 4]).is_err());
        assert!(acc.add(1, &[0.0; 2]).is_err());
        assert_eq!(acc.completed_runs(), 2);
        let mut rows = Vec::new();
        assert_eq!(acc.summaries(|step, s| rows.push((step, s[0].p50, s[1].mean))), Ok(()));
        assert_eq!(rows, vec![(0, 15.0, 1.5), (1, 35.0, 3.5)]);
        let mut raw = Vec::new();
        assert_eq!(acc.raw(|run, step, v| raw.push((run, step, v.to_vec()))), Ok(()));
        assert_eq!(raw[0], (0, 0, vec![20.0, 2.0]));
        assert_eq!(raw[3], (2, 1, vec![30.0, 3.0]));
    }

    /// Per step, the bits of every summary cell.
    type SummaryBits = Vec<(usize, Vec<u64>)>;
    /// Per run and step, the bits of every raw value.
    type RawBits = Vec<(u64, usize, Vec<u64>)>;

    /// Every summary and raw value of `acc`, bit for bit.
    fn everything(acc: &mut PointSeries) -> (SummaryBits, RawBits) {
        let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
        let mut rows = Vec::new();
        let s =
            acc.summaries(|step, s| rows.push((step, bits(&s.iter().flat_map(Summary::cells).collect::<Vec<_>>()))));
        assert_eq!(s, Ok(()));
        let mut raw = Vec::new();
        assert_eq!(acc.raw(|run, step, v| raw.push((run, step, bits(v)))), Ok(()));
        (rows, raw)
    }

    #[test]
    fn series_beyond_the_memory_budget_go_to_disk_with_the_same_results_to_the_bit() {
        // 7 runs (run 3 never completes, the others arrive out of order) of 23 steps and 3
        // metrics, with missing values: in memory, and spilled with budgets that give blocks
        // of 1, 2, 5 and all 23 steps (a block holds 6 runs x 3 metrics x 8 bytes per step).
        let (runs, steps, metrics) = (7u64, 23usize, 3usize);
        let value = |run: u64, cell: usize| {
            let x = ((run as usize * 7919 + cell * 104_729) % 1000) as f64 / 7.0 - 50.0;
            if (run as usize + cell).is_multiple_of(11) { f64::NAN } else { x }
        };
        let fill = |acc: &mut PointSeries| {
            for run in [5, 0, 6, 2, 1, 4] {
                let series: Vec<f64> = (0..steps * metrics).map(|cell| value(run, cell)).collect();
                assert_eq!(acc.add(run, &series), Ok(()));
            }
        };
        let mut memory = PointSeries::new(9, runs, metrics);
        fill(&mut memory);
        assert!(matches!(memory.store, Store::Memory(_)));
        let expected = everything(&mut memory);
        assert_eq!(expected.0.len(), steps);
        assert_eq!(expected.1.len(), 6 * steps);
        for budget in [1, 2 * 144, 5 * 144, 1000] {
            let mut disk = PointSeries::with_budget(9, runs, metrics, budget);
            fill(&mut disk);
            assert!(matches!(disk.store, Store::Disk { .. }), "budget {budget}");
            assert_eq!(disk.completed_runs(), 6);
            assert_eq!(everything(&mut disk), expected, "budget {budget}");
        }
    }
}
