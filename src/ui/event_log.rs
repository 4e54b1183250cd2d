//! The event log: the trace as text, newest first, filterable by process (folded, see `model::log`).

use leptos::prelude::*;

use super::rows::{Row, keyed};
use super::session::use_session;
use crate::model::lanes::Axis;
use crate::model::log::{LogRows, describe};
use crate::runtime::prelude::*;

/// Processes the filter offers at most.
const LISTED: usize = 500;

/// Rows drawn while the run plays: about what the box shows. Every frame at 10× brings more new
/// events than that, and laying out the rows is most of a frame's layout; paused, the log shows all
/// it keeps.
const WHILE_PLAYING: usize = 20;

#[component]
pub fn EventLog() -> impl IntoView {
    let session = use_session();
    let filter = RwSignal::new(None::<u32>);
    // The filter lists the processes only while it has focus: hundreds of options, kept current
    // every frame, would cost more than the log itself. Otherwise it holds just the one chosen.
    let listing = RwSignal::new(false);
    let processes = Memo::new(move |_| {
        let (listing, chosen) = (listing.get(), filter.get());
        session
            .lanes()
            .map(|(lanes, _)| {
                let lanes = lanes.view();
                let label = |l: &crate::model::lanes::Lane| (l.pid.0, l.label());
                if listing {
                    lanes.lanes().iter().take(LISTED).map(label).collect::<Vec<_>>()
                } else {
                    chosen.and_then(|pid| lanes.lane(Pid(pid))).map(label).into_iter().collect()
                }
            })
            .unwrap_or_default()
    });
    let rows = move || session.fold("log", filter.get().map(Pid), |only, _| LogRows::new(*only));
    // A row is keyed by its event and described once, when it first shows.
    let limit = move || if session.playing.get() { WHILE_PLAYING } else { usize::MAX };
    let line = move |seq: u64, at: u64| {
        let text = untrack(|| {
            let lanes = session.lanes();
            let name_of = |pid: Pid| lanes.as_ref().and_then(|(l, _)| l.view().lane(pid)).map(|l| l.name);
            rows().and_then(|r| r.view().newest().find(|e| e.seq == seq).map(|e| describe(e, name_of)))
        });
        view! {
            <li data-seq=seq.to_string()>
                <time>{Axis::label(at)}</time>
                <span>{text}</span>
            </li>
        }
    };
    let lines = move || {
        let shown = limit();
        let row = |e: &Event| {
            let (seq, at) = (e.seq, e.at);
            Row::new(format!("{seq} {at} {} {}", e.pid.0, e.kind.name()), move || line(seq, at))
        };
        rows().map(|r| r.view().newest().take(shown).map(row).collect()).unwrap_or_default()
    };
    let options = move || {
        let option = |(pid, label): (u32, String)| {
            Row::new(pid.to_string(), move || view! { <option value=pid.to_string()>{label}</option> })
        };
        processes.get().into_iter().map(option).collect()
    };
    let more = move || {
        let (earlier, start) = rows().map_or((0, 0), |r| {
            let kept = r.view().newest().count();
            (r.view().earlier() + kept.saturating_sub(limit()) as u64, r.start())
        });
        let from = if start > 0 { format!(" (the log starts at event {start})") } else { String::new() };
        (earlier > 0 || start > 0)
            .then(|| view! { <li class="more">{format!("… and {earlier} earlier events{from}")}</li> })
    };
    view! {
        <section class="event-log" aria-label="Event log">
            <header>
                <h3>"Event log"</h3>
                <select
                    aria-label="Filter by process"
                    on:focus=move |_| listing.set(true)
                    on:blur=move |_| listing.set(false)
                    on:change=move |ev| filter.set(event_target_value(&ev).parse().ok())
                >
                    <option value="">"All processes"</option>
                    {keyed(options)}
                </select>
            </header>
            <ol class="log-lines" tabindex="0" aria-label="Events, newest first">
                {keyed(lines)}
                {more}
            </ol>
        </section>
    }
}
