//! Layered, validated configuration of grassroot runs.
//!
//! A [`Schema`] registers every known key (`UPPER_SNAKE`, as in `.env`) with its [`Kind`],
//! default and help; [`Schema::seed`] holds the seed scenario's keys and plugins may add their
//! own. [`load`] reads the layers named by [`Sources`] (lowest precedence first: defaults,
//! replayed pairs, a TOML file, a `.env` file, the process environment, flags), merges them with
//! the `config` crate and validates every value into [`Settings`]; [`Params::from_settings`]
//! turns those into the engine's typed parameters.
//!
//! This crate is the only reader of TOML (`toml_file.rs`: a [`TomlFile`], every value with its
//! line; the sweep's `[sweep]` table comes from the same parsed file, see [`load_with_file`]),
//! `.env` files and the environment. Every value carries a typed [`Origin`] — default, replayed
//! `run.json`, TOML file and line, `.env` line, environment variable, flag, and for a sweep's
//! worlds the grid, the derived seed or the sweep itself ([`Settings::with_values`]) — into
//! [`Settings`] and every error message.
//!
//! ```
//! use grassroot_config::{Schema, Sources, load};
//!
//! let schema = Schema::seed();
//! let sources = Sources {
//!     overrides: vec![("--steps".into(), "100".into()), ("FEE_RATE".into(), "0.01".into())],
//!     ..Sources::default()
//! };
//! let settings = load(&schema, &sources)?;
//! let params = settings.params()?;
//! assert_eq!((params.total_steps, params.fee_ppm), (100, 10_000));
//!
//! let bad = Sources { overrides: vec![("FEE_RATE".into(), "1.5".into())], ..Sources::default() };
//! let err = load(&schema, &bad).unwrap_err();
//! assert!(err.to_string().starts_with("FEE_RATE = 1.5 (from flag --set) is out of range"));
//! # Ok::<(), grassroot_config::ConfigError>(())
//! ```
//!
//! Every error is a [`ConfigError`] naming the key, the value, its [`Origin`], what is allowed
//! and how to fix it, and one `ConfigError` holds every bad value a validation found
//! ([`ConfigError::errors`]); the CLI prints each and exits with code 2.
//!
//! Keys are constants ([`keys`]); a choice is an enum implementing [`Choice`], its names in one
//! list; a per-role behaviour registers its keys for every role with [`Schema::add_role_key`].
//! The engine's [`Params`] hold no path and no output format ([`OutputOptions`] do).
//!
//! The file-reading half — [`load`], [`Sources`], [`TomlFile`], `.env` files and
//! `env.example` — is the default feature `layers` (with the `config` and `toml` crates); the
//! engine depends on this crate without it.

mod choice;
#[cfg(feature = "layers")]
mod dotenv;
#[cfg(feature = "layers")]
mod env_example;
mod error;
mod excerpt;
mod key_case;
pub mod keys;
mod kind;
#[cfg(feature = "layers")]
mod merge;
mod origin;
mod outputs;
mod params;
mod params_build;
mod role_keys;
mod schema;
mod seed;
mod settings;
#[cfg(feature = "layers")]
mod sources;
mod suggest;
#[cfg(feature = "layers")]
mod toml_file;

pub use choice::Choice;
#[cfg(feature = "layers")]
pub use dotenv::{DotenvEntry, parse_dotenv};
pub use error::{ConfigError, ErrorDetail, ErrorKind};
pub use excerpt::{EXCERPT_CHARS, excerpt};
pub use key_case::{fold_key, repeated_key, repeated_key_error, same_key};
pub use kind::{Kind, Value};
pub use origin::{Origin, SET_FLAG};
pub use outputs::{OutputFormat, OutputOptions};
pub use params::{ArchetypeParams, BuyRule, DepositRule, EntryRule, Params, PieUse, TurnOrder};
pub use role_keys::RoleKey;
pub use schema::{
    PIE_SHARES_RULE, ParamSpec, ROLE_FIELDS, ROLE_SHARES_RULE, RoleDefaults, Schema, SumBound, SumRule, role_group,
    role_key,
};
pub use seed::{MAX_AGENTS_PER_ENTRY, MAX_TOTAL_STEPS};
pub use settings::{Entry, Settings};
#[cfg(feature = "layers")]
pub use sources::{DOTENV_TYPO_DISTANCE, LAYERS, Sources, load, load_with_file};
pub use suggest::{levenshtein, nearest};
#[cfg(feature = "layers")]
pub use toml_file::{SWEEP_TABLE, TomlFile, TomlItem, TomlValue};
