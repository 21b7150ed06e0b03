//! A scenario as a definition ([`Scenario`]: name, one-line description, its keys, its
//! plugins, what it lets governance change) and the registry of them an [`App`](crate::App)
//! owns ([`Scenarios`]), which `--scenario`, `grassroot params --scenario`, `--help`, the
//! sweep and Python's `scenario=` read.
//!
//! A new scenario is one file with a type that implements [`Scenario`] and one registration
//! line: [`App::register`](crate::App::register) for a program of your own, or a line in
//! [`Scenarios::builtin`] (the built-in definitions are in `src/scenarios/`).
//!
//! ```
//! use grassroot::prelude::*;
//! use grassroot::scenario::Scenario;
//!
//! /// The baseline with a 1% pool fee.
//! struct DearPool;
//!
//! impl Scenario for DearPool {
//!     fn name(&self) -> &str {
//!         "dear_pool"
//!     }
//!     fn description(&self) -> &str {
//!         "The baseline with a 1% pool fee."
//!     }
//!     fn set_defaults(&self, schema: &mut Schema) -> Result<(), grassroot::config::ConfigError> {
//!         schema.set_default("FEE_RATE", "0.01").map(|_| ())
//!     }
//!     fn plugin(&self, params: &Params) -> Box<dyn Plugin> {
//!         Box::new(SeedScenario::new(params))
//!     }
//! }
//!
//! let app = App::seed().register(DearPool).with_scenario("dear_pool")?;
//! assert_eq!(app.name(), "dear_pool");
//! assert_eq!(app.schema().spec("FEE_RATE").map(|s| s.default.as_str()), Some("0.01"));
//! # Ok::<(), grassroot::config::ConfigError>(())
//! ```

use std::rc::Rc;

use grassroot_config::{ConfigError, ErrorKind, Params, Schema, Settings};
use grassroot_governance::ActionKind;
use grassroot_report::ExtraPanel;
use grassroot_sim::Plugin;

/// What a scenario lets governance (`GOVERNANCE=on`) change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Governance {
    /// Proposals may take any action on the menu (`GOV_ACTIONS`).
    Any,
    /// Proposals may take only these actions: a `GOV_ACTIONS` with another is refused.
    Only(&'static [ActionKind]),
    /// `GOVERNANCE=on` is refused; the text says why (e.g. "the original simulation has no
    /// governance").
    Refused(&'static str),
}

impl Governance {
    /// True unless governance is refused.
    pub fn allowed(self) -> bool {
        !matches!(self, Governance::Refused(_))
    }

    /// True if a proposal may take `action`.
    pub fn allows(self, action: ActionKind) -> bool {
        match self {
            Governance::Any => true,
            Governance::Only(actions) => actions.contains(&action),
            Governance::Refused(_) => false,
        }
    }
}

/// A scenario: what `--scenario NAME` runs. Implement it in one file and register it (see the
/// module doc); every front door then offers it.
pub trait Scenario: 'static {
    /// The name `--scenario` and Python's `scenario=` take, and run.json records
    /// (lower_snake).
    fn name(&self) -> &str;

    /// Other names accepted for it (a scenario's former names).
    fn aliases(&self) -> &[&str] {
        &[]
    }

    /// One line for `--help`, `grassroot params` and Python.
    fn description(&self) -> &str;

    /// Adds the keys this scenario reads beyond the program's own, unless they are there
    /// already. Called when the scenario is chosen, and for the list of every key
    /// (`grassroot params`, `env.example`).
    fn add_keys(&self, schema: &mut Schema) -> Result<(), ConfigError> {
        let _ = schema;
        Ok(())
    }

    /// Sets this scenario's own defaults of keys it shares with others (after
    /// [`Scenario::add_keys`]; only when the scenario is chosen).
    fn set_defaults(&self, schema: &mut Schema) -> Result<(), ConfigError> {
        let _ = schema;
        Ok(())
    }

    /// The plugin (usually a plugin group) that builds the scenario's world from the resolved
    /// parameters.
    fn plugin(&self, params: &Params) -> Box<dyn Plugin>;

    /// What governance may change in it.
    fn governance(&self) -> Governance {
        Governance::Any
    }

    /// The figure's panels it adds to the standard ones.
    fn panels(&self) -> Vec<ExtraPanel> {
        Vec::new()
    }

    /// Warnings about resolved settings the scenario does not use (printed before a run).
    fn warnings(&self, settings: &Settings, params: &Params) -> Vec<String> {
        let _ = (settings, params);
        Vec::new()
    }
}

/// The scenarios a program offers, in the order `--help` lists them; the first is the default.
#[derive(Clone, Default)]
pub struct Scenarios {
    entries: Vec<Rc<dyn Scenario>>,
}

impl std::fmt::Debug for Scenarios {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}

impl Scenarios {
    /// The scenarios the `grassroot` binary runs: `baseline` (the default), `datadao`,
    /// `original`. Registering a built-in scenario is one line here.
    pub fn builtin() -> Scenarios {
        let mut s = Scenarios::default();
        for scenario in [
            Rc::new(crate::scenarios::Baseline) as Rc<dyn Scenario>,
            Rc::new(crate::scenarios::DataDao),
            Rc::new(crate::scenarios::Original),
        ] {
            if let Err(e) = s.add(scenario) {
                panic!("the built-in scenarios clash: {e}");
            }
        }
        s
    }

    /// Adds a scenario; a name or alias already taken is an error naming it.
    pub fn add(&mut self, scenario: Rc<dyn Scenario>) -> Result<(), ConfigError> {
        let names = std::iter::once(scenario.name()).chain(scenario.aliases().iter().copied());
        for name in names {
            if let Some(taken) = self.get(name) {
                return Err(ConfigError::new(
                    ErrorKind::DuplicateKey,
                    format!("is already the name of the scenario {}", taken.name()),
                )
                .with_key("scenario")
                .with_value(name)
                .with_fix("give the new scenario a name of its own"));
            }
        }
        self.entries.push(scenario);
        Ok(())
    }

    /// The scenario called `name` (its name or an alias).
    pub fn get(&self, name: &str) -> Option<&Rc<dyn Scenario>> {
        self.entries.iter().find(|s| s.name() == name || s.aliases().contains(&name))
    }

    /// The scenario called `name`, or an error that names the allowed ones.
    pub fn find(&self, name: &str) -> Result<&Rc<dyn Scenario>, ConfigError> {
        self.get(name).ok_or_else(|| {
            let names = self.names().join(", ");
            ConfigError::new(ErrorKind::NotAChoice, format!("is not a scenario: allowed {names}"))
                .with_key("scenario")
                .with_value(name)
                .with_fix(format!("choose one of {names}"))
        })
    }

    /// The default scenario (the first registered).
    pub fn default_scenario(&self) -> Option<&Rc<dyn Scenario>> {
        self.entries.first()
    }

    /// Every scenario, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Rc<dyn Scenario>> {
        self.entries.iter()
    }

    /// Every scenario's name, in order.
    pub fn names(&self) -> Vec<&str> {
        self.entries.iter().map(|s| s.name()).collect()
    }
}
