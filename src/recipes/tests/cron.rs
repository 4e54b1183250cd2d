use crate::model::recipe::Scenario;
use crate::recipes::cron::params::{Params, job_name};
use crate::recipes::cron::scenario::{CronRecipe, DAY_MS};
use crate::runtime::prelude::*;

use super::spawns_named;

/// When the job named `name` started each run.
fn runs_of(rt: &Runtime, name: &str) -> Vec<u64> {
    spawns_named(rt, name).into_iter().map(|(at, _)| at).collect()
}

#[test]
fn fast_forwarding_a_day_fires_every_quarter_hour_96_times() {
    let params = Params { jobs: vec!["*/15 * * * *".into(), "0 8 * * *".into()], ..Params::default() };
    let s = CronRecipe::start(&Runtime::new(1), params);
    s.apply("day").unwrap();
    let quarter = runs_of(s.runtime(), &job_name(0));
    assert_eq!(quarter.len(), 96);
    assert_eq!((quarter[0], quarter[95]), (15 * 60_000, DAY_MS));
    assert_eq!(runs_of(s.runtime(), &job_name(1)), vec![8 * 3_600_000]);
}

#[test]
fn overlap_skip_drops_runs_that_would_overlap_and_allow_keeps_them() {
    let slow = |overlap| Params { jobs: vec!["* * * * *".into()], run_ms: 150_000, overlap, ..Params::default() };
    let skip = CronRecipe::start(&Runtime::new(1), slow(false));
    skip.runtime().run_until(10 * 60_000);
    let allow = CronRecipe::start(&Runtime::new(1), slow(true));
    allow.runtime().run_until(10 * 60_000);
    assert_eq!(runs_of(allow.runtime(), &job_name(0)).len(), 10);
    assert_eq!(runs_of(skip.runtime(), &job_name(0)), vec![60_000, 240_000, 420_000, 600_000]);
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
    let s = CronRecipe::start(&Runtime::new(1), Params::twenty_jobs());
    s.apply("day").unwrap();
    let expected: usize =
        s.jobs().iter().map(|(_, j)| j.next_runs(0, 0, 2000).into_iter().filter(|at| *at <= DAY_MS).count()).sum();
    let fired: usize = (0..20).map(|i| runs_of(s.runtime(), &job_name(i)).len()).sum();
    assert_eq!(fired, expected);
    assert!(fired > 2000, "{fired} runs");
}

#[test]
fn the_runs_fold_counts_every_run_and_keeps_those_of_the_last_day() {
    use crate::model::fold::fold;
    use crate::recipes::cron::runs::JobRuns;
    let params = Params { jobs: vec!["0 * * * *".into(), "*/15 * * * *".into()], ..Params::default() };
    let s = CronRecipe::start(&Runtime::new(1), params);
    for _ in 0..3 {
        s.apply("day").unwrap();
    }
    let runs = s.runtime().read_trace(|t| fold(JobRuns::new(&[job_name(0), job_name(1)]), t.events()));
    assert_eq!((runs.count(0), runs.count(1)), (72, 288), "three days of hourly and quarter-hourly runs");
    assert_eq!(runs.count(0), runs_of(s.runtime(), &job_name(0)).len() as u64);
    let hourly: Vec<u64> = runs.recent(0).iter().copied().collect();
    assert_eq!((hourly.len(), hourly[0], *hourly.last().unwrap()), (25, 2 * DAY_MS, 3 * DAY_MS));
    assert_eq!((runs.count(2), runs.recent(2).len()), (0, 0), "no third job");
}

#[test]
fn a_job_added_after_a_fast_forwarded_day_runs_on_the_same_clock_and_the_day_stays() {
    let s = CronRecipe::start(&Runtime::new(1), Params { jobs: vec!["0 * * * *".into()], ..Params::default() });
    s.apply("day").unwrap();
    s.apply("add */20 * * * *").unwrap();
    assert_eq!(s.runtime().now(), DAY_MS, "adding a job does not start a new run");
    s.runtime().run_until(DAY_MS + 3_600_000);
    assert_eq!(runs_of(s.runtime(), "job_1").len(), 25, "the hourly job keeps its day and goes on");
    assert_eq!(runs_of(s.runtime(), "job_2"), vec![DAY_MS + 1_200_000, DAY_MS + 2_400_000, DAY_MS + 3_600_000]);
    assert_eq!(s.settings().jobs, vec!["0 * * * *".to_string(), "*/20 * * * *".to_string()]);
    assert!(s.apply("add 61 * * * *").unwrap_err().contains("minute"));
}

#[test]
fn a_deleted_job_never_runs_again_and_its_timer_is_cancelled() {
    let params = Params { jobs: vec!["*/15 * * * *".into(), "0 8 * * *".into()], ..Params::default() };
    let s = CronRecipe::start(&Runtime::new(1), params);
    s.runtime().run_until(3_600_000);
    s.apply("delete job_1").unwrap();
    s.runtime().run_until(DAY_MS);
    assert_eq!(runs_of(s.runtime(), "job_1").len(), 4, "runs before the delete only");
    assert_eq!(runs_of(s.runtime(), "job_2"), vec![8 * 3_600_000], "the other job is untouched");
    let cancelled =
        s.runtime().read_trace(|t| t.events().filter(|e| matches!(e.kind, EventKind::TimerCancelled { .. })).count());
    assert_eq!(cancelled, 1);
    assert_eq!(s.apply("delete job_1"), Err("There is no job \"job_1\".".into()));
}

#[test]
fn a_new_time_zone_keeps_the_run_and_relabels_its_wall_clock() {
    use crate::recipes::cron::schedule::wall_label;
    let s = CronRecipe::start(&Runtime::new(1), Params { jobs: vec!["0 8 * * *".into()], ..Params::default() });
    s.runtime().run_until(3_600_000);
    let before = s.runtime().read_trace(|t| t.total());
    s.apply("zone 120").unwrap();
    assert_eq!(s.runtime().read_trace(|t| t.total()), before, "no new run, no message: the zone is how times read");
    s.runtime().run_until(DAY_MS);
    assert_eq!(runs_of(s.runtime(), "job_1"), vec![8 * 3_600_000]);
    assert_eq!(s.settings().offset_minutes, 120);
    assert_eq!(
        wall_label(8 * 3_600_000, s.settings().offset_minutes),
        wall_label(8 * 3_600_000, 0),
        "08:00 on either clock"
    );
    assert!(s.apply("zone 9999").is_err());
}

#[test]
fn overlap_allowed_while_running_lets_the_next_due_run_start() {
    let slow = Params { jobs: vec!["* * * * *".into()], run_ms: 150_000, ..Params::default() };
    let s = CronRecipe::start(&Runtime::new(1), slow);
    s.runtime().run_until(4 * 60_000);
    s.apply("overlap allow").unwrap();
    s.runtime().run_until(8 * 60_000);
    assert_eq!(runs_of(s.runtime(), "job_1"), vec![60_000, 240_000, 300_000, 360_000, 420_000, 480_000]);
}
