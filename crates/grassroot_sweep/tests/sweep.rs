//! Sweeps through the library: failures reported while the rest go on, statistics checked by
//! hand, shards merged into exactly the files of one run, the same files for any `--jobs`.

use std::path::Path;

use grassroot_amm::Wad;
use grassroot_config::{Schema, Settings};
use grassroot_sim::bevy_ecs::system::Query;
use grassroot_sim::{SeedScenario, SimSet, Simulation, Wallet};
use grassroot_sweep::stats::percentile;
use grassroot_sweep::table::CsvFile;
use grassroot_sweep::{Grid, Shard, Sweep, SweepManifest, merge, world_seed};

fn seed_world(s: &Settings) -> Result<Simulation, String> {
    let p = s.params().map_err(|e| e.to_string())?;
    Simulation::builder(&p).with_plugin(SeedScenario::new(&p)).build().map_err(|e| e.to_string())
}

/// A world of the seed scenario that, at FEE_RATE = 0.01, breaks its books by conjuring one
/// base unit of dDT into every wallet each step.
fn faulty_world(s: &Settings) -> Result<Simulation, String> {
    let p = s.params().map_err(|e| e.to_string())?;
    let mut b = Simulation::builder(&p);
    b.add_plugin(SeedScenario::new(&p));
    if s.get("FEE_RATE").is_some_and(|v| v.to_string() == "0.01") {
        b.add_systems(SimSet::Trade, |mut wallets: Query<&mut Wallet>| {
            for mut w in &mut wallets {
                w.ddt = w.ddt.checked_add(Wad::from_raw(1)).unwrap_or(w.ddt);
            }
        });
    }
    b.build().map_err(|e| e.to_string())
}

fn base(steps: u64) -> Settings {
    Settings::from_pairs(&Schema::seed(), [("TOTAL_STEPS", steps.to_string())]).unwrap_or_else(|e| panic!("{e}"))
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn records(path: &Path) -> Vec<Vec<String>> {
    let mut csv = CsvFile::open(path).unwrap_or_else(|e| panic!("{e}"));
    let mut out = vec![csv.header().to_vec()];
    while csv.next_record().unwrap_or_else(|e| panic!("{e}")) {
        let row = (0..out[0].len()).map(|i| csv.text(i).map(str::to_owned)).collect::<Result<Vec<_>, _>>();
        out.push(row.unwrap_or_else(|e| panic!("{e}")));
    }
    out
}

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

#[test]
fn a_failing_world_is_reported_and_the_others_go_on() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let grid = Grid::new().vary("fee_rate", ["0.003", "0.01"]);
    let report = Sweep::new(grid)
        .base(base(12))
        .runs(3)
        .jobs(2)
        .out(dir.path())
        .run(faulty_world)
        .unwrap_or_else(|e| panic!("{e}"));
    let m = &report.manifest;
    assert_eq!((m.worlds_completed, m.worlds_failed), (3, 3));
    let f = &m.failures[0];
    assert_eq!((f.world, f.grid_point, f.run, f.seed), (3, 1, 0, world_seed(42, 1, 0)));
    assert_eq!(f.params.get("fee_rate").and_then(|v| v.as_str()), Some("0.01"));
    assert!(f.error.starts_with("books do not balance after step 0: dDT"), "{}", f.error);
    assert_eq!(f.rerun, format!("grassroot run --seed {} --set TOTAL_STEPS=12 --set FEE_RATE=0.01", f.seed));
    let rows = records(&dir.path().join("sweep_runs.csv"));
    let h = &rows[0];
    let statuses: Vec<&str> = rows[1..].iter().map(|r| r[col(h, "status")].as_str()).collect();
    assert_eq!(statuses, ["completed", "completed", "completed", "failed", "failed", "failed"]);
    assert_eq!(rows[4][col(h, "steps")], "1");
    assert!(rows[4][col(h, "error")].contains("books do not balance"));
    assert!(rows[1][col(h, "error")].is_empty());
    // The failed grid point has no statistics; the other has one row per step.
    let series = records(&dir.path().join("sweep_series.csv"));
    assert_eq!(series.len(), 1 + 12);
    assert!(series[1..].iter().all(|r| r[0] == "0" && r[col(&series[0], "runs")] == "3"));
}

