//! Processes (Elixir's `Process` / `Kernel.spawn*`): pids, exit reasons, and the calls a running process makes.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use super::scheduler::{OUTSIDE, Shared, SpawnOpts, Wait};
use super::term::{Ref, Term};
use super::trace::EventKind;

/// A process identifier, shown as `#PID<0.n.0>`. Pids are never reused within a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pid(pub u32);

impl fmt::Display for Pid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#PID<0.{}.0>", self.0)
    }
}

/// Why a process exited. `Kill` is the untrappable signal; a process it reaches exits `Killed`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExitReason {
    /// `:normal`: the process finished.
    Normal,
    /// `:shutdown`: stopped by its supervisor or owner.
    Shutdown,
    /// `:kill`: the signal `Process.exit(pid, :kill)` sends; cannot be trapped.
    Kill,
    /// `:killed`: the reason of a process that received `:kill`.
    Killed,
    /// `{:timeout, _}`: a `Task.await/2` or `GenServer.call/3` ran out of time.
    Timeout,
    /// `:noproc`: a call to a process that is not alive.
    Noproc,
    /// `{:error, term}` or any other crash.
    Error(Term),
}

impl ExitReason {
    /// A crash with `{:error, reason}`.
    pub fn error(reason: &'static str) -> Self {
        ExitReason::Error(Term::atom(reason))
    }

    /// `:normal` and `:shutdown` are the reasons a transient child is not restarted for.
    pub fn is_normal_or_shutdown(&self) -> bool {
        matches!(self, ExitReason::Normal | ExitReason::Shutdown)
    }

    /// The reason as a term, as linked processes that trap exits receive it.
    pub fn to_term(&self) -> Term {
        match self {
            ExitReason::Normal => Term::atom("normal"),
            ExitReason::Shutdown => Term::atom("shutdown"),
            ExitReason::Kill | ExitReason::Killed => Term::atom("killed"),
            ExitReason::Timeout => Term::atom("timeout"),
            ExitReason::Noproc => Term::atom("noproc"),
            ExitReason::Error(t) => Term::tuple([Term::atom("error"), t.clone()]),
        }
    }

    /// The reason read back from a term (the inverse of [`ExitReason::to_term`]).
    pub fn from_term(term: &Term) -> Self {
        match term {
            Term::Atom("normal") => ExitReason::Normal,
            Term::Atom("shutdown") => ExitReason::Shutdown,
            Term::Atom("killed") | Term::Atom("kill") => ExitReason::Killed,
            Term::Atom("timeout") => ExitReason::Timeout,
            Term::Atom("noproc") => ExitReason::Noproc,
            t if t.tag() == Some("error") && t.elem(1).is_some() => {
                ExitReason::Error(t.elem(1).cloned().unwrap_or(Term::atom("unknown")))
            }
            other => ExitReason::Error(other.clone()),
        }
    }

    /// One word per reason: the colour key views use.
    pub fn class(&self) -> &'static str {
        match self {
            ExitReason::Normal => "normal",
            ExitReason::Shutdown => "shutdown",
            ExitReason::Kill | ExitReason::Killed => "killed",
            ExitReason::Timeout => "timeout",
            ExitReason::Noproc => "noproc",
            ExitReason::Error(_) => "error",
        }
    }
}

impl fmt::Display for ExitReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExitReason::Kill => f.write_str(":kill"),
            other => write!(f, "{}", other.to_term()),
        }
    }
}

/// What a process body returns: `Ok(())` exits `:normal`, `Err(reason)` exits with `reason`.
/// `?` on a failed call exits the caller, as an uncaught exit does in Elixir.
pub type ProcResult = Result<(), ExitReason>;

/// The behaviour a process implements, for views and the observer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    Process,
    Task,
    Supervisor,
    TaskSupervisor,
    GenServer,
    Agent,
}

