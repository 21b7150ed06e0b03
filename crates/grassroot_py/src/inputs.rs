//! Python's arguments as the binary's inputs: the scenario and extra roles as an
//! [`App`] ([`AppSpec`]), and `config=`, the shorthands (`steps=`, `seed=`, ...) and
//! `params={...}` as settings layers ([`Inputs`]).
//!
//! The layers, lowest first: the schema's defaults < the TOML file `config=` < the Python
//! arguments (`Sources::python`, the top layer), each value with the typed origin
//! `Origin::Python { argument }` so that an error names the argument and says how to change it
//! in Python. No `.env` file and no environment variable is read: a call's arguments are its
//! whole input. Every value is validated exactly as every other layer's.

use std::path::PathBuf;

use grassroot::App;
use grassroot_config::{
    ConfigError, ErrorKind, Origin, ROLE_FIELDS, RoleDefaults, Settings, Sources, TomlFile, load_with_file, nearest,
    role_key, same_key,
};

/// The argument that a value of `params` comes from.
pub const PARAMS: &str = "params";

/// A role added from Python (`roles={"whale": {"share": "0.05", ...}}`): its name, the note
/// shown in the parameter listing, and the defaults of its keys by field (`share`,
/// `initial_xdai`, ... : [`ROLE_FIELDS`] and the program's per-role keys, in lower case).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleSpec {
    /// The role's name, lower_snake.
    pub name: String,
    /// A sentence about the role.
    pub note: String,
    /// `(field, value)` pairs.
    pub fields: Vec<(String, String)>,
}

/// A role as Python hands it over: `(name, note, [(field, value), ...])`.
pub type RoleArg = (String, String, Vec<(String, String)>);

/// The roles Python handed over.
pub fn roles_of(roles: Vec<RoleArg>) -> Vec<RoleSpec> {
    roles.into_iter().map(|(name, note, fields)| RoleSpec { name, note, fields }).collect()
}

/// What program runs: a scenario and the roles added to it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppSpec {
    /// A scenario's registered name or alias (`None`: the default scenario).
    pub scenario: Option<String>,
    /// Roles added from Python, in order.
    pub roles: Vec<RoleSpec>,
}

impl AppSpec {
    /// The program, as the binary would build it for `--scenario` with these roles added
    /// (as `App::role` adds them in Rust); the scenario is looked up in the binary's registry.
    pub fn app(&self) -> Result<App, ConfigError> {
        let mut app = App::seed();
        for role in &self.roles {
            app = add_role(app, role)?;
        }
        let Some(name) = &self.scenario else { return Ok(app) };
        if let Err(e) = app.scenarios().find(name) {
            let names: Vec<String> = app.scenarios().names().iter().map(|n| format!("{n:?}")).collect();
            return Err(e
                .with_origin(python("scenario"))
                .with_fix(format!("pass scenario= one of {}", names.join(", "))));
        }
        app.with_scenario(name)
    }
}

/// The origin of a value from the Python argument `argument`.
pub fn python(argument: &str) -> Origin {
    Origin::Python { argument: argument.to_owned() }
}

/// `app` with `role` added (as `App::role` adds one in Rust), its fields the defaults of its
/// keys: any key every role has, the seventeen of [`ROLE_FIELDS`] and those of the program's
/// per-role behaviours ([`grassroot_config::Schema::role_keys`]). An unknown field is an error
/// with the nearest field.
fn add_role(app: App, role: &RoleSpec) -> Result<App, ConfigError> {
    let in_roles = |e: ConfigError| match e.origin() {
        Some(_) => e,
        None => e.with_origin(python("roles")),
    };
    let mut app = app.try_role(&role.name, &role.note, &RoleDefaults::default()).map_err(in_roles)?;
    let fields: Vec<String> = ROLE_FIELDS
        .iter()
        .map(|f| (*f).to_owned())
        .chain(app.schema().role_keys().iter().map(|k| k.suffix.clone()))
        .collect();
    for (field, value) in &role.fields {
        let upper = field.trim().to_ascii_uppercase();
        if !fields.contains(&upper) {
            let fields: Vec<String> = fields.iter().map(|f| f.to_ascii_lowercase()).collect();
            let near = nearest(&field.to_ascii_lowercase(), fields.iter().map(String::as_str))
                .filter(|(_, d)| *d <= 3)
                .map(|(f, _)| format!("did you mean {f}? "))
                .unwrap_or_default();
            return Err(ConfigError::new(ErrorKind::UnknownKey, format!("is not a field of a role ({})", role.name))
                .with_key(field.as_str())
                .with_value(value.as_str())
                .with_origin(python("roles"))
                .with_fix(format!("{near}a role's fields are {}", fields.join(", "))));
        }
        app = app.try_param_default(&role_key(&role.name, &upper), value).map_err(in_roles)?;
    }
    Ok(app)
}

/// The settings layers a call hands over.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inputs {
    /// `config=`: a TOML file, as `--config` reads it.
    pub config: Option<PathBuf>,
    /// Shorthand arguments as `(argument, KEY, value)`, e.g. `("steps", "TOTAL_STEPS", "500")`.
    pub shorthands: Vec<(String, String, String)>,
    /// `params={...}` as `(key, value)`, keys in any case.
    pub params: Vec<(String, String)>,
}

impl Inputs {
    /// Resolves the settings of `app`: defaults < `config` < the Python arguments. With
    /// `sweep`, a `[sweep]` table in `config` is allowed, and the parsed file is handed back
    /// for it.
    pub fn settings(&self, app: &App, sweep: bool) -> Result<(Settings, Option<TomlFile>), ConfigError> {
        for (argument, key, value) in &self.shorthands {
            if let Some((given, _)) = self.params.iter().find(|(k, _)| same_key(k, key)) {
                return Err(ConfigError::new(
                    ErrorKind::DuplicateKey,
                    format!("is given twice: by {argument}={value} and by params[{given:?}]"),
                )
                .with_key(key.as_str())
                .with_origin(python(PARAMS))
                .with_fix(format!("give it once: {argument}= or params[{given:?}]")));
            }
        }
        let python = self
            .shorthands
            .iter()
            .cloned()
            .chain(self.params.iter().map(|(k, v)| (PARAMS.to_owned(), k.clone(), v.clone())));
        let sources = Sources {
            config_file: self.config.clone(),
            allow_sweep_table: sweep,
            python: python.collect(),
            ..Sources::default()
        };
        load_with_file(app.schema(), &sources)
    }
}
