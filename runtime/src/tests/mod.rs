//! Native tests of the runtime, one file per OTP behaviour, on virtual time (no real sleeps).
//!
//! The trace queries below are the ones every test file asks: who was spawned under a name, how
//! processes exited, what they received, which children were restarted. The recipes' tests have the
//! same queries under the same names (`src/recipes/tests/mod.rs`); use these rather than walking
//! [`Trace::events`](crate::trace::Trace::events) inline.

mod agents;
mod ets_registry_pubsub;
mod gen_servers;
mod processes;
mod properties;
mod supervisors;
mod tasks;
mod timers;
mod trace;

use super::prelude::*;

/// Pids spawned with `name`, in spawn order (a restarted child appears once per start).
pub(crate) fn spawned_named(rt: &Runtime, name: &str) -> Vec<Pid> {
    rt.read_trace(|t| t.spawns_named(name)).into_iter().map(|(_, pid)| pid).collect()
}

/// The exits of `pids` as (pid, virtual time, reason), in the order they happened.
pub(crate) fn exits_of(rt: &Runtime, pids: &[Pid]) -> Vec<(Pid, u64, ExitReason)> {
    rt.read_trace(|t| t.exits_of(pids))
}

/// The exit (virtual time, reason) of `pid`, if it has exited.
pub(crate) fn exit_of(rt: &Runtime, pid: Pid) -> Option<(u64, ExitReason)> {
    exits_of(rt, &[pid]).into_iter().next().map(|(_, at, reason)| (at, reason))
}

/// What `pids` received, as (virtual time, message label), in the order they received it.
pub(crate) fn received_by(rt: &Runtime, pids: &[Pid]) -> Vec<(u64, Atom)> {
    rt.read_trace(|t| t.received_by(pids))
}

/// Every supervisor restart, as (virtual time, child id), in order.
pub(crate) fn restarts(rt: &Runtime) -> Vec<(u64, &'static str)> {
    rt.read_trace(|t| t.restarts()).into_iter().map(|(at, child)| (at, child.as_str())).collect()
}

/// A process that crashes with `reason` after `after_ms`.
pub(crate) async fn crash_after(ctx: Ctx, after_ms: u64, reason: &'static str) -> ProcResult {
    ctx.sleep(after_ms).await;
    Err(ExitReason::atom(reason))
}

/// A process that waits for messages forever.
pub(crate) async fn idle(ctx: Ctx) -> ProcResult {
    loop {
        ctx.receive().await;
    }
}
