//! The scheduler (the BEAM's run queue and timer wheel): process table, virtual clock, timers, exit signals.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use rustc_hash::FxHashMap;

use super::process::{Behaviour, Ctx, ExitReason, Pid, ProcResult};
use super::term::{Ref, Term};
use super::trace::{EventKind, MsgKind, Trace};

type ProcFuture = Pin<Box<dyn Future<Output = ProcResult>>>;

/// What a process is blocked on, so only the right event wakes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wait {
    /// Running or ready to run.
    Running,
    /// In `receive`: any new message wakes it.
    Message,
    /// In `Process.sleep/1`: only its timer wakes it.
    Sleep,
    /// Its `after` (or sleep) timer fired.
    TimedOut,
}

pub(crate) struct Envelope {
    from: Option<Pid>,
    msg: Term,
}

pub(crate) struct Proc {
    pub(crate) name: &'static str,
    pub(crate) behaviour: Behaviour,
    pub(crate) parent: Option<Pid>,
    pub(crate) trap_exit: bool,
    pub(crate) wait: Wait,
    wake: Option<Ref>,
    queued: bool,
    future: Option<ProcFuture>,
    mailbox: VecDeque<Envelope>,
    /// Linked processes; exit signals go out in pid order.
    links: BTreeSet<Pid>,
    /// Monitors this process holds: monitor → target.
    monitors: FxHashMap<Ref, Pid>,
    /// Monitors on this process: monitor → watcher; `:DOWN`s go out in monitor order.
    monitored_by: BTreeMap<Ref, Pid>,
    timers: Vec<Ref>,
    pub(crate) names: Vec<Term>,
    pub(crate) topics: Vec<Term>,
    pub(crate) tables: Vec<u64>,
    handled: u64,
}

enum TimerAction {
    Send { from: Pid, to: Pid, msg: Term, label: &'static str, every: Option<u64> },
    Wake { pid: Pid },
}

struct TimerEntry {
    deadline: u64,
    seq: u64,
    action: TimerAction,
}

/// How a process is started: parent, name, behaviour, and whether it is linked or monitored at birth.
pub(crate) struct SpawnOpts {
    parent: Option<Pid>,
    name: &'static str,
    behaviour: Behaviour,
    link: bool,
    monitor: Option<(Pid, Ref)>,
}

impl SpawnOpts {
    pub(crate) fn child_of(parent: Pid, name: &'static str, behaviour: Behaviour) -> Self {
        SpawnOpts { parent: Some(parent), name, behaviour, link: false, monitor: None }
    }

    /// Linked to the parent.
    pub(crate) fn linked(mut self) -> Self {
        self.link = true;
        self
    }

    /// Monitored from birth by `watcher`, the monitor named `monitor`.
    pub(crate) fn monitored_by(mut self, watcher: Pid, monitor: Ref) -> Self {
        self.monitor = Some((watcher, monitor));
        self
    }
}

/// The pid of "the outside world": the UI, a test, or a browser adapter sending into the runtime.
pub const OUTSIDE: Pid = Pid(0);

pub(crate) struct State {
    pub(crate) now: u64,
    next_pid: u32,
    next_ref: u64,
    timer_seq: u64,
    steps: u64,
    pub(crate) procs: FxHashMap<Pid, Box<Proc>>,
    ready: VecDeque<Pid>,
    timer_heap: BinaryHeap<Reverse<(u64, u64, u64)>>,
    timers: FxHashMap<u64, TimerEntry>,
    pub(crate) trace: Trace,
    rng: Pcg64Mcg,
    pub(crate) names: BTreeMap<Term, Pid>,
    pub(crate) topics: BTreeMap<Term, Vec<Pid>>,
    pub(crate) tables: BTreeMap<u64, super::ets::TableData>,
    graveyard: Vec<ProcFuture>,
}

pub(crate) struct Shared {
    pub(crate) state: RefCell<State>,
    seed: u64,
}

fn classify(msg: &Term) -> (MsgKind, &'static str) {
    match msg {
        Term::Tuple(items) => match (items.first(), items.get(2), items.get(1)) {
            (Some(Term::Atom("$gen_call")), Some(req), _) => (MsgKind::Call, req.tag().unwrap_or("term")),
            (Some(Term::Atom("$gen_cast")), _, Some(req)) => (MsgKind::Cast, req.tag().unwrap_or("term")),
            (Some(Term::Ref(_)), _, Some(reply)) => (MsgKind::Reply, reply.tag().unwrap_or("reply")),
            (Some(Term::Atom(tag)), _, _) => (MsgKind::Info, tag),
            _ => (MsgKind::Info, "term"),
        },
        other => (MsgKind::Info, other.tag().unwrap_or("term")),
    }
}

impl State {
    fn new(seed: u64, trace: Trace) -> Self {
        State {
            now: 0,
            next_pid: 1,
            next_ref: 1,
            timer_seq: 0,
            steps: 0,
            procs: FxHashMap::default(),
            ready: VecDeque::new(),
            timer_heap: BinaryHeap::new(),
            timers: FxHashMap::default(),
            trace,
            rng: Pcg64Mcg::seed_from_u64(seed),
            names: BTreeMap::new(),
            topics: BTreeMap::new(),
            tables: BTreeMap::new(),
            graveyard: Vec::new(),
        }
    }

