//! The scale scenario on the runtime: a tree of shard supervisors with counter GenServers, and a
//! `Task.async_stream` over the items, each task calling a counter that pings a neighbour.

use super::params::Params;
use crate::model::recipe::{ParamMap, Scenario};
use crate::runtime::prelude::*;

/// The task name of each item, as the timeline and the figures count them.
pub const ITEM: &str = "item";

/// A counter: adds what it is asked to, after `work` ms, and pings the neighbour it is given.
struct Counter {
    count: i64,
}

impl GenServer for Counter {
    async fn handle_call(&mut self, ctx: &Ctx, request: Term, _from: gen_server::From) -> Result<CallReply, ExitReason> {
        let (Some(Term::Int(n)), Some(&Term::Pid(neighbour)), Some(Term::Int(work))) =
            (request.elem(1), request.elem(2), request.elem(3))
        else {
            return Err(ExitReason::Other(Term::tuple([Term::atom("bad_call"), request])));
        };
        ctx.sleep(*work as u64).await;
        gen_server::cast(ctx, neighbour, Term::atom("ping")); //@cast
        self.count += n;
        Ok(CallReply::Reply(Term::Int(self.count))) //@reply
    }

    async fn handle_cast(&mut self, _ctx: &Ctx, _request: Term) -> ProcResult {
        Ok(())
    }
}

fn counter(id: u64) -> ChildSpec {
    ChildSpec::worker(Atom::intern(&format!("counter_{id}")), Behaviour::GenServer, |ctx| {
        gen_server::enter_loop(ctx, Counter { count: 0 })
    })
}

/// The pids of a supervisor's children, oldest first.
async fn children(ctx: &Ctx, sup: Pid) -> Result<Vec<Pid>, ExitReason> {
    let Term::List(children) = supervisor::which_children(ctx, sup).await? else { return Ok(Vec::new()) };
    Ok(children.iter().rev().filter_map(|c| c.elem(1)?.as_pid()).collect())
}

/// The stream: finds every counter through the tree, then runs the items, `concurrency` at a time.
async fn run(ctx: Ctx, top: Pid, params: Params) -> ProcResult {
    let mut counters = Vec::new();
    for shard in children(&ctx, top).await? {
        counters.extend(children(&ctx, shard).await?);
    }
    if counters.is_empty() {
        return Ok(());
    }
    let items: Vec<(i64, Pid, Pid, i64)> = (1..=params.items as i64)
        .map(|i| {
            let pick = || counters[ctx.random_range(0, counters.len() as u64) as usize];
            (i, pick(), pick(), 4 + ctx.random_range(1, 27) as i64)
        })
        .collect();
    let call = |t: Ctx, (i, counter, neighbour, work): (i64, Pid, Pid, i64)| async move {
        let request = Term::tuple([Term::atom("add"), Term::Int(i), Term::Pid(neighbour), Term::Int(work)]);
        gen_server::call(&t, counter, request, gen_server::DEFAULT_CALL_TIMEOUT).await //@call
    };
    let concurrency = params.concurrency as usize;
    Task::async_stream(&ctx, ITEM, items, concurrency, DEFAULT_AWAIT_TIMEOUT, call).await?; //@stream
    Ok(())
}

/// The recipe's processes.
pub struct Scale {
    rt: Runtime,
    params: Params,
    top: Pid,
    stream: Pid,
}

impl Scale {
    pub fn start(rt: &Runtime, params: Params) -> Self {
        let rt = rt.clone();
        let shards = (1..=params.shards)
            .map(|s| {
                let workers = (1..=params.workers).map(|w| counter((s - 1) * params.workers + w)).collect();
                ChildSpec::supervisor(Atom::intern(&format!("shard_{s}")), SupervisorSpec::new(Strategy::OneForOne, workers))
            })
            .collect();
        let top = supervisor::start(&rt, "Scale.Supervisor", SupervisorSpec::new(Strategy::OneForOne, shards)); //@tree
        let stream = rt.spawn("Scale.Stream", Behaviour::Process, move |ctx| run(ctx, top, params));
        Scale { rt, params, top, stream }
    }

    pub fn settings(&self) -> Params {
        self.params
    }

    /// The process running the stream: it exits `:normal` when every item is done.
    pub fn stream(&self) -> Pid {
        self.stream
    }
}

impl Scenario for Scale {
    fn runtime(&self) -> &Runtime {
        &self.rt
    }

    fn params(&self) -> ParamMap {
        self.params.to_map()
    }

    fn apply(&self, action: &str) -> Result<(), String> {
        Err(format!("The scale recipe has no action {action:?}: change its parameters to start a new run."))
    }

    fn stop(&self) {
        self.rt.exit(self.stream, ExitReason::Shutdown);
        self.rt.exit(self.top, ExitReason::Shutdown);
    }
}
