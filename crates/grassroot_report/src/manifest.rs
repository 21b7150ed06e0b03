//! `run.json`: everything needed to know and repeat a run — parameters, seed, version, how
//! long it took and how it ended — and the size and hash of every file it wrote beside it.

use std::path::Path;

use grassroot_sim::Simulation;
use grassroot_sim::driver::Ending;
use serde::{Deserialize, Serialize};

use crate::atomic::Staged;
use crate::digest::FileDigest;
use crate::error::ReportError;
use crate::recorder::RecordOptions;

/// The layout of `run.json` and `sweep.json` that this version writes: 2 added `schema` and
/// `files` (the size and hash of every output). A manifest of a larger schema comes from a
/// newer grassroot, and is refused rather than misread.
pub const MANIFEST_SCHEMA: u32 = 2;

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Outcome {
    /// Every step ran.
    Completed,
    /// A step failed (e.g. the books did not balance); outputs hold the steps before it and
    /// the failing one.
    Failed {
        /// The error.
        error: String,
    },
    /// Stopped by the user (Ctrl-C) at a step boundary; outputs hold the steps computed.
    Interrupted,
}

/// The contents of `run.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The program that wrote it.
    pub program: String,
    /// The manifest's layout ([`MANIFEST_SCHEMA`]; 0 when read from a manifest older than the
    /// field).
    #[serde(default)]
    pub schema: u32,
    /// Its version.
    pub version: String,
    /// The scenario that ran.
    pub scenario: String,
    /// The seed.
    pub seed: u64,
    /// Steps asked for.
    pub steps_requested: u64,
    /// Steps computed.
    pub steps_completed: u64,
    /// How the run ended.
    pub outcome: Outcome,
    /// Wall-clock seconds.
    pub wall_seconds: f64,
    /// Transactions logged.
    pub transactions: u64,
    /// The files written beside the manifest, with their sizes and hashes (`grassroot verify`
    /// checks them).
    #[serde(default)]
    pub files: Vec<FileDigest>,
    /// Every resolved parameter, by its environment key, as text: `--replay run.json` loads
    /// these to repeat the run.
    pub params: serde_json::Map<String, serde_json::Value>,
}

impl Outcome {
    /// How a driven run of `sim` ended: a run that stopped short of its `TOTAL_STEPS` without a
    /// fault (stopped, or repeated for the steps an interrupted run computed) is `interrupted`.
    pub fn of_run(sim: &Simulation, ending: &Ending) -> Outcome {
        match ending {
            Ending::Failed(e) => Outcome::Failed { error: e.to_string() },
            Ending::Completed if sim.next_step() >= sim.params().total_steps => Outcome::Completed,
            Ending::Completed | Ending::Interrupted => Outcome::Interrupted,
        }
    }
}

/// What a run computed, besides its outcome, as its manifest records it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    /// Steps computed.
    pub steps: u64,
    /// Transactions logged.
    pub transactions: u64,
    /// Wall-clock seconds.
    pub wall_seconds: f64,
}

impl Manifest {
    /// The manifest of a run of `sim` recorded with `options` (scenario and parameters), the
    /// `files` beside it: the one place a `run.json` is put together, with files or without.
    pub fn of_run(
        sim: &Simulation,
        options: &RecordOptions,
        tally: Tally,
        outcome: Outcome,
        files: Vec<FileDigest>,
    ) -> Manifest {
        Manifest {
            program: "grassroot".to_owned(),
            schema: MANIFEST_SCHEMA,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            scenario: options.scenario.clone(),
            seed: sim.params().seed,
            steps_requested: sim.params().total_steps,
            steps_completed: tally.steps,
            outcome,
            wall_seconds: tally.wall_seconds,
            transactions: tally.transactions,
            files,
            params: options.params.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect(),
        }
    }

    /// Writes the manifest as pretty JSON, atomically.
    pub fn write(&self, path: &Path) -> Result<(), ReportError> {
        self.stage(path)?.persist().map(drop)
    }

    /// Writes the manifest as pretty JSON beside `path`, to be renamed into place later.
    pub fn stage(&self, path: &Path) -> Result<Staged, ReportError> {
        Staged::write(path, &self.to_bytes(path)?)
    }

    /// The manifest as pretty JSON with a final line break (`path` names it in errors).
    pub fn to_bytes(&self, path: &Path) -> Result<Vec<u8>, ReportError> {
        let mut text = serde_json::to_vec_pretty(self)
            .map_err(|e| ReportError::io(path, "serialise", std::io::Error::other(e)))?;
        text.push(b'\n');
        Ok(text)
    }

    /// Reads a manifest; one of a newer grassroot ([`MANIFEST_SCHEMA`]) is refused. The
    /// schema is read first, so a newer layout is named as such rather than as a parse error.
    pub fn read(path: &Path) -> Result<Manifest, ReportError> {
        let text = std::fs::read(path).map_err(|e| ReportError::io(path, "read", e))?;
        let parse = |e: serde_json::Error| ReportError::io(path, "parse", std::io::Error::other(e));
        check_schema(path, schema_of(&text).map_err(parse)?)?;
        serde_json::from_slice(&text).map_err(parse)
    }

    /// The names of the files written, the manifest last.
    pub fn output_names(&self) -> Vec<String> {
        self.files.iter().map(|f| f.name.clone()).chain([crate::files::MANIFEST.to_owned()]).collect()
    }

    /// The parameters as (key, value) pairs.
    pub fn param_pairs(&self) -> Vec<(String, String)> {
        self.params.iter().map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned))).collect()
    }
}

/// The one field of a manifest read before the others.
#[derive(Deserialize)]
struct SchemaOnly {
    #[serde(default)]
    schema: u32,
}

/// The `schema` of a manifest's text (`run.json` or `sweep.json`; 0 when it has none), read
/// alone before the rest, so that a newer layout is refused by [`check_schema`] as such rather
/// than reported as a parse error.
pub fn schema_of(text: &[u8]) -> serde_json::Result<u32> {
    serde_json::from_slice::<SchemaOnly>(text).map(|s| s.schema)
}

/// Refuses a manifest written by a newer grassroot, whose layout this one may misread.
pub fn check_schema(path: &Path, schema: u32) -> Result<(), ReportError> {
    if schema > MANIFEST_SCHEMA {
        return Err(ReportError::Manifest {
            path: path.to_owned(),
            message: format!(
                "it was written by a newer grassroot (manifest schema {schema}; this grassroot {} reads up to {MANIFEST_SCHEMA})",
                env!("CARGO_PKG_VERSION")
            ),
            fix: "use the grassroot that wrote it, or a newer one".to_owned(),
        });
    }
    Ok(())
}
