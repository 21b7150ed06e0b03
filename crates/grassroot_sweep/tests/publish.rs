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

/// The files of `dir` and their bytes, the lock file left out.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    names(dir)
        .into_iter()
        .filter(|n| n != ".grassroot.lock")
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).unwrap_or_else(|e| panic!("{n}: {e}"));
            (n, bytes)
        })
        .collect()
}

#[test]
fn a_merge_that_fails_at_the_figure_leaves_the_earlier_merge_as_it_was() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let base = Settings::from_pairs(&Schema::seed(), [("TOTAL_STEPS", "5")]).unwrap_or_else(|e| panic!("{e}"));
    let grid = Grid::new().vary("agents_per_entry", ["3", "6"]);
    let sweep = Sweep::new(grid).base(base).runs(1).jobs(1).series(["price", "pie_ddt"]);
    // Two shards, each holding one whole grid point: their statistics are copied as they are.
    let shards: Vec<std::path::PathBuf> = (0..2)
        .map(|i| {
            let dir = root.path().join(format!("shard-{i}"));
            let shard = Shard::new(i, 2).unwrap_or_else(|e| panic!("{e}"));
            sweep.clone().out(&dir).shard(shard).run(seed_world).unwrap_or_else(|e| panic!("{e}"));
            dir
        })
        .collect();
    let merged = root.path().join("merged");
    grassroot_sweep::merge(&shards, &merged).unwrap_or_else(|e| panic!("{e}"));
    let before = snapshot(&merged);

    // A median the figure draws becomes text, and the shard's manifest is re-hashed to match:
    // every check passes, and the merge fails only when it draws the figure.
    let series = shards[1].join("sweep_series.csv");
    let text = std::fs::read_to_string(&series).unwrap_or_else(|e| panic!("{e}"));
    let column = text.lines().next().and_then(|h| h.split(',').position(|c| c == "price_p50")).expect("price_p50");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut cells: Vec<&str> = lines[1].split(',').collect();
    cells[column] = "garbage";
    lines[1] = cells.join(",");
    let forged = lines.join("\n") + "\n";
    std::fs::write(&series, &forged).unwrap_or_else(|e| panic!("{e}"));
    let json = shards[1].join("sweep.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let files = m["files"].as_array_mut().unwrap_or_else(|| panic!("files"));
    let entry = files.iter_mut().find(|f| f["name"] == "sweep_series.csv").unwrap_or_else(|| panic!("series"));
    entry["bytes"] = forged.len().into();
    entry["blake3"] = blake3::hash(forged.as_bytes()).to_hex().to_string().into();
    std::fs::write(&json, serde_json::to_vec_pretty(&m).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));

    let err = grassroot_sweep::merge(&shards, &merged)
        .err()
        .unwrap_or_else(|| panic!("merged a figure that cannot be drawn"));
    assert!(err.to_string().contains("'garbage' is not a number"), "{err}");
    assert_eq!(snapshot(&merged), before, "the earlier merge was changed");
}
