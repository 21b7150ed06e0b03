//! `merge` against shard files forged so that their sizes and hashes still match `sweep.json`
//! (the manifest's `files` entry rewritten): what the hash cannot catch, the row checks and the
//! cell parser do — naming the file, the line and the column — and nothing is written.

use std::path::{Path, PathBuf};

use grassroot_config::{Schema, Settings};
use grassroot_sim::{SeedScenario, Simulation};
use grassroot_sweep::{Grid, Shard, Sweep, merge};

fn seed_world(s: &Settings) -> Result<Simulation, String> {
    let p = s.params().map_err(|e| e.to_string())?;
    Simulation::builder(&p).with_plugin(SeedScenario::new(&p)).build().map_err(|e| e.to_string())
}

/// Two shards of one grid point x 3 runs (so both hold part of it: each writes raw series to
/// `sweep_series_partial.csv`), in `root/shard-0` and `root/shard-1`.
fn two_shards(root: &Path) -> Vec<PathBuf> {
    let base = Settings::from_pairs(&Schema::seed(), [("TOTAL_STEPS", "4")]).unwrap_or_else(|e| panic!("{e}"));
    let sweep = Sweep::new(Grid::new()).base(base).runs(3).seed(7).series(["price", "pie_ddt"]);
    (0..2)
        .map(|i| {
            let dir = root.join(format!("shard-{i}"));
            let shard = Shard::new(i, 2).unwrap_or_else(|e| panic!("{e}"));
            sweep.clone().out(&dir).jobs(1).shard(shard).run(seed_world).unwrap_or_else(|e| panic!("{e}"));
            dir
        })
        .collect()
}

/// Writes `bytes` as `dir/name` and records their size and hash in `dir/sweep.json`, as a
/// forger who knows the format would.
fn forge(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap_or_else(|e| panic!("{e}"));
    let json = dir.join("sweep.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let files = m["files"].as_array_mut().unwrap_or_else(|| panic!("files in {}", json.display()));
    let entry = files.iter_mut().find(|f| f["name"] == name).unwrap_or_else(|| panic!("{name} in files"));
    entry["bytes"] = bytes.len().into();
    entry["blake3"] = blake3::hash(bytes).to_hex().to_string().into();
    std::fs::write(&json, serde_json::to_vec_pretty(&m).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
}

/// The CSV text `text` with cell `col` of record `line` (0-based, the header being record 0)
/// replaced by `with`: read and written again with the `csv` crate.
fn with_cell(text: &str, line: usize, col: usize, with: &str) -> String {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap_or_else(|e| panic!("{e}"));
        let cells = record.iter().enumerate().map(|(j, c)| if (i, j) == (line, col) { with } else { c });
        writer.write_record(cells).unwrap_or_else(|e| panic!("{e}"));
    }
    String::from_utf8(writer.into_inner().unwrap_or_else(|e| panic!("{e}"))).unwrap_or_else(|e| panic!("{e}"))
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Merges `shards` into `root/merged`; the error's exit code and text (Ok is a test failure).
fn refused(shards: &[PathBuf], root: &Path) -> (u8, String) {
    let out = root.join("merged");
    let result = merge(shards, &out);
    assert!(!out.exists(), "a refused merge writes nothing, not even the folder");
    match result {
        Ok(_) => panic!("merged forged shards"),
        Err(e) => (e.exit_code(), e.to_string()),
    }
}

#[test]
fn the_forged_shards_merge_before_they_are_forged() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let shards = two_shards(root.path());
    // Forging a file with its own bytes changes nothing: the helper itself is sound.
    let same = std::fs::read(shards[1].join("sweep_runs.csv")).unwrap_or_else(|e| panic!("{e}"));
    forge(&shards[1], "sweep_runs.csv", &same);
    let report = merge(&shards, &root.path().join("merged")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.manifest.worlds_completed, 3);
}

#[test]
fn a_cell_that_does_not_parse_names_file_line_and_column() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let shards = two_shards(root.path());
    let path = shards[1].join("sweep_series_partial.csv");
    // Line 3 of the file (the second row): its price cell becomes `garbage`.
    forge(&shards[1], "sweep_series_partial.csv", with_cell(&text(&path), 2, 3, "garbage").as_bytes());
    let (code, e) = refused(&shards, root.path());
    assert_eq!(code, 2, "{e}");
    let want = format!("'{}' line 3, column price: 'garbage' is not a number", path.display());
    assert!(e.contains(&want), "expected {want:?} in: {e}");
    assert!(e.contains("fix: run shard 1/2 again"), "{e}");
}

