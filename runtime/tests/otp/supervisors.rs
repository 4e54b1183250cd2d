//! Mirrors of `supervisor_*.exs`: `Supervisor` strategies, restart policies, restart intensity,
//! ordered shutdown, and `which_children` / `count_children` / `terminate_child` / `restart_child` /
//! `delete_child`.

use tasklane_runtime::prelude::*;

use super::{Out, Scenario, boolean, down_reason, drain, nil};

pub const SCENARIOS: &[(&str, Scenario)] = &[
    ("supervisor_max_restarts_exceeded_exits_shutdown", max_restarts_exceeded_exits_shutdown),
    ("supervisor_one_for_all_restarts_all", one_for_all_restarts_all),
    ("supervisor_one_for_one_restarts_only_crashed", one_for_one_restarts_only_crashed),
    ("supervisor_permanent_restarts_on_any_exit", permanent_restarts_on_any_exit),
    ("supervisor_rest_for_one_restarts_later_children", rest_for_one_restarts_later_children),
    ("supervisor_stops_children_in_reverse_order", stops_children_in_reverse_order),
    ("supervisor_temporary_never_restarts", temporary_never_restarts),
    ("supervisor_transient_restarts_only_abnormal", transient_restarts_only_abnormal),
    ("supervisor_which_children_counts", which_children_counts),
];

/// `W.start_link(id)`: a worker that traps exits, sends `main` `{:start, id}`, and on its first
/// exit signal sends `{:stop, id, reason}` and ends.
fn trapping_worker(main: Pid, id: &'static str) -> ChildSpec {
    ChildSpec::worker(id, Behaviour::Process, move |c| async move {
        c.trap_exit(true);
        c.send(main, Term::tuple([Term::atom("start"), Term::atom(id)]));
        let exit = c.receive_match(|m| m.tag() == Some("EXIT"), None).await.expect("waits forever");
        c.send(main, Term::tuple([Term::atom("stop"), Term::atom(id), exit.elem(2).cloned().unwrap_or_else(nil)]));
        Ok(())
    })
}

/// `R.start_link(id)`: a worker that sends `main` `{:start, id}`, then exits with the reason it
/// is sent as `{:exit, reason}`.
fn exiting_worker(main: Pid, id: &'static str) -> ChildSpec {
    ChildSpec::worker(id, Behaviour::Process, move |c| async move {
        c.send(main, Term::tuple([Term::atom("start"), Term::atom(id)]));
        let msg = c.receive_match(|m| m.tag() == Some("exit"), None).await.expect("waits forever");
        Err(ExitReason::from_term(msg.elem(1).unwrap_or(&Term::atom("normal"))))
    })
}

/// The script's `log`: `Process.sleep(50)`, then every message in the mailbox, oldest first.
async fn log(ctx: &Ctx) -> Term {
    ctx.sleep(50).await;
    drain(ctx).await
}

/// The script's `pid_of`: the pid `Supervisor.which_children(sup)` lists for `id`.
async fn pid_of(ctx: &Ctx, sup: Pid, id: &str) -> Result<Pid, ExitReason> {
    let Term::List(children) = supervisor::which_children(ctx, sup).await? else {
        return Err(ExitReason::atom("badarg"));
    };
    let child = children.iter().find(|c| c.elem(0).is_some_and(|i| i.is_atom(id)));
    child.and_then(|c| c.elem(1)?.as_pid()).ok_or(ExitReason::atom("badarg"))
}

/// `for {id, pid, _, _} <- Supervisor.which_children(sup), do: {id, is_pid(pid)}`
async fn running(ctx: &Ctx, sup: Pid) -> Result<Term, ExitReason> {
    let Term::List(children) = supervisor::which_children(ctx, sup).await? else {
        return Err(ExitReason::atom("badarg"));
    };
    let running = children.iter().map(|c| {
        Term::tuple([c.elem(0).cloned().unwrap_or_else(nil), boolean(c.elem(1).and_then(Term::as_pid).is_some())])
    });
    Ok(Term::list(running))
}

/// `{:exit, reason}`
fn exit_with(reason: Term) -> Term {
    Term::tuple([Term::atom("exit"), reason])
}

fn max_restarts_exceeded_exits_shutdown(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let main = ctx.pid();
        let spec = SupervisorSpec::new(Strategy::OneForOne, vec![exiting_worker(main, "a")]).intensity(2, 5);
        let sup = supervisor::start_link(&ctx, "sup", spec);
        ctx.unlink(sup);
        let monitor = ctx.monitor(sup);
        out.put("started", log(&ctx).await);
        for n in 1..=2 {
            ctx.send(pid_of(&ctx, sup, "a").await?, exit_with(Term::atom("boom")));
            out.put(&format!("after_crash_{n}"), log(&ctx).await);
        }
        ctx.send(pid_of(&ctx, sup, "a").await?, exit_with(Term::atom("boom")));
        out.put("supervisor_down", down_reason(&ctx, monitor).await);
        out.put("after_crash_3", log(&ctx).await);
        Ok(())
    });
}

/// Starts `:a`, `:b`, `:c` (trapping workers) under `strategy`, then kills `:b`, then `:a`,
/// logging what the children report after each.
fn kill_b_then_a(rt: &Runtime, out: Out, strategy: Strategy) {
    rt.spawn("script", Behaviour::Process, move |ctx| async move {
        let main = ctx.pid();
        let children = ["a", "b", "c"].map(|id| trapping_worker(main, id)).to_vec();
        let sup = supervisor::start_link(&ctx, "sup", SupervisorSpec::new(strategy, children));
        out.put("started", log(&ctx).await);
        ctx.exit(pid_of(&ctx, sup, "b").await?, ExitReason::Kill);
        out.put("after_b_killed", log(&ctx).await);
        ctx.exit(pid_of(&ctx, sup, "a").await?, ExitReason::Kill);
        out.put("after_a_killed", log(&ctx).await);
        Ok(())
    });
}

