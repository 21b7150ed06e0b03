//! `Schema`: the registry of known keys (`ParamSpec`s), the roles, the sum rules tying keys
//! together, and the shorthand flags. Extensible: a plugin adds its own specs (or a whole role)
//! and reads them back typed from [`crate::Settings`].

use grassroot_amm::Wad;

use crate::error::{ConfigError, ErrorKind};
use crate::keys::role;
use crate::kind::Kind;
use crate::origin::Origin;
use crate::params::{BuyRule, DepositRule, PieUse};

/// One known key: its name, what it accepts, its default and its help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamSpec {
    /// The key as an environment variable name, `UPPER_SNAKE` (TOML uses it in lower case).
    pub key: String,
    /// What values it accepts.
    pub kind: Kind,
    /// The default, as text (parsed with `kind` like any other value).
    pub default: String,
    /// One sentence of help, shown in `env.example`.
    pub help: String,
    /// The heading it is listed under in `env.example`, e.g. `Simulation`.
    pub group: String,
}

impl ParamSpec {
    /// A spec in the group `Other`; change the group with [`ParamSpec::in_group`].
    pub fn new(key: impl Into<String>, kind: Kind, default: impl Into<String>, help: impl Into<String>) -> Self {
        Self { key: key.into(), kind, default: default.into(), help: help.into(), group: "Other".to_owned() }
    }

    /// The same spec listed under `group`.
    #[must_use]
    pub fn in_group(mut self, group: impl Into<String>) -> Self {
        self.group = group.into();
        self
    }

    /// The key in lower case, as written in TOML files.
    pub fn toml_key(&self) -> String {
        self.key.to_ascii_lowercase()
    }
}

/// How the values of a [`SumRule`]'s keys must sum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SumBound {
    /// The sum must be exactly this.
    Exactly(Wad),
    /// The sum must be at most this.
    AtMost(Wad),
}

/// A constraint on the sum of several amount or fraction keys, e.g. the role shares sum to 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SumRule {
    /// What the keys are, for messages, e.g. `role shares`.
    pub label: String,
    /// The keys summed (amount or fraction kinds).
    pub keys: Vec<String>,
    /// The bound on the sum.
    pub bound: SumBound,
}

/// Label of the seed's rule that the role shares sum to exactly 1.
pub const ROLE_SHARES_RULE: &str = "role shares";
/// Label of the seed's rule that the roles' Pie shares sum to at most 1.
pub const PIE_SHARES_RULE: &str = "Pie shares";

/// Suffixes of the seventeen keys of a role: `<ROLE>_<SUFFIX>`.
pub const ROLE_FIELDS: [&str; 17] = [
    role::SHARE,
    role::FOUNDERS,
    role::INITIAL_DDT,
    role::INITIAL_XDAI,
    role::SPEND_PER_STEP,
    role::BUYS_SHORTFALL,
    role::BUY,
    role::MAX_BUY_PRICE,
    role::SELL_PER_STEP,
    role::PARTIAL,
    role::SEED_LIQUIDITY_DDT,
    role::SEED_LIQUIDITY_XDAI,
    role::DEPOSIT,
    role::FEE_REINVEST,
    role::DUMPS_DDT,
    role::PIE_SHARE,
    role::PIE_USE,
];

/// The key of field `suffix` (one of [`ROLE_FIELDS`]) of `role`, e.g.
/// `role_key("degen_user", "SHARE") == "DEGEN_USER_SHARE"`.
pub fn role_key(role: &str, suffix: &str) -> String {
    format!("{}_{suffix}", role.to_ascii_uppercase())
}

/// The heading of a role's keys in `env.example`: `Role: <role>`.
pub fn role_group(role: &str) -> String {
    format!("Role: {role}")
}