    pub(crate) fn record(&mut self, pid: Pid, kind: EventKind) {
        self.trace.record(self.now, pid, kind);
    }

    pub(crate) fn make_ref(&mut self) -> Ref {
        let r = Ref(self.next_ref);
        self.next_ref += 1;
        r
    }

    pub(crate) fn random_range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo { lo } else { self.rng.random_range(lo..hi) }
    }

    fn alive(&self, pid: Pid) -> bool {
        self.procs.contains_key(&pid)
    }

    fn wake(&mut self, pid: Pid) {
        if let Some(p) = self.procs.get_mut(&pid)
            && !p.queued
        {
            p.queued = true;
            self.ready.push_back(pid);
        }
    }

    /// Puts `msg` in `to`'s mailbox (if `to` is alive) and wakes it if it is in `receive`.
    fn deliver(&mut self, from: Option<Pid>, to: Pid, msg: Term) {
        let Some(p) = self.procs.get_mut(&to) else {
            return;
        };
        p.mailbox.push_back(Envelope { from, msg });
        if p.wait == Wait::Message && !p.queued {
            p.queued = true;
            self.ready.push_back(to);
        }
    }

    pub(crate) fn send(&mut self, from: Option<Pid>, to: Pid, msg: Term) {
        if let Some(f) = from
            && !self.alive(f)
        {
            return;
        }
        let (kind, label) = classify(&msg);
        self.record(from.unwrap_or(OUTSIDE), EventKind::Send { to, label, kind });
        self.deliver(from, to, msg);
    }

    /// Removes and returns the oldest message `matches` accepts, recording the receive.
    pub(crate) fn take_matching(&mut self, pid: Pid, matches: &mut impl FnMut(&Term) -> bool) -> Option<Term> {
        let p = self.procs.get_mut(&pid)?;
        let i = p.mailbox.iter().position(|e| matches(&e.msg))?;
        let env = p.mailbox.remove(i)?;
        p.wait = Wait::Running;
        p.handled += 1;
        let (kind, label) = classify(&env.msg);
        self.record(pid, EventKind::Receive { from: env.from, label, kind });
        Some(env.msg)
    }

    fn push_timer(&mut self, id: u64, deadline: u64, action: TimerAction) {
        let seq = self.timer_seq;
        self.timer_seq += 1;
        self.timer_heap.push(Reverse((deadline, seq, id)));
        self.timers.insert(id, TimerEntry { deadline, seq, action });
    }

    /// Arms `pid`'s receive-`after` / sleep timer.
    pub(crate) fn wake_after(&mut self, pid: Pid, ms: u64) -> Ref {
        let r = self.make_ref();
        let deadline = self.now + ms;
        self.push_timer(r.0, deadline, TimerAction::Wake { pid });
        if let Some(p) = self.procs.get_mut(&pid) {
            p.wake = Some(r);
        }
        r
    }

