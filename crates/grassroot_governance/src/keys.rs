//! Governance's parameters as schema keys: the mechanism's own (group `Governance`) and each
//! role's behaviour as a voter (group `Governance role: <role>`), with defaults, help and
//! validation like the seed's.
//!
//! [`add_params`] registers them on a [`Schema`] that already has its roles (e.g.
//! [`Schema::seed`]); [`add_role_params`] adds one role's later;
//! [`GovParams::from_settings`](crate::GovParams::from_settings) reads them back typed and checks
//! what one key cannot check alone (a bound above its pair, an action menu).

use grassroot_config::{Choice, ConfigError, Kind, ParamSpec, Schema, role_key};

use crate::menu::ActionKind;
use crate::params::VoteWeight;
use crate::stance::Stance;

/// The heading of the mechanism's keys in `env.example`.
pub const GROUP: &str = "Governance";

/// Governance on or off (off: the plugin is not added and no output changes).
pub const GOVERNANCE: &str = "GOVERNANCE";
/// What voting power is: dDT held, Contribution Weight, or one per member.
pub const GOV_WEIGHT: &str = "GOV_WEIGHT";
/// Steps between two proposals.
pub const GOV_PERIOD: &str = "GOV_PERIOD";
/// Steps a proposal is open to votes.
pub const GOV_VOTING_STEPS: &str = "GOV_VOTING_STEPS";
/// Steps between a proposal passing and its execution.
pub const GOV_TIMELOCK: &str = "GOV_TIMELOCK";
/// The share of the snapshot's voting power that must vote.
pub const GOV_QUORUM: &str = "GOV_QUORUM";
/// The share of the power cast that must be in favour, strictly exceeded.
pub const GOV_THRESHOLD: &str = "GOV_THRESHOLD";
/// The actions proposals are drawn from.
pub const GOV_ACTIONS: &str = "GOV_ACTIONS";
/// Lowest fraction of The Pie's governed balance a spending proposal spends.
pub const GOV_SPEND_MIN: &str = "GOV_SPEND_MIN";
/// Highest fraction of The Pie's governed balance a spending proposal spends.
pub const GOV_SPEND_MAX: &str = "GOV_SPEND_MAX";
/// Lowest payout rate a proposal may set.
pub const GOV_PAYOUT_RATE_MIN: &str = "GOV_PAYOUT_RATE_MIN";
/// Highest payout rate a proposal may set.
pub const GOV_PAYOUT_RATE_MAX: &str = "GOV_PAYOUT_RATE_MAX";
/// Lowest Pie share a proposal may give a role.
pub const GOV_PIE_SHARE_MIN: &str = "GOV_PIE_SHARE_MIN";
/// Highest Pie share a proposal may give a role.
pub const GOV_PIE_SHARE_MAX: &str = "GOV_PIE_SHARE_MAX";
/// Lowest pool fee a proposal may set.
pub const GOV_FEE_MIN: &str = "GOV_FEE_MIN";
/// Highest pool fee a proposal may set.
pub const GOV_FEE_MAX: &str = "GOV_FEE_MAX";

/// Role key suffix: the chance that a member votes on a proposal.
pub const TURNOUT: &str = "GOV_TURNOUT";
/// Role key suffix: what the role's members vote for.
pub const PREFERS: &str = "GOV_PREFERS";
/// Role key suffix: the chance that a member votes as its preference says.
pub const CONVICTION: &str = "GOV_CONVICTION";

/// The default action menu: every action.
pub const DEFAULT_ACTIONS: &str = "burn,grant,liquidity,payout_rate,pie_share,fee";

/// The heading of a role's governance keys in `env.example`.
pub fn role_group(role: &str) -> String {
    format!("{GROUP} role: {role}")
}

/// True if `schema` has governance's keys.
pub fn has_params(schema: &Schema) -> bool {
    schema.spec(GOVERNANCE).is_some()
}

/// Defaults of a role's governance keys, as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoleGovDefaults {
    /// `<ROLE>_GOV_TURNOUT`.
    pub turnout: &'static str,
    /// `<ROLE>_GOV_PREFERS`.
    pub prefers: &'static str,
    /// `<ROLE>_GOV_CONVICTION`.
    pub conviction: &'static str,
}

