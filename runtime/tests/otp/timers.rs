//! Mirrors of `timer_*.exs`, `message_*.exs` and `receive_*.exs`: timers, message order and selective receive.

use tasklane_runtime::prelude::*;

use super::{Out, Scenario, boolean, down_reason, drain};

pub const SCENARIOS: &[(&str, Scenario)] = &[
    ("message_order_between_two_sends", message_order_between_two_sends),
    ("receive_selective_with_after", receive_selective_with_after),
    ("timer_cancel_returns_remaining_or_false", timer_cancel_returns_remaining_or_false),
    ("timer_read_timer_counts_down", timer_read_timer_counts_down),
    ("timer_send_after_delivery_time", timer_send_after_delivery_time),
    ("timer_send_interval_after_setter_exits", timer_send_interval_after_setter_exits),
    ("timer_send_interval_ticks", timer_send_interval_ticks),
];

/// Elixir's `false`, or the milliseconds rounded to the nearest 10.
fn ms_or_false(ms: Option<u64>) -> Term {
    ms.map_or(boolean(false), |ms| Term::Int(((ms + 5) / 10 * 10) as i64))
}

/// The virtual time rounded as the scripts' `t.()` rounds it.
fn t(ctx: &Ctx) -> Term {
    Term::Int(((ctx.now() + 5) / 10 * 10) as i64)
}

fn message_order_between_two_sends(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let main = ctx.pid();
        ctx.spawn("sender", Behaviour::Process, move |c| async move {
            for m in ["first", "second", "third"] {
                c.send(main, Term::atom(m));
            }
            Ok(())
        });
        ctx.sleep(50).await;
        let selected = ctx.receive_match(|m| m.is_atom("second"), None).await.expect("no timeout");
        out.put("selected", selected);
        out.put("mailbox", drain(&ctx).await);
        ctx.spawn("burst", Behaviour::Process, move |c| async move {
            for n in 1..=5 {
                c.send(main, Term::tuple([Term::atom("n"), Term::Int(n)]));
            }
            Ok(())
        });
        ctx.sleep(50).await;
        out.put("burst", drain(&ctx).await);
        Ok(())
    });
}

fn receive_selective_with_after(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let me = ctx.pid();
        ctx.send(me, Term::atom("noise"));
        ctx.send(me, Term::tuple([Term::atom("reply"), Term::Int(1)]));
        ctx.send(me, Term::atom("more_noise"));
        let is_reply = |m: &Term| m.tag() == Some("reply");
        out.put("matched", ctx.receive_match(is_reply, None).await.expect("no timeout"));
        let second = ctx.receive_match(is_reply, Some(100)).await;
        out.put("second_receive", second.map_or(Term::atom("timeout"), |_| Term::atom("unexpected")));
        out.t(&ctx);
        let zero = ctx.receive_match(|m| m.is_atom("nothing"), Some(0)).await;
        out.put("after_zero", zero.map_or(Term::atom("immediate"), |_| Term::atom("unexpected")));
        out.t(&ctx);
        out.put("mailbox", drain(&ctx).await);
        Ok(())
    });
}

fn timer_cancel_returns_remaining_or_false(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let me = ctx.pid();
        let pending = ctx.send_after(me, Term::atom("pending"), 200);
        ctx.sleep(50).await;
        out.put("cancel_pending", ms_or_false(ctx.cancel_timer(pending)));
        out.put("cancel_again", ms_or_false(ctx.cancel_timer(pending)));
        let fired = ctx.send_after(me, Term::atom("fired"), 50);
        ctx.sleep(100).await;
        out.put("cancel_fired", ms_or_false(ctx.cancel_timer(fired)));
        ctx.sleep(200).await;
        out.t(&ctx);
        out.put("mailbox", drain(&ctx).await);
        Ok(())
    });
}

fn timer_read_timer_counts_down(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let timer = ctx.send_after(ctx.pid(), Term::atom("ring"), 300);
        out.put("read_at_0", ms_or_false(ctx.read_timer(timer)));
        ctx.sleep(100).await;
        out.put("read_at_100", ms_or_false(ctx.read_timer(timer)));
        ctx.receive_match(|m| m.is_atom("ring"), None).await;
        out.put("ring", t(&ctx));
        out.put("read_after_fired", ms_or_false(ctx.read_timer(timer)));
        Ok(())
    });
}

fn timer_send_after_delivery_time(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let me = ctx.pid();
        for (label, ms) in [("late", 250), ("early", 100), ("middle", 150)] {
            ctx.send_after(me, Term::atom(label), ms);
        }
        for _ in 0..3 {
            let msg = ctx.receive().await;
            out.put(msg.tag().unwrap_or("?"), t(&ctx));
        }
        Ok(())
    });
}

fn timer_send_interval_after_setter_exits(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let main = ctx.pid();
        let setter = ctx.spawn("setter", Behaviour::Process, move |c| async move {
            c.send_interval(main, Term::atom("tick"), 100);
            c.sleep(150).await;
            Ok(())
        });
        let monitor = ctx.monitor(setter);
        ctx.receive_match(|m| m.is_atom("tick"), None).await;
        out.put("tick", t(&ctx));
        let reason = down_reason(&ctx, monitor).await;
        out.put("setter_down", Term::tuple([reason, t(&ctx)]));
        for n in 1..=3 {
            let key = format!("tick_after_exit_{n}");
            match ctx.receive_match(|m| m.is_atom("tick"), Some(200)).await {
                Some(_) => out.put(&key, t(&ctx)),
                None => out.put(&key, Term::atom("none")),
            }
        }
        Ok(())
    });
}

fn timer_send_interval_ticks(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let timer = ctx.send_interval(ctx.pid(), Term::atom("tick"), 100);
        for n in 1..=3 {
            ctx.receive_match(|m| m.is_atom("tick"), None).await;
            out.put(&format!("tick_{n}"), t(&ctx));
        }
        let cancelled = ctx.cancel_timer(timer).is_some();
        out.put("cancel", if cancelled { Term::tuple([Term::ok(), Term::atom("cancel")]) } else { boolean(false) });
        ctx.sleep(250).await;
        out.t(&ctx);
        out.put("mailbox", drain(&ctx).await);
        Ok(())
    });
}
