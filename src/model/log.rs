//! Event-log lines (the `:dbg` / `:sys.trace` printout): one readable line per trace event, and the
//! log's fold (the newest rows, of one process or all).

use std::collections::VecDeque;

use super::fold::Fold;
use crate::runtime::prelude::*;

/// A one-line description of an event, without its time, naming each process as the timeline does
/// (`name #PID<…>`) when `name_of` knows its name, by its pid alone when not.
///
/// ```
/// use tasklane::runtime::prelude::*;
/// use tasklane::model::log::describe;
/// let reason = ExitReason::timeout("Task", "await", [Term::Pid(Pid(3)), Term::Int(100)]);
/// let e = Event { seq: 3, at: 40, pid: Pid(2), kind: EventKind::Exit { reason } };
/// let name_of = |pid: Pid| (pid == Pid(2)).then(|| Atom::from("caller"));
/// assert_eq!(describe(&e, name_of), "caller #PID<0.2.0> exited: {:timeout, {Task, :await, [#PID<0.3.0>, 100]}}");
/// ```
pub fn describe(e: &Event, name_of: impl Fn(Pid) -> Option<Atom>) -> String {
    let who = |pid: Pid| match name_of(pid) {
        _ if pid == OUTSIDE => "you".to_string(),
        Some(name) => format!("{name} {pid}"),
        None => pid.to_string(),
    };
    let me = who(e.pid);
    match &e.kind {
        EventKind::Spawn { parent, name, behaviour } => match parent {
            Some(p) => format!("{} spawned {name} {} ({})", who(*p), e.pid, behaviour.as_str()),
            None => format!("{name} {} started ({})", e.pid, behaviour.as_str()),
        },
        EventKind::Exit { reason } => format!("{me} exited: {reason}"),
        EventKind::Send { to, label, kind } => format!("{me} sent {label} ({}) to {}", kind.as_str(), who(*to)),
        EventKind::Receive { from, label, kind } => {
            let from = from.map_or_else(|| "you".to_string(), &who);
            format!("{me} received {label} ({}) from {from}", kind.as_str())
        }
        EventKind::TimerSet { timer, to, label, deadline } => {
            format!("{me} set timer {timer}: {label} to {} at {deadline} ms", who(*to))
        }
        EventKind::TimerFired { timer, label, .. } => format!("timer {timer} fired: {label} to {me}"),
        EventKind::TimerCancelled { timer, remaining } => {
            format!("{me} cancelled timer {timer} with {remaining} ms left")
        }
        EventKind::Link { other } => format!("{me} linked to {}", who(*other)),
        EventKind::Unlink { other } => format!("{me} unlinked from {}", who(*other)),
        EventKind::Monitor { target, .. } => format!("{me} monitors {}", who(*target)),
        EventKind::Down { target, reason, .. } => format!("{me} got :DOWN for {}: {reason}", who(*target)),
        EventKind::Restart { child, old, new } => format!("{me} restarted {child}: {} → {}", who(*old), who(*new)),
        EventKind::Custom(custom) => format!("{me}: {}", custom.describe()),
    }
}

/// Whether `e` involves `pid`: it happened in it, or names it (as parent, peer, target or child).
pub fn involves(e: &Event, pid: Pid) -> bool {
    e.pid == pid
        || match &e.kind {
            EventKind::Spawn { parent: Some(p), .. } | EventKind::Receive { from: Some(p), .. } => *p == pid,
            EventKind::Send { to, .. } | EventKind::TimerSet { to, .. } => *to == pid,
            EventKind::Link { other } | EventKind::Unlink { other } => *other == pid,
            EventKind::Monitor { target, .. } | EventKind::Down { target, .. } => *target == pid,
            EventKind::Restart { old, new, .. } => *old == pid || *new == pid,
            _ => false,
        }
}

/// Rows the event log shows at most (the newest).
pub const SHOWN: usize = 60;

/// The event log's fold: the newest [`SHOWN`] events (of one process, or all), and how many
/// matching events came before them.
///
/// ```
/// use tasklane::runtime::prelude::*;
/// use tasklane::model::fold::fold;
/// use tasklane::model::log::LogRows;
/// let mut trace = Trace::with_capacity(1000);
/// for i in 0..300 {
///     trace.record(i, Pid(1 + (i as u32 % 2)), EventKind::Link { other: Pid(9) });
/// }
/// let all = fold(LogRows::new(None), trace.events());
/// assert_eq!((all.newest().next().map(|e| e.seq), all.newest().count(), all.earlier()), (Some(299), 60, 240));
/// let second = fold(LogRows::new(Some(Pid(2))), trace.events());
/// assert_eq!((second.newest().count(), second.earlier()), (60, 90));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LogRows {
    only: Option<Pid>,
    rows: VecDeque<Event>,
    matched: u64,
}

impl LogRows {
    /// No rows yet; only events involving `only`, if given.
    pub fn new(only: Option<Pid>) -> Self {
        LogRows { only, rows: VecDeque::with_capacity(SHOWN), matched: 0 }
    }

    /// The rows, newest first.
    pub fn newest(&self) -> impl Iterator<Item = &Event> {
        self.rows.iter().rev()
    }

    /// Matching events before the rows (the trace may have dropped them since).
    pub fn earlier(&self) -> u64 {
        self.matched - self.rows.len() as u64
    }
}

impl Fold for LogRows {
    fn apply(&mut self, e: &Event) {
        if self.only.is_none_or(|pid| involves(e, pid)) {
            if self.rows.len() == SHOWN {
                self.rows.pop_front();
            }
            self.rows.push_back(e.clone());
            self.matched += 1;
        }
    }

    fn weight(&self) -> usize {
        self.rows.len()
    }
}
