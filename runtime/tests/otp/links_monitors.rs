//! Mirrors of `link_*.exs`, `monitor_*.exs` and `process_*.exs`: links, monitors, trapped exits and `Process.exit/2`.

use tasklane_runtime::prelude::*;

use super::{Out, Scenario, boolean, down_reason, drain, idle, mailbox, named};

pub const SCENARIOS: &[(&str, Scenario)] = &[
    ("link_and_monitor_message_order", link_and_monitor_message_order),
    ("link_crash_kills_linked_process", link_crash_kills_linked_process),
    ("link_kill_cannot_be_trapped", link_kill_cannot_be_trapped),
    ("link_normal_exit_does_not_propagate", link_normal_exit_does_not_propagate),
    ("link_shutdown_tuple_reason_propagates", link_shutdown_tuple_reason_propagates),
    ("link_trap_exit_receives_exit_messages", link_trap_exit_receives_exit_messages),
    ("monitor_dead_pid_gives_noproc", monitor_dead_pid_gives_noproc),
    ("monitor_demonitor_flush_removes_down", monitor_demonitor_flush_removes_down),
    ("monitor_down_carries_reason", monitor_down_carries_reason),
    ("process_exit_boom_reason_as_is", process_exit_boom_reason_as_is),
    ("process_exit_normal_ignored_by_non_trapping", process_exit_normal_ignored_by_non_trapping),
    ("process_exit_self_normal_terminates_caller", process_exit_self_normal_terminates_caller),
];

/// Waits for `:crash`, then exits `:boom`.
async fn crash_on_request(ctx: Ctx) -> ProcResult {
    ctx.receive_match(|m| m.is_atom("crash"), None).await;
    Err(ExitReason::atom("boom"))
}

/// Receives the first message `matches` accepts.
async fn take(ctx: &Ctx, matches: impl FnMut(&Term) -> bool + Unpin) -> Term {
    ctx.receive_match(matches, None).await.expect("waits forever")
}

fn link_and_monitor_message_order(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        ctx.trap_exit(true);
        let worker = ctx.spawn_link("worker", Behaviour::Process, crash_on_request);
        ctx.monitor(worker);
        ctx.send(worker, Term::atom("crash"));
        ctx.sleep(50).await;
        out.put("link_then_monitor", mailbox(&ctx, &[(worker, "worker")]));
        drain(&ctx).await;
        let worker = ctx.spawn("worker", Behaviour::Process, crash_on_request);
        ctx.monitor(worker);
        ctx.link(worker);
        ctx.send(worker, Term::atom("crash"));
        ctx.sleep(50).await;
        out.put("monitor_then_link", mailbox(&ctx, &[(worker, "worker")]));
        Ok(())
    });
}

fn link_crash_kills_linked_process(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let a = ctx.spawn("a", Behaviour::Process, idle);
        let b = ctx.spawn("b", Behaviour::Process, move |c| async move {
            c.link(a);
            c.sleep(50).await;
            Err(ExitReason::atom("boom"))
        });
        let (ref_a, ref_b) = (ctx.monitor(a), ctx.monitor(b));
        out.put("b_down", down_reason(&ctx, ref_b).await);
        out.put("a_down", down_reason(&ctx, ref_a).await);
        out.t(&ctx);
        Ok(())
    });
}

fn link_kill_cannot_be_trapped(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let parent = ctx.pid();
        let trapper = ctx.spawn("trapper", Behaviour::Process, move |c| async move {
            c.trap_exit(true);
            c.send(parent, Term::atom("trapping"));
            idle(c).await
        });
        take(&ctx, |m| m.is_atom("trapping")).await;
        let linked = ctx.spawn("linked", Behaviour::Process, move |c| async move {
            c.link(trapper);
            idle(c).await
        });
        ctx.spawn("watcher", Behaviour::Process, move |c| async move {
            c.trap_exit(true);
            c.link(trapper);
            c.send(parent, Term::atom("linked"));
            let exit = take(&c, |m| m.tag() == Some("EXIT") && m.elem(1) == Some(&Term::Pid(trapper))).await;
            c.send(parent, Term::tuple([Term::atom("watcher_got"), named(&exit, &[(trapper, "trapper")])]));
            Ok(())
        });
        take(&ctx, |m| m.is_atom("linked")).await;
        let (ref_trapper, ref_linked) = (ctx.monitor(trapper), ctx.monitor(linked));
        ctx.sleep(50).await;
        ctx.exit(trapper, ExitReason::Kill);
        out.put("trapper_down", down_reason(&ctx, ref_trapper).await);
        out.put("linked_down", down_reason(&ctx, ref_linked).await);
        let got = take(&ctx, |m| m.tag() == Some("watcher_got")).await;
        out.put("watcher_got", got.elem(1).cloned().unwrap_or(Term::atom("nil")));
        Ok(())
    });
}

