//! What writing the CSV outputs with the `csv` crate's [`csv::Writer`] costs against the hand
//! writers of `grassroot_report::cells`, on real rows: `simulation_data.csv` (2000 steps of the
//! seed scenario), `transaction_history.csv` (the transactions of its first 400 steps) and
//! `sweep_series.csv` rows of `examples/sweep.toml` at 50 steps (synthetic statistics).
//!
//! Both writers format the same cells with the same functions; the `csv` one then hands them
//! to a `csv::Writer` as byte fields of a reused `ByteRecord` (`QuoteStyle::Necessary`, the
//! default), the hand one joins them with commas itself. Both write into a 1 MiB buffer over
//! a sink that discards the bytes, as the outputs go to a 1 MiB buffer over a file; the two
//! must give the same bytes, and the harness checks that they do.
//!
//! Run: `cargo bench --bench csv_write` (prints the median of 9 runs, in ns per row). Under a
//! loaded machine, count instructions instead:
//! `valgrind --tool=callgrind target/release/deps/csv_write-* --one hand|csv`.

#![allow(clippy::print_stdout, reason = "a benchmark harness reports on stdout")]

use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::time::Instant;

use grassroot::config::Params;
use grassroot::report::cells::{Line, Real, RowBuf, push_f64, push_text, push_u64, push_value};
use grassroot::report::transactions::RowFormat;
use grassroot::sim::driver::{Driver, Ending, each_step};
use grassroot::sim::{Roles, Simulation, Tx, Value};
use grassroot::sweep::Grid;
use grassroot::sweep::stats::Summary;
use grassroot::sweep::table::{series_columns, series_header};

/// Runs of each writer; the median is reported.
const RUNS: usize = 9;
/// The buffer between a writer and its file.
const BUFFER: usize = 1 << 20;

/// A file that keeps only a hash-like tally of what it is given (so nothing is optimised away).
#[derive(Default)]
struct Discard {
    bytes: u64,
    tally: u64,
}

impl Write for Discard {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes += buf.len() as u64;
        self.tally = self.tally.wrapping_mul(31).wrapping_add(u64::from(buf.first().copied().unwrap_or(0)));
        black_box(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A sink that keeps every byte, to compare the writers' outputs.
fn collect(write: impl FnOnce(&mut dyn Write)) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out);
    out
}

fn csv_writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().buffer_capacity(BUFFER).quote_style(csv::QuoteStyle::Necessary).from_writer(w)
}

/// What the seed scenario gives to write.
struct SeedRows {
    /// The metric columns.
    names: Vec<String>,
    /// The metric rows of every step.
    rows: Vec<Vec<Value>>,
    /// The transactions of the first steps, by step.
    txs: Vec<(u64, Vec<Tx>)>,
    /// The role names, as cells.
    roles: Vec<Vec<u8>>,
    /// The roles themselves.
    role_table: Roles,
}

/// The metric rows of the seed scenario's first `steps` steps, and its transactions of the
/// first `tx_steps` steps.
fn seed_rows(steps: u64, tx_steps: u64) -> SeedRows {
    let mut p = Params::seed_defaults();
    p.total_steps = steps;
    p.tx_log = true;
    let mut sim = grassroot::seed_simulation(&p).expect("the seed scenario builds");
    let mut rows = Vec::new();
    let mut txs = Vec::new();
    let mut record = each_step(|sim: &mut Simulation| {
        let step = sim.next_step() - 1;
        rows.push(sim.metrics().values().to_vec());
        let t = sim.take_transactions(Vec::new());
        if step < tx_steps {
            txs.push((step, t));
        }
    });
    let run = Driver::new().sink(&mut record).run(&mut sim).expect("the rows are kept");
    assert_eq!(run.ending, Ending::Completed, "the books balance");
    let roles = sim
        .roles()
        .iter()
        .map(|(_, r)| {
            let mut v = Vec::new();
            push_text(&mut v, &r.name);
            v
        })
        .collect();
    SeedRows { names: sim.metrics().names().to_vec(), rows, txs, roles, role_table: sim.roles().clone() }
}

