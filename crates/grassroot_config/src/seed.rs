//! `Schema::seed()`: every key of the seed scenario with its default (the original
//! simulation's `env.example`), and the role definitions.

use grassroot_amm::FeeModel;

use crate::keys;
use crate::kind::Kind;
use crate::outputs::OutputFormat;
use crate::params::{EntryRule, TurnOrder};
use crate::schema::{ParamSpec, RoleDefaults, Schema};

/// Largest `TOTAL_STEPS` accepted (a guard against typos such as an extra digit group).
pub const MAX_TOTAL_STEPS: u64 = 1_000_000_000;
/// Largest `AGENTS_PER_ENTRY` accepted.
pub const MAX_AGENTS_PER_ENTRY: u64 = 1_000_000;

/// The seed's roles, in order, with the note shown in `env.example` and their defaults.
fn seed_roles() -> [(&'static str, &'static str, RoleDefaults); 5] {
    let s = |t: &str| t.to_owned();
    let idle = RoleDefaults::default;
    [
        (
            "degen_user",
            "Degen users: add liquidity on joining, then dump all their dDT.",
            RoleDefaults {
                share: s("0.4"),
                initial_ddt: s("100"),
                initial_xdai: s("10"),
                seed_liquidity_ddt: s("10"),
                seed_liquidity_xdai: s("10"),
                dumps_ddt: s("true"),
                ..idle()
            },
        ),
        (
            "organization",
            "Organizations: hold xDAI and buy the dDT they spend on compute.",
            RoleDefaults {
                share: s("0.05"),
                initial_xdai: s("1000"),
                spend_per_step: s("2"),
                buys_shortfall: s("true"),
                ..idle()
            },
        ),
        (
            "power_user",
            "Power users: spend dDT on compute, buy the shortfall up to a price, keep their Pie share.",
            RoleDefaults {
                share: s("0.05"),
                initial_ddt: s("100"),
                initial_xdai: s("100"),
                spend_per_step: s("2"),
                buys_shortfall: s("true"),
                max_buy_price: s("2.0"),
                pie_share: s("0.4"),
                ..idle()
            },
        ),
        (
            "active_user",
            "Active users: spend dDT on compute and sell their Pie share.",
            RoleDefaults {
                share: s("0.3"),
                initial_ddt: s("100"),
                spend_per_step: s("1"),
                pie_share: s("0.4"),
                pie_use: s("sell"),
                ..idle()
            },
        ),
        (
            "casual_user",
            "Casual users: spend a little, sell a little every step, sell their Pie share.",
            RoleDefaults {
                share: s("0.2"),
                initial_ddt: s("100"),
                spend_per_step: s("0.1"),
                sell_per_step: s("0.9"),
                pie_share: s("0.2"),
                pie_use: s("sell"),
                ..idle()
            },
        ),
    ]
}

