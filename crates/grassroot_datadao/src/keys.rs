//! The dataDAO's parameters as schema keys: the mechanism's own (group `dataDAO`) and each
//! role's (group `dataDAO role: <role>`), with defaults, help and validation like the seed's.
//!
//! [`add_params`] registers them on a [`Schema`] that already has its roles (e.g.
//! [`Schema::seed`]); [`DataDaoParams::from_settings`](crate::DataDaoParams::from_settings)
//! reads them back typed. Keys are chosen so that none is within the `.env` typo distance of a
//! seed key: a `.env` copied from `env.example` also works for the seed scenario, which ignores
//! them.

use grassroot_config::{ConfigError, Kind, ParamSpec, Schema, SumBound, SumRule, role_key};

use crate::params::WeightRule;
use crate::policy::{OverCap, PieSplit};
use crate::usecase::{DEFAULT_USE_CASES, MAX_USE_CASES, is_use_case_name};

/// The heading of the mechanism's keys in `env.example`.
pub const GROUP: &str = "dataDAO";

/// Hours one step lasts (24: a step is a day).
pub const STEP_HOURS: &str = "STEP_HOURS";
/// Personal CRC each member mints per hour.
pub const CRC_PER_HOUR: &str = "CRC_PER_HOUR";
/// Share of every CRC balance lost per year to demurrage.
pub const CRC_DEMURRAGE_PER_YEAR: &str = "CRC_DEMURRAGE_PER_YEAR";
/// Personal CRC a member holds when it joins.
pub const CRC_ON_JOINING: &str = "CRC_ON_JOINING";
/// CRC a member may keep locked per unit of Contribution Weight.
pub const CRC_PER_WEIGHT: &str = "CRC_PER_WEIGHT";
/// The Contribution Weight function.
pub const CONTRIBUTION_WEIGHT: &str = "CONTRIBUTION_WEIGHT";
/// What happens to CRC locked above the cap after a withdrawal.
pub const OVER_CAP: &str = "OVER_CAP";
/// Fraction of its data a withdrawing member takes out.
pub const WITHDRAW_FRACTION: &str = "WITHDRAW_FRACTION";
/// How The Pie splits a use case's payout within a group.
pub const PIE_SPLIT: &str = "PIE_SPLIT";

/// Role key suffix: the role's members contribute data and hold personal CRC.
pub const DATA_MEMBER: &str = "DATA_MEMBER";
/// Role key suffix: KB contributed on joining.
pub const FIRST_CONTRIBUTION: &str = "FIRST_CONTRIBUTION";
/// Role key suffix: probability of a contribution per step.
pub const CONTRIBUTION_CHANCE: &str = "CONTRIBUTION_CHANCE";
/// Role key suffix: KB per later contribution.
pub const CONTRIBUTION_SIZE: &str = "CONTRIBUTION_SIZE";
/// Role key suffix: lowest quality of a contribution.
pub const QUALITY_MIN: &str = "QUALITY_MIN";
/// Role key suffix: highest quality of a contribution.
pub const QUALITY_MAX: &str = "QUALITY_MAX";
/// Role key suffix: probability of a withdrawal per step.
pub const WITHDRAW_CHANCE: &str = "WITHDRAW_CHANCE";
/// Role key suffix: the lock policy.
pub const LOCK_POLICY: &str = "LOCK_POLICY";
/// Role key suffix: the fraction locked by the `fraction` policy.
pub const LOCK_FRACTION: &str = "LOCK_FRACTION";
/// Role key suffix: the price above which the `above_price` policy locks.
pub const LOCK_ABOVE_PRICE: &str = "LOCK_ABOVE_PRICE";
/// Role key suffix: the price at or below which members redeem.
pub const REDEEM_BELOW_PRICE: &str = "REDEEM_BELOW_PRICE";

/// The names of the lock policies, as `<ROLE>_LOCK_POLICY` accepts them.
pub const LOCK_POLICIES: [&str; 4] = ["all", "fraction", "above_price", "never"];

/// The heading of a role's dataDAO keys in `env.example`.
pub fn role_group(role: &str) -> String {
    format!("{GROUP} role: {role}")
}

/// The key of the chance that a member of `role` permits `use_case`, e.g.
/// `ACTIVE_USER_PERMITS_RESEARCH`.
pub fn permit_key(role: &str, use_case: &str) -> String {
    role_key(role, &format!("PERMITS_{}", use_case.to_ascii_uppercase()))
}

/// The key of the share of `role`'s compute spending tagged `use_case`, e.g.
/// `ORGANIZATION_SPENDS_ON_TRAINING`.
pub fn spend_key(role: &str, use_case: &str) -> String {
    role_key(role, &format!("SPENDS_ON_{}", use_case.to_ascii_uppercase()))
}

