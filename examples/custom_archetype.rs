//! A new archetype with its own behaviour: arbitrageurs trade the pool back toward a reference price.
//! Run: cargo run --release --example custom_archetype -- --steps 500 --set ARBITRAGEUR_REFERENCE_PRICE=0.005
//!
//! Three pieces, none of them inside the engine:
//!
//! 1. The role's keys (`ARBITRAGEUR_SHARE`, `ARBITRAGEUR_INITIAL_XDAI`, ... as for every seed
//!    role) are registered with [`App::role`], so they are read from flags, `.env`, the
//!    environment and TOML and validated with the others: the role shares must still sum to
//!    exactly 1, so the arbitrageurs' default 5% is taken from the degens
//!    (`DEGEN_USER_SHARE` 0.4 -> 0.35). To give them 10%, lower another role as much:
//!    `--set ARBITRAGEUR_SHARE=0.1 --set DEGEN_USER_SHARE=0.3`.
//! 2. The scenario builds the role's archetype from those keys, like the seed's five (starting
//!    balances, Pie share). [`ArbitragePlugin`] gives its members one more component,
//!    [`Arbitrageur`], whose parameters are two keys of its own added with [`App::param`].
//! 3. One system, [`arbitrage`], in the trade phase, acts on that component through
//!    [`Economy`], which moves the wallets, logs the trades and keeps the books.
//!
//! Their trades appear in `transaction_history.csv` under the role `arbitrageur`, their head
//! count and holdings in `simulation_data.csv` (`agents_arbitrageur`, ...). The degens' dumps
//! soon push the seed's price far below the default reference of 1, so there the arbitrageurs
//! only buy, until their xDAI runs out; with a reference near the market's (0.005, as above)
//! they sell while the price is above it and buy while it is below, and hold it close under.

use std::process::ExitCode;

use grassroot::amm::SCALE;
use grassroot::amm::math::sqrt_floor;
use grassroot::prelude::*;

/// The role's name: its keys are `ARBITRAGEUR_<FIELD>`, its columns `..._arbitrageur`.
const ROLE: &str = "arbitrageur";
/// The price the arbitrageurs trade toward.
const REFERENCE_PRICE: &str = "ARBITRAGEUR_REFERENCE_PRICE";
/// The most xDAI an arbitrageur trades per step.
const MAX_XDAI_PER_STEP: &str = "ARBITRAGEUR_MAX_XDAI_PER_STEP";

fn main() -> ExitCode {
    let group = format!("Role: {ROLE}");
    App::seed()
        .named("arbitrage")
        .role(
            ROLE,
            "Arbitrageurs: trade the pool back toward ARBITRAGEUR_REFERENCE_PRICE (custom_archetype example).",
            &RoleDefaults {
                share: "0.05".to_owned(),
                initial_ddt: "50".to_owned(),
                initial_xdai: "100".to_owned(),
                ..RoleDefaults::default()
            },
        )
        // The five seed shares sum to 1; the arbitrageurs' 5% comes out of the degens' 40%.
        .param_default("DEGEN_USER_SHARE", "0.35")
        .param(
            ParamSpec::new(
                REFERENCE_PRICE,
                Kind::Amount { min: Wad::from_raw(1), max: None },
                "1",
                "Price (xDAI per dDT) the arbitrageurs trade the pool back toward.",
            )
            .in_group(&group),
        )
        .param(
            ParamSpec::new(
                MAX_XDAI_PER_STEP,
                Kind::amount(),
                "5",
                "Most xDAI each arbitrageur spends, or receives for dDT, per step.",
            )
            .in_group(&group),
        )
        .plugin(ArbitragePlugin)
        .main()
}

/// Trades the pool back toward `reference_price` whenever the price is off by more than the
/// pool's fee: buys dDT below it, sells above it, at most `max_xdai_per_step` worth per step.
#[derive(Component, Clone, Copy, Debug)]
pub struct Arbitrageur {
    /// xDAI per dDT.
    pub reference_price: Wad,
    /// The most xDAI spent (or received) per step.
    pub max_xdai_per_step: Wad,
}

/// Gives the `arbitrageur` role its [`Arbitrageur`] component and runs [`arbitrage`] in the
/// trade phase.
pub struct ArbitragePlugin;

impl Plugin for ArbitragePlugin {
    fn build(&self, sim: &mut SimBuilder) {
        // The plugin's own keys, as resolved by `App` (defaults if built from bare `Params`).
        let setting = |key: &str, default: Wad| sim.settings().and_then(|s| s.get_wad(key).ok()).unwrap_or(default);
        let behaviour = Arbitrageur {
            reference_price: setting(REFERENCE_PRICE, Wad::ONE),
            max_xdai_per_step: setting(MAX_XDAI_PER_STEP, Wad::from_tokens(5)),
        };
        sim.add_bundle(ROLE, behaviour).add_systems(SimSet::Trade, arbitrage);
    }
}

/// Each arbitrageur in its turn (`Turns::shuffled`: shuffled from `AgentId` order, like the
/// engine's own behaviours): if the spot price is below `reference * (1 - fee)`, it buys dDT
/// with the xDAI that would bring the pool's price back to the reference (ignoring the fee);
/// if above `reference / (1 - fee)`, it sells the dDT that would. Both are capped by its
/// `max_xdai_per_step` and its wallet. Exact integer arithmetic, so runs stay reproducible.
pub fn arbitrage(
    mut agents: Query<(Entity, &AgentId, &Role, &mut Wallet, &Arbitrageur)>,
    mut turns: Local<Turns>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
) {
    for &(_, entity) in turns.shuffled(&mut rng, agents.iter().map(|a| (*a.1, a.0))) {
        let Ok((_, id, role, mut wallet, arb)) = agents.get_mut(entity) else { continue };
        let pool = economy.pool();
        if !pool.is_open() {
            return;
        }
        let (ddt, xdai) = (pool.reserve_ddt(), pool.reserve_xdai());
        let keep = u128::from(1_000_000 - pool.fee_ppm());
        let price = arb.reference_price;
        let (Ok(low), Ok(high)) = (price.mul_div(keep, 1_000_000), price.mul_div(1_000_000, keep)) else { continue };
        let who = Actor::new(id, role);
        if pool.price_at_most(low) {
            // Target reserves at the reference price keep k: xdai' = sqrt(xdai * ddt * price).
            let Ok(xdai_times_price) = xdai.mul_frac(price) else { continue };
            let target = Wad::from_raw(sqrt_floor(xdai_times_price.raw(), ddt.raw()));
            let xdai_in = target.saturating_sub(xdai).min(arb.max_xdai_per_step).min(wallet.xdai);
            if !xdai_in.is_zero() {
                // A refused trade changes nothing and is counted in `trades_failed`.
                let _ = economy.buy_ddt_with(who, &mut wallet, xdai_in);
            }
        } else if !pool.price_at_most(high) {
            // ddt' = sqrt(ddt * xdai / price); the cap is max_xdai_per_step worth at spot.
            let (Ok(xdai_per_price), Ok(cap)) =
                (xdai.mul_div(SCALE, price.raw()), arb.max_xdai_per_step.mul_div(ddt.raw(), xdai.raw()))
            else {
                continue;
            };
            let target = Wad::from_raw(sqrt_floor(ddt.raw(), xdai_per_price.raw()));
            let ddt_in = target.saturating_sub(ddt).min(cap).min(wallet.ddt);
            if !ddt_in.is_zero() {
                let _ = economy.sell_ddt(who, &mut wallet, ddt_in);
            }
        }
    }
}
