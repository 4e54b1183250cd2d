//! Timeline lanes (Kino.Process-style): one lane per process, from spawn to exit, with its marks.

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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub at: u64,
    pub seq: u64,
    pub kind: MarkKind,
}

/// One process's life as far as the trace prefix shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub pid: Pid,
    pub name: Atom,
    pub behaviour: Behaviour,
    pub parent: Option<Pid>,
    pub start: u64,
    /// When and why it exited; `None` while it runs.
    pub exit: Option<(u64, ExitReason)>,
    pub marks: Vec<Mark>,
}

impl Lane {
    /// The lane's end on the time axis: its exit, or `now` while it runs.
    pub fn end(&self, now: u64) -> u64 {
        self.exit.as_ref().map_or(now, |(at, _)| *at)
    }

    /// The exit-reason class that colours the bar (`running` while alive).
    pub fn class(&self) -> &'static str {
        self.exit.as_ref().map_or("running", |(_, r)| r.class())
    }
}

/// The lanes of every process spawned in `events`, in spawn order.
///
/// ```
/// use tasklane::runtime::prelude::*;
/// use tasklane::model::lanes::lanes;
/// let rt = Runtime::new(1);
/// rt.spawn("worker", Behaviour::Process, |ctx| async move { ctx.sleep(40).await; Ok(()) });
/// rt.run();
/// let lanes = rt.read_trace(|t| lanes(t.events()));
/// assert_eq!((lanes[0].name.as_str(), lanes[0].exit.clone()), ("worker", Some((40, ExitReason::Normal))));
/// ```
pub fn lanes<'a>(events: impl Iterator<Item = &'a Event>) -> Vec<Lane> {
    let mut out: Vec<Lane> = Vec::new();
    let mut index: std::collections::HashMap<Pid, usize> = std::collections::HashMap::new();
    for e in events {
        if let EventKind::Spawn { parent, name, behaviour } = &e.kind {
            index.insert(e.pid, out.len());
            out.push(Lane {
                pid: e.pid,
                name: *name,
                behaviour: *behaviour,
                parent: *parent,
                start: e.at,
                exit: None,
                marks: Vec::new(),
            });
            continue;
        }
        let Some(lane) = index.get(&e.pid).map(|i| &mut out[*i]) else { continue };
        let mark = match &e.kind {
            EventKind::Exit { reason } => {
                lane.exit = Some((e.at, reason.clone()));
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
        if let Some(kind) = mark {
            lane.marks.push(Mark { at: e.at, seq: e.seq, kind });
        }
    }
    out
}

/// The marks worth drawing when marks less than `column_ms` apart cover each other: for each lane,
/// the latest mark of every column (time / `column_ms`), as `(lane index, column, kind)`, oldest
/// column first, so a clock that moves on appends to the list.
///
/// ```
/// use tasklane::runtime::prelude::*;
/// use tasklane::model::lanes::{mark_columns, Lane, Mark, MarkKind};
/// let mark = |at, kind| Mark { at, seq: at, kind };
/// let lane = |marks| Lane {
///     pid: Pid(1), name: Atom::from("ticker"), behaviour: Behaviour::GenServer, parent: None, start: 0, exit: None, marks,
/// };
/// let ticker = lane(vec![mark(0, MarkKind::TimerSet), mark(4, MarkKind::TimerFired), mark(12, MarkKind::TimerSet)]);
/// let caller = lane(vec![mark(9, MarkKind::Receive(MsgKind::Reply))]);
/// assert_eq!(
///     mark_columns(&[ticker, caller], 10),
///     [(0, 0, MarkKind::TimerFired), (1, 0, MarkKind::Receive(MsgKind::Reply)), (0, 1, MarkKind::TimerSet)]
/// );
/// ```
pub fn mark_columns(lanes: &[Lane], column_ms: u64) -> Vec<(usize, u64, MarkKind)> {
    let column_ms = column_ms.max(1);
    let mut out: Vec<(usize, u64, MarkKind)> = Vec::new();
    for (index, lane) in lanes.iter().enumerate() {
        let first = out.len();
        for m in &lane.marks {
            let column = m.at / column_ms;
            let in_lane = out.len() > first;
            match out.last_mut() {
                Some(last) if in_lane && last.1 == column => last.2 = m.kind,
                _ => out.push((index, column, m.kind)),
            }
        }
    }
    out.sort_by_key(|&(index, column, _)| (column, index));
    out
}

/// A time axis from 0 to `end` ms with "nice" ticks (1, 2 or 5 × 10ⁿ ms apart).
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub end: u64,
    pub ticks: Vec<u64>,
}

impl Axis {
    /// About `target` ticks across `0..=end` (the axis is at least 100 ms long).
    ///
    /// ```
    /// use tasklane::model::lanes::Axis;
    /// assert_eq!(Axis::new(2900, 6).ticks, vec![0, 500, 1000, 1500, 2000, 2500]);
    /// ```
    pub fn new(end: u64, target: u64) -> Axis {
        let end = end.max(100);
        let raw = (end / target.max(1)).max(1);
        let mut magnitude = 1;
        while magnitude * 10 <= raw {
            magnitude *= 10;
        }
        let step = [1, 2, 5, 10].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10 * magnitude);
        Axis { end, ticks: (0..=end / step).map(|i| i * step).collect() }
    }

    /// An axis that covers `0..=at`, its end rounded up to 1, 2 or 5 × 10ⁿ ms, so a moving clock
    /// rescales the axis only now and then.
    ///
    /// ```
    /// use tasklane::model::lanes::Axis;
    /// assert_eq!(Axis::covering(2900, 6).end, 5000);
    /// assert_eq!(Axis::covering(5000, 6).end, 5000);
    /// ```
    pub fn covering(at: u64, target: u64) -> Axis {
        let mut magnitude = 100;
        loop {
            if let Some(end) = [1, 2, 5].iter().map(|m| m * magnitude).find(|e| *e >= at) {
                return Axis::new(end, target);
            }
            magnitude *= 10;
        }
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
            format!("{:.1} s", at as f64 / 1000.0)
        } else {
            let s = at / 1000;
            format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
        }
    }
}
