//! The seed scenario's keys as constants, so that the schema ([`crate::Schema::seed`]) and
//! every reader ([`crate::Params::from_settings`], the programs) name a key in one place.

/// Number of simulation steps.
pub const TOTAL_STEPS: &str = "TOTAL_STEPS";
/// Steps between entries.
pub const ENTRY_STEPS: &str = "ENTRY_STEPS";
/// Agents added at each entry.
pub const AGENTS_PER_ENTRY: &str = "AGENTS_PER_ENTRY";
/// The pool's LP fee.
pub const FEE_RATE: &str = "FEE_RATE";
/// The fraction of The Pie paid out each step.
pub const PIE_PAYOUT_RATE: &str = "PIE_PAYOUT_RATE";
/// The seed of the run's random number generator.
pub const SEED: &str = "SEED";
/// The order of turns within a step.
pub const TURN_ORDER: &str = "TURN_ORDER";
/// Where swap fees go.
pub const FEE_MODEL: &str = "FEE_MODEL";
/// How entries split newcomers among the roles.
pub const ENTRY_RULE: &str = "ENTRY_RULE";
/// The price reported while the pool is empty.
pub const EMPTY_POOL_PRICE: &str = "EMPTY_POOL_PRICE";
/// The folder outputs are written to.
pub const OUTPUT_DIR: &str = "OUTPUT_DIR";
/// The formats of the tables.
pub const OUTPUT_FORMAT: &str = "OUTPUT_FORMAT";
/// Whether the transaction log is written.
pub const TX_LOG: &str = "TX_LOG";
/// Whether the books are checked after every step.
pub const CHECK_BOOKS: &str = "CHECK_BOOKS";
/// Whether the figure is drawn.
pub const PLOT: &str = "PLOT";

/// Role key suffixes: a role's key is `<ROLE>_<SUFFIX>` ([`crate::role_key`]).
pub mod role {
    /// Share of the population.
    pub const SHARE: &str = "SHARE";
    /// Members present from the start.
    pub const FOUNDERS: &str = "FOUNDERS";
    /// dDT minted to each member on joining.
    pub const INITIAL_DDT: &str = "INITIAL_DDT";
    /// xDAI endowed to each member on joining.
    pub const INITIAL_XDAI: &str = "INITIAL_XDAI";
    /// dDT spent on compute each step.
    pub const SPEND_PER_STEP: &str = "SPEND_PER_STEP";
    /// Whether the compute shortfall is bought.
    pub const BUYS_SHORTFALL: &str = "BUYS_SHORTFALL";
    /// How the shortfall is bought.
    pub const BUY: &str = "BUY";
    /// The highest price the shortfall is bought at.
    pub const MAX_BUY_PRICE: &str = "MAX_BUY_PRICE";
    /// dDT sold each step.
    pub const SELL_PER_STEP: &str = "SELL_PER_STEP";
    /// Whether less than the per-step amounts is spent or sold.
    pub const PARTIAL: &str = "PARTIAL";
    /// dDT deposited as liquidity on joining.
    pub const SEED_LIQUIDITY_DDT: &str = "SEED_LIQUIDITY_DDT";
    /// xDAI deposited as liquidity on joining.
    pub const SEED_LIQUIDITY_XDAI: &str = "SEED_LIQUIDITY_XDAI";
    /// How the seed liquidity is deposited.
    pub const DEPOSIT: &str = "DEPOSIT";
    /// The share of collected fees deposited back.
    pub const FEE_REINVEST: &str = "FEE_REINVEST";
    /// Whether the member sells every dDT each step.
    pub const DUMPS_DDT: &str = "DUMPS_DDT";
    /// The role's share of The Pie's payout.
    pub const PIE_SHARE: &str = "PIE_SHARE";
    /// What members do with their Pie share.
    pub const PIE_USE: &str = "PIE_USE";
}
