//! Seeded workloads that exercise the runtime end to end (the `:observer` demo programs of our test
//! suite): one mixed scenario replayed natively and in Chromium to prove determinism, and the three
//! benchmark programs (spawn, ping-pong, fan-out) compared against the BEAM.

use super::prelude::*;

/// A mixed, seeded scenario: a supervisor with a flaky worker, a task supervisor (stopped with its
/// parent) firing jobs of random length, a fan-out awaited with a timeout, a GenServer called and cast to, and timers set
/// and cancelled. Nothing has run yet: drive it with [`Runtime::run`] or the browser driver;
/// the same seed gives the same trace on every platform.
pub fn mixed_program(seed: u64) -> Runtime {
    let rt = Runtime::new(seed);
    let flaky = ChildSpec::worker("flaky", Behaviour::GenServer, |ctx| async move {
        let life = ctx.random_range(200, 900);
        ctx.sleep(life).await;
        Err(ExitReason::atom("flaky"))
    });
    let steady = ChildSpec::worker("steady", Behaviour::GenServer, |ctx| async move {
        loop {
            let msg = ctx.receive().await;
            if let Some(Term::Pid(from)) = msg.elem(1) {
                ctx.send(*from, Term::atom("pong"));
            }
        }
    });
    let sup = supervisor::start(
        &rt,
        "app_sup",
        SupervisorSpec::new(Strategy::OneForOne, vec![steady, flaky]).intensity(50, 5),
    );
    rt.spawn("director", Behaviour::Process, move |ctx| async move {
        let jobs = task_supervisor::start_link(&ctx, "jobs");
        for _ in 0..8 {
            let ms = ctx.random_range(50, 400);
            let crash = ctx.random_range(0, 4) == 0;
            task_supervisor::start_child(&ctx, jobs, "job", move |c| async move {
                c.sleep(ms).await;
                if crash { Err(ExitReason::atom("job_failed")) } else { Ok(()) }
            })
            .await?;
        }
        let tasks: Vec<Task> = (0..6)
            .map(|_| {
                Task::async_(&ctx, "fetch", |t| async move {
                    let ms = t.random_range(100, 700);
                    t.sleep(ms).await;
                    Ok(Term::Int(ms as i64))
                })
            })
            .collect();
        let outcomes = Task::yield_many(&ctx, &tasks, 500).await;
        for (task, outcome) in tasks.iter().zip(outcomes) {
            if outcome.is_none() {
                task.shutdown(&ctx, Shutdown::Timeout(100)).await;
            }
        }
        let reminder = ctx.send_after(ctx.pid(), Term::atom("reminder"), 1000);
        ctx.sleep(300).await;
        ctx.cancel_timer(reminder);
        ctx.send_interval(ctx.pid(), Term::atom("tick"), 120);
        for _ in 0..5 {
            ctx.receive_match(|m| m.is_atom("tick"), None).await;
        }
        ctx.sleep(2000).await;
        supervisor::stop(&ctx, sup, ExitReason::Normal).await?;
        Ok(())
    });
    rt
}

/// [`mixed_program`] run to completion by the simulation driver.
pub fn mixed(seed: u64) -> Runtime {
    let rt = mixed_program(seed);
    rt.run();
    rt
}

/// Spawns `n` processes that exit at once; returns the runtime after every one has exited.
pub fn spawn_exit(n: u32, trace_capacity: usize) -> Runtime {
    let rt = Runtime::with_trace(1, Trace::with_capacity(trace_capacity));
    rt.spawn("spawner", Behaviour::Process, move |ctx| async move {
        for _ in 0..n {
            ctx.spawn("short", Behaviour::Process, |_| async { Ok(()) });
        }
        Ok(())
    });
    rt.run();
    rt
}

/// `n` ping-pong round trips between two processes.
pub fn ping_pong(n: u32, trace_capacity: usize) -> Runtime {
    let rt = Runtime::with_trace(1, Trace::with_capacity(trace_capacity));
    let ponger = rt.spawn("pong", Behaviour::Process, |ctx| async move {
        loop {
            let msg = ctx.receive().await;
            match msg {
                Term::Pid(from) => ctx.send(from, Term::atom("pong")),
                _ => return Ok(()),
            }
        }
    });
    rt.spawn("ping", Behaviour::Process, move |ctx| async move {
        for _ in 0..n {
            ctx.send(ponger, Term::Pid(ctx.pid()));
            ctx.receive().await;
        }
        ctx.send(ponger, Term::atom("stop"));
        Ok(())
    });
    rt.run();
    rt
}

/// A fan-out of `n` tasks, each replying at once, gathered with `Task.await_many`.
pub fn fan_out(n: u32, trace_capacity: usize) -> Runtime {
    let rt = Runtime::with_trace(1, Trace::with_capacity(trace_capacity));
    rt.spawn("caller", Behaviour::Process, move |ctx| async move {
        let tasks: Vec<Task> =
            (0..n).map(|i| Task::async_(&ctx, "task", move |_| async move { Ok(Term::Int(i64::from(i))) })).collect();
        Task::await_many(&ctx, &tasks, DEFAULT_AWAIT_TIMEOUT).await?;
        Ok(())
    });
    rt.run();
    rt
}
