//! Native tests of the runtime, one file per OTP behaviour, on virtual time (no real sleeps).

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

/// The exit (virtual time, reason) the trace recorded for `pid`.
pub(crate) fn exit_of(rt: &Runtime, pid: Pid) -> Option<(u64, ExitReason)> {
    rt.read_trace(|t| {
        t.events().find_map(|e| match &e.kind {
            EventKind::Exit { reason } if e.pid == pid => Some((e.at, reason.clone())),
            _ => None,
        })
    })
}

/// Pids spawned with `name`, in spawn order.
pub(crate) fn spawned(rt: &Runtime, name: &str) -> Vec<Pid> {
    rt.read_trace(|t| {
        t.events()
            .filter_map(|e| match &e.kind {
                EventKind::Spawn { name: n, .. } if *n == name => Some(e.pid),
                _ => None,
            })
            .collect()
    })
}

/// A process that crashes with `reason` after `after_ms`.
pub(crate) async fn crash_after(ctx: Ctx, after_ms: u64, reason: &'static str) -> ProcResult {
    ctx.sleep(after_ms).await;
    Err(ExitReason::error(reason))
}

/// A process that waits for messages forever.
pub(crate) async fn idle(ctx: Ctx) -> ProcResult {
    loop {
        ctx.receive().await;
    }
}
