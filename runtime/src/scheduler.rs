//! The scheduler (the BEAM's run queue and process table): ready processes, mailboxes, the clock, and polling.
//!
//! The other parts of a run's state live with the OTP concept they belong to, each in its own
//! module: timers in [`crate::timer`], links, monitors and exit signals in [`crate::signal`],
//! registered names and registries in [`crate::registry`], topics in [`crate::pubsub`], tables in [`crate::ets`].

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use rustc_hash::FxHashMap;

use super::atom::Atom;
use super::ets::Tables;
use super::exit::ExitReason;
use super::order::sort_by;
use super::pid::{Behaviour, OUTSIDE, Pid, Ref};
use super::port::Ports;
use super::process::ProcResult;
use super::pubsub::Topics;
use super::registry::Names;
use super::term::Term;
use super::timer::Timers;
use super::trace::{EventKind, MsgKind, Trace};

pub(crate) type ProcFuture = Pin<Box<dyn Future<Output = ProcResult>>>;

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
    pub(crate) from: Option<Pid>,
    pub(crate) msg: Term,
}

/// A process's record in the table (the BEAM's process control block).
pub(crate) struct Proc {
    pub(crate) name: Atom,
    pub(crate) behaviour: Behaviour,
    pub(crate) parent: Option<Pid>,
    pub(crate) trap_exit: bool,
    pub(crate) wait: Wait,
    /// Its receive-`after` or sleep timer.
    pub(crate) wake: Option<Ref>,
    pub(crate) queued: bool,
    pub(crate) future: Option<ProcFuture>,
    pub(crate) mailbox: VecDeque<Envelope>,
    /// Linked processes, in pid order, the order exit signals go out in: a sorted list rather than the only
    /// `BTreeSet<Pid>`, whose code the bundle would carry.
    pub(crate) links: Vec<Pid>,
    /// Monitors this process holds: monitor → target.
    pub(crate) monitors: FxHashMap<Ref, Pid>,
    /// Monitors on this process, `(monitor, watcher)` in monitor order, the order `:DOWN`s go out
    /// in: a sorted list rather than the only `BTreeMap<Ref, Pid>`, whose code the bundle would carry.
    pub(crate) monitored_by: Vec<(Ref, Pid)>,
    /// Active aliases (`:erlang.alias/0`): refs that messages sent with [`State::send_alias`] may use.
    pub(crate) aliases: Vec<Ref>,
    pub(crate) handled: u64,
}

impl Proc {
    pub(crate) fn new(name: Atom, behaviour: Behaviour, parent: Option<Pid>, future: ProcFuture) -> Self {
        Proc {
            name,
            behaviour,
            parent,
            trap_exit: false,
            wait: Wait::Running,
            wake: None,
            queued: true,
            future: Some(future),
            mailbox: VecDeque::new(),
            links: Vec::new(),
            monitors: FxHashMap::default(),
            monitored_by: Vec::new(),
            aliases: Vec::new(),
            handled: 0,
        }
    }

    /// Links this process to `other`; false if it already was.
    pub(crate) fn add_link(&mut self, other: Pid) -> bool {
        let Err(at) = self.links.binary_search(&other) else { return false };
        self.links.insert(at, other);
        true
    }

    /// Unlinks this process from `other`; false if it was not linked.
    pub(crate) fn remove_link(&mut self, other: Pid) -> bool {
        let Ok(at) = self.links.binary_search(&other) else { return false };
        self.links.remove(at);
        true
    }

    /// Records that `watcher` monitors this process as `monitor`.
    pub(crate) fn add_monitored_by(&mut self, monitor: Ref, watcher: Pid) {
        match self.monitored_by.binary_search_by_key(&monitor, |(m, _)| *m) {
            Ok(at) => self.monitored_by[at].1 = watcher,
            Err(at) => self.monitored_by.insert(at, (monitor, watcher)),
        }
    }

    /// Forgets the monitor `monitor` on this process.
    pub(crate) fn remove_monitored_by(&mut self, monitor: Ref) {
        if let Ok(at) = self.monitored_by.binary_search_by_key(&monitor, |(m, _)| *m) {
            self.monitored_by.remove(at);
        }
    }
}

/// Everything a run holds, behind one `RefCell`.
pub(crate) struct State {
    pub(crate) now: u64,
    next_pid: u32,
    next_ref: u64,
    pub(crate) steps: u64,
    pub(crate) procs: FxHashMap<Pid, Box<Proc>>,
    ready: VecDeque<Pid>,
    pub(crate) timers: Timers,
    pub(crate) trace: Trace,
    rng: Pcg64Mcg,
    pub(crate) names: Names,
    pub(crate) topics: Topics,
    pub(crate) tables: Tables,
    pub(crate) ports: Ports,
    /// Futures of processes that died while the state was borrowed, dropped after the borrow.
    pub(crate) graveyard: Vec<ProcFuture>,
}

