//! `Settings`: the resolved, validated value of every schema key with its typed [`Origin`];
//! typed getters (for the engine and for plugins' own keys); settings derived from others with
//! some values replaced ([`Settings::with_values`], how a sweep builds its worlds); the flat
//! key -> text form for `run.json` and replay (which records values, not origins).

use std::path::Path;

use grassroot_amm::Wad;
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::choice::Choice;
use crate::error::{ConfigError, ErrorKind};
use crate::kind::Value;
use crate::origin::Origin;
use crate::schema::{ParamSpec, Schema, SumBound, SumRule};
#[cfg(feature = "layers")]
use crate::sources::{Sources, load};
use crate::suggest::{nearest, suggestion_limit};

/// One resolved key.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// The key (upper case).
    pub key: String,
    /// Its validated value.
    pub value: Value,
    /// The layer it came from.
    pub origin: Origin,
}

/// The resolved, validated configuration of a run: one [`Entry`] per schema key, in schema
/// order. Build it with [`crate::load`], [`Settings::defaults`] or [`Settings::from_pairs`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    schema: Schema,
    entries: Vec<Entry>,
}

/// An example assignment of `spec`'s default in the syntax of `origin`'s layer.
pub(crate) fn example(spec: &ParamSpec, origin: &Origin) -> String {
    match origin {
        Origin::TomlFile { .. } => match spec.kind.parse(&spec.key, &spec.default) {
            Ok(v @ (Value::UInt(_) | Value::Bool(_))) => format!("{} = {v}", spec.toml_key()),
            _ => format!("{} = {:?}", spec.toml_key(), spec.default),
        },
        Origin::Flag { flag } if flag.as_str() != crate::origin::SET_FLAG => format!("{flag} {}", spec.default),
        Origin::Flag { flag } => format!("{flag} {}={}", spec.key, spec.default),
        Origin::Python { argument } if argument == "params" => format!("params={{{:?}: {:?}}}", spec.key, spec.default),
        Origin::Python { argument } => format!("{argument}={}", spec.default),
        _ => format!("{}={}", spec.key, spec.default),
    }
}

impl Settings {
    /// Parses and checks the merged `(text, origin)` of every key (in schema order).
    /// Every bad value is reported, not only the first: each key's value against its kind, then
    /// each sum rule whose keys all have valid values.
    pub(crate) fn from_resolved(schema: &Schema, resolved: Vec<(String, Origin)>) -> Result<Settings, ConfigError> {
        let mut entries = Vec::with_capacity(resolved.len());
        let mut errors = Vec::new();
        for (spec, (text, origin)) in schema.specs().iter().zip(resolved) {
            match spec.kind.parse(&spec.key, &text) {
                Ok(value) => entries.push(Entry { key: spec.key.clone(), value, origin }),
                Err(e) => {
                    let fix = match origin {
                        Origin::Default => {
                            "the schema's default is invalid: fix the ParamSpec, or set the key".to_owned()
                        }
                        _ => format!("{} to an allowed value, e.g. {}", origin.how_to_change(), example(spec, &origin)),
                    };
                    errors.push(e.with_origin(origin).with_fix(fix));
                }
            }
        }
        let settings = Settings { schema: schema.clone(), entries };
        for rule in schema.sum_rules() {
            if rule.keys.iter().all(|key| settings.entry(key).is_ok()) {
                errors.extend(settings.check_sum(rule).err());
            }
        }
        ConfigError::collect(errors)?;
        Ok(settings)
    }

