//! Errors that stop a run, and the resource systems report them through.
//!
//! Systems do not panic on a broken invariant: they record a [`SimError`] in [`Faults`], and
//! [`Simulation::step`](crate::Simulation::step) returns it after the tick.

use std::fmt;

use bevy_ecs::resource::Resource;
use grassroot_amm::Wad;
use grassroot_config::ConfigError;

/// Why a run stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SimError {
    /// The books did not balance after a step.
    Books {
        /// The step after which the check failed.
        step: u64,
        /// Which identity, e.g. `dDT: minted - burned = wallets + pool + pie`.
        quantity: &'static str,
        /// The left-hand side (what was issued).
        issued: Wad,
        /// The right-hand side (what is held).
        held: Wad,
    },
    /// An amount overflowed 2^128 - 1 base units.
    Overflow {
        /// The step.
        step: u64,
        /// What was being computed.
        what: String,
    },
    /// The plugins do not fit together (a plugin added twice, a job claimed twice, a bundle for
    /// an archetype nobody registers), or the run cannot start as configured.
    Setup(String),
    /// Parameters that are valid one by one but not for this run (`GOV_WEIGHT=data` without
    /// the dataDAO), every one the plugins found, each with its key, value, origin, what is
    /// allowed and the fix.
    Config(ConfigError),
}

/// A problem a plugin reports while the simulation is set up
/// ([`SimBuilder::add_error`](crate::SimBuilder::add_error)): bad parameters, which keep
/// every part of their [`ConfigError`], or plugins that do not fit together, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetupProblem {
    /// Parameters the plugin refuses.
    Config(ConfigError),
    /// Anything else, as a sentence.
    Other(String),
}

impl From<ConfigError> for SetupProblem {
    fn from(e: ConfigError) -> Self {
        SetupProblem::Config(e)
    }
}

impl From<String> for SetupProblem {
    fn from(problem: String) -> Self {
        SetupProblem::Other(problem)
    }
}

impl From<&str> for SetupProblem {
    fn from(problem: &str) -> Self {
        SetupProblem::Other(problem.to_owned())
    }
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::Books { step, quantity, issued, held } => {
                let (diff, sign) = if held >= issued {
                    (held.saturating_sub(*issued), "+")
                } else {
                    (issued.saturating_sub(*held), "-")
                };
                write!(
                    f,
                    "books do not balance after step {step}: {quantity}: issued {issued}, held {held} (difference {sign}{diff})"
                )
            }
            SimError::Overflow { step, what } => {
                write!(f, "amount overflow at step {step}: {what} exceeds 2^128 - 1 base units")
            }
            SimError::Setup(why) => write!(f, "cannot set up the simulation: {why}"),
            SimError::Config(e) => write!(f, "cannot set up the simulation: {e}"),
        }
    }
}

impl std::error::Error for SimError {}

/// The first fault of the current step, if any.
#[derive(Resource, Debug, Default)]
pub struct Faults {
    first: Option<SimError>,
}

impl Faults {
    /// Records a fault (the first one of a step wins).
    pub fn report(&mut self, error: SimError) {
        if self.first.is_none() {
            // The caller gets it from `step()`; the CLI prints it once, as its error.
            tracing::debug!("{error}");
            self.first = Some(error);
        }
    }

    /// Takes the recorded fault, leaving none.
    pub fn take(&mut self) -> Option<SimError> {
        self.first.take()
    }

    /// True if a fault was recorded.
    pub fn is_set(&self) -> bool {
        self.first.is_some()
    }
}
