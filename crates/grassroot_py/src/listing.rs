//! `grassroot.params()`: every key a scenario reads, with its default, kind, group and meaning
//! — what `grassroot params` prints as `env.example`, as rows for Python; and
//! `grassroot.scenarios()`: the binary's registry of scenarios.

use pyo3::prelude::*;

use crate::inputs::{AppSpec, RoleArg, roles_of};

/// A key's row: `(key, default, kind, group, help)`.
type ParamRow = (String, String, String, String, String);

/// One row per key of `scenario` with `roles` added: `(key, default, kind, group, help)`.
#[pyfunction]
#[pyo3(signature = (scenario, roles))]
pub fn params(py: Python<'_>, scenario: Option<String>, roles: Vec<RoleArg>) -> PyResult<Vec<ParamRow>> {
    let spec = AppSpec { scenario, roles: roles_of(roles) };
    let app = std::panic::catch_unwind(|| spec.app())
        .map_err(|p| crate::errors::Failure::from_panic(p.as_ref()).into_pyerr(py))?
        .map_err(|e| crate::errors::Failure::Config(e).into_pyerr(py))?;
    Ok(app
        .schema()
        .specs()
        .iter()
        .map(|s| (s.key.clone(), s.default.clone(), s.kind.name().to_owned(), s.group.clone(), s.help.clone()))
        .collect())
}

/// The scenarios `scenario=` takes, from the binary's registry: `(name, description)`, the
/// default first.
#[pyfunction]
pub fn scenarios() -> Vec<(String, String)> {
    grassroot::scenario::Scenarios::builtin()
        .iter()
        .map(|s| (s.name().to_owned(), s.description().to_owned()))
        .collect()
}
