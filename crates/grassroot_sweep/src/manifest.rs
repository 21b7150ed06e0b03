//! `sweep.json`: what a sweep (or one shard of it) was — grid, base parameters, seeds, series —
//! and how it went: worlds completed and failed, the first failures, wall time.
//!
//! A merged `sweep.json` equals the one an unsharded run writes except in `wall_seconds` (the
//! sum of the shards' wall times), `jobs` (`null`) and `merged_from` (the shard folders).

use std::path::Path;

use serde::{Deserialize, Serialize};

use grassroot_config::OutputFormat;
use grassroot_report::atomic::write_atomically;
use grassroot_report::manifest::{check_schema, schema_of};
use grassroot_report::{FileDigest, ReportError};

use crate::error::SweepError;
use crate::grid::Grid;

/// The seed derivation, as recorded in `sweep.json`.
pub const SEED_RULE: &str = "world_seed = splitmix64(splitmix64(splitmix64(base_seed) ^ grid_point) ^ run) >> 1";

/// How many failed worlds `sweep.json` lists (all of them are in `sweep_runs.csv`).
pub const FAILURES_LISTED: usize = 100;

/// One varied key in `sweep.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AxisInfo {
    /// The key, lower case (as in the CSV columns and TOML).
    pub key: String,
    /// Its values, canonical text, in grid order.
    pub values: Vec<String>,
    /// True if the values are decimal numbers (written with a decimal point in the CSVs).
    pub decimal: bool,
}

/// The grid in `sweep.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridInfo {
    /// The varied keys in axis order (sorted; the last varies fastest).
    pub axes: Vec<AxisInfo>,
    /// Number of grid points.
    pub grid_points: u64,
    /// Worlds per grid point.
    pub runs: u64,
    /// Number of worlds (`grid_points * runs`).
    pub worlds: u64,
}

impl GridInfo {
    /// The grid these axes describe (values as recorded; already checked when written).
    pub fn to_grid(&self) -> Grid {
        self.axes.iter().fold(Grid::new(), |g, a| g.with_axis(&a.key, a.values.clone(), a.decimal))
    }
}

/// A shard's place in `sweep.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardInfo {
    /// 0-based index.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
    /// First world of the shard.
    pub first_world: u64,
    /// One past its last world.
    pub end_world: u64,
}

/// A failed world in `sweep.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureInfo {
    /// Its number.
    pub world: u64,
    /// Its grid point.
    pub grid_point: u64,
    /// Its run index.
    pub run: u64,
    /// Its seed.
    pub seed: u64,
    /// The varied keys' values at its grid point (lower-case keys).
    pub params: serde_json::Map<String, serde_json::Value>,
    /// What went wrong.
    pub error: String,
    /// A command that runs this world alone.
    pub rerun: String,
}

/// The contents of `sweep.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepManifest {
    /// The program that wrote it.
    pub program: String,
    /// The manifest's layout (`grassroot_report::manifest::MANIFEST_SCHEMA`; 0 when read from a
    /// manifest older than the field).
    #[serde(default)]
    pub schema: u32,
    /// Its version.
    pub version: String,
    /// The scenario.
    pub scenario: String,
    /// The grid.
    pub grid: GridInfo,
    /// The base seed.
    pub base_seed: u64,
    /// How world seeds are derived ([`SEED_RULE`]).
    pub seed_rule: String,
    /// The formats of the tables (`OUTPUT_FORMAT`; `csv` when read from a manifest older
    /// than the field). `merge` joins shards of one format into that format.
    #[serde(default)]
    pub output_format: OutputFormat,
    /// The metrics of `sweep_series.csv`.
    pub series: Vec<String>,
    /// Every parameter of the worlds except the varied keys' values, `SEED`, `OUTPUT_DIR` and
    /// `OUTPUT_FORMAT` (recorded as `output_format`), as text by key.
    pub base_params: serde_json::Map<String, serde_json::Value>,
    /// The shard this folder holds; `null` for a whole sweep (unsharded or merged).
    pub shard: Option<ShardInfo>,
    /// The shard folders a merge read; empty otherwise.
    pub merged_from: Vec<String>,
    /// Worlds that ran every step with balanced books.
    pub worlds_completed: u64,
    /// Worlds that failed.
    pub worlds_failed: u64,
    /// The first failed worlds (at most [`FAILURES_LISTED`], by world number).
    pub failures: Vec<FailureInfo>,
    /// The files written beside the manifest, with their sizes and hashes (`grassroot verify`
    /// and `grassroot merge` check them).
    #[serde(default)]
    pub files: Vec<FileDigest>,
    /// Worlds run at once; `null` after a merge.
    pub jobs: Option<usize>,
    /// Wall-clock seconds (summed over the shards after a merge).
    pub wall_seconds: f64,
}

impl SweepManifest {
    /// Writes the manifest as pretty JSON, atomically.
    pub fn write(&self, path: &Path) -> Result<(), SweepError> {
        write_atomically(path, &self.to_bytes(path)?)?;
        Ok(())
    }

    /// The manifest as pretty JSON with a final line break (`path` names it in errors).
    pub fn to_bytes(&self, path: &Path) -> Result<Vec<u8>, ReportError> {
        let mut text = serde_json::to_vec_pretty(self)
            .map_err(|e| ReportError::io(path, "serialise", std::io::Error::other(e)))?;
        text.push(b'\n');
        Ok(text)
    }

    /// Reads a manifest; any problem is bad input naming the file and the fix. The schema is
    /// read first, so a manifest of a newer grassroot is refused as such even when the rest of
    /// its layout is one this version cannot parse.
    pub fn read(path: &Path) -> Result<SweepManifest, SweepError> {
        let text = std::fs::read(path).map_err(|e| {
            SweepError::bad(format!("cannot read '{}': {e}", path.display()))
                .with_fix("check that the file exists and this user may read it")
        })?;
        let not_a_manifest = |e: serde_json::Error| {
            SweepError::bad(format!("'{}' is not a sweep manifest: {e}", path.display()))
                .with_fix("pass folders written by `grassroot sweep --shard I/N`")
        };
        check_schema(path, schema_of(&text).map_err(not_a_manifest)?).map_err(|e| match e {
            ReportError::Manifest { path, message, fix } => {
                SweepError::bad(format!("'{}': {message}", path.display())).with_fix(fix)
            }
            other => SweepError::bad(other.to_string()),
        })?;
        serde_json::from_slice(&text).map_err(not_a_manifest)
    }

    /// The names of the files written, the manifest last.
    pub fn output_names(&self) -> Vec<String> {
        self.files.iter().map(|f| f.name.clone()).chain([crate::table::MANIFEST_FILE.to_owned()]).collect()
    }
}
