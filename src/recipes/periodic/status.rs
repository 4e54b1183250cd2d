//! A ticker's card (what `:sys.get_state/1` and the trace would tell about one periodic GenServer): its ticks, pending timer, last cancel and restarts.

use super::scenario::CancelReturnedFalse;
use crate::runtime::prelude::*;

/// What a ticker's card shows, read from the trace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TickerStatus {
    /// Virtual times of its `:work` ticks (across restarts).
    pub ticks: Vec<u64>,
    /// The pending timer's deadline, if one is set.
    pub pending: Option<u64>,
    /// What the last `cancel_timer` returned: `Some(ms)`, or `None` for `false`.
    pub last_cancel: Option<Option<u64>>,
    pub restarts: usize,
    pub alive: bool,
}

/// The status of the ticker called `name` after `events`.
pub fn ticker_status<'a>(events: impl IntoIterator<Item = &'a Event>, name: &str) -> TickerStatus {
    let mut status = TickerStatus::default();
    let mut pids: Vec<Pid> = Vec::new();
    let mut pending: Option<(Ref, u64)> = None;
    let mut cancelling = false;
    for e in events {
        match &e.kind {
            EventKind::Spawn { name: n, .. } if *n == name => {
                pids.push(e.pid);
                status.alive = true;
            }
            EventKind::Restart { child, .. } if *child == name => status.restarts += 1,
            _ if !pids.contains(&e.pid) => {}
            EventKind::Receive { label, .. } if *label == "work" => status.ticks.push(e.at),
            EventKind::Receive { label, kind: MsgKind::Call, .. } if *label == "cancel" => cancelling = true,
            EventKind::TimerSet { timer, label, deadline, .. } if *label == "work" => pending = Some((*timer, *deadline)),
            EventKind::TimerFired { timer, .. } if pending.is_some_and(|(t, _)| t == *timer) => pending = None,
            EventKind::TimerCancelled { timer, remaining } => {
                if pending.is_some_and(|(t, _)| t == *timer) {
                    pending = None;
                }
                if std::mem::take(&mut cancelling) {
                    status.last_cancel = Some(Some(*remaining));
                }
            }
            kind if kind.custom::<CancelReturnedFalse>().is_some() => {
                cancelling = false;
                status.last_cancel = Some(None);
            }
            EventKind::Exit { .. } => {
                status.alive = false;
                pending = None;
            }
            _ => {}
        }
    }
    status.pending = pending.map(|(_, deadline)| deadline);
    status
}
