//! Opening a proposal: every `GOV_PERIOD` steps, a proposer, an action and its parameters are
//! drawn, and every member's voting power is fixed (the snapshot), with the ballot each member
//! will cast.

use bevy_ecs::entity::Entity;
use bevy_ecs::system::{Local, Query, Res, ResMut};
use grassroot_amm::Wad;
use grassroot_datadao::chance::happens;
use grassroot_datadao::{Contribution, Weighting};
use grassroot_sim::{Actor, AgentId, Economy, Role, Roles, SimRng, Turns, Wallet};

use crate::actions::PROPOSE;
use crate::draw::{self, on_grid, on_grid_ppm};
use crate::menu::{ActionKind, GovAction};
use crate::params::VoteWeight;
use crate::proposal::{Ballot, Proposal, Proposals, Status};
use crate::rules::GovRules;
use crate::stance::{Current, chance_in_favour, leaning};
use crate::tally::GovTally;

/// What the snapshot reads of a member.
type Member = (Entity, &'static AgentId, &'static Role, &'static Wallet, Option<&'static Contribution>);

/// A member's voting power: its dDT (`tokens`), its Contribution Weight (`data`; 0 without
/// one), or 1 (`person`).
pub fn power(
    weight: VoteWeight,
    wallet: &Wallet,
    contribution: Option<&Contribution>,
    weighting: Option<&Weighting>,
) -> Wad {
    match weight {
        VoteWeight::Tokens => wallet.ddt,
        VoteWeight::Data => match (contribution, weighting) {
            (Some(c), Some(w)) => w.of(c),
            _ => Wad::ZERO,
        },
        VoteWeight::Person => Wad::ONE,
    }
}

/// The action of a new proposal: a kind drawn uniformly from the menu, then its parameter on
/// the grid of its bounds (and, for a Pie share, the role, uniformly among the recipients).
pub fn draw_action(rules: &GovRules, rng: &mut SimRng) -> GovAction {
    let p = &rules.params;
    let menu: Vec<ActionKind> =
        p.actions.iter().copied().filter(|k| *k != ActionKind::PieShare || !rules.recipients.is_empty()).collect();
    let kind = menu.get(draw::index(rng, menu.len())).copied().unwrap_or(ActionKind::Burn);
    match kind {
        ActionKind::Burn => GovAction::Burn { fraction: on_grid(rng, p.spend) },
        ActionKind::Grant => GovAction::Grant { fraction: on_grid(rng, p.spend) },
        ActionKind::Liquidity => GovAction::Liquidity { fraction: on_grid(rng, p.spend) },
        ActionKind::PayoutRate => GovAction::PayoutRate { rate: on_grid(rng, p.payout_rate) },
        ActionKind::PieShare => {
            let role = rules.recipients.get(draw::index(rng, rules.recipients.len())).copied().unwrap_or(Role(0));
            GovAction::PieShare { role, share: on_grid(rng, p.pie_share) }
        }
        ActionKind::Fee => GovAction::Fee { ppm: on_grid_ppm(rng, p.fee_ppm) },
    }
}

/// Starts the step's governance (the governed balance is The Pie's balance now, after the
/// payout); at a positive multiple of `GOV_PERIOD`, opens a proposal. Members are walked in
/// [`AgentId`] order: the proposer is drawn among them, then the action
/// ([`draw_action`]); then each member with voting power ([`power`]) enters the snapshot and
/// draws whether it votes (its role's turnout), at which of the voting steps, and which way
/// (for with its role's [`chance_in_favour`]). The proposer's row is logged `propose`.
#[expect(clippy::too_many_arguments, reason = "a system reads every resource a proposal states")]
pub fn open_proposal(
    members: Query<Member>,
    rules: Res<GovRules>,
    roles: Res<Roles>,
    weighting: Option<Res<Weighting>>,
    mut proposals: ResMut<Proposals>,
    mut tally: ResMut<GovTally>,
    mut rng: ResMut<SimRng>,
    mut economy: Economy,
    mut turns: Local<Turns>,
) {
    tally.begin_step(economy.pie().balance());
    let step = economy.step();
    let p = &rules.params;
    if step == 0 || !step.is_multiple_of(p.period) {
        return;
    }
    let order = turns.by_id(members.iter().map(|m| (*m.1, m.0)));
    let Some(&(_, proposer_entity)) = order.get(draw::index(&mut rng, order.len())) else { return };
    let Ok((_, proposer_id, proposer_role, proposer_wallet, _)) = members.get(proposer_entity) else { return };
    let action = draw_action(&rules, &mut rng);
    let current = Current {
        payout_rate: economy.pie().payout_rate(),
        fee_ppm: economy.pool().fee_ppm(),
        pie_share: match action {
            GovAction::PieShare { role, .. } => roles.get(role).pie_share,
            _ => Wad::ZERO,
        },
    };
    let mut proposal = Proposal {
        id: proposals.next_id(),
        opened: step,
        closes: step.saturating_add(p.voting_steps - 1),
        proposer: Actor::new(proposer_id, proposer_role),
        proposer_entity,
        action,
        snapshot_power: Wad::ZERO,
        snapshot_members: 0,
        ballots: Vec::new(),
        power_for: Wad::ZERO,
        power_against: Wad::ZERO,
        voters_for: 0,
        voters_against: 0,
        status: Status::Voting,
        ddt_moved: Wad::ZERO,
    };
    let voting_steps = usize::try_from(p.voting_steps).unwrap_or(usize::MAX);
    for &(_, entity) in order {
        let Ok((_, id, role, wallet, contribution)) = members.get(entity) else { continue };
        let power = power(p.weight, wallet, contribution, weighting.as_deref());
        if power.is_zero() {
            continue;
        }
        proposal.snapshot_power = proposal.snapshot_power.checked_add(power).unwrap_or(Wad::MAX);
        proposal.snapshot_members += 1;
        let voter = rules.voter(*role);
        if !happens(&mut rng, voter.turnout) {
            continue;
        }
        let at = step.saturating_add(draw::index(&mut rng, voting_steps) as u64);
        let lean = leaning(voter.prefers, *role, &action, &current);
        let in_favour = happens(&mut rng, chance_in_favour(lean, voter.conviction));
        proposal.ballots.push(Ballot { entity, voter: Actor::new(id, role), power, step: at, in_favour });
    }
    economy.note(proposal.proposer, proposer_wallet, PROPOSE);
    tally.proposed += 1;
    proposals.push(proposal);
}