    /// Checks one sum rule.
    fn check_sum(&self, rule: &SumRule) -> Result<(), ConfigError> {
        let mut sum = Wad::ZERO;
        let mut parts = Vec::with_capacity(rule.keys.len());
        for key in &rule.keys {
            let entry = self.entry(key)?;
            let w = match entry.value {
                Value::Amount(w) | Value::Fraction(w) => w,
                _ => return Err(ConfigError::new(ErrorKind::Schema, "cannot be summed").with_key(key)),
            };
            // Every part names its origin, defaults too: a sum is fixed where its parts came from.
            parts.push(format!("{key}={w} from {}", entry.origin));
            sum = sum.checked_add(w).map_err(|_| {
                ConfigError::new(
                    ErrorKind::Overflow,
                    format!("overflows while summing the {}: {}", rule.label, parts.join(", ")),
                )
                .with_key(rule.keys.join(" + "))
                .with_fix("use smaller values")
            })?;
        }
        let keys = rule.keys.join(" + ");
        let (ok, problem, allowed, fix) = match rule.bound {
            SumBound::Exactly(target) => (
                sum == target,
                format!("is not exactly {target}: the {} must sum to exactly {target}", rule.label),
                format!("{keys} = {target}"),
                if sum > target {
                    format!("lower the {} by {} in total", rule.label, sum.saturating_sub(target))
                } else {
                    format!("raise the {} by {} in total", rule.label, target.saturating_sub(sum))
                },
            ),
            SumBound::AtMost(limit) => (
                sum <= limit,
                format!("is above {limit}: the {} must sum to at most {limit}", rule.label),
                format!("{keys} <= {limit}"),
                format!("lower the {} by at least {} in total", rule.label, sum.saturating_sub(limit)),
            ),
        };
        if ok {
            return Ok(());
        }
        Err(ConfigError::new(ErrorKind::BadSum, format!("{problem} ({})", parts.join(", ")))
            .with_key(keys)
            .with_value(sum.to_string())
            .with_allowed(allowed)
            .with_fix(fix))
    }

    /// The schema's defaults, validated (sum rules included).
    pub fn defaults(schema: &Schema) -> Result<Settings, ConfigError> {
        let defaults = schema.specs().iter().map(|spec| (spec.default.clone(), Origin::Default)).collect();
        Settings::from_resolved(schema, defaults)
    }

