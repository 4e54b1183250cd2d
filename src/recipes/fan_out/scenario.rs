//! The fan-out / fan-in scenario on the runtime: a caller starts one task per upload, then awaits
//! them all (linked), yields them (`async_nolink`), or awaits them one at a time (sequential).

use std::collections::BTreeMap;

use crate::recipes::{Scenario, int_param};
use crate::runtime::prelude::*;

/// How the caller runs its tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `Task.async` + `Task.await_many`: tasks linked to the caller.
    Linked,
    /// `Task.Supervisor.async_nolink` + `Task.yield_many`: a crash is a value, not a death.
    NoLink,
    /// One task at a time, each awaited before the next starts.
    Sequential,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Linked => "linked",
            Mode::NoLink => "nolink",
            Mode::Sequential => "sequential",
        }
    }

    pub fn parse(text: &str) -> Option<Mode> {
        [Mode::Linked, Mode::NoLink, Mode::Sequential].into_iter().find(|m| m.as_str() == text)
    }
}

/// The recipe's parameters, as the controls and the share URL hold them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// 1 to 1,000 tasks.
    pub tasks: u64,
    /// The `await_many` / `yield_many` timeout, in ms.
    pub timeout_ms: u64,
    /// Whether one (seeded) task crashes halfway through.
    pub crash: bool,
    pub mode: Mode,
}

impl Default for Params {
    fn default() -> Self {
        Params { tasks: 10, timeout_ms: 5000, crash: false, mode: Mode::Linked }
    }
}

impl Params {
    /// Reads parameters from a share URL's map; bad values fall back to defaults with a notice.
    pub fn from_map(map: &BTreeMap<String, String>) -> (Params, Vec<String>) {
        let mut notices = Vec::new();
        let d = Params::default();
        let tasks = int_param(map, "tasks", 1..=1000, d.tasks, &mut notices);
        let timeout_ms = int_param(map, "timeout", 100..=60_000, d.timeout_ms, &mut notices);
        let crash = match map.get("crash").map(String::as_str) {
            None | Some("0") | Some("false") => false,
            Some("1") | Some("true") => true,
            Some(other) => {
                notices.push(format!("Ignored crash={other:?}: expected 1 or 0."));
                false
            }
        };
        let mode = match map.get("mode") {
            None => d.mode,
            Some(text) => Mode::parse(text).unwrap_or_else(|| {
                notices.push(format!("Ignored mode={text:?}: expected linked, nolink or sequential."));
                d.mode
            }),
        };
        (Params { tasks, timeout_ms, crash, mode }, notices)
    }

    pub fn to_map(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("tasks".to_string(), self.tasks.to_string()),
            ("timeout".to_string(), self.timeout_ms.to_string()),
            ("crash".to_string(), u8::from(self.crash).to_string()),
            ("mode".to_string(), self.mode.as_str().to_string()),
        ])
    }
}

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
        return Err(ExitReason::error("upload_failed")); //@crash
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
            let tasks: Vec<Task> = (0..durations.len()).map(|i| Task::async_(&ctx, "upload", job(i))).collect(); //@spawn
            Task::await_many(&ctx, &tasks, params.timeout_ms).await?; //@await
        }
        Mode::NoLink => {
            let sup = task_supervisor::start_link(&ctx, "Uploader.TaskSupervisor");
            let mut tasks = Vec::with_capacity(durations.len());
            for i in 0..durations.len() {
                tasks.push(task_supervisor::async_nolink(&ctx, sup, "upload", job(i)).await?); //@spawn
            }
            let results = Task::yield_many(&ctx, &tasks, params.timeout_ms).await; //@await
            for (task, result) in tasks.iter().zip(results) {
                if result.is_none() {
                    task.shutdown(&ctx, 0).await; //@shutdown
                }
            }
        }
        Mode::Sequential => {
            for i in 0..durations.len() {
                Task::async_(&ctx, "upload", job(i)).await_(&ctx, params.timeout_ms).await?; //@await
            }
        }
    }
    Ok(())
}

impl FanOut {
    /// Draws the durations (100–3000 ms) and the broken task from the seed, then starts the caller.
    pub fn start(params: Params, seed: u64) -> Self {
        let rt = Runtime::new(seed);
        let durations: Vec<u64> = (0..params.tasks).map(|_| rt.random_range(100, 3001)).collect();
        let crashing = params.crash.then(|| rt.random_range(0, params.tasks) as usize);
        let (d, c) = (durations.clone(), crashing);
        let caller = rt.spawn("caller", Behaviour::Process, move |ctx| caller(ctx, params, d, c));
        FanOut { rt, caller, params, durations, crashing }
    }

    pub fn params(&self) -> Params {
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

    fn apply(&self, action: &str) -> Result<(), String> {
        Err(format!("Fan-out has no action {action:?}: change its parameters to start a new run."))
    }

    fn stop(&self) {
        self.rt.exit(self.caller, ExitReason::Shutdown);
    }
}