fn one_for_all_restarts_all(rt: &Runtime, out: Out) {
    kill_b_then_a(rt, out, Strategy::OneForAll);
}

fn one_for_one_restarts_only_crashed(rt: &Runtime, out: Out) {
    kill_b_then_a(rt, out, Strategy::OneForOne);
}

fn rest_for_one_restarts_later_children(rt: &Runtime, out: Out) {
    kill_b_then_a(rt, out, Strategy::RestForOne);
}

/// Starts one exiting worker per reason (`:normal`, `:shutdown`, `:done`, `:boom`) with `restart`,
/// has each exit with its reason in turn, then lists which children are running.
fn exit_each_reason(rt: &Runtime, out: Out, restart: RestartPolicy) {
    rt.spawn("script", Behaviour::Process, move |ctx| async move {
        let main = ctx.pid();
        let reasons = [
            ("normal", Term::atom("normal")),
            ("shutdown", Term::atom("shutdown")),
            ("done", Term::tuple([Term::atom("shutdown"), Term::atom("done")])),
            ("boom", Term::atom("boom")),
        ];
        let children = reasons.iter().map(|(id, _)| exiting_worker(main, id).restart(restart)).collect();
        let sup =
            supervisor::start_link(&ctx, "sup", SupervisorSpec::new(Strategy::OneForOne, children).intensity(10, 5));
        out.put("started", log(&ctx).await);
        for (id, reason) in reasons {
            ctx.send(pid_of(&ctx, sup, id).await?, exit_with(reason));
            out.put(&format!("after_{id}"), log(&ctx).await);
        }
        out.put("children_running", running(&ctx, sup).await?);
        Ok(())
    });
}

fn permanent_restarts_on_any_exit(rt: &Runtime, out: Out) {
    exit_each_reason(rt, out, RestartPolicy::Permanent);
}

fn temporary_never_restarts(rt: &Runtime, out: Out) {
    exit_each_reason(rt, out, RestartPolicy::Temporary);
}

fn transient_restarts_only_abnormal(rt: &Runtime, out: Out) {
    exit_each_reason(rt, out, RestartPolicy::Transient);
}

fn stops_children_in_reverse_order(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let main = ctx.pid();
        let children = ["a", "b", "c"].map(|id| trapping_worker(main, id)).to_vec();
        let sup = supervisor::start_link(&ctx, "sup", SupervisorSpec::new(Strategy::OneForOne, children));
        out.put("started", log(&ctx).await);
        let monitor = ctx.monitor(sup);
        out.put("stop", supervisor::stop(&ctx, sup, ExitReason::Normal).await?);
        out.put("supervisor_down", down_reason(&ctx, monitor).await);
        out.put("stopped", log(&ctx).await);
        Ok(())
    });
}

/// `Idle.start_link`: a worker that sleeps forever.
fn idle(id: &'static str) -> ChildSpec {
    ChildSpec::worker(id, Behaviour::Process, super::idle)
}

/// `for {id, pid, type, _modules} <- Supervisor.which_children(sup), do: {id, type, is_pid(pid)}`
async fn which(ctx: &Ctx, sup: Pid) -> Result<Term, ExitReason> {
    let Term::List(children) = supervisor::which_children(ctx, sup).await? else {
        return Err(ExitReason::atom("badarg"));
    };
    let which = children.iter().map(|c| {
        Term::tuple([
            c.elem(0).cloned().unwrap_or_else(nil),
            c.elem(2).cloned().unwrap_or_else(nil),
            boolean(c.elem(1).and_then(Term::as_pid).is_some()),
        ])
    });
    Ok(Term::list(which))
}

/// `Supervisor.count_children(sup) |> Map.to_list() |> Enum.sort()`
async fn counts(ctx: &Ctx, sup: Pid) -> Result<Term, ExitReason> {
    Ok(super::counts(supervisor::count_children(ctx, sup).await?))
}

fn which_children_counts(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let inner = ChildSpec::supervisor("inner", SupervisorSpec::new(Strategy::OneForOne, Vec::new()));
        let children = vec![idle("a"), idle("b"), inner];
        let sup = supervisor::start_link(&ctx, "sup", SupervisorSpec::new(Strategy::OneForOne, children));
        out.put("which_children", which(&ctx, sup).await?);
        out.put("count_children", counts(&ctx, sup).await?);
        out.put("terminate_a", supervisor::terminate_child(&ctx, sup, "a").await?);
        out.put("which_children_after_terminate", which(&ctx, sup).await?);
        out.put("count_children_after_terminate", counts(&ctx, sup).await?);
        out.put("delete_running_b", supervisor::delete_child(&ctx, sup, "b").await?);
        let restarted = supervisor::restart_child(&ctx, sup, "a").await?;
        out.put("restart_a", restarted.elem(0).cloned().unwrap_or_else(nil));
        out.put("terminate_a_again", supervisor::terminate_child(&ctx, sup, "a").await?);
        out.put("delete_a", supervisor::delete_child(&ctx, sup, "a").await?);
        out.put("which_children_after_delete", which(&ctx, sup).await?);
        out.put("count_children_after_delete", counts(&ctx, sup).await?);
        out.put("terminate_unknown", supervisor::terminate_child(&ctx, sup, "nope").await?);
        Ok(())
    });
}