impl Schema {
    /// Every key of the seed scenario, with the seed's defaults, its five roles (degen_user,
    /// organization, power_user, active_user, casual_user), the share sum rules and the
    /// shorthand flags `--steps`, `--seed`, `--out`.
    pub fn seed() -> Schema {
        let mut s = Schema::new();
        let sim = "Simulation";
        let rules = "Rules";
        let out = "Outputs";
        let specs = [
            ParamSpec::new(
                keys::TOTAL_STEPS,
                Kind::UInt { min: 1, max: MAX_TOTAL_STEPS },
                "2000",
                "Number of simulation steps.",
            )
            .in_group(sim),
            ParamSpec::new(
                keys::ENTRY_STEPS,
                Kind::UInt { min: 1, max: u64::MAX },
                "5",
                "New agents join at step 0 and then every ENTRY_STEPS steps.",
            )
            .in_group(sim),
            ParamSpec::new(
                keys::AGENTS_PER_ENTRY,
                Kind::UInt { min: 0, max: MAX_AGENTS_PER_ENTRY },
                "10",
                "Agents added at each entry, split among the roles by their *_SHARE.",
            )
            .in_group(sim),
            ParamSpec::new(keys::FEE_RATE, Kind::Rate, "0.003", "Liquidity provider fee of the dDT/xDAI pool.")
                .in_group(sim),
            ParamSpec::new(
                keys::PIE_PAYOUT_RATE,
                Kind::Fraction,
                "0.7",
                "Fraction of The Pie's dDT paid out to the roles each step; the rest stays in The Pie.",
            )
            .in_group(sim),
            ParamSpec::new(
                keys::SEED,
                Kind::UInt { min: 0, max: u64::MAX },
                "42",
                "Seed of the run's random number generator (same seed, same run).",
            )
            .in_group(sim),
            ParamSpec::new(
                keys::TURN_ORDER,
                Kind::of::<TurnOrder>(),
                "phases",
                "phases: every agent spends, then every agent trades, then deposits, each phase in a SimRng \
                 shuffle; agents: each agent's whole turn in join order (the original's).",
            )
            .in_group(rules),
            ParamSpec::new(
                keys::FEE_MODEL,
                Kind::of::<FeeModel>(),
                "reserves",
                "reserves: the fee is taken on the input and stays in the pool (Uniswap v2); account: it leaves \
                 the reserves, in xDAI, into a fee account that LP holders collect each step (the original's).",
            )
            .in_group(rules),
            ParamSpec::new(
                keys::ENTRY_RULE,
                Kind::of::<EntryRule>(),
                "quota",
                "quota: each newcomer takes the role furthest below its share; rounded: each role grows to \
                 round((members + AGENTS_PER_ENTRY) x share), ties to even, in role order (the original's).",
            )
            .in_group(rules),
            ParamSpec::new(
                keys::EMPTY_POOL_PRICE,
                Kind::amount(),
                "0",
                "The price reported (xDAI per dDT) while the pool holds no liquidity (the original reports 1).",
            )
            .in_group(rules),
            ParamSpec::new(keys::OUTPUT_DIR, Kind::Path, "output", "Directory the run's files are written to.")
                .in_group(out),
            ParamSpec::new(
                keys::OUTPUT_FORMAT,
                Kind::of::<OutputFormat>(),
                "csv",
                "csv: the tables as CSV; parquet: as Parquet (exact amounts as Decimal128(38, 18), no float \
                 rounding; every amount must stay below 10^20 tokens); both: each table in both formats.",
            )
            .in_group(out),
            ParamSpec::new(
                keys::TX_LOG,
                Kind::Bool,
                "on",
                "Write the transaction log (transaction_history.csv / .parquet).",
            )
            .in_group(out),
            ParamSpec::new(keys::CHECK_BOOKS, Kind::Bool, "on", "Check that the books balance after every step.")
                .in_group(out),
            ParamSpec::new(keys::PLOT, Kind::Bool, "on", "Write simulation_results.png.").in_group(out),
        ];
        for spec in specs {
            s.push_unchecked(spec);
        }
        s.set_group_note(sim, "How long the run is, how agents join, the pool fee and The Pie.");
        s.set_group_note(
            rules,
            "Rules where the original simulation chose differently; docs/original.md compares each with it.",
        );
        s.set_group_note(out, "What the run writes.");
        for (role, note, defaults) in seed_roles() {
            s.add_role_unchecked(role, note, &defaults);
        }
        for (flag, key) in [("--steps", keys::TOTAL_STEPS), ("--seed", keys::SEED), ("--out", keys::OUTPUT_DIR)] {
            s.push_alias_unchecked(flag, key);
        }
        s
    }

    fn push_alias_unchecked(&mut self, flag: &str, key: &str) {
        // `add_flag_alias` can only fail for an unregistered key or a flag without `--`; both
        // are fixed above and covered by the `seed_schema_is_valid` test.
        if self.add_flag_alias(flag, key).is_err() {
            debug_assert!(false, "seed alias {flag} -> {key} is invalid");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_schema_is_valid() {
        let s = Schema::seed();
        assert!(s.validate().is_ok(), "{:?}", s.validate());
        assert_eq!(s.specs().len(), 15 + 5 * 17);
        assert_eq!(s.roles(), ["degen_user", "organization", "power_user", "active_user", "casual_user"]);
        assert_eq!(s.flag_key("--steps"), Some("TOTAL_STEPS"));
    }
}
