use crate::model::recipe::Scenario;
use crate::recipes::periodic::params::Params;
use crate::recipes::periodic::scenario::{CancelReturnedFalse, Periodic};
use crate::runtime::prelude::*;

use super::{received_by, restarts, spawned_named};

/// When each process named `name` received `:work`, across restarts.
fn ticks(rt: &Runtime, name: &str) -> Vec<u64> {
    received_by(rt, &spawned_named(rt, name))
        .into_iter()
        .filter(|(_, label)| *label == "work")
        .map(|(at, _)| at)
        .collect()
}

fn start(params: Params) -> Periodic {
    Periodic::start(&Runtime::new(1), params)
}

#[test]
fn fixed_delay_drifts_by_the_work_time_and_fixed_rate_keeps_its_rate() {
    let s = start(Params { interval_ms: 1000, work_ms: 300, ..Params::default() });
    s.runtime().run_until(4500);
    assert_eq!(ticks(s.runtime(), "ticker_1"), vec![1000, 2300, 3600]);
    assert_eq!(ticks(s.runtime(), "fixed_rate_1"), vec![1000, 2000, 3000, 4000]);
}

#[test]
fn work_longer_than_the_interval_runs_back_to_back_at_a_fixed_rate() {
    let s = start(Params { interval_ms: 1000, work_ms: 1500, ..Params::default() });
    s.runtime().run_until(6000);
    assert_eq!(ticks(s.runtime(), "ticker_1"), vec![1000, 3500, 6000]);
    assert_eq!(ticks(s.runtime(), "fixed_rate_1"), vec![1000, 2500, 4000, 5500]);
}

#[test]
fn cancel_timer_returns_the_remaining_ms_and_ticking_stops() {
    let s = start(Params { compare: false, ..Params::default() });
    let rt = s.runtime();
    rt.run_until(1500);
    s.apply("cancel_ticker_1").unwrap();
    rt.run_until(10_000);
    assert_eq!(ticks(rt, "ticker_1"), vec![1000]);
    let remaining = rt.read_trace(|t| {
        t.events().find_map(|e| match e.kind {
            EventKind::TimerCancelled { remaining, .. } => Some((e.at, remaining)),
            _ => None,
        })
    });
    assert_eq!(remaining, Some((1500, 800)), "next tick was due at 2300");
}

#[test]
fn cancel_with_no_pending_timer_says_false() {
    let s = start(Params { compare: false, forever: false, ..Params::default() });
    let rt = s.runtime();
    rt.run_until(1500);
    s.apply("cancel_ticker_1").unwrap();
    rt.run_until(2000);
    let said_false = rt.read_trace(|t| t.events().any(|e| e.kind.custom::<CancelReturnedFalse>().is_some()));
    assert!(said_false);
    assert_eq!(ticks(rt, "ticker_1"), vec![1000], "without forever it ticks once");
}

#[test]
fn a_crashed_ticker_is_restarted_with_a_fresh_timer() {
    let s = start(Params { compare: false, ..Params::default() });
    let rt = s.runtime();
    rt.run_until(500);
    s.apply("crash_ticker_1").unwrap();
    rt.run_until(3000);
    assert_eq!(ticks(rt, "ticker_1"), vec![1500, 2800]);
    assert!(rt.is_alive(s.supervisor()));
}

#[test]
fn four_crashes_within_five_seconds_and_the_supervisor_gives_up() {
    let s = start(Params { compare: false, ..Params::default() });
    let rt = s.runtime();
    for at in [100, 200, 300, 400] {
        rt.run_until(at);
        s.apply("crash_ticker_1").unwrap();
    }
    rt.run_until(5000);
    assert!(!rt.is_alive(s.supervisor()));
    assert_eq!(
        restarts(rt),
        vec![(100, "ticker_1"), (200, "ticker_1"), (300, "ticker_1")],
        "the 4th crash is one too many"
    );
}

#[test]
fn unknown_tickers_and_actions_are_refused() {
    let s = start(Params::default());
    assert!(s.apply("cancel_ticker_7").unwrap_err().contains("ticker_7"));
    assert!(s.apply("explode").is_err());
}

#[test]
fn the_status_card_reads_ticks_pending_timer_and_cancel_result_from_the_trace() {
    use crate::model::fold::fold;
    use crate::recipes::periodic::status::{TickerStatus, Tickers};
    let s = start(Params { compare: false, ..Params::default() });
    let rt = s.runtime();
    let status = || -> TickerStatus {
        rt.read_trace(|t| fold(Tickers::new(s.supervisor(), &["ticker_1"], 12_000), t.events()))
            .status("ticker_1")
            .cloned()
            .unwrap()
    };
    rt.run_until(1500);
    let before = status();
    assert_eq!(
        (before.ticks, Vec::from(before.recent), before.pending, before.last_cancel, before.alive),
        (1, vec![1000], Some(2300), None, true)
    );
    s.apply("cancel_ticker_1").unwrap();
    rt.run_until(1600);
    let after = status();
    assert_eq!((after.pending, after.last_cancel), (None, Some(Some(800))));
    s.apply("crash_ticker_1").unwrap();
    rt.run_until(1700);
    let restarted = status();
    assert_eq!((restarted.restarts, restarted.pending, restarted.alive), (1, Some(2600), true));
    rt.run_until(2000);
    s.apply("crash_ticker_1").unwrap();
    rt.run_until(2100);
    let crashed = status();
    assert_eq!(crashed.last_cancel, Some(Some(800)), "the timer a crash cancels is not the learner's cancel");
}

#[test]
fn a_card_keeps_the_last_ticks_and_counts_every_one() {
    use crate::model::fold::fold;
    use crate::recipes::periodic::status::Tickers;
    let s = start(Params { compare: false, interval_ms: 100, work_ms: 0, ..Params::default() });
    s.runtime().run_until(60_000);
    let tickers = s.runtime().read_trace(|t| fold(Tickers::new(s.supervisor(), &["ticker_1"], 2_000), t.events()));
    let status = tickers.status("ticker_1").unwrap();
    assert_eq!(status.ticks, ticks(s.runtime(), "ticker_1").len() as u64);
    assert!(status.ticks > 500, "{}", status.ticks);
    let last = *status.recent.back().unwrap();
    assert_eq!(last, *ticks(s.runtime(), "ticker_1").last().unwrap());
    assert!(status.recent.iter().all(|t| t + 2_000 >= last), "only the last two seconds: {:?}", status.recent);
    assert!(status.recent.len() >= 19, "every tick of those two seconds: {}", status.recent.len());
}
