use super::*;
use std::cell::RefCell;
use std::rc::Rc;

fn sleeper(
    ms: u64,
) -> impl FnOnce(Ctx) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Term, ExitReason>>>> {
    move |ctx| {
        Box::pin(async move {
            ctx.sleep(ms).await;
            Ok(Term::Int(ms as i64))
        })
    }
}

#[test]
fn fan_out_finishes_when_the_longest_task_does() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    let caller = rt.spawn("caller", Behaviour::Process, move |ctx| async move {
        let tasks: Vec<Task> =
            [300, 100, 500, 200, 400].iter().map(|ms| Task::async_(&ctx, "task", sleeper(*ms))).collect();
        *sink.borrow_mut() = Task::await_many(&ctx, &tasks, DEFAULT_AWAIT_TIMEOUT).await?;
        Ok(())
    });
    assert_eq!(rt.run(), RunOutcome::Completed);
    assert_eq!(exit_of(&rt, caller), Some((500, ExitReason::Normal)));
    let expected: Vec<Term> = [300, 100, 500, 200, 400].into_iter().map(Term::Int).collect();
    assert_eq!(*got.borrow(), expected, "results come back in task order, not finish order");
}

#[test]
fn await_timeout_exits_the_caller_and_its_linked_tasks() {
    let rt = Runtime::new(1);
    let caller = rt.spawn("caller", Behaviour::Process, |ctx| async move {
        let slow = Task::async_(&ctx, "slow", sleeper(9000));
        slow.await_(&ctx, DEFAULT_AWAIT_TIMEOUT).await?;
        Ok(())
    });
    rt.run();
    let slow = spawned_named(&rt, "slow")[0];
    let expected = ExitReason::timeout("Task", "await", [Term::Pid(slow), Term::Int(5000)]);
    assert_eq!(exit_of(&rt, caller), Some((5000, expected.clone())));
    assert_eq!(exit_of(&rt, slow), Some((5000, expected)), "the linked task dies with the caller's reason");
}

#[test]
fn await_many_uses_one_timeout_for_all_tasks() {
    let rt = Runtime::new(1);
    let caller = rt.spawn("caller", Behaviour::Process, |ctx| async move {
        let tasks: Vec<Task> = [400, 800, 1200].iter().map(|ms| Task::async_(&ctx, "task", sleeper(*ms))).collect();
        Task::await_many(&ctx, &tasks, 1000).await?;
        Ok(())
    });
    rt.run();
    let tasks = spawned_named(&rt, "task");
    let expected =
        ExitReason::timeout("Task", "await_many", [Term::list(tasks.iter().map(|p| Term::Pid(*p))), Term::Int(1000)]);
    assert_eq!(exit_of(&rt, caller), Some((1000, expected.clone())));
    assert_eq!(exit_of(&rt, tasks[0]), Some((400, ExitReason::Normal)));
    assert_eq!(exit_of(&rt, tasks[1]), Some((800, ExitReason::Normal)));
    assert_eq!(exit_of(&rt, tasks[2]), Some((1000, expected)));
}

#[test]
fn a_crashing_linked_task_takes_the_caller_down() {
    let rt = Runtime::new(1);
    let caller = rt.spawn("caller", Behaviour::Process, |ctx| async move {
        let ok = Task::async_(&ctx, "ok", sleeper(500));
        let bad = Task::async_(&ctx, "bad", |t| async move {
            t.sleep(200).await;
            Err(ExitReason::atom("boom"))
        });
        Task::await_many(&ctx, &[ok, bad], DEFAULT_AWAIT_TIMEOUT).await?;
        Ok(())
    });
    rt.run();
    assert_eq!(exit_of(&rt, caller), Some((200, ExitReason::atom("boom"))));
    let ok = spawned_named(&rt, "ok")[0];
    assert_eq!(exit_of(&rt, ok), Some((200, ExitReason::atom("boom"))), "the sibling dies through the caller's link");
}

