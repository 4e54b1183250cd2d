//! Native tests of the recipes' scenarios at fixed seeds, and of share-URL replay.

mod cron;
mod fan_out;
mod fire_and_forget;
mod periodic;
mod registry;
mod share;

use crate::runtime::prelude::*;

/// (virtual time, reason) of every exit of processes named `name`, in exit order.
pub(crate) fn exits_named(rt: &Runtime, name: &str) -> Vec<(u64, ExitReason)> {
    rt.read_trace(|t| {
        let pids: Vec<Pid> = t
            .events()
            .filter_map(|e| match &e.kind {
                EventKind::Spawn { name: n, .. } if *n == name => Some(e.pid),
                _ => None,
            })
            .collect();
        t.events()
            .filter_map(|e| match &e.kind {
                EventKind::Exit { reason } if pids.contains(&e.pid) => Some((e.at, reason.clone())),
                _ => None,
            })
            .collect()
    })
}
