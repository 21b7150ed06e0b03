#![doc = include_str!("../README.md")]

pub mod actions;
pub mod draw;
pub mod keys;
pub mod menu;
pub mod params;
pub mod plugin;
pub mod proposal;
pub mod rules;
pub mod stance;
pub mod systems;
pub mod tally;

pub use menu::{ActionKind, GovAction};
pub use params::{Bounds, GovParams, RoleGovParams, VoteWeight};
pub use plugin::GovernancePlugin;
pub use proposal::{Ballot, Proposal, Proposals, Rejection, Status};
pub use rules::{GovRules, Voter};
pub use stance::{Current, Leaning, Stance, chance_in_favour, leaning};
pub use tally::GovTally;

/// The panels governance adds to the figure, as (title, columns), for a run of `roles`: the
/// governed parameters of The Pie (its payout rate and each role's share), the pool fee, and
/// the proposals executed by kind.
pub fn plot_panels(roles: &[String]) -> Vec<(String, Vec<String>)> {
    let mut pie = vec!["gov_payout_rate".to_owned()];
    pie.extend(roles.iter().map(|r| format!("{}{r}", systems::metrics::PIE_SHARE_PREFIX)));
    vec![
        ("Governed: The Pie's payout rate and Pie shares".to_owned(), pie),
        ("Governed: the pool fee".to_owned(), vec!["gov_fee_rate".to_owned()]),
        (
            "Proposals executed, by action (cumulative)".to_owned(),
            ActionKind::ALL.iter().map(|k| format!("{}{}", systems::metrics::EXECUTED_PREFIX, k.name())).collect(),
        ),
    ]
}
