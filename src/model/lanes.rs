//! Timeline lanes (Kino.Process-style), folded from the trace: one lane per process, from spawn to
//! exit, with its marks; the marks worth drawing; a time axis with nice ticks.

use rustc_hash::FxHashMap;

use super::float::Fixed;
use super::fold::{ChunkLog, Fold};
use crate::runtime::prelude::*;

/// Something that happened on a lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Send(MsgKind),
    Receive(MsgKind),
    TimerSet,
    TimerFired,
    TimerCancelled,
    Restart,
    Down,
}

impl MarkKind {
    /// The CSS class (and legend key) of the mark.
    pub fn class(self) -> &'static str {
        match self {
            MarkKind::Send(k) | MarkKind::Receive(k) => k.as_str(),
            MarkKind::TimerSet => "timer-set",
            MarkKind::TimerFired => "timer-fired",
            MarkKind::TimerCancelled => "timer-cancelled",
            MarkKind::Restart => "restart",
            MarkKind::Down => "down",
        }
    }

    /// What happened, in words: `sent call`, `timer fired`, `:DOWN`.
    pub fn describe(self) -> String {
        match self {
            MarkKind::Send(k) => format!("sent {}", k.as_str()),
            MarkKind::Receive(k) => format!("received {}", k.as_str()),
            MarkKind::TimerSet => "timer set".to_string(),
            MarkKind::TimerFired => "timer fired".to_string(),
            MarkKind::TimerCancelled => "timer cancelled".to_string(),
            MarkKind::Restart => "restarted a child".to_string(),
            MarkKind::Down => "got :DOWN".to_string(),
        }
    }
}

/// Something that happened on a process's lane, and when (16 bytes: a busy run keeps a window of
/// hundreds of thousands).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub pid: Pid,
    pub at: u64,
    pub kind: MarkKind,
}

/// How and when a process exited.
#[derive(Clone, Debug, PartialEq)]
pub struct Exit {
    pub at: u64,
    pub seq: u64,
    pub reason: ExitReason,
}

/// One process's life as far as the fold has seen.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub pid: Pid,
    pub name: Atom,
    pub behaviour: Behaviour,
    pub parent: Option<Pid>,
    pub start: u64,
    /// `None` while it runs.
    pub exit: Option<Exit>,
}

impl Lane {
    /// The lane's end on the time axis: its exit, or `now` while it runs.
    pub fn end(&self, now: u64) -> u64 {
        self.exit.as_ref().map_or(now, |exit| exit.at)
    }

    /// How the timeline and the event log name the process: its name and its pid.
    pub fn label(&self) -> String {
        format!("{} {}", self.name, self.pid)
    }

    /// The exit-reason class that colours the bar (`running` while alive).
    pub fn class(&self) -> &'static str {
        self.exit.as_ref().map_or("running", |exit| exit.reason.class())
    }
}

/// Every `PRUNE` events (or every `window`, if smaller) the fold forgets what lies more than its
/// window behind: a schedule by seq, so a state restored from a checkpoint and folded forward
/// forgets exactly what the live state forgot (and the marks of events the trace has dropped since,
/// which a history lets go of: [`Fold::forget_before`]).
const PRUNE: u64 = 4096;

/// The timeline's fold: a lane per process seen spawning, in spawn order, with its exit and marks.
///
/// A process stays a lane while it runs, however long ago its spawn event was (the trace may have
/// dropped it). What the fold keeps is bounded like the trace: marks of the newest `window` events
/// only, and a process that exited more than `window` events ago leaves the lanes but stays
/// counted, by name and exit class.
///
/// ```
/// use tasklane::runtime::prelude::*;
/// use tasklane::model::fold::fold;
/// use tasklane::model::lanes::Lanes;
/// let rt = Runtime::new(1);
/// rt.spawn("worker", Behaviour::Process, |ctx| async move { ctx.sleep(40).await; Ok(()) });
/// rt.run();
/// let lanes = rt.read_trace(|t| fold(Lanes::new(t.capacity()), t.events()));
/// let worker = &lanes.lanes()[0];
/// assert_eq!((worker.name.as_str(), worker.exit.as_ref().map(|e| (e.at, e.reason.clone()))), ("worker", Some((40, ExitReason::Normal))));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Lanes {
    lanes: Vec<Lane>,
    index: FxHashMap<Pid, usize>,
    marks: ChunkLog<Mark>,
    /// Processes no longer drawn (they exited more than `window` events ago): (name, exit class, count).
    retired: Vec<(Atom, &'static str, u64)>,
    window: u64,
}

