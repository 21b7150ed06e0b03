//! [`DataDaoParams`]: the dataDAO's parameters, typed, read from [`Settings`] (see
//! [`crate::keys`] for the keys, their defaults and meaning).

use grassroot_amm::Wad;
use grassroot_config::{Choice, ConfigError, ErrorKind, Schema, Settings, role_key};

use crate::keys::{self, permit_key, spend_key};
use crate::policy::{LockPolicy, OverCap, PieSplit};
use crate::usecase::DEFAULT_USE_CASES;

/// Which built-in Contribution Weight function the run uses (`CONTRIBUTION_WEIGHT`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WeightRule {
    /// `quality x quantity`.
    #[default]
    Linear,
    /// `quality x sqrt(quantity)`.
    Sqrt,
}

impl Choice for WeightRule {
    const NAMES: &'static [(&'static str, Self)] = &[("linear", WeightRule::Linear), ("sqrt", WeightRule::Sqrt)];
}

/// One role's dataDAO parameters (keys `<ROLE>_...` of the group `dataDAO role: <role>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleDataParams {
    /// The role, e.g. `active_user`.
    pub role: String,
    /// Members contribute data and hold personal CRC.
    pub data_member: bool,
    /// KB contributed on joining.
    pub first_contribution: Wad,
    /// Probability of a contribution per step.
    pub contribution_chance: Wad,
    /// KB per later contribution.
    pub contribution_size: Wad,
    /// Lowest quality of a contribution.
    pub quality_min: Wad,
    /// Highest quality of a contribution.
    pub quality_max: Wad,
    /// Probability of a withdrawal per step.
    pub withdraw_chance: Wad,
    /// When members lock CRC.
    pub lock: LockPolicy,
    /// Redeem while the price is at or below this; `None` never.
    pub redeem_below_price: Option<Wad>,
    /// Per use case: the probability that a member permits it.
    pub permit_chances: Vec<Wad>,
    /// Per use case: the share of the role's compute spending tagged with it (sums to 1).
    pub use_mix: Vec<Wad>,
}

/// Every parameter of the dataDAO mechanism.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataDaoParams {
    /// Hours per step (`STEP_HOURS`).
    pub step_hours: u64,
    /// CRC minted per member and hour (`CRC_PER_HOUR`).
    pub crc_per_hour: Wad,
    /// Yearly demurrage (`CRC_DEMURRAGE_PER_YEAR`), a fraction below 1.
    pub demurrage_per_year: Wad,
    /// CRC a member holds on joining (`CRC_ON_JOINING`).
    pub crc_on_joining: Wad,
    /// Lockable CRC per unit of weight (`CRC_PER_WEIGHT`).
    pub crc_per_weight: Wad,
    /// The weight function (`CONTRIBUTION_WEIGHT`).
    pub weight: WeightRule,
    /// What happens over the cap (`OVER_CAP`).
    pub over_cap: OverCap,
    /// Fraction of its data a withdrawal takes out (`WITHDRAW_FRACTION`).
    pub withdraw_fraction: Wad,
    /// How The Pie splits within a group (`PIE_SPLIT`).
    pub pie_split: PieSplit,
    /// The use cases, in order.
    pub use_cases: Vec<String>,
    /// Every role that has dataDAO keys, in the schema's order.
    pub roles: Vec<RoleDataParams>,
}

impl DataDaoParams {
    /// The defaults for the seed's roles and the default use cases.
    pub fn seed_defaults() -> Result<DataDaoParams, ConfigError> {
        let mut schema = Schema::seed();
        keys::add_params(&mut schema, &DEFAULT_USE_CASES)?;
        DataDaoParams::from_settings(&Settings::defaults(&schema)?, &DEFAULT_USE_CASES)
    }

    /// Reads the parameters for `use_cases` (the list they were registered with) from resolved
    /// settings; also checks what one key cannot check alone (a quality range whose minimum is
    /// above its maximum, a `CRC_PER_HOUR x STEP_HOURS` that does not fit in an amount).
    pub fn from_settings(settings: &Settings, use_cases: &[&str]) -> Result<DataDaoParams, ConfigError> {
        let roles = settings
            .schema()
            .roles()
            .iter()
            .filter(|r| settings.schema().spec(&role_key(r, keys::DATA_MEMBER)).is_some())
            .map(|r| role_params(settings, r, use_cases))
            .collect::<Result<Vec<_>, _>>()?;
        let params = DataDaoParams {
            step_hours: settings.get_u64(keys::STEP_HOURS)?,
            crc_per_hour: settings.get_wad(keys::CRC_PER_HOUR)?,
            demurrage_per_year: settings.get_wad(keys::CRC_DEMURRAGE_PER_YEAR)?,
            crc_on_joining: settings.get_wad(keys::CRC_ON_JOINING)?,
            crc_per_weight: settings.get_wad(keys::CRC_PER_WEIGHT)?,
            weight: settings.choice(keys::CONTRIBUTION_WEIGHT)?,
            over_cap: settings.choice(keys::OVER_CAP)?,
            withdraw_fraction: settings.get_fraction(keys::WITHDRAW_FRACTION)?,
            pie_split: settings.choice(keys::PIE_SPLIT)?,
            use_cases: use_cases.iter().map(|u| (*u).to_owned()).collect(),
            roles,
        };
        if let Err(mut e) = params.crc_per_step() {
            if let Some(origin) = settings.origin(keys::CRC_PER_HOUR) {
                e = e.with_origin(origin.clone());
            }
            return Err(e);
        }
        Ok(params)
    }

