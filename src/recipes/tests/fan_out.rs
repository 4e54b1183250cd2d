use super::exits_named;
use crate::recipes::fan_out::params::{Mode, Params};
use crate::recipes::fan_out::scenario::FanOut;
use crate::runtime::prelude::*;

fn run(params: Params, seed: u64) -> FanOut {
    let scenario = FanOut::start(&Runtime::new(seed), params);
    crate::model::recipe::Scenario::runtime(&scenario).run();
    scenario
}

fn rt(s: &FanOut) -> &Runtime {
    crate::model::recipe::Scenario::runtime(s)
}

#[test]
fn linked_fan_out_finishes_at_the_longest_task() {
    let s = run(Params { tasks: 50, ..Params::default() }, 42);
    let caller = exits_named(rt(&s), "caller");
    assert_eq!(caller, vec![(s.longest(), ExitReason::Normal)]);
    assert!(s.sequential_sum() > s.longest() * 10, "fifty tasks in parallel beat fifty in a row");
    let uploads = exits_named(rt(&s), "upload");
    assert_eq!(uploads.len(), 50);
    assert!(uploads.iter().all(|(_, r)| *r == ExitReason::Normal));
}

#[test]
fn durations_are_fixed_by_the_seed() {
    let a = FanOut::start(&Runtime::new(9), Params::default());
    let b = FanOut::start(&Runtime::new(9), Params::default());
    let c = FanOut::start(&Runtime::new(10), Params::default());
    assert_eq!(a.durations(), b.durations());
    assert_ne!(a.durations(), c.durations());
    assert!(a.durations().iter().all(|d| (100..=3000).contains(d)));
}

#[test]
fn timeout_kills_stragglers_and_the_caller() {
    let s = run(Params { tasks: 20, timeout_ms: 1000, ..Params::default() }, 42);
    let caller = exits_named(rt(&s), "caller");
    assert_eq!(caller.len(), 1);
    assert_eq!(caller[0].0, 1000);
    assert!(caller[0].1.to_string().starts_with("{:timeout, {Task, :await_many, [["), "{}", caller[0].1);
    let uploads = exits_named(rt(&s), "upload");
    let finished = s.durations().iter().filter(|d| **d <= 1000).count();
    assert_eq!(uploads.iter().filter(|(_, r)| *r == ExitReason::Normal).count(), finished);
    assert_eq!(uploads.iter().filter(|(at, r)| *at == 1000 && *r == caller[0].1).count(), 20 - finished);
}

#[test]
fn a_crashing_linked_task_takes_the_caller_and_its_siblings_down() {
    let s = run(Params { tasks: 10, crash: true, ..Params::default() }, 42);
    let broken = s.crashing().expect("one task is broken");
    let crash_at = s.durations()[broken] / 2;
    let boom = ExitReason::atom("upload_failed");
    assert_eq!(exits_named(rt(&s), "caller"), vec![(crash_at, boom.clone())]);
    let uploads = exits_named(rt(&s), "upload");
    assert_eq!(
        uploads.iter().filter(|(at, r)| *at == crash_at && *r == boom).count()
            + uploads.iter().filter(|(at, _)| *at < crash_at).count(),
        10
    );
}

#[test]
fn with_async_nolink_the_caller_gets_the_crash_and_carries_on() {
    let s = run(Params { tasks: 10, crash: true, mode: Mode::NoLink, ..Params::default() }, 42);
    let longest_healthy =
        s.durations().iter().enumerate().filter(|(i, _)| Some(*i) != s.crashing()).map(|(_, d)| *d).max().unwrap();
    assert_eq!(exits_named(rt(&s), "caller"), vec![(longest_healthy, ExitReason::Normal)]);
    let crashed =
        exits_named(rt(&s), "upload").into_iter().filter(|(_, r)| *r == ExitReason::atom("upload_failed")).count();
    assert_eq!(crashed, 1);
    assert_eq!(rt(&s).process_count(), 0, "the task supervisor stops with its caller");
}

#[test]
fn nolink_timeout_shuts_down_the_stragglers_and_carries_on() {
    let s = run(Params { tasks: 20, timeout_ms: 1000, mode: Mode::NoLink, ..Params::default() }, 42);
    assert_eq!(exits_named(rt(&s), "caller"), vec![(1000, ExitReason::Normal)]);
    let stragglers = s.durations().iter().filter(|d| **d > 1000).count();
    let shut =
        exits_named(rt(&s), "upload").into_iter().filter(|(at, r)| *at == 1000 && *r == ExitReason::Killed).count();
    assert_eq!(shut, stragglers);
}

#[test]
fn sequential_mode_takes_the_sum_of_all_durations() {
    let s = run(Params { tasks: 5, mode: Mode::Sequential, ..Params::default() }, 42);
    assert_eq!(exits_named(rt(&s), "caller"), vec![(s.sequential_sum(), ExitReason::Normal)]);
}

#[test]
fn bad_parameters_fall_back_to_defaults_with_a_notice() {
    let map = [("tasks", "5000"), ("timeout", "soon"), ("crash", "maybe"), ("mode", "turbo")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (params, notices) = Params::from_map(&map);
    assert_eq!(params, Params::default());
    assert_eq!(notices.len(), 4);
    assert!(notices[0].contains("tasks"), "{notices:?}");
}

#[test]
fn parameters_survive_a_round_trip_through_the_map() {
    let params = Params { tasks: 123, timeout_ms: 2500, crash: true, mode: Mode::Sequential };
    assert_eq!(Params::from_map(&params.to_map()), (params, vec![]));
}
