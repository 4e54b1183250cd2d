use super::*;
use std::cell::RefCell;
use std::rc::Rc;

#[test]
fn send_after_delivers_at_the_deadline() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(None));
    let sink = got.clone();
    rt.spawn("p", Behaviour::Process, move |ctx| async move {
        ctx.send_after(ctx.pid(), Term::atom("work"), 1500);
        let msg = ctx.receive().await;
        *sink.borrow_mut() = Some((msg, ctx.now()));
        Ok(())
    });
    rt.run();
    assert_eq!(*got.borrow(), Some((Term::atom("work"), 1500)));
}

#[test]
fn cancel_timer_returns_remaining_ms() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    rt.spawn("p", Behaviour::Process, move |ctx| async move {
        let timer = ctx.send_after(ctx.pid(), Term::atom("work"), 1000);
        ctx.sleep(350).await;
        sink.borrow_mut().push(ctx.read_timer(timer));
        sink.borrow_mut().push(ctx.cancel_timer(timer));
        sink.borrow_mut().push(ctx.cancel_timer(timer));
        Ok(())
    });
    assert_eq!(rt.run(), RunOutcome::Completed);
    assert_eq!(*got.borrow(), vec![Some(650), Some(650), None]);
    assert_eq!(rt.now(), 350, "a cancelled timer never fires");
}

#[test]
fn cancel_timer_after_it_fired_returns_none() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(None));
    let sink = got.clone();
    rt.spawn("p", Behaviour::Process, move |ctx| async move {
        let timer = ctx.send_after(ctx.pid(), Term::atom("work"), 100);
        ctx.sleep(200).await;
        *sink.borrow_mut() = Some(ctx.cancel_timer(timer));
        Ok(())
    });
    rt.run();
    assert_eq!(*got.borrow(), Some(None));
}

#[test]
fn send_interval_fires_every_interval_until_cancelled() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    rt.spawn("p", Behaviour::Process, move |ctx| async move {
        let timer = ctx.send_interval(ctx.pid(), Term::atom("tick"), 250);
        for _ in 0..4 {
            ctx.receive().await;
            sink.borrow_mut().push(ctx.now());
        }
        ctx.cancel_timer(timer);
        Ok(())
    });
    assert_eq!(rt.run(), RunOutcome::Completed);
    assert_eq!(*got.borrow(), vec![250, 500, 750, 1000]);
}

#[test]
fn timers_addressed_to_an_exited_process_are_cancelled() {
    let rt = Runtime::new(1);
    let pid = rt.spawn("p", Behaviour::Process, |ctx| async move {
        ctx.send_after(ctx.pid(), Term::atom("later"), 5000);
        ctx.sleep(100).await;
        Err(ExitReason::atom("boom"))
    });
    assert_eq!(rt.run(), RunOutcome::Completed);
    assert_eq!(rt.now(), 100);
    let cancelled = rt.read_trace(|t| {
        t.events().any(|e| e.pid == pid && matches!(e.kind, EventKind::TimerCancelled { remaining: 4900, .. }))
    });
    assert!(cancelled, "the exit cancels the pending timer, visibly");
}

#[test]
fn timers_with_equal_deadlines_fire_in_the_order_they_were_set() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    rt.spawn("p", Behaviour::Process, move |ctx| async move {
        for label in ["first", "second", "third"] {
            ctx.send_after(ctx.pid(), Term::atom(label), 100);
        }
        for _ in 0..3 {
            let got = ctx.receive().await;
            sink.borrow_mut().push(got);
        }
        Ok(())
    });
    rt.run();
    assert_eq!(*got.borrow(), vec![Term::atom("first"), Term::atom("second"), Term::atom("third")]);
}
