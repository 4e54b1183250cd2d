//! The cron recipe's parameters (jobs, overlap, run time, time zone), read from and written to share
//! links, and the twenty-job load the fast-forward benchmark uses.

use super::scenario::DAY_MS;
use super::schedule::parse;
use crate::model::recipe::{ParamMap, int_param, param_map};
use crate::runtime::atom::Atom;

/// At most this many jobs.
pub const MAX_JOBS: usize = 20;

/// The task name of job `i` (0-based): `job_1`, `job_2`, …
pub fn job_name(i: usize) -> Atom {
    Atom::intern(&format!("job_{}", i + 1))
}

/// The recipe's parameters, as the controls and the share URL hold them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    /// The jobs' cron expressions (valid ones only).
    pub jobs: Vec<String>,
    /// Allow a run to start while the previous run of the same job still runs.
    pub overlap: bool,
    /// How long each run takes, in ms.
    pub run_ms: u64,
    /// The time zone as minutes east of UTC (0 is UTC).
    pub offset_minutes: i32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            jobs: vec!["*/15 * * * *".into(), "0 8 * * *".into(), "@hourly".into()],
            overlap: false,
            run_ms: 90_000,
            offset_minutes: 0,
        }
    }
}

impl Params {
    /// Reads parameters from a share URL's map; invalid jobs and values are left out with a notice.
    pub fn from_map(map: &ParamMap) -> (Params, Vec<String>) {
        let mut notices = Vec::new();
        let d = Params::default();
        let jobs = match map.get("jobs") {
            None => d.jobs,
            Some(text) => text
                .split('|')
                .filter(|j| !j.trim().is_empty())
                .filter_map(|j| match parse(j) {
                    Ok(job) => Some(job.expr),
                    Err(e) => {
                        notices.push(format!("Ignored the job {j:?}: {e}"));
                        None
                    }
                })
                .take(MAX_JOBS)
                .collect(),
        };
        let overlap = match map.get("overlap").map(String::as_str) {
            None => d.overlap,
            Some("allow") => true,
            Some("skip") => false,
            Some(other) => {
                notices.push(format!("Ignored overlap={other:?}: expected skip or allow."));
                d.overlap
            }
        };
        let run_ms = int_param(map, "run", 1_000..=DAY_MS, d.run_ms, &mut notices);
        let offset_minutes = match map.get("tz").map(String::as_str) {
            None | Some("utc") => 0,
            Some(text) => match text.parse::<i32>() {
                Ok(m) if (-14 * 60..=14 * 60).contains(&m) => m,
                _ => {
                    notices.push(format!("Ignored tz={text:?}: expected utc or minutes east of UTC."));
                    0
                }
            },
        };
        (Params { jobs, overlap, run_ms, offset_minutes }, notices)
    }

    pub fn to_map(&self) -> ParamMap {
        param_map([
            ("jobs", self.jobs.join("|")),
            ("overlap", if self.overlap { "allow" } else { "skip" }.to_string()),
            ("run", self.run_ms.to_string()),
            ("tz", if self.offset_minutes == 0 { "utc".to_string() } else { self.offset_minutes.to_string() }),
        ])
    }
}

impl Params {
    /// Twenty jobs from every minute to daily: the fast-forward benchmark's load.
    pub fn twenty_jobs() -> Params {
        let jobs = [
            "* * * * *",
            "*/2 * * * *",
            "*/5 * * * *",
            "*/10 * * * *",
            "*/15 * * * *",
            "*/20 * * * *",
            "*/30 * * * *",
            "0 * * * *",
            "15 * * * *",
            "30 */2 * * *",
            "0 */3 * * *",
            "0 */4 * * *",
            "0 */6 * * *",
            "0 */8 * * *",
            "0 */12 * * *",
            "0 8 * * *",
            "30 12 * * 1-5",
            "0 18 * * *",
            "45 23 * * *",
            "@daily",
        ];
        Params { jobs: jobs.iter().map(|j| j.to_string()).collect(), run_ms: 20_000, ..Params::default() }
    }
}