/// Defaults of a role's seventeen keys, as text. [`RoleDefaults::default`] is an idle role: share
/// 0, no tokens, no trading, Pie share 0, keep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleDefaults {
    /// `<ROLE>_SHARE`.
    pub share: String,
    /// `<ROLE>_FOUNDERS`.
    pub founders: String,
    /// `<ROLE>_INITIAL_DDT`.
    pub initial_ddt: String,
    /// `<ROLE>_INITIAL_XDAI`.
    pub initial_xdai: String,
    /// `<ROLE>_SPEND_PER_STEP`.
    pub spend_per_step: String,
    /// `<ROLE>_BUYS_SHORTFALL`.
    pub buys_shortfall: String,
    /// `<ROLE>_BUY`.
    pub buy: String,
    /// `<ROLE>_MAX_BUY_PRICE`.
    pub max_buy_price: String,
    /// `<ROLE>_SELL_PER_STEP`.
    pub sell_per_step: String,
    /// `<ROLE>_PARTIAL`.
    pub partial: String,
    /// `<ROLE>_SEED_LIQUIDITY_DDT`.
    pub seed_liquidity_ddt: String,
    /// `<ROLE>_SEED_LIQUIDITY_XDAI`.
    pub seed_liquidity_xdai: String,
    /// `<ROLE>_DEPOSIT`.
    pub deposit: String,
    /// `<ROLE>_FEE_REINVEST`.
    pub fee_reinvest: String,
    /// `<ROLE>_DUMPS_DDT`.
    pub dumps_ddt: String,
    /// `<ROLE>_PIE_SHARE`.
    pub pie_share: String,
    /// `<ROLE>_PIE_USE`.
    pub pie_use: String,
}

impl Default for RoleDefaults {
    fn default() -> Self {
        let s = |t: &str| t.to_owned();
        Self {
            share: s("0"),
            founders: s("0"),
            initial_ddt: s("0"),
            initial_xdai: s("0"),
            spend_per_step: s("0"),
            buys_shortfall: s("false"),
            buy: s("exact_out"),
            max_buy_price: s("none"),
            sell_per_step: s("0"),
            partial: s("on"),
            seed_liquidity_ddt: s("0"),
            seed_liquidity_xdai: s("0"),
            deposit: s("pair"),
            fee_reinvest: s("0"),
            dumps_ddt: s("false"),
            pie_share: s("0"),
            pie_use: s("keep"),
        }
    }
}

impl RoleDefaults {
    /// The specs of the role's seventeen keys, in [`ROLE_FIELDS`] order.
    fn specs(&self, role: &str, group: &str) -> Vec<ParamSpec> {
        let amount = Kind::amount;
        let rows: [(&str, Kind, &String, &str); 17] = [
            (
                role::SHARE,
                Kind::Fraction,
                &self.share,
                "Fraction of each entry's agents in this role; the *_SHARE keys sum to exactly 1.",
            ),
            (
                role::FOUNDERS,
                Kind::UInt { min: 0, max: crate::seed::MAX_AGENTS_PER_ENTRY },
                &self.founders,
                "Members of this role present from the start: they join at step 0, before its entry.",
            ),
            (role::INITIAL_DDT, amount(), &self.initial_ddt, "dDT minted to each member on joining."),
            (role::INITIAL_XDAI, amount(), &self.initial_xdai, "xDAI each member starts with."),
            (
                role::SPEND_PER_STEP,
                amount(),
                &self.spend_per_step,
                "dDT each member spends on compute per step (paid into The Pie).",
            ),
            (
                role::BUYS_SHORTFALL,
                Kind::Bool,
                &self.buys_shortfall,
                "Buy the dDT missing for the step's spending with xDAI on the pool.",
            ),
            (
                role::BUY,
                Kind::of::<BuyRule>(),
                &self.buy,
                "How the shortfall is bought: exact_out buys exactly the dDT missing; price_in pays \
                 SPEND_PER_STEP x the spot price in xDAI for what the pool gives.",
            ),
            (
                role::MAX_BUY_PRICE,
                Kind::OptionalPrice,
                &self.max_buy_price,
                "Buy the shortfall only while the price (xDAI per dDT) is at most this; none = any price.",
            ),
            (
                role::SELL_PER_STEP,
                amount(),
                &self.sell_per_step,
                "dDT each member sells for xDAI per step, after spending.",
            ),
            (
                role::PARTIAL,
                Kind::Bool,
                &self.partial,
                "Spend and sell less than the per-step amounts when holding less (on), or nothing that step (off).",
            ),
            (
                role::SEED_LIQUIDITY_DDT,
                amount(),
                &self.seed_liquidity_ddt,
                "dDT each member adds as liquidity on joining.",
            ),
            (
                role::SEED_LIQUIDITY_XDAI,
                amount(),
                &self.seed_liquidity_xdai,
                "xDAI each member adds as liquidity on joining.",
            ),
            (
                role::DEPOSIT,
                Kind::of::<DepositRule>(),
                &self.deposit,
                "pair: both seed amounts go to the pool whole (Uniswap Pair.mint); router: the pool's ratio of them.",
            ),
            (
                role::FEE_REINVEST,
                Kind::Fraction,
                &self.fee_reinvest,
                "With FEE_MODEL=account: fraction of collected fees deposited back, as that much dDT and xDAI.",
            ),
            (
                role::DUMPS_DDT,
                Kind::Bool,
                &self.dumps_ddt,
                "Sell every dDT held at each step's trade phase (the dump).",
            ),
            (
                role::PIE_SHARE,
                Kind::Fraction,
                &self.pie_share,
                "Fraction of The Pie's payout that goes to this role; the *_PIE_SHARE keys sum to at most 1.",
            ),
            (
                role::PIE_USE,
                Kind::of::<PieUse>(),
                &self.pie_use,
                "What members do with their Pie payout: keep or sell.",
            ),
        ];
        rows.into_iter()
            .map(|(suffix, kind, default, help)| {
                ParamSpec::new(role_key(role, suffix), kind, default.clone(), help).in_group(group)
            })
            .collect()
    }
}