    /// The parameters of `role`, if it has dataDAO keys.
    pub fn role(&self, role: &str) -> Option<&RoleDataParams> {
        self.roles.iter().find(|r| r.role == role)
    }

    /// CRC each member mints per step: `CRC_PER_HOUR x STEP_HOURS`. The product must fit in an
    /// amount (2^128 - 1 base units); a larger one is an error naming both keys, their values
    /// and the largest `CRC_PER_HOUR` that `STEP_HOURS` allows.
    ///
    /// ```
    /// use grassroot_amm::Wad;
    /// use grassroot_datadao::DataDaoParams;
    ///
    /// let mut d = DataDaoParams::seed_defaults()?;
    /// assert_eq!(d.crc_per_step()?, Wad::from_tokens(24));
    /// d.crc_per_hour = Wad::parse("340282366920938463463")?;
    /// let e = d.crc_per_step().err().map(|e| e.to_string()).unwrap_or_default();
    /// assert!(e.starts_with("CRC_PER_HOUR = 340282366920938463463 is too large for STEP_HOURS = 24"), "{e}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn crc_per_step(&self) -> Result<Wad, ConfigError> {
        self.crc_per_hour.mul_div(u128::from(self.step_hours), 1).map_err(|_| self.crc_per_step_too_large())
    }

    /// The error of a `CRC_PER_HOUR x STEP_HOURS` above the largest amount.
    fn crc_per_step_too_large(&self) -> ConfigError {
        let (per_hour, hours) = (self.crc_per_hour, self.step_hours);
        let largest = Wad::from_raw(Wad::MAX.raw() / u128::from(hours.max(1)));
        ConfigError::new(
            ErrorKind::Overflow,
            format!(
                "is too large for STEP_HOURS = {hours}: every data member receives CRC_PER_HOUR x STEP_HOURS \
                 CRC per step, and {per_hour} x {hours} exceeds the largest amount, {} (2^128 - 1 base units); \
                 allowed with STEP_HOURS = {hours}: CRC_PER_HOUR <= {largest}",
                Wad::MAX
            ),
        )
        .with_key(keys::CRC_PER_HOUR)
        .with_value(per_hour.to_string())
        .with_fix(format!(
            "lower {} to at most {largest} (Circles: 1 CRC an hour), or lower {}",
            keys::CRC_PER_HOUR,
            keys::STEP_HOURS
        ))
    }
}

fn role_params(settings: &Settings, role: &str, use_cases: &[&str]) -> Result<RoleDataParams, ConfigError> {
    let key = |suffix: &str| role_key(role, suffix);
    let quality_min = settings.get_fraction(&key(keys::QUALITY_MIN))?;
    let quality_max = settings.get_fraction(&key(keys::QUALITY_MAX))?;
    if quality_min > quality_max {
        let (min_key, max_key) = (key(keys::QUALITY_MIN), key(keys::QUALITY_MAX));
        let mut e = ConfigError::new(
            ErrorKind::OutOfRange,
            format!(
                "is above {max_key} = {quality_max}: a contribution's quality is drawn from [{min_key}, {max_key}]"
            ),
        )
        .with_key(&min_key)
        .with_value(quality_min.to_string())
        .with_fix(format!("lower {min_key} or raise {max_key}, e.g. {min_key}=0.3 and {max_key}=0.7"));
        if let Some(origin) = settings.origin(&min_key) {
            e = e.with_origin(origin.clone());
        }
        return Err(e);
    }
    let lock = match settings.get_choice(&key(keys::LOCK_POLICY))? {
        "all" => LockPolicy::All,
        "fraction" => LockPolicy::Fraction(settings.get_fraction(&key(keys::LOCK_FRACTION))?),
        "above_price" => LockPolicy::AbovePrice(settings.get_wad(&key(keys::LOCK_ABOVE_PRICE))?),
        _ => LockPolicy::Never,
    };
    Ok(RoleDataParams {
        role: role.to_owned(),
        data_member: settings.get_bool(&key(keys::DATA_MEMBER))?,
        first_contribution: settings.get_wad(&key(keys::FIRST_CONTRIBUTION))?,
        contribution_chance: settings.get_fraction(&key(keys::CONTRIBUTION_CHANCE))?,
        contribution_size: settings.get_wad(&key(keys::CONTRIBUTION_SIZE))?,
        quality_min,
        quality_max,
        withdraw_chance: settings.get_fraction(&key(keys::WITHDRAW_CHANCE))?,
        lock,
        redeem_below_price: settings.get_price(&key(keys::REDEEM_BELOW_PRICE))?,
        permit_chances: use_cases
            .iter()
            .map(|u| settings.get_fraction(&permit_key(role, u)))
            .collect::<Result<_, _>>()?,
        use_mix: use_cases.iter().map(|u| settings.get_fraction(&spend_key(role, u))).collect::<Result<_, _>>()?,
    })
}
