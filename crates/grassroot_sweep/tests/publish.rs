//! A sweep folder shows one sweep: `sweep.json` lists every file beside it with its size and
//! hash, `grassroot_report::check_files` agrees, and the files of an earlier sweep in the same
//! folder that this one does not write (a shard's partial series, a whole sweep's figure) go.

use std::path::Path;

use grassroot_config::{Schema, Settings};
use grassroot_report::check_files;
use grassroot_sim::{SeedScenario, Simulation};
use grassroot_sweep::{Grid, Shard, Sweep};

fn seed_world(s: &Settings) -> Result<Simulation, String> {
    let p = s.params().map_err(|e| e.to_string())?;
    Simulation::builder(&p).with_plugin(SeedScenario::new(&p)).build().map_err(|e| e.to_string())
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|e| e.unwrap_or_else(|e| panic!("{e}")).file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn the_manifest_records_exactly_the_files_beside_it_and_stale_ones_go() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let base = Settings::from_pairs(&Schema::seed(), [("TOTAL_STEPS", "8")]).unwrap_or_else(|e| panic!("{e}"));
    let sweep = Sweep::new(Grid::new()).base(base).runs(3).jobs(1).out(dir.path());

    // A shard whose slice splits the grid point: it writes the partial series, no figure.
    let shard = Shard::new(0, 2).unwrap_or_else(|e| panic!("{e}"));
    let report = sweep.clone().shard(shard).run(seed_world).unwrap_or_else(|e| panic!("{e}"));
    let recorded: Vec<&str> = report.manifest.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(recorded, ["sweep_runs.csv", "sweep_series.csv", "sweep_series_partial.csv"]);
    assert!(check_files(dir.path(), &report.manifest.files).is_empty());
    for f in &report.manifest.files {
        let len = std::fs::metadata(dir.path().join(&f.name)).map(|m| m.len()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(len, f.bytes, "{}", f.name);
    }

    // The whole sweep in the same folder: the partial series of the shard is gone.
    let report = sweep.run(seed_world).unwrap_or_else(|e| panic!("{e}"));
    let recorded: Vec<&str> = report.manifest.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(recorded, ["sweep_runs.csv", "sweep_series.csv", "sweep_results.png"]);
    assert_eq!(
        names(dir.path()),
        [".grassroot.lock", "sweep.json", "sweep_results.png", "sweep_runs.csv", "sweep_series.csv"]
    );
    assert!(check_files(dir.path(), &report.manifest.files).is_empty());
}
