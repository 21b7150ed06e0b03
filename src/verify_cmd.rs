//! `grassroot verify DIR`: checks a run's or a sweep's folder against its manifest and
//! reports each file that differs (exit 1), or a folder that is not a grassroot output
//! (exit 2). It holds a shared lock on the folder while it reads ([`ReadGuard`]): a folder that
//! a run, sweep or merge is writing now is not checked (exit 75, try again later), since its
//! files are being replaced and would be reported as damaged.

use std::process::ExitCode;

use grassroot_report::folder::EXIT_IN_USE;
use grassroot_report::{ReadGuard, ReportError, files, verify_folder};
use grassroot_sweep::table::MANIFEST_FILE as SWEEP_MANIFEST;

use crate::app::{EXIT_BAD_INPUT, EXIT_FAILED};
use crate::cli::VerifyArgs;

/// Runs `grassroot verify`: 0 when every recorded file matches, 1 when one differs, 2 when the
/// folder cannot be checked, 75 when a process is writing it.
pub(crate) fn verify_exit_code(args: &VerifyArgs) -> ExitCode {
    let _reading = match ReadGuard::share(&args.dir) {
        Ok(guard) => Some(guard),
        Err(ReportError::FolderInUse { dir, pid }) => {
            let by = pid.map_or_else(|| "another grassroot process".to_owned(), |p| format!("grassroot process {p}"));
            eprintln!(
                "error: '{}' is being written by {by}: its files are being replaced, so they cannot be checked now; \
                 verify it once that process has finished",
                dir.display()
            );
            return ExitCode::from(EXIT_IN_USE);
        }
        Err(e @ ReportError::NotALockFile(_)) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
        // A folder that is not there, or not a folder: `verify_folder` says so.
        Err(_) => None,
    };
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
                say!("ok: {}: {} files, {} bytes, as recorded", v.manifest.display(), v.files.len(), v.bytes());
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
