//! The event log: the trace as text, newest first, filterable by process.

use leptos::prelude::*;

use super::session::use_session;
use crate::runtime::prelude::*;
use crate::viz::model::lanes::Axis;
use crate::viz::model::log::{describe, involves};

/// Lines shown at most (the newest); the count of the rest is shown.
const SHOWN: usize = 200;

#[component]
pub fn EventLog() -> impl IntoView {
    let session = use_session();
    let filter = RwSignal::new(None::<u32>);
    let processes = move || {
        session
            .with_events(|events, _| {
                events
                    .iter()
                    .filter_map(|e| match e.kind {
                        EventKind::Spawn { name, .. } => Some((e.pid.0, format!("{} {name}", e.pid))),
                        _ => None,
                    })
                    .take(500)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let lines = move || {
        let only = filter.get().map(Pid);
        session
            .with_events(|events, _| {
                let matching: Vec<&&Event> =
                    events.iter().filter(|e| only.is_none_or(|p| involves(e).contains(&p))).collect();
                let hidden = matching.len().saturating_sub(SHOWN);
                let shown: Vec<(u64, String, String)> =
                    matching.iter().rev().take(SHOWN).map(|e| (e.seq, Axis::label(e.at), describe(e))).collect();
                (shown, hidden)
            })
            .unwrap_or_default()
    };
    view! {
        <section class="event-log" aria-label="Event log">
            <header>
                <h3>"Event log"</h3>
                <select
                    aria-label="Filter by process"
                    on:change=move |ev| filter.set(event_target_value(&ev).parse().ok())
                >
                    <option value="">"All processes"</option>
                    {move || {
                        processes()
                            .into_iter()
                            .map(|(pid, label)| view! { <option value=pid.to_string()>{label}</option> })
                            .collect_view()
                    }}
                </select>
            </header>
            <ol class="log-lines">
                {move || {
                    let (shown, hidden) = lines();
                    let more = (hidden > 0).then(|| view! { <li class="more">{format!("… and {hidden} earlier events")}</li> });
                    let items = shown
                        .into_iter()
                        .map(|(seq, at, text)| {
                            view! {
                                <li data-seq=seq.to_string()>
                                    <time>{at}</time>
                                    <span>{text}</span>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        {items}
                        {more}
                    }
                }}
            </ol>
        </section>
    }
}