/// The registry of known keys, in a fixed order (the order of `env.example`, `run.json` and
/// [`crate::Settings::to_pairs`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    specs: Vec<ParamSpec>,
    pub(crate) roles: Vec<String>,
    sum_rules: Vec<SumRule>,
    flag_aliases: Vec<(String, String)>,
    group_notes: Vec<(String, String)>,
    /// Keys every role has besides its seventeen (see [`Schema::add_role_key`]).
    pub(crate) role_keys: Vec<crate::RoleKey>,
}

/// True if `key` is `UPPER_SNAKE`: an ASCII capital letter, then capitals, digits and `_`.
fn is_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_uppercase())
        && bytes.all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

fn schema_error(problem: impl Into<String>) -> ConfigError {
    ConfigError::new(ErrorKind::Schema, problem)
}

impl Schema {
    /// An empty schema.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a key. Fails if the key is not `UPPER_SNAKE`, is already registered, or its
    /// default is not a valid value of its kind.
    pub fn add(&mut self, spec: ParamSpec) -> Result<&mut Self, ConfigError> {
        if !is_key(&spec.key) {
            return Err(schema_error(format!("key {:?} is not UPPER_SNAKE (A-Z, then A-Z, 0-9 or _)", spec.key)));
        }
        if self.spec(&spec.key).is_some() {
            return Err(schema_error("is registered twice").with_key(&spec.key));
        }
        spec.kind.parse(&spec.key, &spec.default).map_err(|e| e.with_origin(Origin::Default))?;
        self.specs.push(spec);
        Ok(self)
    }

    /// Changes the default of a registered key (any case), e.g. to lower `DEGEN_USER_SHARE`
    /// when a plugin's role takes part of the population. Fails, changing nothing, if the key
    /// is unknown or `default` is not a valid value of its kind.
    ///
    /// ```
    /// use grassroot_config::Schema;
    ///
    /// let mut schema = Schema::seed();
    /// schema.set_default("degen_user_share", "0.35")?;
    /// assert_eq!(schema.spec("DEGEN_USER_SHARE").map(|s| s.default.as_str()), Some("0.35"));
    /// assert!(schema.set_default("DEGEN_USER_SHARE", "1.5").is_err());
    /// assert!(schema.set_default("NO_SUCH_KEY", "1").is_err());
    /// # Ok::<(), grassroot_config::ConfigError>(())
    /// ```
    pub fn set_default(&mut self, key: &str, default: impl Into<String>) -> Result<&mut Self, ConfigError> {
        let default = default.into();
        let Some(i) = self.index_of(key) else {
            return Err(schema_error("is not registered, so its default cannot be changed").with_key(key));
        };
        let spec = &mut self.specs[i];
        spec.kind.parse(&spec.key, &default).map_err(|e| e.with_origin(Origin::Default))?;
        spec.default = default;
        Ok(self)
    }

