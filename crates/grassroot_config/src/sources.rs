//! `Sources` (what the caller hands in) and [`load`]: read each layer, check its keys, merge the
//! layers with the `config` crate and validate the result into [`Settings`]. Every value is
//! read with its typed [`Origin`] (file and line, variable, flag), which stays with it through
//! the merge into [`Settings`] and every error message.
//!
//! The TOML file is read and parsed once, by [`TomlFile::read`]; [`load_with_file`] also hands
//! the parsed file back, so that the sweep takes its `[sweep]` table from it.
//!
//! Layers, lowest precedence first: schema defaults < replayed pairs < TOML file (`--config`)
//! < `.env` file < process environment < flags (`--set KEY=VALUE`, `--steps`, ...) < the
//! Python package's arguments (which reads no `.env` and no environment, and has no flags).
//!
//! Key case: TOML files, `.env` files, flags and replayed pairs accept keys in any case; the
//! process environment is read by exact, upper-case name only.
//!
//! Unknown keys: an error with "did you mean" in the TOML file, flags and replayed pairs; in
//! `.env` only when within edit distance 2 of a known key (other lines are ignored, so a shared
//! `.env` may hold other tools' variables); in the process environment always ignored.
//!
//! Only the winning value of each key is validated: a bad value in a lower layer that a higher
//! layer overrides is not an error.

use std::path::{Path, PathBuf};

use crate::dotenv::parse_dotenv;
use crate::error::{ConfigError, ErrorKind};
use crate::merge::merge;
use crate::origin::Origin;
use crate::schema::Schema;
use crate::settings::Settings;
use crate::suggest::{nearest, suggestion_limit};
use crate::toml_file::{self, TomlFile};

/// Largest edit distance at which an unknown `.env` key is taken for a typo (an error) rather
/// than a variable meant for something else (ignored).
pub const DOTENV_TYPO_DISTANCE: usize = 2;

/// The binary's parameter layers, lowest precedence first, as every text that lists them
/// (`--help`, `env.example`, README, docs) says it.
pub const LAYERS: &str = "defaults < --replay RUN_JSON < --config FILE.toml < .env < environment variables < flags";

pub use crate::origin::SET_FLAG;

/// Everything a run's configuration is read from. Build it with struct-update syntax from
/// `Sources::default()`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    /// TOML file given with `--config`; it must exist.
    pub config_file: Option<PathBuf>,
    /// `.env` file (usually `.env` in the working directory); a missing file is fine unless
    /// [`Sources::dotenv_required`].
    pub dotenv: Option<PathBuf>,
    /// The `.env` file was named by the user (`--env-file`), so a missing one is an error.
    pub dotenv_required: bool,
    /// The process environment as `(name, value)`; only exact known key names are read.
    pub env: Vec<(String, String)>,
    /// Flag overrides, in command-line order (a later one wins). Each pair is either
    /// `(KEY, VALUE)` with the key in any case (from `--set KEY=VALUE`), `("--set", "KEY=VALUE")`,
    /// or a shorthand flag registered in the schema and its value, e.g. `("--steps", "100")`.
    pub overrides: Vec<(String, String)>,
    /// Skip a `[sweep]` table in the TOML file instead of rejecting it.
    pub allow_sweep_table: bool,
    /// Replayed settings (e.g. from a previous `run.json`), just above the defaults. Unknown
    /// keys are an error; missing keys keep their defaults.
    pub replay: Vec<(String, String)>,
    /// The `run.json` that [`Sources::replay`] was read from (`--replay`), named in origins.
    pub replay_file: Option<PathBuf>,
    /// The Python package's arguments, the top layer: `(argument, KEY, VALUE)`, e.g.
    /// `("params", "FEE_RATE", "0.01")` or `("steps", "TOTAL_STEPS", "500")`, keys in any case,
    /// a later one winning; each value's origin is [`Origin::Python`].
    pub python: Vec<(String, String, String)>,
}

