//! What the binary prints on stdout — summaries, verdicts, the parameter list — line by line
//! through [`say!`]. A closed stdout (`grassroot verify out | true`, a pager quit early) is no
//! error and no panic: what nobody reads is dropped quietly, and the exit code stays the
//! command's own. Any other failure to print is logged once as a warning.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once stdout failed: nothing more is tried.
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Prints one line (a `format!` string and its arguments) on stdout.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::stdout::line(format_args!($($arg)*))
    };
}

/// Writes `args` and a line break to stdout; see the module documentation.
pub(crate) fn line(args: std::fmt::Arguments<'_>) {
    text(&format!("{args}\n"));
}

/// Writes `text` as it is to stdout; see the module documentation.
pub(crate) fn text(text: &str) {
    if CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            tracing::warn!("cannot print on stdout: {e}");
        }
    }
}
