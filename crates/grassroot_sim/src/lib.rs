//! The grassroot engine: a token economy of agents, a constant-product market and a treasury,
//! on `bevy_ecs`.
//!
//! Agents are entities (`AgentId`, `Role`, `Wallet`, `Joined` and behaviour components);
//! behaviours are systems in the chained phases of [`SimSet`]; the market, The Pie, the books,
//! the clock and the seeded RNG are resources. Every balance change goes through [`Economy`],
//! which keeps exact books and logs a [`Tx`]. The engine reads no files, environment or flags
//! and writes nothing: parameters come from `grassroot_config`, outputs are the report layer's.

pub mod archetype;
pub mod behaviour;
pub mod books;
pub mod builder;
pub mod components;
pub mod driver;
pub mod economy;
pub mod plugin;
pub mod plugins;
pub mod resources;
pub mod sets;
pub mod simulation;
pub mod systems;
pub mod turns;

// The resources' modules, at the paths they had before they moved into `resources/`.
pub use resources::{clock, fault, market, metrics, pie, population, rng, roles, spends, supply, tx};

pub use archetype::{Archetype, Archetypes, StartingBalance};
pub use behaviour::{BehaviourPlugin, RoleBehaviour, RoleValues};
pub use books::{CheckBooks, Identity};
pub use builder::SimBuilder;
pub use clock::Clock;
pub use components::{
    AgentId, BuysShortfall, ComputeDemand, Dumper, FeeReinvest, Joined, LiquiditySeeder, PieRecipient, Role,
    StepSeller, Wallet,
};
pub use driver::{Driver, Sink};
pub use economy::{Actor, Economy, TradeError};
pub use fault::{Faults, SetupProblem, SimError};
pub use market::{Market, TradeStats};
pub use metrics::{Column, ColumnBlock, ColumnError, Holdings, MetricRow, RoleHoldings, Value, ValueKind};
pub use pie::Pie;
pub use plugin::{Job, Plugin};
pub use plugins::{
    ArchetypePlugin, BehavioursPlugin, EntryPlugin, PiePlugin, SeedScenario, StandardMetricsPlugin,
    archetype_from_params,
};
pub use population::{AmountLimit, EntryPlan, Newcomers};
pub use rng::SimRng;
pub use roles::{RoleInfo, Roles, TooManyRoles};
pub use sets::{EntrySystems, MetricsStage, SimSet};
pub use simulation::{RunParams, RunSettings, Simulation};
pub use spends::ComputeSpends;
pub use supply::{ComputeStats, Flow, Supply};
pub use turns::{StepOrder, Turns};
pub use tx::{Action, Delta, Tx, TxLog};

/// Re-export of `bevy_ecs`, the ECS the engine runs on.
pub use bevy_ecs;
/// Re-export of the market crate, so users of the engine name one dependency.
pub use grassroot_amm as amm;
/// Re-export of the configuration crate.
pub use grassroot_config as config;
