//! What `merge` checks of a shard's content beyond the files' hashes and the world ids
//! (`shards.rs`): what its `sweep.json` alone shows impossible, so that a shard re-hashed after
//! an edit cannot slip a value into the merged tables. Each world's row of `sweep_runs` holds
//! its grid point's values of the varied keys, a completed world ran exactly its `TOTAL_STEPS`
//! (a failed one no more), and its final amounts are exact decimals a `Wad` holds (present for a
//! completed world); and the series hold one row per step of every grid point with a completed
//! run: `sweep_series` for the grid points whole in the shard (with that point's count of
//! completed runs), `sweep_series_partial.csv` for each completed world of a point it shares.

use std::collections::BTreeMap;
use std::path::Path;

use grassroot_amm::Wad;
use grassroot_report::arrow::Counts;
use grassroot_report::parquet_file::read_batches;

use crate::error::SweepError;
use crate::grid::Grid;
use crate::manifest::SweepManifest;
use crate::table::{CsvFile, PARTIAL_FILE, SERIES_FILE, SERIES_PARQUET, param_text};

/// The columns of `sweep_runs` after `run`, `seed` and `status`, as offsets from `status`:
/// `steps`, then the finals.
const STEPS: usize = 1;
/// `price`: a real.
const PRICE: usize = 2;
/// The amounts: `pool_ddt`, `pool_xdai`, `pie_ddt`, then after `agents_total` (a count)
/// `unmet_demand_ddt`, `volume_ddt`, `volume_xdai`.
const AMOUNTS: [usize; 6] = [3, 4, 5, 7, 8, 9];
/// `agents_total`: a count.
const AGENTS: usize = 6;

/// What a shard's `sweep.json` says its rows must be.
pub(crate) struct Expected {
    grid: Grid,
    base_steps: Option<u64>,
    runs: u64,
    first: u64,
    end: u64,
    /// Completed runs by grid point, as `sweep_runs` holds them.
    pub(crate) completed: BTreeMap<u64, Vec<u64>>,
}

impl Expected {
    /// The expectations of a shard of `manifest` holding worlds `first..end`.
    pub(crate) fn new(manifest: &SweepManifest, first: u64, end: u64) -> Expected {
        let base_steps = manifest.base_params.get("TOTAL_STEPS").and_then(|v| v.as_str()).and_then(|v| v.parse().ok());
        Expected {
            grid: manifest.grid.to_grid(),
            base_steps,
            runs: manifest.grid.runs,
            first,
            end,
            completed: BTreeMap::new(),
        }
    }

    /// The steps a world of grid point `g` runs: its `TOTAL_STEPS`, swept or not; `None` when
    /// the manifest does not say.
    fn steps(&self, g: u64) -> Option<u64> {
        match self.grid.point(g).into_iter().find(|(k, _)| *k == "TOTAL_STEPS") {
            Some((_, v)) => v.parse().ok(),
            None => self.base_steps,
        }
    }

    /// True if every run of grid point `g` is in the shard.
    fn whole(&self, g: u64) -> bool {
        g * self.runs >= self.first && (g + 1) * self.runs <= self.end
    }

    /// Checks the varied keys' cells (columns 1..) of a row of grid point `g`: each is the
    /// value of its axis at `g`, as the sweep writes it.
    fn check_point_cells<R: std::io::Read>(&self, csv: &CsvFile<R>, g: u64) -> Result<(), SweepError> {
        for (i, ((_, value), axis)) in self.grid.point(g).into_iter().zip(self.grid.axes()).enumerate() {
            let want = param_text(value, axis.is_decimal());
            if csv.raw(i + 1) != want.as_bytes() {
                return Err(csv.bad_cell(i + 1, &format!("is not the value of grid point {g}, {want}")));
            }
        }
        Ok(())
    }

