//! Mirrors of `task_*.exs`: `Task` and `Task.Supervisor`.

use tasklane_runtime::prelude::*;

use super::{Out, Scenario, boolean, down_reason, mailbox, named, task_result};

pub const SCENARIOS: &[(&str, Scenario)] = &[
    ("task_async_await_returns_value", async_await_returns_value),
    ("task_async_crash_kills_caller", async_crash_kills_caller),
    ("task_async_stream_bounds_concurrency", async_stream_bounds_concurrency),
    ("task_async_stream_timeout_exits_caller", async_stream_timeout_exits_caller),
    ("task_await_many_returns_in_order", await_many_returns_in_order),
    ("task_await_many_timeout_exits_caller", await_many_timeout_exits_caller),
    ("task_await_timeout_exits_caller", await_timeout_exits_caller),
    ("task_shutdown_brutal_kill_reason", shutdown_brutal_kill_reason),
    ("task_shutdown_crashed_task_returns_exit", shutdown_crashed_task_returns_exit),
    ("task_shutdown_finished_task_returns_ok", shutdown_finished_task_returns_ok),
    ("task_shutdown_running_task_returns_nil", shutdown_running_task_returns_nil),
    ("task_shutdown_trapping_task_is_killed", shutdown_trapping_task_is_killed),
    ("task_supervisor_async_nolink_crash_caller_survives", supervisor_async_nolink_crash_caller_survives),
    ("task_supervisor_start_child_runs_detached", supervisor_start_child_runs_detached),
    ("task_yield_many_keeps_input_order", yield_many_keeps_input_order),
    ("task_yield_nil_then_result", yield_nil_then_result),
];

/// A task body: sleeps `ms`, then returns `value`.
fn sleeper(
    ms: u64,
    value: Term,
) -> impl FnOnce(Ctx) -> std::pin::Pin<Box<dyn Future<Output = Result<Term, ExitReason>>>> {
    move |t: Ctx| {
        Box::pin(async move {
            t.sleep(ms).await;
            Ok(value)
        })
    }
}

fn async_await_returns_value(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let task = Task::async_(&ctx, "task", sleeper(100, Term::Int(42)));
        out.put("result", task.await_(&ctx, DEFAULT_AWAIT_TIMEOUT).await?);
        out.t(&ctx);
        out.put("task_alive", boolean(ctx.is_alive(task.pid)));
        out.put("mailbox", mailbox(&ctx, &[]));
        Ok(())
    });
}

fn async_crash_kills_caller(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let caller = ctx.spawn("caller", Behaviour::Process, |c| async move {
            let task = Task::async_(&c, "task", |t| async move {
                t.sleep(50).await;
                Err(ExitReason::atom("boom"))
            });
            task.await_(&c, DEFAULT_AWAIT_TIMEOUT).await?;
            Ok(())
        });
        let monitor = ctx.monitor(caller);
        out.put("caller_down", down_reason(&ctx, monitor).await);
        out.t(&ctx);
        Ok(())
    });
}

fn async_stream_bounds_concurrency(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let work = |t: Ctx, ms: u64| async move {
            t.sleep(ms).await;
            Ok(Term::tuple([Term::Int(ms as i64), Term::Int(((t.now() + 5) / 10 * 10) as i64)]))
        };
        let results = Task::async_stream(&ctx, "task", vec![300, 100, 200, 50], 2, DEFAULT_AWAIT_TIMEOUT, work).await?;
        out.put("results", Term::list(results));
        out.t(&ctx);
        out.put("mailbox", mailbox(&ctx, &[]));
        Ok(())
    });
}

fn async_stream_timeout_exits_caller(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        ctx.trap_exit(true);
        let caller = ctx.spawn_link("caller", Behaviour::Process, |c| async move {
            let work = |t: Ctx, ms: u64| async move {
                t.sleep(ms).await;
                Ok(Term::ok())
            };
            Task::async_stream(&c, "task", vec![100, 200, 300], 2, 150, work).await?;
            Ok(())
        });
        let exit = ctx.receive_match(|m| m.tag() == Some("EXIT") && m.elem(1) == Some(&Term::Pid(caller)), None).await;
        out.put("caller_exit", exit.and_then(|m| m.elem(2).cloned()).unwrap_or_else(super::nil));
        out.t(&ctx);
        Ok(())
    });
}

