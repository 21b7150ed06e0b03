//! The dataDAO mechanism of a grassroots dataDAO, as a grassroot plugin: members contribute
//! data; their Contribution Weight caps the personal Circles (CRC) they may lock; locking CRC
//! mints dDT 1:1 and redeeming burns it; and every member chooses which use cases its data may
//! serve, so that The Pie pays what was spent on a use case only to members who permit it.
//!
//! Circles v2 facts modelled: every human mints 1 CRC per hour; CRC balances lose 7% a year
//! to demurrage, applied per day with the factor `0.93^(1/365.25)`; group tokens (here dDT) are
//! minted 1:1 against personal CRC held by the group as collateral and redeemed 1:1.
//!
//! The crate owns its components ([`Circles`], [`Contribution`], [`Permissions`], the policies),
//! resources ([`Rules`], [`DaoBooks`], [`PieBooks`]), systems and parameters ([`keys`]); it
//! changes balances only through the engine's `Economy`, so the engine's books cover every dDT
//! it mints or burns, and checks its own books (CRC, locking, The Pie per use case) every step.
//! It reads no files, environment or flags, and draws all chance from the run's `SimRng`.
//!
//! ```
//! use grassroot_config::Params;
//! use grassroot_datadao::{DataDaoParams, DataDaoScenario, PieSplit};
//! use grassroot_sim::Simulation;
//!
//! let mut params = Params::seed_defaults();
//! params.total_steps = 30;
//! let mut datadao = DataDaoParams::seed_defaults()?;
//! datadao.pie_split = PieSplit::Equal;
//! let mut sim = Simulation::builder(&params).with_plugin(DataDaoScenario::with_params(&params, datadao)).build()?;
//! sim.run(30)?;
//! assert_eq!(sim.roles().total_members(), 60);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod actions;
pub mod books;
pub mod chance;
pub mod circles;
pub mod contribution;
pub mod demurrage;
pub mod keys;
pub mod params;
pub mod plugin;
pub mod policy;
pub mod rules;
pub mod scenario;
pub mod systems;
pub mod usecase;
pub mod weight;

pub use books::{DaoBooks, DaoTally, PieBooks};
pub use circles::Circles;
pub use contribution::{Contribution, Contributor};
pub use params::{DataDaoParams, RoleDataParams, WeightRule};
pub use plugin::DataDaoPlugin;
pub use policy::{LockPolicy, OverCap, PieSplit, RedeemPolicy};
pub use rules::Rules;
pub use scenario::DataDaoScenario;
pub use usecase::{DEFAULT_USE_CASES, Permissions};
pub use weight::{ContributionWeight, QualityTimesQuantity, QualityTimesSqrtQuantity, Weighting};

/// The panels the `datadao` scenario adds to the figure, as (title, columns): where dDT supply
/// came from, The Pie's payouts by use case, and Circles.
pub fn plot_panels(use_cases: &[&str]) -> Vec<(String, Vec<String>)> {
    let own = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    vec![
        (
            "dDT supply by source (cumulative dDT)".to_owned(),
            own(&["ddt_minted_lock", "ddt_minted_join", "ddt_redeemed"]),
        ),
        (
            "The Pie's payouts by use case (dDT per step)".to_owned(),
            use_cases.iter().map(|u| format!("{}{u}", systems::metrics::PIE_PAID_PREFIX)).collect(),
        ),
        ("Circles (CRC)".to_owned(), own(&["crc_held", "crc_locked", "crc_demurrage"])),
    ]
}
