//! The periodic-work page: interval, work time, forever, fixed delay beside fixed rate; a card per
//! ticker with its ticks, pending timer, cancel result and restarts.

use leptos::prelude::*;

use super::params::{Params, Schedule};
use super::scenario::Periodic;
use super::status::{TickerStatus, Tickers};
use crate::runtime::atom::Atom;
use crate::model::float::Fixed;
use crate::ui::number_field::number_field;
use crate::ui::rows::{Row, keyed};
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
        number_field(label, min, max, move || get(&params()), move |v| restart(&|p| set(p, v)))
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
        session.app_fold("periodic.tickers", (), |_, _| Tickers::new(s.supervisor(), &names, STRIP_SPAN + p.work_ms))
    };
    // Every card's figures at the cursor, derived once a frame; each card reads its own.
    let cards = Memo::new(move |_| {
        let tickers_now = tickers();
        let (off, now, work_ms) = (!session.is_on(), session.now(), params().work_ms);
        params()
            .tickers()
            .into_iter()
            .map(|(name, schedule)| {
                let status = tickers_now.as_ref().and_then(|t| t.view().status(&name).cloned()).unwrap_or_default();
                CardView::new(name, schedule, &status, work_ms, now, off)
            })
            .collect::<Vec<_>>()
    });
    let card = move |name: Atom| {
        let this = Memo::new(move |_| cards.with(|all| all.iter().find(|c| c.name == Some(name)).cloned().unwrap_or_default()));
        let field = move |get: fn(&CardView) -> String| move || this.with(get);
        view! {
            <article class="card" aria-label=format!("Ticker {name}")>
                <h3>{name.as_str()}<small>{field(|c| format!(" · {}", c.kind))}</small></h3>
                <svg class="tick-strip" viewBox="0 0 300 26" width="100%" role="img" aria-label=field(|c| c.strip_label.clone())>
                    <line class="axis" x1="0" x2="300" y1="24" y2="24" />
                    <path class="work" d=field(|c| c.works.clone()) />
                    <path class="tick-mark" d=field(|c| c.ticks_path.clone()) />
                    <line class="now" x1=field(|c| c.now_x.clone()) x2=field(|c| c.now_x.clone()) y1="0" y2="26" />
                    <path class="pending" d=field(|c| c.timer.clone()) />
                </svg>
                <dl>
                    <dt>"Ticks"</dt>
                    <dd aria-label=format!("{name} ticks")>{field(|c| c.ticks.to_string())}</dd>
                    <dt>"Last ticks (ms)"</dt>
                    <dd>{field(|c| c.last_ticks.clone())}</dd>
                    <dt>"Pending timer"</dt>
                    <dd aria-label=format!("{name} pending timer")>{field(|c| c.pending.clone())}</dd>
                    <dt>"cancel_timer returned"</dt>
                    <dd aria-label=format!("{name} cancel result")>{field(|c| c.cancel.clone())}</dd>
                    <dt>"Restarts"</dt>
                    <dd>{field(|c| c.restarts.to_string())}</dd>
                </dl>
                <div class="controls">
                    <button type="button" disabled=move || this.with(|c| !c.enabled) on:click=move |_| session.input(&format!("cancel_{name}"))>
                        "Cancel timer"
                    </button>
                    <button type="button" class="danger" disabled=move || this.with(|c| !c.enabled) on:click=move |_| session.input(&format!("crash_{name}"))>
                        "Crash"
                    </button>
                </div>
            </article>
        }
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
            <div class="cards">
                {keyed(move || params().tickers().into_iter().map(|(name, _)| Row::new(name.to_string(), move || card(name))).collect())}
            </div>
        </div>
    }
}

/// One card's figures as text, and its strip of the last ten seconds as paths: a tick mark per
/// `:work`, a bar for the work it does, and a diamond at the pending timer's deadline. A frame
/// changes a few attributes and texts, never the card's elements.
#[derive(Clone, Debug, Default, PartialEq)]
struct CardView {
    name: Option<Atom>,
    kind: &'static str,
    ticks: u64,
    last_ticks: String,
    pending: String,
    cancel: String,
    restarts: usize,
    enabled: bool,
    strip_label: String,
    works: String,
    ticks_path: String,
    now_x: String,
    timer: String,
}

impl CardView {
    fn new(name: Atom, schedule: Schedule, status: &TickerStatus, work_ms: u64, now: u64, off: bool) -> CardView {
        let start = now.saturating_sub(STRIP_SPAN);
        let end = start + STRIP_SPAN + 2_000;
        let x = move |at: u64| (at.clamp(start, end) - start) as f64 / (end - start) as f64 * 300.0;
        let (mut works, mut ticks_path) = (String::new(), String::new());
        for t in status.recent.iter().filter(|t| **t + work_ms >= start) {
            let (x0, x1) = (x(*t), x((*t + work_ms).min(now)));
            let (x0, w) = (Fixed(x0, 1), Fixed((x1 - x0).max(1.0), 1));
            works += &format!("M{x0} 8h{w}v10h-{w}z");
            ticks_path += &format!("M{x0} 4V22");
        }
        CardView {
            name: Some(name),
            kind: match schedule {
                Schedule::FixedDelay => "fixed delay",
                Schedule::FixedRate => "fixed rate",
            },
            ticks: status.ticks,
            last_ticks: status.recent.iter().rev().take(5).rev().map(|t| format!("{t}")).collect::<Vec<_>>().join(", "),
            pending: match status.pending {
                Some(d) => format!("due at {d} ms (in {} ms)", d.saturating_sub(now)),
                None => "none".to_string(),
            },
            cancel: match status.last_cancel {
                None => "—".to_string(),
                Some(Some(ms)) => format!("{ms} ms left"),
                Some(None) => "false (already fired)".to_string(),
            },
            restarts: status.restarts,
            enabled: !off && status.alive,
            strip_label: format!(
                "Ticks in the last 10 s: {}; pending timer {}",
                status.recent.iter().filter(|t| **t >= start).count(),
                status.pending.map_or("none".to_string(), |d| format!("at {d} ms"))
            ),
            works,
            ticks_path,
            now_x: Fixed(x(now), 1).to_string(),
            timer: status.pending.map(|d| format!("M{} 6l5 7l-5 7l-5 -7z", Fixed(x(d), 1))).unwrap_or_default(),
        }
    }
}
