//! [`GovTally`]: what governance did, this step and in total — the numbers of its columns.

use bevy_ecs::resource::Resource;
use grassroot_amm::Wad;

use crate::menu::ActionKind;

/// This step's votes and the run's totals of proposals and of the dDT they moved.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct GovTally {
    /// The Pie's governed balance: its balance when the governance phase of this step began,
    /// after the step's payout (what it kept).
    pub governed: Wad,
    /// Power cast for proposals this step.
    pub votes_for: Wad,
    /// Power cast against proposals this step.
    pub votes_against: Wad,
    /// Members who voted for a proposal this step.
    pub voters_for: u64,
    /// Members who voted against a proposal this step.
    pub voters_against: u64,
    /// Snapshot power of the proposals that closed this step.
    pub closed_power: Wad,
    /// Power cast on the proposals that closed this step.
    pub closed_cast: Wad,
    /// Proposals that closed this step.
    pub closed: u64,
    /// Proposals opened so far.
    pub proposed: u64,
    /// Proposals passed so far.
    pub passed: u64,
    /// Proposals rejected so far (quorum or threshold).
    pub rejected: u64,
    /// Proposals executed so far.
    pub executed: u64,
    /// Proposals passed but void when due.
    pub void: u64,
    /// Executed so far, per kind (in [`ActionKind::ALL`] order).
    pub executed_by_kind: [u64; ActionKind::ALL.len()],
    /// dDT of The Pie burned so far.
    pub burned: Wad,
    /// dDT of The Pie granted so far.
    pub granted: Wad,
    /// dDT of The Pie turned into liquidity so far.
    pub to_liquidity: Wad,
}

impl GovTally {
    /// Starts a step's governance phase: its flows at zero, `governed` The Pie's balance now.
    pub fn begin_step(&mut self, pie_balance: Wad) {
        self.governed = pie_balance;
        self.votes_for = Wad::ZERO;
        self.votes_against = Wad::ZERO;
        self.voters_for = 0;
        self.voters_against = 0;
        self.closed_power = Wad::ZERO;
        self.closed_cast = Wad::ZERO;
        self.closed = 0;
    }
}
