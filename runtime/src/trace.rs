//! The trace (`:sys.trace` / `:dbg` counterpart): every spawn, exit, message and timer, on virtual time.

use std::any::Any;
use std::collections::VecDeque;
use std::fmt::{self, Write as _};
use std::rc::Rc;

use super::atom::Atom;
use super::exit::ExitReason;
use super::pid::{Behaviour, Pid, Ref};

/// How a message was sent, derived from its shape as OTP's behaviours shape it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MsgKind {
    /// `{:"$gen_call", from, request}`: `GenServer.call/3`.
    Call,
    /// `{:"$gen_cast", request}`: `GenServer.cast/2`.
    Cast,
    /// `{ref, reply}`: a reply to a call or a task's result.
    Reply,
    /// Anything else: a plain message, handled by `handle_info/2`.
    Info,
}

impl MsgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MsgKind::Call => "call",
            MsgKind::Cast => "cast",
            MsgKind::Reply => "reply",
            MsgKind::Info => "info",
        }
    }
}

/// An event a recipe or a behaviour defines for itself (a cache hit, a frame received, a
/// supervisor giving up), recorded without a variant in [`EventKind`]. Views find it by type with
/// [`EventKind::custom`]; the event log shows [`Custom::describe`].
///
/// ```
/// use std::fmt::Write as _;
/// use tasklane_runtime::trace::{Custom, EventKind, Trace};
/// use tasklane_runtime::pid::Pid;
///
/// #[derive(Debug)]
/// struct CacheHit { key: i64 }
///
/// impl Custom for CacheHit {
///     fn name(&self) -> &'static str { "cache_hit" }
///     fn describe(&self) -> String { format!("cache hit for {}", self.key) }
///     fn write_json(&self, out: &mut String) { let _ = write!(out, ",\"key\":{}", self.key); }
/// }
///
/// let mut trace = Trace::with_capacity(8);
/// trace.record(0, Pid(1), EventKind::custom_event(CacheHit { key: 7 }));
/// let event = trace.events().next().unwrap();
/// assert_eq!(event.kind.custom::<CacheHit>().map(|hit| hit.key), Some(7));
/// assert!(trace.to_json().contains(r#""kind":"cache_hit","key":7"#));
/// ```
pub trait Custom: Any + fmt::Debug {
    /// One lowercase word: the JSON `kind` field.
    fn name(&self) -> &'static str;
    /// What the event log says after the process, such as `cache hit for 7`.
    fn describe(&self) -> String;
    /// The event's own JSON fields, each written as `,"field":value`.
    fn write_json(&self, _out: &mut String) {}
}

/// A recorded [`Custom`] event; equal when the kind and the JSON fields are.
#[derive(Clone)]
pub struct CustomEvent(Rc<dyn Custom>);

impl CustomEvent {
    /// The event as its own type, if it is a `T`.
    pub fn get<T: Custom>(&self) -> Option<&T> {
        let any: &dyn Any = &*self.0;
        any.downcast_ref::<T>()
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    pub fn describe(&self) -> String {
        self.0.describe()
    }

    fn fields(&self) -> String {
        let mut out = String::new();
        self.0.write_json(&mut out);
        out
    }
}

impl PartialEq for CustomEvent {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name() && self.fields() == other.fields()
    }
}

impl fmt::Debug for CustomEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// What happened.
#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    Spawn {
        parent: Option<Pid>,
        name: Atom,
        behaviour: Behaviour,
    },
    Exit {
        reason: ExitReason,
    },
    Send {
        to: Pid,
        label: Atom,
        kind: MsgKind,
    },
    Receive {
        from: Option<Pid>,
        label: Atom,
        kind: MsgKind,
    },
    TimerSet {
        timer: Ref,
        to: Pid,
        label: Atom,
        deadline: u64,
    },
    TimerFired {
        timer: Ref,
        to: Pid,
        label: Atom,
    },
    TimerCancelled {
        timer: Ref,
        remaining: u64,
    },
    Link {
        other: Pid,
    },
    Unlink {
        other: Pid,
    },
    Monitor {
        target: Pid,
        monitor: Ref,
    },
    Down {
        target: Pid,
        monitor: Ref,
        reason: ExitReason,
    },
    Restart {
        child: Atom,
        old: Pid,
        new: Pid,
    },
    /// A recipe's or a behaviour's own event.
    Custom(CustomEvent),
}

impl EventKind {
    /// Wraps a recipe's own event.
    pub fn custom_event(event: impl Custom) -> EventKind {
        EventKind::Custom(CustomEvent(Rc::new(event)))
    }

