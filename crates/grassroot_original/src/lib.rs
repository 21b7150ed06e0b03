//! The original Python simulation of the grassroots dataDAO, defects included, as grassroot
//! plugins: `--scenario original` ([`OriginalScenario`]).
//!
//! The original's *choices* (turn order, fee account, entry rule, buying at the price, the
//! deposit, ...) are ordinary parameters of every scenario (see `docs/original.md`); what is
//! here is what no modeller would choose, each switched by a key of its own ([`keys`]):
//!
//! - decisions compare a float64 running balance ([`FloatBalance`]);
//! - power users spend more than they hold after a purchase ([`Overspends`]);
//! - each fee collection resets the fee account, forfeiting what other LPs were owed;
//! - reinvested fees are deposited with dDT created for the deposit;
//! - LP units are minted by the dDT side of a deposit ([`grassroot_amm::Pool::mint_by_ddt`]);
//! - The Pie deducts its payout and pays it to nobody ([`UnpaidPiePlugin`]).
//!
//! The crate owns its components, its rules ([`OriginalRules`]), its behaviours' turns
//! (`systems`, in place of the engine's through [`Job::BEHAVIOURS`](grassroot_sim::Job)) and
//! its operations on the economy ([`OriginalEconomy`]): every token a defect creates or
//! destroys goes through the engine's `Economy` into a [`Flow`](grassroot_sim::Flow) of its
//! own ([`flows`]), so the engine's books still balance exactly. The engine knows nothing of
//! it. [`DIFFERENCES`] lists every difference from grassroot's default as the keys that switch
//! it off.

pub mod components;
pub mod differences;
pub mod economy;
pub mod flows;
pub mod keys;
pub mod plugins;
pub mod rules;
pub mod scenario;
pub mod systems;

pub use components::{FloatBalance, Overspends, holds};
pub use differences::{DIFFERENCES, Difference, Nature};
pub use economy::OriginalEconomy;
pub use keys::{OVERSPENDS, add_params, has_params, set_original_defaults};
pub use plugins::{DefectsPlugin, FloatPiePlugin, OriginalBehavioursPlugin, UnpaidPiePlugin};
pub use rules::OriginalRules;
pub use scenario::OriginalScenario;