    /// Disarms a receive-`after` / sleep timer that is no longer needed.
    pub(crate) fn drop_wake(&mut self, pid: Pid, timer: Ref) {
        self.timers.remove(&timer.0);
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
        self.push_timer(r.0, deadline, TimerAction::Send { from: owner, to, msg, label, every });
        for pid in [Some(to), every.map(|_| owner).filter(|o| *o != to)].into_iter().flatten() {
            if let Some(p) = self.procs.get_mut(&pid) {
                p.timers.push(r);
            }
        }
        r
    }

    fn forget_timer(&mut self, entry: &TimerEntry, timer: Ref) {
        if let TimerAction::Send { from, to, .. } = entry.action {
            for pid in [to, from] {
                if let Some(p) = self.procs.get_mut(&pid)
                    && let Some(i) = p.timers.iter().position(|t| *t == timer)
                {
                    p.timers.swap_remove(i);
                }
            }
        }
    }

    pub(crate) fn cancel_timer(&mut self, by: Option<Pid>, timer: Ref) -> Option<u64> {
        let entry = match self.timers.get(&timer.0) {
            Some(TimerEntry { action: TimerAction::Send { .. }, .. }) => self.timers.remove(&timer.0)?,
            _ => return None,
        };
        let remaining = entry.deadline.saturating_sub(self.now);
        self.forget_timer(&entry, timer);
        let who = match (by, &entry.action) {
            (Some(p), _) => p,
            (None, TimerAction::Send { from, .. }) => *from,
            (None, TimerAction::Wake { pid }) => *pid,
        };
        self.record(who, EventKind::TimerCancelled { timer, remaining });
        Some(remaining)
    }

    pub(crate) fn read_timer(&self, timer: Ref) -> Option<u64> {
        match self.timers.get(&timer.0) {
            Some(e @ TimerEntry { action: TimerAction::Send { .. }, .. }) => Some(e.deadline.saturating_sub(self.now)),
            _ => None,
        }
    }

    pub(crate) fn next_deadline(&mut self) -> Option<u64> {
        while let Some(Reverse((deadline, seq, id))) = self.timer_heap.peek().copied() {
            match self.timers.get(&id) {
                Some(e) if e.seq == seq => return Some(deadline),
                _ => {
                    self.timer_heap.pop();
                }
            }
        }
        None
    }