#[test]
fn series_statistics_match_a_hand_computation() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (steps, runs, base_seed) = (6u64, 5u64, 9u64);
    Sweep::new(Grid::new())
        .base(base(steps))
        .runs(runs)
        .seed(base_seed)
        .series(["price", "pie_ddt"])
        .out(dir.path())
        .run(seed_world)
        .unwrap_or_else(|e| panic!("{e}"));
    // The same five worlds, run by hand with their derived seeds.
    let mut prices = vec![Vec::new(); steps as usize];
    for r in 0..runs {
        let seed = world_seed(base_seed, 0, r).to_string();
        let s = Settings::from_pairs(&Schema::seed(), [("TOTAL_STEPS", steps.to_string()), ("SEED", seed)])
            .unwrap_or_else(|e| panic!("{e}"));
        let mut sim = seed_world(&s).unwrap_or_else(|e| panic!("{e}"));
        for step in prices.iter_mut() {
            sim.step().unwrap_or_else(|e| panic!("{e}"));
            step.push(sim.pool().spot_price());
        }
    }
    let rows = records(&dir.path().join("sweep_series.csv"));
    let h = &rows[0];
    assert_eq!(
        h.join(","),
        "grid_point,step,runs,price_mean,price_p5,price_p50,price_p95,pie_ddt_mean,pie_ddt_p5,pie_ddt_p50,pie_ddt_p95"
    );
    assert_eq!(rows.len() as u64, 1 + steps);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs());
    for (step, values) in prices.iter().enumerate() {
        let row = &rows[1 + step];
        let cell = |name: &str| row[col(h, name)].parse::<f64>().unwrap_or(f64::NAN);
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        // Five values: p5 at rank 0.2, p50 at rank 2, p95 at rank 3.8 (linear interpolation).
        let by_hand = |rank: f64| {
            let i = rank.floor() as usize;
            sorted[i] + (rank - i as f64) * (sorted[(i + 1).min(4)] - sorted[i])
        };
        let mean = values.iter().sum::<f64>() / 5.0;
        assert_eq!(row[col(h, "step")], step.to_string());
        assert_eq!(row[col(h, "runs")], "5");
        assert!(close(cell("price_mean"), mean), "step {step}: mean {} vs {mean}", cell("price_mean"));
        assert!(close(cell("price_p5"), by_hand(0.2)), "step {step}: p5");
        assert_eq!(cell("price_p50"), sorted[2], "step {step}: the median of five is the middle value");
        assert!(close(cell("price_p95"), by_hand(3.8)), "step {step}: p95");
        assert_eq!(cell("price_p95"), percentile(&sorted, 0.95));
    }
}

/// Runs the sweep whole and in `count` shards; returns (whole dir, merged dir).
fn whole_and_merged(root: &Path, count: u64, grid: &Grid, runs: u64) -> (std::path::PathBuf, std::path::PathBuf) {
    let sweep = Sweep::new(grid.clone()).base(base(9)).runs(runs).seed(5).series(["price", "pie_ddt", "trades"]);
    let whole = root.join("whole");
    sweep.clone().out(&whole).jobs(2).run(faulty_world).unwrap_or_else(|e| panic!("{e}"));
    let mut shards = Vec::new();
    for i in (0..count).rev() {
        let dir = root.join(format!("shard-{i}"));
        let shard = Shard::new(i, count).unwrap_or_else(|e| panic!("{e}"));
        sweep.clone().out(&dir).jobs(1).shard(shard).run(faulty_world).unwrap_or_else(|e| panic!("{e}"));
        assert!(!dir.join("sweep_results.png").exists(), "shards draw no figure");
        shards.push(dir);
    }
    let merged = root.join("merged");
    merge(&shards, &merged).unwrap_or_else(|e| panic!("{e}"));
    (whole, merged)
}

fn comparable(path: &Path) -> SweepManifest {
    let mut m = SweepManifest::read(path).unwrap_or_else(|e| panic!("{e}"));
    m.wall_seconds = 0.0;
    m.jobs = None;
    m.merged_from.clear();
    m
}

#[test]
fn shards_merge_into_the_files_of_one_run() {
    // 3 x 2 grid points x 3 runs = 18 worlds; FEE_RATE = 0.01 fails, so failures sit in split
    // grid points too. 4 shards split grid points; 20 shards leave two empty.
    let grid = Grid::new().vary("fee_rate", ["0.003", "0.01", "0.001"]).vary("agents_per_entry", ["4", "7"]);
    for count in [1, 4, 20] {
        let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (whole, merged) = whole_and_merged(root.path(), count, &grid, 3);
        for file in ["sweep_runs.csv", "sweep_series.csv", "sweep_results.png"] {
            assert!(read(&whole.join(file)) == read(&merged.join(file)), "{count} shards: {file} differs");
        }
        assert_eq!(comparable(&whole.join("sweep.json")), comparable(&merged.join("sweep.json")));
        let m = comparable(&merged.join("sweep.json"));
        assert_eq!((m.worlds_completed, m.worlds_failed, m.shard), (12, 6, None));
    }
}

