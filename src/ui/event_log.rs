//! The event log: the trace as text, newest first, filterable by process.

use leptos::prelude::*;

use super::session::use_session;
use crate::model::lanes::Axis;
use crate::model::log::{describe, involves};
use crate::runtime::prelude::*;

/// Lines shown at most (the newest); the count of the rest is shown.
const SHOWN: usize = 200;

#[component]
pub fn EventLog() -> impl IntoView {
    let session = use_session();
    let filter = RwSignal::new(None::<u32>);
    let processes = Memo::new(move |_| {
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
    });
    let lines = Memo::new(move |_| {
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
    });
    view! {
        <section class="event-log" aria-label="Event log">
            <header>
                <h3>"Event log"</h3>
                <select
                    aria-label="Filter by process"
                    on:change=move |ev| filter.set(event_target_value(&ev).parse().ok())
                >
                    <option value="">"All processes"</option>
                    <For each=move || processes.get() key=|(pid, _)| *pid let:item>
                        <option value=item.0.to_string()>{item.1}</option>
                    </For>
                </select>
            </header>
            <ol class="log-lines">
                <For each=move || lines.get().0 key=|(seq, _, _)| *seq let:line>
                    <li data-seq=line.0.to_string()>
                        <time>{line.1}</time>
                        <span>{line.2}</span>
                    </li>
                </For>
                {move || {
                    let hidden = lines.with(|l| l.1);
                    (hidden > 0).then(|| view! { <li class="more">{format!("… and {hidden} earlier events")}</li> })
                }}
            </ol>
        </section>
    }
}