impl Behaviour {
    pub fn as_str(self) -> &'static str {
        match self {
            Behaviour::Process => "process",
            Behaviour::Task => "task",
            Behaviour::Supervisor => "supervisor",
            Behaviour::TaskSupervisor => "task_supervisor",
            Behaviour::GenServer => "gen_server",
            Behaviour::Agent => "agent",
        }
    }
}

/// A running process's handle on the runtime: `self()`, `send/2`, `receive`, links, monitors, timers.
#[derive(Clone)]
pub struct Ctx {
    pub(crate) shared: Rc<Shared>,
    pub(crate) pid: Pid,
}

impl Ctx {
    /// `self()`
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// The virtual clock, in milliseconds since the run started.
    pub fn now(&self) -> u64 {
        self.shared.state.borrow().now
    }

    /// `send(to, msg)`: never blocks; a message to a dead process is dropped.
    pub fn send(&self, to: Pid, msg: Term) {
        self.shared.state.borrow_mut().send(Some(self.pid), to, msg);
    }

    /// `receive do msg -> msg end`: the oldest message, waiting as long as it takes.
    pub async fn receive(&self) -> Term {
        loop {
            if let Some(msg) = self.receive_match(|_| true, None).await {
                return msg;
            }
        }
    }

    /// The process that started this one (`OUTSIDE` for a top-level process).
    pub fn parent(&self) -> Pid {
        let st = self.shared.state.borrow();
        st.procs.get(&self.pid).and_then(|p| p.parent).unwrap_or(OUTSIDE)
    }

    /// Selective receive: the oldest message `matches` accepts, or `None` after `after_ms`.
    pub fn receive_match<F: FnMut(&Term) -> bool>(&self, matches: F, after_ms: Option<u64>) -> Receive<F> {
        Receive { ctx: self.clone(), matches, after_ms, timer: None }
    }

    /// `Process.sleep(ms)`: waits without looking at the mailbox.
    pub fn sleep(&self, ms: u64) -> Sleep {
        Sleep { ctx: self.clone(), ms, timer: None }
    }