    /// Checks the cells of a world's row of `sweep_runs.csv` after its identity: grid values,
    /// steps, finals (`status` is the column of the status).
    pub(crate) fn check_world_row<R: std::io::Read>(
        &mut self,
        csv: &CsvFile<R>,
        (g, run): (u64, u64),
        status: usize,
        completed: bool,
    ) -> Result<(), SweepError> {
        self.check_point_cells(csv, g)?;
        let steps = csv.count(status + STEPS)?;
        if let Some(total) = self.steps(g) {
            if completed && steps != total {
                let what = format!("is not {total}, the steps of a completed world (TOTAL_STEPS)");
                return Err(csv.bad_cell(status + STEPS, &what));
            }
            if steps > total {
                return Err(
                    csv.bad_cell(status + STEPS, &format!("is more than {total}, the steps of a world (TOTAL_STEPS)"))
                );
            }
        }
        let present = !csv.raw(status + PRICE).is_empty();
        if completed && !present {
            return Err(csv.bad_cell(status + PRICE, "is empty for a completed world"));
        }
        if present {
            if csv.real(status + PRICE)?.is_some_and(|p| p < 0.0) {
                return Err(csv.bad_cell(status + PRICE, "is a negative price"));
            }
            csv.count(status + AGENTS)?;
            for i in AMOUNTS.map(|a| status + a) {
                let text = csv.text(i)?;
                if !text.contains('.') || Wad::parse(text).is_err() {
                    return Err(csv.bad_cell(i, "is not an amount (a decimal of 0 or more with at most 18 places)"));
                }
            }
        }
        if completed {
            self.completed.entry(g).or_default().push(run);
        }
        Ok(())
    }

    /// Counts a completed world whose row was checked elsewhere (a Parquet-only shard).
    pub(crate) fn add_completed(&mut self, g: u64, run: u64, steps: u64) -> Result<(), String> {
        if let Some(total) = self.steps(g)
            && steps != total
        {
            return Err(format!("'{steps}' is not {total}, the steps of a completed world (TOTAL_STEPS)"));
        }
        self.completed.entry(g).or_default().push(run);
        Ok(())
    }

    /// The rows `sweep_series` must hold, in order: (grid point, steps, completed runs) for
    /// each grid point whole in the shard with a completed run. `None` when the steps are not
    /// known.
    fn series_rows(&self) -> Option<Vec<(u64, u64, u64)>> {
        let mut rows = Vec::new();
        for (g, runs) in &self.completed {
            if self.whole(*g) {
                rows.push((*g, self.steps(*g)?, runs.len() as u64));
            }
        }
        Some(rows)
    }

    /// Checks that `sweep_series` (`.csv` when `csv`, else `.parquet`) in `dir` holds, grid
    /// point by grid point, one row per step of each whole grid point with a completed run.
    pub(crate) fn check_series(&self, dir: &Path, csv: bool) -> Result<(), SweepError> {
        let Some(expected) = self.series_rows() else { return Ok(()) };
        let mut rows = SeriesRows::new(expected);
        if csv {
            let axes = self.grid.axes().len();
            let mut file = CsvFile::open(&dir.join(SERIES_FILE))?;
            while file.next_record()? {
                let row = (file.count(0)?, file.count(axes + 1)?, file.count(axes + 2)?);
                rows.next(row).map_err(|what| file.bad_row(&what))?;
                self.check_point_cells(&file, row.0)?;
            }
            return rows.end().map_err(|what| SweepError::bad(format!("'{}': {what}", file.path().display())));
        }
        let path = dir.join(SERIES_PARQUET);
        let bad = |what: String| SweepError::bad(format!("'{}': {what}", path.display()));
        let reader =
            read_batches(&path, Some(&["grid_point", "step", "runs"])).map_err(|e| SweepError::bad(e.to_string()))?;
        let mut number = 0u64;
        for batch in reader {
            let batch = batch.map_err(|e| bad(format!("cannot be read: {e}")))?;
            let count = |i: usize| Counts::of(batch.column(i).as_ref());
            let (Some(g), Some(step), Some(runs)) = (count(0), count(1), count(2)) else {
                return Err(bad("grid_point, step and runs are not columns of counts (Int64)".to_owned()));
            };
            for i in 0..batch.num_rows() {
                number += 1;
                let (Some(gi), Some(s), Some(r)) = (g.get(i), step.get(i), runs.get(i)) else {
                    return Err(bad(format!("row {number}: grid_point, step or runs is empty or negative")));
                };
                rows.next((gi, s, r)).map_err(|w| bad(format!("row {number}: {w}")))?;
            }
        }
        rows.end().map_err(bad)
    }

