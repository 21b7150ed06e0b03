//! The text of every CSV cell a run writes, in every scenario (baseline, datadao, original,
//! datadao with governance on): an amount always carries a decimal point (`900.0`, `0.0`,
//! `-0.5`), so that polars, pandas and DuckDB read every amount column as decimals with no
//! options; a count is plain digits, read as an integer. Which column is which comes from the
//! Parquet file the same run writes beside it, so the two formats also agree on the kinds.
//! See: #24

mod support;

use std::path::Path;

use arrow_schema::DataType;
use grassroot::amm::Wad;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use support::{Table, grassroot};

/// The scenarios' flags, with a name for messages.
const SCENARIOS: [(&str, &[&str]); 4] = [
    ("baseline", &["--scenario", "baseline"]),
    ("datadao", &["--scenario", "datadao"]),
    ("original", &["--scenario", "original"]),
    ("governance", &["--scenario", "datadao", "--set", "GOVERNANCE=on", "--set", "GOV_PERIOD=10"]),
];

/// The Arrow types of a Parquet file's columns, by name, in order.
fn parquet_types(path: &Path) -> Vec<(String, DataType)> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    builder.schema().fields().iter().map(|f| (f.name().clone(), f.data_type().clone())).collect()
}

/// True if `cell` is an amount as the CSV writes it: an optional `-`, digits, a point, digits.
fn is_amount(cell: &str) -> bool {
    let size = cell.strip_prefix('-').unwrap_or(cell);
    let Some((int, frac)) = size.split_once('.') else { return false };
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        && Wad::parse(size).is_ok()
}

/// True if `cell` is a count as the CSV writes it: digits only, a whole number of `i64`.
fn is_count(cell: &str) -> bool {
    !cell.is_empty() && cell.bytes().all(|b| b.is_ascii_digit()) && cell.parse::<i64>().is_ok()
}

/// Checks every cell of `csv` against the kind of its column in the Parquet file `parquet`;
/// returns the number of amount cells and count cells checked.
fn check_cells(name: &str, csv: &Path, parquet: &Path) -> (usize, usize) {
    let table = Table::read(csv);
    let types = parquet_types(parquet);
    let names: Vec<&str> = types.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(table.header, names, "{name}: the CSV's columns are the Parquet file's");
    assert!(table.rows.len() > 10, "{name}: a real table");
    let (mut amounts, mut counts) = (0, 0);
    for (r, row) in table.rows.iter().enumerate() {
        for ((column, kind), cell) in types.iter().zip(row) {
            let at = || format!("{name}, row {}, column {column}: {cell:?}", r + 1);
            match kind {
                // An empty cell is a missing value (a metric a step has none of).
                _ if cell.is_empty() => {}
                DataType::Decimal128(..) => {
                    assert!(is_amount(cell), "{} is an amount without a decimal point", at());
                    amounts += 1;
                }
                DataType::Int64 => {
                    assert!(is_count(cell), "{} is a count that is not an integer", at());
                    counts += 1;
                }
                DataType::Float64 => assert!(cell.parse::<f64>().is_ok(), "{} is not a real number", at()),
                DataType::Dictionary(..) | DataType::Utf8 => {}
                other => panic!("{name}, column {column}: a column of type {other}, neither amount nor count"),
            }
        }
    }
    (amounts, counts)
}

#[test]
fn every_amount_cell_has_a_point_and_every_count_cell_is_an_integer_in_every_scenario() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (scenario, flags) in SCENARIOS {
        let mut args = vec!["--no-env-file", "-q", "--steps", "60", "--out", scenario];
        args.extend(["--set", "OUTPUT_FORMAT=both", "--set", "PLOT=off"]);
        args.extend(flags);
        let out = grassroot(dir.path(), &args);
        assert!(out.status.success(), "{scenario}: {}", String::from_utf8_lossy(&out.stderr));
        let o = dir.path().join(scenario);
        for table in ["simulation_data", "transaction_history"] {
            let name = format!("{scenario}/{table}.csv");
            let (amounts, counts) =
                check_cells(&name, &o.join(format!("{table}.csv")), &o.join(format!("{table}.parquet")));
            assert!(amounts > 100 && counts > 10, "{name}: {amounts} amounts and {counts} counts checked");
        }
        // Whole amounts are written with their point, zero included: the rows that made
        // readers guess integers.
        let log = Table::read(&o.join("transaction_history.csv"));
        assert!(log.rows.iter().flatten().any(|c| c == "0.0"), "{scenario}: a zero amount is 0.0");
    }
}

#[test]
fn a_cell_without_a_point_or_with_a_sign_on_a_count_is_caught() {
    assert!(is_amount("900.0") && is_amount("-0.000000000000000001") && is_amount("0.0"));
    assert!(!is_amount("900") && !is_amount("0") && !is_amount(".5") && !is_amount("1.") && !is_amount("1e3"));
    assert!(is_count("0") && is_count("4000"));
    assert!(!is_count("-1") && !is_count("1.0") && !is_count("") && !is_count("18446744073709551615"));
}
