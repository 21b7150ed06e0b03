//! A sweep tells its caller how far it has come: once before the first world, then after each
//! world written, in order, on the calling thread, failures counted.

use std::sync::{Arc, Mutex};

use grassroot_config::{Schema, Settings};
use grassroot_sim::{SeedScenario, Simulation};
use grassroot_sweep::{Grid, Progress, Sweep};

#[test]
fn progress_counts_every_world_once_in_order_with_failures() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let base = Settings::from_pairs(&Schema::seed(), [("TOTAL_STEPS", "5")]).unwrap_or_else(|e| panic!("{e}"));
    let grid = Grid::new().vary("fee_rate", ["0.001", "0.003"]);
    let seen: Arc<Mutex<Vec<(Progress, std::thread::ThreadId)>>> = Arc::default();
    let log = Arc::clone(&seen);
    let caller = std::thread::current().id();
    let report = Sweep::new(grid)
        .base(base)
        .runs(3)
        .jobs(2)
        .out(dir.path())
        .on_progress(move |p| log.lock().unwrap_or_else(|e| e.into_inner()).push((p, std::thread::current().id())))
        .run(|s: &Settings| -> Result<Simulation, String> {
            // The worlds of the second grid point are refused by their factory: failures.
            if s.get("FEE_RATE").is_some_and(|v| v.to_string() == "0.003") {
                return Err("refused on purpose".to_owned());
            }
            let p = s.params().map_err(|e| e.to_string())?;
            Simulation::builder(&p).with_plugin(SeedScenario::new(&p)).build().map_err(|e| e.to_string())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.manifest.worlds_failed, 3);
    let seen = seen.lock().unwrap_or_else(|e| e.into_inner());
    let got: Vec<(u64, u64, u64)> = seen.iter().map(|(p, _)| (p.done, p.total, p.failed)).collect();
    assert_eq!(got, [(0, 6, 0), (1, 6, 0), (2, 6, 0), (3, 6, 0), (4, 6, 1), (5, 6, 2), (6, 6, 3)]);
    assert!(seen.iter().all(|(_, t)| *t == caller), "reported on another thread");
}
