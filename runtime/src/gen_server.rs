//! Generic servers (Elixir's `GenServer`): `init`, `handle_call` / `handle_cast` / `handle_info`,
//! `terminate`, and the client side: `call` with a timeout, `cast`, `reply`.

use std::future::Future;
use std::pin::Pin;

use super::atom::Atom;
use super::exit::ExitReason;
use super::pid::{Behaviour, Pid, Ref};
use super::process::{Ctx, ProcResult};
use super::registry::{self, Registered};
use super::term::Term;

/// `GenServer.call/3`'s default timeout, in milliseconds.
pub const DEFAULT_CALL_TIMEOUT: u64 = 5000;

/// `:infinity` as a call's timeout: wait as long as it takes (supervisors' own calls do).
pub const INFINITY: u64 = u64::MAX;

/// Who is waiting for a call's reply: `{pid, ref}` in OTP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct From {
    pub pid: Pid,
    pub tag: Ref,
}

/// What `handle_call/3` decided.
#[derive(Clone, Debug, PartialEq)]
pub enum CallReply {
    /// `{:reply, reply, state}`
    Reply(Term),
    /// `{:noreply, state}`: answer later with [`reply`].
    NoReply,
    /// `{:stop, reason, reply, state}`
    Stop(ExitReason, Term),
}

/// What `init/1` decided.
#[derive(Clone, Debug, PartialEq)]
pub enum Init {
    /// `{:ok, state}`: the server enters its loop.
    Ok,
    /// `:ignore`: the process exits `:normal` and the start returns `:ignore`.
    Ignore,
    /// `{:stop, reason}`: the process exits with `reason` and the start returns `{:error, reason}`.
    Stop(ExitReason),
}

/// What starting a server returned: `{:ok, pid}`, `:ignore` or `{:error, reason}`.
#[derive(Clone, Debug, PartialEq)]
pub enum OnStart {
    Ok(Pid),
    Ignore,
    Error(ExitReason),
}

impl OnStart {
    /// As Elixir shows it: `{:ok, #PID<…>}`, `:ignore`, `{:error, reason}`.
    pub fn to_term(&self) -> Term {
        match self {
            OnStart::Ok(pid) => Term::tuple([Term::ok(), Term::Pid(*pid)]),
            OnStart::Ignore => Term::atom("ignore"),
            OnStart::Error(reason) => Term::tuple([Term::atom("error"), reason.to_term()]),
        }
    }
}

/// A server's registered name, the `name:` it is started with: a local atom, or
/// `{:via, Registry, {registry, key}}`.
#[derive(Clone, Debug, PartialEq)]
pub enum Name {
    /// `name: :counter`, as `Process.register/2` registers it.
    Local(Atom),
    /// `name: {:via, Registry, {registry, key}}`: an entry with value `nil` in a `:unique` [`registry`].
    Via { registry: Atom, key: Term },
}

impl Name {
    /// `{:via, Registry, {registry, key}}`
    pub fn via(registry: impl Into<Atom>, key: Term) -> Name {
        Name::Via { registry: registry.into(), key }
    }

    /// As Elixir shows it: `:counter` or `{:via, Registry, {:reg, "counter"}}`.
    pub fn to_term(&self) -> Term {
        match self {
            Name::Local(name) => Term::Atom(*name),
            Name::Via { registry, key } => Term::tuple([
                Term::atom("via"),
                Term::module("Registry"),
                Term::tuple([Term::Atom(*registry), key.clone()]),
            ]),
        }
    }

    /// Registers the calling process under the name; the reason its start fails with if it cannot:
    /// `{:already_started, holder}`, or `:badarg` for a registry that does not exist or is not `:unique`.
    fn register(&self, ctx: &Ctx) -> Result<(), ExitReason> {
        self.register_pid(ctx, ctx.pid())
    }

