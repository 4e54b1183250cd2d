//! Supervisors (Elixir's `Supervisor`): strategies, restart policies, restart intensity, ordered shutdown,
//! and children terminated, restarted and deleted by id.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use super::atom::Atom;
use super::dynamic_supervisor::Counts;
use super::exit::ExitReason;
use super::gen_server;
use super::pid::{Behaviour, OUTSIDE, Pid};
use super::process::{Ctx, ProcResult};
use super::runtime::Runtime;
use super::term::{Opaque, Term};
use super::trace::{Custom, EventKind};

/// The supervisor's report when more than `max_restarts` restarts fell within `max_seconds`:
/// it stops every child and exits `:shutdown`, for its own supervisor to see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReachedMaxIntensity {
    pub restarts: usize,
    pub seconds: u64,
}

impl Custom for ReachedMaxIntensity {
    fn name(&self) -> &'static str {
        "reached_max_intensity"
    }

    fn describe(&self) -> String {
        format!("reached max restart intensity ({} in {} s): shutting down", self.restarts, self.seconds)
    }

    fn write_json(&self, out: &mut String) {
        out.push_str(&format!(",\"max_restarts\":{},\"max_seconds\":{}", self.restarts, self.seconds));
    }
}

/// `:one_for_one`, `:one_for_all`, `:rest_for_one`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Restart only the child that exited.
    OneForOne,
    /// Terminate the other children, then restart them all.
    OneForAll,
    /// Terminate the children started after the one that exited, then restart it and them.
    RestForOne,
}

/// When a child is restarted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestartPolicy {
    /// Always.
    Permanent,
    /// Only after an abnormal exit (not `:normal` or `:shutdown`).
    Transient,
    /// Never.
    Temporary,
}

impl RestartPolicy {
    pub(crate) fn restarts_after(self, reason: &ExitReason) -> bool {
        match self {
            RestartPolicy::Permanent => true,
            RestartPolicy::Transient => !reason.is_normal_or_shutdown(),
            RestartPolicy::Temporary => false,
        }
    }
}

/// Restart intensity: more than `max_restarts` restarts within `max_seconds` and the supervisor gives up.
pub(crate) struct Intensity {
    max_restarts: usize,
    window_ms: u64,
    restarts: VecDeque<u64>,
}

impl Intensity {
    pub(crate) fn new(max_restarts: usize, max_seconds: u64) -> Self {
        Intensity { max_restarts, window_ms: max_seconds * 1000, restarts: VecDeque::new() }
    }

    /// Counts a restart at `now`; false when it is one too many.
    pub(crate) fn allow(&mut self, now: u64) -> bool {
        let window = self.window_ms;
        self.restarts.retain(|t| now.saturating_sub(*t) <= window);
        self.restarts.push_back(now);
        self.restarts.len() <= self.max_restarts
    }
}

/// How a child is stopped: `:brutal_kill`, a timeout in ms before `:kill`, or `:infinity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shutdown {
    BrutalKill,
    Timeout(u64),
    Infinity,
}

/// The function that starts (and restarts) a child: the body of its process.
pub type StartFn = Rc<dyn Fn(Ctx) -> Pin<Box<dyn Future<Output = ProcResult>>>>;

/// A child specification: `%{id, start, restart, shutdown, type}`.
#[derive(Clone)]
pub struct ChildSpec {
    pub id: Atom,
    pub start: StartFn,
    pub restart: RestartPolicy,
    pub shutdown: Shutdown,
    pub behaviour: Behaviour,
    /// The name the child is started under (`name: ...` in its `start_link`), held again after a restart.
    pub name: Option<gen_server::Name>,
}

impl ChildSpec {
    /// Starts the child, linked to the calling supervisor (`start_link` in its `start` MFA); its pid.
    pub(crate) fn start_link(&self, ctx: &Ctx) -> Pid {
        let start = self.start.clone();
        let pid = ctx.spawn_link(self.id, self.behaviour, move |c| start(c));
        // Registered before the supervisor does anything else, as the child's `start_link` would
        // have registered it before returning.
        if let Some(name) = &self.name {
            let _ = name.register_pid(ctx, pid);
        }
        pid
    }

