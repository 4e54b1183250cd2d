//! Tasks (Elixir's `Task`): `async`, `await`, `await_many`, `yield`, `yield_many` and `shutdown`.

use std::future::Future;

use rustc_hash::FxHashMap;

use super::atom::Atom;
use super::exit::ExitReason;
use super::pid::{Behaviour, Pid, Ref};
use super::process::{Ctx, SpawnOpts};
use super::supervisor::Shutdown;
use super::term::Term;

/// `Task.await/2`'s default timeout, in milliseconds.
pub const DEFAULT_AWAIT_TIMEOUT: u64 = 5000;

/// A task started by [`Task::async_`] or `Task.Supervisor.async_nolink`: its pid and the
/// monitor its owner holds. Its result arrives as a `{ref, result}` message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Task {
    pub pid: Pid,
    pub monitor: Ref,
}

fn is_reply(msg: &Term, monitor: Ref) -> bool {
    matches!(msg, Term::Tuple(items) if items.len() == 2 && items[0] == Term::Ref(monitor))
}

/// The monitor a task's reply (`{ref, value}`) or `:DOWN` names.
fn monitor_of(msg: &Term) -> Option<Ref> {
    match msg {
        Term::Tuple(items) if items.len() == 2 => items[0].as_ref(),
        m if m.tag() == Some("DOWN") => m.elem(1).and_then(Term::as_ref),
        _ => None,
    }
}

fn down_reason(msg: &Term) -> ExitReason {
    msg.elem(4).map(ExitReason::from_term).unwrap_or(ExitReason::Noproc)
}

/// The reason an await exits its caller with: `{reason, {Task, function, [task(s), timeout]}}`.
/// A task appears as its pid (Elixir shows the `%Task{}` struct).
fn await_exit(reason: ExitReason, function: &'static str, tasks: Term, timeout_ms: u64) -> ExitReason {
    reason.in_call("Task", function, [tasks, Term::Int(timeout_ms as i64)])
}

/// The body a task runs: its value becomes the reply, an `Err` is the task's exit reason.
pub(crate) async fn run_task<Fut>(ctx: Ctx, owner: Pid, monitor: Ref, work: Fut) -> Result<(), ExitReason>
where
    Fut: Future<Output = Result<Term, ExitReason>>,
{
    let value = work.await?;
    ctx.send(owner, Term::tuple([Term::Ref(monitor), value]));
    Ok(())
}

impl Task {
    /// `Task.async(fun)`: a task linked to and monitored by the caller.
    ///
    /// ```
    /// use tasklane_runtime::prelude::*;
    /// let rt = Runtime::new(1);
    /// rt.spawn("caller", Behaviour::Process, |ctx| async move {
    ///     let task = Task::async_(&ctx, "double", |t| async move {
    ///         t.sleep(100).await;
    ///         Ok(Term::Int(42))
    ///     });
    ///     assert_eq!(task.await_(&ctx, 5000).await?, Term::Int(42));
    ///     Ok(())
    /// });
    /// assert_eq!(rt.run(), RunOutcome::Completed);
    /// assert_eq!(rt.now(), 100);
    /// ```
    pub fn async_<F, Fut>(ctx: &Ctx, name: impl Into<Atom>, work: F) -> Task
    where
        F: FnOnce(Ctx) -> Fut + 'static,
        Fut: Future<Output = Result<Term, ExitReason>> + 'static,
    {
        let owner = ctx.pid();
        let monitor = ctx.make_ref();
        let opts = SpawnOpts::child_of(owner, name.into(), Behaviour::Task).linked().monitored_by(owner, monitor);
        let pid = ctx.spawn_with(opts, move |t| {
            let work = work(t.clone());
            run_task(t, owner, monitor, work)
        });
        Task { pid, monitor }
    }

    /// `Task.await(task, timeout)`: the task's value. If the task dies, or `timeout_ms` passes,
    /// the `Err` is the reason the caller exits with (use `?`), as in Elixir.
    pub async fn await_(&self, ctx: &Ctx, timeout_ms: u64) -> Result<Term, ExitReason> {
        let monitor = self.monitor;
        let exit = |reason| await_exit(reason, "await", Term::Pid(self.pid), timeout_ms);
        match ctx.receive_match(|m| is_reply(m, monitor) || m.is_down_of(monitor), Some(timeout_ms)).await {
            Some(msg) if msg.is_down_of(monitor) => Err(exit(down_reason(&msg))),
            Some(msg) => {
                ctx.demonitor(monitor);
                Ok(msg.elem(1).cloned().unwrap_or(Term::atom("nil")))
            }
            None => {
                ctx.demonitor(monitor);
                Err(exit(ExitReason::Other(Term::atom("timeout"))))
            }
        }
    }

