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

/// The flags of a quiet run of `steps` steps into `out`, no `.env` read: for tests that run
/// through `App` in-process.
pub fn quiet_run(out: &Path, steps: u64) -> grassroot::cli::RunArgs {
    grassroot::cli::RunArgs {
        steps: Some(steps.to_string()),
        out: Some(out.display().to_string()),
        no_env_file: true,
        quiet: true,
        ..grassroot::cli::RunArgs::default()
    }
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

/// A CSV file as the `csv` crate reads it (RFC 4180: quoted cells may hold commas, quotes and
/// line breaks): its header and its records.
pub struct Table {
    /// The column names.
    pub header: Vec<String>,
    /// Every record after the header, cell by cell.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Reads the CSV file at `path`, or panics naming the file, and the line and the error.
    pub fn read(path: &Path) -> Table {
        Table::parse(&read(path), &path.display().to_string())
    }

    /// Reads CSV text named `name` in a panic.
    pub fn parse(bytes: &[u8], name: &str) -> Table {
        let mut reader = csv::Reader::from_reader(bytes);
        let header = reader.headers().unwrap_or_else(|e| panic!("{name}: {e}")).iter().map(str::to_owned).collect();
        let rows = reader
            .records()
            .map(|r| r.unwrap_or_else(|e| panic!("{name}: {e}")).iter().map(str::to_owned).collect())
            .collect();
        Table { header, rows }
    }

    /// True if the header has a column `name`.
    pub fn has(&self, name: &str) -> bool {
        self.header.iter().any(|h| h == name)
    }

    /// The position of column `name`, or a panic listing the columns.
    pub fn index(&self, name: &str) -> usize {
        self.header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    /// Every cell of column `name`, top to bottom.
    pub fn column(&self, name: &str) -> Vec<&str> {
        let i = self.index(name);
        self.rows.iter().map(|r| r[i].as_str()).collect()
    }

    /// The cell of column `name` in `row`.
    pub fn cell<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        &row[self.index(name)]
    }
}