/// The label of the sum rule on a role's use-case mix.
pub fn mix_rule(role: &str) -> String {
    format!("use-case mix of {role}")
}

/// True if `schema` has the dataDAO's keys.
pub fn has_params(schema: &Schema) -> bool {
    schema.spec(PIE_SPLIT).is_some()
}

/// Defaults of a role's dataDAO keys, as text (see [`seed_role_defaults`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleDataDefaults {
    /// `<ROLE>_DATA_MEMBER`.
    pub data_member: &'static str,
    /// `<ROLE>_FIRST_CONTRIBUTION` (KB).
    pub first_contribution: &'static str,
    /// `<ROLE>_CONTRIBUTION_CHANCE`.
    pub contribution_chance: &'static str,
    /// `<ROLE>_CONTRIBUTION_SIZE` (KB).
    pub contribution_size: &'static str,
    /// `<ROLE>_QUALITY_MIN`.
    pub quality_min: &'static str,
    /// `<ROLE>_QUALITY_MAX`.
    pub quality_max: &'static str,
    /// `<ROLE>_WITHDRAW_CHANCE`.
    pub withdraw_chance: &'static str,
    /// `<ROLE>_LOCK_POLICY`.
    pub lock_policy: &'static str,
    /// `<ROLE>_LOCK_FRACTION`.
    pub lock_fraction: &'static str,
    /// `<ROLE>_LOCK_ABOVE_PRICE`.
    pub lock_above_price: &'static str,
    /// `<ROLE>_REDEEM_BELOW_PRICE`.
    pub redeem_below_price: &'static str,
    /// `<ROLE>_PERMITS_<USE CASE>` of the default use cases (research, commercial, training);
    /// another use case defaults to 1 for data members and 0 otherwise.
    pub permits: [&'static str; 3],
    /// `<ROLE>_SPENDS_ON_<USE CASE>` of the default use cases; with other use cases the whole
    /// mix goes to the first.
    pub spends_on: [&'static str; 3],
}

impl Default for RoleDataDefaults {
    /// A role outside the dataDAO: no data, no CRC, never locks, permits nothing, spends on
    /// research.
    fn default() -> Self {
        RoleDataDefaults {
            data_member: "false",
            first_contribution: "0",
            contribution_chance: "0",
            contribution_size: "0",
            quality_min: "0",
            quality_max: "0",
            withdraw_chance: "0",
            lock_policy: "never",
            lock_fraction: "1",
            lock_above_price: "0",
            redeem_below_price: "none",
            permits: ["0", "0", "0"],
            spends_on: ["1", "0", "0"],
        }
    }
}

/// The calibrated defaults of the seed's roles (see docs/datadao.md): every user role
/// contributes on joining about 200 KB at quality 0.5 (a weight of about 100), so that with
/// `CRC_PER_WEIGHT=1` the typical member locks about 100 CRC and mints the seed's 100 dDT;
/// organizations buy compute and hold no data.
pub fn seed_role_defaults(role: &str) -> RoleDataDefaults {
    let member = RoleDataDefaults {
        data_member: "true",
        first_contribution: "200",
        quality_min: "0.3",
        quality_max: "0.7",
        lock_policy: "all",
        spends_on: ["0.6", "0.2", "0.2"],
        ..RoleDataDefaults::default()
    };
    match role {
        "degen_user" => RoleDataDefaults { withdraw_chance: "0.01", permits: ["0.5", "0.9", "0.9"], ..member },
        "organization" => RoleDataDefaults { spends_on: ["0.2", "0.5", "0.3"], ..RoleDataDefaults::default() },
        "power_user" => RoleDataDefaults {
            first_contribution: "170",
            contribution_chance: "0.05",
            contribution_size: "20",
            quality_min: "0.4",
            quality_max: "0.8",
            permits: ["1", "0.7", "0.5"],
            ..member
        },
        "active_user" => RoleDataDefaults {
            contribution_chance: "0.02",
            contribution_size: "10",
            lock_policy: "fraction",
            lock_fraction: "0.5",
            permits: ["0.9", "0.5", "0.4"],
            ..member
        },
        "casual_user" => RoleDataDefaults {
            contribution_chance: "0.01",
            contribution_size: "10",
            quality_min: "0.2",
            quality_max: "0.8",
            withdraw_chance: "0.002",
            lock_policy: "above_price",
            lock_above_price: "0.5",
            redeem_below_price: "0.025",
            permits: ["0.8", "0.3", "0.3"],
            ..member
        },
        _ => RoleDataDefaults::default(),
    }
}

fn schema_error(problem: impl Into<String>) -> ConfigError {
    ConfigError::new(grassroot_config::ErrorKind::Schema, problem)
}

/// The mechanism's own keys.
fn mechanism_specs() -> Vec<ParamSpec> {
    let specs = [
        ParamSpec::new(
            STEP_HOURS,
            Kind::UInt { min: 1, max: 8760 },
            "24",
            "Hours one step lasts: CRC issuance per step is CRC_PER_HOUR x STEP_HOURS, and demurrage is applied once per day crossed.",
        ),
        ParamSpec::new(
            CRC_PER_HOUR,
            Kind::amount(),
            "1",
            "Personal CRC every data member mints per hour (Circles v2: 1 CRC per hour per human).",
        ),
        ParamSpec::new(
            CRC_DEMURRAGE_PER_YEAR,
            Kind::Rate,
            "0.07",
            "Share of every held CRC balance lost per year, applied once per day as the factor (1 - rate)^(1/365.25) (Circles v2: 7%).",
        ),
        ParamSpec::new(
            CRC_ON_JOINING,
            Kind::amount(),
            "120",
            "Personal CRC a data member already holds when it joins (e.g. the 50 CRC Circles welcome bonus plus a few days of issuance).",
        ),
        ParamSpec::new(
            CRC_PER_WEIGHT,
            Kind::amount(),
            "1",
            "CRC a member may keep locked per unit of Contribution Weight: cap = CRC_PER_WEIGHT x weight; locking CRC mints as many dDT.",
        ),
        ParamSpec::new(
            CONTRIBUTION_WEIGHT,
            Kind::of::<WeightRule>(),
            "linear",
            "Contribution Weight: linear = quality x quantity (KB); sqrt = quality x sqrt(quantity), which damps data-dumping (raise CRC_PER_WEIGHT about 14x to keep the caps).",
        ),
        ParamSpec::new(
            OVER_CAP,
            Kind::of::<OverCap>(),
            "keep",
            "When a withdrawal leaves a member above its cap: keep its lock (no more minting until under the cap) or unlock the excess at once from the dDT it holds.",
        ),
        ParamSpec::new(
            WITHDRAW_FRACTION,
            Kind::Fraction,
            "0.5",
            "Fraction of its data (KB) a member takes out of the pool when it withdraws.",
        ),
        ParamSpec::new(
            PIE_SPLIT,
            Kind::of::<PieSplit>(),
            "weighted",
            "How a group's share of a use case's payout is split among its members who permit that use case: weighted by Contribution Weight, or equal.",
        ),
    ];
    specs.into_iter().map(|s| s.in_group(GROUP)).collect()
}

/// A role's keys.
fn role_specs(role: &str, d: &RoleDataDefaults, use_cases: &[&str]) -> Vec<ParamSpec> {
    let key = |suffix: &str| role_key(role, suffix);
    let mut specs = vec![
        ParamSpec::new(
            key(DATA_MEMBER),
            Kind::Bool,
            d.data_member,
            "Members contribute data, mint personal CRC and may lock it to mint dDT (organizations only buy compute).",
        ),
        ParamSpec::new(
            key(FIRST_CONTRIBUTION),
            Kind::amount(),
            d.first_contribution,
            "KB of data each member contributes on joining.",
        ),
        ParamSpec::new(
            key(CONTRIBUTION_CHANCE),
            Kind::Fraction,
            d.contribution_chance,
            "Probability that a member contributes more data in a step.",
        ),
        ParamSpec::new(
            key(CONTRIBUTION_SIZE),
            Kind::amount(),
            d.contribution_size,
            "KB of data in each later contribution.",
        ),
        ParamSpec::new(
            key(QUALITY_MIN),
            Kind::Fraction,
            d.quality_min,
            "Lowest quality of a contribution; each contribution's quality is drawn uniformly from [QUALITY_MIN, QUALITY_MAX].",
        ),
        ParamSpec::new(
            key(QUALITY_MAX),
            Kind::Fraction,
            d.quality_max,
            "Highest quality of a contribution (at least QUALITY_MIN).",
        ),
        ParamSpec::new(
            key(WITHDRAW_CHANCE),
            Kind::Fraction,
            d.withdraw_chance,
            "Probability that a member withdraws WITHDRAW_FRACTION of its data in a step.",
        ),
        ParamSpec::new(
            key(LOCK_POLICY),
            Kind::choice(LOCK_POLICIES),
            d.lock_policy,
            "When members lock CRC to mint dDT after joining: all they may each step, a fraction of it, all only while the price is above LOCK_ABOVE_PRICE, or never (on joining all but never lock all they may).",
        ),
        ParamSpec::new(
            key(LOCK_FRACTION),
            Kind::Fraction,
            d.lock_fraction,
            "With LOCK_POLICY=fraction: the fraction of what they may lock that members lock each step.",
        ),
        ParamSpec::new(
            key(LOCK_ABOVE_PRICE),
            Kind::amount(),
            d.lock_above_price,
            "With LOCK_POLICY=above_price: members lock only while the price (xDAI per dDT) is above this.",
        ),
        ParamSpec::new(
            key(REDEEM_BELOW_PRICE),
            Kind::OptionalPrice,
            d.redeem_below_price,
            "Members burn the dDT they hold to unlock CRC 1:1 while the price (xDAI per dDT) is at or below this; none = never redeem.",
        ),
    ];
    let default_permit = if d.data_member == "true" { "1" } else { "0" };
    for u in use_cases {
        let known = DEFAULT_USE_CASES.iter().position(|k| k == u);
        let permit = known.and_then(|i| d.permits.get(i).copied()).unwrap_or(default_permit);
        specs.push(ParamSpec::new(
            permit_key(role, u),
            Kind::Fraction,
            permit,
            format!(
                "Probability that a member permits its data to serve {u}; it then shares in The Pie's {u} payouts."
            ),
        ));
    }
    let default_mix = use_cases == DEFAULT_USE_CASES;
    for (i, u) in use_cases.iter().enumerate() {
        let share = match (default_mix, d.spends_on.get(i)) {
            (true, Some(s)) => *s,
            _ if i == 0 => "1",
            _ => "0",
        };
        specs.push(ParamSpec::new(
            spend_key(role, u),
            Kind::Fraction,
            share,
            format!("Share of the members' compute spending tagged {u}; a role's SPENDS_ON_* keys sum to exactly 1."),
        ));
    }
    let group = role_group(role);
    specs.into_iter().map(|s| s.in_group(group.clone())).collect()
}

/// Registers the dataDAO's keys for `use_cases` on `schema`: the mechanism's, then each of the
/// schema's roles' with [`seed_role_defaults`], and for each role the rule that its use-case mix
/// sums to exactly 1. Fails, changing nothing, on an invalid or repeated use-case name, more
/// than 32 use cases, or a key already registered.
///
/// ```
/// use grassroot_config::{Schema, Settings};
/// use grassroot_datadao::keys::{add_params, permit_key};
///
/// let mut schema = Schema::seed();
/// add_params(&mut schema, &["research", "commercial", "training"])?;
/// let settings = Settings::defaults(&schema)?;
/// assert_eq!(settings.get_choice("PIE_SPLIT")?, "weighted");
/// assert_eq!(permit_key("power_user", "research"), "POWER_USER_PERMITS_RESEARCH");
/// assert!(add_params(&mut schema, &["research"]).is_err(), "already registered");
/// # Ok::<(), grassroot_config::ConfigError>(())
/// ```
pub fn add_params(schema: &mut Schema, use_cases: &[&str]) -> Result<(), ConfigError> {
    if use_cases.is_empty() || use_cases.len() > MAX_USE_CASES {
        return Err(schema_error(format!("a dataDAO needs 1 to {MAX_USE_CASES} use cases, not {}", use_cases.len())));
    }
    for (i, u) in use_cases.iter().enumerate() {
        if !is_use_case_name(u) {
            return Err(schema_error(format!("use case {u:?} is not lower_snake")));
        }
        if use_cases[..i].contains(u) {
            return Err(schema_error(format!("use case {u} is listed twice")));
        }
    }
    let mut staged = schema.clone();
    for spec in mechanism_specs() {
        staged.add(spec)?;
    }
    staged.set_group_note(
        GROUP,
        "The dataDAO mechanism (--scenario datadao; the seed scenario ignores these keys): Circles issuance and demurrage, the lock cap, the weight, The Pie's split.",
    );
    let roles: Vec<String> = staged.roles().to_vec();
    for role in &roles {
        for spec in role_specs(role, &seed_role_defaults(role), use_cases) {
            staged.add(spec)?;
        }
        staged.set_group_note(
            &role_group(role),
            &format!(
                "How {role} members contribute data, lock CRC, redeem, permit use cases and tag their compute spending."
            ),
        );
        let keys = use_cases.iter().map(|u| spend_key(role, u)).collect();
        staged.add_sum_rule(SumRule {
            label: mix_rule(role),
            keys,
            bound: SumBound::Exactly(grassroot_amm::Wad::ONE),
        })?;
    }
    *schema = staged;
    Ok(())
}