impl Sources {
    /// The same sources with [`Sources::env`] set to this process's environment (variables
    /// whose name or value is not Unicode are skipped).
    #[must_use]
    pub fn with_process_env(mut self) -> Self {
        self.env =
            std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))).collect();
        self
    }
}

/// One value of one layer, its key resolved against the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Assignment {
    /// The schema's key (upper case).
    pub key: String,
    /// The key as the user wrote it.
    pub written: String,
    /// The value as text.
    pub text: String,
    /// Where it came from.
    pub origin: Origin,
}

/// Reads every layer of `sources`, merges them and validates the result.
pub fn load(schema: &Schema, sources: &Sources) -> Result<Settings, ConfigError> {
    load_with_file(schema, sources).map(|(settings, _)| settings)
}

/// [`load`], also returning the TOML file it read (if [`Sources::config_file`] is set), parsed:
/// the sweep takes its `[sweep]` table from it ([`TomlFile::sweep_table`]) instead of reading
/// the file again.
pub fn load_with_file(schema: &Schema, sources: &Sources) -> Result<(Settings, Option<TomlFile>), ConfigError> {
    let replayed = Origin::Replay { path: sources.replay_file.clone() };
    let replay = strict_layer(schema, &sources.replay, &|_| replayed.clone())?;
    let file = sources.config_file.as_deref().map(TomlFile::read).transpose()?;
    let toml = match &file {
        Some(file) => toml_file::layer(schema, file, sources.allow_sweep_table)?,
        None => Vec::new(),
    };
    let dotenv = match &sources.dotenv {
        Some(path) => dotenv_layer(schema, path, sources.dotenv_required)?,
        None => Vec::new(),
    };
    let env = env_layer(schema, &sources.env);
    let mut flags = flag_layer(schema, &sources.overrides)?;
    let python: Vec<(String, String)> = sources.python.iter().map(|(_, k, v)| (k.clone(), v.clone())).collect();
    flags.extend(strict_layer(schema, &python, &|i| Origin::Python {
        argument: sources.python.get(i).map_or_else(String::new, |(a, _, _)| a.clone()),
    })?);
    let resolved = merge(schema, &[replay, toml, dotenv, env], &flags)?;
    Ok((Settings::from_resolved(schema, resolved)?, file))
}

/// Reads a `.env` file; a missing file is an empty layer unless it is `required`.
fn dotenv_layer(schema: &Schema, path: &Path, required: bool) -> Result<Vec<Assignment>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(Vec::new()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ConfigError::new(
                ErrorKind::Io,
                format!("{} (from --env-file) does not exist", path.display()),
            )
            .with_fix("check the path given to --env-file, or leave the flag out to read ./.env if present"));
        }
        Err(e) => {
            return Err(ConfigError::new(ErrorKind::Io, format!("{} cannot be read: {e}", path.display()))
                .with_fix("make the .env file readable, or remove it"));
        }
    };
    let mut out = Vec::new();
    for entry in parse_dotenv(&text, path)? {
        let origin = Origin::Dotenv { path: path.to_owned(), line: entry.line };
        match schema.spec(&entry.key) {
            Some(spec) => out.push(Assignment { key: spec.key.clone(), written: entry.key, text: entry.value, origin }),
            None => {
                if let Some((known, d)) = nearest(&entry.key, schema.keys())
                    && d <= DOTENV_TYPO_DISTANCE
                {
                    return Err(ConfigError::new(
                        ErrorKind::UnknownKey,
                        format!("is not a known key; did you mean {known}?"),
                    )
                    .with_key(&entry.key)
                    .with_value(&entry.value)
                    .with_fix(format!("{}: rename {} to {known}", origin.how_to_change(), entry.key))
                    .with_origin(origin));
                }
            }
        }
    }
    Ok(out)
}

