//! [`Sweep`]: the builder that runs a grid of worlds and writes the sweep's files.

use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use grassroot_config::{ConfigError, Origin, OutputFormat, Schema, Settings, keys};
use grassroot_report::OutputFolder;
use grassroot_report::manifest::MANIFEST_SCHEMA;
use grassroot_sim::Simulation;

use crate::error::SweepError;
use crate::exec::{Execution, execute};
use crate::grid::Grid;
use crate::layers::swept_key_warnings;
use crate::manifest::{AxisInfo, FailureInfo, GridInfo, SEED_RULE, ShardInfo, SweepManifest};
use crate::output::{ALL_FILES, publish};
use crate::output::{Outputs, SweepTables, Tables};
use crate::progress::{OnProgress, Progress};
use crate::rerun::rerun_command;
use crate::seed::world_seed;
use crate::shard::Shard;
use crate::spec::SweepSpec;
use crate::world::WorldId;

/// The series metrics written when none are chosen.
pub const DEFAULT_SERIES: [&str; 4] = ["price", "pool_ddt", "pool_xdai", "pie_ddt"];

/// Sweeps larger than this many worlds need [`Sweep::yes`] (`--yes`).
pub const MAX_WORLDS_WITHOUT_YES: u64 = 1_000_000;

/// The most runs (worlds) per grid point: a grid point's statistics keep a flag, and at each
/// step a value, per run, so more would not fit in memory (`--yes` does not lift it).
pub const MAX_RUNS: u64 = 1_000_000;

/// The most worlds run at once (`--jobs`): each is a thread with a world in memory.
pub const MAX_JOBS: usize = 1024;

/// Keys every world of a sweep sets, whatever the base says: no transaction log, no plot, the
/// books checked after every step.
pub const WORLD_OVERRIDES: [(&str, &str); 3] = [("TX_LOG", "false"), ("PLOT", "false"), ("CHECK_BOOKS", "true")];

/// A parameter sweep: a grid of parameter values, Monte Carlo runs at each grid point, and the
/// files that summarise them.
///
/// ```no_run
/// use grassroot_config::{Schema, Settings};
/// use grassroot_sim::{SeedScenario, Simulation};
/// use grassroot_sweep::{Grid, Sweep};
///
/// let grid = Grid::new().vary("fee_rate", ["0.001", "0.003", "0.01"]);
/// let base = Settings::from_pairs(&Schema::seed(), [("TOTAL_STEPS", "300")])?;
/// let report = Sweep::new(grid).base(base).runs(32).jobs(2).out("sweep-out").run(|s: &Settings| -> Result<Simulation, String> {
///     let params = s.params().map_err(|e| e.to_string())?;
///     Simulation::builder(&params).with_plugin(SeedScenario::new(&params)).build().map_err(|e| e.to_string())
/// })?;
/// assert_eq!(report.manifest.worlds_completed, 96);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Sweep {
    grid: Grid,
    runs: u64,
    seed: Option<u64>,
    base: Option<Settings>,
    jobs: Option<usize>,
    out: Option<PathBuf>,
    series: Vec<String>,
    shard: Option<Shard>,
    yes: bool,
    progress: Option<OnProgress>,
    stop: Option<Arc<AtomicBool>>,
    scenario: String,
    rerun: String,
    format: Option<OutputFormat>,
    files: bool,
    in_memory: bool,
}

/// What a finished sweep wrote.
#[derive(Clone, Debug)]
pub struct SweepReport {
    /// The contents of `sweep.json`.
    pub manifest: SweepManifest,
    /// The output folder.
    pub dir: PathBuf,
    /// Files written (none without files: [`Sweep::files`]).
    pub files: Vec<PathBuf>,
    /// The tables in memory, when asked for ([`Sweep::in_memory`]).
    pub tables: Option<SweepTables>,
    /// Wall time.
    pub wall: Duration,
}

/// Everything a sweep needs once its inputs are checked.
struct Plan {
    rerun: String,
    /// The base settings with [`WORLD_OVERRIDES`] applied: every world starts from these.
    base: Settings,
    schema: Schema,
    grid: Grid,
    runs: u64,
    base_seed: u64,
    base_pairs: Vec<(String, String)>,
    worlds: u64,
    shard: Option<Shard>,
    jobs: usize,
    series: Vec<String>,
    out: PathBuf,
    format: OutputFormat,
}

