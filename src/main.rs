//! The `grassroot` command: run the seed scenario from defaults, a TOML file, `.env`, the
//! environment and flags; write its CSVs, plot and run.json; print a summary.

use std::process::ExitCode;

fn main() -> ExitCode {
    grassroot::App::seed().main()
}