fn link_normal_exit_does_not_propagate(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let a = ctx.spawn("a", Behaviour::Process, idle);
        let b = ctx.spawn("b", Behaviour::Process, move |c| async move {
            c.link(a);
            c.sleep(50).await;
            Ok(())
        });
        let ref_b = ctx.monitor(b);
        out.put("b_down", down_reason(&ctx, ref_b).await);
        out.t(&ctx);
        ctx.sleep(50).await;
        out.put("a_alive", boolean(ctx.is_alive(a)));
        let links = ctx.links_of(a).unwrap_or_default();
        out.put("a_links", Term::tuple([Term::atom("links"), Term::list(links.into_iter().map(Term::Pid))]));
        Ok(())
    });
}

fn link_shutdown_tuple_reason_propagates(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        for reason in [ExitReason::Shutdown, ExitReason::ShutdownWith(Term::atom("done"))] {
            let a = ctx.spawn("a", Behaviour::Process, idle);
            let ref_a = ctx.monitor(a);
            ctx.spawn("exiting", Behaviour::Process, move |c| async move {
                c.link(a);
                Err(reason)
            });
            out.put("linked_down", down_reason(&ctx, ref_a).await);
        }
        Ok(())
    });
}

fn link_trap_exit_receives_exit_messages(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        ctx.trap_exit(true);
        let bodies: [(&'static str, &'static str, ExitReason); 3] = [
            ("from_boom", "boom", ExitReason::atom("boom")),
            ("from_normal", "normal", ExitReason::Normal),
            ("from_done", "done", ExitReason::ShutdownWith(Term::atom("done"))),
        ];
        for (key, name, reason) in bodies {
            let pid = ctx.spawn_link(name, Behaviour::Process, move |_| async move {
                if reason == ExitReason::Normal { Ok(()) } else { Err(reason) }
            });
            let exit = take(&ctx, |m| m.tag() == Some("EXIT") && m.elem(1) == Some(&Term::Pid(pid))).await;
            out.put(key, named(&exit, &[(pid, name)]));
        }
        out.put("alive", boolean(ctx.is_alive(ctx.pid())));
        out.put("mailbox", mailbox(&ctx, &[]));
        Ok(())
    });
}

fn monitor_dead_pid_gives_noproc(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let pid = ctx.spawn("dead", Behaviour::Process, |_| async { Err(ExitReason::atom("boom")) });
        ctx.sleep(50).await;
        out.put("alive", boolean(ctx.is_alive(pid)));
        let monitor = ctx.monitor(pid);
        let is_down = |m: &Term| m.is_down_of(monitor);
        match ctx.receive_match(is_down, Some(100)).await {
            Some(down) => out.put("down", named(&down, &[(pid, "dead")])),
            None => out.put("down", Term::atom("none")),
        }
        out.t(&ctx);
        Ok(())
    });
}

fn monitor_demonitor_flush_removes_down(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let crash = |c: Ctx| async move {
            let _ = c;
            Err(ExitReason::atom("boom"))
        };
        let plain = ctx.spawn("worker", Behaviour::Process, crash);
        let ref_plain = ctx.monitor(plain);
        ctx.sleep(50).await;
        ctx.demonitor_keeping_down(ref_plain);
        out.put("demonitor", boolean(true));
        out.put("mailbox_after_demonitor", mailbox(&ctx, &[(plain, "worker")]));
        take(&ctx, |m| m.tag() == Some("DOWN")).await;
        let flushed = ctx.spawn("worker", Behaviour::Process, crash);
        let ref_flushed = ctx.monitor(flushed);
        ctx.sleep(50).await;
        ctx.demonitor(ref_flushed);
        out.put("demonitor_flush", boolean(true));
        out.put("mailbox_after_flush", mailbox(&ctx, &[(flushed, "worker")]));
        let alive = ctx.spawn("worker", Behaviour::Process, |c| async move {
            c.sleep(100).await;
            Ok(())
        });
        let ref_alive = ctx.monitor(alive);
        out.put("demonitor_info_alive", boolean(ctx.demonitor(ref_alive)));
        ctx.sleep(150).await;
        out.put("mailbox_after_exit", mailbox(&ctx, &[(alive, "worker")]));
        Ok(())
    });
}