    /// Registers `pid` under the name (a supervisor naming the child it starts), as [`Name::register`].
    pub(crate) fn register_pid(&self, ctx: &Ctx, pid: Pid) -> Result<(), ExitReason> {
        let holder = match self {
            Name::Local(name) => ctx.register_pid(*name, pid).err(),
            Name::Via { registry, key } => match registry::register_name_pid(ctx, *registry, key.clone(), pid)? {
                Registered::Ok(_) => None,
                Registered::AlreadyRegistered(holder) => Some(holder),
            },
        };
        match holder {
            Some(holder) => Err(ExitReason::Other(Term::tuple([Term::atom("already_started"), Term::Pid(holder)]))),
            None => Ok(()),
        }
    }
}

/// Where a call, cast or stop goes (`GenServer.server()`): a pid, or a name looked up at each use.
#[derive(Clone, Debug, PartialEq)]
pub enum Server {
    Pid(Pid),
    Name(Name),
}

impl Server {
    /// The process to send to: the pid itself, or the name's holder if there is one.
    fn whereis(&self, ctx: &Ctx) -> Option<Pid> {
        match self {
            Server::Pid(pid) => Some(*pid),
            Server::Name(name) => whereis(ctx, name),
        }
    }

    /// As Elixir shows it in exit reasons: the pid or the name.
    fn to_term(&self) -> Term {
        match self {
            Server::Pid(pid) => Term::Pid(*pid),
            Server::Name(name) => name.to_term(),
        }
    }
}

impl std::convert::From<Pid> for Server {
    fn from(pid: Pid) -> Self {
        Server::Pid(pid)
    }
}

impl std::convert::From<Name> for Server {
    fn from(name: Name) -> Self {
        Server::Name(name)
    }
}

/// `GenServer.whereis(name)`: the process registered under `name`, if any.
pub fn whereis(ctx: &Ctx, name: &Name) -> Option<Pid> {
    match name {
        Name::Local(name) => ctx.whereis(*name),
        Name::Via { registry, key } => registry::whereis_name(ctx, *registry, key),
    }
}

/// The callbacks of a generic server. Each runs inside the server process and may `await`
/// (a virtual `sleep` is how a handler takes time). An `Err` stops the server with that reason.
#[allow(async_fn_in_trait)]
pub trait GenServer: 'static {
    async fn init(&mut self, _ctx: &Ctx) -> Init {
        Init::Ok
    }

    async fn handle_call(&mut self, _ctx: &Ctx, request: Term, _from: From) -> Result<CallReply, ExitReason> {
        Err(ExitReason::Other(Term::tuple([Term::atom("bad_call"), request])))
    }

    async fn handle_cast(&mut self, _ctx: &Ctx, request: Term) -> ProcResult {
        Err(ExitReason::Other(Term::tuple([Term::atom("bad_cast"), request])))
    }

    async fn handle_info(&mut self, _ctx: &Ctx, _msg: Term) -> ProcResult {
        Ok(())
    }

    async fn terminate(&mut self, _ctx: &Ctx, _reason: &ExitReason) {}
}

/// A future a callback returns, boxed so that one server loop serves every server type.
type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// A server's callbacks behind one vtable: the loop, the dispatch and the start below are compiled
/// once, not once per server type.
trait Callbacks {
    fn init<'a>(&'a mut self, ctx: &'a Ctx) -> Boxed<'a, Init>;
    fn call<'a>(&'a mut self, ctx: &'a Ctx, request: Term, from: From) -> Boxed<'a, Result<CallReply, ExitReason>>;
    fn cast<'a>(&'a mut self, ctx: &'a Ctx, request: Term) -> Boxed<'a, ProcResult>;
    fn info<'a>(&'a mut self, ctx: &'a Ctx, msg: Term) -> Boxed<'a, ProcResult>;
    fn terminate<'a>(&'a mut self, ctx: &'a Ctx, reason: &'a ExitReason) -> Boxed<'a, ()>;
}

impl<S: GenServer> Callbacks for S {
    fn init<'a>(&'a mut self, ctx: &'a Ctx) -> Boxed<'a, Init> {
        Box::pin(GenServer::init(self, ctx))
    }

