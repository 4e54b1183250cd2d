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
fn which_children_lists_ids_and_pids_in_start_order() {
    let rt = Runtime::new(1);
    let sup = supervisor::start(&rt, "sup", SupervisorSpec::new(Strategy::OneForOne, vec![worker("a"), worker("b")]));
    let got = std::rc::Rc::new(std::cell::RefCell::new(None));
    let sink = got.clone();
    rt.spawn("asker", Behaviour::Process, move |ctx| async move {
        *sink.borrow_mut() = Some(supervisor::which_children(&ctx, sup).await?);
        Ok(())
    });
    rt.run();
    let (a, b) = (spawned_named(&rt, "a")[0], spawned_named(&rt, "b")[0]);
    let expected =
        Term::list([Term::tuple([Term::atom("a"), Term::Pid(a)]), Term::tuple([Term::atom("b"), Term::Pid(b)])]);
    assert_eq!(got.borrow().clone(), Some(expected));
}
