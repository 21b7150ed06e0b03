//! [`RoleBehaviour`]: a behaviour that a role turns on by keys of its own, declared in one
//! place with the component and the systems that act on it; [`BehaviourPlugin`] adds one to a
//! simulation.
//!
//! A behaviour declares its per-role keys ([`RoleKey`]: suffix, kind, default, help, the
//! defaults of some roles); the program registers them for every role
//! ([`Schema::add_role_key`](grassroot_config::Schema::add_role_key), which the facade's
//! `App::behaviour` calls), so they are read from every layer and validated like the seed's.
//! When the simulation is built, the behaviour reads each role's values ([`RoleValues`]) and
//! gives that role's members its components where the values turn it on
//! ([`SimBuilder::add_bundle`]). A role is then the set of behaviours its keys turn on; a new
//! behaviour with its keys, its component and its systems is one file.
//!
//! Every value one key cannot check alone is refused with a [`ConfigError`] naming the key,
//! the value, its origin, what is allowed and the fix; every role's is reported.

use grassroot_amm::Wad;
use grassroot_config::{Choice, ConfigError, Origin, RoleKey, Settings, role_key};

use crate::builder::SimBuilder;
use crate::plugin::Plugin;

/// One role's values of the run's settings, read by key suffix.
#[derive(Clone, Copy, Debug)]
pub struct RoleValues<'a> {
    settings: &'a Settings,
    role: &'a str,
}

impl<'a> RoleValues<'a> {
    /// The values of `role` in `settings`.
    pub fn new(settings: &'a Settings, role: &'a str) -> Self {
        Self { settings, role }
    }

    /// The role's name.
    pub fn role(&self) -> &'a str {
        self.role
    }

    /// The role's key of `suffix`, e.g. `DEGEN_USER_SHARE`.
    pub fn key(&self, suffix: &str) -> String {
        role_key(self.role, suffix)
    }

    /// Every setting of the run (the run's own keys, other roles').
    pub fn settings(&self) -> &'a Settings {
        self.settings
    }

    /// Where the value of `suffix` came from.
    pub fn origin(&self, suffix: &str) -> Option<&'a Origin> {
        self.settings.origin(&self.key(suffix))
    }

    /// An amount, fraction or rate.
    pub fn wad(&self, suffix: &str) -> Result<Wad, ConfigError> {
        self.settings.get_wad(&self.key(suffix))
    }

    /// A whole number.
    pub fn u64(&self, suffix: &str) -> Result<u64, ConfigError> {
        self.settings.get_u64(&self.key(suffix))
    }

    /// A switch.
    pub fn bool(&self, suffix: &str) -> Result<bool, ConfigError> {
        self.settings.get_bool(&self.key(suffix))
    }

    /// `none` or a price.
    pub fn price(&self, suffix: &str) -> Result<Option<Wad>, ConfigError> {
        self.settings.get_price(&self.key(suffix))
    }

    /// A choice, as the enum that names it.
    pub fn choice<C: Choice>(&self, suffix: &str) -> Result<C, ConfigError> {
        self.settings.choice(&self.key(suffix))
    }
}

/// A behaviour a role turns on by its own keys (see the module doc).
pub trait RoleBehaviour: 'static {
    /// The keys it adds to every role.
    fn keys(&self) -> Vec<RoleKey>;

    /// Registers what every run with the behaviour needs once: its systems, in a set of the
    /// tick, and its resources.
    fn build(&self, sim: &mut SimBuilder);

    /// Gives the members of one role the behaviour's components as the role's values ask
    /// ([`SimBuilder::add_bundle`]), or nothing when they leave it off; refuses values that do
    /// not fit together.
    fn attach(&self, role: RoleValues<'_>, sim: &mut SimBuilder) -> Result<(), ConfigError>;
}

/// A [`RoleBehaviour`] in a simulation: its `build`, then its `attach` for every role of the
/// run's settings (every role's errors are reported). It needs the settings
/// ([`SimBuilder::set_settings`]) with the behaviour's keys.
#[derive(Clone, Copy, Debug, Default)]
pub struct BehaviourPlugin<B>(pub B);

impl<B: RoleBehaviour> Plugin for BehaviourPlugin<B> {
    fn build(&self, sim: &mut SimBuilder) {
        self.0.build(sim);
        let Some(settings) = sim.settings().cloned() else {
            let problem = format!(
                "{} reads its keys from the run's settings: build the simulation with SimBuilder::set_settings \
                 (App does)",
                self.name()
            );
            sim.add_error(problem);
            return;
        };
        let registered = settings.schema().role_keys();
        let missing = self.0.keys().into_iter().find(|k| registered.iter().all(|r| r.suffix != k.suffix));
        if let Some(key) = missing {
            let problem = format!(
                "{}'s key <ROLE>_{} is not in the settings' schema: register it with Schema::add_role_key \
                 (App::behaviour does)",
                self.name(),
                key.suffix
            );
            sim.add_error(problem);
            return;
        }
        for role in settings.schema().roles() {
            if let Err(e) = self.0.attach(RoleValues::new(&settings, role), sim) {
                sim.add_error(e);
            }
        }
    }
}
