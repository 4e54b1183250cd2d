//! Mirrors of `dynamic_supervisor_*.exs`: children started on demand, restarted by their policy.

use tasklane_runtime::gen_server::Name;
use tasklane_runtime::prelude::*;
use tasklane_runtime::registry::{self, Keys};
use tasklane_runtime::{agent, dynamic_supervisor};

use super::{Out, Scenario, boolean, counts, down_reason, idle};

pub const SCENARIOS: &[(&str, Scenario)] = &[
    ("dynamic_supervisor_restarts_permanent_child", restarts_permanent_child),
    ("dynamic_supervisor_start_terminate_children", start_terminate_children),
    ("dynamic_supervisor_via_named_children", via_named_children),
];

/// A worker that tells `main` it started, then idles.
fn worker(id: &'static str, main: Pid) -> ChildSpec {
    ChildSpec::worker(id, Behaviour::Process, move |c| async move {
        c.send(main, Term::tuple([Term::atom("start"), Term::atom(id)]));
        idle(c).await
    })
}

/// The pid in a `{:ok, pid}` reply.
fn pid_of(reply: &Term) -> Pid {
    reply.elem(1).and_then(Term::as_pid).expect("{:ok, pid}")
}

fn restarts_permanent_child(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let main = ctx.pid();
        let sup = dynamic_supervisor::start_link(&ctx, "DynamicSupervisor", Default::default());
        let permanent = pid_of(&dynamic_supervisor::start_child(&ctx, sup, worker("permanent", main)).await?);
        let temporary_spec = worker("temporary", main).restart(RestartPolicy::Temporary);
        let temporary = pid_of(&dynamic_supervisor::start_child(&ctx, sup, temporary_spec).await?);
        for name in ["permanent", "temporary"] {
            let is_start = |m: &Term| m.tag() == Some("start") && m.elem(1) == Some(&Term::atom(name));
            ctx.receive_match(is_start, None).await;
            out.put("started", Term::atom(name));
        }
        ctx.exit(permanent, ExitReason::Kill);
        let restarted = ctx.receive_match(|m| m.tag() == Some("start"), None).await.expect("no timeout");
        out.put("restarted", restarted.elem(1).cloned().unwrap_or(Term::atom("nil")));
        ctx.exit(temporary, ExitReason::Kill);
        ctx.sleep(50).await;
        let children = match dynamic_supervisor::which_children(&ctx, sup).await? {
            Term::List(items) => items.to_vec(),
            _ => Vec::new(),
        };
        out.put("children", children.len());
        out.put(
            "child_is_new_process",
            Term::list(children.iter().map(|c| boolean(c.elem(1) != Some(&Term::Pid(permanent))))),
        );
        out.put("alive", Term::tuple([boolean(ctx.is_alive(permanent)), boolean(ctx.is_alive(temporary))]));
        Ok(())
    });
}

fn start_terminate_children(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let sup = dynamic_supervisor::start_link(&ctx, "DynamicSupervisor", Default::default());
        let idle_child = || ChildSpec::worker("idle", Behaviour::Process, idle);
        let first = pid_of(&dynamic_supervisor::start_child(&ctx, sup, idle_child()).await?);
        dynamic_supervisor::start_child(&ctx, sup, idle_child()).await?;
        let which = |children: Term| match children {
            Term::List(items) => Term::list(items.iter().map(|c| {
                let id = c.elem(0).cloned().unwrap_or(Term::atom("nil"));
                let kind = c.elem(2).cloned().unwrap_or(Term::atom("nil"));
                Term::tuple([id, kind, boolean(c.elem(1).and_then(Term::as_pid).is_some())])
            })),
            other => other,
        };
        out.put("which_children", which(dynamic_supervisor::which_children(&ctx, sup).await?));
        out.put("count_children", counts(dynamic_supervisor::count_children(&ctx, sup).await?));
        let monitor = ctx.monitor(first);
        out.put("terminate_first", dynamic_supervisor::terminate_child(&ctx, sup, first).await?);
        out.put("first_down", down_reason(&ctx, monitor).await);
        out.put("terminate_again", dynamic_supervisor::terminate_child(&ctx, sup, first).await?);
        out.put("which_children_after", which(dynamic_supervisor::which_children(&ctx, sup).await?));
        out.put("count_children_after", counts(dynamic_supervisor::count_children(&ctx, sup).await?));
        Ok(())
    });
}

fn via_named_children(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let OnStart::Ok(_) = registry::start_link(&ctx, "Users", Keys::Unique) else { panic!("the registry starts") };
        let sup = dynamic_supervisor::start_link(&ctx, "DynamicSupervisor", Default::default());
        let via = |key: &str| Name::via("Users", Term::str(key));
        let spec = |key: &'static str| {
            ChildSpec::worker("user", Behaviour::Agent, move |c| agent::enter_loop(c, Term::str(key), 0))
                .named(via(key))
        };
        let alice = pid_of(&dynamic_supervisor::start_child(&ctx, sup, spec("alice")).await?);
        let again = dynamic_supervisor::start_child(&ctx, sup, spec("alice")).await?;
        let already = Term::tuple([Term::atom("already_started"), Term::Pid(alice)]);
        out.put("second_start_is_already_started", boolean(again == Term::tuple([Term::atom("error"), already])));
        let bob = pid_of(&dynamic_supervisor::start_child(&ctx, sup, spec("bob")).await?);
        out.put("children", dynamic_supervisor::count_children(&ctx, sup).await?.active);
        out.put("whereis_alice", boolean(gen_server::whereis(&ctx, &via("alice")) == Some(alice)));
        let get = |pid: Pid| agent::get(&ctx, pid, |s: &Term| s.clone());
        out.put("get_bob", get(gen_server::whereis(&ctx, &via("bob")).expect("bob is named")).await?);
        ctx.exit(alice, ExitReason::Kill);
        ctx.sleep(50).await;
        let restarted = gen_server::whereis(&ctx, &via("alice"));
        out.put("alice_restarted_under_the_name", boolean(restarted.is_some_and(|pid| pid != alice)));
        out.put("get_alice", get(restarted.expect("alice is named again")).await?);
        out.put("children_after_restart", dynamic_supervisor::count_children(&ctx, sup).await?.active);
        out.put("bob_untouched", boolean(gen_server::whereis(&ctx, &via("bob")) == Some(bob)));
        Ok(())
    });
}
