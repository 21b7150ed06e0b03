//! `run.json`: everything needed to know and repeat a run — parameters, seed, version, how
//! long it took and how it ended.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::atomic::Staged;
use crate::error::ReportError;

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
    /// Files written, relative to the output folder.
    pub outputs: Vec<String>,
    /// Every resolved parameter, by its environment key, as text: `--replay run.json` loads
    /// these to repeat the run.
    pub params: serde_json::Map<String, serde_json::Value>,
}

impl Manifest {
    /// Writes the manifest as pretty JSON, atomically.
    pub fn write(&self, path: &Path) -> Result<(), ReportError> {
        self.stage(path)?.persist().map(drop)
    }

    /// Writes the manifest as pretty JSON beside `path`, to be renamed into place later.
    pub fn stage(&self, path: &Path) -> Result<Staged, ReportError> {
        let mut text = serde_json::to_vec_pretty(self)
            .map_err(|e| ReportError::io(path, "serialise", std::io::Error::other(e)))?;
        text.push(b'\n');
        Staged::write(path, &text)
    }

    /// Reads a manifest.
    pub fn read(path: &Path) -> Result<Manifest, ReportError> {
        let text = std::fs::read(path).map_err(|e| ReportError::io(path, "read", e))?;
        serde_json::from_slice(&text).map_err(|e| ReportError::io(path, "parse", std::io::Error::other(e)))
    }

    /// The parameters as (key, value) pairs.
    pub fn param_pairs(&self) -> Vec<(String, String)> {
        self.params.iter().map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned))).collect()
    }
}
