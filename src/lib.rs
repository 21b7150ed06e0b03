//! grassroot: exact, fast agent-based simulation of a grassroots dataDAO token economy — agents
//! that spend, trade and provide liquidity, a Uniswap-v2 market, and The Pie — on `bevy_ecs`.
//!
//! This facade re-exports the member crates and gathers what a user needs in [`prelude`].
//!
//! # Quick start
//!
//! ```
//! use grassroot::prelude::*;
//!
//! // The seed scenario's defaults, shortened to 50 steps.
//! let mut params = Params::seed_defaults();
//! params.total_steps = 50;
//! let mut sim = Simulation::builder(&params).with_plugin(SeedScenario::new(&params)).build()?;
//! sim.run(50)?;
//!
//! // 10 members join at step 0 and every 5 steps: 10 entries by step 49.
//! assert_eq!(sim.roles().total_members(), 100);
//! assert!(sim.pool().is_open());
//! // The books balance exactly: dDT minted = wallets + pool + The Pie.
//! let held = sim.holdings().total.ddt.checked_add(sim.pool().reserve_ddt())?.checked_add(sim.pie().balance())?;
//! assert_eq!(sim.supply().ddt_minted, held);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The `grassroot` binary runs a scenario from the command line and writes
//! `simulation_data.csv`, `transaction_history.csv`, `simulation_results.png` and `run.json`;
//! [`cli`] and [`runner`] are the same pieces for your own binaries and the examples.

#[macro_use]
mod stdout;

pub mod app;
pub mod cli;
pub mod comparison;
mod replay;
pub mod runner;
pub mod scenario;
pub mod scenarios;
mod sweep_cmd;
mod verify_cmd;

pub use app::{App, AppError};
pub use comparison::Comparison;

pub use grassroot_amm as amm;
pub use grassroot_config as config;
pub use grassroot_datadao as datadao;
pub use grassroot_governance as governance;
pub use grassroot_original as original;
pub use grassroot_report as report;
pub use grassroot_sim as sim;
pub use grassroot_sweep as sweep;

use grassroot_config::Params;
use grassroot_sim::{SeedScenario, SimError, Simulation};

/// The seed scenario built from `params`, ready to run.
pub fn seed_simulation(params: &Params) -> Result<Simulation, SimError> {
    Simulation::builder(params).with_plugin(SeedScenario::new(params)).build()
}

/// What most users of grassroot need, in one import.
pub mod prelude {
    pub use grassroot_amm::{Pool, Side, Wad};
    pub use grassroot_config::{
        Choice, ConfigError, Kind, ParamSpec, Params, PieUse, RoleDefaults, RoleKey, Schema, Settings,
    };
    /// `bevy_ecs` by name, so that `#[derive(Component)]` works with this prelude alone.
    pub use grassroot_sim::bevy_ecs;
    pub use grassroot_sim::bevy_ecs::prelude::{Component, Entity, Local, Query, Res, ResMut, With, Without};
    pub use grassroot_sim::{
        Action, Actor, AgentId, Archetype, BuysShortfall, Column, ComputeDemand, Dumper, Economy, Holdings, Joined,
        LiquiditySeeder, MetricRow, Pie, PieRecipient, Plugin, Role, RoleBehaviour, RoleValues, Roles, SeedScenario,
        SimBuilder, SimRng, SimSet, Simulation, StepSeller, Turns, Value, Wallet,
    };

    pub use crate::app::App;
    pub use crate::cli::RunArgs;
    pub use crate::runner::{RunOptions, run_to_outputs};
    pub use crate::scenario::Scenario;
}
