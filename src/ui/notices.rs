//! Notices as toasts: what the app ignored or refused (a malformed URL parameter, a control with
//! nothing to act on), shown at the top of the window wherever the page is scrolled. Each is
//! dismissed with its button, the newest with Escape.

use leptos::ev;
use leptos::prelude::*;

use super::session::use_session;

#[component]
pub fn Notices() -> impl IntoView {
    let session = use_session();
    let escape = window_event_listener(ev::keydown, move |e| {
        if e.key() == "Escape" && session.notices.with_untracked(|n| !n.is_empty()) {
            session.notices.update(|n| {
                n.pop();
            });
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <div class="notices" role="status" aria-label="Notices">
            <For each=move || session.notices.get().into_iter().enumerate() key=|(i, n)| (*i, n.clone()) let:item>
                <p class="notice">
                    <span>{item.1.clone()}</span>
                    <button
                        type="button"
                        aria-label="Dismiss notice"
                        on:click=move |_| session.notices.update(|n| n.retain(|x| *x != item.1))
                    >
                        "×"
                    </button>
                </p>
            </For>
        </div>
    }
}
