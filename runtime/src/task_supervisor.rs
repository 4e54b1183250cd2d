//! Task supervisors (Elixir's `Task.Supervisor`): `start_child` (temporary, never restarted) and `async_nolink`.

use std::future::Future;
use std::pin::Pin;

use super::atom::Atom;
use super::exit::ExitReason;
use super::gen_server;
use super::pid::{Behaviour, Pid, Ref};
use super::process::{Ctx, ProcResult, SpawnOpts};
use super::runtime::Runtime;
use super::supervisor::{Shutdown, stop_child};
use super::task::{Task, run_task};
use super::term::{Opaque, Term};

type Body = Box<dyn FnOnce(Ctx) -> Pin<Box<dyn Future<Output = ProcResult>>>>;
type TaskBody = Box<dyn FnOnce(Ctx) -> Pin<Box<dyn Future<Output = Result<Term, ExitReason>>>>>;

/// How long a child gets to stop before it is killed (`shutdown: 5000`).
pub const CHILD_SHUTDOWN: Shutdown = Shutdown::Timeout(5000);

/// `Task.Supervisor.start_link/1` from inside a process.
pub fn start_link(ctx: &Ctx, name: impl Into<Atom>) -> Pid {
    ctx.spawn_link(name, Behaviour::TaskSupervisor, run)
}

/// A top-level task supervisor, started from outside the runtime.
pub fn start(rt: &Runtime, name: impl Into<Atom>) -> Pid {
    rt.spawn(name, Behaviour::TaskSupervisor, run)
}

/// `Task.Supervisor.start_child(sup, fun)`: a temporary child, not linked to the caller; its pid.
pub async fn start_child<F, Fut>(ctx: &Ctx, sup: Pid, name: impl Into<Atom>, work: F) -> Result<Pid, ExitReason>
where
    F: FnOnce(Ctx) -> Fut + 'static,
    Fut: Future<Output = ProcResult> + 'static,
{
    let body: Body = Box::new(move |c| Box::pin(work(c)));
    let request = Term::tuple([Term::atom("start_child"), Term::atom(name), Term::Opaque(Opaque::new("task", body))]);
    started_pid(gen_server::call(ctx, sup, request, gen_server::INFINITY).await?)
}

/// `Task.Supervisor.async_nolink(sup, fun)`: a task the caller monitors but is not linked to,
/// so its crash reaches the caller as a value (via [`Task::yield_`]) instead of killing it.
pub async fn async_nolink<F, Fut>(ctx: &Ctx, sup: Pid, name: impl Into<Atom>, work: F) -> Result<Task, ExitReason>
where
    F: FnOnce(Ctx) -> Fut + 'static,
    Fut: Future<Output = Result<Term, ExitReason>> + 'static,
{
    let monitor = ctx.make_ref();
    let body: TaskBody = Box::new(move |c| Box::pin(work(c)));
    let request = Term::tuple([
        Term::atom("async_nolink"),
        Term::atom(name),
        Term::Opaque(Opaque::new("task", body)),
        Term::Pid(ctx.pid()),
        Term::Ref(monitor),
    ]);
    let pid = started_pid(gen_server::call(ctx, sup, request, gen_server::INFINITY).await?)?;
    Ok(Task { pid, monitor })
}

/// `Task.Supervisor.children(sup)`: the pids of running children, in start order.
pub async fn children(ctx: &Ctx, sup: Pid) -> Result<Vec<Pid>, ExitReason> {
    match gen_server::call(ctx, sup, Term::atom("children"), gen_server::INFINITY).await? {
        Term::List(items) => Ok(items.iter().filter_map(Term::as_pid).collect()),
        _ => Ok(Vec::new()),
    }
}

fn started_pid(reply: Term) -> Result<Pid, ExitReason> {
    reply.elem(1).and_then(Term::as_pid).ok_or(ExitReason::Other(reply))
}

fn opaque(term: Option<&Term>) -> Option<&Opaque> {
    match term {
        Some(Term::Opaque(o)) => Some(o),
        _ => None,
    }
}

/// The task supervisor process: traps exits, never restarts a child, and stops every child
/// (newest first) when its parent tells it to stop.
async fn run(ctx: Ctx) -> ProcResult {
    ctx.trap_exit(true);
    let parent = ctx.parent();
    let mut children: Vec<Pid> = Vec::new();
    loop {
        let msg = ctx.receive().await;
        match msg.tag() {
            Some("EXIT") => {
                let from = msg.elem(1).and_then(Term::as_pid);
                if from == Some(parent) {
                    for child in children.iter().rev() {
                        stop_child(&ctx, *child, CHILD_SHUTDOWN).await;
                    }
                    return Err(msg.elem(2).map(ExitReason::from_term).unwrap_or(ExitReason::Shutdown));
                }
                children.retain(|c| Some(*c) != from);
            }
            Some("$gen_call") => {
                let Some((from, request)) = gen_server::call_parts(&msg) else { continue };
                let name = match request.elem(1) {
                    Some(Term::Atom(n)) => *n,
                    _ => Atom::new("task"),
                };
                let answer = match request.tag() {
                    Some("start_child") => match opaque(request.elem(2)).and_then(|o| o.take::<Body>()) {
                        Some(body) => {
                            let pid = ctx.spawn_link(name, Behaviour::Task, body);
                            children.push(pid);
                            Term::tuple([Term::ok(), Term::Pid(pid)])
                        }
                        None => Term::tuple([Term::atom("error"), Term::atom("bad_request")]),
                    },
                    Some("async_nolink") => {
                        let body = opaque(request.elem(2)).and_then(|o| o.take::<TaskBody>());
                        let owner = request.elem(3).and_then(Term::as_pid);
                        let monitor: Option<Ref> = request.elem(4).and_then(Term::as_ref);
                        match (body, owner, monitor) {
                            (Some(body), Some(owner), Some(monitor)) => {
                                let opts = SpawnOpts::child_of(ctx.pid(), name, Behaviour::Task)
                                    .linked()
                                    .monitored_by(owner, monitor);
                                let pid = ctx.spawn_with(opts, move |c| {
                                    let work = body(c.clone());
                                    run_task(c, owner, monitor, work)
                                });
                                children.push(pid);
                                Term::tuple([Term::ok(), Term::Pid(pid)])
                            }
                            _ => Term::tuple([Term::atom("error"), Term::atom("bad_request")]),
                        }
                    }
                    Some("children") => Term::list(children.iter().map(|p| Term::Pid(*p))),
                    _ => Term::tuple([Term::atom("error"), Term::atom("unknown_call")]),
                };
                gen_server::reply(&ctx, from, answer);
            }
            _ => {}
        }
    }
}
