//! What a proposal may do: the menu's kinds of action ([`ActionKind`]) and an action with the
//! parameters drawn for it ([`GovAction`]), with the exact effect each states.
//!
//! `B` is The Pie's balance when the proposal is executed (in the governance phase, after the
//! step's payout: what The Pie kept). Every amount is rounded down.
//!
//! | action | effect |
//! |---|---|
//! | `burn` f | `floor(B x f)` dDT leave The Pie and are burned (`ddt_burned`) |
//! | `grant` f | `A = floor(B x f)`; each member with Contribution Weight `w` receives `floor(A x w / W)` (`W` the members' total; in a world without Contribution Weight, the seed, every member counts 1); the dust stays in The Pie |
//! | `liquidity` f | `A = floor(B x f)` leave The Pie; the pool sells the zap's share of it for xDAI and takes the rest with that xDAI as a pair deposit ([`Pool::zap_ddt`](grassroot_amm::Pool::zap_ddt)); The Pie holds the LP tokens minted |
//! | `payout_rate` r | The Pie pays out `r` of its balance from the next payout on |
//! | `pie_share` role, s | the role's members share `s` of each payout from the next one on (void if the roles' shares would sum above 1) |
//! | `fee` x | the pool's fee is `x` for later swaps |

use grassroot_amm::Wad;
use grassroot_sim::Role;

/// A kind of action on the menu (`GOV_ACTIONS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActionKind {
    /// Burn part of The Pie's kept dDT.
    Burn,
    /// Pay part of it out as a grant, by Contribution Weight.
    Grant,
    /// Sell part of it into the pool and add the xDAI with the rest as protocol-owned liquidity.
    Liquidity,
    /// Change The Pie's payout rate (`PIE_PAYOUT_RATE`).
    PayoutRate,
    /// Change one role's Pie share.
    PieShare,
    /// Change the pool fee.
    Fee,
}

impl ActionKind {
    /// Every kind, in the order of the menu's default and of the columns.
    pub const ALL: [ActionKind; 6] = [
        ActionKind::Burn,
        ActionKind::Grant,
        ActionKind::Liquidity,
        ActionKind::PayoutRate,
        ActionKind::PieShare,
        ActionKind::Fee,
    ];

    /// The name in `GOV_ACTIONS` and in columns.
    pub const fn name(self) -> &'static str {
        match self {
            ActionKind::Burn => "burn",
            ActionKind::Grant => "grant",
            ActionKind::Liquidity => "liquidity",
            ActionKind::PayoutRate => "payout_rate",
            ActionKind::PieShare => "pie_share",
            ActionKind::Fee => "fee",
        }
    }

    /// The kind of this name (any case, spaces around ignored).
    ///
    /// ```
    /// use grassroot_governance::ActionKind;
    /// assert_eq!(ActionKind::parse(" Payout_Rate"), Some(ActionKind::PayoutRate));
    /// assert_eq!(ActionKind::parse("airdrop"), None);
    /// ```
    pub fn parse(name: &str) -> Option<ActionKind> {
        let name = name.trim();
        ActionKind::ALL.into_iter().find(|k| k.name().eq_ignore_ascii_case(name))
    }

    /// Its position in [`ActionKind::ALL`].
    pub fn index(self) -> usize {
        ActionKind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    /// True for the actions that spend The Pie's dDT.
    pub fn spends(self) -> bool {
        matches!(self, ActionKind::Burn | ActionKind::Grant | ActionKind::Liquidity)
    }
}

/// An action with its parameters, as a proposal states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GovAction {
    /// Burn `floor(B x fraction)` of The Pie's dDT.
    Burn {
        /// The fraction of the governed balance.
        fraction: Wad,
    },
    /// Grant `floor(B x fraction)` by Contribution Weight.
    Grant {
        /// The fraction of the governed balance.
        fraction: Wad,
    },
    /// Turn `floor(B x fraction)` into protocol-owned liquidity.
    Liquidity {
        /// The fraction of the governed balance.
        fraction: Wad,
    },
    /// Set The Pie's payout rate.
    PayoutRate {
        /// The new rate.
        rate: Wad,
    },
    /// Set a role's Pie share.
    PieShare {
        /// The role.
        role: Role,
        /// The new share.
        share: Wad,
    },
    /// Set the pool fee.
    Fee {
        /// The new fee, in parts per million.
        ppm: u32,
    },
}

impl GovAction {
    /// The kind of action.
    pub fn kind(&self) -> ActionKind {
        match self {
            GovAction::Burn { .. } => ActionKind::Burn,
            GovAction::Grant { .. } => ActionKind::Grant,
            GovAction::Liquidity { .. } => ActionKind::Liquidity,
            GovAction::PayoutRate { .. } => ActionKind::PayoutRate,
            GovAction::PieShare { .. } => ActionKind::PieShare,
            GovAction::Fee { .. } => ActionKind::Fee,
        }
    }

    /// The fraction of The Pie's governed balance a spending action spends.
    pub fn fraction(&self) -> Option<Wad> {
        match *self {
            GovAction::Burn { fraction } | GovAction::Grant { fraction } | GovAction::Liquidity { fraction } => {
                Some(fraction)
            }
            _ => None,
        }
    }
}
