//! [`GovRules`]: governance's parameters as the systems read them, with what is derived from
//! them and the roles once: each role's voter, the roles a `pie_share` proposal may change.

use bevy_ecs::resource::Resource;
use grassroot_amm::Wad;
use grassroot_sim::{Role, Roles};

use crate::params::GovParams;
use crate::stance::Stance;

/// How a role's members vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Voter {
    /// Chance of voting on a proposal.
    pub turnout: Wad,
    /// What they prefer.
    pub prefers: Stance,
    /// Chance of voting as the preference says.
    pub conviction: Wad,
}

impl Voter {
    /// A voter that never votes (a role without governance keys).
    pub const ABSENT: Voter = Voter { turnout: Wad::ZERO, prefers: Stance::None, conviction: Wad::ZERO };
}

/// Governance's rules for a run.
#[derive(Resource, Clone, Debug, PartialEq, Eq)]
pub struct GovRules {
    /// The parameters.
    pub params: GovParams,
    /// The roles that receive Pie payouts (a positive Pie share when the run was built): those
    /// a `pie_share` proposal may change.
    pub recipients: Vec<Role>,
    /// Per role index: its voter.
    voters: Vec<Voter>,
}

impl GovRules {
    /// The rules for `params` and the registered `roles`.
    pub fn new(params: GovParams, roles: &Roles) -> GovRules {
        let voters = roles
            .iter()
            .map(|(_, info)| {
                params.role(&info.name).map_or(Voter::ABSENT, |r| Voter {
                    turnout: r.turnout,
                    prefers: r.prefers,
                    conviction: r.conviction,
                })
            })
            .collect();
        let recipients = roles.iter().filter(|(_, info)| !info.pie_share.is_zero()).map(|(role, _)| role).collect();
        GovRules { params, recipients, voters }
    }

    /// How the members of `role` vote.
    pub fn voter(&self, role: Role) -> Voter {
        self.voters.get(role.index()).copied().unwrap_or(Voter::ABSENT)
    }
}