    /// The name's holder, if the spec has a name and something holds it: starting it again is
    /// `{:error, {:already_started, holder}}`.
    pub(crate) fn holder(&self, ctx: &Ctx) -> Option<Pid> {
        self.name.as_ref().and_then(|name| gen_server::whereis(ctx, name))
    }

    /// A permanent worker with a 5000 ms shutdown, OTP's defaults.
    pub fn worker<F, Fut>(id: impl Into<Atom>, behaviour: Behaviour, start: F) -> Self
    where
        F: Fn(Ctx) -> Fut + 'static,
        Fut: Future<Output = ProcResult> + 'static,
    {
        ChildSpec {
            id: id.into(),
            start: Rc::new(move |ctx| Box::pin(start(ctx))),
            restart: RestartPolicy::Permanent,
            shutdown: Shutdown::Timeout(5000),
            behaviour,
            name: None,
        }
    }

    /// A child that is itself a supervisor (shutdown `:infinity`).
    pub fn supervisor(id: impl Into<Atom>, spec: SupervisorSpec) -> Self {
        // Not generic and never inlined: the supervisor process is compiled here once, not again
        // in each crate that names a supervisor child.
        #[inline(never)]
        fn supervisor(id: Atom, spec: SupervisorSpec) -> ChildSpec {
            let spec = Rc::new(spec);
            ChildSpec {
                id,
                start: Rc::new(move |ctx| Box::pin(run((*spec).clone(), ctx))),
                restart: RestartPolicy::Permanent,
                shutdown: Shutdown::Infinity,
                behaviour: Behaviour::Supervisor,
                name: None,
            }
        }
        supervisor(id.into(), spec)
    }

    /// `:worker` or `:supervisor`, the child's `type`.
    pub(crate) fn kind(&self) -> Term {
        Term::atom(if self.behaviour == Behaviour::Supervisor { "supervisor" } else { "worker" })
    }

    pub fn restart(mut self, restart: RestartPolicy) -> Self {
        self.restart = restart;
        self
    }

    pub fn shutdown(mut self, shutdown: Shutdown) -> Self {
        self.shutdown = shutdown;
        self
    }

    /// Starts the child under `name` (`GenServer.start_link(..., name: name)` in its start function):
    /// a local name or `{:via, Registry, {registry, key}}`.
    pub fn named(mut self, name: gen_server::Name) -> Self {
        self.name = Some(name);
        self
    }
}

/// `Supervisor.init(children, strategy: ..., max_restarts: 3, max_seconds: 5)`.
#[derive(Clone)]
pub struct SupervisorSpec {
    pub strategy: Strategy,
    pub max_restarts: usize,
    pub max_seconds: u64,
    pub children: Vec<ChildSpec>,
}

impl SupervisorSpec {
    /// The given strategy with OTP's default intensity: 3 restarts within 5 seconds.
    pub fn new(strategy: Strategy, children: Vec<ChildSpec>) -> Self {
        SupervisorSpec { strategy, max_restarts: 3, max_seconds: 5, children }
    }

    pub fn intensity(mut self, max_restarts: usize, max_seconds: u64) -> Self {
        self.max_restarts = max_restarts;
        self.max_seconds = max_seconds;
        self
    }
}

/// `Supervisor.start_link(children, opts)` from inside a process.
pub fn start_link(ctx: &Ctx, name: impl Into<Atom>, spec: SupervisorSpec) -> Pid {
    // Not generic and never inlined, as in `ChildSpec::supervisor`.
    #[inline(never)]
    fn start_link(ctx: &Ctx, name: Atom, spec: SupervisorSpec) -> Pid {
        ctx.spawn_link(name, Behaviour::Supervisor, move |c| run(spec, c))
    }
    start_link(ctx, name.into(), spec)
}

/// A top-level supervisor, started from outside the runtime.
pub fn start(rt: &Runtime, name: impl Into<Atom>, spec: SupervisorSpec) -> Pid {
    // Not generic and never inlined, as in `ChildSpec::supervisor`.
    #[inline(never)]
    fn start(rt: &Runtime, name: Atom, spec: SupervisorSpec) -> Pid {
        rt.spawn(name, Behaviour::Supervisor, move |c| run(spec, c))
    }
    start(rt, name.into(), spec)
}

