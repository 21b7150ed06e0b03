//! Fuzz targets as property tests over arbitrary bytes: the configuration parser (bytes as a
//! TOML file, a `.env` file, a `--set` flag), the pool (bytes decoded into a sequence of
//! operations), `merge` over real shard folders whose `sweep.json` and CSV files are mutated
//! (flipped, cut, grown, cells replaced, with or without their hash rewritten to match), and
//! `--replay` of a mutated `run.json`. None may panic; the pool's invariants hold after every
//! operation; a shard file changed behind its hash is always refused.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use grassroot::App;
use grassroot::amm::{Pool, Side, Wad};
use grassroot::cli::RunArgs;
use grassroot::config::{Schema, Settings, Sources, load};
use grassroot::report::Manifest;
use grassroot::sweep::{Grid, Shard, Sweep, merge};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn config_parser_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let toml = dir.path().join("run.toml");
        let dotenv = dir.path().join(".env");
        std::fs::write(&toml, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        std::fs::write(&dotenv, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let schema = Schema::seed();
        for sources in [
            Sources { config_file: Some(toml.clone()), ..Sources::default() },
            Sources { dotenv: Some(dotenv.clone()), ..Sources::default() },
            Sources { overrides: vec![("--set".to_owned(), text.clone())], ..Sources::default() },
        ] {
            // Ok or a clear error; never a panic. An error always says something.
            if let Err(e) = load(&schema, &sources) {
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }

    #[test]
    fn pool_never_panics_on_arbitrary_operation_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let fee = u32::from(bytes.first().copied().unwrap_or(0)) * 3_900;
        let Ok(mut pool) = Pool::new(fee) else { return Ok(()) };
        let mut opened = false;
        for chunk in bytes.chunks(17).skip(1) {
            let (op, rest) = chunk.split_first().unwrap_or((&0, &[]));
            let mut raw = [0u8; 16];
            raw[..rest.len()].copy_from_slice(rest);
            // Spread amounts over every magnitude: shift a 128-bit draw right by 0..127.
            let amount = Wad::from_raw(u128::from_le_bytes(raw) >> (op >> 1 & 0x7f));
            let side = if op & 1 == 0 { Side::SellDdt } else { Side::BuyDdt };
            let before = pool.clone();
            let k_before = pool.k();
            let result = match op % 5 {
                0 => pool.swap_exact_in(side, amount, Wad::ZERO).map(|_| ()),
                1 => pool.swap_exact_out(side, amount, Wad::MAX).map(|_| ()),
                2 => pool.add_liquidity(amount, amount.mul_div(3, 2).unwrap_or(amount), Wad::ZERO, Wad::ZERO).map(|_| ()),
                3 => pool.remove_liquidity(amount.min(pool.lp_supply().saturating_sub(pool.locked_lp()))).map(|_| ()),
                _ => pool.lp_value(amount).map(|_| ()),
            };
            match result {
                Err(_) => prop_assert_eq!(&pool, &before, "a refused operation changed the pool"),
                Ok(()) if op % 5 < 2 => prop_assert!(pool.k() >= k_before, "a swap decreased k"),
                Ok(()) => {}
            }
            if opened {
                prop_assert!(pool.reserve_ddt() > Wad::ZERO && pool.reserve_xdai() > Wad::ZERO);
            }
            opened |= pool.is_open();
        }
    }
}

/// A folder under the test target's scratch space, emptied.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// Three shards of 2 grid points x 3 runs of 4 steps (the middle one splits both grid points,
/// so every kind of file has rows), made once.
static SHARDS: LazyLock<Vec<PathBuf>> = LazyLock::new(|| {
    let root = scratch("fuzz-merge-shards");
    let base = Settings::from_pairs(&Schema::seed(), [("TOTAL_STEPS", "4")]).unwrap_or_else(|e| panic!("{e}"));
    let grid = Grid::new().vary("fee_rate", ["0.001", "0.003"]);
    let sweep = Sweep::new(grid).base(base).runs(3).seed(3).series(["price", "pie_ddt"]);
    (0..3)
        .map(|i| {
            let dir = root.join(format!("shard-{i}"));
            let shard = Shard::new(i, 3).unwrap_or_else(|e| panic!("{e}"));
            let build = |s: &Settings| App::seed().build(s);
            sweep.clone().out(&dir).jobs(1).shard(shard).run(build).unwrap_or_else(|e| panic!("{e}"));
            dir
        })
        .collect()
});

/// A `run.json` of a real 3-step run, made once.
static RUN_JSON: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let out = scratch("fuzz-replay-run");
    let args = RunArgs {
        steps: Some("3".to_owned()),
        out: Some(out.display().to_string()),
        no_env_file: true,
        quiet: true,
        ..RunArgs::default()
    };
    App::seed().run(&args).unwrap_or_else(|e| panic!("{e}"));
    std::fs::read(out.join("run.json")).unwrap_or_else(|e| panic!("{e}"))
});

