//! Parquet outputs as a user gets them from the binary: the same values as the CSVs, cell by
//! cell (read back with the `parquet` crate's own reader, every cell turned into the text the
//! CSV holds), the same bytes for the same seed, the schema the Python package relies on, and
//! `verify` over them.

mod support;

use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal128Type, Float64Type, Int32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use grassroot::amm::Wad;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use support::{Table, grassroot, read};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

fn ok(dir: &Path, args: &[&str]) {
    let out = grassroot(dir, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A Parquet file's batches, read by the `parquet` crate.
fn batches(path: &Path) -> Vec<RecordBatch> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reader = ParquetRecordBatchReaderBuilder::try_new(file).expect("a Parquet file").build().expect("a reader");
    reader.map(|b| b.expect("a batch")).collect()
}

/// The cell of row `i` of `column` as the CSV writes it: exact decimals with their point (a
/// debit with `-`), plain counts, reals in their shortest round-trip form, text as it is, null as empty.
fn cell(column: &dyn Array, i: usize) -> String {
    if column.is_null(i) {
        return String::new();
    }
    if let Some(a) = column.as_primitive_opt::<Int64Type>() {
        return a.value(i).to_string();
    }
    if let Some(a) = column.as_primitive_opt::<Decimal128Type>() {
        let v = a.value(i);
        let text = Wad::from_raw(v.unsigned_abs()).pointed().as_str().to_owned();
        return if v < 0 { format!("-{text}") } else { text };
    }
    if let Some(a) = column.as_primitive_opt::<Float64Type>() {
        return ryu::Buffer::new().format_finite(a.value(i)).to_owned();
    }
    if let Some(d) = column.as_dictionary_opt::<Int32Type>() {
        let values = d.values().as_string::<i32>();
        return d.key(i).map(|k| values.value(k).to_owned()).unwrap_or_default();
    }
    if let Some(s) = column.as_string_opt::<i32>() {
        return s.value(i).to_owned();
    }
    panic!("a column of an unexpected type: {}", column.data_type());
}

/// A Parquet table as the CSV's cells: its header and its rows.
fn parquet_table(path: &Path) -> Table {
    let batches = batches(path);
    let header =
        batches.first().map(|b| b.schema().fields().iter().map(|f| f.name().clone()).collect()).unwrap_or_default();
    let mut rows = Vec::new();
    for b in &batches {
        for i in 0..b.num_rows() {
            rows.push(b.columns().iter().map(|c| cell(c.as_ref(), i)).collect());
        }
    }
    Table { header, rows }
}

fn assert_same_cells(name: &str, csv: &Table, parquet: &Table) {
    assert_eq!(csv.header, parquet.header, "{name}: the columns, their names and their order");
    assert_eq!(csv.rows.len(), parquet.rows.len(), "{name}: rows");
    for (r, (a, b)) in csv.rows.iter().zip(&parquet.rows).enumerate() {
        for (c, (x, y)) in a.iter().zip(b).enumerate() {
            assert_eq!(x, y, "{name}: row {r}, column {}: CSV {x:?}, Parquet {y:?}", csv.header[c]);
        }
    }
}

#[test]
fn a_parquet_run_and_a_csv_run_of_one_seed_hold_the_same_cells() {
    let dir = tmp();
    ok(dir.path(), &["--steps", "150", "--seed", "9", "--out", "csv", "-q", "--set", "PLOT=off"]);
    ok(
        dir.path(),
        &["--steps", "150", "--seed", "9", "--out", "pq", "-q", "--set", "PLOT=off", "--set", "OUTPUT_FORMAT=parquet"],
    );
    let (csv, pq) = (dir.path().join("csv"), dir.path().join("pq"));
    assert!(!pq.join("simulation_data.csv").exists() && !pq.join("transaction_history.csv").exists());
    for (c, p) in
        [("simulation_data.csv", "simulation_data.parquet"), ("transaction_history.csv", "transaction_history.parquet")]
    {
        let csv_table = Table::read(&csv.join(c));
        assert!(csv_table.rows.len() > 100, "{c}: a real table");
        assert_same_cells(p, &csv_table, &parquet_table(&pq.join(p)));
    }
    // A log with debits and amounts of 18 decimals, so that the comparison means something.
    let log = Table::read(&csv.join("transaction_history.csv"));
    assert!(log.rows.iter().any(|r| r[4].starts_with('-')) && log.rows.iter().any(|r| r[8].len() > 20));
}

#[test]
fn the_datadao_scenario_and_both_formats_write_the_same_cells_side_by_side() {
    let dir = tmp();
    ok(dir.path(), &["--scenario", "datadao", "--steps", "60", "--out", "out", "-q", "--set", "OUTPUT_FORMAT=both"]);
    let o = dir.path().join("out");
    for (c, p) in
        [("simulation_data.csv", "simulation_data.parquet"), ("transaction_history.csv", "transaction_history.parquet")]
    {
        assert_same_cells(p, &Table::read(&o.join(c)), &parquet_table(&o.join(p)));
    }
    ok(dir.path(), &["verify", "out"]);
}

#[test]
fn the_same_seed_gives_identical_parquet_bytes() {
    let dir = tmp();
    for out in ["a", "b"] {
        ok(
            dir.path(),
            &[
                "--steps",
                "80",
                "--seed",
                "3",
                "--out",
                out,
                "-q",
                "--set",
                "PLOT=off",
                "--set",
                "OUTPUT_FORMAT=parquet",
            ],
        );
    }
    for file in ["simulation_data.parquet", "transaction_history.parquet"] {
        let a = read(&dir.path().join("a").join(file));
        assert!(a.starts_with(b"PAR1") && a.ends_with(b"PAR1"), "{file} is Parquet");
        assert!(a == read(&dir.path().join("b").join(file)), "{file} differs for the same seed");
    }
}

/// The schema the Python package hands over: a change here is a change of the files' format.
#[test]
fn the_simulation_data_schema_is_pinned() {
    let dir = tmp();
    ok(dir.path(), &["--steps", "5", "--out", "o", "-q", "--set", "OUTPUT_FORMAT=parquet", "--set", "TX_LOG=off"]);
    let batches = batches(&dir.path().join("o").join("simulation_data.parquet"));
    let schema = batches[0].schema();
    let shown: Vec<String> = schema.fields().iter().map(|f| format!("{} {}", f.name(), f.data_type())).collect();
    let amount = "Decimal128(38, 18)";
    let mut expected: Vec<String> = [
        ("step", "Int64"),
        ("price", "Float64"),
        ("pool_ddt", amount),
        ("pool_xdai", amount),
        ("lp_supply", amount),
        ("pie_ddt", amount),
        ("pie_inflow", amount),
        ("pie_paid_out", amount),
        ("ddt_minted", amount),
        ("ddt_burned", amount),
        ("ddt_wallets", amount),
        ("xdai_endowed", amount),
        ("xdai_wallets", amount),
        ("volume_ddt", amount),
        ("volume_xdai", amount),
        ("fees_ddt", amount),
        ("fees_xdai", amount),
        ("trades", "Int64"),
        ("trades_skipped", "Int64"),
        ("trades_failed", "Int64"),
        ("compute_spent_ddt", amount),
        ("unmet_demand_ddt", amount),
        ("agents_total", "Int64"),
        ("lp_wallets", amount),
    ]
    .iter()
    .map(|(n, t)| format!("{n} {t}"))
    .collect();
    for role in ["degen_user", "organization", "power_user", "active_user", "casual_user"] {
        expected.push(format!("agents_{role} Int64"));
        for what in ["ddt", "xdai", "lp"] {
            expected.push(format!("avg_{what}_{role} {amount}"));
        }
    }
    assert_eq!(shown, expected);
    assert!(schema.fields().iter().all(|f| f.is_nullable()), "an empty metric is null");
}

#[test]
fn parquet_files_are_recorded_verified_and_replace_the_csv_of_an_earlier_run() {
    let dir = tmp();
    ok(dir.path(), &["--steps", "30", "--out", "o", "-q"]);
    ok(dir.path(), &["--steps", "30", "--out", "o", "-q", "--set", "OUTPUT_FORMAT=parquet"]);
    let o = dir.path().join("o");
    let manifest: serde_json::Value = serde_json::from_slice(&read(&o.join("run.json"))).expect("json");
    let names: Vec<&str> =
        manifest["files"].as_array().expect("files").iter().filter_map(|f| f["name"].as_str()).collect();
    assert_eq!(names, ["simulation_data.parquet", "transaction_history.parquet", "simulation_results.png"]);
    assert_eq!(manifest["params"]["OUTPUT_FORMAT"], "parquet");
    assert!(!o.join("simulation_data.csv").exists() && !o.join("transaction_history.csv").exists(), "the CSVs went");
    ok(dir.path(), &["verify", "o"]);
    // A changed byte of a Parquet file is found like a CSV's.
    let path = o.join("transaction_history.parquet");
    let mut bytes = read(&path);
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&path, bytes).expect("write");
    let out = grassroot(dir.path(), &["verify", "o"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("transaction_history.parquet: changed"));
}

#[test]
fn an_amount_parquet_cannot_hold_is_refused_before_step_0_and_csv_takes_it() {
    let dir = tmp();
    let big = ["--steps", "3", "--set", "DEGEN_USER_INITIAL_DDT=30000000000000000000", "-q"];
    let mut args = big.to_vec();
    args.extend(["--out", "pq", "--set", "OUTPUT_FORMAT=parquet"]);
    let out = grassroot(dir.path(), &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("DEGEN_USER_INITIAL_DDT") && stderr.contains("10^38 base units"), "{stderr}");
    assert!(!dir.path().join("pq").exists(), "nothing written");
    let mut args = big.to_vec();
    args.extend(["--out", "csv"]);
    ok(dir.path(), &args);
}
