use super::*;
use std::cell::RefCell;
use std::rc::Rc;

#[test]
fn messages_arrive_in_send_order() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    let receiver = rt.spawn("receiver", Behaviour::Process, move |ctx| async move {
        for _ in 0..3 {
            let got = ctx.receive().await;
            sink.borrow_mut().push(got);
        }
        Ok(())
    });
    rt.spawn("sender", Behaviour::Process, move |ctx| async move {
        for i in 0..3 {
            ctx.send(receiver, Term::Int(i));
        }
        Ok(())
    });
    assert_eq!(rt.run(), RunOutcome::Completed);
    assert_eq!(*got.borrow(), vec![Term::Int(0), Term::Int(1), Term::Int(2)]);
}

#[test]
fn selective_receive_takes_the_first_match_and_keeps_the_rest() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    let pid = rt.spawn("selective", Behaviour::Process, move |ctx| async move {
        let urgent = ctx.receive_match(|m| m.is_atom("urgent"), None).await;
        sink.borrow_mut().push(urgent.unwrap());
        let got = ctx.receive().await;
        sink.borrow_mut().push(got);
        Ok(())
    });
    rt.send(pid, Term::atom("routine"));
    rt.send(pid, Term::atom("urgent"));
    rt.run();
    assert_eq!(*got.borrow(), vec![Term::atom("urgent"), Term::atom("routine")]);
}

#[test]
fn receive_after_times_out_at_the_exact_virtual_time() {
    let rt = Runtime::new(1);
    let pid = rt.spawn("waiter", Behaviour::Process, |ctx| async move {
        match ctx.receive_match(|_| true, Some(750)).await {
            None => Err(ExitReason::atom("timeout")),
            Some(_) => Ok(()),
        }
    });
    rt.run();
    assert_eq!(exit_of(&rt, pid), Some((750, ExitReason::atom("timeout"))));
}

#[test]
fn a_message_before_the_timeout_wins() {
    let rt = Runtime::new(1);
    let pid = rt.spawn("waiter", Behaviour::Process, |ctx| async move {
        match ctx.receive_match(|_| true, Some(750)).await {
            None => Err(ExitReason::atom("timeout")),
            Some(_) => Ok(()),
        }
    });
    rt.spawn("sender", Behaviour::Process, move |ctx| async move {
        ctx.sleep(300).await;
        ctx.send(pid, Term::ok());
        Ok(())
    });
    assert_eq!(rt.run(), RunOutcome::Completed);
    assert_eq!(exit_of(&rt, pid), Some((300, ExitReason::Normal)));
    assert_eq!(rt.now(), 300, "the cancelled receive timer must not move the clock");
}

#[test]
fn a_crash_kills_linked_processes_with_the_same_reason() {
    let rt = Runtime::new(1);
    let parent = rt.spawn("parent", Behaviour::Process, |ctx| async move {
        ctx.spawn_link("child", Behaviour::Process, |c| crash_after(c, 100, "boom"));
        idle(ctx).await
    });
    rt.run();
    let child = spawned_named(&rt, "child")[0];
    assert_eq!(exit_of(&rt, child), Some((100, ExitReason::atom("boom"))));
    assert_eq!(exit_of(&rt, parent), Some((100, ExitReason::atom("boom"))));
}

#[test]
fn a_normal_exit_does_not_kill_linked_processes() {
    let rt = Runtime::new(1);
    let parent = rt.spawn("parent", Behaviour::Process, |ctx| async move {
        ctx.spawn_link("child", Behaviour::Process, |c| async move {
            c.sleep(100).await;
            Ok(())
        });
        ctx.sleep(500).await;
        Ok(())
    });
    rt.run();
    assert_eq!(exit_of(&rt, parent), Some((500, ExitReason::Normal)));
}

#[test]
fn trapping_exits_turns_a_linked_crash_into_a_message() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(None));
    let sink = got.clone();
    let parent = rt.spawn("parent", Behaviour::Process, move |ctx| async move {
        ctx.trap_exit(true);
        let child = ctx.spawn_link("child", Behaviour::Process, |c| crash_after(c, 100, "boom"));
        let msg = ctx.receive().await;
        *sink.borrow_mut() = Some((msg, child));
        Ok(())
    });
    rt.run();
    let (msg, child) = got.borrow().clone().unwrap();
    assert_eq!(msg, Term::tuple([Term::atom("EXIT"), Term::Pid(child), ExitReason::atom("boom").to_term()]));
    assert_eq!(exit_of(&rt, parent), Some((100, ExitReason::Normal)));
}

