use chrono::{Datelike, Duration, Timelike};

use crate::model::recipe::Scenario;
use crate::recipes::cron::params::{Params, job_name};
use crate::recipes::cron::scenario::{CronRecipe, DAY_MS};
use crate::recipes::cron::schedule::{epoch, parse};
use crate::runtime::prelude::*;

use super::spawns_named;

/// An independent, brute-force reading of a 5-field expression: `*`, lists, ranges and steps;
/// day-of-week 0 or 7 is Sunday; when both day fields are restricted either may match (Vixie cron).
fn field_matches(field: &str, value: u32, low: u32) -> bool {
    field.split(',').any(|part| {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, s.parse::<u32>().unwrap()),
            None => (part, 1),
        };
        let (from, to) = match range {
            "*" => (low, u32::MAX),
            r => match r.split_once('-') {
                Some((a, b)) => (a.parse().unwrap(), b.parse().unwrap()),
                None if step > 1 => (r.parse().unwrap(), u32::MAX),
                None => (r.parse().unwrap(), r.parse().unwrap()),
            },
        };
        value >= from && value <= to && (value - from).is_multiple_of(step)
    })
}

fn brute_force(expr: &str, count: usize) -> Vec<u64> {
    let expr = match expr {
        "@hourly" => "0 * * * *",
        "@daily" => "0 0 * * *",
        "@weekly" => "0 0 * * 0",
        "@monthly" => "0 0 1 * *",
        "@yearly" => "0 0 1 1 *",
        other => other,
    };
    let f: Vec<&str> = expr.split_whitespace().collect();
    let start = epoch(0);
    let mut out = Vec::new();
    let mut minute: u64 = 1;
    while out.len() < count {
        let t = start + Duration::minutes(minute as i64);
        let dow = t.weekday().num_days_from_sunday();
        let dom_ok = field_matches(f[2], t.day(), 1);
        let dow_ok = field_matches(f[4], dow, 0) || (dow == 0 && field_matches(f[4], 7, 0));
        let day_ok = match (f[2] == "*", f[4] == "*") {
            (false, false) => dom_ok || dow_ok,
            _ => dom_ok && dow_ok,
        };
        if field_matches(f[0], t.minute(), 0)
            && field_matches(f[1], t.hour(), 0)
            && field_matches(f[3], t.month(), 1)
            && day_ok
        {
            out.push(minute * 60_000);
        }
        minute += 1;
    }
    out
}

#[test]
fn next_runs_match_an_independent_brute_force_reading() {
    let cases: [(&str, usize); 17] = [
        ("*/15 * * * *", 8),
        ("0 8 * * *", 5),
        ("@hourly", 5),
        ("@weekly", 3),
        ("30 9 * * 1-5", 8),
        ("0 0 31 * *", 7),
        ("0 0 29 2 *", 2),
        ("0 12 1,15 * *", 6),
        ("15 14 1 * *", 4),
        ("23 0-20/2 * * *", 12),
        ("5 4 * * 0", 4),
        ("0 0 13 * 5", 8),
        ("0 9-17 * * 1,3,5", 12),
        ("*/7 2 * * *", 10),
        ("0 0 1 */3 *", 5),
        ("59 23 31 12 *", 2),
        ("0 0 28-31 2 *", 6),
    ];
    for (expr, count) in cases {
        let job = parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
        assert_eq!(job.next_runs(0, 0, count), brute_force(expr, count), "{expr}");
    }
}

#[test]
fn malformed_expressions_are_refused_naming_the_field() {
    let cases = [
        ("", "Type a cron expression"),
        ("* * *", "this one has 3"),
        ("* * * * * * *", "this one has 7"),
        ("60 * * * *", "minute field \"60\""),
        ("0 24 * * *", "hour field \"24\""),
        ("0 0 32 * *", "day-of-month field \"32\""),
        ("0 0 0 * *", "day-of-month field \"0\""),
        ("0 0 * 13 *", "month field \"13\""),
        ("0 0 * * 8", "day-of-week field \"8\""),
        ("abc * * * *", "minute field \"abc\""),
        ("61 0 * * * *", "second field \"61\""),
        ("@fortnightly", "not a shortcut"),
    ];
    for (expr, expected) in cases {
        let err = parse(expr).err().unwrap_or_else(|| panic!("{expr:?} was accepted"));
        assert!(err.contains(expected), "{expr:?}: {err}");
    }
}

