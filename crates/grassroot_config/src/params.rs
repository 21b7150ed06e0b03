//! The typed parameters of a run of the seed scenario, as the engine reads them: no paths, no
//! output formats (those are [`crate::OutputOptions`], the report layer's).
//!
//! `Params` is plain data: building it from layers (defaults, TOML, `.env`, environment, flags)
//! and validating it is the job of the rest of this crate. The engine never reads env vars.

use grassroot_amm::{FeeModel, Wad};

use crate::choice::Choice;

/// What a member does with the dDT The Pie pays it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieUse {
    /// Keep the dDT (e.g. to spend on compute later).
    Keep,
    /// Sell the dDT for xDAI on the market at once.
    Sell,
}

impl Choice for PieUse {
    const NAMES: &'static [(&'static str, Self)] = &[("keep", PieUse::Keep), ("sell", PieUse::Sell)];
}

/// How a member that seeds liquidity deposits (`<ROLE>_DEPOSIT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DepositRule {
    /// Both amounts go to the pair whole and it mints (Uniswap `Pair.mint`): what exceeds the
    /// pool's ratio accrues to every LP.
    Pair,
    /// The router's deposit: only the pool's ratio of the amounts is taken, the rest stays.
    Router,
}

impl Choice for DepositRule {
    const NAMES: &'static [(&'static str, Self)] = &[("pair", DepositRule::Pair), ("router", DepositRule::Router)];
}

/// How a member buys the dDT it lacks for its compute (`<ROLE>_BUY`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuyRule {
    /// Exactly the shortfall, by an exact-output swap.
    ExactOut,
    /// `SPEND_PER_STEP` x the spot price in xDAI, by an exact-input swap, whatever it holds
    /// (the original's organizations and power users).
    PriceIn,
}

impl Choice for BuyRule {
    const NAMES: &'static [(&'static str, Self)] = &[("exact_out", BuyRule::ExactOut), ("price_in", BuyRule::PriceIn)];
}

/// The order in which agents act within a step (`TURN_ORDER`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TurnOrder {
    /// Phase by phase (spend, trade, liquidity), each in a shuffle by `SimRng`.
    Phases,
    /// Each agent's whole turn (spend, deposit, trade, collect fees) in join order.
    Agents,
}

impl Choice for TurnOrder {
    const NAMES: &'static [(&'static str, Self)] = &[("phases", TurnOrder::Phases), ("agents", TurnOrder::Agents)];
}

/// How each entry splits its newcomers among the roles (`ENTRY_RULE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryRule {
    /// `AGENTS_PER_ENTRY` newcomers, each taking the role furthest below its share.
    Quota,
    /// Each role grows to `round((members + AGENTS_PER_ENTRY) x share)` (ties to even), in role
    /// order.
    Rounded,
}

impl Choice for EntryRule {
    const NAMES: &'static [(&'static str, Self)] = &[("quota", EntryRule::Quota), ("rounded", EntryRule::Rounded)];
}

/// Parameters of one agent archetype (one role). Every field has an env key
/// `<ROLE>_<FIELD>` (e.g. `DEGEN_USER_INITIAL_DDT`) and a TOML key in lower case.
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
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
    /// Record each step's transactions (`TX_LOG`, on/off).
    pub tx_log: bool,
    /// Check the books after every step (`CHECK_BOOKS`, on by default).
    pub check_books: bool,
    /// The archetypes, in a fixed order (the seed's: degen, organization, power, active, casual).
    pub archetypes: Vec<ArchetypeParams>,
}
