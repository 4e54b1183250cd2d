//! The cron scenario on the runtime: a scheduler process keeps a timer per job to its next run and
//! starts each run as a task under a `Task.Supervisor`, skipping a run while the last one still
//! runs when overlap is off (Quantum's `overlap: false`). Jobs are added, deleted and reconfigured
//! while it runs, as `MyApp.Scheduler.add_job/1` and `delete_job/1` do.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::params::{MAX_JOBS, Params, job_name};
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

/// The scheduler's configuration as it is now: like Quantum's, jobs can be added and deleted, and
/// their overlap and time zone changed, while the scheduler runs.
#[derive(Clone, Debug)]
pub struct Live {
    /// Each job's name (`job_1`, `job_2`, … in the order they were added) and schedule.
    pub jobs: Vec<(Atom, CronJob)>,
    pub overlap: bool,
    pub run_ms: u64,
    pub offset_minutes: i32,
    /// Jobs added so far: the next one is `job_{added + 1}`.
    added: usize,
}

/// Sets the timer to `name`'s next run, if it has one, and keeps it in `timers` (a job's timer, one per job).
fn schedule(ctx: &Ctx, live: &Live, timers: &mut Vec<(Atom, Ref)>, name: Atom) {
    let Some((_, job)) = live.jobs.iter().find(|(n, _)| *n == name) else { return };
    if let Some(next) = job.next_after(ctx.now(), live.offset_minutes) {
        let timer = ctx.send_after(ctx.pid(), Term::tuple([Term::atom("run"), Term::atom(name)]), next - ctx.now()); //@schedule
        match timers.iter_mut().find(|(n, _)| *n == name) {
            Some((_, kept)) => *kept = timer,
            None => timers.push((name, timer)),
        }
    }
}

/// The job a `{tag, name}` message names.
fn job_of(msg: &Term) -> Option<Atom> {
    match msg.elem(1) {
        Some(Term::Atom(name)) => Some(*name),
        _ => None,
    }
}

/// The scheduler: a timer per job to its next run; each run a task under the job supervisor.
async fn scheduler(ctx: Ctx, live: Rc<RefCell<Live>>) -> ProcResult {
    let runs = task_supervisor::start_link(&ctx, "Quantum.JobSupervisor");
    let mut running: BTreeMap<Atom, Pid> = BTreeMap::new();
    let mut timers: Vec<(Atom, Ref)> = Vec::new();
    let names: Vec<Atom> = live.borrow().jobs.iter().map(|(n, _)| *n).collect();
    for name in names {
        schedule(&ctx, &live.borrow(), &mut timers, name);
    }
    loop {
        let msg = ctx.receive().await;
        match (msg.tag(), job_of(&msg)) {
            (Some("run"), Some(name)) if live.borrow().jobs.iter().any(|(n, _)| *n == name) => {
                let busy = running.get(&name).is_some_and(|pid| ctx.is_alive(*pid));
                let (overlap, run_ms) = (live.borrow().overlap, live.borrow().run_ms);
                if busy && !overlap {
                    ctx.record_custom(SkippedRun { job: name }); //@skip
                } else {
                    let pid = task_supervisor::start_child(&ctx, runs, name, move |c| async move {
                        c.sleep(run_ms).await; //@run
                        Ok(())
                    })
                    .await?;
                    running.insert(name, pid);
                }
                schedule(&ctx, &live.borrow(), &mut timers, name);
            }
            (Some("add_job"), Some(name)) => {
                schedule(&ctx, &live.borrow(), &mut timers, name); //@change
            }
            (Some("delete_job"), Some(name)) => {
                if let Some(i) = timers.iter().position(|(n, _)| *n == name) {
                    ctx.cancel_timer(timers.swap_remove(i).1); //@change
                }
            }
            _ => {}
        }
    }
}

/// The recipe's processes.
pub struct CronRecipe {
    rt: Runtime,
    live: Rc<RefCell<Live>>,
    scheduler: Pid,
}

