//! Mirrors of `genserver_*.exs`: `GenServer` start, call, cast, info, stop, timeouts and terminate.

use tasklane_runtime::gen_server::{From, Name};
use tasklane_runtime::prelude::*;

use super::{Out, Scenario, boolean, down_reason, drain, idle, named, nil};

pub const SCENARIOS: &[(&str, Scenario)] = &[
    ("genserver_call_dead_server_exits_noproc", call_dead_server_exits_noproc),
    ("genserver_call_replies", call_replies),
    ("genserver_call_timeout_exit_reason", call_timeout_exit_reason),
    ("genserver_cast_is_async", cast_is_async),
    ("genserver_handle_info_receives_plain_messages", handle_info_receives_plain_messages),
    ("genserver_init_stop_returns_error", init_stop_returns_error),
    ("genserver_late_reply_not_in_mailbox", late_reply_not_in_mailbox),
    ("genserver_terminate_called_on_parent_shutdown", terminate_called_on_parent_shutdown),
];

/// `{:ok, pid} = GenServer.start(...)`
async fn started<S: GenServer>(ctx: &Ctx, server: S) -> Pid {
    match gen_server::start(ctx, "server", None, server).await {
        OnStart::Ok(pid) => pid,
        other => panic!("the server did not start: {other:?}"),
    }
}

/// A server with no callbacks of its own.
struct Echo;
impl GenServer for Echo {}

fn call_dead_server_exits_noproc(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let server = started(&ctx, Echo).await;
        gen_server::stop(&ctx, server, ExitReason::Normal).await?;
        out.put("alive", boolean(ctx.is_alive(server)));
        let dead = gen_server::call(&ctx, server, Term::atom("hello"), gen_server::DEFAULT_CALL_TIMEOUT).await;
        out.put("dead_pid", named(&dead.expect_err("a dead server").to_term(), &[(server, "server")]));
        let nobody = gen_server::call(&ctx, Name::Local(Atom::new("nobody")), Term::atom("hello"), 1000).await;
        out.put("unregistered_name", nobody.expect_err("no such name"));
        gen_server::cast(&ctx, Name::Local(Atom::new("nobody")), Term::atom("hello"));
        out.put("cast_to_nobody", Term::ok());
        Ok(())
    });
}

struct Counter(i64);
impl GenServer for Counter {
    async fn handle_call(&mut self, _ctx: &Ctx, request: Term, _from: From) -> Result<CallReply, ExitReason> {
        match request.tag() {
            Some("get") => Ok(CallReply::Reply(Term::Int(self.0))),
            Some("add") => {
                self.0 += request.elem(1).and_then(Term::as_int).unwrap_or(0);
                Ok(CallReply::Reply(Term::atom("added")))
            }
            _ => Ok(CallReply::Stop(ExitReason::Normal, Term::atom("stopping"))),
        }
    }
}

fn call_replies(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let server = started(&ctx, Counter(10)).await;
        let call = |request: Term| gen_server::call(&ctx, server, request, gen_server::DEFAULT_CALL_TIMEOUT);
        out.put("get", call(Term::atom("get")).await?);
        out.put("add", call(Term::tuple([Term::atom("add"), Term::Int(5)])).await?);
        out.put("get_after_add", call(Term::atom("get")).await?);
        let monitor = ctx.monitor(server);
        out.put("stop", call(Term::atom("stop")).await?);
        out.put("server_down", down_reason(&ctx, monitor).await);
        Ok(())
    });
}

/// Answers `:slow` after 200 ms, `:ping` at once.
struct Sleepy;
impl GenServer for Sleepy {
    async fn handle_call(&mut self, ctx: &Ctx, request: Term, _from: From) -> Result<CallReply, ExitReason> {
        if request.is_atom("slow") {
            ctx.sleep(200).await;
            return Ok(CallReply::Reply(Term::atom("late")));
        }
        Ok(CallReply::Reply(Term::atom("pong")))
    }
}

fn call_timeout_exit_reason(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let server = started(&ctx, Sleepy).await;
        let names = [(server, "server")];
        let caught = gen_server::call(&ctx, server, Term::atom("slow"), 50).await;
        out.put("caught", named(&caught.expect_err("times out").to_term(), &names));
        out.t(&ctx);
        let caller = ctx.spawn("caller", Behaviour::Process, move |c| async move {
            gen_server::call(&c, server, Term::atom("slow"), 50).await?;
            Ok(())
        });
        let monitor = ctx.monitor(caller);
        out.put("uncaught_caller_down", named(&down_reason(&ctx, monitor).await, &names));
        out.put("server_alive", boolean(ctx.is_alive(server)));
        Ok(())
    });
}

/// Takes 100 ms per cast; answers `:log` with what it was cast, in order.
struct Slow(Vec<Term>);
impl GenServer for Slow {
    async fn handle_cast(&mut self, ctx: &Ctx, request: Term) -> ProcResult {
        ctx.sleep(100).await;
        self.0.push(request.elem(1).cloned().unwrap_or_else(nil));
        Ok(())
    }
    async fn handle_call(&mut self, _ctx: &Ctx, _request: Term, _from: From) -> Result<CallReply, ExitReason> {
        Ok(CallReply::Reply(Term::list(self.0.clone())))
    }
}

