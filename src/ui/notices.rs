//! Notices as toasts: what the app ignored or refused (a malformed URL parameter, a control with
//! nothing to act on), shown at the top of the window wherever the page is scrolled. Each is
//! dismissed with its button, the newest with Escape.

use leptos::ev;
use leptos::prelude::*;

use super::rows::{Row, keyed};
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
    // Keyed by place and text (the place before the first U+001F).
    let notices = move || {
        let notice = |(i, text): (usize, String)| {
            Row::new(format!("{i}\u{1f}{text}"), move || {
                view! {
                    <p class="notice">
                        <span>{text.clone()}</span>
                        <button
                            type="button"
                            aria-label="Dismiss notice"
                            on:click=move |_| session.notices.update(|n| n.retain(|x| *x != text))
                        >
                            "×"
                        </button>
                    </p>
                }
            })
        };
        session.notices.get().into_iter().enumerate().map(notice).collect()
    };
    view! {
        <div class="notices" role="status" aria-label="Notices">
            {keyed(notices)}
        </div>
    }
}