#[test]
fn async_nolink_hands_a_crash_to_the_caller_as_a_value() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    let sup = task_supervisor::start(&rt, "tasks");
    let caller = rt.spawn("caller", Behaviour::Process, move |ctx| async move {
        let ok = task_supervisor::async_nolink(&ctx, sup, "ok", sleeper(300)).await?;
        let bad = task_supervisor::async_nolink(&ctx, sup, "bad", |t| async move {
            t.sleep(100).await;
            Err(ExitReason::atom("boom"))
        })
        .await?;
        *sink.borrow_mut() = Task::yield_many(&ctx, &[ok, bad], 1000).await;
        Ok(())
    });
    rt.run_until(10_000);
    assert_eq!(*got.borrow(), vec![Some(Ok(Term::Int(300))), Some(Err(ExitReason::atom("boom")))]);
    assert_eq!(exit_of(&rt, caller), Some((300, ExitReason::Normal)));
    assert!(rt.is_alive(sup), "the task supervisor outlives its crashed child");
}

#[test]
fn yield_returns_none_while_the_task_still_runs() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    rt.spawn("caller", Behaviour::Process, move |ctx| async move {
        let task = Task::async_(&ctx, "task", sleeper(300));
        let got = task.yield_(&ctx, 100).await;
        sink.borrow_mut().push(got);
        let got = task.yield_(&ctx, 500).await;
        sink.borrow_mut().push(got);
        Ok(())
    });
    rt.run();
    assert_eq!(*got.borrow(), vec![None, Some(Ok(Term::Int(300)))]);
}

#[test]
fn shutdown_stops_a_running_task_without_hurting_the_caller() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(None));
    let sink = got.clone();
    let caller = rt.spawn("caller", Behaviour::Process, move |ctx| async move {
        let task = Task::async_(&ctx, "task", sleeper(1000));
        ctx.sleep(250).await;
        *sink.borrow_mut() = Some(task.shutdown(&ctx, Shutdown::Timeout(5000)).await);
        Ok(())
    });
    rt.run();
    assert_eq!(*got.borrow(), Some(None));
    let task = spawned_named(&rt, "task")[0];
    assert_eq!(exit_of(&rt, task), Some((250, ExitReason::Shutdown)));
    assert_eq!(exit_of(&rt, caller), Some((250, ExitReason::Normal)));
}

#[test]
fn temporary_child_is_never_restarted() {
    let rt = Runtime::new(1);
    let sup = task_supervisor::start(&rt, "tasks");
    rt.spawn("caller", Behaviour::Process, move |ctx| async move {
        task_supervisor::start_child(&ctx, sup, "job", |c| crash_after(c, 50, "boom")).await?;
        Ok(())
    });
    rt.run_until(10_000);
    assert_eq!(spawned_named(&rt, "job").len(), 1);
    assert_eq!(restarts(&rt), vec![]);
    assert!(rt.is_alive(sup));
}

#[test]
fn stopping_a_task_supervisor_stops_every_child_at_once() {
    let rt = Runtime::new(1);
    let sup = task_supervisor::start(&rt, "tasks");
    rt.spawn("caller", Behaviour::Process, move |ctx| async move {
        for ms in [1000, 2000, 3000] {
            task_supervisor::start_child(&ctx, sup, "job", move |c| async move {
                c.sleep(ms).await;
                Ok(())
            })
            .await?;
        }
        Ok(())
    });
    rt.run_until(500);
    rt.exit(sup, ExitReason::Shutdown);
    rt.run();
    let jobs = spawned_named(&rt, "job");
    assert_eq!(jobs.len(), 3);
    let newest_first: Vec<_> = jobs.iter().rev().map(|job| (*job, 500, ExitReason::Shutdown)).collect();
    assert_eq!(exits_of(&rt, &jobs), newest_first, "every job stops at 500 ms, newest first");
    assert_eq!(exit_of(&rt, sup), Some((500, ExitReason::Shutdown)));
}
