//! Event-log lines (the `:dbg` / `:sys.trace` printout): one readable line per trace event.

use crate::runtime::prelude::*;

fn who(pid: Pid) -> String {
    if pid == OUTSIDE { "you".to_string() } else { pid.to_string() }
}

/// A one-line description of an event, without its time.
///
/// ```
/// use tasklane::runtime::prelude::*;
/// use tasklane::model::log::describe;
/// let reason = ExitReason::timeout("Task", "await", [Term::Pid(Pid(3)), Term::Int(100)]);
/// let e = Event { seq: 3, at: 40, pid: Pid(2), kind: EventKind::Exit { reason } };
/// assert_eq!(describe(&e), "#PID<0.2.0> exited: {:timeout, {Task, :await, [#PID<0.3.0>, 100]}}");
/// ```
pub fn describe(e: &Event) -> String {
    let me = who(e.pid);
    match &e.kind {
        EventKind::Spawn { parent, name, behaviour } => match parent {
            Some(p) => format!("{me} spawned by {} as {name} ({})", who(*p), behaviour.as_str()),
            None => format!("{me} started as {name} ({})", behaviour.as_str()),
        },
        EventKind::Exit { reason } => format!("{me} exited: {reason}"),
        EventKind::Send { to, label, kind } => format!("{me} sent {label} ({}) to {}", kind.as_str(), who(*to)),
        EventKind::Receive { from, label, kind } => {
            let from = from.map_or_else(|| "you".to_string(), who);
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

/// The pids an event involves (the log's process filter keeps an event if any of them matches).
pub fn involves(e: &Event) -> Vec<Pid> {
    let mut pids = vec![e.pid];
    match &e.kind {
        EventKind::Spawn { parent: Some(p), .. } => pids.push(*p),
        EventKind::Send { to, .. } | EventKind::TimerSet { to, .. } => pids.push(*to),
        EventKind::Receive { from: Some(p), .. } => pids.push(*p),
        EventKind::Link { other } | EventKind::Unlink { other } => pids.push(*other),
        EventKind::Monitor { target, .. } | EventKind::Down { target, .. } => pids.push(*target),
        EventKind::Restart { old, new, .. } => pids.extend([*old, *new]),
        _ => {}
    }
    pids
}
