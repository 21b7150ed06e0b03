//! Voting: each open proposal's ballots of this step are cast (logged `vote`, counted), and the
//! proposals whose last voting step this is are closed (quorum, threshold, timelock).

use bevy_ecs::system::{Query, Res, ResMut};
use grassroot_amm::Wad;
use grassroot_sim::{AgentId, Economy, Wallet};

use crate::actions::VOTE;
use crate::proposal::{Proposals, Status};
use crate::rules::GovRules;
use crate::tally::GovTally;

/// For each proposal open to votes, in the order they opened: casts the ballots drawn for this
/// step, in [`AgentId`] order (each voter's row logged `vote`, with its wallet as it is: a vote
/// moves no token), then, at its last voting step, closes it
/// ([`Proposal::close`](crate::Proposal)).
pub fn cast_votes(
    members: Query<(&AgentId, &Wallet)>,
    rules: Res<GovRules>,
    mut proposals: ResMut<Proposals>,
    mut tally: ResMut<GovTally>,
    mut economy: Economy,
) {
    let step = economy.step();
    let p = &rules.params;
    for proposal in proposals.all_mut().iter_mut().filter(|x| x.status == Status::Voting) {
        let ballots = std::mem::take(&mut proposal.ballots);
        let (due, later): (Vec<_>, Vec<_>) = ballots.into_iter().partition(|b| b.step == step);
        for ballot in &due {
            proposal.count(ballot);
            if ballot.in_favour {
                tally.votes_for = tally.votes_for.checked_add(ballot.power).unwrap_or(Wad::MAX);
                tally.voters_for += 1;
            } else {
                tally.votes_against = tally.votes_against.checked_add(ballot.power).unwrap_or(Wad::MAX);
                tally.voters_against += 1;
            }
            if let Ok((_, wallet)) = members.get(ballot.entity) {
                economy.note(ballot.voter, wallet, VOTE);
            }
        }
        proposal.ballots = later;
        if proposal.closes == step {
            proposal.close(p.quorum, p.threshold, p.timelock);
            tally.closed += 1;
            tally.closed_power = tally.closed_power.checked_add(proposal.snapshot_power).unwrap_or(Wad::MAX);
            tally.closed_cast = tally.closed_cast.checked_add(proposal.power_cast()).unwrap_or(Wad::MAX);
            match proposal.status {
                Status::Passed { .. } => tally.passed += 1,
                _ => tally.rejected += 1,
            }
        }
    }
}
