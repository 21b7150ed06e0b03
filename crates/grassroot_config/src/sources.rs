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
//! Key case (`key_case.rs`): TOML files, `.env` files, flags, replayed pairs and Python's
//! arguments accept keys in any case; one TOML table or Python argument naming a key twice in
//! two cases is refused; the process environment is read by exact, upper-case name only.
//!
//! Text: every layer is UTF-8. A `.env` or TOML file that is not is refused naming the line
//! and its key, a variable of the environment whose value is not is refused naming it (a known
//! key's; others are not read), never skipped for the default. A `.env` file may start with a
//! byte order mark, which is not part of its first key.
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
use crate::excerpt::excerpt;
use crate::key_case::{repeated_key_error, same_key};
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
    /// Names of the process environment's variables whose value is not UTF-8 (so not in
    /// [`Sources::env`]); a known key among them is refused.
    pub env_not_unicode: Vec<String>,
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
    /// The same sources with [`Sources::env`] set to this process's environment; a variable
    /// whose value is not Unicode goes to [`Sources::env_not_unicode`] (one whose name is not
    /// cannot be a key, and is skipped).
    #[must_use]
    pub fn with_process_env(mut self) -> Self {
        (self.env, self.env_not_unicode) = (Vec::new(), Vec::new());
        for (name, value) in std::env::vars_os() {
            let Ok(name) = name.into_string() else { continue };
            match value.into_string() {
                Ok(value) => self.env.push((name, value)),
                Err(_) => self.env_not_unicode.push(name),
            }
        }
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
    let env = env_layer(schema, &sources.env, &sources.env_not_unicode)?;
    let mut flags = flag_layer(schema, &sources.overrides)?;
    refuse_repeated_python_keys(&sources.python)?;
    let python: Vec<(String, String)> = sources.python.iter().map(|(_, k, v)| (k.clone(), v.clone())).collect();
    flags.extend(strict_layer(schema, &python, &|i| Origin::Python {
        argument: sources.python.get(i).map_or_else(String::new, |(a, _, _)| a.clone()),
    })?);
    let resolved = merge(schema, &[replay, toml, dotenv, env], &flags)?;
    Ok((Settings::from_resolved(schema, resolved)?, file))
}

/// Refuses a Python argument (`params`) that names a key twice in two cases.
fn refuse_repeated_python_keys(python: &[(String, String, String)]) -> Result<(), ConfigError> {
    for (i, (argument, key, _)) in python.iter().enumerate() {
        let earlier = python[..i].iter().find(|(a, k, _)| a == argument && k != key && same_key(k, key));
        if let Some((_, first, _)) = earlier {
            let origin = Origin::Python { argument: argument.clone() };
            return Err(repeated_key_error(first, key, &format!("the Python argument {argument}"), origin));
        }
    }
    Ok(())
}

/// The text of a file of `KEY = VALUE` lines (`.env`, TOML), which must be UTF-8: otherwise an
/// error naming the first line that is not, its key (what precedes `=`, as far as it is text)
/// and `origin(line)`.
pub(crate) fn utf8_lines(bytes: Vec<u8>, origin: &dyn Fn(usize) -> Origin) -> Result<String, ConfigError> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let bad = e.utf8_error().valid_up_to();
        let line = 1 + bytes[..bad].iter().filter(|&&b| b == b'\n').count();
        let start = bytes[..bad].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let end = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| start + i);
        let text = &bytes[start..end];
        let key = text.iter().position(|&b| b == b'=').map(|eq| String::from_utf8_lossy(&text[..eq]).trim().to_owned());
        let key = key.map(|k| k.strip_prefix("export ").map_or(k.clone(), |rest| rest.trim().to_owned()));
        let err = ConfigError::new(
            ErrorKind::Malformed,
            "is not valid UTF-8 text: grassroot reads every value as UTF-8 and takes none it would have to alter",
        )
        .with_origin(origin(line))
        .with_fix(format!("{}: rewrite the line in UTF-8 (e.g. iconv -t UTF-8)", origin(line).how_to_change()));
        match key {
            Some(key) if !key.is_empty() => err.with_key(key),
            _ => err,
        }
    })
}

/// Reads a `.env` file; a missing file is an empty layer unless it is `required`. A byte order
/// mark at its start is skipped.
fn dotenv_layer(schema: &Schema, path: &Path, required: bool) -> Result<Vec<Assignment>, ConfigError> {
    let text = match std::fs::read(path) {
        Ok(bytes) => utf8_lines(bytes, &|line| Origin::Dotenv { path: path.to_owned(), line })?,
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
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    for entry in parse_dotenv(text, path)? {
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

/// The known keys of the process environment (exact, upper-case names only); a known key
/// whose value is not UTF-8 (`not_unicode`) is refused.
fn env_layer(
    schema: &Schema,
    env: &[(String, String)],
    not_unicode: &[String],
) -> Result<Vec<Assignment>, ConfigError> {
    if let Some(name) = not_unicode.iter().find(|name| schema.keys().any(|k| k == name.as_str())) {
        let origin = Origin::Env { var: name.clone() };
        return Err(ConfigError::new(
            ErrorKind::Malformed,
            "is not valid UTF-8 text: grassroot reads every value as UTF-8 and takes none it would have to alter",
        )
        .with_key(name.as_str())
        .with_fix(format!("{}: set it to UTF-8 text, or unset it", origin.how_to_change()))
        .with_origin(origin));
    }
    Ok(env
        .iter()
        .filter(|(name, _)| schema.keys().any(|k| k == name))
        .map(|(name, value)| Assignment {
            key: name.clone(),
            written: name.clone(),
            text: value.clone(),
            origin: Origin::Env { var: name.clone() },
        })
        .collect())
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
            let shown = excerpt(&key.to_ascii_uppercase());
            let (problem, fix) = match near {
                Some((known, _)) => (
                    format!("is not a known key; did you mean {known}?"),
                    match &origin {
                        Origin::Flag { .. } => format!("use --set {known}={}", excerpt(value)),
                        _ => format!("{}: rename {} to {known}", origin.how_to_change(), excerpt(key)),
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
