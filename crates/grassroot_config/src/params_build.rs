//! Building the engine's [`Params`] from validated [`Settings`].

use crate::error::ConfigError;
use crate::keys::{self, role};
use crate::params::{ArchetypeParams, Params};
use crate::schema::role_key;
use crate::settings::Settings;

impl Params {
    /// The typed parameters of the seed scenario from validated settings: the run keys,
    /// and one [`ArchetypeParams`] per role registered in the settings' schema, in order.
    ///
    /// Fails only if the schema lacks a seed key or gives it another kind (a schema built by a
    /// plugin without [`crate::Schema::seed`]).
    pub fn from_settings(s: &Settings) -> Result<Params, ConfigError> {
        let archetypes = s.schema().roles().iter().map(|role| archetype(s, role)).collect::<Result<Vec<_>, _>>()?;
        Ok(Params {
            total_steps: s.get_u64(keys::TOTAL_STEPS)?,
            entry_steps: s.get_u64(keys::ENTRY_STEPS)?,
            agents_per_entry: s.get_u64(keys::AGENTS_PER_ENTRY)?,
            fee_ppm: s.get_ppm(keys::FEE_RATE)?,
            pie_payout_rate: s.get_fraction(keys::PIE_PAYOUT_RATE)?,
            turn_order: s.choice(keys::TURN_ORDER)?,
            fee_model: s.choice(keys::FEE_MODEL)?,
            entry_rule: s.choice(keys::ENTRY_RULE)?,
            empty_pool_price: s.get_wad(keys::EMPTY_POOL_PRICE)?,
            seed: s.get_u64(keys::SEED)?,
            tx_log: s.get_bool(keys::TX_LOG)?,
            check_books: s.get_bool(keys::CHECK_BOOKS)?,
            archetypes,
        })
    }

    /// The seed scenario's defaults (the original simulation's `env.example`).
    pub fn seed_defaults() -> Params {
        Settings::defaults(&crate::Schema::seed())
            .and_then(|s| s.params())
            .expect("the seed schema's defaults are valid (tested)")
    }
}

/// The parameters of one role.
fn archetype(s: &Settings, role: &str) -> Result<ArchetypeParams, ConfigError> {
    let k = |suffix: &str| role_key(role, suffix);
    Ok(ArchetypeParams {
        role: role.to_owned(),
        share: s.get_fraction(&k(role::SHARE))?,
        founders: s.get_u64(&k(role::FOUNDERS))?,
        initial_ddt: s.get_wad(&k(role::INITIAL_DDT))?,
        initial_xdai: s.get_wad(&k(role::INITIAL_XDAI))?,
        spend_per_step: s.get_wad(&k(role::SPEND_PER_STEP))?,
        buys_shortfall: s.get_bool(&k(role::BUYS_SHORTFALL))?,
        buy: s.choice(&k(role::BUY))?,
        max_buy_price: s.get_price(&k(role::MAX_BUY_PRICE))?,
        sell_per_step: s.get_wad(&k(role::SELL_PER_STEP))?,
        partial: s.get_bool(&k(role::PARTIAL))?,
        seed_liquidity_ddt: s.get_wad(&k(role::SEED_LIQUIDITY_DDT))?,
        seed_liquidity_xdai: s.get_wad(&k(role::SEED_LIQUIDITY_XDAI))?,
        deposit: s.choice(&k(role::DEPOSIT))?,
        fee_reinvest: s.get_fraction(&k(role::FEE_REINVEST))?,
        dumps_ddt: s.get_bool(&k(role::DUMPS_DDT))?,
        pie_share: s.get_fraction(&k(role::PIE_SHARE))?,
        pie_use: s.choice(&k(role::PIE_USE))?,
    })
}

#[cfg(test)]
mod tests {
    use grassroot_amm::Wad;

    use super::*;
    use crate::params::{BuyRule, DepositRule, PieUse};

    fn wad(s: &str) -> Wad {
        Wad::parse(s).expect("test literal")
    }

