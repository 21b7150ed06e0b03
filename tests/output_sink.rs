//! A new output format is one file: this one defines a JSON-lines sink of the run driver (one
//! JSON object per step, every metric column by name, amounts as exact decimal text, as the
//! CSV writes them) and runs it through `App::run_with`, the binary's run, beside the CSV. Its lines hold exactly the
//! cells of `simulation_data.csv`, and it writes nothing the driver did not hand it: a failing
//! sink ends the run with its error.

mod support;

use std::io::Write;

use grassroot::App;
use grassroot::cli::RunArgs;
use grassroot::report::Outcome;
use grassroot::sim::driver::{Run, SinkError};
use grassroot::sim::{Simulation, Sink, Value};
use support::{Table, quiet_run};

/// The new format: `series.jsonl`, one object per step.
struct JsonLines<W: Write> {
    out: W,
    steps: u64,
}

impl<W: Write> Sink for JsonLines<W> {
    fn record(&mut self, sim: &mut Simulation) -> Result<(), SinkError> {
        let row = sim.metrics();
        let mut object = serde_json::Map::new();
        for (name, value) in row.names().iter().zip(row.values()) {
            let cell = match *value {
                Value::Empty => serde_json::Value::Null,
                Value::Wad(w) => serde_json::Value::String(w.pointed().as_str().to_owned()),
                Value::Int(n) => serde_json::Value::from(n),
                Value::F64(x) => serde_json::Value::from(x),
            };
            object.insert(name.clone(), cell);
        }
        serde_json::to_writer(&mut self.out, &object)?;
        self.out.write_all(b"\n")?;
        self.steps += 1;
        Ok(())
    }

    fn end(&mut self, _sim: &Simulation, run: &Run) -> Result<(), SinkError> {
        assert_eq!(run.steps, self.steps, "the driver ends with the steps it handed over");
        Ok(self.out.flush()?)
    }
}

fn args(out: &std::path::Path, steps: u64) -> RunArgs {
    RunArgs { set: vec!["PLOT=off".to_owned()], ..quiet_run(out, steps) }
}

#[test]
fn a_sink_defined_in_one_file_writes_every_cell_of_the_csv() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut sink = JsonLines { out: Vec::new(), steps: 0 };
    let (_, report) = App::datadao()
        .run_with(&args(&dir.path().join("out"), 30), vec![&mut sink as &mut dyn Sink])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.outcome(), &Outcome::Completed);
    let csv = Table::read(&dir.path().join("out/simulation_data.csv"));
    let lines: Vec<serde_json::Map<String, serde_json::Value>> = String::from_utf8_lossy(&sink.out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 30);
    for (line, row) in lines.iter().zip(&csv.rows) {
        assert_eq!(line.keys().count(), csv.header.len());
        for (name, cell) in csv.header.iter().zip(row) {
            let text = match &line[name] {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let same = text == *cell || within_an_ulp(&text, cell);
            assert!(same, "step {}, {name}: the sink wrote {text}, the CSV {cell}", csv.cell(row, "step"));
        }
    }
}

/// Two real numbers' texts that are the same `f64` or neighbours: serde_json's default number
/// parser (without its `float_roundtrip` feature) may read the last bit differently from the
/// text the sink wrote, which is the CSV's shortest round-trip text.
fn within_an_ulp(a: &str, b: &str) -> bool {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.to_bits().abs_diff(y.to_bits()) <= 1,
        _ => false,
    }
}

/// A writer that fails after `left` bytes: a full disk for the new format.
struct Full {
    left: usize,
}

impl Write for Full {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() > self.left {
            return Err(std::io::Error::other("no space left on the test's device"));
        }
        self.left -= buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_sink_that_fails_ends_the_run_with_its_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut sink = JsonLines { out: Full { left: 5_000 }, steps: 0 };
    let error = App::seed()
        .run_with(&args(&dir.path().join("out"), 30), vec![&mut sink as &mut dyn Sink])
        .err()
        .unwrap_or_else(|| panic!("a sink that cannot write let the run complete"));
    assert!(error.to_string().contains("no space left on the test's device"), "{error}");
    assert!(sink.steps > 0 && sink.steps < 30, "the sink took {} steps", sink.steps);
}