impl Sweep {
    /// A sweep over `grid`: one run per grid point, the seed scenario's defaults as the base,
    /// every core, outputs in the base's `OUTPUT_DIR`.
    pub fn new(grid: Grid) -> Sweep {
        Sweep {
            grid,
            runs: 1,
            seed: None,
            base: None,
            jobs: None,
            out: None,
            series: DEFAULT_SERIES.iter().map(|s| (*s).to_owned()).collect(),
            shard: None,
            yes: false,
            progress: None,
            stop: None,
            scenario: "seed".to_owned(),
            rerun: "grassroot run".to_owned(),
            format: None,
            files: true,
            in_memory: false,
        }
    }

    /// A sweep as a `[sweep]` table describes it, over `base` settings: the table's `seed`
    /// is the base seed unless `SEED` was set by `.env`, the environment, a flag or a Python
    /// argument (see
    /// [`SweepSpec::base_seed`]).
    pub fn from_spec(spec: &SweepSpec, base: Settings) -> Sweep {
        let seed = spec.base_seed(&base);
        Sweep::new(spec.grid.clone()).runs(spec.runs).seed(seed).base(base)
    }

    /// Worlds (seeds) per grid point (at least 1).
    #[must_use]
    pub fn runs(mut self, runs: u64) -> Sweep {
        self.runs = runs;
        self
    }

    /// The base seed (default: the base settings' `SEED`).
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Sweep {
        self.seed = Some(seed);
        self
    }

    /// The parameters of every world, before the grid's values are applied (default: the
    /// seed scenario's defaults). Their schema is the one the grid is checked against. A varied
    /// key whose base value came from a flag or an environment variable is refused when the
    /// sweep runs (see [`crate::swept_key_warnings`]).
    #[must_use]
    pub fn base(mut self, base: Settings) -> Sweep {
        self.base = Some(base);
        self
    }

    /// Worlds run at once (default: every core).
    #[must_use]
    pub fn jobs(mut self, jobs: usize) -> Sweep {
        self.jobs = Some(jobs);
        self
    }

    /// The output folder (default: the base's `OUTPUT_DIR`).
    #[must_use]
    pub fn out(mut self, dir: impl Into<PathBuf>) -> Sweep {
        self.out = Some(dir.into());
        self
    }