    /// Moves the clock to the earliest timer and fires it. False when no timer is pending.
    fn fire_next_timer(&mut self) -> bool {
        let Some(deadline) = self.next_deadline() else {
            return false;
        };
        let Some(Reverse((_, _, id))) = self.timer_heap.pop() else {
            return false;
        };
        let Some(entry) = self.timers.remove(&id) else {
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
                    Some(ms) if self.alive(to) && self.alive(from) => {
                        let next = deadline + ms;
                        self.push_timer(id, next, entry.action);
                    }
                    _ => self.forget_timer(&entry, timer),
                }
            }
        }
        true
    }

    pub(crate) fn link(&mut self, a: Pid, b: Pid) {
        if !self.alive(a) || a == b {
            return;
        }
        if !self.alive(b) {
            self.exit_signal(Some(b), a, ExitReason::Noproc);
            return;
        }
        let pa = self.procs.get_mut(&a).expect("alive");
        if !pa.links.insert(b) {
            return;
        }
        self.procs.get_mut(&b).expect("alive").links.insert(a);
        self.record(a, EventKind::Link { other: b });
    }

    pub(crate) fn unlink(&mut self, a: Pid, b: Pid) {
        let mut removed = false;
        for (x, y) in [(a, b), (b, a)] {
            if let Some(p) = self.procs.get_mut(&x) {
                removed |= p.links.remove(&y);
            }
        }
        if removed {
            self.record(a, EventKind::Unlink { other: b });
        }
    }

    pub(crate) fn monitor(&mut self, watcher: Pid, target: Pid, monitor: Ref) {
        if !self.alive(watcher) {
            return;
        }
        self.record(watcher, EventKind::Monitor { target, monitor });
        match self.procs.get_mut(&target) {
            Some(t) => {
                t.monitored_by.insert(monitor, watcher);
                self.procs.get_mut(&watcher).expect("alive").monitors.insert(monitor, target);
            }
            None => self.down(watcher, monitor, target, &ExitReason::Noproc),
        }
    }

    fn down(&mut self, watcher: Pid, monitor: Ref, target: Pid, reason: &ExitReason) {
        if !self.alive(watcher) {
            return;
        }
        self.record(watcher, EventKind::Down { target, monitor, reason: reason.clone() });
        let msg = Term::tuple([
            Term::atom("DOWN"),
            Term::Ref(monitor),
            Term::atom("process"),
            Term::Pid(target),
            reason.to_term(),
        ]);
        self.deliver(Some(target), watcher, msg);
    }

    pub(crate) fn demonitor(&mut self, watcher: Pid, monitor: Ref) {
        let Some(w) = self.procs.get_mut(&watcher) else {
            return;
        };
        if let Some(target) = w.monitors.remove(&monitor)
            && let Some(t) = self.procs.get_mut(&target)
        {
            t.monitored_by.remove(&monitor);
        }
        let w = self.procs.get_mut(&watcher).expect("alive");
        let down =
            w.mailbox.iter().position(|e| e.msg.tag() == Some("DOWN") && e.msg.elem(1) == Some(&Term::Ref(monitor)));
        if let Some(i) = down {
            w.mailbox.remove(i);
        }
    }

    /// Delivers an exit signal from `from` to `to`, as `Process.exit/2` and links do.
    pub(crate) fn exit_signal(&mut self, from: Option<Pid>, to: Pid, reason: ExitReason) {
        let Some(p) = self.procs.get(&to) else { return };
        match reason {
            ExitReason::Kill => self.terminate(to, ExitReason::Killed),
            reason if p.trap_exit => {
                let msg = Term::tuple([Term::atom("EXIT"), Term::Pid(from.unwrap_or(OUTSIDE)), reason.to_term()]);
                self.deliver(from, to, msg);
            }
            ExitReason::Normal if from != Some(to) => {}
            reason => self.terminate(to, reason),
        }
    }

    /// Ends `pid` with `reason`, then propagates: links get exit signals, monitors get `:DOWN`,
    /// timers addressed to it are cancelled, its names, subscriptions and tables go.
    pub(crate) fn terminate(&mut self, pid: Pid, reason: ExitReason) {
        let mut pending = VecDeque::from([(pid, reason)]);
        while let Some((pid, reason)) = pending.pop_front() {
            let Some(mut proc) = self.procs.remove(&pid) else {
                continue;
            };
            if let Some(f) = proc.future.take() {
                self.graveyard.push(f);
            }
            if let Some(w) = proc.wake.take() {
                self.timers.remove(&w.0);
            }
            for timer in std::mem::take(&mut proc.timers) {
                if let Some(entry) = self.timers.remove(&timer.0) {
                    let remaining = entry.deadline.saturating_sub(self.now);
                    self.forget_timer(&entry, timer);
                    self.record(pid, EventKind::TimerCancelled { timer, remaining });
                }
            }
            self.record(pid, EventKind::Exit { reason: reason.clone() });
            for name in &proc.names {
                self.names.remove(name);
            }
            for topic in &proc.topics {
                if let Some(subs) = self.topics.get_mut(topic) {
                    subs.retain(|p| *p != pid);
                }
            }
            for table in &proc.tables {
                self.tables.remove(table);
            }
            for (monitor, target) in &proc.monitors {
                if let Some(t) = self.procs.get_mut(target) {
                    t.monitored_by.remove(monitor);
                }
            }
            for (monitor, watcher) in &proc.monitored_by {
                if let Some(w) = self.procs.get_mut(watcher) {
                    w.monitors.remove(monitor);
                }
                self.down(*watcher, *monitor, pid, &reason);
            }
            for other in &proc.links {
                let Some(o) = self.procs.get_mut(other) else {
                    continue;
                };
                o.links.remove(&pid);
                if o.trap_exit {
                    let msg = Term::tuple([Term::atom("EXIT"), Term::Pid(pid), reason.to_term()]);
                    self.deliver(Some(pid), *other, msg);
                } else if reason != ExitReason::Normal {
                    pending.push_back((*other, reason.clone()));
                }
            }
        }
    }

    pub(crate) fn blocked(&self) -> Vec<Pid> {
        let mut pids: Vec<Pid> = self.procs.keys().copied().collect();
        pids.sort();
        pids
    }
}

