//! The typed parameters of a run of the seed scenario, as the engine reads them.
//!
//! `Params` is plain data: building it from layers (defaults, TOML, `.env`, environment, flags)
//! and validating it is the job of the rest of this crate. The engine never reads env vars.

use std::path::PathBuf;

use grassroot_amm::{FeeModel, Wad};
use serde::{Deserialize, Serialize};

/// What a member does with the dDT The Pie pays it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PieUse {
    /// Keep the dDT (e.g. to spend on compute later).
    Keep,
    /// Sell the dDT for xDAI on the market at once.
    Sell,
}

/// How a member that seeds liquidity deposits (`<ROLE>_DEPOSIT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DepositRule {
    /// Both amounts go to the pair whole and it mints (Uniswap `Pair.mint`): what exceeds the
    /// pool's ratio accrues to every LP.
    Pair,
    /// The router's deposit: only the pool's ratio of the amounts is taken, the rest stays.
    Router,
}

/// How a member buys the dDT it lacks for its compute (`<ROLE>_BUY`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BuyRule {
    /// Exactly the shortfall, by an exact-output swap.
    ExactOut,
    /// `SPEND_PER_STEP` x the spot price in xDAI, by an exact-input swap, whatever it holds
    /// (the original's organizations and power users).
    PriceIn,
}

/// The order in which agents act within a step (`TURN_ORDER`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TurnOrder {
    /// Phase by phase (spend, trade, liquidity), each in a shuffle by `SimRng`.
    Phases,
    /// Each agent's whole turn (spend, deposit, trade, collect fees) in join order.
    Agents,
}

/// How each entry splits its newcomers among the roles (`ENTRY_RULE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryRule {
    /// `AGENTS_PER_ENTRY` newcomers, each taking the role furthest below its share.
    Quota,
    /// Each role grows to `round((members + AGENTS_PER_ENTRY) x share)` (ties to even), in role
    /// order.
    Rounded,
}

/// Which formats a run, sweep or merge writes its tables in (`OUTPUT_FORMAT`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// CSV only (the default).
    #[default]
    Csv,
    /// Parquet only.
    Parquet,
    /// Every table as CSV and as Parquet.
    Both,
}

impl OutputFormat {
    /// Every format, as `OUTPUT_FORMAT` names them.
    pub const ALL: [OutputFormat; 3] = [OutputFormat::Csv, OutputFormat::Parquet, OutputFormat::Both];

    /// The name as `OUTPUT_FORMAT` takes it.
    pub const fn name(self) -> &'static str {
        match self {
            OutputFormat::Csv => "csv",
            OutputFormat::Parquet => "parquet",
            OutputFormat::Both => "both",
        }
    }

    /// The format called `name` (`csv`, `parquet`, `both`).
    pub fn from_name(name: &str) -> Option<OutputFormat> {
        OutputFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    /// True if CSV files are written.
    pub const fn csv(self) -> bool {
        matches!(self, OutputFormat::Csv | OutputFormat::Both)
    }

    /// True if Parquet files are written.
    pub const fn parquet(self) -> bool {
        matches!(self, OutputFormat::Parquet | OutputFormat::Both)
    }
}

impl std::fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Parameters of one agent archetype (one role). Every field has an env key
/// `<ROLE>_<FIELD>` (e.g. `DEGEN_USER_INITIAL_DDT`) and a TOML key in lower case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArchetypeParams {
    /// Role name as it appears in columns, keys and logs, e.g. `degen_user`.
    pub role: String,
    /// Share of the population, a fraction in [0, 1]; the shares of all roles sum to exactly 1.
    pub share: Wad,
    /// Members present from the start (`<ROLE>_FOUNDERS`): they join at step 0 before its entry.
    pub founders: u64,
    /// dDT minted to each member on joining.
    pub initial_ddt: Wad,
    /// xDAI endowed to each member on joining.
    pub initial_xdai: Wad,
    /// dDT spent on compute each step (spent up to what the member holds).
    pub spend_per_step: Wad,
    /// If the member holds less than `spend_per_step`, buy the shortfall (exact-output swap).
    pub buys_shortfall: bool,
    /// How the shortfall is bought.
    pub buy: BuyRule,
    /// Buy the shortfall only while the spot price (xDAI per dDT) is at most this; `None` = any.
    pub max_buy_price: Option<Wad>,
    /// dDT sold for xDAI each step, after spending (up to what the member holds).
    pub sell_per_step: Wad,
    /// Spend and sell less than the per-step amounts when holding less; if false, nothing.
    pub partial: bool,
    /// dDT deposited as liquidity on joining (router-style, together with `seed_liquidity_xdai`).
    pub seed_liquidity_ddt: Wad,
    /// xDAI deposited as liquidity on joining.
    pub seed_liquidity_xdai: Wad,
    /// How the seed amounts are deposited.
    pub deposit: DepositRule,
    /// With [`FeeModel::Account`]: the fraction of collected fees deposited back, as that many
    /// dDT and xDAI.
    pub fee_reinvest: Wad,
    /// Sell every dDT the member holds at each step's trade phase (the degens' dump).
    pub dumps_ddt: bool,
    /// Fraction of The Pie's payout that goes to this role as a group, in [0, 1].
    pub pie_share: Wad,
    /// What members of this role do with their Pie share.
    pub pie_use: PieUse,
}

/// Every parameter of a run of the seed scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Steps to simulate (`TOTAL_STEPS`), at least 1.
    pub total_steps: u64,
    /// Agents join at step 0 and then every `entry_steps` steps (`ENTRY_STEPS`), at least 1.
    pub entry_steps: u64,
    /// Agents that join at each entry (`AGENTS_PER_ENTRY`), may be 0.
    pub agents_per_entry: u64,
    /// LP fee in parts per million (`FEE_RATE` 0.003 -> 3000); `FEE_RATE` in [0, 1) with at most
    /// 6 decimals.
    pub fee_ppm: u32,
    /// Fraction of its holdings that The Pie pays out each step (`PIE_PAYOUT_RATE`, 0.7).
    pub pie_payout_rate: Wad,
    /// The order of turns within a step (`TURN_ORDER`).
    pub turn_order: TurnOrder,
    /// Where swap fees go (`FEE_MODEL`).
    pub fee_model: FeeModel,
    /// How entries split newcomers among roles (`ENTRY_RULE`).
    pub entry_rule: EntryRule,
    /// The price reported while the pool is empty (`EMPTY_POOL_PRICE`).
    pub empty_pool_price: Wad,
    /// Seed of the run's one random number generator (`SEED`).
    pub seed: u64,
    /// Where outputs go (`OUTPUT_DIR`).
    pub output_dir: PathBuf,
    /// The formats of the tables (`OUTPUT_FORMAT`: csv, parquet or both).
    pub output_format: OutputFormat,
    /// Write the transaction log (`TX_LOG`, on/off).
    pub tx_log: bool,
    /// Check the books after every step (`CHECK_BOOKS`, on by default).
    pub check_books: bool,
    /// Write `simulation_results.png` (`PLOT`, on by default).
    pub plot: bool,
    /// The archetypes, in a fixed order (the seed's: degen, organization, power, active, casual).
    pub archetypes: Vec<ArchetypeParams>,
}
