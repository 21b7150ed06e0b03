//! Use cases of the data pool and members' [`Permissions`]: which uses their data may serve.

use bevy_ecs::component::Component;

/// The use cases of the default scenario, in order.
pub const DEFAULT_USE_CASES: [&str; 3] = ["research", "commercial", "training"];

/// At most this many use cases (one bit each in [`Permissions`]).
pub const MAX_USE_CASES: usize = 32;

/// The use cases a member's data may serve, as a bit set over the run's use cases (bit `i` is
/// use case `i`). A member that permits nothing earns nothing from The Pie.
#[derive(Component, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Permissions(u32);

impl Permissions {
    /// Permits nothing.
    pub const NONE: Permissions = Permissions(0);

    /// Permits exactly the use cases whose indices are listed (indices of 32 or more are ignored).
    ///
    /// ```
    /// use grassroot_datadao::Permissions;
    /// let p = Permissions::only(&[0, 2]);
    /// assert!(p.permits(0) && !p.permits(1) && p.permits(2));
    /// assert!(!Permissions::NONE.permits(0));
    /// ```
    pub fn only(use_cases: &[usize]) -> Permissions {
        let mut p = Permissions::NONE;
        for &u in use_cases {
            p.permit(u);
        }
        p
    }

    /// Also permits use case `u` (ignored if `u >= 32`).
    pub fn permit(&mut self, u: usize) {
        if u < MAX_USE_CASES {
            self.0 |= 1 << u;
        }
    }

    /// True if use case `u` is permitted.
    pub fn permits(self, u: usize) -> bool {
        u < MAX_USE_CASES && self.0 & (1 << u) != 0
    }

    /// True if nothing is permitted.
    pub fn is_none(self) -> bool {
        self.0 == 0
    }
}

/// True if `name` is a valid use-case name: lower_snake (a-z, then a-z, 0-9 or `_`).
pub fn is_use_case_name(name: &str) -> bool {
    name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}