impl Shared {
    pub(crate) fn spawn<F, Fut>(shared: &Rc<Shared>, opts: SpawnOpts, body: F) -> Pid
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = ProcResult> + 'static,
    {
        let pid = {
            let mut st = shared.state.borrow_mut();
            let pid = Pid(st.next_pid);
            st.next_pid += 1;
            pid
        };
        let parent_alive = opts.parent.is_none_or(|p| shared.state.borrow().alive(p) || p == OUTSIDE);
        if !parent_alive {
            return pid;
        }
        let future: ProcFuture = Box::pin(body(Ctx { shared: shared.clone(), pid }));
        let mut st = shared.state.borrow_mut();
        st.procs.insert(
            pid,
            Box::new(Proc {
                name: opts.name,
                behaviour: opts.behaviour,
                parent: opts.parent,
                trap_exit: false,
                wait: Wait::Running,
                wake: None,
                queued: true,
                future: Some(future),
                mailbox: VecDeque::new(),
                links: BTreeSet::new(),
                monitors: FxHashMap::default(),
                monitored_by: BTreeMap::new(),
                timers: Vec::new(),
                names: Vec::new(),
                topics: Vec::new(),
                tables: Vec::new(),
                handled: 0,
            }),
        );
        st.ready.push_back(pid);
        st.record(pid, EventKind::Spawn { parent: opts.parent, name: opts.name, behaviour: opts.behaviour });
        if let (true, Some(parent)) = (opts.link, opts.parent) {
            st.link(parent, pid);
        }
        if let Some((watcher, monitor)) = opts.monitor {
            st.monitor(watcher, pid, monitor);
        }
        pid
    }

    /// Runs `f` on the state, then drops the futures of processes that died meanwhile
    /// (outside the borrow, so their destructors may touch the runtime).
    pub(crate) fn with_state<R>(shared: &Rc<Shared>, f: impl FnOnce(&mut State) -> R) -> R {
        let (out, dead) = {
            let mut st = shared.state.borrow_mut();
            let out = f(&mut st);
            (out, std::mem::take(&mut st.graveyard))
        };
        drop(dead);
        out
    }

    pub(crate) fn exit_signal(shared: &Rc<Shared>, from: Option<Pid>, to: Pid, reason: ExitReason) {
        Shared::with_state(shared, |st| {
            if from.is_none_or(|f| st.alive(f) || f == OUTSIDE) {
                st.exit_signal(from, to, reason)
            }
        });
    }

    /// Polls the next ready process once. False when none is ready.
    fn poll_next(shared: &Rc<Shared>) -> bool {
        let (pid, mut future) = {
            let mut st = shared.state.borrow_mut();
            loop {
                let Some(pid) = st.ready.pop_front() else {
                    return false;
                };
                if let Some(p) = st.procs.get_mut(&pid) {
                    p.queued = false;
                    if let Some(f) = p.future.take() {
                        st.steps += 1;
                        break (pid, f);
                    }
                }
            }
        };
        let mut cx = Context::from_waker(Waker::noop());
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(result) => {
                drop(future);
                let reason = result.err().unwrap_or(ExitReason::Normal);
                Shared::with_state(shared, |st| st.terminate(pid, reason));
            }
            Poll::Pending => {
                let mut st = shared.state.borrow_mut();
                match st.procs.get_mut(&pid) {
                    Some(p) => p.future = Some(future),
                    None => {
                        drop(st);
                        drop(future);
                    }
                }
            }
        }
        let dead = std::mem::take(&mut shared.state.borrow_mut().graveyard);
        drop(dead);
        true
    }
}

