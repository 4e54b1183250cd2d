use super::*;
use std::cell::RefCell;
use std::rc::Rc;

/// A counter server: `:get` replies with the count after `work_ms`; casts and infos add to it.
struct Counter {
    count: i64,
    work_ms: u64,
    log: Rc<RefCell<Vec<String>>>,
}

impl GenServer for Counter {
    async fn handle_call(
        &mut self,
        ctx: &Ctx,
        request: Term,
        _from: gen_server::From,
    ) -> Result<CallReply, ExitReason> {
        ctx.sleep(self.work_ms).await;
        match request.tag() {
            Some("get") => Ok(CallReply::Reply(Term::Int(self.count))),
            Some("stop") => Ok(CallReply::Stop(ExitReason::Normal, Term::ok())),
            _ => Err(ExitReason::atom("bad_call")),
        }
    }

    async fn handle_cast(&mut self, _ctx: &Ctx, request: Term) -> ProcResult {
        self.count += request.elem(1).and_then(Term::as_int).unwrap_or(0);
        Ok(())
    }

    async fn handle_info(&mut self, _ctx: &Ctx, msg: Term) -> ProcResult {
        self.log.borrow_mut().push(format!("info {msg}"));
        Ok(())
    }

    async fn terminate(&mut self, _ctx: &Ctx, reason: &ExitReason) {
        self.log.borrow_mut().push(format!("terminate {reason}"));
    }
}

fn counter(work_ms: u64, log: &Rc<RefCell<Vec<String>>>) -> Counter {
    Counter { count: 0, work_ms, log: log.clone() }
}

#[test]
fn call_returns_the_reply_after_the_server_works() {
    let rt = Runtime::new(1);
    let log = Rc::new(RefCell::new(Vec::new()));
    let got = Rc::new(RefCell::new(None));
    let (sink, server_log) = (got.clone(), log.clone());
    rt.spawn("client", Behaviour::Process, move |ctx| async move {
        let server = gen_server::spawn_link(&ctx, "counter", counter(40, &server_log));
        gen_server::cast(&ctx, server, Term::tuple([Term::atom("add"), Term::Int(5)]));
        ctx.send(server, Term::atom("ping"));
        let reply = gen_server::call(&ctx, server, Term::atom("get"), 5000).await?;
        *sink.borrow_mut() = Some((reply, ctx.now()));
        gen_server::call(&ctx, server, Term::atom("stop"), 5000).await?;
        Ok(())
    });
    assert_eq!(rt.run(), RunOutcome::Completed);
    assert_eq!(*got.borrow(), Some((Term::Int(5), 40)));
    assert_eq!(*log.borrow(), vec!["info :ping".to_string(), "terminate :normal".to_string()]);
}

#[test]
fn call_to_dead_process_exits_caller() {
    let rt = Runtime::new(1);
    let gone = rt.spawn("gone", Behaviour::GenServer, |_| async { Ok(()) });
    let caller = rt.spawn("caller", Behaviour::Process, move |ctx| async move {
        ctx.sleep(10).await;
        gen_server::call(&ctx, gone, Term::atom("get"), 5000).await?;
        Ok(())
    });
    rt.run();
    let call = Term::tuple([
        Term::module("GenServer"),
        Term::atom("call"),
        Term::list([Term::Pid(gone), Term::atom("get"), Term::Int(5000)]),
    ]);
    assert_eq!(exit_of(&rt, caller), Some((10, ExitReason::Other(Term::tuple([Term::atom("noproc"), call])))));
}

#[test]
fn call_timeout_exits_caller_at_the_deadline() {
    let rt = Runtime::new(1);
    let log = Rc::new(RefCell::new(Vec::new()));
    let slow = counter(8000, &log);
    let caller = rt.spawn("caller", Behaviour::Process, move |ctx| async move {
        let server = ctx.spawn("slow", Behaviour::GenServer, move |c| gen_server::enter_loop(c, slow));
        gen_server::call(&ctx, server, Term::atom("get"), gen_server::DEFAULT_CALL_TIMEOUT).await?;
        Ok(())
    });
    rt.run_until(20_000);
    let server = spawned_named(&rt, "slow")[0];
    let expected = ExitReason::timeout("GenServer", "call", [Term::Pid(server), Term::atom("get"), Term::Int(5000)]);
    assert_eq!(exit_of(&rt, caller), Some((5000, expected)));
    assert_eq!(
        exit_of(&rt, caller).map(|(_, r)| r.to_string()),
        Some(format!("{{:timeout, {{GenServer, :call, [{server}, :get, 5000]}}}}"))
    );
}