/// One change to a file's bytes.
#[derive(Clone, Debug)]
enum Mutation {
    Flip {
        at: usize,
        bit: u8,
    },
    Truncate {
        at: usize,
    },
    Insert {
        at: usize,
        bytes: Vec<u8>,
    },
    /// Cell `col` of line `line` (both modulo what there is) becomes `text`.
    Cell {
        line: usize,
        col: usize,
        text: String,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let cell = prop_oneof![
        Just(String::new()),
        Just("garbage".to_owned()),
        Just("NaN".to_owned()),
        Just("-1".to_owned()),
        Just("1e999".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("\"a,\"\"b\"\"\n\"".to_owned()),
        "[0-9]{1,20}",
        "\\PC{0,12}",
    ];
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<usize>(), any::<usize>(), cell).prop_map(|(line, col, text)| Mutation::Cell { line, col, text }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len();
    match m {
        Mutation::Flip { at, bit } if len > 0 => bytes[at % len] ^= 1 << bit,
        Mutation::Truncate { at } => bytes.truncate(at % (len + 1)),
        Mutation::Insert { at, bytes: new } => {
            let at = at % (len + 1);
            bytes.splice(at..at, new.iter().copied());
        }
        Mutation::Cell { line, col, text } => {
            let text_of = String::from_utf8_lossy(bytes).into_owned();
            let mut lines: Vec<&str> = text_of.split('\n').collect();
            let i = line % lines.len();
            let mut cells: Vec<&str> = lines[i].split(',').collect();
            let j = col % cells.len();
            cells[j] = text;
            let edited = cells.join(",");
            lines[i] = &edited;
            *bytes = lines.join("\n").into_bytes();
        }
        Mutation::Flip { .. } => {}
    }
}

/// Records the size and hash of `dir/name` as it is now in `dir/sweep.json`, if it can.
fn rehash(dir: &Path, name: &str) {
    let json = dir.join("sweep.json");
    let (Ok(bytes), Ok(text)) = (std::fs::read(dir.join(name)), std::fs::read(&json)) else { return };
    let Ok(mut m) = serde_json::from_slice::<serde_json::Value>(&text) else { return };
    if let Some(entry) = m["files"].as_array_mut().and_then(|f| f.iter_mut().find(|f| f["name"] == name)) {
        entry["bytes"] = bytes.len().into();
        entry["blake3"] = blake3::hash(&bytes).to_hex().to_string().into();
    }
    if let Ok(text) = serde_json::to_vec_pretty(&m) {
        let _ = std::fs::write(&json, text);
    }
}

const SHARD_FILES: [&str; 4] = ["sweep.json", "sweep_runs.csv", "sweep_series.csv", "sweep_series_partial.csv"];

/// A value for a `run.json` field.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        "\\PC{0,20}".prop_map(serde_json::Value::from),
        "[-+]?[0-9]{0,30}(\\.[0-9]{0,30})?".prop_map(serde_json::Value::from),
        Just(serde_json::json!([1, "x"])),
        Just(serde_json::json!({"k": "v"})),
    ]
}

/// Replays `path` as `--replay` does: the manifest, its parameters, the settings they load
/// to, and the parameters those build; each step Ok or Err.
fn replay(path: &Path) {
    if let Ok(manifest) = Manifest::read(path)
        && let Ok(settings) = load(&Schema::seed(), &Sources { replay: manifest.param_pairs(), ..Sources::default() })
    {
        let _ = settings.params();
    }
    let args = RunArgs { replay: Some(path.to_owned()), no_env_file: true, ..RunArgs::default() };
    if let Err(e) = App::seed().settings(&args) {
        assert!(!e.to_string().is_empty(), "an error says something");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn merge_never_panics_on_mutated_shards(
        shard in 0usize..3,
        file in 0usize..4,
        mutations in prop::collection::vec(mutation(), 1..4),
        rehashed in any::<bool>(),
    ) {
        let tmp = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut dirs = Vec::new();
        for (i, from) in SHARDS.iter().enumerate() {
            let to = tmp.path().join(format!("shard-{i}"));
            std::fs::create_dir(&to).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for name in SHARD_FILES {
                std::fs::copy(from.join(name), to.join(name)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
            dirs.push(to);
        }
        let path = dirs[shard].join(SHARD_FILES[file]);
        let before = std::fs::read(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut bytes = before.clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let csv_changed = file > 0 && bytes != before;
        if rehashed && file > 0 {
            rehash(&dirs[shard], SHARD_FILES[file]);
        }
        let out = tmp.path().join("merged");
        match merge(&dirs, &out) {
            Ok(_) => prop_assert!(!csv_changed || rehashed, "a CSV changed behind its hash was merged"),
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
                prop_assert!(!out.exists(), "a refused merge left {}", out.display());
            }
        }
    }

    #[test]
    fn replay_never_panics_on_mutated_run_json(mutations in prop::collection::vec(mutation(), 1..4)) {
        let tmp = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = tmp.path().join("run.json");
        let mut bytes = RUN_JSON.clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        std::fs::write(&path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        replay(&path);
    }

    #[test]
    fn replay_never_panics_on_a_run_json_with_odd_values(
        field in 0usize..64,
        value in json_value(),
        drop_it in any::<bool>(),
    ) {
        let tmp = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = tmp.path().join("run.json");
        let mut m: serde_json::Value =
            serde_json::from_slice(&RUN_JSON).map_err(|e| TestCaseError::fail(e.to_string()))?;
        // A top-level field, or one parameter, replaced by an odd value or removed.
        let top: Vec<String> = m.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
        let params: Vec<String> = m["params"].as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
        let (object, key) = if field % 2 == 0 && !top.is_empty() {
            (m.as_object_mut(), top[field / 2 % top.len()].clone())
        } else {
            (m["params"].as_object_mut(), params[field / 2 % params.len().max(1)].clone())
        };
        if let Some(object) = object {
            if drop_it { object.remove(&key); } else { object.insert(key, value); }
        }
        let text = serde_json::to_vec(&m).map_err(|e| TestCaseError::fail(e.to_string()))?;
        std::fs::write(&path, text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        replay(&path);
    }
}