fn cast_is_async(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let server = started(&ctx, Slow(Vec::new())).await;
        for (key, x) in [("cast_a", "a"), ("cast_b", "b")] {
            gen_server::cast(&ctx, server, Term::tuple([Term::atom("push"), Term::atom(x)]));
            out.put(key, Term::ok());
        }
        out.t(&ctx);
        out.put("log", gen_server::call(&ctx, server, Term::atom("log"), gen_server::DEFAULT_CALL_TIMEOUT).await?);
        out.t(&ctx);
        Ok(())
    });
}

/// Keeps every message that reaches `handle_info`; answers `:seen` with them.
struct Inbox(Vec<Term>);
impl GenServer for Inbox {
    async fn handle_info(&mut self, _ctx: &Ctx, msg: Term) -> ProcResult {
        self.0.push(msg);
        Ok(())
    }
    async fn handle_call(&mut self, _ctx: &Ctx, _request: Term, _from: From) -> Result<CallReply, ExitReason> {
        Ok(CallReply::Reply(Term::list(self.0.clone())))
    }
}

fn handle_info_receives_plain_messages(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let server = started(&ctx, Inbox(Vec::new())).await;
        ctx.send_after(server, Term::atom("timer_fired"), 100);
        ctx.send(server, Term::atom("one"));
        ctx.send(server, Term::tuple([Term::atom("two"), Term::Int(2)]));
        let seen = |ctx: Ctx| async move { gen_server::call(&ctx, server, Term::atom("seen"), 5000).await };
        out.put("seen_now", seen(ctx.clone()).await?);
        ctx.sleep(150).await;
        out.t(&ctx);
        out.put("seen_later", seen(ctx.clone()).await?);
        Ok(())
    });
}

/// `init(:bad)` stops with `:bad_config`; `init(:skip)` is `:ignore`.
struct Picky(&'static str);
impl GenServer for Picky {
    async fn init(&mut self, _ctx: &Ctx) -> Init {
        if self.0 == "bad" { Init::Stop(ExitReason::atom("bad_config")) } else { Init::Ignore }
    }
}

fn init_stop_returns_error(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        out.put("start_stop", gen_server::start(&ctx, "server", None, Picky("bad")).await.to_term());
        out.put("start_ignore", gen_server::start(&ctx, "server", None, Picky("skip")).await.to_term());
        let caller = ctx.spawn("caller", Behaviour::Process, |c| async move {
            gen_server::start_link(&c, "server", None, Picky("bad")).await;
            c.sleep(100).await;
            Ok(())
        });
        let monitor = ctx.monitor(caller);
        out.put("start_link_caller_down", down_reason(&ctx, monitor).await);
        ctx.trap_exit(true);
        out.put("trapping_start_link_stop", gen_server::start_link(&ctx, "server", None, Picky("bad")).await.to_term());
        match ctx.receive_match(|m| m.tag() == Some("EXIT"), Some(100)).await {
            Some(exit) => out.put(
                "trapping_got",
                Term::tuple([Term::atom("EXIT"), Term::atom("server"), exit.elem(2).cloned().unwrap_or_else(nil)]),
            ),
            None => out.put("trapping_got", Term::atom("nothing")),
        }
        Ok(())
    });
}

fn late_reply_not_in_mailbox(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let server = started(&ctx, Sleepy).await;
        let result = match gen_server::call(&ctx, server, Term::atom("slow"), 50).await {
            Err(ExitReason::Timeout(_)) => Term::atom("timed_out"),
            Err(reason) => return Err(reason),
            Ok(reply) => reply,
        };
        out.put("call", result);
        out.t(&ctx);
        ctx.sleep(250).await;
        out.put("ping", gen_server::call(&ctx, server, Term::atom("ping"), 5000).await?);
        out.t(&ctx);
        out.put("mailbox", drain(&ctx).await);
        Ok(())
    });
}

/// Traps exits in `init` if asked; `terminate` tells `main` why it ran.
struct Worker {
    name: &'static str,
    trap: bool,
    main: Pid,
}
impl GenServer for Worker {
    async fn init(&mut self, ctx: &Ctx) -> Init {
        ctx.trap_exit(self.trap);
        Init::Ok
    }
    async fn terminate(&mut self, ctx: &Ctx, reason: &ExitReason) {
        ctx.send(self.main, Term::tuple([Term::atom("terminate"), Term::atom(self.name), reason.to_term()]));
    }
}

fn terminate_called_on_parent_shutdown(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let main = ctx.pid();
        for (name, trap) in [("trapping", true), ("not_trapping", false)] {
            let parent = ctx.spawn("parent", Behaviour::Process, move |c| async move {
                if let OnStart::Ok(worker) =
                    gen_server::start_link(&c, "worker", None, Worker { name, trap, main }).await
                {
                    c.send(main, Term::tuple([Term::atom("worker"), Term::Pid(worker)]));
                }
                idle(c).await
            });
            let msg = ctx.receive_match(|m| m.tag() == Some("worker"), None).await.expect("no timeout");
            let worker = msg.elem(1).and_then(Term::as_pid).expect("a pid");
            let monitor = ctx.monitor(worker);
            ctx.exit(parent, ExitReason::Shutdown);
            out.put(&format!("{name}_down"), down_reason(&ctx, monitor).await);
            let is_terminate = |m: &Term| m.tag() == Some("terminate") && m.elem(1) == Some(&Term::atom(name));
            match ctx.receive_match(is_terminate, Some(50)).await {
                Some(t) => out.put(&format!("{name}_terminate"), t.elem(2).cloned().unwrap_or_else(nil)),
                None => out.put(&format!("{name}_terminate"), Term::atom("not_called")),
            }
        }
        Ok(())
    });
}
