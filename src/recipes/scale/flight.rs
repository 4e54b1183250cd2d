//! The stream's tasks in flight, which `Task.async_stream`'s `max_concurrency` bounds, and the
//! pings the counters exchange: the scale recipe's figures, folded from the trace.

use rustc_hash::FxHashSet;

use super::scenario::ITEM;
use crate::model::fold::Fold;
use crate::runtime::prelude::*;

/// Item tasks started, running and finished, the most that ran at once, and pings received.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flight {
    running: FxHashSet<Pid>,
    started: u64,
    finished: u64,
    peak: usize,
    pings: u64,
}

impl Flight {
    pub fn started(&self) -> u64 {
        self.started
    }

    pub fn finished(&self) -> u64 {
        self.finished
    }

    /// Item tasks running now.
    pub fn in_flight(&self) -> usize {
        self.running.len()
    }

    /// The most item tasks that ran at once.
    pub fn peak(&self) -> usize {
        self.peak
    }

    pub fn pings(&self) -> u64 {
        self.pings
    }
}

impl Fold for Flight {
    fn apply(&mut self, e: &Event) {
        match &e.kind {
            EventKind::Spawn { name, behaviour: Behaviour::Task, .. } if *name == ITEM => {
                self.running.insert(e.pid);
                self.started += 1;
                self.peak = self.peak.max(self.running.len());
            }
            EventKind::Exit { .. } if self.running.remove(&e.pid) => self.finished += 1,
            EventKind::Receive { label, .. } if *label == "ping" => self.pings += 1,
            _ => {}
        }
    }

    fn weight(&self) -> usize {
        self.running.len()
    }
}
