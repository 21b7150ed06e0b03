//! [`Choice`]: an enum that a key chooses among, with its names in one list. The schema's
//! [`Kind::Choice`](crate::Kind::Choice) ([`Kind::of`](crate::Kind::of)), the typed getter
//! ([`Settings::choice`](crate::Settings::choice)) and every text that names a value read that
//! list; nothing else spells the names.

/// An enum whose values a key names, e.g. `TURN_ORDER=phases`.
///
/// ```
/// use grassroot_config::{Choice, Kind, TurnOrder};
///
/// assert_eq!(TurnOrder::Agents.name(), "agents");
/// assert_eq!(TurnOrder::from_name("Phases"), Some(TurnOrder::Phases));
/// assert_eq!(Kind::of::<TurnOrder>(), Kind::choice(["phases", "agents"]));
/// ```
pub trait Choice: Copy + PartialEq + Sized + 'static {
    /// Every value with its name (lower case, as keys take it), in the order listed to users.
    const NAMES: &'static [(&'static str, Self)];

    /// The value's name.
    fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(_, v)| *v == self).map_or("", |(n, _)| n)
    }

    /// The value called `name` (any case), if any.
    fn from_name(name: &str) -> Option<Self> {
        Self::NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name.trim())).map(|(_, v)| *v)
    }

    /// Every name, in order.
    fn names() -> impl Iterator<Item = &'static str> {
        Self::NAMES.iter().map(|(n, _)| *n)
    }
}

impl Choice for grassroot_amm::FeeModel {
    const NAMES: &'static [(&'static str, Self)] =
        &[("reserves", grassroot_amm::FeeModel::Reserves), ("account", grassroot_amm::FeeModel::Account)];
}