#[test]
fn a_copied_runs_file_with_a_matching_hash_is_caught_by_its_world_ids() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let shards = two_shards(root.path());
    let runs0 = std::fs::read(shards[0].join("sweep_runs.csv")).unwrap_or_else(|e| panic!("{e}"));
    forge(&shards[1], "sweep_runs.csv", &runs0);
    let (code, e) = refused(&shards, root.path());
    assert_eq!(code, 2, "{e}");
    // Shard 1 of 3 worlds holds worlds 1..3; the copy's first row is world 0.
    let path = shards[1].join("sweep_runs.csv");
    let want = format!("'{}' line 2: world 0 (grid point 0, run 0) where world 1 belongs", path.display());
    assert!(e.contains(&want), "expected {want:?} in: {e}");
}

#[test]
fn forged_rows_seeds_and_a_torn_last_line_are_refused() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let shards = two_shards(root.path());
    let runs1 = text(&shards[1].join("sweep_runs.csv"));
    let cases: Vec<(String, &str)> = vec![
        // The last row dropped: a world missing.
        (runs1.lines().take(2).map(|l| format!("{l}\n")).collect(), "holds worlds 1..2 of the shard's 1..3"),
        // The last row's line break dropped: a torn line would run into the next shard's rows.
        (runs1.trim_end().to_owned(), "does not end with a line break"),
        // A row cut short.
        (
            format!("{}0,2\n", runs1.lines().take(2).map(|l| format!("{l}\n")).collect::<String>()),
            "line 3: 2 cells where the header has",
        ),
        // Another seed.
        (with_cell(&runs1, 1, 2, "12345"), "line 2, column seed: '12345' is not the seed of world 1"),
        // A status that is neither.
        (runs1.replacen(",completed", ",done", 1), "column status: 'done' is neither completed nor failed"),
    ];
    for (forged, says) in cases {
        let root2 = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let copies = two_shards(root2.path());
        forge(&copies[1], "sweep_runs.csv", forged.as_bytes());
        let (code, e) = refused(&copies, root2.path());
        assert_eq!(code, 2, "{e}");
        assert!(e.contains(says), "expected {says:?} in: {e}");
    }
}

#[test]
fn overlapping_worlds_name_both_folders() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let shards = two_shards(root.path());
    let json = shards[1].join("sweep.json");
    let edited = text(&json).replace("\"first_world\": 1", "\"first_world\": 0");
    std::fs::write(&json, edited).unwrap_or_else(|e| panic!("{e}"));
    let (code, e) = refused(&shards, root.path());
    assert_eq!(code, 2, "{e}");
    let want = format!(
        "'{}' holds worlds 0..1 and '{}' worlds 0..3: they overlap at worlds 0..1",
        shards[0].display(),
        shards[1].display()
    );
    assert!(e.contains(&want), "expected {want:?} in: {e}");
}

/// A file of a shard, how to forge it from its text, and what the refusal says.
type Forgery = (&'static str, Box<dyn Fn(&str) -> String>, &'static str);

/// For each forgery, fresh shards made by `shards_in` with shard 1's file forged: the merge
/// is refused as bad input (exit 2) saying what the case says. Returns each refusal's text.
fn forgeries_refused(cases: Vec<Forgery>, shards_in: fn(&Path) -> Vec<PathBuf>) -> Vec<String> {
    let mut refusals = Vec::new();
    for (file, forged, says) in cases {
        let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let shards = shards_in(root.path());
        let original = text(&shards[1].join(file));
        forge(&shards[1], file, forged(&original).as_bytes());
        let (code, e) = refused(&shards, root.path());
        assert_eq!(code, 2, "{file}: {e}");
        assert!(e.contains(says), "{file}: expected {says:?} in: {e}");
        refusals.push(e);
    }
    refusals
}

