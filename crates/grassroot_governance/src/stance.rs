//! What a role's members vote for ([`Stance`], `<ROLE>_GOV_PREFERS`), how a stance judges an
//! action ([`leaning`]), and the chance of a vote in favour that follows
//! ([`chance_in_favour`], with `<ROLE>_GOV_CONVICTION`).
//!
//! | action | price | payout | grants | liquidity |
//! |---|---|---|---|---|
//! | `burn` | for | against | against | - |
//! | `grant` | against | - | for | - |
//! | `liquidity` | against | against | against | for |
//! | `payout_rate` up | against | for | against | - |
//! | `payout_rate` down | for | against | for | - |
//! | `pie_share` of the voter's own role, up | - | for | for | - |
//! | `pie_share` of the voter's own role, down | - | against | against | - |
//! | `fee` up | - | - | - | against |
//! | `fee` down | - | - | - | for |
//!
//! `-` is neutral, and so is everything for `none`, a change to another role's share, and a
//! value equal to the current one. `price` reads "whatever makes dDT scarcer now": a burn
//! takes dDT out for good and a lower payout leaves fewer dDT to be sold, while grants, higher
//! payouts and selling The Pie's dDT into the pool put more on the market.

use grassroot_amm::Wad;
use grassroot_config::Choice;
use grassroot_sim::Role;

use crate::menu::GovAction;

/// What a voter prefers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Stance {
    /// Whatever makes dDT scarcer now (burns, lower payouts): the price.
    Price,
    /// Higher payouts, and a higher Pie share for its own role.
    Payout,
    /// Grants, and what leaves more in The Pie for them.
    Grants,
    /// A deep, cheap market: protocol-owned liquidity, lower fees.
    Liquidity,
    /// No preference: votes at random.
    #[default]
    None,
}

impl Choice for Stance {
    /// In the order `<ROLE>_GOV_PREFERS` lists them.
    const NAMES: &'static [(&'static str, Self)] = &[
        ("price", Stance::Price),
        ("payout", Stance::Payout),
        ("grants", Stance::Grants),
        ("liquidity", Stance::Liquidity),
        ("none", Stance::None),
    ];
}

/// How a stance judges an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leaning {
    /// The action serves what the voter prefers.
    For,
    /// It works against it.
    Against,
    /// Neither.
    Neutral,
}

/// The values an action would change, as they are now: what "up" and "down" are measured from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Current {
    /// The Pie's payout rate.
    pub payout_rate: Wad,
    /// The pool fee, in parts per million.
    pub fee_ppm: u32,
    /// The Pie share of the role a `pie_share` action would change.
    pub pie_share: Wad,
}

/// How a voter of `stance` and `role` judges `action`, given the `current` values (see the
/// module's table).
///
/// ```
/// use grassroot_amm::Wad;
/// use grassroot_governance::{Current, GovAction, Leaning, Stance, leaning};
/// use grassroot_sim::Role;
///
/// let now = Current { payout_rate: Wad::parse("0.7")?, fee_ppm: 3000, pie_share: Wad::parse("0.4")? };
/// let lower = GovAction::PayoutRate { rate: Wad::parse("0.5")? };
/// assert_eq!(leaning(Stance::Price, Role(0), &lower, &now), Leaning::For);
/// assert_eq!(leaning(Stance::Payout, Role(0), &lower, &now), Leaning::Against);
/// let share = GovAction::PieShare { role: Role(3), share: Wad::parse("0.5")? };
/// assert_eq!(leaning(Stance::Payout, Role(3), &share, &now), Leaning::For);
/// assert_eq!(leaning(Stance::Payout, Role(2), &share, &now), Leaning::Neutral);
/// # Ok::<(), grassroot_amm::WadError>(())
/// ```
pub fn leaning(stance: Stance, role: Role, action: &GovAction, current: &Current) -> Leaning {
    use Leaning::{Against, For, Neutral};
    use Stance::{Grants, Liquidity, Payout, Price};
    let by_direction = |up: bool, down: bool, if_up: Leaning| match (up, down) {
        (true, _) => if_up,
        (_, true) => opposite(if_up),
        _ => Neutral,
    };
    match (*action, stance) {
        (_, Stance::None) => Neutral,
        (GovAction::Burn { .. }, Price) => For,
        (GovAction::Burn { .. }, Payout | Grants) => Against,
        (GovAction::Grant { .. }, Price) => Against,
        (GovAction::Grant { .. }, Grants) => For,
        (GovAction::Liquidity { .. }, Liquidity) => For,
        (GovAction::Liquidity { .. }, Price | Payout | Grants) => Against,
        (GovAction::PayoutRate { rate }, Price | Payout | Grants) => {
            let if_up = if stance == Payout { For } else { Against };
            by_direction(rate > current.payout_rate, rate < current.payout_rate, if_up)
        }
        (GovAction::PieShare { role: changed, share }, Payout | Grants) if changed == role => {
            by_direction(share > current.pie_share, share < current.pie_share, For)
        }
        (GovAction::Fee { ppm }, Liquidity) => by_direction(ppm > current.fee_ppm, ppm < current.fee_ppm, Against),
        _ => Neutral,
    }
}

fn opposite(l: Leaning) -> Leaning {
    match l {
        Leaning::For => Leaning::Against,
        Leaning::Against => Leaning::For,
        Leaning::Neutral => Leaning::Neutral,
    }
}

/// The chance that a voter votes in favour: `conviction` if it leans for, `1 - conviction` if
/// against, one half if neutral.
pub fn chance_in_favour(leaning: Leaning, conviction: Wad) -> Wad {
    match leaning {
        Leaning::For => conviction,
        Leaning::Against => Wad::ONE.saturating_sub(conviction),
        Leaning::Neutral => Wad::from_raw(grassroot_amm::SCALE / 2),
    }
}
