//! `grassroot verify DIR`: checks a run's or a sweep's folder against its manifest and
//! reports each file that differs (exit 1), or a folder that is not a grassroot output
//! (exit 2).

use std::process::ExitCode;

use grassroot_report::{files, verify_folder};
use grassroot_sweep::table::MANIFEST_FILE as SWEEP_MANIFEST;

use crate::app::{EXIT_BAD_INPUT, EXIT_FAILED};
use crate::cli::VerifyArgs;

/// Runs `grassroot verify`: 0 when every recorded file matches, 1 when one differs, 2 when the
/// folder cannot be checked.
#[expect(clippy::print_stdout, reason = "the verdict is for the terminal")]
pub(crate) fn verify_exit_code(args: &VerifyArgs) -> ExitCode {
    let checked = match verify_folder(&args.dir, &[files::MANIFEST, SWEEP_MANIFEST]) {
        Ok(checked) => checked,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let mut ok = true;
    for v in &checked {
        if v.ok() {
            if !args.quiet {
                println!("ok: {}: {} files, {} bytes, as recorded", v.manifest.display(), v.files.len(), v.bytes());
            }
            continue;
        }
        ok = false;
        for p in &v.problems {
            eprintln!("error: {}: {p}", args.dir.display());
        }
        eprintln!(
            "{}: {} of {} files differ from what {} records",
            args.dir.display(),
            v.problems.len(),
            v.files.len(),
            v.manifest.display()
        );
    }
    if ok { ExitCode::SUCCESS } else { ExitCode::from(EXIT_FAILED) }
}
