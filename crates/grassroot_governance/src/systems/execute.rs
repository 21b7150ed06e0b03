//! Executing passed proposals when their timelock ends: each action's exact effect (see
//! [`crate::menu`]), through the engine's `Economy`, and in the dataDAO out of The Pie's
//! per-use-case books in proportion.

use bevy_ecs::entity::Entity;
use bevy_ecs::system::{Local, Query, Res, ResMut};
use grassroot_amm::Wad;
use grassroot_datadao::{Contribution, PieBooks, Weighting};
use grassroot_sim::{Actor, AgentId, Economy, Role, Roles, SimError, Turns, Wallet};

use crate::actions::{EXECUTE, GRANT};
use crate::menu::GovAction;
use crate::proposal::{Proposals, Status};
use crate::tally::GovTally;

/// What execution reads and writes of a member.
type Member = (Entity, &'static AgentId, &'static Role, &'static mut Wallet, Option<&'static Contribution>);

/// What the actions act on besides the members.
pub struct Treasury<'a, 'w> {
    /// The economy, through which every token moves.
    pub economy: &'a mut Economy<'w>,
    /// The roles (for Pie shares).
    pub roles: &'a mut Roles,
    /// The dataDAO's per-use-case books of The Pie, if the run has them.
    pub books: Option<&'a mut PieBooks>,
    /// The Contribution Weight, if the run has one.
    pub weighting: Option<&'a Weighting>,
}

/// For each passed proposal due this step, in the order they opened: applies its action
/// ([`apply`]); executed, it logs `execute` for its proposer and counts; void, it changed
/// nothing and counts as void.
#[expect(clippy::too_many_arguments, reason = "a system reads every resource an action changes")]
pub fn execute_proposals(
    mut members: Query<Member>,
    mut roles: ResMut<Roles>,
    mut books: Option<ResMut<PieBooks>>,
    weighting: Option<Res<Weighting>>,
    mut proposals: ResMut<Proposals>,
    mut tally: ResMut<GovTally>,
    mut economy: Economy,
    mut turns: Local<Turns>,
) {
    let step = economy.step();
    for proposal in proposals.all_mut() {
        if proposal.status != (Status::Passed { execute_at: step }) {
            continue;
        }
        let outcome = {
            let mut treasury = Treasury {
                economy: &mut economy,
                roles: &mut roles,
                books: books.as_deref_mut(),
                weighting: weighting.as_deref(),
            };
            apply(&proposal.action, &mut treasury, &mut members, &mut turns)
        };
        let Ok(moved) = outcome else {
            proposal.status = Status::Void;
            tally.void += 1;
            continue;
        };
        proposal.status = Status::Executed;
        proposal.ddt_moved = moved;
        tally.executed += 1;
        tally.executed_by_kind[proposal.action.kind().index()] += 1;
        let add = |total: Wad| total.checked_add(moved).unwrap_or(Wad::MAX);
        match proposal.action {
            GovAction::Burn { .. } => tally.burned = add(tally.burned),
            GovAction::Grant { .. } => tally.granted = add(tally.granted),
            GovAction::Liquidity { .. } => tally.to_liquidity = add(tally.to_liquidity),
            _ => {}
        }
        if let Ok((_, _, _, wallet, _)) = members.get(proposal.proposer_entity) {
            economy.note(proposal.proposer, wallet, EXECUTE);
        }
    }
}

/// A passed action that could no longer apply when it was due; nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Void;

