//! Plugins: how scenarios, archetypes, behaviours and metrics are added to a simulation, their
//! lifecycle, and the jobs only one plugin may do.
//!
//! As Bevy's plugins do, a plugin lives in two passes over [`SimBuilder`]:
//!
//! 1. [`Plugin::build`] runs when the plugin is added, and only registers: archetypes,
//!    components (with [`SimBuilder::add_bundle`]), resources, systems (in any of the engine's
//!    sets, see [`crate::sets`]), metric columns, and the [`Job`]s it claims. A plugin group is
//!    a plugin whose `build` adds other plugins.
//! 2. [`Plugin::finish`] runs for every plugin, in the order they were added, once every plugin
//!    has been built, so it sees the whole world whatever the order: every role, other
//!    plugins' resources, and its parameters together with the run's (to validate the ones
//!    that depend on each other). What it finds wrong it reports with
//!    [`SimBuilder::add_error`]; it adds no plugin and registers no archetype.
//!
//! A plugin is unique by default ([`Plugin::is_unique`]): adding it twice, or two plugins that
//! claim the same [`Job`], makes [`SimBuilder::build`] fail with a message naming them.

use crate::builder::SimBuilder;

/// A piece of a simulation: archetypes, resources, systems, metrics.
pub trait Plugin: 'static {
    /// Registers what the plugin brings; runs when the plugin is added.
    fn build(&self, sim: &mut SimBuilder);

    /// Completes the plugin once every plugin has been built (in the order they were added):
    /// whatever needs the whole world, such as the roles or another plugin's resources.
    fn finish(&self, _sim: &mut SimBuilder) {}

    /// A name for logs and error messages, and to tell two unique plugins apart (the type
    /// name by default).
    fn name(&self) -> &str {
        std::any::type_name::<Self>()
    }

    /// Whether the plugin may be added only once (by [`Plugin::name`]); `true` by default.
    /// A plugin meant to be added several times (one per archetype, say) returns `false`.
    fn is_unique(&self) -> bool {
        true
    }
}

/// A function or closure is a plugin made of its `build`. It is not unique: the type names of
/// two closures of one function are the same (`...::{{closure}}`), so they cannot tell two
/// plugins apart; a closure that does a job only one plugin may do claims it.
impl<F: Fn(&mut SimBuilder) + 'static> Plugin for F {
    fn build(&self, sim: &mut SimBuilder) {
        self(sim);
    }

    fn is_unique(&self) -> bool {
        false
    }
}

/// A job that only one plugin may do in a simulation, such as paying out The Pie: a plugin
/// claims it in its `build` with [`SimBuilder::claim`], and a second claimant is refused with
/// a message naming both.
///
/// ```
/// use grassroot_config::Params;
/// use grassroot_sim::{Job, PiePlugin, Plugin, SimBuilder, Simulation};
///
/// /// Pays The Pie out by some rule of its own.
/// struct MyPie;
///
/// impl Plugin for MyPie {
///     fn build(&self, sim: &mut SimBuilder) {
///         sim.claim(Job::PIE_PAYOUT, self.name());
///     }
///
///     fn name(&self) -> &str {
///         "MyPie"
///     }
/// }
///
/// let params = Params::seed_defaults();
/// let err = Simulation::builder(&params).with_plugin(PiePlugin).with_plugin(MyPie).build().err();
/// assert!(err.is_some_and(|e| e.to_string().ends_with("PiePlugin and MyPie pay out The Pie: add only one (the datadao scenario replaces the engine's PiePlugin)")));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Job {
    what: &'static str,
    fix: &'static str,
}

impl Job {
    /// Paying The Pie out to the member groups (the engine's [`PiePlugin`](crate::PiePlugin),
    /// the dataDAO's plugin).
    pub const PIE_PAYOUT: Job =
        Job::new("pay out The Pie", "add only one (the datadao scenario replaces the engine's PiePlugin)");

    /// Giving the standard behaviours their turns (the engine's
    /// [`BehavioursPlugin`](crate::BehavioursPlugin); the original simulation's plugin, whose
    /// turns keep its defects).
    pub const BEHAVIOURS: Job = Job::new(
        "give the standard behaviours their turns",
        "add only one (the original scenario replaces the engine's BehavioursPlugin)",
    );

    /// Admitting members and endowing newcomers (the engine's
    /// [`EntryPlugin`](crate::EntryPlugin), which every scenario adds).
    pub const ENTRY: Job =
        Job::new("admit members", "add only one (every scenario adds the engine's EntryPlugin, once)");

    /// A job: `what` completes "both A and B ..." (a verb phrase, e.g. "pay out The Pie"), and
    /// `fix` says what to do about two claimants.
    pub const fn new(what: &'static str, fix: &'static str) -> Job {
        Job { what, fix }
    }

    /// What the job is, as a verb phrase.
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The error for a second claimant.
    pub(crate) fn refusal(&self, first: &str, second: &str) -> String {
        format!("both {first} and {second} {}: {}", self.what, self.fix)
    }
}