    fn call<'a>(&'a mut self, ctx: &'a Ctx, request: Term, from: From) -> Boxed<'a, Result<CallReply, ExitReason>> {
        Box::pin(self.handle_call(ctx, request, from))
    }

    fn cast<'a>(&'a mut self, ctx: &'a Ctx, request: Term) -> Boxed<'a, ProcResult> {
        Box::pin(self.handle_cast(ctx, request))
    }

    fn info<'a>(&'a mut self, ctx: &'a Ctx, msg: Term) -> Boxed<'a, ProcResult> {
        Box::pin(self.handle_info(ctx, msg))
    }

    fn terminate<'a>(&'a mut self, ctx: &'a Ctx, reason: &'a ExitReason) -> Boxed<'a, ()> {
        Box::pin(GenServer::terminate(self, ctx, reason))
    }
}

/// A server as the loop holds it.
type AnyServer = Box<dyn Callbacks>;

/// A server process linked to the caller, returned at once: `init` runs in the new process while
/// the caller carries on (`:proc_lib.spawn_link/1` + `:gen_server.enter_loop/3`). Use
/// [`start_link`] to wait for `init` as `GenServer.start_link/2` does.
pub fn spawn_link<S: GenServer>(ctx: &Ctx, name: impl Into<Atom>, server: S) -> Pid {
    ctx.spawn_link(name, Behaviour::GenServer, move |c| enter_loop(c, server))
}

/// `GenServer.start_link(module, arg, name: name)`: a server linked to the caller; waits until its
/// `init` has decided. `label` names the process in traces. With a `name`, the new process
/// registers itself before `init`; if the name is taken, it exits `:normal` without running
/// `init` and the start returns `{:error, {:already_started, holder}}`.
///
/// ```
/// use tasklane_runtime::gen_server::Name;
/// use tasklane_runtime::prelude::*;
/// struct Idle;
/// impl GenServer for Idle {}
/// let rt = Runtime::new(1);
/// rt.spawn("main", Behaviour::Process, |ctx| async move {
///     let name = Name::Local(Atom::new("idle"));
///     let OnStart::Ok(first) = gen_server::start_link(&ctx, "idle", Some(name.clone()), Idle).await else {
///         panic!("the first start succeeds");
///     };
///     assert_eq!(gen_server::whereis(&ctx, &name), Some(first));
///     let again = gen_server::start_link(&ctx, "idle", Some(name), Idle).await;
///     let already_started = Term::tuple([Term::atom("already_started"), Term::Pid(first)]);
///     assert_eq!(again, OnStart::Error(ExitReason::Other(already_started)));
///     Ok(())
/// });
/// rt.run_until(1_000);
/// ```
pub async fn start_link<S: GenServer>(ctx: &Ctx, label: impl Into<Atom>, name: Option<Name>, server: S) -> OnStart {
    start_and_wait(ctx, label.into(), name, Box::new(server), true).await
}

/// `GenServer.start(module, arg, name: name)`: like [`start_link`], without the link.
pub async fn start<S: GenServer>(ctx: &Ctx, label: impl Into<Atom>, name: Option<Name>, server: S) -> OnStart {
    start_and_wait(ctx, label.into(), name, Box::new(server), false).await
}

