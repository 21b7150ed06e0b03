//! What the tests of the `grassroot` binary share: running it as a user would, in a folder of
//! its own with a clean environment, and reading what it wrote.

#![allow(dead_code, reason = "each test file uses the helpers it needs")]

use std::path::Path;
use std::process::{Command, Output};

/// The binary as a command to run in `dir`, with an environment holding only `PATH`.
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_grassroot"));
    c.args(args).current_dir(dir).env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default());
    c
}

/// Runs the binary in `dir` with a clean environment and waits for it.
pub fn grassroot(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().expect("the binary runs")
}

/// A file's bytes, or a panic naming the file.
pub fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A file's text, or a panic naming the file.
pub fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}