fn hand_series(out: &mut dyn Write, names: &[String], rows: &[Vec<Value>]) {
    let mut out = BufWriter::with_capacity(BUFFER, out);
    let mut line = Vec::with_capacity(4096);
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        push_text(&mut line, name);
    }
    line.push(b'\n');
    out.write_all(&line).expect("written");
    for row in rows {
        line.clear();
        for (i, v) in row.iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            push_value(&mut line, *v);
        }
        line.push(b'\n');
        out.write_all(&line).expect("written");
    }
    out.flush().expect("flushed");
}

fn csv_series(out: &mut dyn Write, names: &[String], rows: &[Vec<Value>]) {
    let mut w = csv_writer(BufWriter::with_capacity(BUFFER, out));
    w.write_record(names).expect("written");
    let mut record = csv::ByteRecord::new();
    let mut cell = Vec::with_capacity(64);
    for row in rows {
        record.clear();
        for v in row {
            cell.clear();
            push_value(&mut cell, *v);
            record.push_field(&cell);
        }
        w.write_byte_record(&record).expect("written");
    }
    w.flush().expect("flushed");
}

const TX_HEADER: &str = "step,agent_id,role,action,ddt,xdai,lp,ddt_after,xdai_after,lp_after,price_after\n";

/// The transaction log's own formatter (`grassroot_report::transactions::RowFormat`), written
/// in chunks as the log writes them.
fn hand_txs(out: &mut dyn Write, txs: &[(u64, Vec<Tx>)], roles: &Roles) {
    let mut out = BufWriter::with_capacity(BUFFER, out);
    out.write_all(TX_HEADER.as_bytes()).expect("written");
    let mut format = RowFormat::new(roles);
    let mut buf = RowBuf::with_capacity(BUFFER + 65536);
    for (step, txs) in txs {
        format.rows(*step, txs, &mut buf);
        if buf.len() >= BUFFER {
            out.write_all(buf.as_bytes()).expect("written");
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes()).expect("written");
    out.flush().expect("flushed");
}

/// The same rows through a `csv::Writer`: each cell formatted by the same [`Line`] (the fastest
/// cell writer there is), pushed as a field of a reused record.
fn csv_txs(out: &mut dyn Write, txs: &[(u64, Vec<Tx>)], roles: &[Vec<u8>]) {
    let mut w = csv_writer(BufWriter::with_capacity(BUFFER, out));
    w.write_record(TX_HEADER.trim_end().split(',')).expect("written");
    let mut record = csv::ByteRecord::new();
    let mut cell = Line::default();
    let mut price = Real::default();
    let mut price_cell = Line::default();
    for (step, txs) in txs {
        let mut step_cell = Line::default();
        step_cell.count(*step);
        for tx in txs {
            record.clear();
            record.push_field(step_cell.as_bytes());
            cell.clear();
            cell.count(u64::from(tx.agent.0));
            record.push_field(cell.as_bytes());
            record.push_field(roles.get(tx.role.index()).map_or(&b"?"[..], Vec::as_slice));
            record.push_field(tx.action.name().as_bytes());
            for d in [tx.ddt, tx.xdai, tx.lp] {
                cell.clear();
                cell.delta(d);
                record.push_field(cell.as_bytes());
            }
            for a in [tx.after.ddt, tx.after.xdai, tx.after.lp] {
                cell.clear();
                cell.wad(a);
                record.push_field(cell.as_bytes());
            }
            price.set(tx.price_after);
            price_cell.clear();
            price_cell.real(&price);
            record.push_field(price_cell.as_bytes());
            w.write_byte_record(&record).expect("written");
        }
    }
    w.flush().expect("flushed");
}

/// The sweep's grid, and per (grid point, step) the summaries of its six series metrics.
struct SweepRows {
    grid: Grid,
    series: Vec<String>,
    rows: Vec<(u64, usize, Vec<Summary>)>,
}

fn sweep_rows() -> SweepRows {
    let grid = Grid::new().vary("FEE_RATE", ["0.001", "0.003", "0.01"]).vary("AGENTS_PER_ENTRY", ["10", "20", "30"]);
    let series: Vec<String> = grassroot::sweep::DEFAULT_SERIES.iter().map(|s| (*s).to_owned()).collect();
    let mut scratch = Vec::new();
    let mut rows = Vec::new();
    let mut x = 0.123_456_789_f64;
    for g in 0..9 {
        for step in 0..50 {
            let stats = (0..series.len())
                .map(|_| {
                    let values: Vec<f64> = (0..8)
                        .map(|_| {
                            x = (x * 3.987_654_321).fract() + 1e-3;
                            x * 1000.0
                        })
                        .collect();
                    Summary::of(values.into_iter(), &mut scratch)
                })
                .collect();
            rows.push((g, step, stats));
        }
    }
    SweepRows { grid, series, rows }
}

/// The sweep's former hand writer of `sweep_series.csv` rows (the grid's values are plain
/// numbers here, written as they are).
fn hand_sweep(out: &mut dyn Write, s: &SweepRows) {
    let mut out = BufWriter::with_capacity(BUFFER, out);
    out.write_all(&series_header(&s.grid, &s.series)).expect("written");
    let mut buf = Vec::new();
    for (g, step, stats) in &s.rows {
        push_u64(&mut buf, *g);
        for (_, value) in s.grid.point(*g) {
            buf.push(b',');
            push_text(&mut buf, value);
        }
        buf.push(b',');
        push_u64(&mut buf, *step as u64);
        buf.push(b',');
        push_u64(&mut buf, 8);
        for x in stats.iter().flat_map(Summary::cells) {
            buf.push(b',');
            push_f64(&mut buf, x);
        }
        buf.push(b'\n');
    }
    out.write_all(&buf).expect("written");
    out.flush().expect("flushed");
}

/// The same rows as `grassroot_sweep::table::write_series_row` writes them.
fn csv_sweep(out: &mut dyn Write, s: &SweepRows) {
    let mut w = csv_writer(BufWriter::with_capacity(BUFFER, out));
    w.write_record(series_columns(&s.grid, &s.series)).expect("written");
    let mut record = csv::ByteRecord::new();
    let mut cell = Vec::new();
    let mut field = |record: &mut csv::ByteRecord, f: &dyn Fn(&mut Vec<u8>)| {
        cell.clear();
        f(&mut cell);
        record.push_field(&cell);
    };
    for (g, step, stats) in &s.rows {
        record.clear();
        field(&mut record, &|c| push_u64(c, *g));
        for (_, value) in s.grid.point(*g) {
            // The grid's values are plain numbers here: the cell is the value as written.
            field(&mut record, &|c| c.extend_from_slice(value.as_bytes()));
        }
        field(&mut record, &|c| push_u64(c, *step as u64));
        field(&mut record, &|c| push_u64(c, 8));
        for x in stats.iter().flat_map(Summary::cells) {
            field(&mut record, &|c| push_f64(c, x));
        }
        w.write_byte_record(&record).expect("written");
    }
    w.flush().expect("flushed");
}

/// The median of `RUNS` timings of `f`, in nanoseconds.
fn median_ns(mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e9
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[RUNS / 2]
}

/// `--log STEPS`: the pieces of writing the log of a whole run of `STEPS` steps, each timed
/// alone (median of `RUNS`): formatting every row, hashing the bytes with BLAKE3, and writing
/// them to a file (in 1 MiB chunks, in the system's temporary folder).
fn log_pieces(steps: u64) {
    let SeedRows { txs, role_table, .. } = seed_rows(steps, steps);
    let rows: usize = txs.iter().map(|(_, t)| t.len()).sum();
    let mut bytes = Vec::new();
    hand_txs(&mut bytes, &txs, &role_table);
    let ms = |ns: f64| ns / 1e6;
    let format = median_ns(|| hand_txs(&mut Discard::default(), &txs, &role_table));
    let hash = median_ns(|| {
        let mut h = blake3::Hasher::new();
        for chunk in bytes.chunks(BUFFER) {
            h.update(chunk);
        }
        black_box(h.finalize());
    });
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("transaction_history.csv");
    let write = median_ns(|| {
        let mut f = std::fs::File::create(&path).expect("created");
        for chunk in bytes.chunks(BUFFER) {
            f.write_all(chunk).expect("written");
        }
        drop(f);
        std::fs::remove_file(&path).expect("removed");
    });
    println!(
        "transaction_history.csv of {steps} steps: {rows} rows, {} B; format {:.1} ms ({:.1} ns/row), \
         BLAKE3 {:.1} ms, write {:.1} ms",
        bytes.len(),
        ms(format),
        format / rows as f64,
        ms(hash),
        ms(write)
    );
}

fn main() {
    if let Some(steps) = std::env::args().skip_while(|a| a != "--log").nth(1) {
        log_pieces(steps.parse().expect("--log STEPS: a number of steps"));
        return;
    }
    let one = std::env::args().skip_while(|a| a != "--one").nth(1);
    let SeedRows { names, rows, txs, roles, role_table } = seed_rows(2000, 400);
    let sweep = sweep_rows();
    let tx_rows: usize = txs.iter().map(|(_, t)| t.len()).sum();
    let same = |what: &str, a: Vec<u8>, b: Vec<u8>| {
        assert!(a == b, "{what}: the csv writer's bytes differ from the hand writer's");
        a.len()
    };
    let n = same(
        "simulation_data.csv",
        collect(|o| hand_series(o, &names, &rows)),
        collect(|o| csv_series(o, &names, &rows)),
    );
    let m = same(
        "transaction_history.csv",
        collect(|o| hand_txs(o, &txs, &role_table)),
        collect(|o| csv_txs(o, &txs, &roles)),
    );
    let k = same("sweep_series.csv", collect(|o| hand_sweep(o, &sweep)), collect(|o| csv_sweep(o, &sweep)));
    println!("same bytes: simulation_data {n} B, transaction_history {m} B, sweep_series {k} B");
    if let Some(which) = one {
        // One pass of one writer over every table, for callgrind.
        let mut sink = Discard::default();
        if which == "csv" {
            csv_series(&mut sink, &names, &rows);
            csv_txs(&mut sink, &txs, &roles);
            csv_sweep(&mut sink, &sweep);
        } else {
            hand_series(&mut sink, &names, &rows);
            hand_txs(&mut sink, &txs, &role_table);
            hand_sweep(&mut sink, &sweep);
        }
        println!("{which}: {} bytes ({})", sink.bytes, sink.tally);
        return;
    }
    let report = |what: &str, rows: usize, hand: f64, csv: f64| {
        println!(
            "{what:<24} {rows:>8} rows  hand {:>8.1} ns/row  csv::Writer {:>8.1} ns/row  ratio {:.2}  (+{:.3} ms per file)",
            hand / rows as f64,
            csv / rows as f64,
            csv / hand,
            (csv - hand) / 1e6
        );
    };
    let mut sink = Discard::default();
    let hand = median_ns(|| hand_series(&mut sink, &names, &rows));
    let csv = median_ns(|| csv_series(&mut sink, &names, &rows));
    report("simulation_data.csv", rows.len(), hand, csv);
    let hand = median_ns(|| hand_txs(&mut sink, &txs, &role_table));
    let csv = median_ns(|| csv_txs(&mut sink, &txs, &roles));
    report("transaction_history.csv", tx_rows, hand, csv);
    let hand = median_ns(|| hand_sweep(&mut sink, &sweep));
    let csv = median_ns(|| csv_sweep(&mut sink, &sweep));
    report("sweep_series.csv", sweep.rows.len(), hand, csv);
    black_box(sink.tally);
}
