//! Building the engine's [`Params`] from validated [`Settings`].

use crate::error::{ConfigError, ErrorKind};
use grassroot_amm::FeeModel;

use crate::params::{ArchetypeParams, BuyRule, DepositRule, EntryRule, OutputFormat, Params, PieUse, TurnOrder};
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
            total_steps: s.get_u64("TOTAL_STEPS")?,
            entry_steps: s.get_u64("ENTRY_STEPS")?,
            agents_per_entry: s.get_u64("AGENTS_PER_ENTRY")?,
            fee_ppm: s.get_ppm("FEE_RATE")?,
            pie_payout_rate: s.get_fraction("PIE_PAYOUT_RATE")?,
            turn_order: choice(s, "TURN_ORDER", &[("phases", TurnOrder::Phases), ("agents", TurnOrder::Agents)])?,
            fee_model: choice(s, "FEE_MODEL", &[("reserves", FeeModel::Reserves), ("account", FeeModel::Account)])?,
            entry_rule: choice(s, "ENTRY_RULE", &[("quota", EntryRule::Quota), ("rounded", EntryRule::Rounded)])?,
            empty_pool_price: s.get_wad("EMPTY_POOL_PRICE")?,
            seed: s.get_u64("SEED")?,
            output_dir: s.get_path("OUTPUT_DIR")?.to_path_buf(),
            output_format: choice(
                s,
                "OUTPUT_FORMAT",
                &[("csv", OutputFormat::Csv), ("parquet", OutputFormat::Parquet), ("both", OutputFormat::Both)],
            )?,
            tx_log: s.get_bool("TX_LOG")?,
            check_books: s.get_bool("CHECK_BOOKS")?,
            plot: s.get_bool("PLOT")?,
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

/// The value of choice `key` as one of `names`' values (the schema allows exactly those names).
fn choice<T: Copy>(s: &Settings, key: &str, names: &[(&str, T)]) -> Result<T, ConfigError> {
    let text = s.get_choice(key)?;
    names.iter().find(|(name, _)| *name == text).map(|(_, v)| *v).ok_or_else(|| {
        let allowed: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        ConfigError::new(ErrorKind::Schema, format!("is not one of {}", allowed.join(", ")))
            .with_key(key)
            .with_value(text)
    })
}

/// The parameters of one role.
fn archetype(s: &Settings, role: &str) -> Result<ArchetypeParams, ConfigError> {
    let k = |suffix: &str| role_key(role, suffix);
    Ok(ArchetypeParams {
        role: role.to_owned(),
        share: s.get_fraction(&k("SHARE"))?,
        founders: s.get_u64(&k("FOUNDERS"))?,
        initial_ddt: s.get_wad(&k("INITIAL_DDT"))?,
        initial_xdai: s.get_wad(&k("INITIAL_XDAI"))?,
        spend_per_step: s.get_wad(&k("SPEND_PER_STEP"))?,
        buys_shortfall: s.get_bool(&k("BUYS_SHORTFALL"))?,
        buy: choice(s, &k("BUY"), &[("exact_out", BuyRule::ExactOut), ("price_in", BuyRule::PriceIn)])?,
        max_buy_price: s.get_price(&k("MAX_BUY_PRICE"))?,
        sell_per_step: s.get_wad(&k("SELL_PER_STEP"))?,
        partial: s.get_bool(&k("PARTIAL"))?,
        seed_liquidity_ddt: s.get_wad(&k("SEED_LIQUIDITY_DDT"))?,
        seed_liquidity_xdai: s.get_wad(&k("SEED_LIQUIDITY_XDAI"))?,
        deposit: choice(s, &k("DEPOSIT"), &[("pair", DepositRule::Pair), ("router", DepositRule::Router)])?,
        fee_reinvest: s.get_fraction(&k("FEE_REINVEST"))?,
        dumps_ddt: s.get_bool(&k("DUMPS_DDT"))?,
        pie_share: s.get_fraction(&k("PIE_SHARE"))?,
        pie_use: choice(s, &k("PIE_USE"), &[("keep", PieUse::Keep), ("sell", PieUse::Sell)])?,
    })
}

#[cfg(test)]
mod tests {
    use grassroot_amm::Wad;

    use super::*;

    fn wad(s: &str) -> Wad {
        Wad::parse(s).expect("test literal")
    }

    #[test]
    fn seed_defaults_match_the_seed_readme() {
        let p = Params::seed_defaults();
        assert_eq!((p.total_steps, p.entry_steps, p.agents_per_entry, p.seed), (2000, 5, 10, 42));
        assert_eq!(p.fee_ppm, 3000);
        assert_eq!(p.pie_payout_rate, wad("0.7"));
        assert_eq!(p.output_dir, std::path::PathBuf::from("output"));
        assert!(p.tx_log && p.check_books && p.plot);
        assert_eq!(p.output_format, OutputFormat::Csv);
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
