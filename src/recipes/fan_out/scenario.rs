//! The fan-out / fan-in scenario on the runtime: a caller starts one task per upload, then awaits
//! them all (linked), yields them (`async_nolink`), or awaits them one at a time (sequential).

use super::params::{Mode, Params};
use crate::model::recipe::{ParamMap, Scenario};
use crate::runtime::prelude::*;

/// The recipe's processes and the durations it drew.
pub struct FanOut {
    rt: Runtime,
    caller: Pid,
    params: Params,
    durations: Vec<u64>,
    crashing: Option<usize>,
}

/// One upload: sleeps its duration, or crashes halfway if it is the broken one.
async fn upload(ctx: Ctx, duration_ms: u64, broken: bool) -> Result<Term, ExitReason> {
    if broken {
        ctx.sleep(duration_ms / 2).await;
        return Err(ExitReason::atom("upload_failed")); //@crash
    }
    ctx.sleep(duration_ms).await;
    Ok(Term::Int(duration_ms as i64)) //@reply
}

async fn caller(ctx: Ctx, params: Params, durations: Vec<u64>, crashing: Option<usize>) -> ProcResult {
    let job = |i: usize| {
        let (ms, broken) = (durations[i], crashing == Some(i));
        move |t: Ctx| upload(t, ms, broken)
    };
    match params.mode {
        Mode::Linked => {
            let tasks: Vec<Task> = (0..durations.len()).map(|i| Task::async_(&ctx, "upload", job(i))).collect(); //@spawn?mode=linked
            Task::await_many(&ctx, &tasks, params.timeout_ms).await?; //@await?mode=linked
        }
        Mode::NoLink => {
            let sup = task_supervisor::start_link(&ctx, "Uploader.TaskSupervisor");
            let mut tasks = Vec::with_capacity(durations.len());
            for i in 0..durations.len() {
                tasks.push(task_supervisor::async_nolink(&ctx, sup, "upload", job(i)).await?); //@spawn?mode=nolink
            }
            let results = Task::yield_many(&ctx, &tasks, params.timeout_ms).await; //@await?mode=nolink
            for (task, result) in tasks.iter().zip(results) {
                if result.is_none() {
                    task.shutdown(&ctx, Shutdown::BrutalKill).await; //@shutdown
                }
            }
        }
        Mode::Sequential => {
            for i in 0..durations.len() {
                Task::async_(&ctx, "upload", job(i)).await_(&ctx, params.timeout_ms).await?; //@await?mode=sequential
            }
        }
    }
    Ok(())
}

impl FanOut {
    /// Draws the durations (100–3000 ms) and the broken task from the runtime's seeded random stream, then starts the caller.
    pub fn start(rt: &Runtime, params: Params) -> Self {
        let rt = rt.clone();
        let durations: Vec<u64> = (0..params.tasks).map(|_| rt.random_range(100, 3001)).collect();
        let crashing = params.crash.then(|| rt.random_range(0, params.tasks) as usize);
        let (d, c) = (durations.clone(), crashing);
        let caller = rt.spawn("caller", Behaviour::Process, move |ctx| caller(ctx, params, d, c));
        FanOut { rt, caller, params, durations, crashing }
    }

    pub fn settings(&self) -> Params {
        self.params
    }

    pub fn caller(&self) -> Pid {
        self.caller
    }

    /// Each task's planned duration, in start order.
    pub fn durations(&self) -> &[u64] {
        &self.durations
    }

    /// The task that crashes, if one does.
    pub fn crashing(&self) -> Option<usize> {
        self.crashing
    }

    /// The longest planned task: what the total is when everything goes well in parallel.
    pub fn longest(&self) -> u64 {
        self.durations.iter().copied().max().unwrap_or(0)
    }

    /// The sum of every duration: what the total is one by one.
    pub fn sequential_sum(&self) -> u64 {
        self.durations.iter().sum()
    }
}

impl Scenario for FanOut {
    fn runtime(&self) -> &Runtime {
        &self.rt
    }

    fn params(&self) -> ParamMap {
        self.params.to_map()
    }

    fn apply(&self, action: &str) -> Result<(), String> {
        Err(format!("Fan-out has no action {action:?}: change its parameters to start a new run."))
    }

    fn stop(&self) {
        self.rt.exit(self.caller, ExitReason::Shutdown);
    }
}