    /// Checks that `sweep_series_partial.csv` in `dir` holds, for each completed world of a
    /// grid point the shard shares, one row per step.
    pub(crate) fn check_partial(&self, dir: &Path) -> Result<(), SweepError> {
        let mut expected = Vec::new();
        for (g, runs) in self.completed.iter().filter(|(g, _)| !self.whole(**g)) {
            let Some(steps) = self.steps(*g) else { return Ok(()) };
            expected.extend(runs.iter().map(|r| ((*g, *r), steps)));
        }
        let mut file = CsvFile::open(&dir.join(PARTIAL_FILE))?;
        let mut found: Vec<((u64, u64), u64)> = Vec::new();
        while file.next_record()? {
            let key = (file.count(0)?, file.count(1)?);
            match found.last_mut() {
                Some((k, n)) if *k == key => *n += 1,
                _ => {
                    let Some(&(want, _)) = expected.get(found.len()) else {
                        return Err(file.bad_row(&format!(
                            "grid point {}, run {} is not a completed world of a grid point this shard shares",
                            key.0, key.1
                        )));
                    };
                    if want != key {
                        return Err(file.bad_row(&format!(
                            "grid point {}, run {} where grid point {}, run {} belongs",
                            key.0, key.1, want.0, want.1
                        )));
                    }
                    found.push((key, 1));
                }
            }
        }
        for (i, ((g, run), steps)) in expected.iter().enumerate() {
            let rows = found.get(i).map_or(0, |f| f.1);
            if rows != *steps {
                return Err(SweepError::bad(format!(
                    "'{}' holds {rows} rows of grid point {g}, run {run}, a completed world of {steps} steps",
                    file.path().display()
                )));
            }
        }
        Ok(())
    }
}

/// The rows of `sweep_series` checked one by one against the expected (grid point, steps,
/// runs) in order.
struct SeriesRows {
    expected: Vec<(u64, u64, u64)>,
    at: usize,
    step: u64,
}

impl SeriesRows {
    fn new(expected: Vec<(u64, u64, u64)>) -> SeriesRows {
        SeriesRows { expected, at: 0, step: 0 }
    }

    /// Moves past the expected grid points whose steps have all been seen.
    fn advance(&mut self) {
        while let Some(&(_, steps, _)) = self.expected.get(self.at)
            && self.step == steps
        {
            self.at += 1;
            self.step = 0;
        }
    }

    fn next(&mut self, (g, step, runs): (u64, u64, u64)) -> Result<(), String> {
        self.advance();
        let Some(&(eg, steps, eruns)) = self.expected.get(self.at) else {
            return Err(format!("grid point {g}, step {step}: a row after the last step of the shard's grid points"));
        };
        if g != eg {
            let missing = if self.step > 0 {
                format!(" ({} of its {steps} steps are missing)", steps - self.step)
            } else {
                String::new()
            };
            return Err(format!("grid point {g} where grid point {eg} belongs{missing}"));
        }
        if step != self.step {
            return Err(format!("step {step} where step {} of grid point {g} belongs", self.step));
        }
        if runs != eruns {
            return Err(format!("runs {runs}, but grid point {g} has {eruns} completed runs in sweep_runs"));
        }
        self.step += 1;
        Ok(())
    }

    fn end(&mut self) -> Result<(), String> {
        self.advance();
        match self.expected.get(self.at) {
            None => Ok(()),
            Some(&(g, steps, _)) if self.step > 0 => Err(format!(
                "it ends at step {} of grid point {g}, whose worlds run {steps} steps: rows are missing",
                self.step
            )),
            Some(&(g, ..)) => Err(format!("it ends before grid point {g}, which has completed runs: rows are missing")),
        }
    }
}
