//! `grassroot._core`: the native module under the Python package `grassroot` — the binary's
//! own code (the `App`, its settings layers, its recorder, the sweep and its merge) called
//! from Python, with the GIL released while Rust runs.
//!
//! This crate owns the crossing between Python and Rust, and nothing else: it converts
//! Python's arguments into a layer of settings (`inputs.rs`), runs the work on a thread of its
//! own while the calling thread watches for Ctrl-C and moves the progress bar (`watch.rs`), and
//! turns every Rust error into a Python exception (`errors.rs`). It simulates nothing itself and
//! writes no file format of its own: a run is [`grassroot::App`]'s, its files the
//! [`Recorder`](grassroot_report::Recorder)'s, a sweep [`grassroot_sweep::Sweep`]'s.
//!
//! The typed API users call is the Python package in `python/grassroot/`; this module's
//! functions take its already-converted arguments (every value as text).

mod errors;
mod inputs;
mod listing;
mod rows;
mod run;
mod sweep;
mod tables;
mod watch;

use pyo3::prelude::*;

/// The native half of the `grassroot` package.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(listing::params, m)?)?;
    m.add_function(wrap_pyfunction!(listing::scenarios, m)?)?;
    m.add_function(wrap_pyfunction!(run::run, m)?)?;
    m.add_function(wrap_pyfunction!(sweep::sweep, m)?)?;
    m.add_function(wrap_pyfunction!(sweep::merge, m)?)?;
    m.add_class::<run::RunResult>()?;
    m.add_class::<sweep::SweepResult>()?;
    m.add_class::<tables::NativeTable>()?;
    Ok(())
}
