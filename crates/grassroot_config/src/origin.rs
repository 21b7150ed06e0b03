//! `Origin`: which layer a resolved value came from, for error messages and `--explain`-style
//! listings.

use std::fmt;
use std::path::PathBuf;

/// Where a value came from. Layers, lowest precedence first: [`Origin::Default`],
/// [`Origin::Replay`], [`Origin::ConfigFile`], [`Origin::Dotenv`], [`Origin::Env`],
/// [`Origin::Flag`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Origin {
    /// The schema's default.
    Default,
    /// Replayed settings (e.g. the `settings` object of a previous run's `run.json`).
    Replay,
    /// The TOML file given with `--config`.
    ConfigFile {
        /// The file's path as given.
        path: PathBuf,
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
}

impl Origin {
    /// How to change the value at its origin, as the start of a sentence, e.g.
    /// `edit .env line 3`.
    pub fn how_to_change(&self) -> String {
        match self {
            Self::Default => "set it in any layer (e.g. --set)".to_owned(),
            Self::Replay => "edit the replayed settings or override them with --set".to_owned(),
            Self::ConfigFile { path } => format!("edit config file {}", path.display()),
            Self::Dotenv { path, line } => format!("edit {} line {line}", path.display()),
            Self::Env { var } => format!("change (or unset) the environment variable {var}"),
            Self::Flag { flag } => format!("change the {flag} flag"),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Default => f.write_str("default"),
            Self::Replay => f.write_str("replayed settings"),
            Self::ConfigFile { path } => write!(f, "config file {}", path.display()),
            Self::Dotenv { path, line } => write!(f, "{} line {line}", path.display()),
            Self::Env { var } => write!(f, "environment variable {var}"),
            Self::Flag { flag } => write!(f, "flag {flag}"),
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
        assert_eq!(Origin::ConfigFile { path: "a.toml".into() }.to_string(), "config file a.toml");
    }
}
