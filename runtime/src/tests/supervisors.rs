use super::*;

fn worker(id: &'static str) -> ChildSpec {
    ChildSpec::worker(id, Behaviour::GenServer, idle)
}

/// A worker that crashes `crash_at_ms` after each start.
fn crasher(id: &'static str, crash_at_ms: u64) -> ChildSpec {
    ChildSpec::worker(id, Behaviour::GenServer, move |c| crash_after(c, crash_at_ms, "boom"))
}

#[test]
fn one_for_one_restarts_only_the_crashed_child() {
    let rt = Runtime::new(1);
    let crash_once = ChildSpec::worker("b", Behaviour::GenServer, |ctx| async move {
        if ctx.now() == 0 { crash_after(ctx, 100, "boom").await } else { idle(ctx).await }
    });
    supervisor::start(&rt, "sup", SupervisorSpec::new(Strategy::OneForOne, vec![worker("a"), crash_once, worker("c")]));
    rt.run();
    assert_eq!(restarts(&rt), vec![(100, "b")]);
    assert_eq!(["a", "b", "c"].map(|name| spawned_named(&rt, name).len()), [1, 2, 1]);
}

#[test]
fn one_for_all_restarts_siblings() {
    let rt = Runtime::new(1);
    let crash_once = ChildSpec::worker("b", Behaviour::GenServer, |ctx| async move {
        if ctx.now() == 0 { crash_after(ctx, 100, "boom").await } else { idle(ctx).await }
    });
    supervisor::start(&rt, "sup", SupervisorSpec::new(Strategy::OneForAll, vec![worker("a"), crash_once, worker("c")]));
    rt.run();
    let a = spawned_named(&rt, "a");
    let c = spawned_named(&rt, "c");
    assert_eq!((a.len(), c.len()), (2, 2));
    assert_eq!(exit_of(&rt, a[0]), Some((100, ExitReason::Shutdown)));
    assert_eq!(exit_of(&rt, c[0]), Some((100, ExitReason::Shutdown)));
    assert_eq!(restarts(&rt), vec![(100, "a"), (100, "b"), (100, "c")]);
}

#[test]
fn rest_for_one_restarts_later_siblings() {
    let rt = Runtime::new(1);
    let crash_once = ChildSpec::worker("b", Behaviour::GenServer, |ctx| async move {
        if ctx.now() == 0 { crash_after(ctx, 100, "boom").await } else { idle(ctx).await }
    });
    supervisor::start(
        &rt,
        "sup",
        SupervisorSpec::new(Strategy::RestForOne, vec![worker("a"), crash_once, worker("c")]),
    );
    rt.run();
    assert_eq!(spawned_named(&rt, "a").len(), 1, "an earlier sibling keeps running");
    assert_eq!(spawned_named(&rt, "c").len(), 2);
    assert_eq!(restarts(&rt), vec![(100, "b"), (100, "c")]);
}

#[test]
fn intensity_exceeded_stops_the_supervisor() {
    let rt = Runtime::new(1);
    let sup = supervisor::start(
        &rt,
        "sup",
        SupervisorSpec::new(Strategy::OneForOne, vec![worker("steady"), crasher("flaky", 1000)]),
    );
    rt.run();
    assert_eq!(restarts(&rt), vec![(1000, "flaky"), (2000, "flaky"), (3000, "flaky")]);
    assert_eq!(exit_of(&rt, sup), Some((4000, ExitReason::Shutdown)), "the 4th crash within 5 s is one too many");
    let steady = spawned_named(&rt, "steady")[0];
    assert_eq!(exit_of(&rt, steady), Some((4000, ExitReason::Shutdown)));
}

#[test]
fn restarts_spread_beyond_the_window_are_tolerated() {
    let rt = Runtime::new(1);
    let sup =
        supervisor::start(&rt, "sup", SupervisorSpec::new(Strategy::OneForOne, vec![crasher("slow_flaky", 2000)]));
    assert_eq!(rt.run_until(30_000), RunOutcome::Reached);
    assert!(rt.is_alive(sup), "one crash every 2 s is at most 3 within any 5 s");
    assert_eq!(restarts(&rt).len(), 15);
}

