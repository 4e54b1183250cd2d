//! Agents (Elixir's `Agent`): state in one process, read and changed by functions sent to it, in order.
//!
//! A function runs inside the agent, so while it runs (the agent's `service_ms`, plus the time a
//! request says its function takes) later requests wait in the agent's mailbox. An update function
//! that exits kills the agent with that reason, as in Elixir.

use super::atom::Atom;
use super::exit::ExitReason;
use super::gen_server::{self, CallReply, From, GenServer};
use super::pid::{Behaviour, Pid};
use super::process::{Ctx, ProcResult};
use super::term::{Opaque, Term};

/// An update function: `Err(reason)` is `exit(reason)` inside the agent.
type UpdateFn<S> = Box<dyn FnOnce(&mut S) -> Result<(), ExitReason>>;

/// The function a request carries.
enum Fun<S> {
    Get(Box<dyn FnOnce(&S) -> Term>),
    Update(UpdateFn<S>),
    GetAndUpdate(Box<dyn FnOnce(&mut S) -> Term>),
}

/// A request: its function, and the virtual time the function takes.
struct Request<S> {
    fun: Fun<S>,
    work_ms: u64,
}

impl<S: 'static> Request<S> {
    /// `{:get | :update | :get_and_update, fun}`, the message Elixir's `Agent` sends.
    fn into_term(self) -> Term {
        let tag = match self.fun {
            Fun::Get(_) => "get",
            Fun::Update(_) => "update",
            Fun::GetAndUpdate(_) => "get_and_update",
        };
        Term::tuple([Term::atom(tag), Term::Opaque(Opaque::new(tag, self))])
    }
}

struct AgentServer<S> {
    state: S,
    service_ms: u64,
}

impl<S: 'static> AgentServer<S> {
    /// Runs the request's function on the state, taking its time; what the caller gets back.
    async fn run(&mut self, ctx: &Ctx, request: &Term) -> Result<Term, ExitReason> {
        let Some(Request { fun, work_ms }) = request.elem(1).and_then(|f| match f {
            Term::Opaque(f) => f.take::<Request<S>>(),
            _ => None,
        }) else {
            return Err(ExitReason::atom("bad_request"));
        };
        ctx.sleep(self.service_ms + work_ms).await;
        match fun {
            Fun::Get(get) => Ok(get(&self.state)),
            Fun::Update(update) => update(&mut self.state).map(|()| Term::ok()),
            Fun::GetAndUpdate(get_and_update) => Ok(get_and_update(&mut self.state)),
        }
    }
}

impl<S: 'static> GenServer for AgentServer<S> {
    async fn handle_call(&mut self, ctx: &Ctx, request: Term, _from: From) -> Result<CallReply, ExitReason> {
        self.run(ctx, &request).await.map(CallReply::Reply)
    }

    async fn handle_cast(&mut self, ctx: &Ctx, request: Term) -> ProcResult {
        self.run(ctx, &request).await.map(|_| ())
    }
}

/// `Agent.start_link(fn -> state end)`. `service_ms` is the virtual time each request takes
/// inside the agent (0 for none): requests queue behind each other in its mailbox.
pub fn start_link<S: 'static>(ctx: &Ctx, name: impl Into<Atom>, state: S, service_ms: u64) -> Pid {
    let server = AgentServer { state, service_ms };
    ctx.spawn_link(name, Behaviour::Agent, move |c| gen_server::enter_loop(c, server))
}

/// The agent's loop in a process that is already running: the body of a supervised agent
/// (`%{start: {Agent, :start_link, [fun, opts]}}` in a child spec).
pub async fn enter_loop<S: 'static>(ctx: Ctx, state: S, service_ms: u64) -> ProcResult {
    gen_server::enter_loop(ctx, AgentServer { state, service_ms }).await
}

/// `Agent.start(fn -> state end)`: like [`start_link`], without the link.
pub fn start<S: 'static>(ctx: &Ctx, name: impl Into<Atom>, state: S, service_ms: u64) -> Pid {
    let server = AgentServer { state, service_ms };
    ctx.spawn(name, Behaviour::Agent, move |c| gen_server::enter_loop(c, server))
}

/// `Agent.stop(agent)`: the agent exits `:normal`; returns once it is gone.
pub async fn stop(ctx: &Ctx, agent: Pid) -> Result<(), ExitReason> {
    gen_server::stop(ctx, agent, ExitReason::Normal).await
}

async fn call<S: 'static>(ctx: &Ctx, agent: Pid, fun: Fun<S>) -> Result<Term, ExitReason> {
    let request = Request { fun, work_ms: 0 }.into_term();
    gen_server::call(ctx, agent, request, gen_server::DEFAULT_CALL_TIMEOUT).await
}

/// `Agent.get(agent, fun)`: runs `fun` on the state inside the agent; its result.
pub async fn get<S: 'static>(
    ctx: &Ctx,
    agent: Pid,
    fun: impl FnOnce(&S) -> Term + 'static,
) -> Result<Term, ExitReason> {
    call(ctx, agent, Fun::Get(Box::new(fun))).await
}

/// `Agent.update(agent, fun)`: changes the state inside the agent and waits until it is done.
pub async fn update<S: 'static>(ctx: &Ctx, agent: Pid, fun: impl FnOnce(&mut S) + 'static) -> Result<(), ExitReason> {
    update_or_exit(ctx, agent, move |state: &mut S| {
        fun(state);
        Ok(())
    })
    .await
}

/// `Agent.update(agent, fun)` with a `fun` that may exit: `Err(reason)` is `exit(reason)` inside
/// the agent, which dies with `reason`; the caller then gets the `Err` it exits with,
/// `{reason, {GenServer, :call, [agent, {:update, fun}, 5000]}}`.
///
/// ```
/// use tasklane_runtime::{agent, prelude::*};
/// let rt = Runtime::new(1);
/// rt.spawn("client", Behaviour::Process, |ctx| async move {
///     let counter = agent::start(&ctx, "counter", 0_i64, 0);
///     let crash = agent::update_or_exit(&ctx, counter, |_: &mut i64| Err(ExitReason::atom("boom"))).await;
///     assert_eq!(crash.unwrap_err().to_term().elem(0), Some(&Term::atom("boom")));
///     assert!(!ctx.is_alive(counter));
///     Ok(())
/// });
/// rt.run_until(1_000);
/// ```
pub async fn update_or_exit<S: 'static>(
    ctx: &Ctx,
    agent: Pid,
    fun: impl FnOnce(&mut S) -> Result<(), ExitReason> + 'static,
) -> Result<(), ExitReason> {
    call(ctx, agent, Fun::Update(Box::new(fun))).await.map(|_| ())
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
    call(ctx, agent, Fun::GetAndUpdate(Box::new(fun))).await
}

/// `Agent.cast(agent, fun)`: changes the state without waiting.
pub fn cast<S: 'static>(ctx: &Ctx, agent: Pid, fun: impl FnOnce(&mut S) + 'static) {
    cast_taking(ctx, agent, 0, fun);
}

/// `Agent.cast(agent, fn state -> Process.sleep(work_ms); fun.(state) end)`: a cast whose
/// function keeps the agent busy for `work_ms` (on top of its `service_ms`).
pub fn cast_taking<S: 'static>(ctx: &Ctx, agent: Pid, work_ms: u64, fun: impl FnOnce(&mut S) + 'static) {
    let update = move |state: &mut S| {
        fun(state);
        Ok(())
    };
    let request = Request { fun: Fun::Update(Box::new(update)), work_ms }.into_term();
    gen_server::cast(ctx, agent, request);
}
