//! Generic servers (Elixir's `GenServer`): `init`, `handle_call` / `handle_cast` / `handle_info`,
//! `terminate`, and the client side: `call` with a timeout, `cast`, `reply`.

use super::atom::Atom;
use super::exit::ExitReason;
use super::pid::{Behaviour, Pid, Ref};
use super::process::{Ctx, ProcResult};
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

/// The callbacks of a generic server. Each runs inside the server process and may `await`
/// (a virtual `sleep` is how a handler takes time). An `Err` stops the server with that reason.
#[allow(async_fn_in_trait)]
pub trait GenServer: 'static {
    async fn init(&mut self, _ctx: &Ctx) -> ProcResult {
        Ok(())
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

/// `GenServer.start_link/2`: the server runs in a new process linked to the caller.
pub fn start_link<S: GenServer>(ctx: &Ctx, name: impl Into<Atom>, server: S) -> Pid {
    ctx.spawn_link(name, Behaviour::GenServer, move |c| enter_loop(c, server))
}

/// The server loop, for a process that is already running (`:gen_server.enter_loop/3`);
/// supervisors' child specs start servers with it.
pub async fn enter_loop<S: GenServer>(ctx: Ctx, mut server: S) -> ProcResult {
    server.init(&ctx).await?;
    let parent = ctx.parent();
    loop {
        let msg = ctx.receive().await;
        let outcome = dispatch(&ctx, &mut server, parent, msg).await;
        if let Err(reason) = outcome {
            server.terminate(&ctx, &reason).await;
            return Err(reason);
        }
    }
}

async fn dispatch<S: GenServer>(ctx: &Ctx, server: &mut S, parent: Pid, msg: Term) -> ProcResult {
    match msg.tag() {
        Some("$gen_call") => {
            let Some((from, request)) = call_parts(&msg) else {
                return server.handle_info(ctx, msg).await;
            };
            match server.handle_call(ctx, request, from).await? {
                CallReply::Reply(answer) => reply(ctx, from, answer),
                CallReply::NoReply => {}
                CallReply::Stop(reason, answer) => {
                    reply(ctx, from, answer);
                    return Err(reason);
                }
            }
            Ok(())
        }
        Some("$gen_cast") => match msg.elem(1).cloned() {
            Some(request) => server.handle_cast(ctx, request).await,
            None => server.handle_info(ctx, msg).await,
        },
        Some("EXIT") if msg.elem(1) == Some(&Term::Pid(parent)) => {
            Err(msg.elem(2).map(ExitReason::from_term).unwrap_or(ExitReason::Shutdown))
        }
        _ => server.handle_info(ctx, msg).await,
    }
}

/// The caller and the request of a `{:"$gen_call", {pid, ref}, request}` message.
pub(crate) fn call_parts(msg: &Term) -> Option<(From, Term)> {
    let from = msg.elem(1)?;
    Some((From { pid: from.elem(0)?.as_pid()?, tag: from.elem(1)?.as_ref()? }, msg.elem(2)?.clone()))
}

/// `GenServer.call(server, request, timeout)`: waits for the reply. A dead server, a server that
/// dies before replying, or `timeout_ms` passing gives the `Err` the caller exits with:
/// `{reason, {GenServer, :call, [server, request, timeout]}}`. As since OTP 24, the call's tag is
/// an alias that is deactivated when the call ends, so a reply that comes too late is dropped
/// instead of landing in the caller's mailbox.
pub async fn call(ctx: &Ctx, server: Pid, request: Term, timeout_ms: u64) -> Result<Term, ExitReason> {
    let tag = ctx.monitor(server);
    ctx.activate_alias(tag);
    let timeout_term = if timeout_ms == INFINITY { Term::atom("infinity") } else { Term::Int(timeout_ms as i64) };
    let exit = |reason: ExitReason| {
        let call = Term::tuple([
            Term::module("GenServer"),
            Term::atom("call"),
            Term::list([Term::Pid(server), request.clone(), timeout_term]),
        ]);
        ExitReason::from_term(&Term::tuple([reason.to_term(), call]))
    };
    ctx.send(
        server,
        Term::tuple([Term::atom("$gen_call"), Term::tuple([Term::Pid(ctx.pid()), Term::Ref(tag)]), request.clone()]),
    );
    let ours = |m: &Term| {
        let is_reply = matches!(m, Term::Tuple(items) if items.len() == 2 && items[0] == Term::Ref(tag));
        is_reply || (m.tag() == Some("DOWN") && m.elem(1) == Some(&Term::Ref(tag)))
    };
    let outcome = match ctx.receive_match(ours, (timeout_ms != INFINITY).then_some(timeout_ms)).await {
        Some(msg) if msg.tag() == Some("DOWN") => {
            Err(exit(msg.elem(4).map(ExitReason::from_term).unwrap_or(ExitReason::Noproc)))
        }
        Some(msg) => Ok(msg.elem(1).cloned().unwrap_or(Term::atom("nil"))),
        None => Err(exit(ExitReason::Other(Term::atom("timeout")))),
    };
    ctx.deactivate_alias(tag);
    ctx.demonitor(tag);
    outcome
}

/// `GenServer.cast(server, request)`: fire and forget.
pub fn cast(ctx: &Ctx, server: Pid, request: Term) {
    ctx.send(server, Term::tuple([Term::atom("$gen_cast"), request]));
}

/// `GenServer.reply(from, reply)`: answers a call that `handle_call` left with `NoReply`. The
/// reply goes to the call's alias: it is dropped if the caller has stopped waiting.
pub fn reply(ctx: &Ctx, from: From, answer: Term) {
    ctx.send_alias(from.pid, from.tag, Term::tuple([Term::Ref(from.tag), answer]));
}
