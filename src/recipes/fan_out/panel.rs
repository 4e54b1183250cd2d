//! The fan-out page: choose how many tasks, the timeout, a crash and the mode; compare the total
//! with the longest task and the sequential sum.

use leptos::prelude::*;

use super::params::{Mode, Params};
use super::scenario::FanOut;
use crate::ui::session::use_session;

#[component]
pub fn Panel() -> impl IntoView {
    let session = use_session();
    let scenario = move || session.scenario::<FanOut>();
    let params = move || scenario().map(|s| s.settings()).unwrap_or_default();
    let restart = move |change: &dyn Fn(&mut Params)| {
        let mut p = params();
        change(&mut p);
        session.restart_with(p.to_map());
    };
    let outcome = move || {
        let s = scenario()?;
        session.app_lanes().map(|lanes| {
            let lanes = lanes.view();
            let caller = lanes.lane(s.caller()).and_then(|l| l.exit.clone());
            let uploads = lanes.named("upload");
            let normal = lanes.count("upload", "normal");
            // The broken task crashed; the others that did not finish were stopped: shut down, or gone
            // with the caller when it gave up or crashed (its exit reason reaches them through the link).
            let broken = s.crashing().and_then(|i| lanes.lanes().iter().filter(|l| l.name == "upload").nth(i));
            let crashed = u64::from(broken.is_some_and(|l| l.class() == "error"));
            let stopped = uploads - lanes.count("upload", "running") - normal - crashed;
            (caller, uploads, normal, s.longest(), s.sequential_sum(), crashed, stopped)
        })
    };
    let total = move || match outcome() {
        Some((Some(exit), ..)) => format!("{} ms ({})", exit.at, exit.reason),
        Some((None, ..)) => "running…".to_string(),
        None => "—".to_string(),
    };
    let mode_radio = move |mode: Mode, label: &'static str| {
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="mode"
                    value=mode.as_str()
                    prop:checked=move || params().mode == mode
                    on:change=move |_| restart(&|p| p.mode = mode)
                />
                {label}
            </label>
        }
    };
    view! {
        <div class="panel">
            <div class="controls" role="group" aria-label="Fan-out controls">
                <label class="field">
                    <span>"Tasks"</span>
                    <input
                        type="range"
                        min="1"
                        max="1000"
                        aria-label="Tasks"
                        prop:value=move || params().tasks.to_string()
                        on:change=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse::<u64>() {
                                restart(&|p| p.tasks = n.clamp(1, 1000));
                            }
                        }
                    />
                    <output aria-label="Task count">{move || params().tasks}</output>
                </label>
                <label class="field">
                    <span>"Timeout (ms)"</span>
                    <input
                        type="number"
                        min="100"
                        max="60000"
                        step="100"
                        aria-label="Timeout in milliseconds"
                        prop:value=move || params().timeout_ms.to_string()
                        on:change=move |ev| {
                            match event_target_value(&ev).parse::<u64>() {
                                Ok(ms) if (100..=60_000).contains(&ms) => restart(&|p| p.timeout_ms = ms),
                                _ => session.notice("The timeout is a whole number of milliseconds from 100 to 60000."),
                            }
                        }
                    />
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        aria-label="One task crashes"
                        prop:checked=move || params().crash
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            restart(&|p| p.crash = on);
                        }
                    />
                    "One task crashes"
                </label>
                <fieldset class="modes">
                    <legend>"Mode"</legend>
                    {mode_radio(Mode::Linked, "Task.async (linked)")}
                    {mode_radio(Mode::NoLink, "async_nolink")}
                    {mode_radio(Mode::Sequential, "Sequential")}
                </fieldset>
            </div>
            <dl class="stats" aria-label="Fan-out results">
                <div><dt>"Total time"</dt><dd aria-label="Total time">{total}</dd></div>
                <div><dt>"Longest task"</dt><dd aria-label="Longest task">{move || outcome().map(|o| format!("{} ms", o.3))}</dd></div>
                <div><dt>"Sequential sum"</dt><dd aria-label="Sequential sum">{move || outcome().map(|o| format!("{} ms", o.4))}</dd></div>
                <div><dt>"Finished :normal"</dt><dd aria-label="Finished tasks">{move || outcome().map(|o| format!("{} of {}", o.2, o.1))}</dd></div>
                <div><dt>"Crashed"</dt><dd aria-label="Crashed tasks">{move || outcome().map(|o| o.5.to_string())}</dd></div>
                <div><dt>"Stopped"</dt><dd aria-label="Stopped tasks">{move || outcome().map(|o| o.6.to_string())}</dd></div>
            </dl>
            <p class="hint">
                {move || match params().mode {
                    Mode::Linked => "Linked: a crash kills the caller, and the caller's exit kills every other task.",
                    Mode::NoLink => "async_nolink: a crash reaches the caller as {:exit, reason}; stragglers are shut down at the timeout.",
                    Mode::Sequential => "Sequential: each task is awaited before the next starts — the total is the sum.",
                }}
            </p>
            <p class="hint">"{:timeout, {Task, :await_many, …}} means the caller gave up waiting; :killed marks the stragglers Task.shutdown(task, :brutal_kill) stopped."</p>
        </div>
    }
}
