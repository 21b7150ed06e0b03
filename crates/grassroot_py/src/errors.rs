//! Rust errors as Python exceptions: a [`ConfigError`] becomes `grassroot.ConfigError` (a
//! `ValueError`) with the binary's message, the first error's parts as attributes and every
//! error's parts in `errors()`; bad sweep input too;
//! a failed run or unwritable output becomes `grassroot.GrassrootError` (a `RuntimeError`);
//! an interrupted sweep `KeyboardInterrupt`. A panic never crosses: [`Failure::from_panic`]
//! turns it into a `GrassrootError` naming it a bug.
//!
//! The exception classes are defined in Python (`grassroot/_errors.py`), where their
//! attributes are typed; this module only instantiates them.

use std::any::Any;

use grassroot::AppError;
use grassroot_config::{ConfigError, ErrorDetail};
use grassroot_report::ReportError;
use grassroot_sweep::SweepError;
use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Why work done in Rust did not give its result: everything a worker thread can hand back
/// (`Send`), turned into an exception on the thread that holds the GIL.
#[derive(Debug)]
pub enum Failure {
    /// Bad parameters, with every part of the message.
    Config(ConfigError),
    /// Bad input named in one message (and a fix): a sweep's grid, a shard, a folder.
    BadInput { message: String, fix: Option<String> },
    /// The work could not finish or write its outputs.
    Failed(String),
    /// Stopped by Ctrl-C before it had anything to hand back.
    Interrupted,
}

impl Failure {
    /// A failure for a panic's payload: a bug, reported as such.
    pub fn from_panic(payload: &(dyn Any + Send)) -> Failure {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        Failure::Failed(format!("internal error (a bug in grassroot, please report it): {what}"))
    }

    /// The Python exception.
    pub fn into_pyerr(self, py: Python<'_>) -> PyErr {
        let made = match self {
            Failure::Config(e) => config_error(py, &e),
            Failure::BadInput { message, fix } => bad_input(py, &message, fix.as_deref()),
            Failure::Failed(message) => grassroot_error(py, &message),
            Failure::Interrupted => return PyKeyboardInterrupt::new_err("interrupted: nothing was written"),
        };
        made.unwrap_or_else(|e| e)
    }
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        Failure::Config(e)
    }
}

impl From<SweepError> for Failure {
    fn from(e: SweepError) -> Self {
        match e {
            SweepError::BadInput { problem, fix } => Failure::BadInput { message: problem, fix },
            SweepError::Config(e) => Failure::Config(e),
            SweepError::Interrupted => Failure::Interrupted,
            other => Failure::Failed(other.to_string()),
        }
    }
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Config(e) => Failure::Config(e),
            AppError::BadInput(message) => Failure::BadInput { message, fix: None },
            AppError::Failed(m) | AppError::InUse(m) => Failure::Failed(m),
        }
    }
}

impl From<ReportError> for Failure {
    fn from(e: ReportError) -> Self {
        Failure::Failed(e.to_string())
    }
}

/// An instance of the class `name` of `grassroot._errors`, raised as a `PyErr`.
fn instance(py: Python<'_>, name: &str, message: &str, parts: &Bound<'_, PyDict>) -> PyResult<PyErr> {
    let class = py.import("grassroot._errors")?.getattr(name)?;
    Ok(PyErr::from_value(class.call((message,), Some(parts))?))
}

/// The parts of one error, as `ConfigError.errors()` lists them.
fn detail_dict<'py>(py: Python<'py>, d: &ErrorDetail) -> PyResult<Bound<'py, PyDict>> {
    let parts = PyDict::new(py);
    parts.set_item("kind", format!("{:?}", d.kind))?;
    parts.set_item("key", d.key.as_deref())?;
    parts.set_item("value", d.value.as_deref())?;
    parts.set_item("origin", d.origin.as_ref().map(ToString::to_string))?;
    parts.set_item("problem", d.problem.as_str())?;
    parts.set_item("allowed", d.allowed.as_deref())?;
    parts.set_item("fix", d.fix.as_deref())?;
    parts.set_item("message", d.to_string())?;
    Ok(parts)
}

/// `grassroot.ConfigError` with the message the binary prints, the first error's parts as
/// attributes, and every error's parts as `errors`.
fn config_error(py: Python<'_>, e: &ConfigError) -> PyResult<PyErr> {
    let parts = detail_dict(py, e.detail())?;
    parts.del_item("message")?;
    let errors = e.errors().map(|d| detail_dict(py, d)).collect::<PyResult<Vec<_>>>()?;
    parts.set_item("errors", errors)?;
    instance(py, "ConfigError", &e.to_string(), &parts)
}

/// `grassroot.ConfigError` for bad input that is not one key's value (a grid, a shard).
fn bad_input(py: Python<'_>, message: &str, fix: Option<&str>) -> PyResult<PyErr> {
    let parts = PyDict::new(py);
    parts.set_item("kind", "BadInput")?;
    parts.set_item("problem", message)?;
    parts.set_item("fix", fix)?;
    let text = match fix {
        Some(fix) => format!("{message}\n  fix: {fix}"),
        None => message.to_owned(),
    };
    instance(py, "ConfigError", &text, &parts)
}

/// `grassroot.GrassrootError`.
fn grassroot_error(py: Python<'_>, message: &str) -> PyResult<PyErr> {
    let parts = PyDict::new(py);
    instance(py, "GrassrootError", message, &parts).or_else(|_| Ok(PyRuntimeError::new_err(message.to_owned())))
}