impl Lanes {
    /// No lanes yet; keeps marks and exited processes for the newest `window` events (the trace's capacity).
    pub fn new(window: usize) -> Self {
        Lanes {
            lanes: Vec::new(),
            index: FxHashMap::default(),
            marks: ChunkLog::default(),
            retired: Vec::new(),
            window: window as u64,
        }
    }

    /// The lanes drawn, in spawn order.
    pub fn lanes(&self) -> &[Lane] {
        &self.lanes
    }

    /// The lane of `pid`, if it is drawn.
    pub fn lane(&self, pid: Pid) -> Option<&Lane> {
        self.index.get(&pid).map(|i| &self.lanes[*i])
    }

    /// Where the lane of `pid` is in [`Lanes::lanes`], if it is drawn.
    pub fn position(&self, pid: Pid) -> Option<usize> {
        self.index.get(&pid).copied()
    }

    /// Every mark of the newest `window` events (give or take a chunk), oldest first.
    pub fn marks(&self) -> impl DoubleEndedIterator<Item = &Mark> {
        self.marks.iter()
    }

    /// The marks at or after `at` ms, oldest first (found by binary search: marks are in time order).
    pub fn marks_from(&self, at: u64) -> impl Iterator<Item = &Mark> {
        self.marks.iter_from(move |m| m.at < at)
    }

    /// Processes seen spawning, drawn or not.
    pub fn processes(&self) -> u64 {
        self.lanes.len() as u64 + self.retired.iter().map(|(.., n)| n).sum::<u64>()
    }

    /// Processes seen exiting, drawn or not.
    pub fn finished(&self) -> u64 {
        self.processes() - self.running()
    }

    pub fn running(&self) -> u64 {
        self.lanes.iter().filter(|l| l.exit.is_none()).count() as u64
    }

    /// Processes called `name`, drawn or not.
    pub fn named(&self, name: &str) -> u64 {
        let drawn = self.lanes.iter().filter(|l| l.name == name).count() as u64;
        drawn + self.retired.iter().filter(|(n, ..)| *n == name).map(|(.., n)| n).sum::<u64>()
    }

    /// Processes called `name` whose [`Lane::class`] is `class`, drawn or not.
    pub fn count(&self, name: &str, class: &str) -> u64 {
        let drawn = self.lanes.iter().filter(|l| l.name == name && l.class() == class).count() as u64;
        drawn + self.retired.iter().filter(|(n, c, _)| *n == name && *c == class).map(|(.., n)| n).sum::<u64>()
    }

    /// Forgets marks and exited processes more than `window` events before `seq`.
    fn prune(&mut self, seq: u64) {
        let Some(horizon) = seq.checked_sub(self.window) else { return };
        self.marks.drop_before(horizon);
        let gone = |l: &Lane| l.exit.as_ref().is_some_and(|e| e.seq < horizon);
        if !self.lanes.iter().any(gone) {
            return;
        }
        for lane in self.lanes.iter().filter(|l| gone(l)) {
            match self.retired.iter_mut().find(|(n, c, _)| *n == lane.name && *c == lane.class()) {
                Some((.., count)) => *count += 1,
                None => self.retired.push((lane.name, lane.class(), 1)),
            }
        }
        self.lanes.retain(|l| !gone(l));
        self.index = self.lanes.iter().enumerate().map(|(i, l)| (l.pid, i)).collect();
    }
}

impl Fold for Lanes {
    fn apply(&mut self, e: &Event) {
        if let EventKind::Spawn { parent, name, behaviour } = &e.kind {
            self.index.insert(e.pid, self.lanes.len());
            self.lanes.push(Lane {
                pid: e.pid,
                name: *name,
                behaviour: *behaviour,
                parent: *parent,
                start: e.at,
                exit: None,
            });
        } else if let Some(&i) = self.index.get(&e.pid) {
            let kind = match &e.kind {
                EventKind::Exit { reason } => {
                    self.lanes[i].exit = Some(Exit { at: e.at, seq: e.seq, reason: reason.clone() });
                    None
                }
                EventKind::Send { kind, .. } => Some(MarkKind::Send(*kind)),
                EventKind::Receive { kind, .. } => Some(MarkKind::Receive(*kind)),
                EventKind::TimerSet { .. } => Some(MarkKind::TimerSet),
                EventKind::TimerFired { .. } => Some(MarkKind::TimerFired),
                EventKind::TimerCancelled { .. } => Some(MarkKind::TimerCancelled),
                EventKind::Restart { .. } => Some(MarkKind::Restart),
                EventKind::Down { .. } => Some(MarkKind::Down),
                _ => None,
            };
            if let Some(kind) = kind {
                self.marks.push(e.seq, Mark { pid: e.pid, at: e.at, kind });
            }
        }
        let every = self.window.clamp(1, PRUNE);
        if e.seq % every == every - 1 {
            self.prune(e.seq);
        }
    }