impl CronRecipe {
    pub fn start(rt: &Runtime, params: Params) -> Self {
        let rt = rt.clone();
        let jobs: Vec<(Atom, CronJob)> =
            params.jobs.iter().filter_map(|j| parse(j).ok()).enumerate().map(|(i, job)| (job_name(i), job)).collect();
        let added = jobs.len();
        let live = Rc::new(RefCell::new(Live {
            jobs,
            overlap: params.overlap,
            run_ms: params.run_ms,
            offset_minutes: params.offset_minutes,
            added,
        }));
        let scheduler_live = live.clone();
        let scheduler = rt.spawn("Quantum.Scheduler", Behaviour::GenServer, move |ctx| scheduler(ctx, scheduler_live));
        CronRecipe { rt, live, scheduler }
    }

    /// The parameters as they are now (jobs added and deleted, overlap and zone changed included).
    pub fn settings(&self) -> Params {
        let live = self.live.borrow();
        Params {
            jobs: live.jobs.iter().map(|(_, job)| job.expr.clone()).collect(),
            overlap: live.overlap,
            run_ms: live.run_ms,
            offset_minutes: live.offset_minutes,
        }
    }

    /// The jobs as they are now, with their names.
    pub fn jobs(&self) -> Vec<(Atom, CronJob)> {
        self.live.borrow().jobs.clone()
    }

    /// The jobs' names as they are now, in order (the page asks every frame).
    pub fn job_names(&self) -> Vec<Atom> {
        self.live.borrow().jobs.iter().map(|(name, _)| *name).collect()
    }

    /// Tells the scheduler something changed, as `MyApp.Scheduler.add_job/1` and friends do.
    fn tell(&self, tag: &'static str, name: Atom) {
        self.rt.send(self.scheduler, Term::tuple([Term::atom(tag), Term::atom(name)]));
    }
}

impl Scenario for CronRecipe {
    fn runtime(&self) -> &Runtime {
        &self.rt
    }

    fn params(&self) -> ParamMap {
        self.settings().to_map()
    }

    /// `day` fast-forwards a day; `add <expr>`, `delete <job>`, `overlap allow|skip` and
    /// `zone <minutes east of UTC>` change the running scheduler, keeping the day so far.
    fn apply(&self, action: &str) -> Result<(), String> {
        let (verb, arg) = action.split_once(' ').unwrap_or((action, ""));
        match verb {
            "day" => {
                self.rt.run_until(self.rt.now() + DAY_MS);
            }
            "add" => {
                let job = parse(arg)?;
                let name = {
                    let mut live = self.live.borrow_mut();
                    if live.jobs.len() >= MAX_JOBS {
                        return Err(format!("At most {MAX_JOBS} jobs."));
                    }
                    let name = job_name(live.added);
                    live.added += 1;
                    live.jobs.push((name, job));
                    name
                };
                self.tell("add_job", name);
            }
            "delete" => {
                let name = {
                    let mut live = self.live.borrow_mut();
                    let i = live.jobs.iter().position(|(n, _)| *n == arg).ok_or_else(|| format!("There is no job {arg:?}."))?;
                    live.jobs.remove(i).0
                };
                self.tell("delete_job", name);
            }
            "overlap" => {
                self.live.borrow_mut().overlap = match arg {
                    "allow" => true,
                    "skip" => false,
                    other => return Err(format!("Overlap is allow or skip, not {other:?}.")),
                };
            }
            "zone" => {
                let minutes = arg
                    .parse::<i32>()
                    .ok()
                    .filter(|m| (-14 * 60..=14 * 60).contains(m))
                    .ok_or_else(|| format!("A time zone is minutes east of UTC (-840 to 840), not {arg:?}."))?;
                // Virtual time 0 is midnight on the zone's clock (see `schedule::epoch`), so a job
                // runs at the same virtual times in any zone: only the wall-clock labels change.
                self.live.borrow_mut().offset_minutes = minutes;
            }
            other => return Err(format!("Unknown action {other:?} for cron.")),
        }
        Ok(())
    }

    fn stop(&self) {
        self.rt.exit(self.scheduler, ExitReason::Shutdown);
    }
}
