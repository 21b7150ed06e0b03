//! What grassroot's tests share: an exact amount from its text ([`wad`]), a temporary folder
//! ([`temp_dir`]), a simulation run to the bytes of its two tables ([`run_to_bytes`]) and the
//! first byte at which two outputs differ ([`first_diff`], [`assert_same_bytes`]).
//!
//! For tests only (a dev-dependency, never published): every helper panics, naming what
//! failed, where library code would return an error.
//!
//! ```
//! use grassroot_testkit::{first_diff, wad};
//!
//! assert_eq!(wad("1.5").raw(), 1_500_000_000_000_000_000);
//! assert_eq!(first_diff(b"price,1", b"price,2"), Some(6));
//! assert_eq!(first_diff(b"same", b"same"), None);
//! assert_eq!(first_diff(b"short", b"shorter"), Some(5));
//! ```

use std::path::Path;

use grassroot_amm::Wad;
use grassroot_report::{Outcome, RecordOptions, Recorder};
use grassroot_sim::Simulation;
use grassroot_sim::driver::{Driver, Ending};

pub use tempfile::TempDir;

/// The two tables [`run_to_bytes`] returns, in its order.
pub const TABLES: [&str; 2] = ["simulation_data.csv", "transaction_history.csv"];

/// An exact amount from its decimal text, or a panic naming the text.
pub fn wad(text: &str) -> Wad {
    Wad::parse(text).unwrap_or_else(|e| panic!("{text:?} is not an amount: {e}"))
}

/// A new temporary folder, removed when the value is dropped.
pub fn temp_dir() -> TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("a temporary folder cannot be made: {e}"))
}

/// The position of the first byte at which `a` and `b` differ (the shorter one's length when
/// one is the other's beginning), or `None` when they are equal.
pub fn first_diff(a: &[u8], b: &[u8]) -> Option<usize> {
    if a == b {
        return None;
    }
    Some(a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len())))
}

/// Asserts that `a` and `b` are the same bytes; the panic names `what` and the first byte at
/// which they differ, with the text around it.
#[track_caller]
pub fn assert_same_bytes(what: &str, a: &[u8], b: &[u8]) {
    if let Some(at) = first_diff(a, b) {
        let around = |x: &[u8]| {
            String::from_utf8_lossy(&x[at.saturating_sub(40).min(x.len())..(at + 40).min(x.len())]).into_owned()
        };
        panic!(
            "{what} differs from byte {at} on ({} and {} bytes):\n  left:  {:?}\n  right: {:?}",
            a.len(),
            b.len(),
            around(a),
            around(b)
        );
    }
}

/// Runs `sim` for `steps` steps, recording into `dir` with the transaction log, and returns
/// the bytes of its [`TABLES`]; a fault or a failed write panics.
pub fn run_to_bytes(sim: &mut Simulation, steps: u64, dir: &Path) -> [Vec<u8>; 2] {
    let options = RecordOptions { transactions: true, scenario: "test".to_owned(), ..RecordOptions::default() };
    let mut recorder = Recorder::create(dir, sim, options).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let run =
        Driver::new().steps(steps).sink(&mut recorder).run(sim).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    if let Ending::Failed(e) = run.ending {
        panic!("step {}: {e}", sim.next_step().saturating_sub(1));
    }
    recorder.finish(sim, Outcome::Completed).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    TABLES.map(|f| std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("cannot read {f}: {e}")))
}
