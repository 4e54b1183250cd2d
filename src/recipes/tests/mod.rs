//! Native tests of the recipes' scenarios at fixed seeds, and of share-URL replay.
//!
//! The trace queries below are the runtime tests' own (`runtime/src/tests/mod.rs`), under the same
//! names, for what the recipes' tests ask: when processes under a name started, how they exited,
//! what they received, which children were restarted. Use them rather than walking the trace inline.

mod caching;
mod cron;
mod cron_schedule;
mod fan_out;
mod fire_and_forget;
mod node;
mod periodic;
mod registry;
mod scale;
mod share;
mod ticker;
mod ticker_protocol;

use crate::runtime::prelude::*;

/// (virtual time, pid) of every spawn of a process named `name`, in spawn order (a restarted
/// child, or a cron job's next run, appears once per start).
pub(crate) fn spawns_named(rt: &Runtime, name: &str) -> Vec<(u64, Pid)> {
    rt.read_trace(|t| t.spawns_named(name))
}

/// Pids spawned with `name`, in spawn order.
pub(crate) fn spawned_named(rt: &Runtime, name: &str) -> Vec<Pid> {
    spawns_named(rt, name).into_iter().map(|(_, pid)| pid).collect()
}

/// The exits of `pids` as (pid, virtual time, reason), in the order they happened.
pub(crate) fn exits_of(rt: &Runtime, pids: &[Pid]) -> Vec<(Pid, u64, ExitReason)> {
    rt.read_trace(|t| t.exits_of(pids))
}

/// (virtual time, reason) of every exit of a process named `name`, in exit order.
pub(crate) fn exits_named(rt: &Runtime, name: &str) -> Vec<(u64, ExitReason)> {
    exits_of(rt, &spawned_named(rt, name)).into_iter().map(|(_, at, reason)| (at, reason)).collect()
}

/// What `pids` received, as (virtual time, message label), in the order they received it.
pub(crate) fn received_by(rt: &Runtime, pids: &[Pid]) -> Vec<(u64, Atom)> {
    rt.read_trace(|t| t.received_by(pids))
}

/// Every supervisor restart, as (virtual time, child id), in order.
pub(crate) fn restarts(rt: &Runtime) -> Vec<(u64, &'static str)> {
    rt.read_trace(|t| t.restarts()).into_iter().map(|(at, child)| (at, child.as_str())).collect()
}
