//! Proposals: what each states, its snapshot of voting power and the ballots drawn for it, its
//! tally and how it ended; and [`Proposals`], every proposal of the run.
//!
//! A proposal opened at step `t` takes its snapshot then (each member's power, fixed for the
//! proposal), is open to votes in steps `t ..= t + GOV_VOTING_STEPS - 1` and closes after the
//! votes of its last voting step. It counts when the power cast (for and against) is at least
//! `GOV_QUORUM` of the snapshot's, and passes when the power for it is strictly more than
//! `GOV_THRESHOLD` of the power cast; then it is executed `GOV_TIMELOCK` steps after it closed.

use bevy_ecs::entity::Entity;
use bevy_ecs::resource::Resource;
use grassroot_amm::{SCALE, U256, Wad};
use grassroot_sim::Actor;

use crate::menu::GovAction;

/// One member's vote on a proposal, drawn when it opens: its power at the snapshot, the step
/// it votes at and which way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ballot {
    /// The voter's entity.
    pub entity: Entity,
    /// The voter, as logged.
    pub voter: Actor,
    /// Its voting power at the snapshot.
    pub power: Wad,
    /// The step it votes at.
    pub step: u64,
    /// For (true) or against.
    pub in_favour: bool,
}

/// Why a proposal did not pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// Less than `GOV_QUORUM` of the snapshot's power voted.
    Quorum,
    /// The power for it was not more than `GOV_THRESHOLD` of the power cast.
    Threshold,
}

/// Where a proposal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Open to votes.
    Voting,
    /// Passed; executed in the governance phase of step `execute_at`.
    Passed {
        /// The step of its execution.
        execute_at: u64,
    },
    /// Closed without passing: it changes nothing.
    Rejected(Rejection),
    /// Executed: its action took effect.
    Executed,
    /// Passed, but its action could no longer apply when it was due (the pool refused the
    /// liquidity, or a Pie share would have made the shares sum above 1): it changed nothing.
    Void,
}

/// A proposal and its votes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// Its number, from 1 in the order proposals opened.
    pub id: u64,
    /// The step it opened (and took its snapshot) at.
    pub opened: u64,
    /// Its last voting step.
    pub closes: u64,
    /// Who proposed it (drawn uniformly among the members).
    pub proposer: Actor,
    /// The proposer's entity.
    pub proposer_entity: Entity,
    /// What it does.
    pub action: GovAction,
    /// The voting power of every member at the snapshot.
    pub snapshot_power: Wad,
    /// Members with voting power at the snapshot.
    pub snapshot_members: u64,
    /// The votes still to be cast (emptied when it closes).
    pub ballots: Vec<Ballot>,
    /// Power cast for it so far.
    pub power_for: Wad,
    /// Power cast against it so far.
    pub power_against: Wad,
    /// Members who voted for it so far.
    pub voters_for: u64,
    /// Members who voted against it so far.
    pub voters_against: u64,
    /// Where it is.
    pub status: Status,
    /// dDT it moved out of The Pie when executed (burned, granted or turned into liquidity).
    pub ddt_moved: Wad,
}

impl Proposal {
    /// The power cast, for and against.
    pub fn power_cast(&self) -> Wad {
        self.power_for.checked_add(self.power_against).unwrap_or(Wad::MAX)
    }

    /// Counts one vote.
    pub(crate) fn count(&mut self, ballot: &Ballot) {
        if ballot.in_favour {
            self.power_for = self.power_for.checked_add(ballot.power).unwrap_or(Wad::MAX);
            self.voters_for += 1;
        } else {
            self.power_against = self.power_against.checked_add(ballot.power).unwrap_or(Wad::MAX);
            self.voters_against += 1;
        }
    }

    /// Closes the vote: rejected for want of quorum (`cast < quorum x snapshot power`) or of
    /// support (`for <= threshold x cast`), else passed, to be executed `timelock` steps after
    /// its last voting step. Exact, in 256-bit products.
    pub(crate) fn close(&mut self, quorum: Wad, threshold: Wad, timelock: u64) {
        let cast = self.power_cast();
        let times = |a: Wad, b: u128| U256::from(a.raw()) * U256::from(b);
        self.status = if times(cast, SCALE) < times(self.snapshot_power, quorum.raw()) {
            Status::Rejected(Rejection::Quorum)
        } else if times(self.power_for, SCALE) <= times(cast, threshold.raw()) {
            Status::Rejected(Rejection::Threshold)
        } else {
            Status::Passed { execute_at: self.closes.saturating_add(timelock) }
        };
        self.ballots = Vec::new();
    }
}

/// Every proposal of the run, in the order they opened.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct Proposals {
    all: Vec<Proposal>,
}

impl Proposals {
    /// Every proposal so far.
    pub fn all(&self) -> &[Proposal] {
        &self.all
    }

    /// Every proposal, to vote on, close or execute.
    pub(crate) fn all_mut(&mut self) -> &mut [Proposal] {
        &mut self.all
    }

    /// Adds a proposal that just opened.
    pub(crate) fn push(&mut self, proposal: Proposal) {
        self.all.push(proposal);
    }

    /// The number the next proposal gets.
    pub fn next_id(&self) -> u64 {
        self.all.len() as u64 + 1
    }

    /// Proposals open to votes.
    pub fn open(&self) -> usize {
        self.all.iter().filter(|p| p.status == Status::Voting).count()
    }
}
