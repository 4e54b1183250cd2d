//! The periodic-work page: interval, work time, forever, fixed delay beside fixed rate; a card per
//! ticker with its ticks, pending timer, cancel result and restarts.

use std::collections::VecDeque;

use leptos::prelude::*;

use super::params::{Params, Schedule};
use super::scenario::Periodic;
use super::status::Tickers;
use crate::ui::session::use_session;

/// How far back a card's strip of ticks reaches, in virtual ms.
const STRIP_SPAN: u64 = 10_000;

#[component]
pub fn Panel() -> impl IntoView {
    let session = use_session();
    let scenario = move || session.scenario::<Periodic>();
    let params = move || scenario().map(|s| s.settings()).unwrap_or_default();
    let restart = move |change: &dyn Fn(&mut Params)| {
        let mut p = params();
        change(&mut p);
        session.restart_with(p.to_map());
    };
    let number = move |label: &'static str, min: u64, max: u64, get: fn(&Params) -> u64, set: fn(&mut Params, u64)| {
        view! {
            <label class="field">
                <span>{label}</span>
                <input
                    type="number"
                    min=min.to_string()
                    max=max.to_string()
                    aria-label=label
                    prop:value=move || get(&params()).to_string()
                    on:change=move |ev| {
                        match event_target_value(&ev).parse::<u64>() {
                            Ok(v) if (min..=max).contains(&v) => restart(&|p| set(p, v)),
                            _ => session.notice(format!("{label} is a whole number from {min} to {max}.")),
                        }
                    }
                />
            </label>
        }
    };
    let check = move |label: &'static str, get: fn(&Params) -> bool, set: fn(&mut Params, bool)| {
        view! {
            <label class="check">
                <input
                    type="checkbox"
                    aria-label=label
                    prop:checked=move || get(&params())
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        restart(&|p| set(p, on));
                    }
                />
                {label}
            </label>
        }
    };
    // Ticks are kept as far back as the strip shows them (its span and a work bar).
    let tickers = move || {
        let s = scenario()?;
        let p = s.settings();
        let names: Vec<&str> = p.tickers().iter().map(|(name, _)| name.as_str()).collect();
        session.fold("periodic.tickers", (), |_, _| Tickers::new(s.supervisor(), &names, STRIP_SPAN + p.work_ms))
    };
    let cards = move || {
        let tickers_now = tickers();
        let off = !session.is_on();
        let now = session.now();
        params()
            .tickers()
            .into_iter()
            .map(|(name, schedule)| {
                let status = tickers_now.as_ref().and_then(|t| t.view().status(&name).cloned()).unwrap_or_default();
                let kind = match schedule {
                    Schedule::FixedDelay => "fixed delay",
                    Schedule::FixedRate => "fixed rate",
                };
                let pending = match status.pending {
                    Some(d) => format!("due at {d} ms (in {} ms)", d.saturating_sub(now)),
                    None => "none".to_string(),
                };
                let cancel = match status.last_cancel {
                    None => "—".to_string(),
                    Some(Some(ms)) => format!("{ms} ms left"),
                    Some(None) => "false (already fired)".to_string(),
                };
                let last_ticks = status.recent.iter().rev().take(5).rev().map(|t| format!("{t}")).collect::<Vec<_>>().join(", ");
                let strip = tick_strip(&status.recent, status.pending, params().work_ms, now);
                view! {
                    <article class="card" aria-label=format!("Ticker {name}")>
                        <h3>{name.as_str()}<small>{format!(" · {kind}")}</small></h3>
                        {strip}
                        <dl>
                            <dt>"Ticks"</dt>
                            <dd aria-label=format!("{name} ticks")>{status.ticks}</dd>
                            <dt>"Last ticks (ms)"</dt>
                            <dd>{last_ticks}</dd>
                            <dt>"Pending timer"</dt>
                            <dd aria-label=format!("{name} pending timer")>{pending}</dd>
                            <dt>"cancel_timer returned"</dt>
                            <dd aria-label=format!("{name} cancel result")>{cancel}</dd>
                            <dt>"Restarts"</dt>
                            <dd>{status.restarts}</dd>
                        </dl>
                        <div class="controls">
                            <button type="button" disabled=off || !status.alive on:click=move |_| session.input(&format!("cancel_{name}"))>
                                "Cancel timer"
                            </button>
                            <button type="button" class="danger" disabled=off || !status.alive on:click=move |_| session.input(&format!("crash_{name}"))>
                                "Crash"
                            </button>
                        </div>
                    </article>
                }
            })
            .collect_view()
    };
    let gave_up = move || tickers()?.view().gave_up();
    view! {
        <div class="panel">
            <div class="controls" role="group" aria-label="Periodic work controls">
                {number("Interval (ms)", 100, 60_000, |p| p.interval_ms, |p, v| p.interval_ms = v)}
                {number("Work (ms)", 0, 60_000, |p| p.work_ms, |p, v| p.work_ms = v)}
                {number("Services", 1, 9, |p| p.services, |p, v| p.services = v)}
                {check("Forever", |p| p.forever, |p, v| p.forever = v)}
                {check("Compare with fixed rate", |p| p.compare, |p, v| p.compare = v)}
            </div>
            {move || gave_up().map(|at| view! {
                <p class="notice" role="alert">
                    {format!("At {at} ms the supervisor gave up: more than 3 restarts within 5 s. It stopped its children and exited :shutdown.")}
                </p>
            })}
            <div class="cards">{cards}</div>
        </div>
    }
}

/// The last ten seconds of one ticker: a tick mark per `:work`, a bar for the work it does, and a
/// diamond at the pending timer's deadline.
fn tick_strip(ticks: &VecDeque<u64>, pending: Option<u64>, work_ms: u64, now: u64) -> impl IntoView + use<> {
    let start = now.saturating_sub(STRIP_SPAN);
    let end = start + STRIP_SPAN + 2_000;
    let x = move |at: u64| (at.clamp(start, end) - start) as f64 / (end - start) as f64 * 300.0;
    let works = ticks
        .iter()
        .filter(|t| **t + work_ms >= start)
        .map(|t| {
            let (x0, x1) = (x(*t), x((*t + work_ms).min(now)));
            view! {
                <rect class="work" x=x0 y="8" width=(x1 - x0).max(1.0) height="10" />
                <line class="tick-mark" x1=x0 x2=x0 y1="4" y2="22" />
            }
        })
        .collect_view();
    let timer = pending.map(|d| {
        let xd = x(d);
        view! { <path class="pending" d=format!("M{xd} 6 l5 7 l-5 7 l-5 -7 z")><title>{format!("timer due at {d} ms")}</title></path> }
    });
    let label = format!(
        "Ticks in the last 10 s: {}; pending timer {}",
        ticks.iter().filter(|t| **t >= start).count(),
        pending.map_or("none".to_string(), |d| format!("at {d} ms"))
    );
    view! {
        <svg class="tick-strip" viewBox="0 0 300 26" width="100%" role="img" aria-label=label>
            <line class="axis" x1="0" x2="300" y1="24" y2="24" />
            {works}
            <line class="now" x1=x(now) x2=x(now) y1="0" y2="26" />
            {timer}
        </svg>
    }
}
