//! The cron scenario on the runtime: a scheduler process keeps a timer per job to its next run and
//! starts each run as a task under a `Task.Supervisor`, skipping a run while the last one still
//! runs when overlap is off (Quantum's `overlap: false`).

use std::collections::BTreeMap;

use super::schedule::{CronJob, parse};
use crate::recipes::{Scenario, int_param};
use crate::runtime::prelude::*;

/// One virtual day, in ms.
pub const DAY_MS: u64 = 86_400_000;

/// At most this many jobs.
pub const MAX_JOBS: usize = 20;

const JOB_NAMES: [&str; MAX_JOBS] = [
    "job_1", "job_2", "job_3", "job_4", "job_5", "job_6", "job_7", "job_8", "job_9", "job_10", "job_11", "job_12",
    "job_13", "job_14", "job_15", "job_16", "job_17", "job_18", "job_19", "job_20",
];

/// The task name of job `i` (0-based).
pub fn job_name(i: usize) -> &'static str {
    JOB_NAMES[i.min(MAX_JOBS - 1)]
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
    pub fn from_map(map: &BTreeMap<String, String>) -> (Params, Vec<String>) {
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

    pub fn to_map(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("jobs".to_string(), self.jobs.join("|")),
            ("overlap".to_string(), if self.overlap { "allow" } else { "skip" }.to_string()),
            ("run".to_string(), self.run_ms.to_string()),
            (
                "tz".to_string(),
                if self.offset_minutes == 0 { "utc".to_string() } else { self.offset_minutes.to_string() },
            ),
        ])
    }
}

/// The scheduler: a timer per job to its next run; each run a task under the job supervisor.
async fn scheduler(ctx: Ctx, jobs: Vec<CronJob>, params: Params) -> ProcResult {
    let runs = task_supervisor::start_link(&ctx, "Quantum.JobSupervisor");
    let mut running: Vec<Option<Pid>> = vec![None; jobs.len()];
    let schedule = |ctx: &Ctx, i: usize| {
        if let Some(next) = jobs[i].next_after(ctx.now(), params.offset_minutes) {
            ctx.send_after(ctx.pid(), Term::tuple([Term::atom("run"), Term::Int(i as i64)]), next - ctx.now()); //@schedule
        }
    };
    for i in 0..jobs.len() {
        schedule(&ctx, i);
    }
    loop {
        let msg = ctx.receive().await;
        let Some(i) = msg.elem(1).and_then(Term::as_int).map(|i| i as usize).filter(|i| *i < jobs.len()) else {
            continue;
        };
        let busy = running[i].is_some_and(|pid| ctx.is_alive(pid));
        if busy && !params.overlap {
            ctx.record(EventKind::Log { text: "skipped a run: the previous one still runs (overlap: false)" }); //@skip
        } else {
            let run_ms = params.run_ms;
            let pid = task_supervisor::start_child(&ctx, runs, job_name(i), move |c| async move {
                c.sleep(run_ms).await; //@run
                Ok(())
            })
            .await?;
            running[i] = Some(pid);
        }
        schedule(&ctx, i);
    }
}

/// The recipe's processes.
pub struct CronRecipe {
    rt: Runtime,
    params: Params,
    jobs: Vec<CronJob>,
    scheduler: Pid,
}

impl CronRecipe {
    pub fn start(params: Params, seed: u64) -> Self {
        let rt = Runtime::new(seed);
        let jobs: Vec<CronJob> = params.jobs.iter().filter_map(|j| parse(j).ok()).collect();
        let (j, p) = (jobs.clone(), params.clone());
        let scheduler = rt.spawn("Quantum.Scheduler", Behaviour::GenServer, move |ctx| scheduler(ctx, j, p));
        CronRecipe { rt, params, jobs, scheduler }
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    pub fn jobs(&self) -> &[CronJob] {
        &self.jobs
    }
}

impl Scenario for CronRecipe {
    fn runtime(&self) -> &Runtime {
        &self.rt
    }

    fn apply(&self, action: &str) -> Result<(), String> {
        match action {
            "day" => {
                self.rt.run_until(self.rt.now() + DAY_MS);
                Ok(())
            }
            other => Err(format!("Unknown action {other:?} for cron.")),
        }
    }

    fn stop(&self) {
        self.rt.exit(self.scheduler, ExitReason::Shutdown);
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