fn await_many_returns_in_order(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let tasks: Vec<Task> = [("a", 150), ("b", 50), ("c", 100)]
            .into_iter()
            .map(|(name, ms)| Task::async_(&ctx, "task", sleeper(ms, Term::atom(name))))
            .collect();
        out.put("results", Term::list(Task::await_many(&ctx, &tasks, 1000).await?));
        out.t(&ctx);
        out.put("mailbox", mailbox(&ctx, &[]));
        Ok(())
    });
}

fn await_many_timeout_exits_caller(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let caller = ctx.spawn("caller", Behaviour::Process, |c| async move {
            let fast = Task::async_(&c, "task", sleeper(0, Term::atom("fast")));
            let slow = Task::async_(&c, "task", sleeper(1000, Term::ok()));
            Task::await_many(&c, &[fast, slow], 100).await?;
            Ok(())
        });
        let monitor = ctx.monitor(caller);
        let reason = down_reason(&ctx, monitor).await;
        let names: Vec<(Pid, &'static str)> = task_pids(&reason).into_iter().map(|p| (p, "task")).collect();
        out.put("caller_down", named(&reason, &names));
        out.t(&ctx);
        Ok(())
    });
}

/// The pids inside a term (the tasks an await's exit reason lists).
fn task_pids(term: &Term) -> Vec<Pid> {
    match term {
        Term::Pid(p) => vec![*p],
        Term::Tuple(items) | Term::List(items) => items.iter().flat_map(task_pids).collect(),
        _ => Vec::new(),
    }
}

fn await_timeout_exits_caller(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let parent = ctx.pid();
        let caller = ctx.spawn("caller", Behaviour::Process, move |c| async move {
            let task = Task::async_(&c, "task", sleeper(1000, Term::ok()));
            c.send(parent, Term::tuple([Term::atom("task_pid"), Term::Pid(task.pid)]));
            task.await_(&c, 100).await?;
            c.send(parent, Term::atom("unreachable"));
            Ok(())
        });
        let caller_monitor = ctx.monitor(caller);
        let msg = ctx.receive_match(|m| m.tag() == Some("task_pid"), None).await.expect("no timeout");
        let task = msg.elem(1).and_then(Term::as_pid).expect("a pid");
        let task_monitor = ctx.monitor(task);
        let names = [(task, "task")];
        out.put("caller_down", named(&down_reason(&ctx, caller_monitor).await, &names));
        out.t(&ctx);
        out.put("task_down", named(&down_reason(&ctx, task_monitor).await, &names));
        out.put("mailbox", mailbox(&ctx, &names));
        Ok(())
    });
}

fn shutdown_brutal_kill_reason(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let task = Task::async_(&ctx, "task", sleeper(1000, Term::ok()));
        let monitor = ctx.monitor(task.pid);
        ctx.sleep(50).await;
        out.put("shutdown", task_result(task.shutdown(&ctx, Shutdown::BrutalKill).await));
        out.t(&ctx);
        out.put("task_down", down_reason(&ctx, monitor).await);
        out.put("mailbox", mailbox(&ctx, &[]));
        Ok(())
    });
}

fn shutdown_crashed_task_returns_exit(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        ctx.trap_exit(true);
        let task = Task::async_(&ctx, "task", |_| async { Err(ExitReason::atom("boom")) });
        ctx.sleep(50).await;
        out.put("shutdown", task_result(task.shutdown(&ctx, Shutdown::Timeout(500)).await));
        out.put("mailbox", mailbox(&ctx, &[(task.pid, "task")]));
        Ok(())
    });
}

fn shutdown_finished_task_returns_ok(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let task = Task::async_(&ctx, "task", sleeper(0, Term::atom("finished")));
        ctx.sleep(50).await;
        out.put("task_alive", boolean(ctx.is_alive(task.pid)));
        out.put("shutdown", task_result(task.shutdown(&ctx, Shutdown::Timeout(500)).await));
        out.t(&ctx);
        out.put("mailbox", mailbox(&ctx, &[]));
        Ok(())
    });
}