#[test]
fn a_server_crashing_mid_call_exits_the_caller_with_its_reason() {
    struct Crashy;
    impl GenServer for Crashy {
        async fn handle_call(
            &mut self,
            ctx: &Ctx,
            _request: Term,
            _from: gen_server::From,
        ) -> Result<CallReply, ExitReason> {
            ctx.sleep(30).await;
            Err(ExitReason::atom("bad_state"))
        }
    }
    let rt = Runtime::new(1);
    let caller = rt.spawn("caller", Behaviour::Process, |ctx| async move {
        let server = ctx.spawn("crashy", Behaviour::GenServer, |c| gen_server::enter_loop(c, Crashy));
        gen_server::call(&ctx, server, Term::atom("anything"), 5000).await?;
        Ok(())
    });
    rt.run();
    let server = spawned_named(&rt, "crashy")[0];
    assert_eq!(
        exit_of(&rt, caller).map(|(at, r)| (at, r.to_string())),
        Some((30, format!("{{:bad_state, {{GenServer, :call, [{server}, :anything, 5000]}}}}")))
    );
}

#[test]
fn terminate_runs_when_a_trapping_server_is_shut_down_by_its_parent() {
    struct Trapping(Rc<RefCell<Vec<String>>>);
    impl GenServer for Trapping {
        async fn init(&mut self, ctx: &Ctx) -> Init {
            ctx.trap_exit(true);
            Init::Ok
        }
        async fn terminate(&mut self, ctx: &Ctx, reason: &ExitReason) {
            self.0.borrow_mut().push(format!("terminate {reason} at {}", ctx.now()));
        }
    }
    let rt = Runtime::new(1);
    let log = Rc::new(RefCell::new(Vec::new()));
    let server_log = log.clone();
    let child = ChildSpec::worker("trapping", Behaviour::GenServer, move |c| {
        gen_server::enter_loop(c, Trapping(server_log.clone()))
    });
    let sup = supervisor::start(&rt, "sup", SupervisorSpec::new(Strategy::OneForOne, vec![child]));
    rt.run_until(70);
    rt.exit(sup, ExitReason::Shutdown);
    rt.run();
    assert_eq!(*log.borrow(), vec!["terminate :shutdown at 70".to_string()]);
}

#[test]
fn the_trace_labels_calls_casts_replies_and_infos() {
    let rt = Runtime::new(1);
    let log = Rc::new(RefCell::new(Vec::new()));
    let server_log = log.clone();
    rt.spawn("client", Behaviour::Process, move |ctx| async move {
        let server = gen_server::spawn_link(&ctx, "counter", counter(0, &server_log));
        gen_server::cast(&ctx, server, Term::tuple([Term::atom("add"), Term::Int(1)]));
        ctx.send(server, Term::atom("hello"));
        gen_server::call(&ctx, server, Term::atom("get"), 5000).await?;
        gen_server::call(&ctx, server, Term::atom("stop"), 5000).await?;
        Ok(())
    });
    rt.run();
    let sends: Vec<(MsgKind, &'static str)> = rt.read_trace(|t| {
        t.events()
            .filter_map(|e| match e.kind {
                EventKind::Send { kind, label, .. } => Some((kind, label.as_str())),
                _ => None,
            })
            .collect()
    });
    assert_eq!(
        sends,
        vec![
            (MsgKind::Cast, "add"),
            (MsgKind::Info, "hello"),
            (MsgKind::Call, "get"),
            (MsgKind::Reply, "reply"),
            (MsgKind::Call, "stop"),
            (MsgKind::Reply, "ok")
        ]
    );
}