/// `Supervisor.which_children(sup)`: `{id, pid | :undefined, :worker | :supervisor, modules}` for
/// each child, newest first (the order OTP keeps its children in). `modules` is `[]`: a child has
/// no callback module in Tasklane.
pub async fn which_children(ctx: &Ctx, sup: Pid) -> Result<Term, ExitReason> {
    gen_server::call(ctx, sup, Term::atom("which_children"), gen_server::INFINITY).await
}

/// `Supervisor.count_children(sup)`: every child spec (`specs`), the running children (`active`),
/// and the specs by type (`supervisors`, `workers`), running or not.
pub async fn count_children(ctx: &Ctx, sup: Pid) -> Result<Counts, ExitReason> {
    let reply = gen_server::call(ctx, sup, Term::atom("count_children"), gen_server::INFINITY).await?;
    let n = |i| reply.elem(i).and_then(Term::as_int).unwrap_or(0) as usize;
    Ok(Counts { active: n(0), specs: n(1), supervisors: n(2), workers: n(3) })
}

/// `Supervisor.terminate_child(sup, id)`: stops the child but keeps its spec (a temporary child's
/// is dropped): `:ok`, or `{:error, :not_found}`.
pub async fn terminate_child(ctx: &Ctx, sup: Pid, id: impl Into<Atom>) -> Result<Term, ExitReason> {
    child_call(ctx, sup, "terminate_child", id.into()).await
}

/// `Supervisor.restart_child(sup, id)`: starts a terminated child again: `{:ok, pid}`,
/// `{:error, :running}` or `{:error, :not_found}`.
pub async fn restart_child(ctx: &Ctx, sup: Pid, id: impl Into<Atom>) -> Result<Term, ExitReason> {
    child_call(ctx, sup, "restart_child", id.into()).await
}

/// `Supervisor.delete_child(sup, id)`: forgets a terminated child's spec: `:ok`,
/// `{:error, :running}` or `{:error, :not_found}`.
pub async fn delete_child(ctx: &Ctx, sup: Pid, id: impl Into<Atom>) -> Result<Term, ExitReason> {
    child_call(ctx, sup, "delete_child", id.into()).await
}

/// `{request, id}` to the supervisor, waiting as long as it takes.
async fn child_call(ctx: &Ctx, sup: Pid, request: &'static str, id: Atom) -> Result<Term, ExitReason> {
    gen_server::call(ctx, sup, Term::tuple([Term::atom(request), Term::atom(id)]), gen_server::INFINITY).await
}

/// `Supervisor.start_child(sup, spec)`: `{:ok, pid}`; `{:error, {:already_started, pid}}` or
/// `{:error, :already_present}` if a child with that id is running or terminated.
pub async fn start_child(ctx: &Ctx, sup: Pid, spec: ChildSpec) -> Result<Term, ExitReason> {
    let request = Term::tuple([Term::atom("start_child"), Term::Opaque(Opaque::new("child_spec", spec))]);
    gen_server::call(ctx, sup, request, gen_server::INFINITY).await
}

/// `Supervisor.stop(sup, reason)`: children stop in reverse start order, then the supervisor.
pub async fn stop(ctx: &Ctx, sup: Pid, reason: ExitReason) -> Result<Term, ExitReason> {
    let request = Term::tuple([Term::atom("stop"), reason.to_term()]);
    gen_server::call(ctx, sup, request, gen_server::INFINITY).await
}

struct Child {
    spec: ChildSpec,
    pid: Option<Pid>,
}

impl Child {
    /// The child as `which_children` lists it.
    fn info(&self) -> Term {
        let pid = self.pid.map_or(Term::atom("undefined"), Term::Pid);
        Term::tuple([Term::atom(self.spec.id), pid, self.spec.kind(), Term::list([])])
    }
}

