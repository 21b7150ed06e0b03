//! [`GovParams`]: governance's parameters, typed, read from [`Settings`] (see [`crate::keys`]
//! for the keys, their defaults and meaning), with the checks one key cannot make alone.

use grassroot_amm::Wad;
use grassroot_config::{Choice, ConfigError, ErrorKind, Schema, Settings, role_key};

use crate::keys;
use crate::menu::ActionKind;
use crate::stance::Stance;

/// What voting power is (`GOV_WEIGHT`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum VoteWeight {
    /// dDT held in the member's wallet at the proposal's snapshot.
    #[default]
    Tokens,
    /// Contribution Weight at the snapshot (the dataDAO only).
    Data,
    /// One per member present at the snapshot.
    Person,
}

impl Choice for VoteWeight {
    const NAMES: &'static [(&'static str, Self)] =
        &[("tokens", VoteWeight::Tokens), ("data", VoteWeight::Data), ("person", VoteWeight::Person)];
}

/// A closed range `min ..= max` a proposal's parameter is drawn from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds<T> {
    /// The lowest value.
    pub min: T,
    /// The highest value.
    pub max: T,
}

/// One role as a voter (keys `<ROLE>_GOV_*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleGovParams {
    /// The role, e.g. `power_user`.
    pub role: String,
    /// Chance that a member with power votes on a proposal.
    pub turnout: Wad,
    /// What the role's members vote for.
    pub prefers: Stance,
    /// Chance of a vote in favour of what the preference favours (against what it opposes).
    pub conviction: Wad,
}

/// Every parameter of governance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GovParams {
    /// What voting power is (`GOV_WEIGHT`).
    pub weight: VoteWeight,
    /// Steps between proposals (`GOV_PERIOD`, at least 1).
    pub period: u64,
    /// Steps a proposal is open to votes (`GOV_VOTING_STEPS`, at least 1).
    pub voting_steps: u64,
    /// Steps from the last voting step to the execution (`GOV_TIMELOCK`).
    pub timelock: u64,
    /// Share of the snapshot's power that must vote (`GOV_QUORUM`).
    pub quorum: Wad,
    /// Share of the power cast to exceed, in favour (`GOV_THRESHOLD`, below 1).
    pub threshold: Wad,
    /// The menu (`GOV_ACTIONS`), in the order given.
    pub actions: Vec<ActionKind>,
    /// Fractions of the governed balance a spending action spends (`GOV_SPEND_*`).
    pub spend: Bounds<Wad>,
    /// Payout rates a proposal may set (`GOV_PAYOUT_RATE_*`).
    pub payout_rate: Bounds<Wad>,
    /// Pie shares a proposal may give a role (`GOV_PIE_SHARE_*`).
    pub pie_share: Bounds<Wad>,
    /// Pool fees a proposal may set, in parts per million (`GOV_FEE_*`).
    pub fee_ppm: Bounds<u32>,
    /// Every role that has governance keys, in the schema's order.
    pub roles: Vec<RoleGovParams>,
}

impl GovParams {
    /// The defaults for the seed's roles.
    pub fn seed_defaults() -> Result<GovParams, ConfigError> {
        let mut schema = Schema::seed();
        keys::add_params(&mut schema)?;
        GovParams::from_settings(&Settings::defaults(&schema)?)
    }

    /// True if `settings` switch governance on (`GOVERNANCE`; false when the key is absent).
    pub fn is_on(settings: &Settings) -> bool {
        keys::has_params(settings.schema()) && settings.get_bool(keys::GOVERNANCE).unwrap_or(false)
    }

    /// Reads the parameters from resolved settings and checks what one key cannot: every
    /// `*_MIN` at most its `*_MAX`, and a menu of known actions, each named once.
    pub fn from_settings(settings: &Settings) -> Result<GovParams, ConfigError> {
        let schema = settings.schema();
        let roles = schema
            .roles()
            .iter()
            .filter(|r| schema.spec(&role_key(r, keys::TURNOUT)).is_some())
            .map(|r| role_params(settings, r))
            .collect::<Result<Vec<_>, _>>()?;
        let fraction_bounds = |min: &str, max: &str| -> Result<Bounds<Wad>, ConfigError> {
            let b = Bounds { min: settings.get_fraction(min)?, max: settings.get_fraction(max)? };
            ordered(settings, min, max, b.min, b.max).map(|()| b)
        };
        let fee_ppm = Bounds { min: settings.get_ppm(keys::GOV_FEE_MIN)?, max: settings.get_ppm(keys::GOV_FEE_MAX)? };
        ordered(settings, keys::GOV_FEE_MIN, keys::GOV_FEE_MAX, fee_ppm.min, fee_ppm.max)?;
        Ok(GovParams {
            weight: settings.choice(keys::GOV_WEIGHT)?,
            period: settings.get_u64(keys::GOV_PERIOD)?,
            voting_steps: settings.get_u64(keys::GOV_VOTING_STEPS)?,
            timelock: settings.get_u64(keys::GOV_TIMELOCK)?,
            quorum: settings.get_fraction(keys::GOV_QUORUM)?,
            threshold: settings.get_wad(keys::GOV_THRESHOLD)?,
            actions: parse_menu(settings.get_text(keys::GOV_ACTIONS)?)
                .map_err(|e| with_origin(e, settings, keys::GOV_ACTIONS))?,
            spend: fraction_bounds(keys::GOV_SPEND_MIN, keys::GOV_SPEND_MAX)?,
            payout_rate: fraction_bounds(keys::GOV_PAYOUT_RATE_MIN, keys::GOV_PAYOUT_RATE_MAX)?,
            pie_share: fraction_bounds(keys::GOV_PIE_SHARE_MIN, keys::GOV_PIE_SHARE_MAX)?,
            fee_ppm,
            roles,
        })
    }

