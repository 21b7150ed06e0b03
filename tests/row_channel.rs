//! The row channel, a sink of the run driver, end to end through `App` (the binary's run): a
//! thread of its own reads every step's metric row while the run writes its files, and the rows
//! it read are the rows of `simulation_data.csv`; a reader that goes away ends the run.

mod support;

use std::sync::mpsc::Receiver;

use grassroot::App;
use grassroot::report::{Message, Outcome, RowChannel};
use grassroot::sim::{Sink, Value};
use support::{Table, quiet_run};

/// The CSV cell of `value`, as `simulation_data.csv` holds it.
fn same_cell(value: Value, cell: &str) -> bool {
    match value {
        Value::Empty => cell.is_empty(),
        Value::Wad(w) => cell.parse::<grassroot::amm::Wad>().is_ok_and(|c| c == w),
        Value::Int(n) => cell.parse::<u64>().is_ok_and(|c| c == n),
        Value::F64(x) => cell.parse::<f64>().is_ok_and(|c| c.to_bits() == x.to_bits()),
    }
}

fn read_all(receiver: Receiver<Message>) -> Vec<Message> {
    receiver.iter().collect()
}

#[test]
fn a_reader_on_another_thread_gets_every_row_of_the_csv_then_the_end() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut channel, receiver) = RowChannel::new(4);
    let reader = std::thread::spawn(move || read_all(receiver));
    let (_, report) = App::seed()
        .run_with(&quiet_run(dir.path(), 40), vec![&mut channel as &mut dyn Sink])
        .unwrap_or_else(|e| panic!("{e}"));
    drop(channel);
    let messages = reader.join().unwrap_or_else(|_| panic!("the reader panicked"));
    assert_eq!(report.outcome(), &Outcome::Completed);

    let csv = Table::read(&dir.path().join("simulation_data.csv"));
    let Some(Message::Columns(columns)) = messages.first() else { panic!("no columns first: {:?}", messages.first()) };
    let names: Vec<&str> = columns.iter().map(|c| c.name()).collect();
    assert_eq!(names, csv.header.iter().map(String::as_str).collect::<Vec<_>>());
    let rows: Vec<(u64, &Vec<Value>)> = messages[1..messages.len() - 1]
        .iter()
        .map(|m| match m {
            Message::Row { step, values } => (*step, values),
            other => panic!("not a row: {other:?}"),
        })
        .collect();
    assert_eq!(rows.len(), 40);
    for ((step, values), line) in rows.iter().zip(&csv.rows) {
        assert_eq!(csv.cell(line, "step"), step.to_string());
        for ((value, cell), name) in values.iter().zip(line).zip(&csv.header) {
            assert!(same_cell(*value, cell), "step {step}, column {name}: sent {value:?}, written {cell:?}");
        }
    }
    assert_eq!(messages.last(), Some(&Message::End { steps: 40, outcome: Outcome::Completed }));
}

#[test]
fn a_reader_that_goes_away_ends_the_run_as_interrupted_with_its_files() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut channel, receiver) = RowChannel::new(4);
    drop(receiver);
    let (sim, report) = App::seed()
        .run_with(&quiet_run(dir.path(), 40), vec![&mut channel as &mut dyn Sink])
        .unwrap_or_else(|e| panic!("{e}"));
    // The first row finds no reader; the run stops at the next step boundary.
    assert_eq!((report.outcome(), sim.next_step()), (&Outcome::Interrupted, 1));
    assert_eq!(Table::read(&dir.path().join("simulation_data.csv")).rows.len(), 1);
}
