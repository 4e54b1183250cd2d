//! Native tests of the views' folds and of time travel by checkpoints, one file per view, and the
//! property tests that scrubbing shows what playing showed.

mod checkpoints;
mod lanes;
mod log;
mod properties;
mod step_and_clock;

use crate::runtime::prelude::*;

/// A seeded random program: a director and 2–9 workers that sleep, message the director, set and
/// cancel timers, wait for messages, spawn short-lived helpers and now and then crash. Nothing has
/// run yet. The trace keeps `capacity` events.
pub(crate) fn random_program(seed: u64, capacity: usize) -> Runtime {
    let rt = Runtime::with_trace(seed, Trace::with_capacity(capacity));
    rt.spawn("director", Behaviour::Supervisor, |ctx| async move {
        ctx.trap_exit(true);
        for _ in 0..ctx.random_range(2, 10) {
            ctx.spawn_link("worker", Behaviour::GenServer, |w| async move {
                for _ in 0..w.random_range(1, 300) {
                    match w.random_range(0, 6) {
                        0 => w.sleep(w.random_range(1, 50)).await,
                        1 => w.send(w.parent(), Term::atom("hello")),
                        2 => {
                            let timer = w.send_after(w.pid(), Term::atom("tick"), w.random_range(1, 40));
                            if w.random_range(0, 2) == 0 {
                                w.cancel_timer(timer);
                            }
                        }
                        3 => {
                            w.receive_match(|_| true, Some(w.random_range(1, 30))).await;
                        }
                        4 => {
                            let ms = w.random_range(0, 20);
                            w.spawn("helper", Behaviour::Task, move |h| async move {
                                h.sleep(ms).await;
                                Ok(())
                            });
                        }
                        _ => {
                            if w.random_range(0, 100) == 0 {
                                return Err(ExitReason::atom("boom"));
                            }
                        }
                    }
                }
                Ok(())
            });
        }
        while ctx.receive_match(|_| true, Some(200)).await.is_some() {}
        Ok(())
    });
    rt
}

/// The code step of an event, as a recipe's `step_of` would say it.
pub(crate) fn step_of(e: &Event) -> Option<&'static str> {
    match e.kind {
        EventKind::Spawn { .. } => Some("spawn"),
        EventKind::TimerSet { .. } => Some("schedule"),
        EventKind::Exit { .. } => Some("exit"),
        _ => None,
    }
}