/// How a simulated run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    /// Every process exited.
    Completed,
    /// The clock reached the requested time with processes still alive.
    Reached,
    /// Nothing is ready, no timer is pending, and these processes wait forever.
    Deadlock { blocked: Vec<Pid> },
}

/// A snapshot of one live process, for the observer.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessInfo {
    pub pid: Pid,
    pub name: &'static str,
    pub behaviour: Behaviour,
    pub parent: Option<Pid>,
    pub mailbox: usize,
    pub handled: u64,
    pub links: Vec<Pid>,
    pub trap_exit: bool,
    pub waiting: bool,
}

/// One run of the runtime: its processes, its virtual clock, its seeded generator and its trace.
///
/// ```
/// use tasklane_runtime::prelude::*;
/// let rt = Runtime::new(7);
/// let pid = rt.spawn("sleeper", Behaviour::Process, |ctx| async move {
///     ctx.sleep(250).await;
///     Ok(())
/// });
/// assert_eq!(rt.run(), RunOutcome::Completed);
/// assert_eq!(rt.now(), 250);
/// assert!(!rt.is_alive(pid));
/// ```
#[derive(Clone)]
pub struct Runtime {
    shared: Rc<Shared>,
}

impl Runtime {
    /// A fresh run seeded with `seed`, keeping the last [`super::trace::DEFAULT_CAPACITY`] events.
    pub fn new(seed: u64) -> Self {
        Runtime::with_trace(seed, Trace::default())
    }

    /// A fresh run recording into `trace` (choose its capacity; 0 keeps only counts).
    pub fn with_trace(seed: u64, trace: Trace) -> Self {
        Runtime { shared: Rc::new(Shared { state: RefCell::new(State::new(seed, trace)), seed }) }
    }

    pub fn seed(&self) -> u64 {
        self.shared.seed
    }