/// Stops one child as OTP does: monitor, unlink, `:shutdown` (or `:kill`), wait for `:DOWN`.
pub(crate) async fn stop_child(ctx: &Ctx, pid: Pid, shutdown: Shutdown) {
    let monitor = ctx.monitor(pid);
    ctx.unlink(pid);
    let down = move |m: &Term| m.is_down_of(monitor);
    match shutdown {
        Shutdown::BrutalKill => ctx.exit(pid, ExitReason::Kill),
        Shutdown::Infinity => ctx.exit(pid, ExitReason::Shutdown),
        Shutdown::Timeout(ms) => {
            ctx.exit(pid, ExitReason::Shutdown);
            if ctx.receive_match(down, Some(ms)).await.is_some() {
                flush_exit(ctx, pid).await;
                return;
            }
            ctx.exit(pid, ExitReason::Kill);
        }
    }
    ctx.receive_match(down, None).await;
    flush_exit(ctx, pid).await;
}

/// Drops an `{:EXIT, pid, _}` that arrived before the unlink.
async fn flush_exit(ctx: &Ctx, pid: Pid) {
    ctx.receive_match(|m| m.tag() == Some("EXIT") && m.elem(1) == Some(&Term::Pid(pid)), Some(0)).await;
}

/// Stops several children together, as a dynamic supervisor does: every one is sent its exit
/// signal first, then each is waited for (killed if it outlives its shutdown timeout).
pub(crate) async fn stop_children_at_once(ctx: &Ctx, children: &[(Pid, Shutdown)]) {
    let start = ctx.now();
    let mut monitors = Vec::with_capacity(children.len());
    for (pid, shutdown) in children {
        let monitor = ctx.monitor(*pid);
        ctx.unlink(*pid);
        let signal = if *shutdown == Shutdown::BrutalKill { ExitReason::Kill } else { ExitReason::Shutdown };
        ctx.exit(*pid, signal);
        monitors.push(monitor);
    }
    for ((pid, shutdown), monitor) in children.iter().zip(monitors) {
        let down = move |m: &Term| m.is_down_of(monitor);
        if let Shutdown::Timeout(ms) = shutdown {
            let left = (start + ms).saturating_sub(ctx.now());
            if ctx.receive_match(down, Some(left)).await.is_none() {
                ctx.exit(*pid, ExitReason::Kill);
                ctx.receive_match(down, None).await;
            }
        } else {
            ctx.receive_match(down, None).await;
        }
        flush_exit(ctx, *pid).await;
    }
}

async fn stop_children(ctx: &Ctx, children: &mut [Child]) {
    for child in children.iter_mut().rev() {
        if let Some(pid) = child.pid.take() {
            stop_child(ctx, pid, child.spec.shutdown).await;
        }
    }
}