#[test]
fn a_parent_supervisor_sees_its_child_supervisor_give_up() {
    let rt = Runtime::new(1);
    let inner = SupervisorSpec::new(Strategy::OneForOne, vec![crasher("flaky", 1000)]);
    let top = SupervisorSpec::new(Strategy::OneForOne, vec![ChildSpec::supervisor("inner", inner)]).intensity(1, 60);
    let root = supervisor::start(&rt, "root", top);
    rt.run();
    let inner_sups = spawned_named(&rt, "inner");
    assert_eq!(exit_of(&rt, inner_sups[0]), Some((4000, ExitReason::Shutdown)));
    assert_eq!(inner_sups.len(), 2, "the root restarts the inner supervisor once");
    assert_eq!(exit_of(&rt, root), Some((8000, ExitReason::Shutdown)), "then gives up itself");
}

#[test]
fn transient_child_is_restarted_only_after_an_abnormal_exit() {
    let rt = Runtime::new(1);
    let finishes = ChildSpec::worker("finishes", Behaviour::Process, |c| async move {
        c.sleep(10).await;
        Ok(())
    })
    .restart(RestartPolicy::Transient);
    let crash_once = ChildSpec::worker("crashes", Behaviour::Process, |c| async move {
        if c.now() == 0 { crash_after(c, 10, "boom").await } else { idle(c).await }
    })
    .restart(RestartPolicy::Transient);
    supervisor::start(&rt, "sup", SupervisorSpec::new(Strategy::OneForOne, vec![finishes, crash_once]));
    rt.run();
    assert_eq!(spawned_named(&rt, "finishes").len(), 1);
    assert_eq!(spawned_named(&rt, "crashes").len(), 2);
}

#[test]
fn stopping_supervisor_stops_children_in_reverse_start_order() {
    let rt = Runtime::new(1);
    let sup = supervisor::start(
        &rt,
        "sup",
        SupervisorSpec::new(Strategy::OneForOne, vec![worker("a"), worker("b"), worker("c")]),
    );
    rt.spawn("stopper", Behaviour::Process, move |ctx| async move {
        ctx.sleep(300).await;
        supervisor::stop(&ctx, sup, ExitReason::Normal).await?;
        Ok(())
    });
    assert_eq!(rt.run(), RunOutcome::Completed);
    let [a, b, c] = ["a", "b", "c"].map(|name| spawned_named(&rt, name)[0]);
    let shut_down = |pid| (pid, 300, ExitReason::Shutdown);
    assert_eq!(
        exits_of(&rt, &[a, b, c]),
        vec![shut_down(c), shut_down(b), shut_down(a)],
        "last started, first stopped"
    );
    assert_eq!(exit_of(&rt, sup), Some((300, ExitReason::Normal)));
}

#[test]
fn a_child_that_ignores_shutdown_is_killed_after_its_timeout() {
    let rt = Runtime::new(1);
    let stubborn = ChildSpec::worker("stubborn", Behaviour::Process, |c| async move {
        c.trap_exit(true);
        idle(c).await
    })
    .shutdown(Shutdown::Timeout(2000));
    let sup = supervisor::start(&rt, "sup", SupervisorSpec::new(Strategy::OneForOne, vec![stubborn]));
    rt.run_until(100);
    rt.exit(sup, ExitReason::Shutdown);
    rt.run();
    let child = spawned_named(&rt, "stubborn")[0];
    assert_eq!(exit_of(&rt, child), Some((2100, ExitReason::Killed)));
    assert_eq!(exit_of(&rt, sup), Some((2100, ExitReason::Shutdown)));
}

#[test]
fn which_children_lists_children_newest_first() {
    let rt = Runtime::new(1);
    let inner = ChildSpec::supervisor("inner", SupervisorSpec::new(Strategy::OneForOne, Vec::new()));
    let sup = supervisor::start(&rt, "sup", SupervisorSpec::new(Strategy::OneForOne, vec![worker("a"), inner]));
    let got = std::rc::Rc::new(std::cell::RefCell::new(None));
    let sink = got.clone();
    rt.spawn("asker", Behaviour::Process, move |ctx| async move {
        *sink.borrow_mut() = Some(supervisor::which_children(&ctx, sup).await?);
        Ok(())
    });
    rt.run();
    let (a, inner) = (spawned_named(&rt, "a")[0], spawned_named(&rt, "inner")[0]);
    let child = |id, pid, kind| Term::tuple([Term::atom(id), Term::Pid(pid), Term::atom(kind), Term::list([])]);
    let expected = Term::list([child("inner", inner, "supervisor"), child("a", a, "worker")]);
    assert_eq!(got.borrow().clone(), Some(expected));
}