/// Two shards of a grid over `TOTAL_STEPS` in {3, 4} x 1 run: each shard holds one whole grid
/// point (its statistics in `sweep_series.csv`), in `root/shard-0` and `root/shard-1`.
fn two_whole_points(root: &Path) -> Vec<PathBuf> {
    let base = Settings::from_pairs(&Schema::seed(), [("TX_LOG", "off")]).unwrap_or_else(|e| panic!("{e}"));
    let grid = Grid::new().vary("total_steps", ["3", "4"]);
    let sweep = Sweep::new(grid).base(base).runs(1).seed(7).series(["price", "pie_ddt"]);
    (0..2)
        .map(|i| {
            let dir = root.join(format!("shard-{i}"));
            let shard = Shard::new(i, 2).unwrap_or_else(|e| panic!("{e}"));
            sweep.clone().out(&dir).jobs(1).shard(shard).run(seed_world).unwrap_or_else(|e| panic!("{e}"));
            dir
        })
        .collect()
}

#[test]
fn rows_that_sweep_json_shows_impossible_are_refused_though_their_hashes_match() {
    // (file, forged text from the original, what the refusal says). Shard 1 of `two_shards`
    // holds worlds 1 and 2 of one grid point of 4 steps; columns of sweep_runs.csv: grid_point,
    // run, seed, status, steps, price, pool_ddt, ...
    let cases: Vec<Forgery> = vec![
        (
            "sweep_runs.csv",
            Box::new(|t: &str| with_cell(t, 1, 4, "3")),
            "line 2, column steps: '3' is not 4, the steps of a completed world (TOTAL_STEPS)",
        ),
        (
            "sweep_runs.csv",
            Box::new(|t: &str| with_cell(t, 2, 6, "-5.0")),
            "line 3, column pool_ddt: '-5.0' is not an amount (a decimal of 0 or more with at most 18 places)",
        ),
        (
            "sweep_runs.csv",
            Box::new(|t: &str| with_cell(t, 2, 11, "0.1234567890123456789")),
            "column volume_ddt: '0.1234567890123456789' is not an amount",
        ),
        (
            "sweep_runs.csv",
            Box::new(|t: &str| with_cell(t, 1, 5, "")),
            "line 2, column price: '' is empty for a completed world",
        ),
        (
            // The last row of the last world's raw series dropped: its series is short.
            "sweep_series_partial.csv",
            Box::new(|t: &str| t.lines().take(t.lines().count() - 1).map(|l| format!("{l}\n")).collect()),
            "holds 3 rows of grid point 0, run 2, a completed world of 4 steps",
        ),
    ];
    for e in forgeries_refused(cases, two_shards) {
        assert!(e.contains("fix: run shard 1/2 again"), "{e}");
    }
}

#[test]
fn a_grid_value_not_of_its_grid_point_and_a_series_short_by_rows_are_refused() {
    // Columns of sweep_runs.csv: grid_point, total_steps, run, ...; of sweep_series.csv:
    // grid_point, total_steps, step, runs, ... Shard 1 holds grid point 1, TOTAL_STEPS = 4.
    let cases: Vec<Forgery> = vec![
        (
            "sweep_runs.csv",
            Box::new(|t: &str| with_cell(t, 1, 1, "5")),
            "column total_steps: '5' is not the value of grid point 1, 4",
        ),
        (
            "sweep_runs.csv",
            Box::new(|t: &str| with_cell(t, 1, 1, "3")),
            "column total_steps: '3' is not the value of grid point 1, 4",
        ),
        (
            "sweep_series.csv",
            Box::new(|t: &str| t.lines().take(t.lines().count() - 1).map(|l| format!("{l}\n")).collect()),
            "it ends at step 3 of grid point 1, whose worlds run 4 steps: rows are missing",
        ),
        (
            "sweep_series.csv",
            Box::new(|t: &str| with_cell(t, 2, 3, "2")),
            "line 3: runs 2, but grid point 1 has 1 completed runs",
        ),
    ];
    forgeries_refused(cases, two_whole_points);
    // Unforged, they merge.
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let shards = two_whole_points(root.path());
    let report = merge(&shards, &root.path().join("merged")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.manifest.worlds_completed, 2);
}