    /// The parameters of `role`, if it has governance keys.
    pub fn role(&self, role: &str) -> Option<&RoleGovParams> {
        self.roles.iter().find(|r| r.role == role)
    }

    /// The parameters of `role`, to change (for tests and programs).
    pub fn role_mut(&mut self, role: &str) -> Option<&mut RoleGovParams> {
        self.roles.iter_mut().find(|r| r.role == role)
    }
}

/// The menu in `text`: comma-separated action names, each known and named once.
///
/// ```
/// use grassroot_governance::{ActionKind, params::parse_menu};
/// assert_eq!(parse_menu("burn, fee")?, [ActionKind::Burn, ActionKind::Fee]);
/// let e = parse_menu("burn,airdrop").err().map(|e| e.to_string()).unwrap_or_default();
/// assert!(e.contains("names an unknown action, airdrop: allowed"), "{e}");
/// # Ok::<(), grassroot_config::ConfigError>(())
/// ```
pub fn parse_menu(text: &str) -> Result<Vec<ActionKind>, ConfigError> {
    let allowed = format!(
        "allowed a comma-separated list of {} (each at most once)",
        ActionKind::ALL.map(ActionKind::name).join(", ")
    );
    let refuse = |kind, problem: String| {
        ConfigError::new(kind, problem).with_key(keys::GOV_ACTIONS).with_value(text).with_fix(format!(
            "list actions of the menu, e.g. {}={}",
            keys::GOV_ACTIONS,
            keys::DEFAULT_ACTIONS
        ))
    };
    let mut menu = Vec::new();
    for name in text.split(',').map(str::trim) {
        if name.is_empty() {
            return Err(refuse(ErrorKind::WrongType, format!("has an empty action name: {allowed}")));
        }
        let Some(kind) = ActionKind::parse(name) else {
            return Err(refuse(ErrorKind::NotAChoice, format!("names an unknown action, {name}: {allowed}")));
        };
        if menu.contains(&kind) {
            return Err(refuse(ErrorKind::DuplicateKey, format!("names {name} twice: {allowed}")));
        }
        menu.push(kind);
    }
    Ok(menu)
}

fn with_origin(e: ConfigError, settings: &Settings, key: &str) -> ConfigError {
    match settings.origin(key) {
        Some(origin) => e.with_origin(origin.clone()),
        None => e,
    }
}

/// `min <= max`, or an error naming both keys and values.
fn ordered<T: PartialOrd>(
    settings: &Settings,
    min_key: &str,
    max_key: &str,
    min: T,
    max: T,
) -> Result<(), ConfigError> {
    if min <= max {
        return Ok(());
    }
    let shown = |key: &str| settings.get(key).map(ToString::to_string).unwrap_or_default();
    let (low, high) = (shown(min_key), shown(max_key));
    let e = ConfigError::new(
        ErrorKind::OutOfRange,
        format!("is above {max_key} = {high}: a proposal's value is drawn from [{min_key}, {max_key}]"),
    )
    .with_key(min_key)
    .with_value(low.clone())
    .with_fix(format!("lower {min_key} to at most {high}, or raise {max_key} to at least {low}"));
    Err(with_origin(e, settings, min_key))
}

fn role_params(settings: &Settings, role: &str) -> Result<RoleGovParams, ConfigError> {
    let key = |suffix: &str| role_key(role, suffix);
    Ok(RoleGovParams {
        role: role.to_owned(),
        turnout: settings.get_fraction(&key(keys::TURNOUT))?,
        prefers: settings.choice(&key(keys::PREFERS))?,
        conviction: settings.get_fraction(&key(keys::CONVICTION))?,
    })
}