/// The known keys of the process environment (exact, upper-case names only).
fn env_layer(schema: &Schema, env: &[(String, String)]) -> Vec<Assignment> {
    env.iter()
        .filter(|(name, _)| schema.keys().any(|k| k == name))
        .map(|(name, value)| Assignment {
            key: name.clone(),
            written: name.clone(),
            text: value.clone(),
            origin: Origin::Env { var: name.clone() },
        })
        .collect()
}

/// Flag overrides: `(KEY, VALUE)`, `("--set", "KEY=VALUE")` or `("--flag", VALUE)`.
fn flag_layer(schema: &Schema, overrides: &[(String, String)]) -> Result<Vec<Assignment>, ConfigError> {
    let mut pairs = Vec::with_capacity(overrides.len());
    let mut flags = Vec::with_capacity(overrides.len());
    for (key, value) in overrides {
        if key == SET_FLAG {
            let Some((k, v)) = value.split_once('=') else {
                return Err(ConfigError::new(ErrorKind::Malformed, "expects KEY=VALUE")
                    .with_origin(Origin::Flag { flag: SET_FLAG.to_owned() })
                    .with_value(value)
                    .with_fix("write it as --set KEY=VALUE, e.g. --set FEE_RATE=0.003"));
            };
            pairs.push((k.trim().to_owned(), v.to_owned()));
            flags.push(SET_FLAG.to_owned());
        } else if key.starts_with("--") {
            let Some(target) = schema.flag_key(key) else {
                let known: Vec<&str> = schema.flag_aliases().iter().map(|(f, _)| f.as_str()).collect();
                let near = nearest(key, known.iter().copied()).filter(|(_, d)| *d <= 2).map(|(f, _)| f);
                let (hint, fix) = match near {
                    Some(f) => (format!("did you mean {f}? "), format!("use {f} {value}")),
                    None => (String::new(), format!("use {SET_FLAG} KEY={value}")),
                };
                return Err(ConfigError::new(
                    ErrorKind::UnknownKey,
                    format!("is not a flag that sets a key; {hint}(those are {SET_FLAG}, {})", known.join(", ")),
                )
                .with_origin(Origin::Flag { flag: key.clone() })
                .with_value(value)
                .with_fix(fix));
            };
            pairs.push((target.to_owned(), value.clone()));
            flags.push(key.clone());
        } else {
            pairs.push((key.clone(), value.clone()));
            flags.push(SET_FLAG.to_owned());
        }
    }
    strict_layer(schema, &pairs, &|i| Origin::Flag {
        flag: flags.get(i).cloned().unwrap_or_else(|| SET_FLAG.to_owned()),
    })
}

/// A layer where every key must be known (case-insensitive); unknown keys get a "did you mean"
/// error. `origin` is called once per pair, in order.
fn strict_layer(
    schema: &Schema,
    pairs: &[(String, String)],
    origin: &dyn Fn(usize) -> Origin,
) -> Result<Vec<Assignment>, ConfigError> {
    let mut out = Vec::with_capacity(pairs.len());
    for (i, (key, value)) in pairs.iter().enumerate() {
        let origin = origin(i);
        let Some(spec) = schema.spec(key.trim()) else {
            let near = nearest(key, schema.keys()).filter(|(_, d)| *d <= suggestion_limit(key));
            let shown = key.to_ascii_uppercase();
            let (problem, fix) = match near {
                Some((known, _)) => (
                    format!("is not a known key; did you mean {known}?"),
                    match &origin {
                        Origin::Flag { .. } => format!("use --set {known}={value}"),
                        _ => format!("{}: rename {key} to {known}", origin.how_to_change()),
                    },
                ),
                None => (
                    "is not a known key".to_owned(),
                    format!("{}: env.example lists every key", origin.how_to_change()),
                ),
            };
            return Err(ConfigError::new(ErrorKind::UnknownKey, problem)
                .with_key(shown)
                .with_value(value)
                .with_origin(origin)
                .with_fix(fix));
        };
        out.push(Assignment { key: spec.key.clone(), written: key.clone(), text: value.clone(), origin });
    }
    Ok(out)
}
