//! [`RowChannel`]: a run's metric rows sent step by step to another thread, which reads them
//! while the run goes on (a dashboard's live stream, a notebook's live plot). A sink of the run
//! driver: the channel is bounded, so a reader that falls behind slows the run instead of
//! letting rows pile up, and a reader that goes away ends the run at the next step boundary as
//! `interrupted`.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use grassroot_sim::driver::{Run, Sink, SinkError};
use grassroot_sim::{Column, Simulation, Value};

use crate::manifest::Outcome;

/// What the reader of a [`RowChannel`] receives, in this order: the columns, one row per step,
/// the end.
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    /// The metric columns, as declared, before the first row.
    Columns(Vec<Column>),
    /// One step's metric row, in column order.
    Row {
        /// The step.
        step: u64,
        /// Its values.
        values: Vec<Value>,
    },
    /// The run ended.
    End {
        /// Steps computed.
        steps: u64,
        /// How it ended.
        outcome: Outcome,
    },
}

/// The sending end: a [`Sink`] that sends each step's metric row (see the module doc).
#[derive(Debug)]
pub struct RowChannel {
    sender: SyncSender<Message>,
    started: bool,
    gone: bool,
}

impl RowChannel {
    /// A channel holding up to `capacity` messages the reader has not taken yet, and its
    /// reading end.
    pub fn new(capacity: usize) -> (RowChannel, Receiver<Message>) {
        let (sender, receiver) = sync_channel(capacity);
        (RowChannel { sender, started: false, gone: false }, receiver)
    }

    fn send(&mut self, message: Message) {
        if !self.gone && self.sender.send(message).is_err() {
            self.gone = true;
        }
    }
}

impl Sink for RowChannel {
    fn record(&mut self, sim: &mut Simulation) -> Result<(), SinkError> {
        let row = sim.metrics();
        if !self.started {
            self.started = true;
            let columns = row.names().iter().zip(row.kinds()).map(|(name, kind)| Column::new(name.clone(), *kind));
            self.send(Message::Columns(columns.collect()));
        }
        let step = sim.next_step().saturating_sub(1);
        let values = sim.metrics().values().to_vec();
        self.send(Message::Row { step, values });
        Ok(())
    }

    fn wants_more(&self) -> bool {
        !self.gone
    }

    fn end(&mut self, sim: &Simulation, run: &Run) -> Result<(), SinkError> {
        self.send(Message::End { steps: run.steps, outcome: Outcome::of_run(sim, &run.ending) });
        Ok(())
    }
}
