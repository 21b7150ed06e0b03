//! What a run writes and where: [`OutputOptions`] (`OUTPUT_DIR`, `OUTPUT_FORMAT`, `PLOT`), read
//! from the same settings as the engine's [`crate::Params`] but apart from them: the engine
//! knows no path and no output format; the programs and the report layer read these.

use std::path::PathBuf;

use crate::choice::Choice;
use crate::error::ConfigError;
use crate::keys;
use crate::settings::Settings;

/// Which formats a run, sweep or merge writes its tables in (`OUTPUT_FORMAT`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// CSV only (the default).
    #[default]
    Csv,
    /// Parquet only.
    Parquet,
    /// Every table as CSV and as Parquet.
    Both,
}

impl Choice for OutputFormat {
    const NAMES: &'static [(&'static str, Self)] =
        &[("csv", OutputFormat::Csv), ("parquet", OutputFormat::Parquet), ("both", OutputFormat::Both)];
}

impl OutputFormat {
    /// True if CSV files are written.
    pub const fn csv(self) -> bool {
        matches!(self, OutputFormat::Csv | OutputFormat::Both)
    }

    /// True if Parquet files are written.
    pub const fn parquet(self) -> bool {
        matches!(self, OutputFormat::Parquet | OutputFormat::Both)
    }
}

impl std::fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for OutputFormat {
    /// Its name, as `OUTPUT_FORMAT` takes it (a sweep's manifest records it so).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for OutputFormat {
    /// One of its names.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <String as serde::Deserialize>::deserialize(deserializer)?;
        OutputFormat::from_name(&name).ok_or_else(|| {
            let allowed = OutputFormat::names().collect::<Vec<_>>().join(", ");
            serde::de::Error::custom(format!("unknown output format {name:?}: allowed {allowed}"))
        })
    }
}

/// The output options of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputOptions {
    /// Where outputs go (`OUTPUT_DIR`).
    pub dir: PathBuf,
    /// The formats of the tables (`OUTPUT_FORMAT`: csv, parquet or both).
    pub format: OutputFormat,
    /// Write `simulation_results.png` (`PLOT`, on by default).
    pub plot: bool,
}

impl OutputOptions {
    /// The output options of validated settings.
    ///
    /// ```
    /// use grassroot_config::{OutputFormat, Schema, Settings};
    ///
    /// let outputs = Settings::defaults(&Schema::seed())?.outputs()?;
    /// assert_eq!((outputs.dir.to_str(), outputs.format, outputs.plot), (Some("output"), OutputFormat::Csv, true));
    /// # Ok::<(), grassroot_config::ConfigError>(())
    /// ```
    pub fn from_settings(s: &Settings) -> Result<OutputOptions, ConfigError> {
        Ok(OutputOptions {
            dir: s.get_path(keys::OUTPUT_DIR)?.to_path_buf(),
            format: s.choice(keys::OUTPUT_FORMAT)?,
            plot: s.get_bool(keys::PLOT)?,
        })
    }
}

impl Settings {
    /// The output options; see [`OutputOptions::from_settings`].
    pub fn outputs(&self) -> Result<OutputOptions, ConfigError> {
        OutputOptions::from_settings(self)
    }
}