    #[cfg(feature = "layers")]
    /// Settings from flat `(KEY, text)` pairs such as [`Settings::to_pairs`] produced (e.g. the
    /// `settings` object of a `run.json`): unknown keys are an error, missing keys take their
    /// defaults, origins are [`Origin::Replay`] (without a file).
    pub fn from_pairs<I, K, V>(schema: &Schema, pairs: I) -> Result<Settings, ConfigError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let replay = pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        load(schema, &Sources { replay, ..Sources::default() })
    }

    #[cfg(feature = "layers")]
    /// Settings from a flat JSON object of key -> value as [`Settings::to_json`] wrote it
    /// (numbers and booleans are accepted as values too); see [`Settings::from_pairs`].
    pub fn from_json(schema: &Schema, json: &serde_json::Value) -> Result<Settings, ConfigError> {
        let Some(object) = json.as_object() else {
            return Err(ConfigError::new(
                ErrorKind::Malformed,
                "replayed settings must be a flat JSON object of KEY -> value",
            )
            .with_origin(Origin::Replay { path: None })
            .with_fix("pass the \"settings\" object of run.json, e.g. {\"TOTAL_STEPS\": \"2000\"}"));
        };
        let mut pairs = Vec::with_capacity(object.len());
        for (key, value) in object {
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                other => {
                    return Err(ConfigError::new(ErrorKind::WrongType, "must be a string, number or boolean")
                        .with_key(key)
                        .with_value(other.to_string())
                        .with_origin(Origin::Replay { path: None })
                        .with_fix("write every value as a string, e.g. \"TOTAL_STEPS\": \"2000\""));
                }
            };
            pairs.push((key.clone(), text));
        }
        Settings::from_pairs(schema, pairs)
    }

    /// These settings with the value of some keys replaced, each `(KEY, text, origin)` (keys in
    /// any case; a later one wins), validated exactly as [`crate::load`] validates the merged
    /// layers: every value against its key's kind, then the sum rules. Errors name each value's
    /// own origin. A sweep builds each world so: its base, the grid point's values
    /// ([`Origin::SweepGrid`]) and the world's seed ([`Origin::DerivedSeed`]).
    ///
    /// ```
    /// use grassroot_config::{Origin, Schema, Settings};
    ///
    /// let base = Settings::defaults(&Schema::seed())?;
    /// let world = base.with_values([("FEE_RATE", "0.01", Origin::SweepGrid)])?;
    /// assert_eq!((world.get_ppm("FEE_RATE")?, world.origin("FEE_RATE")), (10_000, Some(&Origin::SweepGrid)));
    /// let bad = base.with_values([("FEE_RATE", "2", Origin::SweepGrid)]).unwrap_err();
    /// assert!(bad.to_string().starts_with("FEE_RATE = 2 (from the sweep grid) is out of range"));
    /// # Ok::<(), grassroot_config::ConfigError>(())
    /// ```
    pub fn with_values<I, K, V>(&self, values: I) -> Result<Settings, ConfigError>
    where
        I: IntoIterator<Item = (K, V, Origin)>,
        K: AsRef<str>,
        V: Into<String>,
    {
        let mut resolved: Vec<(String, Origin)> =
            self.entries.iter().map(|e| (e.value.to_string(), e.origin.clone())).collect();
        for (key, text, origin) in values {
            let key = key.as_ref().trim();
            let slot = self.schema.spec(key).and_then(|spec| self.entries.iter().position(|e| e.key == spec.key));
            let Some(slot) = resolved.get_mut(slot.unwrap_or(usize::MAX)) else {
                let near = nearest(key, self.schema.keys()).filter(|(_, d)| *d <= suggestion_limit(key));
                let (problem, fix) = match near {
                    Some((known, _)) => (
                        format!("is not a known key; did you mean {known}?"),
                        format!("{}: rename {key} to {known}", origin.how_to_change()),
                    ),
                    None => ("is not a known key".to_owned(), "env.example lists every key".to_owned()),
                };
                return Err(ConfigError::new(ErrorKind::UnknownKey, problem)
                    .with_key(key.to_ascii_uppercase())
                    .with_value(text)
                    .with_origin(origin)
                    .with_fix(fix));
            };
            *slot = (text.into(), origin);
        }
        Settings::from_resolved(&self.schema, resolved)
    }

    /// Every key with its canonical text (parsing it gives the same value), in schema order.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        self.entries.iter().map(|e| (e.key.clone(), e.value.to_string())).collect()
    }

    /// [`Settings::to_pairs`] as a flat JSON object of strings.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(self.to_pairs().into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect())
    }

    /// The schema the settings were validated against.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Every resolved key, in schema order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry of `key` (any case), or an error if the schema has no such key.
    pub fn entry(&self, key: &str) -> Result<&Entry, ConfigError> {
        self.entries.iter().find(|e| e.key.eq_ignore_ascii_case(key)).ok_or_else(|| {
            ConfigError::new(ErrorKind::Schema, "is not registered in the schema (add a ParamSpec for it)")
                .with_key(key)
        })
    }

    /// The value of `key` (any case), if registered.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entry(key).ok().map(|e| &e.value)
    }

    /// Where the value of `key` came from, if registered.
    pub fn origin(&self, key: &str) -> Option<&Origin> {
        self.entry(key).ok().map(|e| &e.origin)
    }

    fn wrong_kind(&self, key: &str, wanted: &str) -> ConfigError {
        let is = self.schema.spec(key).map_or("unknown", |s| s.kind.name());
        ConfigError::new(ErrorKind::Schema, format!("is a {is}, not a {wanted}")).with_key(key)
    }

    /// A [`Kind::UInt`](crate::Kind::UInt) value.
    pub fn get_u64(&self, key: &str) -> Result<u64, ConfigError> {
        match self.entry(key)?.value {
            Value::UInt(n) => Ok(n),
            _ => Err(self.wrong_kind(key, "whole number")),
        }
    }

    /// A [`Kind::Amount`](crate::Kind::Amount), [`Kind::Fraction`](crate::Kind::Fraction) or [`Kind::Rate`](crate::Kind::Rate) value as a [`Wad`].
    pub fn get_wad(&self, key: &str) -> Result<Wad, ConfigError> {
        match self.entry(key)?.value {
            Value::Amount(w) | Value::Fraction(w) | Value::Rate { wad: w, .. } => Ok(w),
            _ => Err(self.wrong_kind(key, "amount")),
        }
    }

    /// A [`Kind::Fraction`](crate::Kind::Fraction) value (in [0, 1]).
    pub fn get_fraction(&self, key: &str) -> Result<Wad, ConfigError> {
        match self.entry(key)?.value {
            Value::Fraction(w) => Ok(w),
            _ => Err(self.wrong_kind(key, "fraction")),
        }
    }

    /// A [`Kind::Rate`](crate::Kind::Rate) value in parts per million.
    pub fn get_ppm(&self, key: &str) -> Result<u32, ConfigError> {
        match self.entry(key)?.value {
            Value::Rate { ppm, .. } => Ok(ppm),
            _ => Err(self.wrong_kind(key, "rate")),
        }
    }

    /// A [`Kind::Bool`](crate::Kind::Bool) value.
    pub fn get_bool(&self, key: &str) -> Result<bool, ConfigError> {
        match self.entry(key)?.value {
            Value::Bool(b) => Ok(b),
            _ => Err(self.wrong_kind(key, "switch")),
        }
    }

    /// A [`Kind::Choice`](crate::Kind::Choice) value (one of the lower-case names).
    pub fn get_choice(&self, key: &str) -> Result<&str, ConfigError> {
        match &self.entry(key)?.value {
            Value::Choice(c) => Ok(c),
            _ => Err(self.wrong_kind(key, "choice")),
        }
    }

    /// A [`Kind::Choice`](crate::Kind::Choice) value as the [`Choice`] it names (a key
    /// registered with [`Kind::of::<C>()`](crate::Kind::of)).
    pub fn choice<C: Choice>(&self, key: &str) -> Result<C, ConfigError> {
        let name = self.get_choice(key)?;
        C::from_name(name).ok_or_else(|| {
            let allowed = C::names().collect::<Vec<_>>().join(", ");
            ConfigError::new(ErrorKind::Schema, format!("is not one of {allowed}"))
                .with_key(key)
                .with_value(name)
                .with_allowed(allowed)
        })
    }

    /// A [`Kind::OptionalPrice`](crate::Kind::OptionalPrice) value (`None` = no limit).
    pub fn get_price(&self, key: &str) -> Result<Option<Wad>, ConfigError> {
        match self.entry(key)?.value {
            Value::Price(p) => Ok(p),
            _ => Err(self.wrong_kind(key, "optional price")),
        }
    }

    /// A [`Kind::Path`](crate::Kind::Path) value.
    pub fn get_path(&self, key: &str) -> Result<&Path, ConfigError> {
        match &self.entry(key)?.value {
            Value::Path(p) => Ok(p),
            _ => Err(self.wrong_kind(key, "path")),
        }
    }

    /// A [`Kind::Text`](crate::Kind::Text) value.
    pub fn get_text(&self, key: &str) -> Result<&str, ConfigError> {
        match &self.entry(key)?.value {
            Value::Text(t) => Ok(t),
            _ => Err(self.wrong_kind(key, "text")),
        }
    }

    /// The seed scenario's typed parameters; see [`crate::Params::from_settings`].
    pub fn params(&self) -> Result<crate::Params, ConfigError> {
        crate::Params::from_settings(self)
    }
}

impl Serialize for Settings {
    /// A flat map of key -> canonical text, in schema order.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for e in &self.entries {
            map.serialize_entry(&e.key, &e.value.to_string())?;
        }
        map.end()
    }
}
