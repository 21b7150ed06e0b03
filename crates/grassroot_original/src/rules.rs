//! [`OriginalRules`]: which of the original's defects are in force, read from the settings.

use bevy_ecs::resource::Resource;
use grassroot_config::{Settings, role_key};

use crate::keys::{FEE_RESET, FLOAT_BALANCES, LP_SHARES, OVERSPENDS, PIE_PAYS_NOBODY, REINVEST_CREATES_DDT};

/// Which of the original's defects are in force.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OriginalRules {
    /// The Pie deducts its payout and pays nobody (`ORIGINAL_PIE_PAYS_NOBODY`).
    pub pie_pays_nobody: bool,
    /// Each fee collection empties the fee account; the rest is forfeited (`ORIGINAL_FEE_RESET`).
    pub fee_reset: bool,
    /// Reinvested fees are paired with dDT created for it (`ORIGINAL_REINVEST_CREATES_DDT`).
    pub reinvest_creates_ddt: bool,
    /// Decisions compare a float64 running balance (`ORIGINAL_FLOAT_BALANCES`).
    pub float_balances: bool,
    /// LP units are minted by the dDT side of a deposit (`ORIGINAL_LP_SHARES`).
    pub lp_by_ddt: bool,
}

impl OriginalRules {
    /// Every defect on.
    pub const ALL: OriginalRules = OriginalRules {
        pie_pays_nobody: true,
        fee_reset: true,
        reinvest_creates_ddt: true,
        float_balances: true,
        lp_by_ddt: true,
    };

    /// The defects the settings switch on, and which of `roles` overspend; without settings,
    /// every defect, and `power_user` overspending.
    pub fn read(settings: Option<&Settings>, roles: &[String]) -> (OriginalRules, Vec<String>) {
        let on = |key: &str| settings.is_none_or(|s| s.get_bool(key).unwrap_or(true));
        let rules = OriginalRules {
            pie_pays_nobody: on(PIE_PAYS_NOBODY),
            fee_reset: on(FEE_RESET),
            reinvest_creates_ddt: on(REINVEST_CREATES_DDT),
            float_balances: on(FLOAT_BALANCES),
            lp_by_ddt: on(LP_SHARES),
        };
        let overspending = roles
            .iter()
            .filter(|role| match settings {
                Some(s) => s.get_bool(&role_key(role, OVERSPENDS)).unwrap_or(false),
                None => role.as_str() == "power_user",
            })
            .cloned()
            .collect();
        (rules, overspending)
    }
}