    /// The metric columns summarised in `sweep_series.csv` (default [`DEFAULT_SERIES`]).
    #[must_use]
    pub fn series<I, S>(mut self, names: I) -> Sweep
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.series = names.into_iter().map(Into::into).collect();
        self
    }

    /// The formats of the tables (default: the base's `OUTPUT_FORMAT`, CSV without one).
    #[must_use]
    pub fn output_format(mut self, format: OutputFormat) -> Sweep {
        self.format = Some(format);
        self
    }

    /// Writes the files (the default); without them the sweep claims no folder and writes
    /// nothing, and its tables are those kept [`Sweep::in_memory`].
    #[must_use]
    pub fn files(mut self, files: bool) -> Sweep {
        self.files = files;
        self
    }

    /// Also keeps `sweep_runs` and `sweep_series` in memory as Arrow batches
    /// ([`SweepReport::tables`]), the Parquet files' schemas.
    #[must_use]
    pub fn in_memory(mut self, keep: bool) -> Sweep {
        self.in_memory = keep;
        self
    }

    /// Runs only this slice of the worlds and writes partial outputs for `merge`.
    #[must_use]
    pub fn shard(mut self, shard: Shard) -> Sweep {
        self.shard = Some(shard);
        self
    }

    /// Allows more than [`MAX_WORLDS_WITHOUT_YES`] worlds.
    #[must_use]
    pub fn yes(mut self, yes: bool) -> Sweep {
        self.yes = yes;
        self
    }

    /// Calls `report` with how far the sweep has come: once before the first world, then
    /// after every world written, on the thread that calls [`Sweep::run`] (see
    /// [`Progress`]). The library draws nothing itself.
    #[must_use]
    pub fn on_progress(mut self, report: impl Fn(Progress) + Send + Sync + 'static) -> Sweep {
        self.progress = Some(OnProgress(Arc::new(report)));
        self
    }

    /// Stops (writing nothing) when the flag is set, e.g. by Ctrl-C.
    #[must_use]
    pub fn stop(mut self, flag: Arc<AtomicBool>) -> Sweep {
        self.stop = Some(flag);
        self
    }

    /// The scenario's name, as recorded in `sweep.json` and the figure.
    #[must_use]
    pub fn scenario(mut self, name: impl Into<String>) -> Sweep {
        self.scenario = name.into();
        self
    }

    /// The command that runs one world alone, before its `--seed` and `--set` flags, as shown
    /// for failed worlds (default `grassroot run`; e.g. `grassroot run --scenario datadao`).
    #[must_use]
    pub fn rerun_with(mut self, command: impl Into<String>) -> Sweep {
        self.rerun = command.into();
        self
    }

    /// Checks the inputs; writes nothing.
    fn plan(&self) -> Result<Plan, SweepError> {
        let base = match &self.base {
            Some(b) => b.clone(),
            None => Settings::defaults(&Schema::seed())?,
        };
        let schema = base.schema().clone();
        let grid = self.grid.check(&schema)?;
        swept_key_warnings(&grid, &base)?;
        if self.runs == 0 {
            return Err(SweepError::bad("runs = 0: every grid point needs at least one run").with_fix("e.g. runs = 8"));
        }
        if self.runs > MAX_RUNS {
            return Err(SweepError::bad(format!(
                "runs = {} is more than the {} runs a grid point may have (its statistics keep every run's value \
                 of each step)",
                group(u128::from(self.runs)),
                group(u128::from(MAX_RUNS))
            ))
            .with_fix(format!("use at most {MAX_RUNS} runs, or split the seeds over several sweeps with seed")));
        }
        let points = grid.points();
        let worlds = points.checked_mul(u128::from(self.runs)).and_then(|w| u64::try_from(w).ok());
        let limit = if self.yes { u64::MAX } else { MAX_WORLDS_WITHOUT_YES };
        let too_many = || {
            SweepError::bad(format!(
                "the sweep has {} worlds ({} grid points x {} runs), more than {}",
                group(points.saturating_mul(u128::from(self.runs))),
                group(points),
                group(u128::from(self.runs)),
                group(u128::from(limit)),
            ))
        };
        let worlds = match worlds {
            Some(w) if w <= limit => w,
            Some(_) => {
                return Err(
                    too_many().with_fix("pass --yes if you mean it, or use fewer values, runs or a larger step")
                );
            }
            None => return Err(too_many().with_fix("use fewer values or runs")),
        };
        let jobs = match self.jobs {
            Some(0) => {
                return Err(SweepError::bad("--jobs 0: at least one world must run at a time")
                    .with_fix("omit --jobs to use every core, or give a number >= 1"));
            }
            Some(n) if n > MAX_JOBS => {
                return Err(SweepError::bad(format!(
                    "--jobs {n} is more than the {MAX_JOBS} worlds that may run at once (each is a thread with a \
                     world in memory)"
                ))
                .with_fix("omit --jobs to use every core, or give a number up to the machine's cores"));
            }
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, usize::from),
        };
        if self.series.is_empty() {
            return Err(
                SweepError::bad("--series is empty").with_fix(format!("e.g. --series {}", DEFAULT_SERIES.join(",")))
            );
        }
        for (i, name) in self.series.iter().enumerate() {
            if name.is_empty() || name.contains([',', '"', '\n']) || self.series[..i].contains(name) {
                return Err(SweepError::bad(format!("--series {name:?} is empty, repeated or holds a comma or quote"))
                    .with_fix(format!("name each metric column once, e.g. --series {}", DEFAULT_SERIES.join(","))));
            }
        }
        let out = match &self.out {
            Some(o) => o.clone(),
            None => base.get_path("OUTPUT_DIR").map(Path::to_owned).unwrap_or_else(|_| PathBuf::from("output")),
        };
        let base_seed = match self.seed {
            Some(s) => s,
            None => base.get_u64("SEED").unwrap_or(0),
        };
        let format =
            self.format.unwrap_or_else(|| base.choice::<OutputFormat>(keys::OUTPUT_FORMAT).unwrap_or_default());
        let fixed = WORLD_OVERRIDES.iter().filter(|(k, _)| schema.spec(k).is_some());
        let base = base.with_values(fixed.map(|&(k, v)| (k, v, Origin::SweepFixed)))?;
        let base_pairs = base.to_pairs();
        Ok(Plan {
            rerun: self.rerun.clone(),
            base,
            schema,
            grid,
            runs: self.runs,
            base_seed,
            base_pairs,
            worlds,
            shard: self.shard,
            jobs,
            series: self.series.clone(),
            out,
            format,
        })
    }

    /// Runs every world of the sweep (or of its shard) with simulations from `factory`, and
    /// writes `sweep_runs` and `sweep_series` (`.csv`, `.parquet` or both, as
    /// [`Sweep::output_format`] says), `sweep_results.png` (not for a shard) and `sweep.json` in
    /// the output folder.
    ///
    /// `factory` builds a world from its resolved settings (base, grid point values, derived
    /// `SEED`); it is called on this thread, and the worlds run on `jobs` threads. It is also
    /// called once with the base settings before the sweep starts, to check that the series
    /// metrics are columns of the world. Bad input is
    /// reported before anything is written. A world that fails (its build, a fault such as
    /// books that do not balance, a panic) is recorded with its parameters and seed, and the
    /// other worlds go on: check [`SweepManifest::worlds_failed`].
    pub fn run<F, E>(&self, mut factory: F) -> Result<SweepReport, SweepError>
    where
        F: FnMut(&Settings) -> Result<Simulation, E>,
        E: Display,
    {
        let started = Instant::now();
        let plan = self.plan()?;
        if let Ok(probe) = factory(&plan.base) {
            check_series(&probe, &plan.series)?;
        }
        let range = plan.shard.unwrap_or(Shard::whole()).worlds(plan.worlds);
        let folder = if self.files {
            Some(OutputFolder::claim(&plan.out, &ALL_FILES).map_err(SweepError::from_folder)?)
        } else {
            None
        };
        let sharded = plan.shard.is_some();
        let outputs = Outputs { files: self.files.then_some(plan.format), memory: self.in_memory };
        let mut tables = Tables::create(
            folder.as_ref().map(OutputFolder::dir),
            &plan.grid,
            plan.runs,
            range.clone(),
            (&plan.series, sharded),
            outputs,
        )?;
        let identify = |w: u64| {
            let (g, r) = (w / plan.runs, w % plan.runs);
            WorldId { world: w, grid_point: g, run: r, seed: world_seed(plan.base_seed, g, r) }
        };
        // Every value keeps its typed origin (the base's layer, the grid, the derived seed), so
        // a failed world's message says where each value came from as it stands.
        let mut build = |id: WorldId| -> Result<Simulation, String> {
            let settings = world_settings(&plan, id).map_err(|e| e.to_string())?;
            factory(&settings).map_err(|e| e.to_string())
        };
        let steps = plan.base_pairs.iter().find(|(k, _)| k == "TOTAL_STEPS").and_then(|(_, v)| v.parse::<u64>().ok());
        let exec = Execution {
            worlds: range.clone(),
            jobs: plan.jobs,
            series: &plan.series,
            values_per_world: steps.unwrap_or(1000).saturating_mul(plan.series.len() as u64),
            progress: self.progress.as_ref(),
            stop: self.stop.as_deref(),
        };
        execute(&exec, &identify, &mut build, &mut |r| tables.accept(r))?;
        let (completed, failed) = (tables.completed, tables.failed);
        let failures: Vec<FailureInfo> =
            tables.failures.iter().map(|(id, error)| failure_info(&plan, *id, error)).collect();
        for f in &failures {
            tracing::debug!(world = f.world, seed = f.seed, "world failed: {}; re-run: {}", f.error, f.rerun);
        }
        let in_memory = tables.take_memory()?;
        let staged = tables.stage()?;
        let mut manifest = SweepManifest {
            program: "grassroot".to_owned(),
            schema: MANIFEST_SCHEMA,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            scenario: self.scenario.clone(),
            grid: grid_info(&plan.grid, plan.runs, plan.worlds),
            base_seed: plan.base_seed,
            seed_rule: SEED_RULE.to_owned(),
            output_format: plan.format,
            series: plan.series.clone(),
            base_params: plan
                .base_pairs
                .iter()
                .filter(|(k, _)| {
                    !["SEED", "OUTPUT_DIR", "OUTPUT_FORMAT"].contains(&k.as_str()) && !plan.grid.keys().any(|g| g == k)
                })
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect(),
            shard: plan.shard.map(|s| ShardInfo {
                index: s.index(),
                count: s.count(),
                first_world: range.start,
                end_world: range.end,
            }),
            merged_from: Vec::new(),
            worlds_completed: completed,
            worlds_failed: failed,
            failures,
            files: Vec::new(),
            jobs: Some(plan.jobs),
            wall_seconds: started.elapsed().as_secs_f64(),
        };
        let files = match folder {
            Some(folder) => publish(folder, staged, &mut manifest, plan.shard.is_none())?,
            None => Vec::new(),
        };
        Ok(SweepReport { manifest, dir: plan.out, files, tables: in_memory, wall: started.elapsed() })
    }
}