fn shutdown_running_task_returns_nil(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let task = Task::async_(&ctx, "task", sleeper(1000, Term::ok()));
        let monitor = ctx.monitor(task.pid);
        ctx.sleep(50).await;
        out.put("shutdown", task_result(task.shutdown(&ctx, Shutdown::Timeout(500)).await));
        out.t(&ctx);
        out.put("task_down", down_reason(&ctx, monitor).await);
        out.put("mailbox", mailbox(&ctx, &[]));
        Ok(())
    });
}

fn shutdown_trapping_task_is_killed(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let task = Task::async_(&ctx, "task", |t| async move {
            t.trap_exit(true);
            t.sleep(1000).await;
            Ok(Term::ok())
        });
        let monitor = ctx.monitor(task.pid);
        ctx.sleep(50).await;
        out.put("shutdown", task_result(task.shutdown(&ctx, Shutdown::Timeout(100)).await));
        out.t(&ctx);
        out.put("task_down", down_reason(&ctx, monitor).await);
        Ok(())
    });
}

fn supervisor_async_nolink_crash_caller_survives(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let sup = task_supervisor::start_link(&ctx, "Task.Supervisor");
        let task = task_supervisor::async_nolink(&ctx, sup, "task", |t| async move {
            t.sleep(50).await;
            Err(ExitReason::atom("boom"))
        })
        .await?;
        let reason = down_reason(&ctx, task.monitor).await;
        out.put(
            "down",
            Term::tuple([Term::atom("DOWN"), Term::atom("ref"), Term::atom("process"), Term::atom("task"), reason]),
        );
        out.t(&ctx);
        out.put("caller_alive", boolean(ctx.is_alive(ctx.pid())));
        out.put("supervisor_alive", boolean(ctx.is_alive(sup)));
        out.put("children", Term::list(task_supervisor::children(&ctx, sup).await?.into_iter().map(Term::Pid)));
        let ok_task = task_supervisor::async_nolink(&ctx, sup, "task", sleeper(0, Term::atom("fine"))).await?;
        out.put("yield_ok", task_result(ok_task.yield_(&ctx, 500).await));
        let crash_task =
            task_supervisor::async_nolink(&ctx, sup, "task", |_| async { Err(ExitReason::atom("boom")) }).await?;
        out.put("yield_crash", task_result(crash_task.yield_(&ctx, 500).await));
        Ok(())
    });
}

fn supervisor_start_child_runs_detached(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let sup = task_supervisor::start_link(&ctx, "Task.Supervisor");
        let parent = ctx.pid();
        task_supervisor::start_child(&ctx, sup, "task", move |t| async move {
            t.send(parent, Term::atom("hello"));
            t.sleep(100).await;
            Err(ExitReason::atom("boom"))
        })
        .await?;
        let hello = ctx.receive_match(|m| m.is_atom("hello"), None).await.expect("no timeout");
        out.put("message", hello);
        out.put("children_while_running", task_supervisor::children(&ctx, sup).await?.len());
        ctx.sleep(150).await;
        out.t(&ctx);
        out.put("children_after_crash", task_supervisor::children(&ctx, sup).await?.len());
        out.put("caller_alive", boolean(ctx.is_alive(ctx.pid())));
        out.put("mailbox", mailbox(&ctx, &[]));
        Ok(())
    });
}

fn yield_many_keeps_input_order(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let tasks: Vec<Task> = [("a", 150), ("b", 50), ("c", 400)]
            .into_iter()
            .map(|(name, ms)| Task::async_(&ctx, "task", sleeper(ms, Term::atom(name))))
            .collect();
        let results = Task::yield_many(&ctx, &tasks, 250).await;
        out.t(&ctx);
        out.put("same_order", boolean(results.len() == tasks.len()));
        out.put("results", Term::list(results.into_iter().map(task_result)));
        out.put("shutdown_slow", task_result(tasks[2].shutdown(&ctx, Shutdown::BrutalKill).await));
        out.t(&ctx);
        Ok(())
    });
}

fn yield_nil_then_result(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let task = Task::async_(&ctx, "task", sleeper(200, Term::atom("done")));
        out.put("first_yield", task_result(task.yield_(&ctx, 50).await));
        out.t(&ctx);
        out.put("second_yield", task_result(task.yield_(&ctx, 500).await));
        out.t(&ctx);
        out.put("third_yield", task_result(task.yield_(&ctx, 50).await));
        out.t(&ctx);
        Ok(())
    });
}