    /// The event as the custom type `T`, if it is one.
    pub fn custom<T: Custom>(&self) -> Option<&T> {
        match self {
            EventKind::Custom(c) => c.get::<T>(),
            _ => None,
        }
    }

    /// The event's kind as one lowercase word (the JSON `kind` field).
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Spawn { .. } => "spawn",
            EventKind::Exit { .. } => "exit",
            EventKind::Send { .. } => "send",
            EventKind::Receive { .. } => "receive",
            EventKind::TimerSet { .. } => "timer_set",
            EventKind::TimerFired { .. } => "timer_fired",
            EventKind::TimerCancelled { .. } => "timer_cancelled",
            EventKind::Link { .. } => "link",
            EventKind::Unlink { .. } => "unlink",
            EventKind::Monitor { .. } => "monitor",
            EventKind::Down { .. } => "down",
            EventKind::Restart { .. } => "restart",
            EventKind::Custom(c) => c.name(),
        }
    }
}

/// One trace entry: `seq` numbers every event ever recorded, `at` is virtual milliseconds.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub seq: u64,
    pub at: u64,
    pub pid: Pid,
    pub kind: EventKind,
}

/// A bounded, append-only event log: when full, the oldest events are dropped and counted.
///
/// ```
/// use tasklane_runtime::trace::{Trace, EventKind};
/// use tasklane_runtime::pid::Pid;
/// let mut trace = Trace::with_capacity(2);
/// for _ in 0..3 {
///     trace.record(0, Pid(1), EventKind::Link { other: Pid(2) });
/// }
/// assert_eq!((trace.len(), trace.dropped()), (2, 1));
/// ```
#[derive(Clone, Debug)]
pub struct Trace {
    events: VecDeque<Event>,
    capacity: usize,
    dropped: u64,
    next_seq: u64,
}

/// The default bound on retained events.
pub const DEFAULT_CAPACITY: usize = 200_000;

impl Default for Trace {
    fn default() -> Self {
        Trace::with_capacity(DEFAULT_CAPACITY)
    }
}

impl Trace {
    pub fn with_capacity(capacity: usize) -> Self {
        Trace { events: VecDeque::with_capacity(capacity), capacity, dropped: 0, next_seq: 0 }
    }

    pub fn record(&mut self, at: u64, pid: Pid, kind: EventKind) {
        if self.capacity == 0 {
            self.dropped += 1;
            self.next_seq += 1;
            return;
        }
        if self.events.len() == self.capacity {
            self.events.pop_front();
            self.dropped += 1;
        }
        self.events.push_back(Event { seq: self.next_seq, at, pid, kind });
        self.next_seq += 1;
    }