#[test]
fn kill_cannot_be_trapped() {
    let rt = Runtime::new(1);
    let victim = rt.spawn("victim", Behaviour::Process, |ctx| async move {
        ctx.trap_exit(true);
        idle(ctx).await
    });
    rt.spawn("killer", Behaviour::Process, move |ctx| async move {
        ctx.sleep(10).await;
        ctx.exit(victim, ExitReason::Kill);
        Ok(())
    });
    rt.run();
    assert_eq!(exit_of(&rt, victim), Some((10, ExitReason::Killed)));
}

#[test]
fn monitor_delivers_down_with_the_exit_reason() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(None));
    let sink = got.clone();
    rt.spawn("watcher", Behaviour::Process, move |ctx| async move {
        let target = ctx.spawn("target", Behaviour::Process, |c| crash_after(c, 40, "gone"));
        let monitor = ctx.monitor(target);
        let msg = ctx.receive().await;
        *sink.borrow_mut() = Some((msg, monitor, target, ctx.now()));
        Ok(())
    });
    assert_eq!(rt.run(), RunOutcome::Completed);
    let (msg, monitor, target, at) = got.borrow().clone().unwrap();
    let expected = Term::tuple([
        Term::atom("DOWN"),
        Term::Ref(monitor),
        Term::atom("process"),
        Term::Pid(target),
        ExitReason::atom("gone").to_term(),
    ]);
    assert_eq!((msg, at), (expected, 40));
}

#[test]
fn monitoring_a_dead_process_gives_noproc_at_once() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(None));
    let sink = got.clone();
    rt.spawn("watcher", Behaviour::Process, move |ctx| async move {
        let target = ctx.spawn("target", Behaviour::Process, |_| async { Ok(()) });
        ctx.sleep(1).await;
        ctx.monitor(target);
        *sink.borrow_mut() = ctx.receive().await.elem(4).cloned();
        Ok(())
    });
    rt.run();
    assert_eq!(*got.borrow(), Some(Term::atom("noproc")));
}

#[test]
fn a_message_to_a_dead_process_is_dropped() {
    let rt = Runtime::new(1);
    let short = rt.spawn("short", Behaviour::Process, |_| async { Ok(()) });
    rt.run();
    assert_eq!(exit_of(&rt, short), Some((0, ExitReason::Normal)));
    rt.send(short, Term::ok());
    assert_eq!(rt.run(), RunOutcome::Completed);
    assert_eq!(received_by(&rt, &[short]), vec![]);
}

#[test]
fn a_process_waiting_forever_is_reported_as_deadlock() {
    let rt = Runtime::new(1);
    let stuck = rt.spawn("stuck", Behaviour::Process, idle);
    assert_eq!(rt.run(), RunOutcome::Deadlock { blocked: vec![stuck] });
}

#[test]
fn a_dead_process_does_nothing_after_its_exit() {
    let rt = Runtime::new(1);
    let observer = rt.spawn("observer", Behaviour::Process, idle);
    rt.spawn("suicidal", Behaviour::Process, move |ctx| async move {
        ctx.exit(ctx.pid(), ExitReason::Kill);
        ctx.send(observer, Term::atom("from_beyond"));
        Ok(())
    });
    rt.run();
    let sends = rt.read_trace(|t| t.events().filter(|e| matches!(e.kind, EventKind::Send { .. })).count());
    assert_eq!(sends, 0, "the send after the exit is not recorded");
    assert_eq!(received_by(&rt, &[observer]), vec![]);
}

#[test]
fn run_until_stops_the_clock_exactly_at_the_limit() {
    let rt = Runtime::new(1);
    rt.spawn("ticker", Behaviour::Process, |ctx| async move {
        loop {
            ctx.sleep(300).await;
        }
    });
    assert_eq!(rt.run_until(1000), RunOutcome::Reached);
    assert_eq!(rt.now(), 1000);
}
