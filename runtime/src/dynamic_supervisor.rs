//! Dynamic supervisors (Elixir's `DynamicSupervisor`): children started on demand, `:one_for_one`, restart intensity.

use super::atom::Atom;
use super::exit::ExitReason;
use super::gen_server;
use super::order::sort_by_key;
use super::pid::{Behaviour, Pid};
use super::process::{Ctx, ProcResult};
use super::supervisor::{ChildSpec, Intensity, ReachedMaxIntensity, Shutdown, stop_children_at_once};
use super::term::{Opaque, Term};
use super::trace::EventKind;

/// `DynamicSupervisor.init(strategy: :one_for_one, max_restarts: 3, max_seconds: 5, max_children: :infinity)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DynamicSpec {
    pub max_restarts: usize,
    pub max_seconds: u64,
    pub max_children: Option<usize>,
}

impl Default for DynamicSpec {
    fn default() -> Self {
        DynamicSpec { max_restarts: 3, max_seconds: 5, max_children: None }
    }
}

/// `DynamicSupervisor.start_link(strategy: :one_for_one)` from inside a process.
///
/// ```
/// use tasklane_runtime::{dynamic_supervisor, prelude::*};
/// let rt = Runtime::new(1);
/// rt.spawn("app", Behaviour::Process, |ctx| async move {
///     let sup = dynamic_supervisor::start_link(&ctx, "Users", Default::default());
///     let user = ChildSpec::worker("user", Behaviour::GenServer, |c| async move { c.sleep(u64::MAX / 2).await; Ok(()) });
///     let started = dynamic_supervisor::start_child(&ctx, sup, user).await?;
///     assert_eq!(started.tag(), Some("ok"));
///     assert_eq!(dynamic_supervisor::count_children(&ctx, sup).await?.active, 1);
///     Ok(())
/// });
/// rt.run_until(10);
/// ```
pub fn start_link(ctx: &Ctx, name: impl Into<Atom>, spec: DynamicSpec) -> Pid {
    ctx.spawn_link(name, Behaviour::Supervisor, move |c| run(spec, c))
}

/// `{DynamicSupervisor, strategy: :one_for_one, name: name}` as a supervisor's child: a
/// `:supervisor` child (shutdown `:infinity`) registered under `name`, restarted empty.
///
/// ```
/// use tasklane_runtime::{dynamic_supervisor, prelude::*};
/// let rt = Runtime::new(1);
/// let users = dynamic_supervisor::child_spec("Users", Default::default());
/// supervisor::start(&rt, "app", SupervisorSpec::new(Strategy::OneForOne, vec![users]));
/// rt.spawn("main", Behaviour::Process, |ctx| async move {
///     ctx.sleep(1).await;
///     let sup = ctx.whereis("Users").expect("registered under its name");
///     let user = ChildSpec::worker("user", Behaviour::GenServer, |c| async move { c.sleep(u64::MAX / 2).await; Ok(()) });
///     dynamic_supervisor::start_child(&ctx, sup, user).await?;
///     assert_eq!(dynamic_supervisor::count_children(&ctx, sup).await?.active, 1);
///     Ok(())
/// });
/// rt.run_until(10);
/// ```
pub fn child_spec(name: impl Into<Atom>, spec: DynamicSpec) -> ChildSpec {
    let name = name.into();
    ChildSpec::worker(name, Behaviour::Supervisor, move |c| run(spec, c))
        .shutdown(Shutdown::Infinity)
        .named(gen_server::Name::Local(name))
}

/// `DynamicSupervisor.start_child(sup, spec)`: `{:ok, pid}`, `{:error, :max_children}`, or for a
/// named spec whose name is taken `{:error, {:already_started, pid}}` (no child is added).
pub async fn start_child(ctx: &Ctx, sup: Pid, spec: ChildSpec) -> Result<Term, ExitReason> {
    let request = Term::tuple([Term::atom("start_child"), Term::Opaque(Opaque::new("child_spec", spec))]);
    gen_server::call(ctx, sup, request, gen_server::INFINITY).await
}

/// `DynamicSupervisor.terminate_child(sup, pid)`: `:ok`, or `{:error, :not_found}`.
pub async fn terminate_child(ctx: &Ctx, sup: Pid, pid: Pid) -> Result<Term, ExitReason> {
    let request = Term::tuple([Term::atom("terminate_child"), Term::Pid(pid)]);
    gen_server::call(ctx, sup, request, gen_server::INFINITY).await
}

/// `DynamicSupervisor.which_children(sup)`: `{:undefined, pid, :worker | :supervisor, modules}`
/// for each child, in pid order (the order of OTP's child map). `modules` is `[]` here: a child
/// has no callback module in Tasklane.
pub async fn which_children(ctx: &Ctx, sup: Pid) -> Result<Term, ExitReason> {
    gen_server::call(ctx, sup, Term::atom("which_children"), gen_server::INFINITY).await
}

