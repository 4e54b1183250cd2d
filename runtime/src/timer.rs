//! Timers (`Process.send_after/3`, `Process.cancel_timer/1`, `:timer.send_interval/3`) and the timer heap of the virtual clock.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap;

use super::atom::Atom;
use super::pid::{Pid, Ref};
use super::process::Ctx;
use super::scheduler::{State, Wait, classify};
use super::term::Term;
use super::trace::EventKind;

pub(crate) enum TimerAction {
    Send { from: Pid, to: Pid, msg: Term, label: Atom, every: Option<u64> },
    Wake { pid: Pid },
}

pub(crate) struct TimerEntry {
    deadline: u64,
    seq: u64,
    action: TimerAction,
}

/// Pending timers, ordered by (deadline, sequence number): equal deadlines fire in the order set.
#[derive(Default)]
pub(crate) struct Timers {
    seq: u64,
    heap: BinaryHeap<Reverse<(u64, u64, u64)>>,
    entries: FxHashMap<u64, TimerEntry>,
    /// The message timers addressed to each process.
    owned: FxHashMap<Pid, Vec<Ref>>,
}

impl Timers {
    fn push(&mut self, id: u64, deadline: u64, action: TimerAction) {
        let seq = self.seq;
        self.seq += 1;
        self.heap.push(Reverse((deadline, seq, id)));
        self.entries.insert(id, TimerEntry { deadline, seq, action });
    }

    fn own(&mut self, pid: Pid, timer: Ref) {
        self.owned.entry(pid).or_default().push(timer);
    }

    fn forget(&mut self, entry: &TimerEntry, timer: Ref) {
        if let TimerAction::Send { to, .. } = entry.action
            && let Some(list) = self.owned.get_mut(&to)
        {
            if let Some(i) = list.iter().position(|t| *t == timer) {
                list.swap_remove(i);
            }
            if list.is_empty() {
                self.owned.remove(&to);
            }
        }
    }

    fn remove_wake(&mut self, timer: Ref) {
        self.entries.remove(&timer.0);
    }

    /// The earliest live deadline, dropping heap entries of cancelled timers.
    fn next_deadline(&mut self) -> Option<u64> {
        while let Some(Reverse((deadline, seq, id))) = self.heap.peek().copied() {
            match self.entries.get(&id) {
                Some(e) if e.seq == seq => return Some(deadline),
                _ => {
                    self.heap.pop();
                }
            }
        }
        None
    }
}

impl State {
    /// Arms `pid`'s receive-`after` / sleep timer.
    pub(crate) fn wake_after(&mut self, pid: Pid, ms: u64) -> Ref {
        let r = self.make_ref();
        let deadline = self.now + ms;
        self.timers.push(r.0, deadline, TimerAction::Wake { pid });
        if let Some(p) = self.procs.get_mut(&pid) {
            p.wake = Some(r);
        }
        r
    }

    /// Disarms a receive-`after` / sleep timer that is no longer needed.
    pub(crate) fn drop_wake(&mut self, pid: Pid, timer: Ref) {
        self.timers.remove_wake(timer);
        if let Some(p) = self.procs.get_mut(&pid) {
            if p.wake == Some(timer) {
                p.wake = None;
            }
            if p.wait == Wait::TimedOut {
                p.wait = Wait::Running;
            }
        }
    }

    pub(crate) fn send_after(&mut self, owner: Pid, to: Pid, msg: Term, ms: u64, every: Option<u64>) -> Ref {
        let r = self.make_ref();
        if !self.alive(owner) {
            return r;
        }
        let deadline = self.now + ms;
        let (_, label) = classify(&msg);
        self.record(owner, EventKind::TimerSet { timer: r, to, label, deadline });
        if !self.alive(to) {
            return r;
        }
        self.timers.push(r.0, deadline, TimerAction::Send { from: owner, to, msg, label, every });
        self.timers.own(to, r);
        r
    }