#[test]
fn the_number_of_jobs_changes_nothing() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let grid = Grid::new().vary("agents_per_entry", ["3", "6"]);
    let run = |jobs: usize| {
        let dir = root.path().join(format!("j{jobs}"));
        Sweep::new(grid.clone())
            .base(base(8))
            .runs(4)
            .jobs(jobs)
            .out(&dir)
            .run(seed_world)
            .unwrap_or_else(|e| panic!("{e}"));
        dir
    };
    let (one, three) = (run(1), run(3));
    for file in ["sweep_runs.csv", "sweep_series.csv", "sweep_results.png"] {
        assert!(read(&one.join(file)) == read(&three.join(file)), "{file} differs between 1 and 3 jobs");
    }
}

#[test]
fn merge_refuses_incomplete_or_foreign_shards() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let grid = Grid::new().vary("agents_per_entry", ["3", "6"]);
    let shard = |i: u64, n: u64, runs: u64| {
        let dir = root.path().join(format!("s{i}of{n}r{runs}"));
        let s = Shard::new(i, n).unwrap_or_else(|e| panic!("{e}"));
        Sweep::new(grid.clone())
            .base(base(3))
            .runs(runs)
            .shard(s)
            .out(&dir)
            .run(seed_world)
            .unwrap_or_else(|e| panic!("{e}"));
        dir
    };
    let (a, b, c) = (shard(0, 3, 2), shard(1, 3, 2), shard(2, 3, 2));
    let other = shard(2, 3, 3);
    let out = root.path().join("merged");
    let cases: Vec<(Vec<std::path::PathBuf>, &str)> = vec![
        (vec![a.clone(), b.clone()], "shard 2/3 is missing"),
        (vec![a.clone(), b.clone(), b.clone()], "shard 1/3 is given twice"),
        (vec![a.clone(), b.clone(), other], "are not shards of the same sweep: their grid differs"),
        (vec![a.clone(), b.clone(), root.path().join("nowhere")], "nowhere' does not exist"),
        (vec![a.clone(), b.clone(), c.clone(), c.clone()], "shard 2/3 is given twice"),
    ];
    for (dirs, says) in cases {
        match merge(&dirs, &out) {
            Ok(_) => panic!("merged {dirs:?}"),
            Err(e) => {
                assert_eq!(e.exit_code(), 2, "{e}");
                assert!(e.to_string().contains(says), "expected {says:?} in: {e}");
            }
        }
        assert!(!out.exists(), "nothing is written");
    }
    assert!(merge(&[c.clone(), a.clone(), b.clone()], &out).is_ok(), "any order");
    let into_shard = merge(&[a.clone(), b, c], &a).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(into_shard.contains("is the shard folder"), "{into_shard}");
}

#[test]
fn a_world_that_cannot_be_built_names_each_values_typed_origin() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // A base replayed from pairs, so its own values are truly "replayed settings".
    let base = Settings::from_pairs(&Schema::seed(), [("TOTAL_STEPS", "3"), ("ORGANIZATION_SHARE", "0.05")])
        .unwrap_or_else(|e| panic!("{e}"));
    let mut seen = Vec::new();
    let report = Sweep::new(Grid::new().vary("degen_user_share", ["0.4", "0.5"]))
        .base(base)
        .jobs(1)
        .out(dir.path().join("out"))
        .run(|s: &Settings| {
            let origin = |k: &str| s.origin(k).cloned();
            seen.push((origin("DEGEN_USER_SHARE"), origin("SEED"), origin("PLOT")));
            seed_world(s)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((report.manifest.worlds_completed, report.manifest.worlds_failed), (1, 1));
    // The probe of the base first, then the one world that can be built, each value with its origin.
    use grassroot_config::Origin;
    assert_eq!(
        seen,
        [
            (Some(Origin::Default), Some(Origin::Default), Some(Origin::SweepFixed)),
            (Some(Origin::SweepGrid), Some(Origin::DerivedSeed), Some(Origin::SweepFixed)),
        ]
    );
    let error = &report.manifest.failures[0].error;
    assert!(error.contains("DEGEN_USER_SHARE=0.5 from the sweep grid"), "{error}");
    assert!(error.contains("ORGANIZATION_SHARE=0.05 from replayed settings"), "{error}");
    assert!(error.contains("ACTIVE_USER_SHARE=0.3 from default"), "{error}");
}
