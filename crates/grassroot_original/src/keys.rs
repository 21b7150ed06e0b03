//! The original scenario's keys (group `Original`): one switch per defect, on by default, and
//! `<ROLE>_OVERSPENDS` per role; and the original's `config.py` as the defaults of the
//! ordinary keys whose values it chose differently.

use grassroot_config::{ConfigError, Kind, ParamSpec, Schema, role_key};

/// The heading of the original's keys in `env.example`.
pub const GROUP: &str = "Original";

/// The Pie's payout reaches nobody.
pub const PIE_PAYS_NOBODY: &str = "ORIGINAL_PIE_PAYS_NOBODY";
/// A fee collection resets the fee account.
pub const FEE_RESET: &str = "ORIGINAL_FEE_RESET";
/// Reinvested fees are paired with created dDT.
pub const REINVEST_CREATES_DDT: &str = "ORIGINAL_REINVEST_CREATES_DDT";
/// Decisions compare float64 balances.
pub const FLOAT_BALANCES: &str = "ORIGINAL_FLOAT_BALANCES";
/// LP units minted by the dDT side.
pub const LP_SHARES: &str = "ORIGINAL_LP_SHARES";
/// Role key suffix: after a purchase, the member spends its whole demand.
pub const OVERSPENDS: &str = "OVERSPENDS";

/// The defect switches with their help.
const SWITCHES: [(&str, &str); 5] = [
    (
        PIE_PAYS_NOBODY,
        "The Pie deducts its payout every step and pays it to nobody (its groups never match a member); off: it \
         pays the roles by their *_PIE_SHARE.",
    ),
    (
        FEE_RESET,
        "Each LP's fee collection empties the fee account: what the other LPs were owed is forfeited; off: the \
         rest stays for them.",
    ),
    (
        REINVEST_CREATES_DDT,
        "Reinvested fees are deposited with as many dDT, created for it; off: the dDT must come from the wallet.",
    ),
    (
        FLOAT_BALANCES,
        "Members decide whether they hold enough by a float64 running balance, as the original does (a casual \
         user's last 0.9 dDT sale does not happen); off: by the exact balance.",
    ),
    (
        LP_SHARES,
        "LP units are minted in proportion to the dDT deposited (the first deposit's dDT, none locked), as the \
         original counts shares; off: Uniswap's mint.",
    ),
];

/// True if `schema` has the original's keys.
pub fn has_params(schema: &Schema) -> bool {
    schema.spec(PIE_PAYS_NOBODY).is_some()
}

/// Registers the original's keys on `schema` (which has its roles): the five switches, on,
/// and `<ROLE>_OVERSPENDS` for every role, on for `power_user` only.
pub fn add_params(schema: &mut Schema) -> Result<(), ConfigError> {
    for (key, help) in SWITCHES {
        schema.add(ParamSpec::new(key, Kind::Bool, "on", help).in_group(GROUP))?;
    }
    let roles: Vec<String> = schema.roles().to_vec();
    for role in roles {
        let default = if role == "power_user" { "on" } else { "off" };
        let help = "After buying, the member spends its whole SPEND_PER_STEP even if the purchase gave less: the \
                    missing dDT is created (the original's power users).";
        schema.add(ParamSpec::new(role_key(&role, OVERSPENDS), Kind::Bool, default, help).in_group(GROUP))?;
    }
    schema.set_group_note(GROUP, "The original simulation's defects, reproduced by --scenario original only.");
    Ok(())
}

/// The original's `config.py` and code as defaults of the ordinary keys where grassroot's
/// differ. Fails only for a schema without the seed's keys and roles.
pub fn set_original_defaults(schema: &mut Schema) -> Result<(), ConfigError> {
    let defaults = [
        ("TURN_ORDER", "agents"),
        ("FEE_MODEL", "account"),
        ("ENTRY_RULE", "rounded"),
        ("EMPTY_POOL_PRICE", "1"),
        ("DEGEN_USER_FOUNDERS", "4"),
        ("ORGANIZATION_FOUNDERS", "1"),
        ("POWER_USER_FOUNDERS", "1"),
        ("ACTIVE_USER_FOUNDERS", "3"),
        ("CASUAL_USER_FOUNDERS", "2"),
        ("DEGEN_USER_FEE_REINVEST", "0.5"),
        ("ORGANIZATION_BUY", "price_in"),
        ("POWER_USER_BUY", "price_in"),
        ("POWER_USER_PARTIAL", "off"),
        ("ACTIVE_USER_PARTIAL", "off"),
        ("CASUAL_USER_PARTIAL", "off"),
    ];
    for (key, value) in defaults {
        schema.set_default(key, value)?;
    }
    Ok(())
}
