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
//! **Memory.** [`PointSeries`] holds `runs x steps x metrics` `f64`s: 8 runs of 1000 steps and
//! 4 metrics take 256 KiB; 10,000 runs of 1000 steps take 305 MiB. A sweep holds one of them
//! at a time.

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

/// The series of the completed runs of one grid point, until its statistics are written.
#[derive(Clone, Debug)]
pub struct PointSeries {
    grid_point: u64,
    runs: usize,
    metrics: usize,
    steps: usize,
    /// `values[(step * metrics + m) * runs + run]`.
    values: Vec<f64>,
    present: Vec<bool>,
}

impl PointSeries {
    /// An empty accumulator for `runs` runs of `metrics` series metrics.
    pub fn new(grid_point: u64, runs: u64, metrics: usize) -> PointSeries {
        let runs = usize::try_from(runs).unwrap_or(usize::MAX);
        PointSeries { grid_point, runs, metrics, steps: 0, values: Vec::new(), present: Vec::new() }
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
            self.values = vec![f64::NAN; steps * self.metrics * self.runs];
            self.present = vec![false; self.runs];
        } else if steps != self.steps {
            return Err(format!(
                "grid point {}: run {run} has {steps} steps, another run has {}",
                self.grid_point, self.steps
            ));
        }
        if self.present[run] {
            return Err(format!("grid point {}: run {run} was added twice", self.grid_point));
        }
        self.present[run] = true;
        for (cell, value) in series.iter().enumerate() {
            self.values[cell * self.runs + run] = *value;
        }
        Ok(())
    }

    /// Calls `f(step, summaries)` for every step, with one [`Summary`] per metric.
    pub fn summaries(&self, mut f: impl FnMut(usize, &[Summary])) {
        let mut scratch = Vec::with_capacity(self.runs);
        let mut row = vec![Summary::EMPTY; self.metrics];
        for step in 0..self.steps {
            for (m, slot) in row.iter_mut().enumerate() {
                let base = (step * self.metrics + m) * self.runs;
                let cells = &self.values[base..base + self.runs];
                let present = cells.iter().zip(&self.present).filter(|(_, p)| **p).map(|(v, _)| *v);
                *slot = Summary::of(present, &mut scratch);
            }
            f(step, &row);
        }
    }

    /// Calls `f(run, step, values)` for every added run and step, in run then step order.
    pub fn raw(&self, mut f: impl FnMut(u64, usize, &[f64])) {
        let mut row = vec![0.0; self.metrics];
        for (run, _) in self.present.iter().enumerate().filter(|(_, p)| **p) {
            for step in 0..self.steps {
                for (m, slot) in row.iter_mut().enumerate() {
                    *slot = self.values[(step * self.metrics + m) * self.runs + run];
                }
                f(run as u64, step, &row);
            }
        }
    }
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
        acc.summaries(|step, s| rows.push((step, s[0].p50, s[1].mean)));
        assert_eq!(rows, vec![(0, 15.0, 1.5), (1, 35.0, 3.5)]);
        let mut raw = Vec::new();
        acc.raw(|run, step, v| raw.push((run, step, v.to_vec())));
        assert_eq!(raw[0], (0, 0, vec![20.0, 2.0]));
        assert_eq!(raw[3], (2, 1, vec![30.0, 3.0]));
    }
}