/// The supervisor process: traps exits, starts its children in order, and applies its strategy.
pub async fn run(spec: SupervisorSpec, ctx: Ctx) -> ProcResult {
    ctx.trap_exit(true);
    let parent = ctx.parent();
    let mut children: Vec<Child> =
        spec.children.iter().map(|s| Child { pid: Some(s.start_link(&ctx)), spec: s.clone() }).collect();
    let mut intensity = Intensity::new(spec.max_restarts, spec.max_seconds);
    loop {
        let msg = ctx.receive().await;
        match msg.tag() {
            Some("EXIT") => {
                let from = msg.elem(1).and_then(Term::as_pid);
                let reason = msg.elem(2).map(ExitReason::from_term).unwrap_or(ExitReason::Normal);
                if from == Some(parent) {
                    stop_children(&ctx, &mut children).await;
                    return Err(reason);
                }
                let Some(i) = children.iter().position(|c| c.pid.is_some() && c.pid == from) else {
                    continue;
                };
                let old = children[i].pid.take().unwrap_or(OUTSIDE);
                if !children[i].spec.restart.restarts_after(&reason) {
                    if children[i].spec.restart == RestartPolicy::Temporary {
                        children.remove(i);
                    }
                    continue;
                }
                if !intensity.allow(ctx.now()) {
                    ctx.record_custom(ReachedMaxIntensity { restarts: spec.max_restarts, seconds: spec.max_seconds });
                    stop_children(&ctx, &mut children).await;
                    return Err(ExitReason::Shutdown);
                }
                let first = match spec.strategy {
                    Strategy::OneForOne => i,
                    Strategy::OneForAll => 0,
                    Strategy::RestForOne => i,
                };
                let last = match spec.strategy {
                    Strategy::OneForOne => i + 1,
                    _ => children.len(),
                };
                let olds: Vec<Pid> = children[first..last].iter().map(|c| c.pid.unwrap_or(old)).collect();
                stop_children(&ctx, &mut children[first..last]).await;
                for (child, old) in children[first..last].iter_mut().zip(olds) {
                    if child.spec.restart == RestartPolicy::Temporary {
                        continue;
                    }
                    let new = child.spec.start_link(&ctx);
                    ctx.record(EventKind::Restart { child: child.spec.id, old, new });
                    child.pid = Some(new);
                }
                children.retain(|c| c.pid.is_some() || c.spec.restart != RestartPolicy::Temporary);
            }
            Some("$gen_call") => {
                let Some((from, request)) = gen_server::call_parts(&msg) else { continue };
                if request.tag() == Some("stop") {
                    let reason = request.elem(1).map(ExitReason::from_term).unwrap_or(ExitReason::Normal);
                    stop_children(&ctx, &mut children).await;
                    gen_server::reply(&ctx, from, Term::ok());
                    return Err(reason);
                }
                let answer = handle_call(&ctx, &mut children, &request).await;
                gen_server::reply(&ctx, from, answer);
            }
            _ => {}
        }
    }
}

/// The supervisor's answer to a call other than `stop`.
async fn handle_call(ctx: &Ctx, children: &mut Vec<Child>, request: &Term) -> Term {
    let error = |why: Term| Term::tuple([Term::atom("error"), why]);
    let named = |id: &Term| children.iter().position(|c| Term::atom(c.spec.id) == *id);
    let found = request.elem(1).and_then(named);
    match (request.tag(), found) {
        (Some("which_children"), _) => Term::list(children.iter().rev().map(Child::info)),
        (Some("count_children"), _) => {
            let active = children.iter().filter(|c| c.pid.is_some()).count();
            let supervisors = children.iter().filter(|c| c.spec.behaviour == Behaviour::Supervisor).count();
            let n = |k: usize| Term::Int(k as i64);
            Term::tuple([n(active), n(children.len()), n(supervisors), n(children.len() - supervisors)])
        }
        (Some("start_child"), _) => {
            let spec = request.elem(1).and_then(|t| if let Term::Opaque(o) = t { o.take::<ChildSpec>() } else { None });
            let Some(spec) = spec else { return error(Term::atom("bad_child_spec")) };
            match children.iter().find(|c| c.spec.id == spec.id) {
                Some(Child { pid: Some(pid), .. }) => {
                    error(Term::tuple([Term::atom("already_started"), Term::Pid(*pid)]))
                }
                Some(Child { pid: None, .. }) => error(Term::atom("already_present")),
                None => {
                    let pid = spec.start_link(ctx);
                    children.push(Child { spec, pid: Some(pid) });
                    Term::tuple([Term::ok(), Term::Pid(pid)])
                }
            }
        }
        (Some("terminate_child" | "restart_child" | "delete_child"), None) => error(Term::atom("not_found")),
        (Some("terminate_child"), Some(i)) => {
            if let Some(pid) = children[i].pid.take() {
                stop_child(ctx, pid, children[i].spec.shutdown).await;
            }
            if children[i].spec.restart == RestartPolicy::Temporary {
                children.remove(i);
            }
            Term::ok()
        }
        (Some("restart_child" | "delete_child"), Some(i)) if children[i].pid.is_some() => error(Term::atom("running")),
        (Some("restart_child"), Some(i)) => {
            let pid = children[i].spec.start_link(ctx);
            children[i].pid = Some(pid);
            Term::tuple([Term::ok(), Term::Pid(pid)])
        }
        (Some("delete_child"), Some(i)) => {
            children.remove(i);
            Term::ok()
        }
        _ => error(Term::atom("unknown_call")),
    }
}
