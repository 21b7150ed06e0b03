//! Monte Carlo runs and parameter sweeps of grassroot worlds: a grid of parameter values, many
//! seeded worlds at each grid point, run in parallel, summarised in tidy tables and a figure —
//! on one machine or split into shards across a cluster and merged.
//!
//! This crate builds worlds through a factory it is handed and reads their state after each
//! step; the engine knows nothing of sweeps, and nothing here changes how a world runs.
//!
//! - [`spec`]: the `[sweep]` table of a TOML file (runs, seed, lists and ranges), taken from
//!   the file `grassroot_config` read (this crate reads no TOML).
//! - [`layers`]: a swept key that a flag, the environment, `.env` or the TOML also sets.
//! - [`grid`]: the grid and its order; [`seed`]: each world's seed; [`shard`]: `--shard I/N`.
//! - [`Sweep`]: the builder that runs a grid and writes `sweep_runs.csv`, `sweep_series.csv`,
//!   `sweep_results.png` and `sweep.json` ([`table`], [`stats`], [`figure`], [`manifest`]).
//! - [`merge()`]: joins shard folders into the files one unsharded run writes.
//! - [`rerun`]: the `grassroot run` command that repeats one world alone.
//!
//! A world's settings are its base with the grid point's values and its seed, each with its
//! typed origin (`Settings::with_values`), so a failed world's message names where every value
//! came from: the sweep grid, the world's derived seed, or the base's own layer.
//!
//! Memory is bounded by the worlds in flight (at most `2 x jobs`), finished worlds waiting for
//! an earlier one ([`REORDER_BYTES`]) and one grid point's runs x steps x series values; not by
//! the number of grid points. See docs/sweeps.md for the walk-through.
//!
//! ```no_run
//! use grassroot_config::{Schema, Settings};
//! use grassroot_sim::{SeedScenario, Simulation};
//! use grassroot_sweep::{Grid, Sweep};
//!
//! let grid = Grid::new().vary("fee_rate", ["0.001", "0.003"]).vary("agents_per_entry", ["10", "20"]);
//! let base = Settings::from_pairs(&Schema::seed(), [("TOTAL_STEPS", "200")])?;
//! let report = Sweep::new(grid).base(base).runs(8).out("sweep-out").run(|s: &Settings| -> Result<Simulation, String> {
//!     let params = s.params().map_err(|e| e.to_string())?;
//!     Simulation::builder(&params).with_plugin(SeedScenario::new(&params)).build().map_err(|e| e.to_string())
//! })?;
//! println!("{} worlds completed", report.manifest.worlds_completed);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod content;
pub mod error;
mod exec;
pub mod facets;
pub mod figure;
pub mod grid;
pub mod layers;
pub mod manifest;
pub mod merge;
mod output;
mod progress;
pub mod range;
pub mod rerun;
pub mod seed;
pub mod shard;
mod shards;
pub mod spec;
pub mod stats;
mod sweep;
pub mod table;
pub mod world;

pub use error::SweepError;
pub use exec::REORDER_BYTES;
pub use grid::{Axis, Grid};
pub use layers::{seed_warning, swept_key_warnings};
pub use manifest::SweepManifest;
pub use merge::merge;
pub use output::SweepTables;
pub use progress::Progress;
pub use rerun::rerun_command;
pub use seed::world_seed;
pub use shard::Shard;
pub use spec::{SweepSpec, expand_range, parse_sweep, read_sweep_file};
pub use sweep::{DEFAULT_SERIES, MAX_JOBS, MAX_RUNS, MAX_WORLDS_WITHOUT_YES, Sweep, SweepReport, WORLD_OVERRIDES};
pub use world::{WorldId, WorldResult};