impl Default for RoleGovDefaults {
    /// A role that never votes (and would vote at random).
    fn default() -> Self {
        RoleGovDefaults { turnout: "0", prefers: "none", conviction: "0.5" }
    }
}

/// The seed's roles as voters: degens for whatever makes dDT scarcer now (the price), power
/// users for grants (they hold the most data), active and casual users for a higher payout,
/// organizations (who buy their compute) for a deep, cheap market. The turnouts make the
/// committed vote and the occasional one (see docs/governance.md).
pub fn seed_role_defaults(role: &str) -> RoleGovDefaults {
    let d = |turnout, prefers, conviction| RoleGovDefaults { turnout, prefers, conviction };
    match role {
        "degen_user" => d("0.2", "price", "0.9"),
        "organization" => d("0.5", "liquidity", "0.8"),
        "power_user" => d("0.6", "grants", "0.8"),
        "active_user" => d("0.4", "payout", "0.8"),
        "casual_user" => d("0.1", "payout", "0.7"),
        _ => RoleGovDefaults::default(),
    }
}

/// The mechanism's own keys.
fn mechanism_specs() -> Vec<ParamSpec> {
    let names = ActionKind::ALL.map(ActionKind::name).join(", ");
    let specs = [
        ParamSpec::new(
            GOVERNANCE,
            Kind::Bool,
            "off",
            "Members govern The Pie's kept dDT and the run's parameters by proposals and votes (off: nothing of governance runs and every output is as without it).",
        ),
        ParamSpec::new(
            GOV_WEIGHT,
            Kind::of::<VoteWeight>(),
            "tokens",
            "Voting power: tokens = dDT held at the proposal's snapshot; data = Contribution Weight at the snapshot (--scenario datadao only); person = one per member.",
        ),
        ParamSpec::new(
            GOV_PERIOD,
            Kind::UInt { min: 1, max: u64::MAX },
            "30",
            "Steps between proposals: one opens at every step that is a positive multiple of GOV_PERIOD.",
        ),
        ParamSpec::new(
            GOV_VOTING_STEPS,
            Kind::UInt { min: 1, max: 1_000_000 },
            "7",
            "Steps a proposal is open to votes, the step it opens included; members vote once each, at a step drawn among these.",
        ),
        ParamSpec::new(
            GOV_TIMELOCK,
            Kind::UInt { min: 0, max: 1_000_000 },
            "2",
            "Steps from a proposal's last voting step to its execution (0: executed in the step it passes).",
        ),
        ParamSpec::new(
            GOV_QUORUM,
            Kind::Fraction,
            "0.1",
            "Share of the snapshot's voting power that must vote (for or against) for a proposal to count.",
        ),
        ParamSpec::new(
            GOV_THRESHOLD,
            Kind::Rate,
            "0.5",
            "A proposal passes when the power for it is strictly more than GOV_THRESHOLD of the power cast (0.5: a majority).",
        ),
        ParamSpec::new(
            GOV_ACTIONS,
            Kind::Text,
            DEFAULT_ACTIONS,
            format!("The menu proposals are drawn from, uniformly: a comma-separated list of {names}."),
        ),
        ParamSpec::new(
            GOV_SPEND_MIN,
            Kind::Fraction,
            "0.1",
            "Lowest fraction of The Pie's governed balance a burn, grant or liquidity proposal spends.",
        ),
        ParamSpec::new(
            GOV_SPEND_MAX,
            Kind::Fraction,
            "0.5",
            "Highest fraction of The Pie's governed balance a burn, grant or liquidity proposal spends.",
        ),
        ParamSpec::new(
            GOV_PAYOUT_RATE_MIN,
            Kind::Fraction,
            "0.5",
            "Lowest PIE_PAYOUT_RATE a payout_rate proposal may set.",
        ),
        ParamSpec::new(
            GOV_PAYOUT_RATE_MAX,
            Kind::Fraction,
            "0.9",
            "Highest PIE_PAYOUT_RATE a payout_rate proposal may set.",
        ),
        ParamSpec::new(
            GOV_PIE_SHARE_MIN,
            Kind::Fraction,
            "0.1",
            "Lowest Pie share a pie_share proposal may give a role that receives Pie payouts.",
        ),
        ParamSpec::new(
            GOV_PIE_SHARE_MAX,
            Kind::Fraction,
            "0.5",
            "Highest Pie share a pie_share proposal may give a role (the roles' shares must still sum to at most 1, or it is void).",
        ),
        ParamSpec::new(GOV_FEE_MIN, Kind::Rate, "0.001", "Lowest pool fee a fee proposal may set."),
        ParamSpec::new(GOV_FEE_MAX, Kind::Rate, "0.01", "Highest pool fee a fee proposal may set."),
    ];
    specs.into_iter().map(|s| s.in_group(GROUP)).collect()
}