    /// Spawns a top-level process (no parent).
    pub fn spawn<F, Fut>(&self, name: &'static str, behaviour: Behaviour, body: F) -> Pid
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = ProcResult> + 'static,
    {
        let opts = SpawnOpts { parent: None, name, behaviour, link: false, monitor: None };
        Shared::spawn(&self.shared, opts, body)
    }

    /// Sends from outside the runtime (a button, a socket frame).
    pub fn send(&self, to: Pid, msg: Term) {
        self.shared.state.borrow_mut().send(None, to, msg);
    }

    /// `Process.exit(pid, reason)` from outside (the observer's "kill").
    pub fn exit(&self, pid: Pid, reason: ExitReason) {
        Shared::exit_signal(&self.shared, Some(OUTSIDE), pid, reason);
    }

    /// Cancels a timer from outside; the remaining milliseconds, or `None` if it already fired.
    pub fn cancel_timer(&self, timer: Ref) -> Option<u64> {
        self.shared.state.borrow_mut().cancel_timer(None, timer)
    }

    pub fn now(&self) -> u64 {
        self.shared.state.borrow().now
    }

    pub fn is_alive(&self, pid: Pid) -> bool {
        self.shared.state.borrow().alive(pid)
    }

    /// Live processes.
    pub fn process_count(&self) -> usize {
        self.shared.state.borrow().procs.len()
    }

    /// The pid registered under `name`, if any.
    pub fn whereis(&self, name: &Term) -> Option<Pid> {
        self.shared.state.borrow().names.get(name).copied()
    }

    /// Every live process, by pid.
    pub fn processes(&self) -> Vec<ProcessInfo> {
        let st = self.shared.state.borrow();
        let mut out: Vec<ProcessInfo> = st
            .procs
            .iter()
            .map(|(pid, p)| ProcessInfo {
                pid: *pid,
                name: p.name,
                behaviour: p.behaviour,
                parent: p.parent,
                mailbox: p.mailbox.len(),
                handled: p.handled,
                links: p.links.iter().copied().collect(),
                trap_exit: p.trap_exit,
                waiting: !p.queued && p.wait != Wait::Running,
            })
            .collect();
        out.sort_by_key(|i| i.pid);
        out
    }

    /// Polls one ready process. False when none is ready.
    pub fn poll_next(&self) -> bool {
        Shared::poll_next(&self.shared)
    }

    /// Polls ready processes until none is ready or `budget` polls were made; the number made.
    pub fn run_ready(&self, budget: usize) -> usize {
        let mut polls = 0;
        while polls < budget && self.poll_next() {
            polls += 1;
        }
        polls
    }

    /// Polls until no process is ready (the clock does not move).
    pub fn run_until_idle(&self) {
        while self.poll_next() {}
    }

    /// The earliest pending timer's deadline.
    pub fn next_deadline(&self) -> Option<u64> {
        self.shared.state.borrow_mut().next_deadline()
    }

    /// Jumps the clock to the earliest timer and fires it. False when no timer is pending.
    pub fn fire_next_timer(&self) -> bool {
        Shared::with_state(&self.shared, |st| st.fire_next_timer())
    }

    /// One unit of work: poll a ready process, or else fire the next timer. False when neither exists.
    pub fn step(&self) -> bool {
        self.poll_next() || self.fire_next_timer()
    }

    /// Units of work done so far (polls plus timers fired): with the seed, this pins down exactly
    /// where a run is, whichever driver moved it.
    pub fn steps(&self) -> u64 {
        self.shared.state.borrow().steps
    }

    /// The simulation driver: run to quiescence, jump to the next deadline, repeat, until every
    /// process has exited or the rest wait forever (a deadlock, reported with the blocked pids).
    pub fn run(&self) -> RunOutcome {
        loop {
            self.run_until_idle();
            if !self.fire_next_timer() {
                return self.outcome();
            }
        }
    }

    /// The simulation driver up to virtual time `until`: the clock ends exactly there, idle or not.
    pub fn run_until(&self, until: u64) -> RunOutcome {
        loop {
            self.run_until_idle();
            match self.next_deadline() {
                Some(d) if d <= until => {
                    self.fire_next_timer();
                }
                _ => {
                    let mut st = self.shared.state.borrow_mut();
                    st.now = st.now.max(until);
                    return if st.procs.is_empty() { RunOutcome::Completed } else { RunOutcome::Reached };
                }
            }
        }
    }

    /// Advances the clock to `at` if no timer is due before it (the browser driver's real-time pacing).
    pub fn advance_clock_to(&self, at: u64) {
        let mut st = self.shared.state.borrow_mut();
        let limit = st.next_deadline().unwrap_or(u64::MAX);
        st.now = st.now.max(at.min(limit));
    }

    fn outcome(&self) -> RunOutcome {
        let st = self.shared.state.borrow();
        if st.procs.is_empty() { RunOutcome::Completed } else { RunOutcome::Deadlock { blocked: st.blocked() } }
    }

    /// Reads the trace.
    pub fn read_trace<R>(&self, f: impl FnOnce(&Trace) -> R) -> R {
        f(&self.shared.state.borrow().trace)
    }

    /// The trace's stable hash (see [`Trace::hash`]).
    pub fn trace_hash(&self) -> u64 {
        self.read_trace(Trace::hash)
    }

    /// Records an event from outside (a UI action such as "crash one"), at the current time.
    pub fn record(&self, pid: Pid, kind: EventKind) {
        self.shared.state.borrow_mut().record(pid, kind);
    }

    /// A uniform integer in `lo..hi` from the run's seeded generator.
    pub fn random_range(&self, lo: u64, hi: u64) -> u64 {
        self.shared.state.borrow_mut().random_range(lo, hi)
    }
}