/// The map `DynamicSupervisor.count_children(sup)` and `Supervisor.count_children(sup)` return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    pub active: usize,
    pub specs: usize,
    pub supervisors: usize,
    pub workers: usize,
}

/// `DynamicSupervisor.count_children(sup)`.
pub async fn count_children(ctx: &Ctx, sup: Pid) -> Result<Counts, ExitReason> {
    let reply = gen_server::call(ctx, sup, Term::atom("count_children"), gen_server::INFINITY).await?;
    let n = |i| reply.elem(i).and_then(Term::as_int).unwrap_or(0) as usize;
    Ok(Counts { active: n(0), specs: n(1), supervisors: n(2), workers: n(3) })
}

struct Child {
    pid: Pid,
    spec: ChildSpec,
}

/// The dynamic supervisor process: traps exits, restarts children by their restart policy (each on
/// its own), gives up past its intensity, and stops every child at once when it is stopped.
async fn run(spec: DynamicSpec, ctx: Ctx) -> ProcResult {
    ctx.trap_exit(true);
    let parent = ctx.parent();
    let mut children: Vec<Child> = Vec::new();
    let mut intensity = Intensity::new(spec.max_restarts, spec.max_seconds);
    loop {
        let msg = ctx.receive().await;
        match msg.tag() {
            Some("EXIT") => {
                let from = msg.elem(1).and_then(Term::as_pid);
                let reason = msg.elem(2).map(ExitReason::from_term).unwrap_or(ExitReason::Normal);
                if from == Some(parent) {
                    stop_all(&ctx, &mut children).await;
                    return Err(reason);
                }
                let Some(i) = children.iter().position(|c| Some(c.pid) == from) else { continue };
                let child = children.remove(i);
                if !child.spec.restart.restarts_after(&reason) {
                    continue;
                }
                if !intensity.allow(ctx.now()) {
                    ctx.record_custom(ReachedMaxIntensity { restarts: spec.max_restarts, seconds: spec.max_seconds });
                    stop_all(&ctx, &mut children).await;
                    return Err(ExitReason::Shutdown);
                }
                let new = child.spec.start_link(&ctx);
                ctx.record(EventKind::Restart { child: child.spec.id, old: child.pid, new });
                children.push(Child { pid: new, spec: child.spec });
            }
            Some("$gen_call") => {
                let Some((from, request)) = gen_server::call_parts(&msg) else { continue };
                let answer = match request.tag() {
                    Some("start_child") => match request.elem(1) {
                        _ if spec.max_children.is_some_and(|max| children.len() >= max) => {
                            Term::tuple([Term::atom("error"), Term::atom("max_children")])
                        }
                        Some(Term::Opaque(o)) => match o.take::<ChildSpec>().map(|c| (c.holder(&ctx), c)) {
                            Some((Some(holder), _)) => Term::tuple([
                                Term::atom("error"),
                                Term::tuple([Term::atom("already_started"), Term::Pid(holder)]),
                            ]),
                            Some((None, child)) => {
                                let pid = child.start_link(&ctx);
                                children.push(Child { pid, spec: child });
                                Term::tuple([Term::ok(), Term::Pid(pid)])
                            }
                            None => Term::tuple([Term::atom("error"), Term::atom("bad_child_spec")]),
                        },
                        _ => Term::tuple([Term::atom("error"), Term::atom("bad_child_spec")]),
                    },
                    Some("terminate_child") => {
                        let pid = request.elem(1).and_then(Term::as_pid);
                        match children.iter().position(|c| Some(c.pid) == pid) {
                            Some(i) => {
                                let mut one = vec![children.remove(i)];
                                stop_all(&ctx, &mut one).await;
                                Term::ok()
                            }
                            None => Term::tuple([Term::atom("error"), Term::atom("not_found")]),
                        }
                    }
                    Some("which_children") => {
                        let mut listed: Vec<&Child> = children.iter().collect();
                        sort_by_key(&mut listed, |c| c.pid);
                        Term::list(listed.into_iter().map(|c| {
                            Term::tuple([Term::atom("undefined"), Term::Pid(c.pid), c.spec.kind(), Term::list([])])
                        }))
                    }
                    Some("count_children") => {
                        let supervisors = children.iter().filter(|c| c.spec.behaviour == Behaviour::Supervisor).count();
                        let n = |k: usize| Term::Int(k as i64);
                        Term::tuple([
                            n(children.len()),
                            n(children.len()),
                            n(supervisors),
                            n(children.len() - supervisors),
                        ])
                    }
                    _ => Term::tuple([Term::atom("error"), Term::atom("unknown_call")]),
                };
                gen_server::reply(&ctx, from, answer);
            }
            _ => {}
        }
    }
}

async fn stop_all(ctx: &Ctx, children: &mut Vec<Child>) {
    sort_by_key(children, |c| c.pid);
    let stopping: Vec<_> = children.drain(..).map(|c| (c.pid, c.spec.shutdown)).collect();
    stop_children_at_once(ctx, &stopping).await;
}