async fn start_and_wait(ctx: &Ctx, label: Atom, name: Option<Name>, mut server: AnyServer, link: bool) -> OnStart {
    let starter = ctx.pid();
    let tag = ctx.make_ref();
    let body = move |c: Ctx| async move {
        let ack = |answer: Term| c.send(starter, Term::tuple([Term::atom("ack"), Term::Ref(tag), answer]));
        let error = |reason: &ExitReason| Term::tuple([Term::atom("error"), reason.to_term()]);
        if let Some(Err(reason)) = name.map(|n| n.register(&c)) {
            ack(error(&reason));
            return Ok(());
        }
        let init = server.init(&c).await;
        ack(match &init {
            Init::Ok => Term::ok(),
            Init::Ignore => Term::atom("ignore"),
            Init::Stop(reason) => error(reason),
        });
        match init {
            Init::Ok => serve(c, server).await,
            Init::Ignore => Ok(()),
            Init::Stop(reason) => Err(reason),
        }
    };
    let pid = if link {
        ctx.spawn_link(label, Behaviour::GenServer, body)
    } else {
        ctx.spawn(label, Behaviour::GenServer, body)
    };
    let is_ack = |m: &Term| m.tag() == Some("ack") && m.elem(1) == Some(&Term::Ref(tag));
    match ctx.receive_match(is_ack, None).await.and_then(|m| m.elem(2).cloned()) {
        Some(answer) if answer.is_atom("ok") => OnStart::Ok(pid),
        Some(answer) if answer.is_atom("ignore") => OnStart::Ignore,
        Some(answer) => OnStart::Error(answer.elem(1).map(ExitReason::from_term).unwrap_or(ExitReason::Noproc)),
        None => OnStart::Error(ExitReason::Noproc),
    }
}

/// The server loop, for a process that is already running (`:gen_server.enter_loop/3`);
/// supervisors' child specs start servers with it.
pub fn enter_loop<S: GenServer>(ctx: Ctx, server: S) -> impl Future<Output = ProcResult> {
    init_and_serve(ctx, Box::new(server))
}

async fn init_and_serve(ctx: Ctx, mut server: AnyServer) -> ProcResult {
    match server.init(&ctx).await {
        Init::Ok => serve(ctx, server).await,
        Init::Ignore => Ok(()),
        Init::Stop(reason) => Err(reason),
    }
}

/// Receives and dispatches until a callback stops the server, then runs `terminate`.
async fn serve(ctx: Ctx, mut server: AnyServer) -> ProcResult {
    let parent = ctx.parent();
    loop {
        let msg = ctx.receive().await;
        let outcome = dispatch(&ctx, server.as_mut(), parent, msg).await;
        if let Err(reason) = outcome {
            server.terminate(&ctx, &reason).await;
            return Err(reason);
        }
    }
}

async fn dispatch(ctx: &Ctx, server: &mut dyn Callbacks, parent: Pid, msg: Term) -> ProcResult {
    match msg.tag() {
        Some("$gen_call") => {
            let Some((from, request)) = call_parts(&msg) else {
                return server.info(ctx, msg).await;
            };
            match server.call(ctx, request, from).await? {
                CallReply::Reply(answer) => reply(ctx, from, answer),
                CallReply::NoReply => {}
                CallReply::Stop(reason, answer) => {
                    reply(ctx, from, answer);
                    return Err(reason);
                }
            }
            Ok(())
        }
        Some("$gen_stop") => Err(msg.elem(1).map(ExitReason::from_term).unwrap_or(ExitReason::Normal)),
        Some("$gen_cast") => match msg.elem(1).cloned() {
            Some(request) => server.cast(ctx, request).await,
            None => server.info(ctx, msg).await,
        },
        Some("EXIT") if msg.elem(1) == Some(&Term::Pid(parent)) => {
            Err(msg.elem(2).map(ExitReason::from_term).unwrap_or(ExitReason::Shutdown))
        }
        _ => server.info(ctx, msg).await,
    }
}

/// The caller and the request of a `{:"$gen_call", {pid, ref}, request}` message.
pub(crate) fn call_parts(msg: &Term) -> Option<(From, Term)> {
    let from = msg.elem(1)?;
    Some((From { pid: from.elem(0)?.as_pid()?, tag: from.elem(1)?.as_ref()? }, msg.elem(2)?.clone()))
}

/// `GenServer.call(server, request, timeout)`: waits for the reply. A dead server, a name that no
/// process holds, a server that dies before replying, or `timeout_ms` passing gives the `Err` the
/// caller exits with: `{reason, {GenServer, :call, [server, request, timeout]}}`. As since OTP 24,
/// the call's tag is an alias that is deactivated when the call ends, so a reply that comes too
/// late is dropped instead of landing in the caller's mailbox.
pub async fn call(ctx: &Ctx, server: impl Into<Server>, request: Term, timeout_ms: u64) -> Result<Term, ExitReason> {
    let server = server.into();
    let shown = server.to_term();
    let Some(pid) = server.whereis(ctx) else {
        return Err(call_exit(ExitReason::Noproc, shown, request, timeout_ms));
    };
    call_pid(ctx, pid, shown, request, timeout_ms).await
}

