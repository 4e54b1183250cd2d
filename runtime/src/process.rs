//! Processes (Elixir's `Process` / `Kernel.spawn*`): spawning, and the calls a running process makes.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use super::atom::Atom;
use super::exit::ExitReason;
use super::pid::{Behaviour, OUTSIDE, Pid, Ref};
use super::scheduler::{Proc, Shared, Wait};
use super::term::Term;
use super::trace::{Custom, EventKind};

/// How a process is started: parent, name, behaviour, and whether it is linked or monitored at birth.
pub(crate) struct SpawnOpts {
    parent: Option<Pid>,
    name: Atom,
    behaviour: Behaviour,
    link: bool,
    monitor: Option<(Pid, Ref)>,
}

impl SpawnOpts {
    pub(crate) fn top_level(name: Atom, behaviour: Behaviour) -> Self {
        SpawnOpts { parent: None, name, behaviour, link: false, monitor: None }
    }

    pub(crate) fn child_of(parent: Pid, name: Atom, behaviour: Behaviour) -> Self {
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

/// Starts a process running `body`; a child of a dead parent is never started (its pid is spent).
pub(crate) fn spawn<F, Fut>(shared: &Rc<Shared>, opts: SpawnOpts, body: F) -> Pid
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = ProcResult> + 'static,
{
    let pid = shared.state.borrow_mut().next_pid();
    let parent_alive = opts.parent.is_none_or(|p| p == OUTSIDE || shared.state.borrow().alive(p));
    if !parent_alive {
        return pid;
    }
    let future = Box::pin(body(Ctx { shared: shared.clone(), pid }));
    let mut st = shared.state.borrow_mut();
    st.insert(pid, Proc::new(opts.name, opts.behaviour, opts.parent, future));
    if let (true, Some(parent)) = (opts.link, opts.parent) {
        st.link(parent, pid);
    }
    if let Some((watcher, monitor)) = opts.monitor {
        st.monitor(watcher, pid, monitor);
    }
    pid
}

/// What a process body returns: `Ok(())` exits `:normal`, `Err(reason)` exits with `reason`.
/// `?` on a failed call exits the caller, as an uncaught exit does in Elixir.
pub type ProcResult = Result<(), ExitReason>;

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
    pub fn spawn<F, Fut>(&self, name: impl Into<Atom>, behaviour: Behaviour, body: F) -> Pid
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = ProcResult> + 'static,
    {
        spawn(&self.shared, SpawnOpts::child_of(self.pid, name.into(), behaviour), body)
    }

    /// `spawn_link(fun)`
    pub fn spawn_link<F, Fut>(&self, name: impl Into<Atom>, behaviour: Behaviour, body: F) -> Pid
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = ProcResult> + 'static,
    {
        spawn(&self.shared, SpawnOpts::child_of(self.pid, name.into(), behaviour).linked(), body)
    }

    /// `spawn_opt(fun, opts)`: linked and / or monitored from birth, as `Task.async/1` starts a task.
    pub(crate) fn spawn_with<F, Fut>(&self, opts: SpawnOpts, body: F) -> Pid
    where
        F: FnOnce(Ctx) -> Fut,
        Fut: Future<Output = ProcResult> + 'static,
    {
        spawn(&self.shared, opts, body)
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

    /// `Process.demonitor(ref, [:flush, :info])`: removes the monitor and any `:DOWN` already in the
    /// mailbox; true if the monitor was still active.
    pub fn demonitor(&self, monitor: Ref) -> bool {
        self.shared.state.borrow_mut().demonitor(self.pid, monitor, true)
    }

    /// `Process.demonitor(ref)`: removes the monitor, leaving a `:DOWN` already delivered in the mailbox.
    pub fn demonitor_keeping_down(&self, monitor: Ref) {
        self.shared.state.borrow_mut().demonitor(self.pid, monitor, false);
    }

    /// `Process.info(pid, :links)`: the processes `pid` is linked to, in pid order (`None` if it is dead).
    pub fn links_of(&self, pid: Pid) -> Option<Vec<Pid>> {
        self.shared.state.borrow().procs.get(&pid).map(|p| p.links.clone())
    }

    /// `alias()` with `alias: :demonitor` semantics in calls: messages sent to `alias` through
    /// [`Ctx::send_alias`] reach this process until [`Ctx::deactivate_alias`].
    pub(crate) fn activate_alias(&self, alias: Ref) {
        if let Some(p) = self.shared.state.borrow_mut().procs.get_mut(&self.pid) {
            p.aliases.push(alias);
        }
    }

    /// `unalias(alias)`: later messages sent to `alias` are dropped.
    pub(crate) fn deactivate_alias(&self, alias: Ref) {
        if let Some(p) = self.shared.state.borrow_mut().procs.get_mut(&self.pid) {
            p.aliases.retain(|a| *a != alias);
        }
    }

    /// `send(alias, msg)`: delivered to `to` only while `alias` is active there.
    pub(crate) fn send_alias(&self, to: Pid, alias: Ref, msg: Term) {
        self.shared.state.borrow_mut().send_alias(self.pid, to, alias, msg);
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

    /// `Process.info(self(), :messages)`: the messages waiting in this process's mailbox, oldest first.
    pub fn messages(&self) -> Vec<Term> {
        let st = self.shared.state.borrow();
        st.procs.get(&self.pid).map(|p| p.mailbox.iter().map(|e| e.msg.clone()).collect()).unwrap_or_default()
    }

    /// `Process.register(self(), name)`: the name goes when this process exits. `Err(holder)`
    /// while a live process (this one included) holds it.
    pub fn register(&self, name: impl Into<Atom>) -> Result<(), Pid> {
        self.register_pid(name.into(), self.pid)
    }

    /// Registers `pid` under `name` (a supervisor naming the child it starts); `Err(holder)` if taken.
    pub(crate) fn register_pid(&self, name: Atom, pid: Pid) -> Result<(), Pid> {
        let mut st = self.shared.state.borrow_mut();
        if !st.alive(pid) {
            return Ok(());
        }
        st.names.register(name, pid)
    }

    /// `Process.unregister(name)`: only the holder can drop its name.
    pub fn unregister(&self, name: impl Into<Atom>) {
        self.shared.state.borrow_mut().names.unregister(name.into(), self.pid);
    }

    /// `Process.whereis(name)`
    pub fn whereis(&self, name: impl Into<Atom>) -> Option<Pid> {
        self.shared.state.borrow().names.whereis(name.into())
    }

    /// `Process.alive?(pid)`
    pub fn is_alive(&self, pid: Pid) -> bool {
        self.shared.state.borrow().procs.contains_key(&pid)
    }

    /// A uniform integer in `lo..hi` from the run's seeded generator.
    pub fn random_range(&self, lo: u64, hi: u64) -> u64 {
        self.shared.state.borrow_mut().random_range(lo, hi)
    }

    /// Records an event in the trace, from this process.
    pub fn record(&self, kind: EventKind) {
        self.shared.state.borrow_mut().record(self.pid, kind);
    }

    /// Records a recipe's own event (a cache hit, a frame received) in the trace, from this process.
    pub fn record_custom(&self, event: impl Custom) {
        self.record(EventKind::custom_event(event));
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
