//! The fire-and-forget page: fire children, crash one, stop the supervisor; watch them come and go.

use leptos::prelude::*;

use crate::runtime::prelude::*;
use crate::ui::session::use_session;

#[component]
pub fn Panel() -> impl IntoView {
    let session = use_session();
    let counts = move || {
        session
            .app_lanes()
            .map(|lanes| {
                let count = |class: &str| lanes.view().count("notification", class);
                (count("running"), count("normal"), count("error"), count("shutdown") + count("killed"))
            })
            .unwrap_or_default()
    };
    let off = move || !session.is_on();
    let action = move |name: &'static str| move |_| session.input(name);
    view! {
        <div class="panel">
            <div class="controls" role="group" aria-label="Fire and forget controls">
                <button type="button" disabled=off on:click=action("fire")>"Fire"</button>
                <button type="button" disabled=off on:click=action("fire10")>"Fire 10"</button>
                <button type="button" disabled=off on:click=action("crash")>"Crash one"</button>
                <button type="button" class="danger" disabled=off on:click=action("stop")>"Stop supervisor"</button>
            </div>
            <dl class="stats" aria-label="Children">
                <div><dt>"Running"</dt><dd aria-label="Running children">{move || counts().0}</dd></div>
                <div><dt>"Finished"</dt><dd>{move || counts().1}</dd></div>
                <div><dt>"Crashed (not restarted)"</dt><dd aria-label="Crashed children">{move || counts().2}</dd></div>
                <div><dt>"Stopped with the supervisor"</dt><dd>{move || counts().3}</dd></div>
            </dl>
            <p class="hint">
                "Children are "<code>":temporary"</code>": a crashed one is gone for good. After "
                <em>"Stop supervisor"</em>", firing again makes the web request's "<code>"start_child"</code>
                " call a dead process, and it exits with "<code>"{:noproc, {GenServer, :call, …}}"</code>"."
            </p>
            {move || (!session.is_on()).then(|| view! { <p class="hint">"Switched off. "{ExitReason::Shutdown.to_string()}" reached every process."</p> })}
        </div>
    }
}
