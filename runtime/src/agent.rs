//! Agents (Elixir's `Agent`): state in one process, read and changed by functions sent to it, in order.

use super::atom::Atom;
use super::exit::ExitReason;
use super::gen_server::{self, CallReply, From, GenServer};
use super::pid::{Behaviour, Pid};
use super::process::{Ctx, ProcResult};
use super::term::{Opaque, Term};

type GetFn<S> = Box<dyn FnOnce(&S) -> Term>;
type UpdateFn<S> = Box<dyn FnOnce(&mut S)>;
type GetAndUpdateFn<S> = Box<dyn FnOnce(&mut S) -> Term>;

struct AgentServer<S> {
    state: S,
    service_ms: u64,
}

impl<S: 'static> GenServer for AgentServer<S> {
    async fn handle_call(&mut self, ctx: &Ctx, request: Term, _from: From) -> Result<CallReply, ExitReason> {
        ctx.sleep(self.service_ms).await;
        let Some(Term::Opaque(f)) = request.elem(1) else {
            return Err(ExitReason::atom("bad_request"));
        };
        match request.tag() {
            Some("get") => {
                let get = f.take::<GetFn<S>>().ok_or(ExitReason::atom("bad_request"))?;
                Ok(CallReply::Reply(get(&self.state)))
            }
            Some("update") => {
                let update = f.take::<UpdateFn<S>>().ok_or(ExitReason::atom("bad_request"))?;
                update(&mut self.state);
                Ok(CallReply::Reply(Term::ok()))
            }
            Some("get_and_update") => {
                let get_and_update = f.take::<GetAndUpdateFn<S>>().ok_or(ExitReason::atom("bad_request"))?;
                Ok(CallReply::Reply(get_and_update(&mut self.state)))
            }
            _ => Err(ExitReason::Other(Term::tuple([Term::atom("bad_call"), request]))),
        }
    }

    async fn handle_cast(&mut self, ctx: &Ctx, request: Term) -> ProcResult {
        ctx.sleep(self.service_ms).await;
        if let Some(Term::Opaque(f)) = request.elem(1)
            && let Some(update) = f.take::<UpdateFn<S>>()
        {
            update(&mut self.state);
        }
        Ok(())
    }
}

/// `Agent.start_link(fn -> state end)`. `service_ms` is the virtual time each request takes
/// inside the agent (0 for none): requests queue behind each other in its mailbox.
pub fn start_link<S: 'static>(ctx: &Ctx, name: impl Into<Atom>, state: S, service_ms: u64) -> Pid {
    let server = AgentServer { state, service_ms };
    ctx.spawn_link(name, Behaviour::Agent, move |c| gen_server::enter_loop(c, server))
}

/// `Agent.get(agent, fun)`: runs `fun` on the state inside the agent; its result.
pub async fn get<S: 'static>(
    ctx: &Ctx,
    agent: Pid,
    fun: impl FnOnce(&S) -> Term + 'static,
) -> Result<Term, ExitReason> {
    let fun: GetFn<S> = Box::new(fun);
    let request = Term::tuple([Term::atom("get"), Term::Opaque(Opaque::new("get", fun))]);
    gen_server::call(ctx, agent, request, gen_server::DEFAULT_CALL_TIMEOUT).await
}

/// `Agent.update(agent, fun)`: changes the state inside the agent and waits until it is done.
pub async fn update<S: 'static>(ctx: &Ctx, agent: Pid, fun: impl FnOnce(&mut S) + 'static) -> Result<(), ExitReason> {
    let fun: UpdateFn<S> = Box::new(fun);
    let request = Term::tuple([Term::atom("update"), Term::Opaque(Opaque::new("update", fun))]);
    gen_server::call(ctx, agent, request, gen_server::DEFAULT_CALL_TIMEOUT).await.map(|_| ())
}

/// `Agent.get_and_update(agent, fun)`: changes the state inside the agent and returns what `fun`
/// gave, in one request (Elixir's `fun` returns `{value, new_state}`; here it changes the state
/// in place and returns the value).
///
/// ```
/// use tasklane_runtime::{agent, prelude::*};
/// let rt = Runtime::new(1);
/// rt.spawn("client", Behaviour::Process, |ctx| async move {
///     let counter = agent::start_link(&ctx, "counter", 41_i64, 0);
///     let before = agent::get_and_update(&ctx, counter, |n: &mut i64| { *n += 1; Term::Int(*n - 1) }).await?;
///     assert_eq!(before, Term::Int(41));
///     assert_eq!(agent::get(&ctx, counter, |n: &i64| Term::Int(*n)).await?, Term::Int(42));
///     Ok(())
/// });
/// rt.run_until(1_000);
/// ```
pub async fn get_and_update<S: 'static>(
    ctx: &Ctx,
    agent: Pid,
    fun: impl FnOnce(&mut S) -> Term + 'static,
) -> Result<Term, ExitReason> {
    let fun: GetAndUpdateFn<S> = Box::new(fun);
    let request = Term::tuple([Term::atom("get_and_update"), Term::Opaque(Opaque::new("get_and_update", fun))]);
    gen_server::call(ctx, agent, request, gen_server::DEFAULT_CALL_TIMEOUT).await
}

/// `Agent.cast(agent, fun)`: changes the state without waiting.
pub fn cast<S: 'static>(ctx: &Ctx, agent: Pid, fun: impl FnOnce(&mut S) + 'static) {
    let fun: UpdateFn<S> = Box::new(fun);
    gen_server::cast(ctx, agent, Term::tuple([Term::atom("update"), Term::Opaque(Opaque::new("update", fun))]));
}
