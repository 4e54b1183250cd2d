use super::exits_named;
use crate::model::fold::{Folded, fold};
use crate::model::recipe::Scenario;
use crate::recipes::scale::flight::Flight;
use crate::recipes::scale::params::Params;
use crate::recipes::scale::scenario::{ITEM, Scale};
use crate::runtime::prelude::*;

/// Runs until nothing is left to do: the stream has finished, and the tree's counters wait for calls.
fn run(params: Params, seed: u64) -> Scale {
    let scenario = Scale::start(&Runtime::new(seed), params);
    let outcome = scenario.runtime().run();
    assert!(
        matches!(outcome, RunOutcome::Deadlock { ref blocked } if !blocked.contains(&scenario.stream())),
        "{outcome:?}"
    );
    scenario
}

#[test]
fn the_default_run_has_ten_thousand_live_processes_and_over_a_hundred_thousand_events() {
    let s = Scale::start(&Runtime::new(42), Params::default());
    let rt = s.runtime();
    rt.run_until(1);
    let live = rt.read_trace(|t| fold(crate::model::lanes::Lanes::new(t.capacity()), t.events())).running();
    assert!(live >= 10_000, "{live} processes run at 1 ms");
    rt.run();
    let (events, held) = rt.read_trace(|t| (t.total(), t.events().count() as u64));
    assert!(events >= 100_000, "{events} events");
    assert_eq!(held, events, "the 200,000-event trace holds the whole run");
    assert_eq!(exits_named(rt, "Scale.Stream"), vec![(rt.now(), ExitReason::Normal)]);
    assert_eq!(exits_named(rt, ITEM).len(), 10_000);
}

#[test]
fn never_more_than_max_concurrency_items_run_at_once() {
    for concurrency in [1, 7, 50] {
        let s = Scale::start(&Runtime::new(3), Params { shards: 4, workers: 5, items: 300, concurrency });
        let mut flight = Folded::new(Flight::default());
        let mut peak = 0;
        while s.runtime().step() {
            s.runtime().read_trace(|t| flight.advance(t, t.total()));
            assert!(flight.view().in_flight() as u64 <= concurrency, "{} in flight", flight.view().in_flight());
            peak = peak.max(flight.view().in_flight());
        }
        assert_eq!(peak as u64, concurrency, "the stream keeps {concurrency} tasks busy");
        assert_eq!((flight.view().started(), flight.view().finished(), flight.view().pings()), (300, 300, 300));
    }
}

#[test]
fn the_same_seed_gives_the_same_trace() {
    let params = Params { shards: 5, workers: 6, items: 200, concurrency: 9 };
    let hash = |seed| run(params, seed).runtime().trace_hash();
    assert_eq!(hash(7), hash(7));
    assert_ne!(hash(7), hash(8));
}

#[test]
fn bad_parameters_keep_their_defaults_with_a_notice() {
    let map = [("shards", "0"), ("workers", "lots"), ("items", "20001"), ("concurrency", "50")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (params, notices) = Params::from_map(&map);
    assert_eq!(params, Params::default());
    assert_eq!(notices.len(), 3, "{notices:?}");
    assert!(notices[0].starts_with("Ignored shards=\"0\""), "{notices:?}");
}

#[test]
fn stopping_shuts_the_tree_and_the_stream_down() {
    let s = Scale::start(&Runtime::new(1), Params { shards: 3, workers: 3, items: 1000, concurrency: 10 });
    s.runtime().run_until(100);
    s.stop();
    assert_eq!(s.runtime().run(), RunOutcome::Completed);
    assert_eq!(s.runtime().processes().len(), 0, "every process stopped");
    assert_eq!(exits_named(s.runtime(), "Scale.Supervisor"), vec![(100, ExitReason::Shutdown)]);
}
