//! The browser driver moves virtual time on the browser's event loop and replays native traces exactly.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use tasklane::runtime::prelude::*;
use tasklane::runtime::workload;
use tasklane::web::driver::{Driver, Speed};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn no_actions() -> tasklane::web::driver::ApplyFn {
    std::rc::Rc::new(|action: &str| Err(format!("no action {action}")))
}

/// The golden trace the native runtime tests check too (`runtime/src/tests/trace.rs` says how to regenerate it).
mod golden;

/// Lets the driver loop run until it stops by itself (or `limit_ms` of wall time pass).
async fn until_stopped(driver: &Driver, limit_ms: u32) {
    let mut waited = 0;
    while driver.is_playing() && waited < limit_ms {
        TimeoutFuture::new(5).await;
        waited += 5;
    }
}

#[wasm_bindgen_test]
async fn as_fast_as_possible_replays_the_golden_native_trace_event_for_event() {
    let driver = Driver::new(workload::mixed_program(42), Speed::AsFastAsPossible, no_actions());
    driver.play();
    until_stopped(&driver, 10_000).await;
    assert_eq!(driver.outcome(), Some(RunOutcome::Completed));
    let events = golden::events_jsonl(&driver.runtime().read_trace(|t| t.to_json()));
    if let Some(difference) = golden::first_difference(golden::EVENTS, &events) {
        panic!("Chromium does not replay tests/golden/mixed_seed_42.jsonl: {difference}");
    }
    assert_eq!(format!("{:016x}", driver.runtime().trace_hash()), golden::HASH.trim());
}

#[wasm_bindgen_test]
async fn real_time_at_ten_times_replays_the_same_trace() {
    let rt = Runtime::new(5);
    rt.spawn("sleeper", Behaviour::Process, |ctx| async move {
        for ms in [40, 60, 100] {
            ctx.sleep(ms).await;
        }
        Ok(())
    });
    let native = Runtime::new(5);
    native.spawn("sleeper", Behaviour::Process, |ctx| async move {
        for ms in [40, 60, 100] {
            ctx.sleep(ms).await;
        }
        Ok(())
    });
    native.run();
    let driver = Driver::new(rt.clone(), Speed::Times(10.0), no_actions());
    driver.play();
    let mut waited = 0;
    while rt.process_count() > 0 && waited < 5_000 {
        TimeoutFuture::new(5).await;
        waited += 5;
    }
    driver.pause();
    assert_eq!(rt.process_count(), 0);
    assert_eq!(rt.trace_hash(), native.trace_hash());
}

#[wasm_bindgen_test]
async fn pause_freezes_the_clock_and_step_jumps_to_the_next_deadline() {
    let rt = Runtime::new(1);
    rt.spawn("ticker", Behaviour::Process, |ctx| async move {
        loop {
            ctx.sleep(1000).await;
        }
    });
    let driver = Driver::new(rt.clone(), Speed::Times(1.0), no_actions());
    driver.play();
    let mut waited = 0;
    while rt.now() == 0 && waited < 5_000 {
        TimeoutFuture::new(5).await;
        waited += 5;
    }
    driver.pause();
    let frozen = rt.now();
    assert!((1..1000).contains(&frozen), "playing moved the clock short of the first deadline: {frozen} ms");
    // The point here is that nothing happens: give a playing driver time to move, and see it did not.
    TimeoutFuture::new(50).await;
    assert_eq!(rt.now(), frozen, "a paused clock does not move");
    assert!(driver.step(), "the sleeper is waiting on a timer");
    assert_eq!(rt.now(), 1000, "step jumps to the next deadline");
}

/// A driver whose actions are the node's port commands, as the app records a socket's answers.
fn port_answers(rt: &Runtime) -> tasklane::web::driver::ApplyFn {
    let rt = rt.clone();
    std::rc::Rc::new(move |action: &str| match tasklane::model::node::Command::parse(action) {
        Some(tasklane::model::node::Command::Port { port, event }) => {
            rt.port_event(Ref(port), event);
            Ok(())
        }
        _ => Err(format!("not a port answer: {action}")),
    })
}

/// A process opens a port to `url` and exits with the reason its port closed with.
fn open_and_await_close(rt: &Runtime, url: &'static str) -> Pid {
    rt.spawn("client", Behaviour::Process, move |ctx| async move {
        let port = ctx.open_port(url);
        let msg = ctx.receive().await;
        match tasklane::runtime::port::PortEvent::from_message(&msg) {
            Some((p, tasklane::runtime::port::PortEvent::Closed { code: 1006, reason })) if p == port => {
                Err(ExitReason::Other(Term::Str(reason)))
            }
            _ => Err(ExitReason::atom("unexpected")),
        }
    })
}

#[wasm_bindgen_test]
async fn a_socket_the_browser_cannot_open_closes_its_port_as_a_recorded_input() {
    let rt = Runtime::new(3);
    let refused = open_and_await_close(&rt, "ws://127.0.0.1:9");
    let malformed = open_and_await_close(&rt, "ws://");
    let driver = Driver::new(rt.clone(), Speed::Times(1.0), port_answers(&rt));
    driver.play();
    let mut waited = 0;
    while (rt.is_alive(refused) || rt.is_alive(malformed)) && waited < 10_000 {
        TimeoutFuture::new(20).await;
        waited += 20;
    }
    driver.pause();
    let inputs: Vec<String> = driver.inputs().into_iter().map(|i| i.action).collect();
    assert_eq!(inputs.len(), 2, "{inputs:?}");
    assert!(inputs.iter().all(|a| a.starts_with('@') && a.contains(" closed 1006 ")), "{inputs:?}");
    let exits = rt.read_trace(|t| t.exits_of(&[refused, malformed]));
    assert_eq!(exits.len(), 2);
    assert!(exits.iter().all(|(_, _, reason)| matches!(reason, ExitReason::Other(Term::Str(_)))), "{exits:?}");
}