    pub(crate) fn cancel_timer(&mut self, by: Option<Pid>, timer: Ref) -> Option<u64> {
        let entry = match self.timers.entries.get(&timer.0) {
            Some(TimerEntry { action: TimerAction::Send { .. }, .. }) => self.timers.entries.remove(&timer.0)?,
            _ => return None,
        };
        let remaining = entry.deadline.saturating_sub(self.now);
        self.timers.forget(&entry, timer);
        let who = match (by, &entry.action) {
            (Some(p), _) => p,
            (None, TimerAction::Send { from, .. }) => *from,
            (None, TimerAction::Wake { pid }) => *pid,
        };
        self.record(who, EventKind::TimerCancelled { timer, remaining });
        Some(remaining)
    }

    pub(crate) fn read_timer(&self, timer: Ref) -> Option<u64> {
        match self.timers.entries.get(&timer.0) {
            Some(e @ TimerEntry { action: TimerAction::Send { .. }, .. }) => Some(e.deadline.saturating_sub(self.now)),
            _ => None,
        }
    }

    pub(crate) fn next_deadline(&mut self) -> Option<u64> {
        self.timers.next_deadline()
    }

    /// Moves the clock to the earliest timer and fires it. False when no timer is pending.
    pub(crate) fn fire_next_timer(&mut self) -> bool {
        let Some(deadline) = self.timers.next_deadline() else {
            return false;
        };
        let Some(Reverse((_, _, id))) = self.timers.heap.pop() else {
            return false;
        };
        let Some(entry) = self.timers.entries.remove(&id) else {
            return false;
        };
        self.steps += 1;
        self.now = self.now.max(deadline);
        let timer = Ref(id);
        match entry.action {
            TimerAction::Wake { pid } => {
                if let Some(p) = self.procs.get_mut(&pid)
                    && p.wake == Some(timer)
                {
                    p.wake = None;
                    p.wait = Wait::TimedOut;
                    self.wake(pid);
                }
            }
            TimerAction::Send { from, to, ref msg, label, every } => {
                self.record(to, EventKind::TimerFired { timer, to, label });
                self.deliver(Some(from), to, msg.clone());
                match every {
                    Some(ms) if self.alive(to) => {
                        let next = deadline + ms;
                        self.timers.push(id, next, entry.action);
                    }
                    _ => self.timers.forget(&entry, timer),
                }
            }
        }
        true
    }

    /// Cancels, and records, every timer addressed to `pid`, as its exit does. Intervals `pid` set
    /// for another process keep running: in OTP 25 `:timer.send_interval/3` stops with its destination.
    pub(crate) fn cancel_timers_of(&mut self, pid: Pid, wake: Option<Ref>) {
        if let Some(w) = wake {
            self.timers.remove_wake(w);
        }
        if self.timers.owned.is_empty() {
            return;
        }
        for timer in self.timers.owned.remove(&pid).unwrap_or_default() {
            if let Some(entry) = self.timers.entries.remove(&timer.0) {
                let remaining = entry.deadline.saturating_sub(self.now);
                self.timers.forget(&entry, timer);
                self.record(pid, EventKind::TimerCancelled { timer, remaining });
            }
        }
    }
}

impl Ctx {
    /// `Process.send_after(dest, msg, ms)`: a timer reference for [`Ctx::cancel_timer`].
    pub fn send_after(&self, to: Pid, msg: Term, ms: u64) -> Ref {
        self.shared.state.borrow_mut().send_after(self.pid, to, msg, ms, None)
    }

    /// `:timer.send_interval(ms, dest, msg)`: sends every `ms` until cancelled or `dest` exits
    /// (the process that set it may exit first: the interval goes on).
    pub fn send_interval(&self, to: Pid, msg: Term, ms: u64) -> Ref {
        self.shared.state.borrow_mut().send_after(self.pid, to, msg, ms, Some(ms.max(1)))
    }

    /// `Process.cancel_timer(ref)`: the milliseconds that were left, or `None` (Elixir's `false`)
    /// when the timer already fired or was cancelled.
    pub fn cancel_timer(&self, timer: Ref) -> Option<u64> {
        self.shared.state.borrow_mut().cancel_timer(Some(self.pid), timer)
    }

    /// `Process.read_timer(ref)`: milliseconds left, or `None`.
    pub fn read_timer(&self, timer: Ref) -> Option<u64> {
        self.shared.state.borrow().read_timer(timer)
    }
}
