use super::exits_named;
use crate::model::recipe::Scenario;
use crate::recipes::fire_and_forget::scenario::FireAndForget;
use crate::runtime::prelude::*;

#[test]
fn fired_children_run_and_vanish_without_the_caller_waiting() {
    let s = FireAndForget::start(&Runtime::new(1));
    let rt = s.runtime();
    s.apply("fire10").unwrap();
    rt.run_until(10_000);
    let exits = exits_named(rt, "notification");
    assert_eq!(exits.len(), 10);
    assert!(exits.iter().all(|(at, r)| *r == ExitReason::Normal && (500..=4000).contains(at)));
    assert!(rt.is_alive(s.supervisor()));
}

#[test]
fn a_crashed_child_is_not_restarted() {
    let s = FireAndForget::start(&Runtime::new(1));
    let rt = s.runtime();
    s.apply("fire").unwrap();
    rt.run_until(100);
    s.apply("crash").unwrap();
    rt.run_until(10_000);
    assert_eq!(exits_named(rt, "notification"), vec![(100, ExitReason::atom("smtp_timeout"))]);
    assert!(s.running_children().is_empty());
}

#[test]
fn crash_with_no_child_running_is_refused_with_the_reason() {
    let s = FireAndForget::start(&Runtime::new(1));
    assert_eq!(s.apply("crash"), Err("No child is running: fire one first.".to_string()));
    s.runtime().run_until(10_000);
    assert_eq!(exits_named(s.runtime(), "notification"), vec![], "nothing was fired, so nothing crashed");
}

#[test]
fn unknown_actions_are_refused() {
    let s = FireAndForget::start(&Runtime::new(1));
    assert_eq!(s.apply("launch"), Err("Unknown action \"launch\" for fire and forget.".to_string()));
}

#[test]
fn stopping_the_supervisor_kills_every_child_at_once() {
    let s = FireAndForget::start(&Runtime::new(1));
    let rt = s.runtime();
    s.apply("fire10").unwrap();
    rt.run_until(300);
    s.apply("stop").unwrap();
    rt.run_until(10_000);
    let exits = exits_named(rt, "notification");
    assert_eq!(exits.len(), 10);
    assert!(exits.iter().all(|e| *e == (300, ExitReason::Shutdown)));
    assert!(!rt.is_alive(s.supervisor()));
    s.apply("fire").unwrap();
    rt.run_until(10_001);
    let request = exits_named(rt, "web_request");
    assert_eq!(request.len(), 1);
    assert_eq!(request[0].0, 10_000);
    assert!(
        request[0].1.to_string().starts_with("{:noproc, {GenServer, :call, ["),
        "calling a dead supervisor exits the caller: {}",
        request[0].1
    );
}

#[test]
fn toggling_off_stops_everything_and_cancels_every_timer() {
    let s = FireAndForget::start(&Runtime::new(1));
    let rt = s.runtime();
    s.apply("fire10").unwrap();
    rt.run_until(300);
    s.stop();
    assert_eq!(rt.run(), RunOutcome::Completed);
    assert_eq!(rt.now(), 300, "no timer outlived the recipe");
}
