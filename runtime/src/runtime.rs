//! The runtime (a BEAM node): one run's handle, and the simulation driver that moves its virtual clock.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use super::atom::Atom;
use super::exit::ExitReason;
use super::order::sort_by_key;
use super::pid::{Behaviour, OUTSIDE, Pid, Ref};
use super::process::{self, Ctx, ProcResult, SpawnOpts};
use super::scheduler::{Shared, State, Wait};
use super::term::Term;
use super::trace::Trace;

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
    pub name: Atom,
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
    pub(crate) shared: Rc<Shared>,
}

impl Runtime {
    /// A fresh run seeded with `seed`, keeping the last [`crate::trace::DEFAULT_CAPACITY`] events.
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
    pub fn spawn<F, Fut>(&self, name: impl Into<Atom>, behaviour: Behaviour, body: F) -> Pid
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = ProcResult> + 'static,
    {
        process::spawn(&self.shared, SpawnOpts::top_level(name.into(), behaviour), body)
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

    /// `Process.whereis(name)`: the pid registered under `name`, if any.
    pub fn whereis(&self, name: impl Into<Atom>) -> Option<Pid> {
        self.shared.state.borrow().names.whereis(name.into())
    }

    /// `GenServer.whereis({:via, Registry, {registry, key}})`: the process under `key` in a `:unique` registry, if any.
    pub fn whereis_via(&self, registry: impl Into<Atom>, key: &Term) -> Option<Pid> {
        self.shared.state.borrow().names.whereis_via(registry.into(), key)
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
                links: p.links.clone(),
                trap_exit: p.trap_exit,
                waiting: !p.queued && p.wait != Wait::Running,
            })
            .collect();
        sort_by_key(&mut out, |i| i.pid);
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

    /// A uniform integer in `lo..hi` from the run's seeded generator.
    pub fn random_range(&self, lo: u64, hi: u64) -> u64 {
        self.shared.state.borrow_mut().random_range(lo, hi)
    }
}