    /// Adds a key without checks (for the built-in seed schema, checked by its tests).
    pub(crate) fn push_unchecked(&mut self, spec: ParamSpec) {
        self.specs.push(spec);
    }

    /// Registers a role (`lower_snake` name): its seventeen keys `<ROLE>_<FIELD>` (see
    /// [`ROLE_FIELDS`]) and the keys of [`Schema::role_keys`] under the heading `Role: <role>`
    /// with `note` as the heading's comment,
    /// and adds its share and Pie share to the [`ROLE_SHARES_RULE`] and [`PIE_SHARES_RULE`] sum
    /// rules (creating them if needed). [`crate::Params::from_settings`] builds one
    /// [`crate::ArchetypeParams`] per role, in registration order.
    pub fn add_role(&mut self, role: &str, note: &str, defaults: &RoleDefaults) -> Result<&mut Self, ConfigError> {
        let lower_snake = role.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
            && role.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !lower_snake {
            return Err(schema_error(format!("role name {role:?} is not lower_snake")));
        }
        if self.roles.iter().any(|r| r == role) {
            return Err(schema_error(format!("role {role} is registered twice")));
        }
        let group = role_group(role);
        let mut staged = self.clone();
        for spec in defaults.specs(role, &group) {
            staged.add(spec)?;
        }
        for key in &self.role_keys {
            staged.add(key.spec(role))?;
        }
        staged.finish_role(role, &group, note);
        *self = staged;
        Ok(self)
    }

    /// Registers a role without checks (for the built-in seed schema).
    pub(crate) fn add_role_unchecked(&mut self, role: &str, note: &str, defaults: &RoleDefaults) {
        let group = role_group(role);
        for spec in defaults.specs(role, &group) {
            self.push_unchecked(spec);
        }
        for spec in self.role_keys.iter().map(|k| k.spec(role)).collect::<Vec<_>>() {
            self.push_unchecked(spec);
        }
        self.finish_role(role, &group, note);
    }

    fn finish_role(&mut self, role: &str, group: &str, note: &str) {
        self.roles.push(role.to_owned());
        self.set_group_note(group, note);
        for (label, suffix, bound) in [
            (ROLE_SHARES_RULE, role::SHARE, SumBound::Exactly(Wad::ONE)),
            (PIE_SHARES_RULE, role::PIE_SHARE, SumBound::AtMost(Wad::ONE)),
        ] {
            let key = role_key(role, suffix);
            match self.sum_rules.iter_mut().find(|r| r.label == label) {
                Some(rule) => rule.keys.push(key),
                None => self.sum_rules.push(SumRule { label: label.to_owned(), keys: vec![key], bound }),
            }
        }
    }

    /// Adds a sum rule. Fails if a key is unknown or not an amount or fraction.
    pub fn add_sum_rule(&mut self, rule: SumRule) -> Result<&mut Self, ConfigError> {
        for key in &rule.keys {
            match self.spec(key).map(|s| &s.kind) {
                Some(Kind::Amount { .. } | Kind::Fraction) => {}
                Some(_) => return Err(schema_error("is not an amount or fraction, so cannot be summed").with_key(key)),
                None => return Err(schema_error("is not registered").with_key(key)),
            }
        }
        self.sum_rules.push(rule);
        Ok(self)
    }