fn monitor_down_carries_reason(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let cases: [(&'static str, Option<ExitReason>); 4] = [
            ("normal", None),
            ("boom", Some(ExitReason::atom("boom"))),
            ("done", Some(ExitReason::ShutdownWith(Term::atom("done")))),
            ("killed", Some(ExitReason::Kill)),
        ];
        for (name, reason) in cases {
            let pid = ctx.spawn(name, Behaviour::Process, move |c| async move {
                match reason {
                    None => Ok(()),
                    Some(ExitReason::Kill) => {
                        c.exit(c.pid(), ExitReason::Kill);
                        Ok(())
                    }
                    Some(reason) => Err(reason),
                }
            });
            let monitor = ctx.monitor(pid);
            let reason = down_reason(&ctx, monitor).await;
            out.put(
                name,
                Term::tuple([Term::atom("DOWN"), Term::atom("ref"), Term::atom("process"), Term::atom(name), reason]),
            );
        }
        out.put("watcher_alive", boolean(ctx.is_alive(ctx.pid())));
        out.put("mailbox", mailbox(&ctx, &[]));
        Ok(())
    });
}

fn process_exit_boom_reason_as_is(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let a = ctx.spawn("a", Behaviour::Process, idle);
        let partner = ctx.spawn("partner", Behaviour::Process, move |c| async move {
            c.link(a);
            idle(c).await
        });
        ctx.sleep(50).await;
        let (ref_a, ref_partner) = (ctx.monitor(a), ctx.monitor(partner));
        ctx.exit(a, ExitReason::atom("boom"));
        out.put("exit_result", boolean(true));
        out.put("a_down", down_reason(&ctx, ref_a).await);
        out.put("partner_down", down_reason(&ctx, ref_partner).await);
        let b = ctx.spawn("b", Behaviour::Process, |_| async { Err(ExitReason::atom("boom")) });
        let ref_b = ctx.monitor(b);
        out.put("b_down", down_reason(&ctx, ref_b).await);
        Ok(())
    });
}

fn process_exit_normal_ignored_by_non_trapping(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let parent = ctx.pid();
        let plain = ctx.spawn("plain", Behaviour::Process, idle);
        let trapper = ctx.spawn("trapper", Behaviour::Process, move |c| async move {
            c.trap_exit(true);
            c.send(parent, Term::atom("trapping"));
            let exit = take(&c, |m| m.tag() == Some("EXIT") && m.elem(1) == Some(&Term::Pid(parent))).await;
            c.send(parent, Term::tuple([Term::atom("trapper_got"), named(&exit, &[(parent, "main")])]));
            Ok(())
        });
        take(&ctx, |m| m.is_atom("trapping")).await;
        ctx.exit(plain, ExitReason::Normal);
        out.put("exit_plain", boolean(true));
        ctx.exit(trapper, ExitReason::Normal);
        out.put("exit_trapper", boolean(true));
        let got = take(&ctx, |m| m.tag() == Some("trapper_got")).await;
        out.put("trapper_got", got.elem(1).cloned().unwrap_or(Term::atom("nil")));
        ctx.sleep(50).await;
        out.put("plain_alive", boolean(ctx.is_alive(plain)));
        Ok(())
    });
}

fn process_exit_self_normal_terminates_caller(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let parent = ctx.pid();
        let p = ctx.spawn("p", Behaviour::Process, move |c| async move {
            c.exit(c.pid(), ExitReason::Normal);
            c.sleep(100).await;
            c.send(parent, Term::atom("still_running"));
            Ok(())
        });
        let monitor = ctx.monitor(p);
        out.put("down", down_reason(&ctx, monitor).await);
        ctx.sleep(150).await;
        out.put("mailbox", mailbox(&ctx, &[]));
        Ok(())
    });
}
