//! `Origin`: where a resolved value came from — a layer of [`crate::load`] with its file and
//! line, or the sweep that built a world's settings — for error messages and listings.
//!
//! An origin is typed from the moment a value is read until it is printed: no message is ever
//! rewritten to say where a value came from, its [`Origin`] says it through `Display`.

use std::fmt;
use std::path::PathBuf;

/// Where a value came from. Layers of [`crate::load`], lowest precedence first:
/// [`Origin::Default`], [`Origin::Replay`], [`Origin::TomlFile`], [`Origin::Dotenv`],
/// [`Origin::Env`], [`Origin::Flag`]; the Python package's arguments are [`Origin::Python`],
/// a layer above the defaults and the TOML file. A sweep builds each world's settings from its base with
/// values from [`Origin::SweepGrid`], [`Origin::DerivedSeed`] and [`Origin::SweepFixed`] (see
/// [`crate::Settings::with_values`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Origin {
    /// The schema's default.
    Default,
    /// Replayed settings: the `settings` of a previous run's `run.json` (`--replay`), or pairs
    /// handed to [`crate::Settings::from_pairs`].
    Replay {
        /// The `run.json` replayed, when there is one.
        path: Option<PathBuf>,
    },
    /// The TOML file given with `--config`.
    TomlFile {
        /// The file's path as given.
        path: PathBuf,
        /// 1-based line of the key; `None` for the file as a whole (it cannot be read, or is
        /// not TOML: the parser's message says where).
        line: Option<usize>,
    },
    /// A line of a `.env` file.
    Dotenv {
        /// The file's path as given.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
    },
    /// A process environment variable.
    Env {
        /// The variable's name.
        var: String,
    },
    /// A command-line flag: `--set KEY=VALUE` or a shorthand such as `--steps`.
    Flag {
        /// The flag as typed, e.g. `--set` or `--steps`.
        flag: String,
    },
    /// An argument of the Python package's `grassroot.run` or `grassroot.sweep`: `params`
    /// (a dict of keys), or a shorthand such as `steps` or `seed`.
    Python {
        /// The argument's name, e.g. `params` or `steps`.
        argument: String,
    },
    /// A value of a sweep's grid point (the `[sweep]` table, or a `Grid` built in code).
    SweepGrid,
    /// A sweep world's seed, derived from the base seed, its grid point and its run.
    DerivedSeed,
    /// A value every world of a sweep sets whatever the base says (no transaction log, no
    /// plot, books checked).
    SweepFixed,
}

/// The flag that plain override keys are attributed to.
pub const SET_FLAG: &str = "--set";

impl Origin {
    /// The origin of a value of the TOML file `path` at 1-based `line`.
    pub fn toml(path: impl Into<PathBuf>, line: usize) -> Origin {
        Origin::TomlFile { path: path.into(), line: Some(line) }
    }

    /// How to change the value at its origin, as the start of a sentence, e.g.
    /// `edit .env line 3`.
    pub fn how_to_change(&self) -> String {
        match self {
            Self::Default => "set it in any layer (e.g. --set)".to_owned(),
            Self::Replay { .. } => "edit the replayed settings or override them with --set".to_owned(),
            Self::TomlFile { .. } => format!("edit {self}"),
            Self::Dotenv { path, line } => format!("edit {} line {line}", path.display()),
            Self::Env { var } => format!("change (or unset) the environment variable {var}"),
            Self::Flag { flag } => format!("change the {flag} flag"),
            Self::Python { argument } => format!("change the {argument} argument"),
            Self::SweepGrid => "change the value in the [sweep] table".to_owned(),
            Self::DerivedSeed => "change seed in the [sweep] table".to_owned(),
            Self::SweepFixed => "leave it to the sweep".to_owned(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Default => f.write_str("default"),
            Self::Replay { path: None } => f.write_str("replayed settings"),
            Self::Replay { path: Some(path) } => write!(f, "replayed settings of {}", path.display()),
            Self::TomlFile { path, line: None } => write!(f, "config file {}", path.display()),
            Self::TomlFile { path, line: Some(line) } => write!(f, "config file {} line {line}", path.display()),
            Self::Dotenv { path, line } => write!(f, "{} line {line}", path.display()),
            Self::Env { var } => write!(f, "environment variable {var}"),
            Self::Flag { flag } => write!(f, "flag {flag}"),
            Self::Python { argument } => write!(f, "the Python argument {argument}"),
            Self::SweepGrid => f.write_str("the sweep grid"),
            Self::DerivedSeed => f.write_str("the world's derived seed"),
            Self::SweepFixed => f.write_str("the sweep (the same in every world)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays() {
        assert_eq!(Origin::Dotenv { path: ".env".into(), line: 3 }.to_string(), ".env line 3");
        assert_eq!(Origin::Flag { flag: "--set".into() }.to_string(), "flag --set");
        assert_eq!(Origin::Env { var: "SEED".into() }.to_string(), "environment variable SEED");
        assert_eq!(Origin::TomlFile { path: "a.toml".into(), line: None }.to_string(), "config file a.toml");
        assert_eq!(Origin::toml("a.toml", 4).to_string(), "config file a.toml line 4");
        assert_eq!(Origin::Replay { path: None }.to_string(), "replayed settings");
        assert_eq!(Origin::Replay { path: Some("r/run.json".into()) }.to_string(), "replayed settings of r/run.json");
        assert_eq!(Origin::Python { argument: "params".into() }.to_string(), "the Python argument params");
        assert_eq!(Origin::SweepGrid.to_string(), "the sweep grid");
        assert_eq!(Origin::DerivedSeed.to_string(), "the world's derived seed");
        assert_eq!(Origin::SweepFixed.to_string(), "the sweep (the same in every world)");
        assert_eq!(Origin::toml("a.toml", 4).how_to_change(), "edit config file a.toml line 4");
    }
}
