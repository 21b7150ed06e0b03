//! `grassroot.run(on_row=...)`: the run's metric rows handed to a Python callable while the run
//! goes on. The run sends them through the report crate's [`RowChannel`] (a sink of the run
//! driver); [`RowFeed`] reads that channel on the calling thread, where the GIL is, each time the
//! watcher wakes ([`crate::watch::supervise`]), and calls the callable with one `dict` per step:
//! column name to value (an amount as `decimal.Decimal`, exact; a count as `int`; a real number
//! as `float`; an empty cell as `None`).

use std::sync::mpsc::Receiver;

use grassroot_report::{Message, RowChannel};
use grassroot_sim::Value;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Messages the run may send ahead of the callable before it waits for it.
const AHEAD: usize = 8192;

/// The reading end of a run's rows and the callable that takes them.
pub struct RowFeed {
    receiver: Option<Receiver<Message>>,
    callback: Py<PyAny>,
    columns: Vec<String>,
}

impl RowFeed {
    /// The sink to add to the run, and the feed that hands its rows to `callback`.
    pub fn new(callback: Py<PyAny>) -> (RowChannel, RowFeed) {
        let (channel, receiver) = RowChannel::new(AHEAD);
        (channel, RowFeed { receiver: Some(receiver), callback, columns: Vec::new() })
    }

    /// Calls the callable with every row sent so far; its exception is returned (and the feed
    /// closed).
    pub fn feed(&mut self, py: Python<'_>) -> PyResult<()> {
        let fed = self.take_rows(py);
        if fed.is_err() {
            self.close();
        }
        fed
    }

    fn take_rows(&mut self, py: Python<'_>) -> PyResult<()> {
        let Some(receiver) = &self.receiver else { return Ok(()) };
        let decimal = py.import("decimal")?.getattr("Decimal")?;
        while let Ok(message) = receiver.try_recv() {
            match message {
                Message::Columns(columns) => self.columns = columns.iter().map(|c| c.name().to_owned()).collect(),
                Message::Row { values, .. } => {
                    let row = PyDict::new(py);
                    for (name, value) in self.columns.iter().zip(values) {
                        match value {
                            Value::Empty => row.set_item(name, py.None())?,
                            Value::Wad(w) => row.set_item(name, decimal.call1((w.to_string(),))?)?,
                            Value::Int(n) => row.set_item(name, n)?,
                            Value::F64(x) => row.set_item(name, x)?,
                        }
                    }
                    self.callback.call1(py, (row,))?;
                }
                Message::End { .. } => {}
            }
        }
        Ok(())
    }

    /// Stops reading: the run, finding no reader, ends at its next step boundary.
    pub fn close(&mut self) {
        self.receiver = None;
    }
}
