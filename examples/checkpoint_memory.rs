//! What the views' checkpoints cost in memory (DESIGN §2, "a snapshot of the view models every K
//! events"): runs two workloads until their trace has recorded a number of events (250,000, or the
//! first argument), folds the shell's views once per 100 virtual ms as the page does once per
//! frame, and prints the bytes the checkpoints hold beside the live views and the trace (the app's
//! 200,000-event ring), as counted by a counting allocator.
//!
//! `cargo run --release --example checkpoint_memory [events]`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

use tasklane::model::checkpoint::{EVERY, History};
use tasklane::model::code::CodeStep;
use tasklane::model::fold::{Clock, Fold};
use tasklane::model::lanes::Lanes;
use tasklane::model::log::LogRows;
use tasklane::model::recipe::Scenario;
use tasklane::recipes::periodic::{self, params::Params, scenario::Periodic};
use tasklane::runtime::prelude::*;

/// Every allocation, counted: the bytes held right now.
struct Counting;

static HELD: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        HELD.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        HELD.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The bytes `f` left allocated.
fn held<R>(f: impl FnOnce() -> R) -> (R, isize) {
    let before = HELD.load(Ordering::Relaxed);
    let out = f();
    (out, HELD.load(Ordering::Relaxed) - before)
}

/// The views the shell keeps for every run: timeline lanes, the event log, the code step, the clock.
#[derive(Clone)]
struct Shell {
    lanes: Lanes,
    log: LogRows,
    step: CodeStep,
    clock: Clock,
}

impl Fold for Shell {
    fn apply(&mut self, e: &Event) {
        self.lanes.apply(e);
        self.log.apply(e);
        self.step.apply(e);
        self.clock.apply(e);
    }

    fn weight(&self) -> usize {
        self.lanes.weight() + self.log.weight()
    }

    fn forget_before(&mut self, seq: u64) {
        self.lanes.forget_before(seq);
    }
}

/// Plays `rt` in 100 ms frames until it has recorded `events`, folding a history spaced `every`
/// events apart after each frame; the bytes the history holds at the end, and the history.
fn play(rt: &Runtime, every: u64, events: u64) -> (History<Shell>, isize) {
    let shell = Shell {
        lanes: Lanes::new(rt.read_trace(Trace::capacity)),
        log: LogRows::new(None),
        step: CodeStep::new(periodic::RECIPE.step_of),
        clock: Clock::default(),
    };
    let (mut history, mut bytes) = held(|| History::with_spacing(shell, every));
    while rt.read_trace(Trace::total) < events {
        rt.run_until(rt.now() + 100);
        bytes += held(|| rt.read_trace(|t| history.advance(t))).1;
    }
    (history, bytes)
}

fn report(name: &str, events: u64, start: impl Fn() -> Runtime) {
    let rt = start();
    let (history, with) = play(&rt, EVERY, events);
    let (_, live_only) = play(&start(), u64::MAX, events);
    let (trace, trace_bytes) = held(|| rt.read_trace(Trace::clone));
    // The slowest of 20 restores spread over the reachable cursors.
    let restore_ms = (0..20)
        .map(|i| {
            let cursor = history.earliest() + (trace.total() - history.earliest()) * i / 20;
            let started = Instant::now();
            let state = history.at(&trace, cursor);
            let ms = started.elapsed().as_secs_f64() * 1e3;
            assert_eq!(state.next(), cursor);
            ms
        })
        .fold(0.0, f64::max);
    let lanes = history.live().view().lanes.lanes().len();
    let marks = history.live().view().lanes.marks().count();
    println!(
        "checkpoints {name}: events={} held={} lanes={lanes} marks={marks} checkpoints={} \
         checkpoint_bytes={} live_view_bytes={live_only} trace_bytes={trace_bytes} slowest_restore_ms={restore_ms:.1}",
        trace.total(),
        trace.len(),
        history.checkpoints(),
        with - live_only,
    );
}

fn main() {
    let events = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(250_000);
    println!("K = {EVERY} events (more for a view that weighs more); the trace holds {}", trace_capacity());
    report("tickers-9", events, || {
        let params = Params { interval_ms: 100, work_ms: 20, services: 9, ..Params::default() };
        Periodic::start(&Runtime::new(42), params).runtime().clone()
    });
    report("processes-10k", events, || {
        let rt = Runtime::new(42);
        rt.spawn("spawner", Behaviour::Supervisor, |ctx| async move {
            for _ in 0..10_000 {
                ctx.spawn("worker", Behaviour::GenServer, |w| async move {
                    loop {
                        let ms = w.random_range(50, 2_000);
                        w.sleep(ms).await;
                        w.send(w.pid(), Term::atom("work"));
                        w.receive().await;
                    }
                });
            }
            ctx.receive().await;
            Ok(())
        });
        rt
    });
}

fn trace_capacity() -> usize {
    Trace::default().capacity()
}