    #[test]
    fn seed_defaults_match_the_seed_readme() {
        let p = Params::seed_defaults();
        assert_eq!((p.total_steps, p.entry_steps, p.agents_per_entry, p.seed), (2000, 5, 10, 42));
        assert_eq!(p.fee_ppm, 3000);
        assert_eq!(p.pie_payout_rate, wad("0.7"));
        assert!(p.tx_log && p.check_books);
        let roles: Vec<&str> = p.archetypes.iter().map(|a| a.role.as_str()).collect();
        assert_eq!(roles, ["degen_user", "organization", "power_user", "active_user", "casual_user"]);
        let [degen, org, power, active, casual] = &p.archetypes[..] else {
            panic!("five roles");
        };
        let z = Wad::ZERO;
        assert_eq!(
            *degen,
            ArchetypeParams {
                role: "degen_user".into(),
                share: wad("0.4"),
                founders: 0,
                initial_ddt: wad("100"),
                initial_xdai: wad("10"),
                spend_per_step: z,
                buys_shortfall: false,
                buy: BuyRule::ExactOut,
                max_buy_price: None,
                sell_per_step: z,
                partial: true,
                seed_liquidity_ddt: wad("10"),
                seed_liquidity_xdai: wad("10"),
                deposit: DepositRule::Pair,
                fee_reinvest: z,
                dumps_ddt: true,
                pie_share: z,
                pie_use: PieUse::Keep,
            }
        );
        assert_eq!(
            *org,
            ArchetypeParams {
                role: "organization".into(),
                share: wad("0.05"),
                founders: 0,
                initial_ddt: z,
                initial_xdai: wad("1000"),
                spend_per_step: wad("2"),
                buys_shortfall: true,
                buy: BuyRule::ExactOut,
                max_buy_price: None,
                sell_per_step: z,
                partial: true,
                seed_liquidity_ddt: z,
                seed_liquidity_xdai: z,
                deposit: DepositRule::Pair,
                fee_reinvest: z,
                dumps_ddt: false,
                pie_share: z,
                pie_use: PieUse::Keep,
            }
        );
        assert_eq!(
            *power,
            ArchetypeParams {
                role: "power_user".into(),
                share: wad("0.05"),
                founders: 0,
                initial_ddt: wad("100"),
                initial_xdai: wad("100"),
                spend_per_step: wad("2"),
                buys_shortfall: true,
                buy: BuyRule::ExactOut,
                max_buy_price: Some(wad("2")),
                sell_per_step: z,
                partial: true,
                seed_liquidity_ddt: z,
                seed_liquidity_xdai: z,
                deposit: DepositRule::Pair,
                fee_reinvest: z,
                dumps_ddt: false,
                pie_share: wad("0.4"),
                pie_use: PieUse::Keep,
            }
        );
        assert_eq!(
            *active,
            ArchetypeParams {
                role: "active_user".into(),
                share: wad("0.3"),
                founders: 0,
                initial_ddt: wad("100"),
                initial_xdai: z,
                spend_per_step: wad("1"),
                buys_shortfall: false,
                buy: BuyRule::ExactOut,
                max_buy_price: None,
                sell_per_step: z,
                partial: true,
                seed_liquidity_ddt: z,
                seed_liquidity_xdai: z,
                deposit: DepositRule::Pair,
                fee_reinvest: z,
                dumps_ddt: false,
                pie_share: wad("0.4"),
                pie_use: PieUse::Sell,
            }
        );
        assert_eq!(
            *casual,
            ArchetypeParams {
                role: "casual_user".into(),
                share: wad("0.2"),
                founders: 0,
                initial_ddt: wad("100"),
                initial_xdai: z,
                spend_per_step: wad("0.1"),
                buys_shortfall: false,
                buy: BuyRule::ExactOut,
                max_buy_price: None,
                sell_per_step: wad("0.9"),
                partial: true,
                seed_liquidity_ddt: z,
                seed_liquidity_xdai: z,
                deposit: DepositRule::Pair,
                fee_reinvest: z,
                dumps_ddt: false,
                pie_share: wad("0.2"),
                pie_use: PieUse::Sell,
            }
        );
    }
}