/// A run's state, shared by the runtime handle and every process's `Ctx`.
pub(crate) struct Shared {
    pub(crate) state: RefCell<State>,
    pub(crate) seed: u64,
}

/// A message's kind and label for the trace, from its shape as OTP's behaviours shape it.
pub(crate) fn classify(msg: &Term) -> (MsgKind, Atom) {
    const TERM: Atom = Atom::new("term");
    match msg {
        Term::Tuple(items) => match (items.first(), items.get(2), items.get(1)) {
            (Some(Term::Atom(a)), Some(req), _) if *a == "$gen_call" => (MsgKind::Call, label(req).unwrap_or(TERM)),
            (Some(Term::Atom(a)), _, Some(req)) if *a == "$gen_cast" => (MsgKind::Cast, label(req).unwrap_or(TERM)),
            (Some(Term::Ref(_)), _, Some(reply)) => (MsgKind::Reply, label(reply).unwrap_or(Atom::new("reply"))),
            (Some(Term::Atom(tag)), _, _) => (MsgKind::Info, *tag),
            _ => (MsgKind::Info, TERM),
        },
        other => (MsgKind::Info, label(other).unwrap_or(TERM)),
    }
}

/// The atom a message is tagged with: itself, or a tuple's first element.
fn label(msg: &Term) -> Option<Atom> {
    match msg {
        Term::Atom(a) => Some(*a),
        Term::Tuple(items) => match items.first() {
            Some(Term::Atom(a)) => Some(*a),
            _ => None,
        },
        _ => None,
    }
}

impl State {
    pub(crate) fn new(seed: u64, trace: Trace) -> Self {
        State {
            now: 0,
            next_pid: 1,
            next_ref: 1,
            steps: 0,
            procs: FxHashMap::default(),
            ready: VecDeque::new(),
            timers: Timers::default(),
            trace,
            rng: Pcg64Mcg::seed_from_u64(seed),
            names: Names::default(),
            topics: Topics::default(),
            tables: Tables::default(),
            ports: Ports::default(),
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

    pub(crate) fn next_pid(&mut self) -> Pid {
        let pid = Pid(self.next_pid);
        self.next_pid += 1;
        pid
    }

    pub(crate) fn random_range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo { lo } else { self.rng.random_range(lo..hi) }
    }

    pub(crate) fn alive(&self, pid: Pid) -> bool {
        self.procs.contains_key(&pid)
    }

    /// Adds a new process to the table and the run queue, and records its spawn.
    pub(crate) fn insert(&mut self, pid: Pid, proc: Proc) {
        let (parent, name, behaviour) = (proc.parent, proc.name, proc.behaviour);
        self.procs.insert(pid, Box::new(proc));
        self.ready.push_back(pid);
        self.record(pid, EventKind::Spawn { parent, name, behaviour });
    }

    /// Queues `pid` to be polled.
    pub(crate) fn wake(&mut self, pid: Pid) {
        if let Some(p) = self.procs.get_mut(&pid)
            && !p.queued
        {
            p.queued = true;
            self.ready.push_back(pid);
        }
    }

    /// Puts `msg` in `to`'s mailbox (if `to` is alive) and wakes it if it is in `receive`.
    pub(crate) fn deliver(&mut self, from: Option<Pid>, to: Pid, msg: Term) {
        let Some(p) = self.procs.get_mut(&to) else {
            return;
        };
        p.mailbox.push_back(Envelope { from, msg });
        if p.wait == Wait::Message && !p.queued {
            p.queued = true;
            self.ready.push_back(to);
        }
    }

    /// `send/2`, recorded: a message from a dead process is not sent.
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

    /// A send to `to` through its alias `alias`: recorded, but delivered only while the alias is active.
    pub(crate) fn send_alias(&mut self, from: Pid, to: Pid, alias: Ref, msg: Term) {
        if !self.alive(from) {
            return;
        }
        let (kind, label) = classify(&msg);
        self.record(from, EventKind::Send { to, label, kind });
        if self.procs.get(&to).is_some_and(|p| p.aliases.contains(&alias)) {
            self.deliver(Some(from), to, msg);
        }
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

    pub(crate) fn blocked(&self) -> Vec<Pid> {
        let mut pids: Vec<Pid> = self.procs.keys().copied().collect();
        sort_by(&mut pids, Ord::cmp);
        pids
    }
}

impl Shared {
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

    /// Polls the next ready process once. False when none is ready.
    pub(crate) fn poll_next(shared: &Rc<Shared>) -> bool {
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