impl SweepSpec {
    /// The base seed of a sweep over `base`: `[sweep] seed` when given, unless `SEED` comes
    /// from a layer above the TOML file (`.env`, the environment, a flag such as `--seed`, the
    /// Python package's `seed=`); otherwise `SEED` as resolved (42 by default).
    pub fn base_seed(&self, base: &Settings) -> u64 {
        let from_above = matches!(
            base.origin("SEED"),
            Some(Origin::Dotenv { .. } | Origin::Env { .. } | Origin::Flag { .. } | Origin::Python { .. })
        );
        match self.seed {
            Some(seed) if !from_above => seed,
            _ => base.get_u64("SEED").unwrap_or(0),
        }
    }
}

/// The settings of world `id`: the base, its grid point's values ([`Origin::SweepGrid`]) and
/// its seed ([`Origin::DerivedSeed`]), validated like any layer.
fn world_settings(plan: &Plan, id: WorldId) -> Result<Settings, ConfigError> {
    let point = plan.grid.point(id.grid_point).into_iter().map(|(k, v)| (k, v.to_owned(), Origin::SweepGrid));
    plan.base.with_values(point.chain([("SEED", id.seed.to_string(), Origin::DerivedSeed)]))
}

/// The settings of world `id` as `(KEY, text)` pairs, for its re-run command (also when they
/// do not validate): the base, its grid point's values and its seed.
fn world_pairs(plan: &Plan, id: WorldId) -> Vec<(String, String)> {
    let mut pairs = plan.base_pairs.clone();
    for (key, value) in plan.grid.point(id.grid_point) {
        match pairs.iter_mut().find(|(k, _)| k == key) {
            Some(pair) => value.clone_into(&mut pair.1),
            None => pairs.push((key.to_owned(), value.to_owned())),
        }
    }
    match pairs.iter_mut().find(|(k, _)| k == "SEED") {
        Some(pair) => pair.1 = id.seed.to_string(),
        None => pairs.push(("SEED".to_owned(), id.seed.to_string())),
    }
    pairs
}

