//! [`RoleKey`]: a key every role has, `<ROLE>_<SUFFIX>`, declared once by the behaviour that
//! reads it ([`Schema::add_role_key`]): the schema registers it for every role it has and for
//! every role added later, each with the role's default where one is given.

use crate::error::ConfigError;
use crate::kind::Kind;
use crate::schema::{ParamSpec, Schema, role_group, role_key};

/// A per-role key: its suffix, kind, help, default, and the defaults of some roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleKey {
    /// The suffix, `UPPER_SNAKE`: the key of role `whale` is `WHALE_<suffix>`.
    pub suffix: String,
    /// What values it accepts.
    pub kind: Kind,
    /// The default of a role without its own.
    pub default: String,
    /// One sentence of help.
    pub help: String,
    /// Roles whose default differs, as `(role, default)`.
    pub role_defaults: Vec<(String, String)>,
}

impl RoleKey {
    /// A per-role key with one default for every role.
    pub fn new(suffix: impl Into<String>, kind: Kind, default: impl Into<String>, help: impl Into<String>) -> Self {
        Self { suffix: suffix.into(), kind, default: default.into(), help: help.into(), role_defaults: Vec::new() }
    }

    /// The same key with another default for `role`.
    #[must_use]
    pub fn default_for(mut self, role: impl Into<String>, default: impl Into<String>) -> Self {
        self.role_defaults.push((role.into(), default.into()));
        self
    }

    /// The default of `role`.
    pub fn default_of(&self, role: &str) -> &str {
        self.role_defaults.iter().find(|(r, _)| r == role).map_or(self.default.as_str(), |(_, d)| d.as_str())
    }

    /// The key's spec for `role`, under the role's heading.
    pub(crate) fn spec(&self, role: &str) -> ParamSpec {
        ParamSpec::new(role_key(role, &self.suffix), self.kind.clone(), self.default_of(role), self.help.clone())
            .in_group(role_group(role))
    }
}

impl Schema {
    /// Registers a per-role key: `<ROLE>_<SUFFIX>` for every role registered so far and every
    /// role registered later, listed under the role's heading. How a behaviour owns its keys.
    /// Fails, changing nothing, if a role's key is already registered or a default is invalid.
    ///
    /// ```
    /// use grassroot_config::{Kind, RoleKey, Schema};
    ///
    /// let mut schema = Schema::seed();
    /// schema.add_role_key(
    ///     RoleKey::new("PATIENCE", Kind::UInt { min: 0, max: 100 }, "0", "Steps a member waits before selling.")
    ///         .default_for("degen_user", "3"),
    /// )?;
    /// assert_eq!(schema.spec("DEGEN_USER_PATIENCE").map(|s| s.default.as_str()), Some("3"));
    /// assert_eq!(schema.spec("ORGANIZATION_PATIENCE").map(|s| s.default.as_str()), Some("0"));
    /// # Ok::<(), grassroot_config::ConfigError>(())
    /// ```
    pub fn add_role_key(&mut self, key: RoleKey) -> Result<&mut Self, ConfigError> {
        let mut staged = self.clone();
        for role in &self.roles {
            staged.add(key.spec(role))?;
        }
        staged.role_keys.push(key);
        *self = staged;
        Ok(self)
    }

    /// The per-role keys registered with [`Schema::add_role_key`], in order.
    pub fn role_keys(&self) -> &[RoleKey] {
        &self.role_keys
    }
}