    /// `spawn(fun)`
    pub fn spawn<F, Fut>(&self, name: &'static str, behaviour: Behaviour, body: F) -> Pid
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = ProcResult> + 'static,
    {
        Shared::spawn(&self.shared, SpawnOpts::child_of(self.pid, name, behaviour), body)
    }

    /// `spawn_link(fun)`
    pub fn spawn_link<F, Fut>(&self, name: &'static str, behaviour: Behaviour, body: F) -> Pid
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = ProcResult> + 'static,
    {
        Shared::spawn(&self.shared, SpawnOpts::child_of(self.pid, name, behaviour).linked(), body)
    }

    /// `spawn_monitor(fun)` with the monitor named by `monitor` (made with [`Ctx::make_ref`]).
    pub(crate) fn spawn_with<F, Fut>(&self, opts: SpawnOpts, body: F) -> Pid
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = ProcResult> + 'static,
    {
        Shared::spawn(&self.shared, opts, body)
    }

    /// `make_ref()`
    pub fn make_ref(&self) -> Ref {
        self.shared.state.borrow_mut().make_ref()
    }

    /// `Process.link(pid)`: if `other` is already dead, this process gets its `:noproc` exit signal.
    pub fn link(&self, other: Pid) {
        self.shared.state.borrow_mut().link(self.pid, other);
    }

    /// `Process.unlink(pid)`
    pub fn unlink(&self, other: Pid) {
        self.shared.state.borrow_mut().unlink(self.pid, other);
    }

    /// `Process.monitor(pid)`: a `{:DOWN, ref, :process, pid, reason}` message arrives when `target` exits.
    pub fn monitor(&self, target: Pid) -> Ref {
        let mut st = self.shared.state.borrow_mut();
        let monitor = st.make_ref();
        st.monitor(self.pid, target, monitor);
        monitor
    }

    /// `Process.demonitor(ref, [:flush])`: removes the monitor and any `:DOWN` already in the mailbox.
    pub fn demonitor(&self, monitor: Ref) {
        self.shared.state.borrow_mut().demonitor(self.pid, monitor);
    }

    /// `Process.flag(:trap_exit, on)`: exit signals from links arrive as `{:EXIT, pid, reason}` messages.
    pub fn trap_exit(&self, on: bool) {
        if let Some(p) = self.shared.state.borrow_mut().procs.get_mut(&self.pid) {
            p.trap_exit = on;
        }
    }

    /// `Process.exit(pid, reason)`: sends an exit signal (`Kill` cannot be trapped).
    pub fn exit(&self, pid: Pid, reason: ExitReason) {
        Shared::exit_signal(&self.shared, Some(self.pid), pid, reason);
    }

    /// `Process.alive?(pid)`
    pub fn is_alive(&self, pid: Pid) -> bool {
        self.shared.state.borrow().procs.contains_key(&pid)
    }

    /// A uniform integer in `lo..hi` from the run's seeded generator.
    pub fn random_range(&self, lo: u64, hi: u64) -> u64 {
        self.shared.state.borrow_mut().random_range(lo, hi)
    }

    /// Records a domain event (a cache hit, a restart, a log line) in the trace, from this process.
    pub fn record(&self, kind: EventKind) {
        self.shared.state.borrow_mut().record(self.pid, kind);
    }
}

/// The future returned by [`Ctx::receive_match`].
pub struct Receive<F> {
    ctx: Ctx,
    matches: F,
    after_ms: Option<u64>,
    timer: Option<Ref>,
}

impl<F: FnMut(&Term) -> bool + Unpin> Future for Receive<F> {
    type Output = Option<Term>;

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let mut st = this.ctx.shared.state.borrow_mut();
        let pid = this.ctx.pid;
        if let Some(msg) = st.take_matching(pid, &mut this.matches) {
            if let Some(timer) = this.timer.take() {
                st.drop_wake(pid, timer);
            }
            return Poll::Ready(Some(msg));
        }
        let Some(proc) = st.procs.get_mut(&pid) else {
            return Poll::Pending;
        };
        if this.timer.is_some() && proc.wait == Wait::TimedOut {
            proc.wait = Wait::Running;
            this.timer = None;
            return Poll::Ready(None);
        }
        if this.timer.is_none() {
            match this.after_ms {
                Some(0) => return Poll::Ready(None),
                Some(ms) => this.timer = Some(st.wake_after(pid, ms)),
                None => {}
            }
        }
        if let Some(proc) = st.procs.get_mut(&pid) {
            proc.wait = Wait::Message;
        }
        Poll::Pending
    }
}

impl<F> Drop for Receive<F> {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take()
            && let Ok(mut st) = self.ctx.shared.state.try_borrow_mut()
        {
            st.drop_wake(self.ctx.pid, timer);
        }
    }
}

/// The future returned by [`Ctx::sleep`].
pub struct Sleep {
    ctx: Ctx,
    ms: u64,
    timer: Option<Ref>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        let pid = this.ctx.pid;
        let mut st = this.ctx.shared.state.borrow_mut();
        if this.timer.is_none() {
            if this.ms == 0 {
                return Poll::Ready(());
            }
            this.timer = Some(st.wake_after(pid, this.ms));
        }
        match st.procs.get_mut(&pid) {
            Some(proc) if proc.wait == Wait::TimedOut => {
                proc.wait = Wait::Running;
                this.timer = None;
                Poll::Ready(())
            }
            Some(proc) => {
                proc.wait = Wait::Sleep;
                Poll::Pending
            }
            None => Poll::Pending,
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take()
            && let Ok(mut st) = self.ctx.shared.state.try_borrow_mut()
        {
            st.drop_wake(self.ctx.pid, timer);
        }
    }
}
