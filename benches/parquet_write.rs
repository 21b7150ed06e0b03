//! What writing the default run's transaction log costs as CSV and as Parquet, and what the
//! Parquet file's row-group size and zstd level change: file size and write time, on one
//! thread, from the records of the whole default run (2000 steps, 5.15 million rows) kept in
//! memory.
//!
//! CSV is the log's own formatter (`RowFormat`) into a 1 MiB buffer; Parquet is the log's own
//! batcher (`TxBatcher`, one batch per step) into a `ParquetFile`. Both write into a
//! temporary folder under the target directory (the page cache, as a run's outputs go), and
//! the harness prints each file's size and the median of the write times.
//!
//! The Parquet writer runs on one thread here (no helper), so the times are the encoding's
//! CPU cost; a run shares it between two threads.
//!
//! Run: `cargo bench --bench parquet_write` (every configuration, median of 3), or
//! `cargo bench --bench parquet_write -- --runs 5 --only 262144:1` (one row-group size and
//! zstd level); `--keep DIR` keeps the files written in DIR; `--describe FILE` prints each
//! column's physical type, encodings and sizes in a Parquet file.

#![allow(clippy::print_stdout, reason = "a benchmark harness reports on stdout")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark harness stops on any error")]

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use grassroot::config::Params;
use grassroot::report::arrow::TxBatcher;
use grassroot::report::atomic::AtomicFile;
use grassroot::report::cells::RowBuf;
use grassroot::report::parquet_file::{ParquetFile, ParquetOptions};
use grassroot::report::transactions::{RowFormat, TX_COLUMNS};
use grassroot::sim::driver::{Driver, Ending, each_step};
use grassroot::sim::{Roles, Simulation, Tx};

/// The records of every step of the default run, and its roles.
fn default_run() -> (Vec<(u64, Vec<Tx>)>, Roles) {
    let mut p = Params::seed_defaults();
    p.tx_log = true;
    let mut sim = grassroot::seed_simulation(&p).expect("the seed scenario builds");
    let mut steps = Vec::with_capacity(2000);
    let mut record =
        each_step(|sim: &mut Simulation| steps.push((sim.next_step() - 1, sim.take_transactions(Vec::new()))));
    let run = Driver::new().sink(&mut record).run(&mut sim).expect("the records are kept");
    assert_eq!(run.ending, Ending::Completed, "the books balance");
    (steps, sim.roles().clone())
}

fn write_csv(path: &Path, steps: &[(u64, Vec<Tx>)], roles: &Roles) -> u64 {
    let mut file = AtomicFile::create(path).unwrap();
    file.write_all(TX_COLUMNS.as_bytes()).unwrap();
    let mut format = RowFormat::new(roles);
    let mut buf = RowBuf::with_capacity((1 << 20) + 65536);
    for (step, txs) in steps {
        format.rows(*step, txs, &mut buf);
        if buf.len() >= 1 << 20 {
            file.write_all(buf.as_bytes()).unwrap();
            buf.clear();
        }
    }
    file.write_all(buf.as_bytes()).unwrap();
    file.commit().unwrap().bytes
}

fn write_parquet(path: &Path, steps: &[(u64, Vec<Tx>)], roles: &Roles, options: ParquetOptions) -> u64 {
    let mut batcher = TxBatcher::new(roles);
    let mut file = ParquetFile::with_options(AtomicFile::create(path).unwrap(), batcher.schema(), options).unwrap();
    for (step, txs) in steps {
        batcher.push(*step, txs).unwrap();
        file.write(&batcher.take_batch().unwrap()).unwrap();
    }
    file.stage().unwrap().persist().unwrap().bytes
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn timed(runs: usize, mut write: impl FnMut() -> u64) -> (u64, f64) {
    let mut bytes = 0;
    let times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            bytes = write();
            t.elapsed().as_secs_f64()
        })
        .collect();
    (bytes, median(times))
}

/// `--describe FILE`: each column's encodings and its compressed and uncompressed size in
/// the whole file.
fn describe(path: &Path) {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    let meta = reader.metadata();
    println!("{} row groups, {} rows", meta.num_row_groups(), meta.file_metadata().num_rows());
    let first = meta.row_group(0);
    for i in 0..first.num_columns() {
        let (mut packed, mut raw) = (0, 0);
        for g in meta.row_groups() {
            packed += g.column(i).compressed_size();
            raw += g.column(i).uncompressed_size();
        }
        let c = first.column(i);
        let encodings: Vec<String> = c.encodings().map(|e| format!("{e:?}")).collect();
        println!(
            "{:<12} {:<22} {:>7.1} MB of {:>7.1} MB  {}",
            c.column_path().string(),
            format!("{:?}", c.column_type()),
            packed as f64 / 1e6,
            raw as f64 / 1e6,
            encodings.join(",")
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    if let Some(file) = value("--describe") {
        describe(Path::new(&file));
        return;
    }
    let runs: usize = value("--runs").and_then(|r| r.parse().ok()).unwrap_or(3);
    let only: Option<(usize, i32)> = value("--only").and_then(|o| {
        let (g, z) = o.split_once(':')?;
        Some((g.parse().ok()?, z.parse().ok()?))
    });
    let (steps, roles) = default_run();
    let rows: usize = steps.iter().map(|(_, t)| t.len()).sum();
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    // `--keep DIR` writes there instead, and leaves the files.
    let kept = value("--keep").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(dir.path());
    println!("{rows} rows; median of {runs} runs");
    let csv = dir.join("transaction_history.csv");
    let (bytes, secs) = timed(runs, || write_csv(&csv, &steps, &roles));
    println!("csv                               {:>8.1} MB  {secs:.3} s", bytes as f64 / 1e6);
    let configs: Vec<(usize, i32)> = match only {
        Some(c) => vec![c],
        None => {
            let groups = [16 * 1024, 64 * 1024, 128 * 1024, 256 * 1024, 1024 * 1024];
            groups.into_iter().flat_map(|g| [1, 3, 6].map(|z| (g, z))).collect()
        }
    };
    let parquet = dir.join("transaction_history.parquet");
    for (row_group_rows, zstd_level) in configs {
        let options = ParquetOptions { row_group_rows, zstd_level };
        let (bytes, secs) = timed(runs, || write_parquet(&parquet, &steps, &roles, options));
        println!(
            "parquet row groups {row_group_rows:>7} zstd {zstd_level:>2} {:>8.1} MB  {secs:.3} s",
            bytes as f64 / 1e6
        );
    }
    std::io::stdout().flush().unwrap();
}