    /// `Task.await_many(tasks, timeout)`: every value, in order, within one shared timeout.
    pub async fn await_many(ctx: &Ctx, tasks: &[Task], timeout_ms: u64) -> Result<Vec<Term>, ExitReason> {
        let deadline = ctx.now() + timeout_ms;
        let index: FxHashMap<Ref, usize> = tasks.iter().enumerate().map(|(i, t)| (t.monitor, i)).collect();
        let mut results: Vec<Option<Term>> = vec![None; tasks.len()];
        let mut left = tasks.len();
        let exit =
            |reason| await_exit(reason, "await_many", Term::list(tasks.iter().map(|t| Term::Pid(t.pid))), timeout_ms);
        while left > 0 {
            let remaining = deadline.saturating_sub(ctx.now());
            let ours = |m: &Term| monitor_of(m).is_some_and(|r| index.contains_key(&r));
            let Some(msg) = ctx.receive_match(ours, Some(remaining)).await else {
                return Err(exit(ExitReason::Other(Term::atom("timeout"))));
            };
            let Some((monitor, i)) = monitor_of(&msg).and_then(|r| index.get(&r).map(|i| (r, *i))) else { continue };
            if msg.is_down_of(monitor) {
                return Err(exit(down_reason(&msg)));
            }
            ctx.demonitor(monitor);
            results[i] = msg.elem(1).cloned();
            left -= 1;
        }
        Ok(results.into_iter().map(|r| r.unwrap_or(Term::atom("nil"))).collect())
    }

    /// `Task.async_stream(items, fun, max_concurrency: m, timeout: t) |> Enum.to_list()`: runs
    /// `work` on every item in a task of its own (linked to the caller), at most `max_concurrency`
    /// at once, starting the next item's task as soon as one finishes; the results come back in the
    /// order of the items, each as `{:ok, value}` (or `{:exit, reason}` for a task that died while
    /// the caller traps exits). A task that runs longer than `timeout_ms` makes the caller exit with
    /// `{:timeout, {Task.Supervised, :stream, [timeout]}}` (use `?`), and its linked tasks with it.
    /// Elixir's stream is lazy and starts work as it is consumed; this is the stream run to the end.
    ///
    /// ```
    /// use tasklane_runtime::prelude::*;
    /// let rt = Runtime::new(1);
    /// rt.spawn("caller", Behaviour::Process, |ctx| async move {
    ///     let work = |t: Ctx, ms: u64| async move { t.sleep(ms).await; Ok(Term::Int(ms as i64)) };
    ///     let results = Task::async_stream(&ctx, "task", vec![300, 100, 200, 50], 2, 5000, work).await?;
    ///     assert_eq!(Term::list(results).to_string(), "[ok: 300, ok: 100, ok: 200, ok: 50]");
    ///     Ok(())
    /// });
    /// assert_eq!(rt.run(), RunOutcome::Completed);
    /// assert_eq!(rt.now(), 350, "200 starts when 100 is done (at 100), 50 when 300 is (at 300)");
    /// ```
    pub async fn async_stream<I, F, Fut>(
        ctx: &Ctx,
        name: impl Into<Atom>,
        items: Vec<I>,
        max_concurrency: usize,
        timeout_ms: u64,
        work: F,
    ) -> Result<Vec<Term>, ExitReason>
    where
        I: 'static,
        F: Fn(Ctx, I) -> Fut + Clone + 'static,
        Fut: Future<Output = Result<Term, ExitReason>> + 'static,
    {
        let name = name.into();
        let total = items.len();
        let mut pending = items.into_iter().enumerate();
        // Running tasks by monitor: (item index, deadline).
        let mut running: FxHashMap<Ref, (usize, u64)> = FxHashMap::default();
        let mut results: Vec<Option<Term>> = vec![None; total];
        let mut done = 0;
        while done < total {
            while running.len() < max_concurrency.max(1) {
                let Some((i, item)) = pending.next() else { break };
                let work = work.clone();
                let task = Task::async_(ctx, name, move |t| work(t, item));
                running.insert(task.monitor, (i, ctx.now() + timeout_ms));
            }
            let deadline = running.values().map(|(_, d)| *d).min().unwrap_or(ctx.now());
            let ours = |m: &Term| monitor_of(m).is_some_and(|r| running.contains_key(&r));
            let Some(msg) = ctx.receive_match(ours, Some(deadline.saturating_sub(ctx.now()))).await else {
                return Err(ExitReason::timeout("Task.Supervised", "stream", [Term::Int(timeout_ms as i64)]));
            };
            let Some(monitor) = monitor_of(&msg) else { continue };
            let Some((i, _)) = running.remove(&monitor) else { continue };
            results[i] = Some(if msg.is_down_of(monitor) {
                Term::tuple([Term::atom("exit"), down_reason(&msg).to_term()])
            } else {
                ctx.demonitor(monitor);
                Term::tuple([Term::atom("ok"), msg.elem(1).cloned().unwrap_or(Term::atom("nil"))])
            });
            done += 1;
        }
        Ok(results.into_iter().map(|r| r.unwrap_or(Term::atom("nil"))).collect())
    }

