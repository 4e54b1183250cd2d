//! The scale page: the tree's shape, the items and the stream's concurrency; live figures for the
//! processes, the items done, the tasks in flight against `max_concurrency`, and the pings.

use leptos::prelude::*;

use super::flight::Flight;
use super::params::Params;
use super::scenario::Scale;
use crate::ui::number_field::number_field;
use crate::ui::session::use_session;

#[component]
pub fn Panel() -> impl IntoView {
    let session = use_session();
    let scenario = move || session.scenario::<Scale>();
    let params = move || scenario().map(|s| s.settings()).unwrap_or_default();
    let restart = move |change: &dyn Fn(&mut Params)| {
        let mut p = params();
        change(&mut p);
        session.restart_with(p.to_map());
    };
    let number = move |label: &'static str, min: u64, max: u64, get: fn(&Params) -> u64, set: fn(&mut Params, u64)| {
        number_field(label, min, max, move || get(&params()), move |v| restart(&|p| set(p, v)))
    };
    let flight = move || session.app_fold("scale.flight", (), |_, _| Flight::default());
    let figures = Memo::new(move |_| {
        let (f, lanes) = (flight()?, session.app_lanes()?);
        let (f, lanes) = (f.view(), lanes.view());
        let stream = scenario().and_then(|s| lanes.lane(s.stream()).and_then(|l| l.exit.clone()));
        Some(Figures {
            processes: lanes.processes(),
            alive: lanes.running(),
            done: f.finished(),
            in_flight: f.in_flight(),
            peak: f.peak(),
            pings: f.pings(),
            stream: stream.map_or("running…".to_string(), |exit| format!("{} at {} ms", exit.reason, exit.at)),
        })
    });
    let figure = move |pick: fn(&Figures, &Params) -> String| {
        move || figures.with(|f| f.as_ref().map_or("—".to_string(), |f| pick(f, &params())))
    };
    view! {
        <div class="panel">
            <div class="controls" role="group" aria-label="Scale controls">
                {number("Shards", 1, 200, |p| p.shards, |p, v| p.shards = v)}
                {number("Workers per shard", 1, 200, |p| p.workers, |p, v| p.workers = v)}
                {number("Items", 1, 20_000, |p| p.items, |p, v| p.items = v)}
                {number("max_concurrency", 1, 1000, |p| p.concurrency, |p, v| p.concurrency = v)}
            </div>
            <dl class="stats">
                <div>
                    <dt>"Processes"</dt>
                    <dd aria-label="Processes started">{figure(|f, _| f.processes.to_string())}</dd>
                </div>
                <div>
                    <dt>"Alive"</dt>
                    <dd aria-label="Processes alive">{figure(|f, _| f.alive.to_string())}</dd>
                </div>
                <div>
                    <dt>"Items done"</dt>
                    <dd aria-label="Items done">{figure(|f, p| format!("{} of {}", f.done, p.items))}</dd>
                </div>
                <div>
                    <dt>"In flight"</dt>
                    <dd aria-label="Tasks in flight">{figure(|f, p| format!("{} (peak {} ≤ {})", f.in_flight, f.peak, p.concurrency))}</dd>
                </div>
                <div>
                    <dt>"Pings"</dt>
                    <dd aria-label="Pings received">{figure(|f, _| f.pings.to_string())}</dd>
                </div>
                <div>
                    <dt>"Stream"</dt>
                    <dd aria-label="Stream result">
                        {figure(|f, _| f.stream.clone())}
                    </dd>
                </div>
            </dl>
            <p class="hint">
                "Each counter is a row under its shard; press Fold all to see one row per shard, and zoom in (Ctrl+wheel, or +) to see single calls. Switch on FPS in the playback bar to watch the frame rate."
            </p>
        </div>
    }
}

/// The figures the page shows, at the cursor.
#[derive(Clone, Debug, PartialEq)]
struct Figures {
    processes: u64,
    alive: u64,
    done: u64,
    in_flight: usize,
    peak: usize,
    pings: u64,
    /// How the stream ended (`:normal at 3521 ms`), or `running…`.
    stream: String,
}