    /// Registers a shorthand flag for a key, e.g. `--steps` for `TOTAL_STEPS`: an override pair
    /// `("--steps", "100")` then sets `TOTAL_STEPS` and errors name `flag --steps`.
    pub fn add_flag_alias(&mut self, flag: &str, key: &str) -> Result<&mut Self, ConfigError> {
        if !flag.starts_with("--") {
            return Err(schema_error(format!("flag {flag:?} does not start with --")));
        }
        let Some(spec) = self.spec(key) else {
            return Err(schema_error("is not registered").with_key(key));
        };
        let key = spec.key.clone();
        self.flag_aliases.push((flag.to_owned(), key));
        Ok(self)
    }

    /// Sets the comment printed under a group's heading in `env.example`.
    pub fn set_group_note(&mut self, group: &str, note: &str) {
        match self.group_notes.iter_mut().find(|(g, _)| g == group) {
            Some((_, n)) => note.clone_into(n),
            None => self.group_notes.push((group.to_owned(), note.to_owned())),
        }
    }

    /// The comment of a group's heading, if any.
    pub fn group_note(&self, group: &str) -> Option<&str> {
        self.group_notes.iter().find(|(g, _)| g == group).map(|(_, n)| n.as_str())
    }

    /// All specs, in order.
    pub fn specs(&self) -> &[ParamSpec] {
        &self.specs
    }

    /// The spec of `key` (any case), if registered.
    pub fn spec(&self, key: &str) -> Option<&ParamSpec> {
        self.specs.iter().find(|s| s.key.eq_ignore_ascii_case(key))
    }

    /// The position of `key` (any case) in [`Schema::specs`].
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.specs.iter().position(|s| s.key.eq_ignore_ascii_case(key))
    }

    /// All keys, in order, upper case.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.specs.iter().map(|s| s.key.as_str())
    }

    /// The registered roles, in order.
    pub fn roles(&self) -> &[String] {
        &self.roles
    }

    /// The sum rules.
    pub fn sum_rules(&self) -> &[SumRule] {
        &self.sum_rules
    }

    /// The shorthand flags, as `(flag, key)`.
    pub fn flag_aliases(&self) -> &[(String, String)] {
        &self.flag_aliases
    }

    /// The key a shorthand flag sets, if registered.
    pub fn flag_key(&self, flag: &str) -> Option<&str> {
        self.flag_aliases.iter().find(|(f, _)| f == flag).map(|(_, k)| k.as_str())
    }

    /// Checks every default against its kind and every sum rule's keys (use after building a
    /// schema by other means than [`Schema::add`]).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let mut check = Schema::new();
        for spec in &self.specs {
            check.add(spec.clone())?;
        }
        for rule in &self.sum_rules {
            check.add_sum_rule(rule.clone())?;
        }
        for (flag, key) in &self.flag_aliases {
            check.add_flag_alias(flag, key)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_checks_key_and_default() {
        let mut s = Schema::new();
        assert!(s.add(ParamSpec::new("lower", Kind::Bool, "on", "x")).is_err());
        assert!(s.add(ParamSpec::new("WHALE_BUDGET", Kind::amount(), "-1", "x")).is_err());
        assert!(s.add(ParamSpec::new("WHALE_BUDGET", Kind::amount(), "5000", "x")).is_ok());
        assert!(s.add(ParamSpec::new("WHALE_BUDGET", Kind::amount(), "1", "x")).is_err());
        assert_eq!(s.keys().collect::<Vec<_>>(), ["WHALE_BUDGET"]);
    }

    #[test]
    fn add_role_registers_seventeen_keys_and_rules() {
        let mut s = Schema::new();
        assert!(s.add_role("whale", "Whales.", &RoleDefaults::default()).is_ok());
        assert_eq!(s.specs().len(), 17);
        assert_eq!(s.roles(), ["whale"]);
        assert_eq!(s.sum_rules().len(), 2);
        assert!(s.add_role("whale", "again", &RoleDefaults::default()).is_err());
        assert!(s.add_role("Whale", "bad", &RoleDefaults::default()).is_err());
        let bad = RoleDefaults { share: "2".into(), ..RoleDefaults::default() };
        assert!(s.add_role("orca", "bad default", &bad).is_err());
        assert_eq!(s.specs().len(), 17, "a failed add_role changes nothing");
    }
}