    /// `Task.yield(task, timeout)`: `Some(Ok(value))`, `Some(Err(reason))` if the task died,
    /// or `None` if it is still running after `timeout_ms` (the caller carries on either way).
    pub async fn yield_(&self, ctx: &Ctx, timeout_ms: u64) -> Option<Result<Term, ExitReason>> {
        let monitor = self.monitor;
        let msg = ctx.receive_match(|m| is_reply(m, monitor) || m.is_down_of(monitor), Some(timeout_ms)).await?;
        if msg.is_down_of(monitor) {
            return Some(Err(down_reason(&msg)));
        }
        ctx.demonitor(monitor);
        Some(Ok(msg.elem(1).cloned().unwrap_or(Term::atom("nil"))))
    }

    /// `Task.yield_many(tasks, timeout)`: each task's outcome after one shared timeout, in order.
    pub async fn yield_many(ctx: &Ctx, tasks: &[Task], timeout_ms: u64) -> Vec<Option<Result<Term, ExitReason>>> {
        let deadline = ctx.now() + timeout_ms;
        let mut out = Vec::with_capacity(tasks.len());
        for task in tasks {
            let remaining = deadline.saturating_sub(ctx.now());
            out.push(task.yield_(ctx, remaining).await);
        }
        out
    }

    /// `Task.shutdown(task, shutdown)`: unlinks the task and stops it — `:shutdown` then, after
    /// `Shutdown::Timeout(ms)`, `:kill`; at once with `Shutdown::BrutalKill`. A reply that arrived
    /// first is `Some(Ok(value))`; a task stopped the way it was asked to gives `None`; a task
    /// that died some other way (or had to be killed after its timeout) gives `Some(Err(reason))`,
    /// Elixir's `{:exit, reason}`.
    ///
    /// ```
    /// use tasklane_runtime::prelude::*;
    /// use tasklane_runtime::supervisor::Shutdown;
    /// let rt = Runtime::new(1);
    /// rt.spawn("caller", Behaviour::Process, |ctx| async move {
    ///     let stubborn = Task::async_(&ctx, "stubborn", |t| async move {
    ///         t.trap_exit(true);
    ///         t.sleep(10_000).await;
    ///         Ok(Term::ok())
    ///     });
    ///     ctx.sleep(10).await;
    ///     assert_eq!(stubborn.shutdown(&ctx, Shutdown::Timeout(100)).await, Some(Err(ExitReason::Killed)));
    ///     Ok(())
    /// });
    /// assert_eq!(rt.run(), RunOutcome::Completed);
    /// assert_eq!(rt.now(), 110);
    /// ```
    pub async fn shutdown(&self, ctx: &Ctx, shutdown: Shutdown) -> Option<Result<Term, ExitReason>> {
        ctx.unlink(self.pid);
        let down = ctx.monitor(self.pid);
        let (signal, expected) = match shutdown {
            Shutdown::BrutalKill => (ExitReason::Kill, ExitReason::Killed),
            Shutdown::Timeout(_) | Shutdown::Infinity => (ExitReason::Shutdown, ExitReason::Shutdown),
        };
        ctx.exit(self.pid, signal);
        let wait = match shutdown {
            Shutdown::Timeout(ms) => Some(ms),
            Shutdown::BrutalKill | Shutdown::Infinity => None,
        };
        let is_our_down = |m: &Term| m.is_down_of(down);
        let mut reason = match ctx.receive_match(is_our_down, wait).await {
            Some(msg) => down_reason(&msg),
            None => {
                ctx.exit(self.pid, ExitReason::Kill);
                down_reason(&ctx.receive_match(is_our_down, None).await?)
            }
        };
        let monitor = self.monitor;
        if reason == ExitReason::Noproc {
            // The task was already gone: the reason it died with is in the task's own `:DOWN`.
            if let Some(msg) = ctx.receive_match(|m| m.is_down_of(monitor), Some(0)).await {
                reason = down_reason(&msg);
            }
        }
        ctx.demonitor(monitor);
        let replied = ctx.receive_match(|m| is_reply(m, monitor), Some(0)).await;
        match replied {
            Some(msg) => Some(Ok(msg.elem(1).cloned().unwrap_or(Term::atom("nil")))),
            None if reason == expected => None,
            None => Some(Err(reason)),
        }
    }
}