/// The reason a failed call exits its caller with: `{reason, {GenServer, :call, [server, request, timeout]}}`.
fn call_exit(reason: ExitReason, server: Term, request: Term, timeout_ms: u64) -> ExitReason {
    let timeout = if timeout_ms == INFINITY { Term::atom("infinity") } else { Term::Int(timeout_ms as i64) };
    reason.in_call("GenServer", "call", [server, request, timeout])
}

async fn call_pid(ctx: &Ctx, server: Pid, shown: Term, request: Term, timeout_ms: u64) -> Result<Term, ExitReason> {
    let tag = ctx.monitor(server);
    ctx.activate_alias(tag);
    let exit = |reason: ExitReason| call_exit(reason, shown.clone(), request.clone(), timeout_ms);
    ctx.send(
        server,
        Term::tuple([Term::atom("$gen_call"), Term::tuple([Term::Pid(ctx.pid()), Term::Ref(tag)]), request.clone()]),
    );
    let ours = |m: &Term| {
        let is_reply = matches!(m, Term::Tuple(items) if items.len() == 2 && items[0] == Term::Ref(tag));
        is_reply || m.is_down_of(tag)
    };
    let outcome = match ctx.receive_match(ours, (timeout_ms != INFINITY).then_some(timeout_ms)).await {
        Some(msg) if msg.is_down_of(tag) => {
            Err(exit(msg.elem(4).map(ExitReason::from_term).unwrap_or(ExitReason::Noproc)))
        }
        Some(msg) => Ok(msg.elem(1).cloned().unwrap_or(Term::atom("nil"))),
        None => Err(exit(ExitReason::Other(Term::atom("timeout")))),
    };
    ctx.deactivate_alias(tag);
    ctx.demonitor(tag);
    outcome
}

/// `GenServer.cast(server, request)`: fire and forget; `:ok` even if no process is there.
pub fn cast(ctx: &Ctx, server: impl Into<Server>, request: Term) {
    if let Some(pid) = server.into().whereis(ctx) {
        ctx.send(pid, Term::tuple([Term::atom("$gen_cast"), request]));
    }
}

/// `GenServer.stop(server, reason)`: the server runs `terminate(reason)` and exits with `reason`;
/// returns once it is gone. A dead server, or a name no process holds, exits the caller with
/// `{:noproc, {GenServer, :stop, [server, reason, :infinity]}}`.
pub async fn stop(ctx: &Ctx, server: impl Into<Server>, reason: ExitReason) -> Result<(), ExitReason> {
    let server = server.into();
    let noproc = || {
        Err(ExitReason::Noproc.in_call(
            "GenServer",
            "stop",
            [server.to_term(), reason.to_term(), Term::atom("infinity")],
        ))
    };
    let Some(pid) = server.whereis(ctx) else {
        return noproc();
    };
    let monitor = ctx.monitor(pid);
    ctx.send(pid, Term::tuple([Term::atom("$gen_stop"), reason.to_term()]));
    let is_down = |m: &Term| m.is_down_of(monitor);
    let down = ctx.receive_match(is_down, None).await;
    match down.and_then(|m| m.elem(4).cloned()) {
        Some(r) if r.is_atom("noproc") => noproc(),
        _ => Ok(()),
    }
}

/// `GenServer.reply(from, reply)`: answers a call that `handle_call` left with `NoReply`. The
/// reply goes to the call's alias: it is dropped if the caller has stopped waiting.
pub fn reply(ctx: &Ctx, from: From, answer: Term) {
    ctx.send_alias(from.pid, from.tag, Term::tuple([Term::Ref(from.tag), answer]));
}
