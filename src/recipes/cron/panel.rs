//! The cron page: type an expression (explained, with its next runs, or an error naming the field),
//! keep several jobs, fast-forward a virtual day, and see each job's runs on a 24-hour axis.

use leptos::prelude::*;

use super::params::{MAX_JOBS, Params};
use super::runs::JobRuns;
use super::scenario::{CronRecipe, DAY_MS};
use super::schedule::{parse, wall_label};
use crate::ui::session::use_session;
use crate::web::page;

/// The day the day view shows: the one the clock is in, or at exactly midnight the day that just
/// ended (after "Fast-forward a day" the clock reads 24:00:00, and the bars are that day's).
fn day_start(now: u64) -> u64 {
    now.saturating_sub(1) / DAY_MS * DAY_MS
}

/// Upcoming runs drawn at most, per job (a job every minute has 1,440 a day).
const UPCOMING: usize = 300;

#[component]
pub fn Panel() -> impl IntoView {
    let session = use_session();
    let scenario = move || session.scenario::<CronRecipe>();
    let params = move || scenario().map(|s| s.settings()).unwrap_or_default();
    // A change the running scheduler can take (a job added or deleted, overlap, time zone) keeps the
    // day so far; switched off, it starts a new run with the change.
    let change = move |action: String, change: &dyn Fn(&mut Params)| {
        if untrack(|| session.is_on()) {
            session.input(&action);
        } else {
            let mut p = params();
            change(&mut p);
            session.restart_with(p.to_map());
        }
    };
    let typed = RwSignal::new("*/15 * * * *".to_string());
    let now = move || session.now();
    let names = move || scenario().map(|s| s.job_names()).unwrap_or_default();
    let runs = move || session.app_fold("cron.runs", names(), |names, _| JobRuns::new(names));
    let preview = move || {
        let offset = params().offset_minutes;
        parse(&typed.get()).map(|job| {
            let runs =
                job.next_runs(now(), offset, 10).into_iter().map(|at| wall_label(at, offset)).collect::<Vec<_>>();
            (job.explain(), runs)
        })
    };
    let add = move || match parse(&typed.get_untracked()) {
        Ok(job) if params().jobs.len() < MAX_JOBS => change(format!("add {}", job.expr), &|p| p.jobs.push(job.expr.clone())),
        Ok(_) => session.notice(format!("At most {MAX_JOBS} jobs.")),
        Err(e) => session.notice(e),
    };
    let rows = move || {
        let p = params();
        let current = now();
        let day_start = day_start(current);
        // Percent of the chart's width (its text stays 12 px at any width): the track runs from 22% to 93%.
        let x = move |at: u64| 22.0 + (at.saturating_sub(day_start)).min(DAY_MS) as f64 / DAY_MS as f64 * 71.0;
        let pct = |v: f64| format!("{}%", page::number(v));
        let runs = runs();
        p.jobs
            .iter()
            .enumerate()
            .map(|(i, expr)| {
                let (count, today): (u64, Vec<u64>) = match &runs {
                    Some(r) => (r.view().count(i), r.view().recent(i).iter().copied().filter(|at| *at >= day_start).collect()),
                    None => (0, Vec::new()),
                };
                let upcoming = parse(expr).map(|j| j.next_runs(current, p.offset_minutes, UPCOMING)).unwrap_or_default();
                let y = 24 + i * 26;
                let marks = today
                    .iter()
                    .map(|at| {
                        let (x0, x1) = (x(*at), x((*at + p.run_ms).min(current)));
                        view! { <rect class="run" x=pct(x0) y=y + 4 width=pct((x1 - x0).max(0.15)) height="14" /> }
                    })
                    .collect_view();
                let next = upcoming
                    .into_iter()
                    .filter(|at| *at < day_start + DAY_MS)
                    .map(|at| view! { <circle class="upcoming" cx=pct(x(at)) cy=y + 11 r="3" /> })
                    .collect_view();
                view! {
                    <g class="job-row">
                        <text class="job-label" x="21%" y=y + 15 text-anchor="end">{expr.clone()}</text>
                        <line class="job-track" x1="22%" x2="93%" y1=y + 11 y2=y + 11 />
                        {marks}
                        {next}
                        <text class="job-count" x="94%" y=y + 15>{format!("{count}")}</text>
                    </g>
                }
            })
            .collect_view()
    };
    let hours = move || {
        (0..=24)
            .step_by(3)
            .map(|h| {
                let hx = format!("{}%", page::number(22.0 + h as f64 / 24.0 * 71.0));
                view! {
                    <g class="tick">
                        <line x1=hx.clone() x2=hx.clone() y1="16" y2="1000" />
                        <text x=hx y="12" text-anchor="middle">{format!("{h:02}:00")}</text>
                    </g>
                }
            })
            .collect_view()
    };
    let day_label = move || {
        let p = params();
        let start = day_start(now());
        format!(
            "{} ({})",
            wall_label(start, p.offset_minutes),
            if p.offset_minutes == 0 {
                "UTC".to_string()
            } else {
                format!("UTC{:+}h{:02}", p.offset_minutes / 60, (p.offset_minutes % 60).abs())
            }
        )
    };
    let counts = move || {
        let names = names();
        params()
            .jobs
            .iter()
            .enumerate()
            .map(|(i, expr)| {
                let name = names.get(i).map_or_else(String::new, |n| n.to_string());
                let runs = runs().map_or(0, |r| r.view().count(i));
                let explained = parse(expr).map(|j| j.explain()).unwrap_or_default();
                view! {
                    <li>
                        <code>{expr.clone()}</code>
                        " — "{explained}" · "
                        <span aria-label=format!("Runs of {expr}")>{runs}</span>{if runs == 1 { " run" } else { " runs" }}
                        <button type="button" aria-label=format!("Remove {expr}") on:click=move |_| change(format!("delete {name}"), &|p| { p.jobs.remove(i); })>"Remove"</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="panel">
            <div class="controls" role="group" aria-label="Cron controls">
                <label class="field">
                    <span>"Expression"</span>
                    <input
                        type="text"
                        size="18"
                        aria-label="Cron expression"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" {
                                add();
                            }
                        }
                    />
                </label>
                <button type="button" on:click=move |_| add()>"Add job"</button>
                <button type="button" disabled=move || !session.is_on() on:click=move |_| session.input("day")>"Fast-forward a day"</button>
                <label class="field">
                    <span>"Overlap"</span>
                    <select
                        aria-label="Overlap"
                        prop:value=move || if params().overlap { "allow" } else { "skip" }
                        on:change=move |ev| {
                            let allow = event_target_value(&ev) == "allow";
                            change(format!("overlap {}", if allow { "allow" } else { "skip" }), &|p| p.overlap = allow);
                        }
                    >
                        <option value="skip">"skip (overlap: false)"</option>
                        <option value="allow">"allow"</option>
                    </select>
                </label>
                <label class="field">
                    <span>"Time zone"</span>
                    <select
                        aria-label="Time zone"
                        prop:value=move || if params().offset_minutes == 0 { "utc" } else { "local" }
                        on:change=move |ev| {
                            let offset = if event_target_value(&ev) == "local" { page::local_offset_minutes() } else { 0 };
                            change(format!("zone {offset}"), &|p| p.offset_minutes = offset);
                        }
                    >
                        <option value="utc">"UTC"</option>
                        <option value="local">"This browser's zone"</option>
                    </select>
                </label>
            </div>
            <div class="cron-preview" aria-live="polite">
                {move || match preview() {
                    Ok((explained, runs)) => view! {
                        <p aria-label="Explanation">{explained}</p>
                        <ol class="next-runs" aria-label="Next runs">
                            {runs.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                        </ol>
                    }
                    .into_any(),
                    Err(e) => view! { <p class="cron-error" role="alert" aria-label="Cron error">{e}</p> }.into_any(),
                }}
            </div>
            <ul class="jobs" aria-label="Jobs">{counts}</ul>
            <figure class="day-view">
                <figcaption>{move || format!("Runs from {}: bars are runs, circles the next ones", day_label())}</figcaption>
                <svg height=move || 30 + params().jobs.len() * 26 width="100%" role="img" aria-label="Runs over the day">
                    {hours}
                    {rows}
                </svg>
            </figure>
        </div>
    }
}