/// A role's keys.
fn role_specs(role: &str, d: &RoleGovDefaults) -> Vec<ParamSpec> {
    let key = |suffix: &str| role_key(role, suffix);
    let stances = Stance::names().collect::<Vec<_>>().join(", ");
    let specs = [
        ParamSpec::new(
            key(TURNOUT),
            Kind::Fraction,
            d.turnout,
            "Chance that a member with voting power votes on a proposal.",
        ),
        ParamSpec::new(
            key(PREFERS),
            Kind::of::<Stance>(),
            d.prefers,
            format!(
                "What members vote for ({stances}): price = what makes dDT scarcer (burns, lower payouts), payout = higher payouts and Pie shares for their role, grants = grants, liquidity = protocol-owned liquidity and lower fees, none = at random."
            ),
        ),
        ParamSpec::new(
            key(CONVICTION),
            Kind::Fraction,
            d.conviction,
            "Chance that a member votes for a proposal its preference favours (against one it opposes; 0.5 for the others).",
        ),
    ];
    let group = role_group(role);
    specs.into_iter().map(|s| s.in_group(group.clone())).collect()
}

/// Registers governance's keys on `schema`: the mechanism's, then each of the schema's roles'
/// with [`seed_role_defaults`]. Fails, changing nothing, on a key already registered.
///
/// ```
/// use grassroot_config::{Schema, Settings};
/// use grassroot_governance::keys::add_params;
///
/// let mut schema = Schema::seed();
/// add_params(&mut schema)?;
/// let settings = Settings::defaults(&schema)?;
/// assert!(!settings.get_bool("GOVERNANCE")?);
/// assert_eq!(settings.get_choice("POWER_USER_GOV_PREFERS")?, "grants");
/// assert!(add_params(&mut schema).is_err(), "already registered");
/// # Ok::<(), grassroot_config::ConfigError>(())
/// ```
pub fn add_params(schema: &mut Schema) -> Result<(), ConfigError> {
    let mut staged = schema.clone();
    for spec in mechanism_specs() {
        staged.add(spec)?;
    }
    staged.set_group_note(
        GROUP,
        "Governance of The Pie's kept dDT and of the run's parameters (--scenario seed or datadao): proposals, votes by tokens, data or person, quorum, threshold and timelock, and the bounds of what a proposal may do.",
    );
    let roles: Vec<String> = staged.roles().to_vec();
    for role in &roles {
        add_role_to(&mut staged, role)?;
    }
    *schema = staged;
    Ok(())
}

/// Registers one role's governance keys (for a role added after [`add_params`]); a role of
/// another name than the seed's gets a voter that never votes.
pub fn add_role_params(schema: &mut Schema, role: &str) -> Result<(), ConfigError> {
    let mut staged = schema.clone();
    add_role_to(&mut staged, role)?;
    *schema = staged;
    Ok(())
}

fn add_role_to(schema: &mut Schema, role: &str) -> Result<(), ConfigError> {
    for spec in role_specs(role, &seed_role_defaults(role)) {
        schema.add(spec)?;
    }
    schema.set_group_note(&role_group(role), &format!("How {role} members vote: how often, for what, and how surely."));
    Ok(())
}