/// Fails unless every series metric is a column of `sim`.
fn check_series(sim: &Simulation, series: &[String]) -> Result<(), SweepError> {
    let names = sim.metrics().names();
    for name in series {
        if !names.contains(name) {
            let near = grassroot_config::nearest(name, names.iter().map(String::as_str)).filter(|(_, d)| *d <= 3);
            let hint = near.map(|(n, _)| format!("did you mean {n}? ")).unwrap_or_default();
            return Err(SweepError::bad(format!("--series {name} is not a metric column of this scenario"))
                .with_fix(format!("{hint}the columns are: {}", names.join(", "))));
        }
    }
    Ok(())
}

/// The grid as `sweep.json` records it.
pub(crate) fn grid_info(grid: &Grid, runs: u64, worlds: u64) -> GridInfo {
    GridInfo {
        axes: grid
            .axes()
            .iter()
            .map(|a| AxisInfo {
                key: a.key().to_ascii_lowercase(),
                values: a.values().to_vec(),
                decimal: a.is_decimal(),
            })
            .collect(),
        grid_points: u64::try_from(grid.points()).unwrap_or(u64::MAX),
        runs,
        worlds,
    }
}

fn failure_info(plan: &Plan, id: WorldId, error: &str) -> FailureInfo {
    let params = plan
        .grid
        .point(id.grid_point)
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), serde_json::Value::String(v.to_owned())))
        .collect();
    FailureInfo {
        world: id.world,
        grid_point: id.grid_point,
        run: id.run,
        seed: id.seed,
        params,
        error: error.to_owned(),
        rerun: rerun_command(&plan.rerun, &plan.schema, &world_pairs(plan, id), id.seed),
    }
}

/// `n` with thousands separators.
fn group(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