/// Runs `script` next to a one-for-one supervisor of `children`; the runtime, and the terms it returned.
fn ask<F, Fut>(children: Vec<ChildSpec>, script: F) -> (Runtime, Vec<Term>)
where
    F: FnOnce(Ctx, Pid) -> Fut + 'static,
    Fut: Future<Output = Result<Vec<Term>, ExitReason>> + 'static,
{
    let rt = Runtime::new(1);
    let sup = supervisor::start(&rt, "sup", SupervisorSpec::new(Strategy::OneForOne, children));
    let got = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let sink = got.clone();
    rt.spawn("asker", Behaviour::Process, move |ctx| async move {
        *sink.borrow_mut() = script(ctx, sup).await?;
        Ok(())
    });
    rt.run_until(1000);
    let got = got.take();
    (rt, got)
}

/// `count_children`'s map as a term: `{active, specs, supervisors, workers}`.
async fn counts(ctx: &Ctx, sup: Pid) -> Result<Term, ExitReason> {
    let c = supervisor::count_children(ctx, sup).await?;
    Ok(Term::tuple([c.active, c.specs, c.supervisors, c.workers].map(|n| Term::Int(n as i64))))
}

fn error(why: Term) -> Term {
    Term::tuple([Term::atom("error"), why])
}

#[test]
fn children_are_terminated_restarted_and_deleted_by_id() {
    let (rt, got) = ask(vec![worker("a"), worker("b")], |ctx, sup| async move {
        Ok(vec![
            supervisor::terminate_child(&ctx, sup, "a").await?,
            counts(&ctx, sup).await?,
            supervisor::delete_child(&ctx, sup, "b").await?,
            supervisor::restart_child(&ctx, sup, "a").await?.elem(0).cloned().unwrap_or(Term::atom("nil")),
            supervisor::restart_child(&ctx, sup, "a").await?,
            supervisor::terminate_child(&ctx, sup, "a").await?,
            supervisor::delete_child(&ctx, sup, "a").await?,
            counts(&ctx, sup).await?,
            supervisor::terminate_child(&ctx, sup, "a").await?,
        ])
    });
    let n = |k: [i64; 4]| Term::tuple(k.map(Term::Int));
    let expected = vec![
        Term::ok(),
        n([1, 2, 0, 2]),
        error(Term::atom("running")),
        Term::ok(),
        error(Term::atom("running")),
        Term::ok(),
        Term::ok(),
        n([1, 1, 0, 1]),
        error(Term::atom("not_found")),
    ];
    assert_eq!(got, expected);
    let a = spawned_named(&rt, "a");
    assert_eq!(a.len(), 2, "restart_child started `a` once more");
    assert_eq!(
        exits_of(&rt, &a).into_iter().map(|(_, _, reason)| reason).collect::<Vec<_>>(),
        [ExitReason::Shutdown, ExitReason::Shutdown]
    );
    assert!(restarts(&rt).is_empty(), "terminate and restart_child are not restarts");
}

#[test]
fn a_terminated_temporary_child_is_forgotten() {
    let temporary = worker("t").restart(RestartPolicy::Temporary);
    let (_, got) = ask(vec![temporary], |ctx, sup| async move {
        Ok(vec![
            supervisor::terminate_child(&ctx, sup, "t").await?,
            supervisor::which_children(&ctx, sup).await?,
            supervisor::restart_child(&ctx, sup, "t").await?,
        ])
    });
    assert_eq!(got, vec![Term::ok(), Term::list([]), error(Term::atom("not_found"))]);
}

#[test]
fn start_child_refuses_an_id_already_there() {
    let (rt, got) = ask(vec![worker("a")], |ctx, sup| async move {
        Ok(vec![
            supervisor::start_child(&ctx, sup, worker("a")).await?,
            supervisor::terminate_child(&ctx, sup, "a").await?,
            supervisor::start_child(&ctx, sup, worker("a")).await?,
            supervisor::start_child(&ctx, sup, worker("b")).await?.elem(0).cloned().unwrap_or(Term::atom("nil")),
        ])
    });
    let a = spawned_named(&rt, "a")[0];
    let already_started = error(Term::tuple([Term::atom("already_started"), Term::Pid(a)]));
    assert_eq!(got, vec![already_started, Term::ok(), error(Term::atom("already_present")), Term::ok()]);
}
