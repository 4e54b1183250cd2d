//! The cron scenario on the runtime: a scheduler process keeps a timer per job to its next run and
//! starts each run as a task under a `Task.Supervisor`, skipping a run while the last one still
//! runs when overlap is off (Quantum's `overlap: false`).

use super::params::{Params, job_name};
use super::schedule::{CronJob, parse};
use crate::model::recipe::{ParamMap, Scenario};
use crate::runtime::prelude::*;

/// One virtual day, in ms.
pub const DAY_MS: u64 = 86_400_000;

/// Quantum's `overlap: false` at work: a run was due while the job's previous run still ran.
#[derive(Debug)]
pub struct SkippedRun {
    pub job: Atom,
}

impl Custom for SkippedRun {
    fn name(&self) -> &'static str {
        "skipped_run"
    }

    fn describe(&self) -> String {
        format!("skipped a run of {}: the previous one still runs (overlap: false)", self.job)
    }

    fn write_json(&self, out: &mut String) {
        out.push_str(",\"job\":");
        crate::runtime::trace::json_string(out, &self.job);
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
            ctx.record_custom(SkippedRun { job: job_name(i) }); //@skip
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
    pub fn start(rt: &Runtime, params: Params) -> Self {
        let rt = rt.clone();
        let jobs: Vec<CronJob> = params.jobs.iter().filter_map(|j| parse(j).ok()).collect();
        let (j, p) = (jobs.clone(), params.clone());
        let scheduler = rt.spawn("Quantum.Scheduler", Behaviour::GenServer, move |ctx| scheduler(ctx, j, p));
        CronRecipe { rt, params, jobs, scheduler }
    }

    pub fn settings(&self) -> &Params {
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

    fn params(&self) -> ParamMap {
        self.params.to_map()
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