    /// Events still held, oldest first.
    pub fn events(&self) -> impl DoubleEndedIterator<Item = &Event> + ExactSizeIterator {
        self.events.iter()
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Events dropped from the front because the buffer was full.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// How many events it holds at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The `seq` of the oldest event still held (every event before it was dropped); [`Trace::total`]
    /// when it holds none.
    pub fn first_seq(&self) -> u64 {
        self.next_seq - self.events.len() as u64
    }

    /// The events still held from `seq` on, oldest first. Seqs are consecutive, so this skips to the
    /// event by position: no event before it is visited.
    ///
    /// ```
    /// use tasklane_runtime::trace::{Trace, EventKind};
    /// use tasklane_runtime::pid::Pid;
    /// let mut trace = Trace::with_capacity(3);
    /// for _ in 0..5 {
    ///     trace.record(0, Pid(1), EventKind::Link { other: Pid(2) });
    /// }
    /// assert_eq!(trace.first_seq(), 2);
    /// assert_eq!(trace.since(3).map(|e| e.seq).collect::<Vec<_>>(), [3, 4]);
    /// assert_eq!(trace.since(0).count(), 3, "dropped events are gone");
    /// assert_eq!(trace.since(9).count(), 0);
    /// ```
    pub fn since(&self, seq: u64) -> impl DoubleEndedIterator<Item = &Event> + ExactSizeIterator {
        let skip = seq.saturating_sub(self.first_seq()).min(self.events.len() as u64);
        self.events.range(skip as usize..)
    }

    /// Events ever recorded (held + dropped).
    pub fn total(&self) -> u64 {
        self.next_seq
    }

    /// The trace as JSON: `{"dropped": n, "events": [{"seq", "at", "pid", "kind", ...}]}`.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(64 + self.events.len() * 80);
        let _ = write!(out, "{{\"dropped\":{},\"events\":[", self.dropped);
        for (i, event) in self.events.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_event(&mut out, event);
        }
        out.push_str("]}");
        out
    }

    /// (virtual time, pid) of every spawn of a process named `name`, in spawn order (a restarted
    /// child appears once per start).
    pub fn spawns_named(&self, name: &str) -> Vec<(u64, Pid)> {
        self.events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::Spawn { name: n, .. } if n == name => Some((e.at, e.pid)),
                _ => None,
            })
            .collect()
    }

    /// The exits of `pids` as (pid, virtual time, reason), in the order they happened.
    pub fn exits_of(&self, pids: &[Pid]) -> Vec<(Pid, u64, ExitReason)> {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Exit { reason } if pids.contains(&e.pid) => Some((e.pid, e.at, reason.clone())),
                _ => None,
            })
            .collect()
    }

    /// What `pids` received, as (virtual time, message label), in the order they received it.
    pub fn received_by(&self, pids: &[Pid]) -> Vec<(u64, Atom)> {
        self.events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::Receive { label, .. } if pids.contains(&e.pid) => Some((e.at, label)),
                _ => None,
            })
            .collect()
    }

    /// Every supervisor restart, as (virtual time, child id), in order.
    pub fn restarts(&self) -> Vec<(u64, Atom)> {
        self.events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::Restart { child, .. } => Some((e.at, child)),
                _ => None,
            })
            .collect()
    }

    /// A stable 64-bit FNV-1a hash of the JSON export: equal traces hash equally on every platform.
    pub fn hash(&self) -> u64 {
        fnv1a(self.to_json().as_bytes())
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Writes `text` as a JSON string literal.
pub fn json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_label(out: &mut String, label: &str, kind: MsgKind) {
    out.push_str(",\"label\":");
    json_string(out, label);
    let _ = write!(out, ",\"msg\":\"{}\"", kind.as_str());
}

fn write_event(out: &mut String, e: &Event) {
    let _ = write!(out, "{{\"seq\":{},\"at\":{},\"pid\":{},\"kind\":\"{}\"", e.seq, e.at, e.pid.0, e.kind.name());
    match &e.kind {
        EventKind::Spawn { parent, name, behaviour } => {
            match parent {
                Some(p) => {
                    let _ = write!(out, ",\"parent\":{}", p.0);
                }
                None => out.push_str(",\"parent\":null"),
            }
            out.push_str(",\"name\":");
            json_string(out, name);
            let _ = write!(out, ",\"behaviour\":\"{}\"", behaviour.as_str());
        }
        EventKind::Exit { reason } => {
            out.push_str(",\"reason\":");
            json_string(out, &reason.to_string());
        }
        EventKind::Send { to, label, kind } => {
            let _ = write!(out, ",\"to\":{}", to.0);
            write_label(out, label, *kind);
        }
        EventKind::Receive { from, label, kind } => {
            match from {
                Some(p) => {
                    let _ = write!(out, ",\"from\":{}", p.0);
                }
                None => out.push_str(",\"from\":null"),
            }
            write_label(out, label, *kind);
        }
        EventKind::TimerSet { timer, to, label, deadline } => {
            let _ = write!(out, ",\"timer\":{},\"to\":{},\"deadline\":{deadline},\"label\":", timer.0, to.0);
            json_string(out, label);
        }
        EventKind::TimerFired { timer, to, label } => {
            let _ = write!(out, ",\"timer\":{},\"to\":{},\"label\":", timer.0, to.0);
            json_string(out, label);
        }
        EventKind::TimerCancelled { timer, remaining } => {
            let _ = write!(out, ",\"timer\":{},\"remaining\":{remaining}", timer.0);
        }
        EventKind::Link { other } | EventKind::Unlink { other } => {
            let _ = write!(out, ",\"other\":{}", other.0);
        }
        EventKind::Monitor { target, monitor } => {
            let _ = write!(out, ",\"target\":{},\"monitor\":{}", target.0, monitor.0);
        }
        EventKind::Down { target, monitor, reason } => {
            let _ = write!(out, ",\"target\":{},\"monitor\":{},\"reason\":", target.0, monitor.0);
            json_string(out, &reason.to_string());
        }
        EventKind::Restart { child, old, new } => {
            let _ = write!(out, ",\"old\":{},\"new\":{},\"child\":", old.0, new.0);
            json_string(out, child);
        }
        EventKind::Custom(c) => c.0.write_json(out),
    }
    out.push('}');
}
