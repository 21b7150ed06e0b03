//! [`Rules`]: the mechanism's parameters as the systems read them, with what is derived from
//! them once (the daily demurrage factor, the CRC issued per step, per-role tables indexed by
//! [`Role`]).

use bevy_ecs::resource::Resource;
use grassroot_amm::Wad;
use grassroot_config::{ConfigError, ErrorKind};
use grassroot_sim::{Role, Roles};

use crate::demurrage::daily_factor;
use crate::keys::CRC_DEMURRAGE_PER_YEAR;
use crate::params::{DataDaoParams, RoleDataParams};

/// The mechanism's rules for a run.
#[derive(Resource, Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    /// The parameters.
    pub params: DataDaoParams,
    /// The daily demurrage factor (see [`daily_factor`]).
    pub daily_factor: Wad,
    /// CRC issued to each data member per step.
    pub crc_per_step: Wad,
    /// Per role index: the role's dataDAO parameters (`None` for a role without them).
    by_role: Vec<Option<RoleDataParams>>,
}

impl Rules {
    /// The rules for `params`, with per-role tables for the registered `roles`; an error names
    /// the key whose value cannot be used (a `CRC_PER_HOUR x STEP_HOURS` above the largest
    /// amount, a `CRC_DEMURRAGE_PER_YEAR` above 1).
    pub fn new(params: DataDaoParams, roles: &Roles) -> Result<Rules, ConfigError> {
        let by_role = roles.iter().map(|(_, info)| params.role(&info.name).cloned()).collect();
        let daily_factor = daily_factor(params.demurrage_per_year).map_err(|_| {
            ConfigError::new(
                ErrorKind::OutOfRange,
                format!("is not a yearly loss: allowed 0 <= {CRC_DEMURRAGE_PER_YEAR} < 1"),
            )
            .with_key(CRC_DEMURRAGE_PER_YEAR)
            .with_value(params.demurrage_per_year.to_string())
        })?;
        Ok(Rules { daily_factor, crc_per_step: params.crc_per_step()?, params, by_role })
    }

    /// The dataDAO parameters of a role, if it has any.
    pub fn role(&self, role: Role) -> Option<&RoleDataParams> {
        self.by_role.get(role.index()).and_then(Option::as_ref)
    }

    /// The number of use cases.
    pub fn use_cases(&self) -> usize {
        self.params.use_cases.len()
    }
}