/// Applies `action` now and returns the dDT it moved out of The Pie (0 for a parameter), or
/// [`Void`], having changed nothing. `B` is The Pie's balance now:
///
/// - burn, grant, liquidity: `A = floor(B x fraction)`; a burn burns `A`; a grant pays each
///   member `floor(A x w / W)` in [`AgentId`] order (logged `grant`), `w` its Contribution
///   Weight (1 for every member in a run without one), the dust staying in The Pie; liquidity
///   zaps `A` into the pool (void if the pool refuses); in the dataDAO, The Pie's use-case
///   books give up what left The Pie ([`PieBooks::withdraw`]);
/// - payout rate, Pie share (void if the shares would sum above 1), fee: set.
pub fn apply(
    action: &GovAction,
    t: &mut Treasury<'_, '_>,
    members: &mut Query<Member>,
    turns: &mut Turns,
) -> Result<Wad, Void> {
    let balance = t.economy.pie().balance();
    let amount = action.fraction().map(|f| balance.mul_frac(f).unwrap_or(Wad::ZERO));
    let moved = match (*action, amount) {
        (GovAction::Burn { .. }, Some(a)) => {
            let books = staged(t, a)?;
            t.economy.burn_from_pie(a).map_err(|_| Void)?;
            commit(t, books);
            a
        }
        (GovAction::Liquidity { .. }, Some(a)) => {
            let books = staged(t, a)?;
            t.economy.pie_into_liquidity(a).map_err(|_| Void)?;
            commit(t, books);
            a
        }
        (GovAction::Grant { .. }, Some(a)) => grant(t, a, members, turns),
        (GovAction::PayoutRate { rate }, _) => {
            t.economy.set_pie_payout_rate(rate);
            Wad::ZERO
        }
        (GovAction::PieShare { role, share }, _) => {
            t.roles.set_pie_share(role, share).map_err(|_| Void)?;
            Wad::ZERO
        }
        (GovAction::Fee { ppm }, _) => {
            t.economy.set_pool_fee(ppm).map_err(|_| Void)?;
            Wad::ZERO
        }
        _ => return Err(Void),
    };
    Ok(moved)
}

/// The use-case books after `amount` leaves The Pie (`None` in a run without them); void if
/// they cannot give it (they always can while the dataDAO's books balance).
fn staged(t: &Treasury<'_, '_>, amount: Wad) -> Result<Option<PieBooks>, Void> {
    match t.books.as_deref() {
        Some(books) => {
            let mut next = books.clone();
            next.withdraw(amount).map_err(|_| Void)?;
            Ok(Some(next))
        }
        None => Ok(None),
    }
}

fn commit(t: &mut Treasury<'_, '_>, staged: Option<PieBooks>) {
    if let (Some(books), Some(next)) = (t.books.as_deref_mut(), staged) {
        *books = next;
    }
}

/// Pays a grant of `amount` by Contribution Weight (1 per member without one); returns what
/// was paid.
fn grant(t: &mut Treasury<'_, '_>, amount: Wad, members: &mut Query<Member>, turns: &mut Turns) -> Wad {
    let weight = |c: Option<&Contribution>| match t.weighting {
        Some(w) => c.map_or(0, |c| w.of(c).raw()),
        None => 1,
    };
    let Some(total) = members.iter().try_fold(0u128, |sum, m| sum.checked_add(weight(m.4))) else {
        let step = t.economy.step();
        t.economy.report_fault(SimError::Overflow { step, what: "the total weight of a grant".to_owned() });
        return Wad::ZERO;
    };
    let order = turns.by_id(members.iter().map(|m| (*m.1, m.0)));
    let mut shares = Vec::with_capacity(order.len());
    for &(_, entity) in order {
        let Ok((_, _, _, _, c)) = members.get(entity) else { continue };
        let share = if total == 0 { Wad::ZERO } else { amount.mul_div(weight(c), total).unwrap_or(Wad::ZERO) };
        if !share.is_zero() {
            shares.push((entity, share));
        }
    }
    let mut granted = Wad::ZERO;
    for (entity, share) in shares {
        let Ok((_, id, role, mut wallet, _)) = members.get_mut(entity) else { continue };
        if t.economy.grant_from_pie(Actor::new(id, role), &mut wallet, share, GRANT).is_ok() {
            // At most `amount`: the shares are floors of parts of it.
            granted = granted.checked_add(share).unwrap_or(amount);
        }
    }
    // The books hold what The Pie holds, so they can give what it granted; if they could not,
    // they would stay as they are and the dataDAO's books check would stop the run.
    if let Some(books) = t.books.as_deref_mut() {
        let _ = books.withdraw(granted);
    }
    granted
}