    fn weight(&self) -> usize {
        self.lanes.len() + self.marks.chunks() + self.retired.len()
    }

    fn forget_before(&mut self, seq: u64) {
        self.marks.drop_before(seq);
    }
}

/// Round durations in ms, from a millisecond to twelve hours; beyond that, whole days.
const NICE_MS: [u64; 30] = [
    1,
    2,
    5,
    10,
    20,
    50,
    100,
    200,
    500, // ms
    1_000,
    2_000,
    5_000,
    10_000,
    15_000,
    30_000, // s
    60_000,
    120_000,
    300_000,
    600_000,
    900_000,
    1_800_000, // min
    3_600_000,
    7_200_000,
    10_800_000,
    21_600_000,
    43_200_000, // h
    86_400_000,
    172_800_000,
    432_000_000,
    864_000_000, // days
];

/// The smallest round duration at least `ms` long.
pub fn nice_at_least(ms: u64) -> u64 {
    const DAY: u64 = 86_400_000;
    NICE_MS.iter().copied().find(|n| *n >= ms).unwrap_or_else(|| ms.div_ceil(DAY) * DAY)
}

/// A time axis from 0 to `end` ms with ticks a round duration apart.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub end: u64,
    pub ticks: Vec<u64>,
}

impl Axis {
    /// About `target` ticks across `0..=end` (the axis is at least 100 ms long), a round duration
    /// apart: 1, 2 or 5 × 10ⁿ ms up to a second, then 1, 2, 5, 10, 15 or 30 s or min, then 1, 2, 3, 6
    /// or 12 h, then whole days — never 5:33:20.
    ///
    /// ```
    /// use tasklane::model::lanes::Axis;
    /// assert_eq!(Axis::new(2900, 6).ticks, vec![0, 500, 1000, 1500, 2000, 2500]);
    /// let day = Axis::new(86_400_000, 8);
    /// assert_eq!(day.ticks.iter().map(|t| Axis::label(*t)).collect::<Vec<_>>()[..3], ["0 ms", "3:00:00", "6:00:00"]);
    /// ```
    pub fn new(end: u64, target: u64) -> Axis {
        let end = end.max(100);
        let step = nice_at_least((end / target.max(1)).max(1));
        Axis { end, ticks: (0..=end / step).map(|i| i * step).collect() }
    }

    /// An axis that covers `0..=at`, its end rounded up to a round duration (as the ticks are), so a
    /// moving clock rescales the axis only now and then.
    ///
    /// ```
    /// use tasklane::model::lanes::Axis;
    /// assert_eq!(Axis::covering(2900, 6).end, 5000);
    /// assert_eq!(Axis::covering(5000, 6).end, 5000);
    /// assert_eq!(Axis::covering(86_000_000, 8).end, 86_400_000, "a virtual day ends at 24:00:00");
    /// ```
    pub fn covering(at: u64, target: u64) -> Axis {
        Axis::new(nice_at_least(at.max(100)), target)
    }

    /// The x position of `at` on a track `width` wide.
    pub fn x(&self, at: u64, width: f64) -> f64 {
        at.min(self.end) as f64 / self.end as f64 * width
    }

    /// A tick label: `750 ms`, `1.5 s`, `2 s`, and from a minute on `1:02:05` (h:mm:ss).
    ///
    /// ```
    /// use tasklane::model::lanes::Axis;
    /// assert_eq!([Axis::label(750), Axis::label(1500), Axis::label(86_403_000)], ["750 ms", "1.5 s", "24:00:03"]);
    /// ```
    pub fn label(at: u64) -> String {
        if at < 1000 {
            format!("{at} ms")
        } else if at < 60_000 && at.is_multiple_of(1000) {
            format!("{} s", at / 1000)
        } else if at < 60_000 {
            format!("{} s", Fixed(at as f64 / 1000.0, 1))
        } else {
            let s = at / 1000;
            format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
        }
    }
}