#[test]
fn explain_says_when_each_schedule_runs_in_plain_english() {
    let cases = [
        ("* * * * *", "Every minute."),
        ("*/15 * * * *", "At every 15 minutes."),
        ("0 8 * * *", "At 08:00."),
        ("30 0 8 * * *", "At 08:00:30."),
        ("30 9 * * 1-5", "At 09:30, on Monday, Tuesday, Wednesday, Thursday, and Friday."),
        ("0 12 1,15 * *", "At 12:00, on day 1 and 15."),
        ("0 0 13 * 5", "At 00:00, on day 13 or Friday."),
        ("0 0 1 */3 *", "At 00:00, on day 1, in every 3 months."),
        ("59 23 31 12 *", "At 23:59, on day 31, in December."),
        ("@hourly", "At minute 0 past every hour."),
        ("@weekly", "At 00:00, on Sunday."),
    ];
    for (expr, expected) in cases {
        assert_eq!(parse(expr).unwrap().explain(), expected, "{expr}");
    }
}

/// When the job named `name` started each run.
fn runs_of(rt: &Runtime, name: &str) -> Vec<u64> {
    spawns_named(rt, name).into_iter().map(|(at, _)| at).collect()
}

#[test]
fn fast_forwarding_a_day_fires_every_quarter_hour_96_times() {
    let params = Params { jobs: vec!["*/15 * * * *".into(), "0 8 * * *".into()], ..Params::default() };
    let s = CronRecipe::start(params, 1);
    s.apply("day").unwrap();
    let quarter = runs_of(s.runtime(), &job_name(0));
    assert_eq!(quarter.len(), 96);
    assert_eq!((quarter[0], quarter[95]), (15 * 60_000, DAY_MS));
    assert_eq!(runs_of(s.runtime(), &job_name(1)), vec![8 * 3_600_000]);
}

#[test]
fn overlap_skip_drops_runs_that_would_overlap_and_allow_keeps_them() {
    let slow = |overlap| Params { jobs: vec!["* * * * *".into()], run_ms: 150_000, overlap, ..Params::default() };
    let skip = CronRecipe::start(slow(false), 1);
    skip.runtime().run_until(10 * 60_000);
    let allow = CronRecipe::start(slow(true), 1);
    allow.runtime().run_until(10 * 60_000);
    assert_eq!(runs_of(allow.runtime(), &job_name(0)).len(), 10);
    assert_eq!(runs_of(skip.runtime(), &job_name(0)), vec![60_000, 240_000, 420_000, 600_000]);
}

#[test]
fn a_time_zone_shifts_wall_clock_schedules() {
    let utc = parse("0 8 * * *").unwrap().next_after(0, 0);
    let paris = parse("0 8 * * *").unwrap().next_after(0, 60);
    assert_eq!((utc, paris), (Some(8 * 3_600_000), Some(8 * 3_600_000)));
    let from_noon = parse("0 8 * * *").unwrap().next_after(12 * 3_600_000, 60);
    assert_eq!(from_noon, Some(32 * 3_600_000), "the next 08:00 in the zone, a day later");
}

#[test]
fn bad_jobs_in_a_url_are_left_out_with_a_notice() {
    let map = [("jobs", "*/15 * * * *|61 * * * *"), ("overlap", "sometimes"), ("tz", "mars")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let (params, notices) = Params::from_map(&map);
    assert_eq!(params.jobs, vec!["*/15 * * * *".to_string()]);
    assert_eq!(notices.len(), 3, "{notices:?}");
    assert_eq!(Params::from_map(&params.to_map()), (params, vec![]));
}

#[test]
fn the_benchmark_day_of_twenty_jobs_fires_every_run() {
    let s = CronRecipe::start(Params::twenty_jobs(), 1);
    s.apply("day").unwrap();
    let expected: usize =
        s.jobs().iter().map(|j| j.next_runs(0, 0, 2000).into_iter().filter(|at| *at <= DAY_MS).count()).sum();
    let fired: usize = (0..20).map(|i| runs_of(s.runtime(), &job_name(i)).len()).sum();
    assert_eq!(fired, expected);
    assert!(fired > 2000, "{fired} runs");
}
